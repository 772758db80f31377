//! The pieces of the calendar page's local holidays (libur daerah): the form that adds or withdraws one day of one
//! KI's area, the list of those in force, and every calendar problem as a sentence for the administrator (a row
//! of an imported file, or the one day of the form).

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::calendar::{CalendarEntry, DayKind, JurisdictionCode, supported_range};
use crate::domain::calendar_import::{RowError, RowProblem};
use crate::i18n::{Locale, date_long, t, t_args};
use crate::web::form::{FieldErrors, posted_form};

posted_form! {
    /// One local holiday to add (`aksi=tambah`) or withdraw (`aksi=hapus`), and whether to try it first.
    pub struct LocalHolidayForm {
        action = "aksi",
        ki = "ki",
        date = "tanggal",
        name = "nama",
        source = "dasar",
        dry_run = "uji",
    }
}

/// The form's fields as the error summary names them.
pub const SUMMARY: [crate::web::form::SummaryField; 4] = [
    ("ki", "ki", "admin-field-ki"),
    ("tanggal", "tanggal", "admin-local-date"),
    ("nama", "nama", "admin-local-name"),
    ("dasar", "dasar", "admin-local-source"),
];

impl LocalHolidayForm {
    pub fn withdraws(&self) -> bool {
        self.action == "hapus"
    }

    pub fn tried_first(&self) -> bool {
        self.dry_run == "ya"
    }

    /// The calendar entry the form asks for, known from `today`, or the problems by posted field. `known` tells
    /// whether a KI code is one of the instance's.
    pub fn entry(
        &self,
        locale: Locale,
        today: NaiveDate,
        known: impl Fn(&str) -> bool,
    ) -> Result<CalendarEntry, FieldErrors> {
        let mut errors = FieldErrors::new();
        let ki = self.ki.trim();
        let jurisdiction = JurisdictionCode::parse(ki).filter(|_| known(ki));
        if jurisdiction.is_none() {
            errors.insert("ki".into(), t(locale, "form-error-ki-not-found"));
        }
        let date = crate::web::form::date_text(&self.date, "tanggal", &mut errors, locale);
        let (first, last) = supported_range();
        if let Some(d) = date
            && !(first..=last).contains(&d)
        {
            errors.insert("tanggal".into(), t(locale, "admin-local-date-range"));
        }
        let text = |raw: &str, field: &str, max: usize, errors: &mut FieldErrors| {
            let s = raw.trim();
            if s.is_empty() {
                errors.insert(field.into(), t(locale, "form-error-required"));
            } else if s.chars().count() > max {
                errors.insert(field.into(), t(locale, "form-error-too-long"));
            }
            s.to_owned()
        };
        let name = text(&self.name, "nama", 200, &mut errors);
        let source = text(&self.source, "dasar", 300, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CalendarEntry {
            date: date.expect("checked"),
            kind: if self.withdraws() { DayKind::Removed } else { DayKind::Local },
            name,
            source,
            known_from: today,
            jurisdiction,
        })
    }
}

/// A local holiday in force, with what withdrawing it posts.
#[derive(Serialize)]
pub struct LocalHolidayItem {
    pub date: String,
    pub iso: String,
    pub ki_code: String,
    pub ki: String,
    pub name: String,
    pub source: String,
}

/// The local holidays in force from `from` on, each named with its KI (by `ki_name`).
pub fn items<'a>(
    locale: Locale,
    held: impl IntoIterator<Item = &'a CalendarEntry>,
    from: NaiveDate,
    ki_name: impl Fn(&str) -> String,
) -> Vec<LocalHolidayItem> {
    held.into_iter()
        .filter(|e| e.date >= from)
        .filter_map(|e| {
            let code = e.jurisdiction.as_ref()?.as_str().to_owned();
            Some(LocalHolidayItem {
                date: date_long(locale, e.date),
                iso: e.date.to_string(),
                ki: ki_name(&code),
                ki_code: code,
                name: e.name.clone(),
                source: e.source.clone(),
            })
        })
        .collect()
}

fn column(locale: Locale, column: &str) -> String {
    crate::i18n::try_t(locale, &format!("calendar-column-{}", column.replace('_', "-")))
        .unwrap_or_else(|| column.to_owned())
}

/// A calendar problem as a sentence for the administrator: "Baris 3: …" for a row of a file (line 0 is the day
/// of the form, which has no line).
pub fn row_problem(locale: Locale, e: &RowError) -> String {
    let text = match &e.problem {
        RowProblem::Empty => t(locale, "calendar-problem-empty"),
        RowProblem::Header(found) => t_args(locale, "calendar-problem-header", &[("found", found.clone())]),
        RowProblem::ColumnCount { expected, found } => t_args(
            locale,
            "calendar-problem-columns",
            &[("expected", expected.to_string()), ("found", found.to_string())],
        ),
        RowProblem::NoRows => t(locale, "calendar-problem-no-rows"),
        RowProblem::Unreadable(why) => t_args(locale, "calendar-problem-unreadable", &[("why", why.clone())]),
        RowProblem::InvalidDate { column: c, found } => {
            t_args(locale, "calendar-problem-date", &[("column", column(locale, c)), ("found", found.clone())])
        }
        RowProblem::DateOutOfRange { column: c } => {
            t_args(locale, "calendar-problem-date-range", &[("column", column(locale, c))])
        }
        RowProblem::InvalidKind(found) => t_args(locale, "calendar-problem-kind", &[("found", found.clone())]),
        RowProblem::Missing { column: c } => {
            t_args(locale, "calendar-problem-missing", &[("column", column(locale, c))])
        }
        RowProblem::TooLong { column: c, max } => {
            t_args(locale, "calendar-problem-too-long", &[("column", column(locale, c)), ("max", max.to_string())])
        }
        RowProblem::InvalidJurisdiction(found) => {
            t_args(locale, "calendar-problem-jurisdiction", &[("found", found.clone())])
        }
        RowProblem::JurisdictionRequired => t(locale, "calendar-problem-jurisdiction-required"),
        RowProblem::JurisdictionNotAllowed(kind) => t_args(
            locale,
            "calendar-problem-jurisdiction-not-allowed",
            &[("kind", t(locale, &format!("day-kind-{}", kind.as_str().replace('_', "-"))))],
        ),
        RowProblem::DuplicateInFile(line) => {
            t_args(locale, "calendar-problem-duplicate", &[("line", line.to_string())])
        }
        RowProblem::ConflictsWithLoaded(existing) => {
            t_args(locale, "calendar-problem-conflict", &[("existing", existing.clone())])
        }
        RowProblem::NothingToRemove => t(locale, "calendar-problem-nothing-to-remove"),
    };
    if e.line == 0 {
        text
    } else {
        t_args(locale, "calendar-problem-line", &[("line", e.line.to_string()), ("problem", text)])
    }
}
