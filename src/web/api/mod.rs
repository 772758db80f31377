//! JSON API v1. Errors use the envelope in [`crate::error`].

pub mod calendar;
pub mod compliance;
pub mod officer;
pub mod openapi;
pub mod portal;

use actix_web::web;

use crate::error::ApiError;
use crate::web::locale;
use crate::web::{Access, RouteSpec};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // A query string that cannot be decoded at all still gets the envelope, in the caller's language.
    let query_config = web::QueryConfig::default().error_handler(|err, req| {
        tracing::debug!(error = %err, "undecodable query string");
        ApiError::invalid_input(locale::resolve(req), Vec::new()).into()
    });
    let json_config = web::JsonConfig::default().limit(64 * 1024).error_handler(portal::json_error);
    cfg.app_data(query_config).app_data(json_config);
    register_api(cfg);
}

// The API's routes, relative to `/api/v1`.
crate::web::route_table! { API_ROUTES, register_api;
    get "/openapi.json" => openapi::serve, Access::Public;
    get "/calendar/deadline" => calendar::deadline, Access::Public;
    post "/bodies/{slug}/requests" => portal::submit, Access::Public;
    get "/bodies/{slug}/register" => portal::register, Access::Public;
    get "/compliance/bodies/{slug}" => compliance::body, Access::Public;
    get "/compliance/jurisdictions/{code}" => compliance::jurisdiction, Access::Public;
    get "/requests/{id}" => portal::read, Access::TrackingToken;
    get "/officer/queue" => officer::queue, Access::Token { roles: crate::web::OFFICERS, scoped: false };
    get "/officer/requests/{id}" => officer::read, Access::Token { roles: crate::web::OFFICERS, scoped: true };
    post "/officer/requests/{id}/steps" => officer::step, Access::Token { roles: crate::web::CASE_HANDLERS, scoped: true };
}
