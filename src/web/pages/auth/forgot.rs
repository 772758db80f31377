//! "Forgot my password" (`/masuk/lupa`): a username or an email address in; the same answer whether or not it
//! matched an account, so the form reveals nothing about who has one. Limited per client address. The link it
//! mails works for an hour, once; the current password keeps working until it is used.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::service::accounts;
use crate::service::limits::Limit;
use crate::web::csrf::CsrfForm;
use crate::web::link_form::LinkForm;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

/// What the form asks: a username or an email address.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ForgotForm {
    who: String,
}

const FORGOT: LinkForm<ForgotForm> = LinkForm {
    path: "/masuk/lupa",
    template: "pages/auth/forgot",
    title: "forgot-title",
    limit: Limit::password_resets_per_ip,
    complete: |f| !f.who.trim().is_empty(),
    send: |conn, secrets, f, now| accounts::request_password_reset(conn, secrets, f.who.trim(), now).map(drop),
};

pub async fn form(state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    FORGOT.form(&state, locale.0)
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<ForgotForm>,
) -> HttpResponse {
    FORGOT.submit(&req, &state, locale.0, form).await
}
