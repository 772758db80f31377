//! JSON API v1. Errors use the envelope in [`crate::error`].

pub mod calendar;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/calendar/deadline", web::get().to(calendar::deadline));
}
