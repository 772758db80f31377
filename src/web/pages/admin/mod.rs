//! The administrator's pages (`/admin`): public bodies and their units, accounts, and the working-day calendar
//! (status and warnings, versions, importing a year with a dry run and the open deadlines a change moves).
//! Everything here is also a `terbuka admin …` / `terbuka calendar …` command; the pages call the same services.
//! Administrators see no requester identity.

pub mod bodies;
pub mod calendar;
pub mod jurisdictions;
pub mod local_holidays;
pub mod logo;
pub mod mail;
pub mod overview;
pub mod snapshots;
pub mod users;

use std::collections::HashMap;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, t, t_args};
use crate::service::ServiceError;
use crate::service::calendar as calendar_service;
use crate::views::PageMeta;
use crate::web::form::{ErrorLink, Field, FieldErrors, field_message};
use crate::web::respond::no_store;
use crate::web::state::AppState;

/// The label of an admin form's field: by the name it is posted as, else by the service's name for it, else the
/// name itself.
fn label_of(locale: Locale, posted: &str, field: &str) -> String {
    let key = |name: &str| format!("admin-field-{}", name.replace('_', "-"));
    crate::i18n::try_t(locale, &key(posted))
        .or_else(|| crate::i18n::try_t(locale, &key(field)))
        .unwrap_or_else(|| field.to_owned())
}

/// What the last form on an admin page left: the problems to list (each linking to its field), the message beside
/// each field (by posted name), or a notice of what was done, and the answer's status.
pub(super) struct Feedback {
    pub errors: Vec<ErrorLink>,
    pub fields: FieldErrors,
    pub notice: Option<String>,
    pub status: StatusCode,
}

impl Feedback {
    /// The page as it is: no form was sent.
    pub fn none() -> Self {
        Self { errors: Vec::new(), fields: FieldErrors::new(), notice: None, status: StatusCode::OK }
    }

    /// A form that did what it asked.
    pub fn done(notice: String) -> Self {
        Self { notice: Some(notice), ..Self::none() }
    }

    /// The page a redirect after a form left: the notice of the first of `done` (query flag, message id) the address
    /// carries (`?dibuat=1`), or nothing.
    pub fn returned(locale: Locale, query: &str, done: &[(&str, &str)]) -> Self {
        let flags: Vec<&str> = query.split('&').collect();
        match done.iter().find(|(flag, _)| flags.contains(flag)) {
            Some((_, key)) => Self::done(t(locale, key)),
            None => Self::none(),
        }
    }

    /// A form that did nothing, for these reasons (about the form as a whole).
    pub fn refused(errors: Vec<String>) -> Self {
        let errors = errors.into_iter().map(|message| ErrorLink { href: "#main".into(), message }).collect();
        Self { errors, status: StatusCode::BAD_REQUEST, ..Self::none() }
    }

    /// A form that did nothing, for the reason translated under `key`.
    pub fn problem(locale: Locale, key: &str) -> Self {
        Self::refused(vec![t(locale, key)])
    }

    /// A form whose token had expired (or came from another session).
    pub fn expired(locale: Locale) -> Self {
        Self::problem(locale, "form-error-expired")
    }

    /// A form the service turned down: its problems, 409 when someone changed the record meanwhile. A field
    /// problem is shown beside the field the form posts as `prefix` + the service's name for it, and listed as
    /// "Label: message" linking there.
    pub fn failed_as(locale: Locale, e: &ServiceError, prefix: &str) -> Self {
        let status =
            if matches!(e, ServiceError::Conflict { .. }) { StatusCode::CONFLICT } else { StatusCode::BAD_REQUEST };
        let mut feedback = match e {
            ServiceError::Invalid(ps) => {
                let mut feedback = Self::none();
                for p in ps {
                    let posted = format!("{prefix}{}", p.field);
                    let message = field_message(locale, p.field, p.code);
                    let line = t_args(
                        locale,
                        "form-error-line",
                        &[("label", label_of(locale, &posted, p.field)), ("message", message.clone())],
                    );
                    feedback.errors.push(ErrorLink { href: format!("#{posted}"), message: line });
                    feedback.fields.entry(posted).or_insert(message);
                }
                feedback
            }
            ServiceError::NotFound { what, key } => {
                Self::refused(vec![format!("{}: {key} ({what})", t(locale, "admin-not-found"))])
            }
            ServiceError::Conflict { .. } => Self::problem(locale, "error-conflict"),
            ServiceError::Refused { message, .. } => Self::refused(vec![message.clone()]),
            ServiceError::Forbidden { .. } => Self::problem(locale, "page-forbidden-body"),
            ServiceError::Db(_) => Self::problem(locale, "error-service-unavailable"),
        };
        feedback.status = status;
        feedback
    }

    /// [`Feedback::failed_as`] for a form that posts the service's own field names.
    pub fn failed(locale: Locale, e: &ServiceError) -> Self {
        Self::failed_as(locale, e, "")
    }

    /// The problems listed in the order of the form's fields (`names`, by posted name), those about no field last.
    pub fn ordered<'a>(mut self, names: impl IntoIterator<Item = &'a str>) -> Self {
        let names: Vec<&str> = names.into_iter().collect();
        let place =
            |e: &ErrorLink| names.iter().position(|n| e.href.strip_prefix('#') == Some(*n)).unwrap_or(usize::MAX);
        self.errors.sort_by_key(place);
        self
    }

    /// Each of `names` with its value (from `values`, else empty) and its problem, for the page's form fields.
    pub fn fields<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
        values: &HashMap<String, String>,
    ) -> HashMap<String, Field> {
        names
            .into_iter()
            .map(|name| {
                let value = values.get(name).cloned().unwrap_or_default();
                (name.to_owned(), Field { value, error: self.fields.get(name).cloned() })
            })
            .collect()
    }
}

/// Every admin page: its frame (title, language, form token), the last form's feedback, and its own content.
#[derive(Serialize)]
struct AdminPage<T> {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    errors: Vec<ErrorLink>,
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
