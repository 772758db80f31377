//! The administrator's pages (`/admin`): public bodies and their units, accounts, and the working-day calendar
//! (status and warnings, versions, importing a year with a dry run and the open deadlines a change moves).
//! Everything here is also a `terbuka admin …` / `terbuka calendar …` command; the pages call the same services.
//! Administrators see no requester identity.

pub mod bodies;
pub mod calendar;
pub mod mail;
pub mod overview;
pub mod snapshots;
pub mod users;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;

use crate::i18n::{Locale, t, t_args};
use crate::service::ServiceError;
use crate::service::calendar as calendar_service;
use crate::web::form::field_message;
use crate::web::respond::no_store;
use crate::web::state::AppState;

/// Field problems as sentences: "Label: message".
pub(super) fn problems(locale: Locale, e: &ServiceError) -> Vec<String> {
    match e {
        ServiceError::Invalid(ps) => ps
            .iter()
            .map(|p| {
                let label = crate::i18n::try_t(locale, &format!("admin-field-{}", p.field.replace('_', "-")))
                    .unwrap_or_else(|| p.field.to_owned());
                format!("{label}: {}", field_message(locale, p.field, p.code))
            })
            .collect(),
        ServiceError::NotFound { what, key } => vec![format!("{}: {key} ({what})", t(locale, "admin-not-found"))],
        ServiceError::Conflict { .. } => vec![t(locale, "error-conflict")],
        ServiceError::Refused { message, .. } => vec![message.clone()],
        ServiceError::Forbidden { .. } => vec![t(locale, "page-forbidden-body")],
        ServiceError::Db(_) => vec![t(locale, "error-service-unavailable")],
    }
}

pub(super) fn page<T: Serialize>(state: &AppState, status: StatusCode, template: &str, data: &T) -> HttpResponse {
    no_store(state.views.page(status, template, data))
}

pub(super) fn calendar_warning(locale: Locale, w: &calendar_service::StatusWarning) -> String {
    match w {
        calendar_service::StatusWarning::CurrentYearMissing { year } => {
            t_args(locale, "admin-calendar-current-missing", &[("year", year.to_string())])
        }
        calendar_service::StatusWarning::NextYearMissing { year } => {
            t_args(locale, "admin-calendar-next-missing", &[("year", year.to_string())])
        }
    }
}
