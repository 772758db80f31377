//! A person's way from a correct password to a session: the session and two-step challenge cookies, where each
//! role lands, and what happens after the password (the session, or the code page first).

use actix_web::HttpResponse;
use actix_web::cookie::{Cookie, SameSite};

use crate::db::models::accounts::UserRow;
use crate::domain::account::Role;
use crate::service::accounts::SignedIn as Verified;
use crate::web::auth::{SESSION_COOKIE, two_step_on};
use crate::web::respond::redirect;
use crate::web::state::AppState;

pub fn session_cookie(state: &AppState, value: &str) -> Cookie<'static> {
    Cookie::build(state.host_cookie(SESSION_COOKIE), value.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.over_https())
        .finish()
}

/// Carries the challenge between the password and the code (HttpOnly, this path only, ten minutes).
pub const CHALLENGE_COOKIE: &str = "terbuka_dua_langkah";

pub fn challenge_cookie(state: &AppState, value: &str, max_age_seconds: i64) -> Cookie<'static> {
    Cookie::build(CHALLENGE_COOKIE, value.to_owned())
        .path("/masuk")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.over_https())
        .max_age(actix_web::cookie::time::Duration::seconds(max_age_seconds))
        .finish()
}

/// Marks a browser that has given an account's correct password, so that a stranger's failed guesses at the
/// username do not slow its owner down (HttpOnly, the sign-in paths only, a year).
pub const DEVICE_COOKIE: &str = "terbuka_perangkat";

pub fn device_cookie(state: &AppState, username: &str) -> Cookie<'static> {
    Cookie::build(DEVICE_COOKIE, crate::service::accounts::device_cookie_value(&state.secrets, username))
        .path("/masuk")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.over_https())
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish()
}

/// Where a person lands after signing in: their queue, or (administrators) their account.
pub fn home_of(user: &UserRow) -> &'static str {
    match user.role {
        role if crate::service::workspace::has_queue(role) => "/ruang-kerja",
        Role::Admin => "/admin",
        _ => "/akun",
    }
}

/// Whether this account must turn two-step sign-in on before anything else.
pub fn must_enrol(state: &AppState, user: &UserRow) -> bool {
    state.settings.require_two_step_for_admins && user.role == Role::Admin
}

/// After a correct password (or a password set with a link): the session, or the code page.
pub async fn after_password(state: &AppState, signed: Verified) -> HttpResponse {
    match signed {
        Verified::Session(session) => {
            tracing::info!(user = %session.user.id, "signed in");
            let enrol = must_enrol(state, &session.user) && !two_step_on(state, &session.user.id).await;
            let mut res = redirect(if enrol { "/akun/dua-langkah" } else { home_of(&session.user) });
            let _ = res.add_cookie(&session_cookie(state, &session.token));
            res
        }
        Verified::SecondFactor { challenge } => {
            let mut res = redirect("/masuk/kode");
            let _ = res.add_cookie(&challenge_cookie(state, &challenge, 600));
            res
        }
    }
}
