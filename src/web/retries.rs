//! The web side of answering retried submissions once (`service::idempotency`): the API's `Idempotency-Key`
//! header, read and checked, and a kept answer given back as it was, marked `Idempotent-Replayed: true`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};

use crate::service::idempotency::{self, Answer};
use crate::web::error::{ApiError, FieldIssue};

/// The request header that names a submission (IETF draft "The Idempotency-Key HTTP Header Field").
pub const HEADER: &str = "Idempotency-Key";
/// The answer header that says an answer is the one kept from the first time.
pub const REPLAYED: &str = "Idempotent-Replayed";

/// The request's idempotency key, if it sent one; 400 when it is not 1 to 255 visible ASCII characters.
pub fn key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(HEADER) else { return Ok(None) };
    match value.to_str() {
        Ok(key) if idempotency::valid_key(key) => Ok(Some(key.to_owned())),
        _ => Err(ApiError::invalid_input(vec![FieldIssue::worded(
            HEADER,
            "invalid_idempotency_key",
            "error-invalid-idempotency-key",
        )])),
    }
}

/// A JSON answer built from `answer` (never stored by caches: it may carry a tracking link), marked as the kept
/// one when `replayed`.
pub fn respond(answer: &Answer, replayed: bool) -> HttpResponse {
    let mut res = HttpResponse::build(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK));
    res.content_type("application/json").insert_header((header::CACHE_CONTROL, "no-store"));
    if !answer.location.is_empty() {
        res.insert_header((header::LOCATION, answer.location.clone()));
    }
    if replayed {
        res.insert_header((REPLAYED, "true"));
    }
    res.body(answer.body.clone())
}
