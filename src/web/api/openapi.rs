//! The OpenAPI document of API v1, generated from the handlers' annotations and served at
//! `/api/v1/openapi.json`. A snapshot test fails when it changes unnoticed.

use actix_web::HttpResponse;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{calendar, compliance, officer, portal};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Terbuka API",
        description = "Public information requests under UU 14/2008 (KIP). Errors use one envelope: \
                       {code, message, errors: [{field, code, message}]}; messages follow Accept-Language (id, en).",
    ),
    paths(
        portal::submit,
        portal::read,
        portal::register,
        calendar::deadline,
        compliance::body,
        compliance::jurisdiction,
        officer::queue,
        officer::read,
        officer::step
    ),
    modifiers(&TrackingToken),
    tags(
        (name = "requests", description = "Submit a request and follow it"),
        (name = "register", description = "Public registers of requests"),
        (name = "calendar", description = "Working-day deadlines"),
        (name = "compliance", description = "Compliance figures (domain §6) of a body or a KI's jurisdiction, computed from the record; the method is at /metodologi"),
        (name = "officers", description = "For other e-PPID systems, with an officer's API token: the queue, a request, its steps"),
    )
)]
pub struct ApiDoc;

/// The tracking token as a bearer credential.
struct TrackingToken;

impl Modify for TrackingToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme("tracking_token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
            components.add_security_scheme("officer_token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        }
    }
}

/// The document as pretty JSON.
pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serializes")
}

pub async fn serve() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(document())
}
