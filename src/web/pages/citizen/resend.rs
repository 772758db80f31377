//! "Send my tracking link again" (`/lacak`): email address and registration number in; the same answer whether or
//! not they matched, so the form reveals nothing about who asked for what. Limited per client address.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::limits::{self, Limit};
use crate::service::{ServiceError, portal};
use crate::views::PageMeta;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

#[derive(Serialize)]
struct ResendPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    email: String,
    number: String,
    done: bool,
    error: Option<String>,
}

fn respond(
    state: &AppState,
    locale: Locale,
    status: StatusCode,
    email: &str,
    number: &str,
    done: bool,
    error: Option<String>,
) -> HttpResponse {
    let csrf = state.secrets.csrf_token();
    let page = ResendPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/lacak").with_title(t(locale, "resend-title")),
        csrf: csrf.clone(),
        email: email.to_owned(),
        number: number.to_owned(),
        done,
        error,
    };
    crate::web::respond::anonymous_form(state, status, "pages/citizen/resend", &page, &csrf)
}

pub async fn form(state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    respond(&state, locale.0, StatusCode::OK, "", "", false, None)
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let (input, fresh) = form.checked_anonymous(&state);
    let (email, number) = (
        input.get("email").map(|v| v.trim().to_owned()).unwrap_or_default(),
        input.get("nomor").map(|v| v.trim().to_owned()).unwrap_or_default(),
    );
    if !fresh {
        return respond(
            &state,
            locale,
            StatusCode::BAD_REQUEST,
            &email,
            &number,
            false,
            Some(t(locale, "form-error-expired")),
        );
    }
    if email.is_empty() || number.is_empty() {
        return respond(
            &state,
            locale,
            StatusCode::BAD_REQUEST,
            &email,
            &number,
            false,
            Some(t(locale, "form-error-required")),
        );
    }
    let ip = crate::web::client::ip(&req, &state.settings.limits.trusted_proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let (secrets, now) = (state.secrets.clone(), state.clock.now());
    let (e, n) = (email.clone(), number.clone());
    let result = state
        .db
        .run(move |conn| -> Result<Option<chrono::DateTime<chrono::Utc>>, ServiceError> {
            let limit = Limit::link_resends_per_ip();
            if let Some(at) = limits::check(conn, &secrets, limit, &ip, now)? {
                return Ok(Some(at));
            }
            limits::record(conn, &secrets, limit, &ip, now)?;
            portal::resend_tracking_link(conn, &secrets, &e, &n, now)?;
            Ok(None)
        })
        .await;
    match result {
        Ok(None) => respond(&state, locale, StatusCode::OK, "", "", true, None),
        Ok(Some(at)) => {
            let zone = state.settings.time_zone;
            let msg = t_args(locale, "form-error-too-many", &[("time", datetime_long(locale, at, zone))]);
            respond(&state, locale, StatusCode::TOO_MANY_REQUESTS, &email, &number, false, Some(msg))
        }
        Err(e) => PageError::from(e).into(),
    }
}
