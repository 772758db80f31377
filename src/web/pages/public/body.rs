//! A public body's page: its PPID's contacts, the way to ask, and its published annual reports.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::service::portal;
use crate::views::PageMeta;
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

#[derive(Serialize)]
struct BodyPage {
    #[serde(flatten)]
    meta: PageMeta,
    name: String,
    slug: String,
    ppid_email: String,
    ppid_phone: String,
    ppid_address: String,
    /// The published annual reports, newest first.
    reports: Vec<crate::views::compliance::PublicLink>,
}

pub async fn body_page(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    let locale = locale.0;
    let slug = path.into_inner();
    let here = format!("/badan/{slug}");
    let lookup = slug.clone();
    let found = state
        .db
        .run(move |conn| {
            let Some(body) = portal::body(conn, &lookup)? else { return Ok(None) };
            let years = crate::service::reports::published_years(conn, &body.id)?;
            Ok::<_, crate::service::ServiceError>(Some((body, years)))
        })
        .await;
    let (body, years) = match found {
        Ok(Some(b)) => b,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let meta = PageMeta::new(locale, &state.settings.instance_name, &here).with_title(body.name.clone());
    let page = BodyPage {
        meta,
        name: body.name,
        slug: body.slug,
        ppid_email: body.ppid_email,
        ppid_phone: body.ppid_phone,
        ppid_address: body.ppid_address,
        reports: crate::views::compliance::public_links(&slug, &years),
    };
    state.views.page(StatusCode::OK, "pages/public/body", &page)
}

/// `/badan/{slug}/logo`: the body's letterhead logo (public, like the letters it heads). Its address names its
/// digest (`?v=`), so it may be kept a day.
pub async fn logo(state: web::Data<AppState>, path: web::Path<String>) -> HttpResponse {
    let slug = path.into_inner();
    match state.db.run(move |conn| crate::service::logos::logo_of(conn, &slug)).await {
        Ok(Some(row)) => HttpResponse::Ok()
            .content_type(row.content_type.clone())
            .insert_header((actix_web::http::header::CACHE_CONTROL, "public, max-age=86400"))
            .insert_header((actix_web::http::header::ETAG, format!("\"{}\"", row.sha256)))
            .insert_header(("X-Content-Type-Options", "nosniff"))
            .body(row.data),
        Ok(None) | Err(crate::service::ServiceError::NotFound { .. }) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}
