//! Calendar use cases: seeding, importing a year, computing and explaining deadlines, and the status an
//! operator checks before a new year starts.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::db::{DbConn, DbError, repo, write_tx};
use crate::domain::calendar::{CalendarEntry, CalendarSettings, DayKind, Deadline, DeadlineQuery};
use crate::domain::calendar_import::{RowError, parse_csv, plan_import};
use crate::domain::calendar_seed;
use crate::service::cases::{DeadlineMove, recompute_deadlines};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file has {} bad row(s); nothing was imported", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Service(#[from] crate::service::ServiceError),
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> Self {
        ImportError::Db(DbError::Query(e))
    }
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    /// The new calendar version; `None` when nothing changed or for a dry run.
    pub version: Option<i64>,
    pub added: Vec<CalendarEntry>,
    pub unchanged: usize,
    pub dry_run: bool,
    /// Open deadlines the change recomputed (applied, or refused because they would move earlier).
    pub moves: Vec<DeadlineMove>,
}

/// Checks a calendar CSV against the loaded calendar and, unless `dry_run`, records its new entries as one new
/// version and recomputes the open deadlines it affects, in one transaction. All or nothing.
pub fn import_csv(
    conn: &mut DbConn,
    settings: CalendarSettings,
    text: &str,
    source: &str,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<ImportOutcome, ImportError> {
    let rows = parse_csv(text).map_err(ImportError::Rows)?;
    // A dry run does everything, then rolls it back: it shows exactly the deadlines the change would move.
    struct Trial(Result<ImportOutcome, ImportError>);
    impl From<diesel::result::Error> for Trial {
        fn from(e: diesel::result::Error) -> Self {
            Trial(Err(e.into()))
        }
    }
    let result = write_tx(conn, |conn| -> Result<ImportOutcome, Trial> {
        let run = |conn: &mut DbConn| -> Result<ImportOutcome, ImportError> {
            let loaded = repo::calendar::load(conn)?;
            let plan = plan_import(loaded.entries(), rows).map_err(ImportError::Rows)?;
            let mut outcome = ImportOutcome {
                version: None,
                added: plan.added,
                unchanged: plan.unchanged.len(),
                dry_run,
                moves: Vec::new(),
            };
            if outcome.added.is_empty() {
                return Ok(outcome);
            }
            let note = format!("imported {} entries", outcome.added.len());
            outcome.version =
                Some(repo::calendar::insert_version(conn, &outcome.added, source, &note, now.naive_utc())?);
            let from = outcome.added.iter().map(|e| e.known_from).min().expect("added is not empty");
            outcome.moves = recompute_deadlines(conn, settings, from, now)?;
            Ok(outcome)
        };
        match run(conn) {
            Ok(mut outcome) if dry_run => {
                outcome.version = None;
                Err(Trial(Ok(outcome)))
            }
            Ok(outcome) => Ok(outcome),
            Err(e) => Err(Trial(Err(e))),
        }
    });
    match result {
        Ok(outcome) => Ok(outcome),
        Err(Trial(result)) => result,
    }
}

/// Loads the built-in 2024–2026 calendar into a database that has never had one. Returns the version it made.
pub fn seed_if_empty(conn: &mut DbConn, now: DateTime<Utc>) -> Result<Option<i64>, DbError> {
    write_tx(conn, |conn| {
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
