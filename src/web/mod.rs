//! HTTP: translates requests into use cases and renders results. No legal rule is decided here.
//!
//! `routes` declares every route and who may call it; `auth` says who is asking (extractors); `error` is the one
//! error model and its rendering; `form` and `respond` are the pieces every page shares; `pages/` holds the
//! pages by audience (public, citizen, auth, workspace, admin) and `api/` the JSON API.

pub mod api;
pub mod auth;
pub mod client;
pub mod csrf;
pub mod error;
pub mod form;
pub mod health;
pub mod letter_page;
pub mod link_form;
pub mod locale;
pub mod page_cache;
pub mod pages;
pub mod respond;
pub mod retries;
pub mod routes;
pub mod session;
pub mod state;
pub mod static_files;
pub mod steps;
pub mod viewer;

pub use auth::{
    ADMINS, CASE_HANDLERS, IDENTITY_READERS, MONEV_RECORDERS, OBJECTION_HANDLERS, OFFICERS, REPORT_READERS,
    REPORT_WRITERS,
};
pub use routes::{API_ROUTES, Access, PAGE_ROUTES, RouteSpec};
