//! "Forgot my password" (`/masuk/lupa`): a username or an email address in; the same answer whether or not it
//! matched an account, so the form reveals nothing about who has one. Limited per client address. The link it
//! mails works for an hour, once; the current password keeps working until it is used.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::limits::{self, Limit};
use crate::service::{ServiceError, accounts};
use crate::views::PageMeta;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

#[derive(Serialize)]
struct ForgotPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    who: String,
    done: bool,
    error: Option<String>,
}

fn respond(
    state: &AppState,
    locale: Locale,
    status: StatusCode,
    who: &str,
    done: bool,
    error: Option<String>,
) -> HttpResponse {
    let csrf = state.secrets.csrf_token();
    let page = ForgotPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/masuk/lupa").with_title(t(locale, "forgot-title")),
        csrf: csrf.clone(),
        who: who.to_owned(),
        done,
        error,
    };
    crate::web::respond::anonymous_form(state, status, "pages/auth/forgot", &page, &csrf)
}

pub async fn form(state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    respond(&state, locale.0, StatusCode::OK, "", false, None)
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let (input, fresh) = form.checked_anonymous(&state);
    let who = input.get("who").map(|v| v.trim().to_owned()).unwrap_or_default();
    if !fresh {
        return respond(&state, locale, StatusCode::BAD_REQUEST, &who, false, Some(t(locale, "form-error-expired")));
    }
    if who.is_empty() {
        return respond(&state, locale, StatusCode::BAD_REQUEST, &who, false, Some(t(locale, "form-error-required")));
    }
    let ip = crate::web::client::ip(&req, &state.settings.limits.trusted_proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let (secrets, now, w) = (state.secrets.clone(), state.clock.now(), who.clone());
    let result = state
        .db
        .run(move |conn| -> Result<Option<chrono::DateTime<chrono::Utc>>, ServiceError> {
            let limit = Limit::password_resets_per_ip();
            if let Some(at) = limits::check(conn, &secrets, limit, &ip, now)? {
                return Ok(Some(at));
            }
            limits::record(conn, &secrets, limit, &ip, now)?;
            accounts::request_password_reset(conn, &secrets, &w, now)?;
            Ok(None)
        })
        .await;
    match result {
        Ok(None) => respond(&state, locale, StatusCode::OK, "", true, None),
        Ok(Some(at)) => {
            let zone = state.settings.time_zone;
            let msg = t_args(locale, "form-error-too-many", &[("time", datetime_long(locale, at, zone))]);
            respond(&state, locale, StatusCode::TOO_MANY_REQUESTS, &who, false, Some(msg))
        }
        Err(e) => PageError::from(e).into(),
    }
}
