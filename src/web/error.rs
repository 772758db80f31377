//! The error model at the edge: which error type belongs in which layer, and the one place each becomes an answer.
//!
//! - `domain/` returns typed errors that say which rule was broken (e.g. [`DeadlineInputError`]).
//! - `db/` adds [`DbError`] for "the database did not answer"; `service/` returns [`ServiceError`].
//! - `web/` turns a [`ServiceError`] into an [`ApiError`] (JSON envelope `{code, message, errors: [{field, code,
//!   message}]}` with a stable snake_case `code`) or a [`PageError`] (the error page), each with `?` through one
//!   `From` impl. Neither carries a language: [`render_errors`], one middleware, writes the message or page in the
//!   language of the request that failed.
//!
//! Causes are logged where the error is made, with the request's span, and never shown to the person or client.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::db::DbError;
use crate::domain::calendar::DeadlineInputError;
use crate::i18n::{Locale, t, try_t};
use crate::service::ServiceError;
use crate::views::PageMeta;
use crate::web::form::field_message;
use crate::web::state::AppState;

/// One invalid input field.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

/// The JSON error envelope of API v1.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message: String,
    pub errors: Vec<FieldError>,
}

/// One invalid input field before it is put into words: the field's own sentence for the code (see
/// [`field_message`]), or the sentence of an explicit message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: String,
    pub code: &'static str,
    key: Option<String>,
}

impl FieldIssue {
    /// A field problem worded by [`field_message`] (`form-error-{field}-{code}`, else `form-error-{code}`).
    pub fn new(field: impl Into<String>, code: &'static str) -> FieldIssue {
        FieldIssue { field: field.into(), code, key: None }
    }

    /// A field problem worded by the message `key`.
    pub fn worded(field: impl Into<String>, code: &'static str, key: impl Into<String>) -> FieldIssue {
        FieldIssue { field: field.into(), code, key: Some(key.into()) }
    }

    /// A deadline question's bad field, worded `error-{code}`.
    pub fn from_deadline_input(e: &DeadlineInputError) -> FieldIssue {
        FieldIssue::worded(e.field(), e.code(), format!("error-{}", e.code().replace('_', "-")))
    }

    fn render(&self, locale: Locale) -> FieldError {
        let message = match &self.key {
            Some(key) => t(locale, key),
            None => field_message(locale, &self.field, self.code),
        };
        FieldError { field: self.field.clone(), code: self.code, message }
    }
}

/// An API answer other than success. Built without a language; [`render_errors`] words it for the caller.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    /// The message's key; `fallback` is said when the catalogue has none.
    key: String,
    fallback: Option<String>,
    fields: Vec<FieldIssue>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str) -> ApiError {
        ApiError { status, code, key: format!("error-{}", code.replace('_', "-")), fallback: None, fields: Vec::new() }
    }

    /// 400: the request's input is not valid; each bad field is listed.
    pub fn invalid_input(fields: Vec<FieldIssue>) -> ApiError {
        ApiError { fields, ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_input") }
    }

    /// 401: the endpoint needs a bearer token.
    pub fn unauthorized() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized")
    }

    /// 403: the caller may not do this (e.g. a role that only reads).
    pub fn forbidden() -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden")
    }

    /// 409: someone else changed the record since the caller read it.
    pub fn conflict() -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "conflict")
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found")
    }

    /// 422: the `Idempotency-Key` was used within a day for a different submission; nothing was done.
    pub fn idempotency_key_reused() -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
    }

    /// 422: what the law (or the case's state) does not allow, with the rule's own code; worded
    /// `case-refused-{code}`, or by the service's sentence where the catalogue has none.
    pub fn refused(code: &'static str, fallback: String) -> ApiError {
        ApiError {
            key: format!("case-refused-{}", code.replace('_', "-")),
            fallback: Some(fallback),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code)
        }
    }

    /// 503 or 500 from a database failure; the cause goes to the log only.
    pub fn from_db(e: DbError) -> ApiError {
        match e {
            DbError::Unavailable(cause) => {
                tracing::error!(%cause, "database unavailable");
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable")
            }
            DbError::Query(cause) => {
                tracing::error!(%cause, "database query failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
            }
        }
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The envelope in `locale`.
    pub fn body(&self, locale: Locale) -> ErrorBody {
        let message = match (try_t(locale, &self.key), &self.fallback) {
            (Some(m), _) => m,
            (None, Some(f)) => f.clone(),
            (None, None) => t(locale, &self.key),
        };
        ErrorBody { code: self.code, message, errors: self.fields.iter().map(|f| f.render(locale)).collect() }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code, self.status)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    /// In Indonesian; [`render_errors`] answers in the caller's language instead.
    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(self.body(Locale::default()))
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        ApiError::from_db(e)
    }
}

/// A use case that refused (not a database failure, which is logged as an error where it is mapped): logged with
/// its code and the service's sentence, so that an answer of 400/403/404/409/422 can be traced to its cause.
fn log_refusal(e: &ServiceError) {
    if !matches!(e, ServiceError::Db(_)) {
        tracing::info!(code = e.code(), cause = %e, "refused");
    }
}

/// The one mapping of a use case's refusal to the API.
impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        log_refusal(&e);
        match e {
            ServiceError::Invalid(problems) => {
                ApiError::invalid_input(problems.iter().map(|p| FieldIssue::new(p.field, p.code)).collect())
            }
            ServiceError::NotFound { .. } => ApiError::not_found(),
            ServiceError::Forbidden { .. } => ApiError::forbidden(),
            ServiceError::Conflict { .. } => ApiError::conflict(),
            ServiceError::Refused { code, message, .. } => ApiError::refused(code, message),
            ServiceError::Db(e) => ApiError::from_db(e),
        }
    }
}

/// A page that cannot be shown: the error page with this status, or (sign-in, two-step set-up) the page to go to
/// first. Built without a language; [`render_errors`] renders the page in the visitor's.
#[derive(Debug)]
pub enum PageError {
    Status(StatusCode),
    /// 303 to this address.
    GoTo(String),
}

impl PageError {
    pub fn not_found() -> PageError {
        PageError::Status(StatusCode::NOT_FOUND)
    }

    pub fn forbidden() -> PageError {
        PageError::Status(StatusCode::FORBIDDEN)
    }

    /// 400: a form that cannot be used (expired, tampered, unreadable).
    pub fn bad_request() -> PageError {
        PageError::Status(StatusCode::BAD_REQUEST)
    }

    /// 503: a part the page needs did not answer; the cause goes to the log only.
    pub fn unavailable(cause: impl std::fmt::Display) -> PageError {
        tracing::error!(%cause, "page unavailable");
        PageError::Status(StatusCode::SERVICE_UNAVAILABLE)
    }

    /// 500: something that should not happen did (a stored file unreadable); the cause goes to the log only.
    pub fn internal(cause: impl std::fmt::Display) -> PageError {
        tracing::error!(%cause, "page failed");
        PageError::Status(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// To the sign-in page.
    pub fn sign_in() -> PageError {
        PageError::GoTo("/masuk".to_owned())
    }

    pub fn go_to(to: impl Into<String>) -> PageError {
        PageError::GoTo(to.into())
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::Status(s) => write!(f, "page error {s}"),
            PageError::GoTo(to) => write!(f, "go to {to}"),
        }
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::Status(s) => *s,
            PageError::GoTo(_) => StatusCode::SEE_OTHER,
        }
    }

    /// A bare answer; [`render_errors`] puts the page in it.
    fn error_response(&self) -> HttpResponse {
        match self {
            PageError::Status(s) => HttpResponse::build(*s).finish(),
            PageError::GoTo(to) => HttpResponse::SeeOther().insert_header((header::LOCATION, to.clone())).finish(),
        }
    }
}

/// The one mapping of a use case's refusal to a page. A page that can say more (a form shown again with its
/// problems, a conflict message) handles those cases before `?`.
impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> PageError {
        log_refusal(&e);
        match e {
            ServiceError::NotFound { .. } => PageError::not_found(),
            ServiceError::Forbidden { .. } => PageError::forbidden(),
            ServiceError::Invalid(_) => PageError::bad_request(),
            ServiceError::Conflict { .. } => PageError::Status(StatusCode::CONFLICT),
            ServiceError::Refused { .. } => PageError::Status(StatusCode::UNPROCESSABLE_ENTITY),
            ServiceError::Db(DbError::Query(cause)) => PageError::internal(cause),
            ServiceError::Db(DbError::Unavailable(cause)) => PageError::unavailable(cause),
        }
    }
}

impl From<DbError> for PageError {
    fn from(e: DbError) -> PageError {
        PageError::from(ServiceError::Db(e))
    }
}

/// Middleware: words every [`ApiError`] and renders every [`PageError`] page in the language of the request that
/// failed (`?lang=`, cookie, and for the API `Accept-Language`; see `web::locale`).
/// Every 503 says when to try again (the database restarting, a pool exhausted).
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut res = render(next.call(req).await?)?;
    if res.status() == StatusCode::SERVICE_UNAVAILABLE && !res.headers().contains_key(header::RETRY_AFTER) {
        res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    Ok(res)
}

/// What a 503 asks a client to wait before trying again: about what a PostgreSQL restart takes.
pub const UNAVAILABLE_RETRY_AFTER_SECONDS: u32 = 5;

fn render(res: ServiceResponse<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(error) = res.response().error() else { return Ok(res.map_into_boxed_body()) };
    let locale = crate::web::locale::resolve(res.request());
    if let Some(api) = error.as_error::<ApiError>() {
        // `error_response` already worded it in Indonesian, the default.
        if locale == Locale::default() {
            return Ok(res.map_into_boxed_body());
        }
        let answer = HttpResponse::build(api.status).json(api.body(locale));
        return Ok(res.into_response(answer));
    }
    let status = match error.as_error::<PageError>() {
        Some(PageError::Status(status)) => *status,
        Some(PageError::GoTo(_)) => return Ok(res.map_into_boxed_body()),
        // Another part's error on a page (a form or path that cannot be read): the same page, not plain text.
        None if res.request().path().starts_with("/api/") => return Ok(res.map_into_boxed_body()),
        None if res.status().is_client_error() || res.status().is_server_error() => res.status(),
        None => return Ok(res.map_into_boxed_body()),
    };
    let Some(state) = res.request().app_data::<actix_web::web::Data<AppState>>().cloned() else {
        return Ok(res.map_into_boxed_body());
    };
    let meta = PageMeta::new(locale, &state.settings.instance_name, res.request().path());
    let tracking = res.request().path().starts_with("/lacak/");
    let mut page = state.views.error_page(meta, status, tracking);
    // Never stored, and (the page's own links point at the failed address, maybe a tracking link) never sent on.
    page.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    page.headers_mut().insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    Ok(res.into_response(page))
}

/// A handler that answers `HttpResponse` fails with `return PageError::…().into()`: the answer carries the error,
/// and [`render_errors`] renders its page.
impl From<PageError> for HttpResponse {
    fn from(e: PageError) -> HttpResponse {
        HttpResponse::from_error(e)
    }
}
