//! Which language to answer in.
//!
//! Pages: `?lang=` first, then the `terbuka_lang` cookie, then Bahasa Indonesia. Pages deliberately ignore
//! `Accept-Language`: many Indonesian phones run an English interface, and the portal is Indonesian first with
//! English one click away. A `?lang=` choice is remembered in the cookie by [`remember_choice`].
//!
//! API (`/api/…`): `?lang=`, then `Accept-Language` (the standard way for a client to ask), then Indonesian.

use std::future::{Ready, ready};

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest};

use crate::i18n::Locale;

pub const COOKIE: &str = "terbuka_lang";

/// The language of this request.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

fn from_query(req: &HttpRequest) -> Option<Locale> {
    req.query_string()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Locale::parse(v))
}

pub fn resolve(req: &HttpRequest) -> Locale {
    let chosen = from_query(req);
    if req.path().starts_with("/api/") {
        return chosen
            .or_else(|| {
                req.headers()
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Locale::from_accept_language)
            })
            .unwrap_or_default();
    }
    chosen.or_else(|| req.cookie(COOKIE).and_then(|c| Locale::parse(c.value()))).unwrap_or_default()
}

impl FromRequest for RequestLocale {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(Ok(RequestLocale(resolve(req))))
    }
}

/// Middleware: when a page is asked for with `?lang=`, remember the choice for the next pages.
pub async fn remember_choice(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let chosen = from_query(req.request());
    let mut res = next.call(req).await?;
    if let Some(locale) = chosen {
        let cookie = Cookie::build(COOKIE, locale.code())
            .path("/")
            .same_site(SameSite::Lax)
            .http_only(true)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}
