//! Answers every page shares: not cached, a redirect after a form, a stored file as a download.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use serde::Serialize;

use crate::db::models::cases::{DocumentRow, ResponseDocumentRow};
use crate::web::csrf;
use crate::web::error::PageError;
use crate::web::state::AppState;

/// A page with personal or session data: never cached, never leaking its address to the next site.
pub fn no_store(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    res
}

/// An anonymous form's page (sign-in, code, forgotten password, "send my link", the request form): rendered, with
/// the signed double-submit cookie for its token `csrf`, and like every such page never stored.
pub fn anonymous_form<T: Serialize>(
    state: &AppState,
    status: StatusCode,
    template: &str,
    page: &T,
    csrf: &str,
) -> HttpResponse {
    let mut res = state.views.page(status, template, page);
    let _ = res.add_cookie(&csrf::cookie(state, csrf));
    no_store(res)
}

/// 303 to `to` (after a form, or to where the person must go first).
pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, to.to_owned())).finish()
}

/// 303 to a requester's tracking page or receipt, whose address (it holds the tracking token) is never sent on as
/// a referrer.
pub fn redirect_private(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .finish()
}

/// A stored (encrypted) file: the row that names it, as a download needs it.
pub struct StoredFile {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub storage_key: String,
}

impl From<DocumentRow> for StoredFile {
    fn from(d: DocumentRow) -> Self {
        Self { id: d.id, file_name: d.file_name, content_type: d.content_type, storage_key: d.storage_key }
    }
}

impl From<ResponseDocumentRow> for StoredFile {
    fn from(d: ResponseDocumentRow) -> Self {
        Self { id: d.id, file_name: d.file_name, content_type: d.content_type, storage_key: d.storage_key }
    }
}

/// A stored (encrypted) file as a download: never cached, never leaking the page it came from.
pub fn send_file(state: &AppState, file: impl Into<StoredFile>) -> Result<HttpResponse, PageError> {
    let StoredFile { id, file_name, content_type, storage_key } = file.into();
    let file_name = crate::domain::upload::download_name(&file_name, &content_type);
    let bytes = match state.files.get(&state.secrets, &storage_key) {
        Ok(b) => b,
        Err(e) => return Err(PageError::internal(format_args!("stored document {id} unreadable: {e}"))),
    };
    let ascii: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(bytes))
}

/// Answers to an officer's token (`Authorization`, or anything under `/api/v1/officer`) carry names, emails and
/// phone numbers: no cache may keep them, whatever the handler set.
pub async fn private_api_answers(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let private = req.headers().contains_key(header::AUTHORIZATION) || req.path().starts_with("/api/v1/officer");
    let mut res = next.call(req).await?;
    if private {
        res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// How long a browser is told to reach the instance only over HTTPS: two years (the preload lists' minimum), for
/// its host and any subdomains of it.
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Middleware: over HTTPS (`public_base_url` starts with `https://`), every answer tells the browser to come back
/// only over HTTPS (`Strict-Transport-Security`), and every cookie it sets is `Secure`, whichever handler or
/// middleware set it. Over plain HTTP (development, a private test) it changes nothing.
pub async fn transport_security(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let https = req.app_data::<actix_web::web::Data<AppState>>().is_some_and(|s| s.over_https());
    let mut res = next.call(req).await?;
    if https {
        let headers = res.headers_mut();
        headers.insert(header::STRICT_TRANSPORT_SECURITY, header::HeaderValue::from_static(HSTS));
        let cookies: Vec<header::HeaderValue> = headers.get_all(header::SET_COOKIE).cloned().collect();
        if !cookies.is_empty() {
            headers.remove(header::SET_COOKIE);
            for cookie in cookies {
                headers.append(header::SET_COOKIE, secure_cookie(cookie));
            }
        }
    }
    Ok(res)
}

/// A `Set-Cookie` value with the `Secure` attribute, added when it lacks it.
fn secure_cookie(value: header::HeaderValue) -> header::HeaderValue {
    let text = value.to_str().unwrap_or_default();
    let has = text.split(';').skip(1).any(|a| a.trim().eq_ignore_ascii_case("secure"));
    if has || text.is_empty() {
        return value;
    }
    header::HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(value)
}

/// The seconds a refused client waits until `at` (at least one), for `Retry-After`.
pub fn retry_after_seconds(at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> i64 {
    (at - now).num_seconds().max(1)
}

/// `res` telling the client when to try again (`Retry-After`).
pub fn retry_after(
    mut res: HttpResponse,
    at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> HttpResponse {
    res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(retry_after_seconds(at, now)));
    res
}
