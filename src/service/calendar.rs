//! Calendar use cases: seeding, computing and explaining deadlines, the status an operator checks before a new
//! year starts, and the calendar that counts a body's deadlines (`calendar_for`). Importing a year, which moves
//! open deadlines, is `service::calendar_change`.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::db::models::bodies::{BodyRow, UnitRow};
use crate::db::repo::{bodies as body_repo, calendar as calendar_repo};
use crate::db::{DbConn, DbError, repo, write_tx};
use crate::domain::calendar::{CalendarSettings, CalendarView, DayKind, Deadline, DeadlineQuery, JurisdictionCode};
use crate::domain::calendar_seed;
use crate::service::ServiceError;

/// Loads the built-in 2024–2026 calendar into a database that has never had one. Returns the version it made.
pub fn seed_if_empty(conn: &mut DbConn, now: DateTime<Utc>) -> Result<Option<i64>, DbError> {
    write_tx(conn, |conn| {
        // Two instances starting on one empty database: the second waits, then finds the calendar there.
        repo::calendar::lock_for_change(conn)?;
        if repo::calendar::current_version(conn)? > 0 {
            return Ok(None);
        }
        let entries = calendar_seed::entries();
        let version = repo::calendar::insert_version(
            conn,
            &entries,
            calendar_seed::SOURCE,
            "initial calendar 2024-2026",
            now.naive_utc(),
        )?;
        Ok(Some(version))
    })
}

/// N working days after a date, with the calendar as loaded (or as known on `as_of`).
pub fn deadline(conn: &mut DbConn, settings: CalendarSettings, query: &DeadlineQuery) -> Result<Deadline, DbError> {
    let calendar = repo::calendar::load(conn)?;
    let view = calendar.view(query.as_of, query.jurisdiction.as_ref(), settings);
    Ok(view.add_working_days(query.from, query.working_days))
}

/// The figures of one loaded year.
#[derive(Debug, Clone, Serialize)]
pub struct YearStatus {
    pub year: i32,
    pub holidays: usize,
    pub cuti_bersama: usize,
    pub keppres: usize,
    pub local: usize,
    pub removed: usize,
    /// National working days in the year under the instance settings.
    pub working_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum StatusWarning {
    /// The current year has no calendar: every deadline now is provisional.
    CurrentYearMissing { year: i32 },
    /// From 1 October, next year's SKB should be loaded.
    NextYearMissing { year: i32 },
}

impl std::fmt::Display for StatusWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusWarning::CurrentYearMissing { year } => write!(
                f,
                "the {year} calendar is not loaded: every deadline that reaches into {year} is provisional. \
                 Import the {year} SKB now (terbuka calendar import FILE.csv)."
            ),
            StatusWarning::NextYearMissing { year } => write!(
                f,
                "the {year} calendar is not loaded yet: deadlines that reach into {year} are provisional. \
                 Import the {year} SKB as soon as it is published (terbuka calendar import FILE.csv)."
            ),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CalendarStatus {
    pub today: NaiveDate,
    pub version: i64,
    pub last_change: Option<VersionSummary>,
    pub years: Vec<YearStatus>,
    pub warnings: Vec<StatusWarning>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub source: String,
    pub note: String,
    pub entries_added: i64,
}

/// Loaded years, the version, and the warnings an operator must act on.
pub fn status(
    conn: &mut DbConn,
    settings: CalendarSettings,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<CalendarStatus, DbError> {
    let today = now.with_timezone(&zone).date_naive();
    let calendar = repo::calendar::load(conn)?;
    let view = calendar.view(None, None, settings);
    let years = view
        .loaded_years()
        .iter()
        .map(|&year| {
            let count = |k: DayKind| calendar.entries().iter().filter(|e| e.date.year() == year && e.kind == k).count();
            let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
            let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
            YearStatus {
                year,
                holidays: count(DayKind::Holiday),
                cuti_bersama: count(DayKind::CutiBersama),
                keppres: count(DayKind::Keppres),
                local: count(DayKind::Local),
                removed: count(DayKind::Removed),
                working_days: view.working_days_between(first.pred_opt().expect("valid date"), last),
            }
        })
        .collect();
    let mut warnings = Vec::new();
    if !view.is_year_loaded(today.year()) {
        warnings.push(StatusWarning::CurrentYearMissing { year: today.year() });
    }
    if today.month() >= 10 && !view.is_year_loaded(today.year() + 1) {
        warnings.push(StatusWarning::NextYearMissing { year: today.year() + 1 });
    }
    let last_change = repo::calendar::latest_version(conn)?.map(|v| VersionSummary {
        version: v.version,
        created_at: v.created_at.and_utc(),
        source: v.source,
        note: v.note,
        entries_added: v.entries_added,
    });
    Ok(CalendarStatus { today, version: calendar.version(), last_change, years, warnings })
}

/// The calendar that counts a body's deadlines: as loaded, with the local days of its competent KI.
pub(crate) fn calendar_for(
    conn: &mut DbConn,
    settings: CalendarSettings,
    body_id: &str,
    on: NaiveDate,
) -> Result<(CalendarView, i64), ServiceError> {
    let ki = body_repo::competent_ki(conn, body_id, on)?;
    let code = JurisdictionCode::parse(&ki.code);
    let calendar = calendar_repo::load(conn)?;
    Ok((calendar.view(None, code.as_ref(), settings), calendar.version()))
}

pub(crate) fn zone_of(body: &BodyRow, unit: Option<&UnitRow>) -> Tz {
    unit.and_then(|u| u.time_zone.as_deref()).unwrap_or(&body.time_zone).parse().unwrap_or(chrono_tz::Asia::Jakarta)
}
