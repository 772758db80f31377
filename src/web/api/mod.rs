//! JSON API v1. Errors use the envelope in [`crate::error`].

pub mod calendar;

use actix_web::web;

use crate::error::ApiError;
use crate::web::locale;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // A query string that cannot be decoded at all still gets the envelope, in the caller's language.
    let query_config = web::QueryConfig::default().error_handler(|err, req| {
        tracing::debug!(error = %err, "undecodable query string");
        ApiError::invalid_input(locale::resolve(req), Vec::new()).into()
    });
    cfg.app_data(query_config).route("/calendar/deadline", web::get().to(calendar::deadline));
}
