//! The one-click opt-out from reminders (`/surel/berhenti/{token}`), linked from every non-statutory mail and
//! named in its `List-Unsubscribe` header. A GET shows what stopping means and a button; the POST stops them.
//! The POST carries no CSRF token on purpose: mail providers send it without cookies (RFC 8058 one-click), and the
//! signed token in the path is the authority. Statutory notices are never stopped.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::i18n::{Locale, t};
use crate::views::PageMeta;
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

#[derive(Serialize)]
struct OptOutPage {
    #[serde(flatten)]
    meta: PageMeta,
    action: String,
    done: bool,
    invalid: bool,
}

fn respond(state: &AppState, locale: Locale, status: StatusCode, token: &str, done: bool) -> HttpResponse {
    let page = OptOutPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/").with_title(t(locale, "opt-out-title")),
        action: format!("/surel/berhenti/{token}"),
        done,
        invalid: status == StatusCode::NOT_FOUND,
    };
    let mut res = state.views.page(status, "pages/public/opt_out", &page);
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    res
}

pub async fn page(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    let token = path.into_inner();
    let valid = state.secrets.verify_signed(crate::service::mail::OPT_OUT, &token).is_some();
    let status = if valid { StatusCode::OK } else { StatusCode::NOT_FOUND };
    respond(&state, locale.0, status, &token, false)
}

pub async fn stop(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    let token = path.into_inner();
    let (secrets, now, t2) = (state.secrets.clone(), state.clock.now(), token.clone());
    match state.db.run(move |conn| crate::service::mail::opt_out(conn, &secrets, &t2, now)).await {
        Ok(true) => respond(&state, locale.0, StatusCode::OK, &token, true),
        Ok(false) => respond(&state, locale.0, StatusCode::NOT_FOUND, &token, false),
        Err(e) => PageError::from(e).into(),
    }
}
