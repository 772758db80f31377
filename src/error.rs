//! The error model at the edge.
//!
//! - `domain/` returns typed errors that say which rule was broken (e.g. [`DeadlineInputError`]).
//! - `service/` and `db/` add [`DbError`] for "the database did not answer".
//! - `web/` turns both into an [`ApiError`] (JSON envelope `{code, message, errors: [{field, code, message}]}`
//!   with a stable snake_case `code` and a translated `message`) or an HTML error page.
//!
//! Causes are logged here, with the request's span, and never shown to the person or client.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::db::DbError;
use crate::domain::calendar::DeadlineInputError;
use crate::i18n::{Locale, t};

/// One invalid input field.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn from_deadline_input(locale: Locale, e: &DeadlineInputError) -> FieldError {
        FieldError {
            field: e.field().to_owned(),
            code: e.code(),
            message: t(locale, &format!("error-{}", e.code().replace('_', "-"))),
        }
    }
}

/// The JSON error envelope of API v1.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message: String,
    pub errors: Vec<FieldError>,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    fn new(status: StatusCode, locale: Locale, code: &'static str, errors: Vec<FieldError>) -> ApiError {
        let message = t(locale, &format!("error-{}", code.replace('_', "-")));
        ApiError { status, body: ErrorBody { code, message, errors } }
    }

    /// 400: the request's input is not valid; each bad field is listed.
    pub fn invalid_input(locale: Locale, errors: Vec<FieldError>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, locale, "invalid_input", errors)
    }

    /// 401: the endpoint needs a bearer token.
    pub fn unauthorized(locale: Locale) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, locale, "unauthorized", Vec::new())
    }

    /// 403: the caller may not do this (e.g. a role that only reads).
    pub fn forbidden(locale: Locale) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, locale, "forbidden", Vec::new())
    }

    /// 409: someone else changed the record since the caller read it.
    pub fn conflict(locale: Locale) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, locale, "conflict", Vec::new())
    }

    /// 422: what the law (or the case's state) does not allow, with the rule's own code and sentence.
    pub fn refused(code: &'static str, message: String) -> ApiError {
        ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, body: ErrorBody { code, message, errors: Vec::new() } }
    }

    pub fn not_found(locale: Locale) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, locale, "not_found", Vec::new())
    }

    /// 503 or 500 from a database failure; the cause goes to the log only.
    pub fn from_db(locale: Locale, e: DbError) -> ApiError {
        match e {
            DbError::Unavailable(cause) => {
                tracing::error!(%cause, "database unavailable");
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, locale, "service_unavailable", Vec::new())
            }
            DbError::Query(cause) => {
                tracing::error!(%cause, "database query failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, locale, "internal_error", Vec::new())
            }
        }
    }

    pub fn code(&self) -> &'static str {
        self.body.code
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.body.code, self.status)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(&self.body)
    }
}

/// Lets `db.run` report an unavailable database into an API error without a locale; handlers convert with
/// [`ApiError::from_db`] and use this only as the transport.
impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        ApiError::from_db(Locale::default(), e)
    }
}
