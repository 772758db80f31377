//! The signed double-submit CSRF token of anonymous forms (request form, citizen actions, sign-in): the same value
//! in a `SameSite=Strict`, HttpOnly cookie and in the form, signed by the instance. No server session is made.
//! Signed-in people's forms use their session's own token instead.

use std::collections::HashMap;

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};

use crate::web::state::AppState;

pub const COOKIE: &str = "terbuka_csrf";
pub const FIELD: &str = "csrf_token";

/// The cookie that carries `token` (Secure when the instance is served over HTTPS).
pub fn cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.base_url.starts_with("https://"))
        .finish()
}

/// The form's token matches the cookie's and was signed by this instance.
pub fn valid(state: &AppState, req: &HttpRequest, form: &HashMap<String, String>) -> bool {
    let cookie = req.cookie(COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
    state.secrets.csrf_valid(form.get(FIELD).map(String::as_str).unwrap_or_default(), &cookie)
}
