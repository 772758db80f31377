//! The signed double-submit CSRF token of anonymous forms (request form, citizen actions, sign-in): the same value
//! in a `SameSite=Strict`, HttpOnly cookie and in the form, signed by the instance. No server session is made.
//! Signed-in people's forms use their session's own token instead.

use std::collections::HashMap;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::crypto::ct_eq;
use crate::db::models::accounts::SessionRow;
use crate::web::state::AppState;

pub const COOKIE: &str = "terbuka_csrf";
pub const FIELD: &str = "csrf_token";

/// The cookie that carries `token` (Secure when the instance is served over HTTPS).
pub fn cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(state.host_cookie(COOKIE), token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.over_https())
        .finish()
}

/// The form's token matches the cookie's and was signed by this instance.
pub fn valid(state: &AppState, req: &HttpRequest, form: &HashMap<String, String>) -> bool {
    let cookie = req.cookie(&state.host_cookie(COOKIE)).map(|c| c.value().to_owned()).unwrap_or_default();
    state.secrets.csrf_valid(form.get(FIELD).map(String::as_str).unwrap_or_default(), &cookie)
}

/// The session's token for a signed-in person's form (compared in constant time).
pub fn session_ok(session: &SessionRow, given: &str) -> bool {
    ct_eq(given, &session.csrf_token)
}

/// A posted form whose fields can only be had through its CSRF check: [`CsrfForm::for_session`] for a signed-in
/// person's form, [`CsrfForm::anonymous`] for the signed double-submit token. A failed check gives the fields back
/// (`Err`), so the page can be shown again with what was typed and "the form has expired".
pub struct CsrfForm<T> {
    token: String,
    cookie: String,
    fields: T,
}

#[derive(Deserialize)]
struct WithToken<T> {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    fields: T,
}

impl<T> CsrfForm<T> {
    /// The fields, if the form carries the person's session token.
    pub fn for_session(self, session: &SessionRow) -> Result<T, T> {
        if session_ok(session, &self.token) { Ok(self.fields) } else { Err(self.fields) }
    }

    /// The fields, and whether the check of [`CsrfForm::for_session`] passed (for a page that reads the fields
    /// before it can answer "the form has expired").
    pub fn checked_for_session(self, session: &SessionRow) -> (T, bool) {
        match self.for_session(session) {
            Ok(fields) => (fields, true),
            Err(fields) => (fields, false),
        }
    }

    /// The fields, and whether the check of [`CsrfForm::anonymous`] passed.
    pub fn checked_anonymous(self, state: &AppState) -> (T, bool) {
        match self.anonymous(state) {
            Ok(fields) => (fields, true),
            Err(fields) => (fields, false),
        }
    }

    /// The fields, if the form's token matches its cookie's and was signed by this instance.
    pub fn anonymous(self, state: &AppState) -> Result<T, T> {
        if state.secrets.csrf_valid(&self.token, &self.cookie) { Ok(self.fields) } else { Err(self.fields) }
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let name = crate::web::state::AppState::of(req).host_cookie(COOKIE);
        let cookie = req.cookie(&name).map(|c| c.value().to_owned()).unwrap_or_default();
        let form = web::Form::<WithToken<T>>::from_request(req, payload);
        Box::pin(async move {
            let WithToken { csrf_token, fields } = form.await?.into_inner();
            Ok(CsrfForm { token: csrf_token, cookie, fields })
        })
    }
}

/// Whether a signed-in person's posted form carries their session's token.
pub fn session_form_ok(session: &SessionRow, input: &HashMap<String, String>) -> bool {
    session_ok(session, input.get(FIELD).map(String::as_str).unwrap_or_default())
}
