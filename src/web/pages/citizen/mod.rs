//! What the requester does: ask (the request form), follow the request (receipt, tracking page, documents,
//! letters), object, record a dispute, withdraw, and have the tracking link sent again. Below: what these pages
//! share, the request behind a tracking token.

pub mod letters;
pub mod objection;
pub mod request_form;
pub mod resend;
pub mod tracking;
pub mod withdraw;

use crate::service::ServiceError;
use crate::service::portal::{self, Tracking};
use crate::web::error::PageError;
use crate::web::state::AppState;
use actix_web::HttpResponse;

pub(super) async fn load(state: &AppState, token: &str) -> Result<Option<Tracking>, ServiceError> {
    let calendar = state.settings.calendar;
    let now = state.clock.now();
    let token = token.to_owned();
    state.db.run(move |conn| portal::tracking(conn, calendar, &token, now)).await
}

/// The request behind a token, or the page to answer with instead (404 for an unknown token).
pub(super) async fn tracking_or_page(state: &AppState, token: &str) -> Result<Tracking, HttpResponse> {
    match load(state, token).await {
        Ok(Some(t)) => Ok(t),
        Ok(None) => Err(PageError::not_found().into()),
        Err(e) => Err(PageError::from(e).into()),
    }
}

/// A form posted from a tracking page: the request behind the token (or the page to answer with instead), what
/// was typed, and whether the form's token was fresh.
pub(super) async fn posted<F>(
    state: &AppState,
    token: &str,
    form: crate::web::csrf::CsrfForm<F>,
) -> Result<(Tracking, F, bool), HttpResponse> {
    let (fields, fresh) = form.checked_anonymous(state);
    Ok((tracking_or_page(state, token).await?, fields, fresh))
}

/// A tracking-page form's answer, with the double-submit cookie for its token `csrf`, never stored.
pub(super) fn private(mut res: HttpResponse, state: &AppState, csrf: &str) -> HttpResponse {
    let _ = res.add_cookie(&crate::web::csrf::cookie(state, csrf));
    crate::web::respond::no_store(res)
}

pub(super) fn back_to(token: &str) -> HttpResponse {
    crate::web::respond::redirect_private(&format!("/lacak/{token}"))
}
