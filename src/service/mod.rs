//! Use cases: each one loads what it needs, asks the domain, and writes the result in one transaction. The CLI
//! and the web layer both call these, so a rule is enforced the same way wherever it is reached from.

pub mod accounts;
pub mod api_tokens;
pub mod audit;
pub mod bodies;
pub mod calendar;
pub mod calendar_change;
pub mod cases;
pub mod compliance;
pub mod idempotency;
pub mod instance;
pub mod letters;
pub mod limits;
pub mod logos;
pub mod mail;
pub mod monev;
pub mod officer;
pub mod outbox;
pub mod portal;
pub mod register_import;
pub mod registers;
pub mod reports;
pub mod snapshots;
pub mod workspace;

use crate::db::DbError;
use crate::domain::body::FieldProblem;

/// Why a use case did not happen. Nothing was changed in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input that does not meet the rules, field by field.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldProblem>),
    #[error("there is no {what} `{key}`")]
    NotFound { what: &'static str, key: String },
    /// Someone else changed the record since it was read (optimistic concurrency).
    #[error("{what} was changed by someone else since you read it (now version {current}); reload and try again")]
    Conflict { what: &'static str, current: i64 },
    /// The person's role or scope does not allow this (they may still read what they asked about).
    #[error("forbidden: {why}")]
    Forbidden { why: &'static str },
    /// What the law (or the case's state) does not allow; `field` names the input it is about, when it is about
    /// one (by the command's name for it, as the API names it).
    #[error("{message}")]
    Refused { code: &'static str, field: Option<&'static str>, message: String },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        ServiceError::Db(DbError::from(e))
    }
}

impl ServiceError {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> ServiceError {
        ServiceError::Invalid(vec![FieldProblem::new(field, code, message)])
    }

    /// A stable snake_case code for the API and translations.
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Invalid(_) => "invalid_input",
            ServiceError::NotFound { .. } => "not_found",
            ServiceError::Conflict { .. } => "conflict",
            ServiceError::Forbidden { .. } => "forbidden",
            ServiceError::Refused { code, .. } => code,
            ServiceError::Db(_) => "internal_error",
        }
    }
}

/// Collects field problems: `take` keeps the good value or records the problem.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldProblem>);

impl Problems {
    pub fn take<T>(&mut self, r: Result<T, FieldProblem>) -> Option<T> {
        r.map_err(|p| self.0.push(p)).ok()
    }

    pub fn push(&mut self, p: FieldProblem) {
        self.0.push(p);
    }

    pub fn finish(self) -> Result<(), ServiceError> {
        if self.0.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(self.0)) }
    }
}
