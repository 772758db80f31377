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

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, t, t_args};
use crate::service::ServiceError;
use crate::service::calendar as calendar_service;
use crate::views::PageMeta;
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

/// What the last form on an admin page left: the problems to list, or a notice of what was done, and the answer's
/// status.
pub(super) struct Feedback {
    pub errors: Vec<String>,
    pub notice: Option<String>,
    pub status: StatusCode,
}

impl Feedback {
    /// The page as it is: no form was sent.
    pub fn none() -> Self {
        Self { errors: Vec::new(), notice: None, status: StatusCode::OK }
    }

    /// A form that did what it asked.
    pub fn done(notice: String) -> Self {
        Self { notice: Some(notice), ..Self::none() }
    }

    /// A form that did nothing, for these reasons.
    pub fn refused(errors: Vec<String>) -> Self {
        Self { errors, notice: None, status: StatusCode::BAD_REQUEST }
    }

    /// A form that did nothing, for the reason translated under `key`.
    pub fn problem(locale: Locale, key: &str) -> Self {
        Self::refused(vec![t(locale, key)])
    }

    /// A form whose token had expired (or came from another session).
    pub fn expired(locale: Locale) -> Self {
        Self::problem(locale, "form-error-expired")
    }

    /// A form the service turned down: its problems, 409 when someone changed the record meanwhile.
    pub fn failed(locale: Locale, e: &ServiceError) -> Self {
        let status =
            if matches!(e, ServiceError::Conflict { .. }) { StatusCode::CONFLICT } else { StatusCode::BAD_REQUEST };
        Self { status, ..Self::refused(problems(locale, e)) }
    }
}

/// Every admin page: its frame (title, language, form token), the last form's feedback, and its own content.
#[derive(Serialize)]
struct AdminPage<T> {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    errors: Vec<String>,
    notice: Option<String>,
    #[serde(flatten)]
    content: T,
}

/// Where an admin page is: its address, its title, and its template.
pub(super) struct Place<'a> {
    pub path: &'a str,
    pub title: String,
    pub template: &'a str,
}

/// Renders an admin page (never stored).
pub(super) fn render<T: Serialize>(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    place: Place<'_>,
    feedback: Feedback,
    content: T,
) -> HttpResponse {
    let data = AdminPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, place.path).with_title(place.title),
        csrf: session.csrf_token.clone(),
        errors: feedback.errors,
        notice: feedback.notice,
        content,
    };
    no_store(state.views.page(feedback.status, place.template, &data))
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
