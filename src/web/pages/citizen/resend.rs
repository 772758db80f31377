//! "Send my tracking link again" (`/lacak`): email address and registration number in; the same answer whether or
//! not they matched, so the form reveals nothing about who asked for what. Limited per client address.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::service::limits::Limit;
use crate::service::portal;
use crate::web::csrf::CsrfForm;
use crate::web::link_form::LinkForm;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

/// What the form asks: the address the request gave and its registration number.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ResendForm {
    email: String,
    #[serde(rename(deserialize = "nomor"))]
    number: String,
}

const RESEND: LinkForm<ResendForm> = LinkForm {
    path: "/lacak",
    template: "pages/citizen/resend",
    title: "resend-title",
    limit: Limit::link_resends_per_ip,
    complete: |f| !f.email.trim().is_empty() && !f.number.trim().is_empty(),
    send: |conn, secrets, f, now| {
        portal::resend_tracking_link(conn, secrets, f.email.trim(), f.number.trim(), now).map(drop)
    },
};

pub async fn form(state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    RESEND.form(&state, locale.0)
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<ResendForm>,
) -> HttpResponse {
    RESEND.submit(&req, &state, locale.0, form).await
}
