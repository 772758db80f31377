//! JSON API v1. Errors use the envelope in [`crate::error`].

pub mod calendar;
pub mod openapi;
pub mod portal;

use actix_web::web;

use crate::error::ApiError;
use crate::web::locale;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // A query string that cannot be decoded at all still gets the envelope, in the caller's language.
    let query_config = web::QueryConfig::default().error_handler(|err, req| {
        tracing::debug!(error = %err, "undecodable query string");
        ApiError::invalid_input(locale::resolve(req), Vec::new()).into()
    });
    let json_config = web::JsonConfig::default().limit(64 * 1024).error_handler(portal::json_error);
    cfg.app_data(query_config)
        .app_data(json_config)
        .route("/openapi.json", web::get().to(openapi::serve))
        .route("/calendar/deadline", web::get().to(calendar::deadline))
        .route("/bodies/{slug}/requests", web::post().to(portal::submit))
        .route("/bodies/{slug}/register", web::get().to(portal::register))
        .route("/requests/{id}", web::get().to(portal::read));
}
