//! Withdrawing an open request from the tracking page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::repo::events::{Actor, ActorKind};
use crate::i18n::{Locale, t};
use crate::service::ServiceError;
use crate::service::cases::{self, RequestCommand};
use crate::service::portal::Tracking;
use crate::views::PageMeta;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::posted_form;
use crate::web::locale::RequestLocale;
use crate::web::pages::citizen::{back_to, private, tracking_or_page};
use crate::web::state::AppState;

#[derive(Serialize)]
struct WithdrawForm {
    #[serde(flatten)]
    meta: PageMeta,
    number: String,
    action: String,
    back: String,
    csrf: String,
    error: Option<String>,
}

fn withdraw_form(
    state: &AppState,
    locale: Locale,
    token: &str,
    tracking: &Tracking,
    error: Option<String>,
) -> WithdrawForm {
    let here = format!("/lacak/{token}/cabut");
    WithdrawForm {
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t(locale, "withdraw-title")),
        number: tracking.request.registration_number.clone(),
        action: here,
        back: format!("/lacak/{token}"),
        csrf: state.secrets.csrf_token(),
        error,
    }
}

pub async fn withdraw_page(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    let (locale, token) = (locale.0, path.into_inner());
    match tracking_or_page(&state, &token).await {
        Ok(tracking) => {
            let f = withdraw_form(&state, locale, &token, &tracking, None);
            private(state.views.page(StatusCode::OK, "pages/citizen/withdraw_form", &f), &state, &f.csrf)
        }
        Err(page) => page,
    }
}

posted_form! {
    /// Withdrawing a request: the requester's reason, if they give one.
    pub struct WithdrawPosted {
        reason = "alasan",
    }
}

pub async fn submit_withdraw(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<WithdrawPosted>,
) -> HttpResponse {
    let (locale, token) = (locale.0, path.into_inner());
    let (tracking, input, fresh) = match super::posted(&state, &token, form).await {
        Ok(posted) => posted,
        Err(page) => return page,
    };
    if !fresh {
        let f = withdraw_form(&state, locale, &token, &tracking, Some(t(locale, "form-error-expired")));
        return private(state.views.page(StatusCode::BAD_REQUEST, "pages/citizen/withdraw_form", &f), &state, &f.csrf);
    }
    let cmd = RequestCommand::Withdraw { withdrawn_on: tracking.today, reason: input.reason };
    let (calendar, now, id) = (state.settings.calendar, state.clock.now(), tracking.request.id.clone());
    let actor = Actor::new(ActorKind::Requester, tracking.request.requester_id.clone());
    match state.db.run(move |conn| cases::request_command(conn, calendar, &id, None, &cmd, &actor, now)).await {
        Ok(_) => back_to(&token),
        Err(ServiceError::Refused { .. }) => {
            let f = withdraw_form(&state, locale, &token, &tracking, Some(t(locale, "withdraw-error-closed")));
            private(state.views.page(StatusCode::BAD_REQUEST, "pages/citizen/withdraw_form", &f), &state, &f.csrf)
        }
        Err(e) => PageError::from(e).into(),
    }
}
