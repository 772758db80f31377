//! JSON API v1. Its routes are in `web::routes`; errors use the envelope in `web::error`.

pub mod calendar;
pub mod compliance;
pub mod officer;
pub mod openapi;
pub mod portal;
