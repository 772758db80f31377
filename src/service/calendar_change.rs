//! A calendar change and what it moves: every open deadline recomputed from its events with the calendar as now
//! known, each move an event in the case's chain.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::db::models::cases::RequestRow;
use crate::db::repo::events::Actor;
use crate::db::repo::{calendar as calendar_repo, cases as repo};
use crate::db::{DbConn, DbError, write_tx};
use crate::domain::calendar::CalendarEntry;
use crate::domain::calendar::CalendarSettings;
use crate::domain::calendar_import::{RowError, parse_csv, plan_import};
use crate::domain::clocks::{C1_WRITTEN_NOTICE, C2_EXTENSION, C4_ATASAN_DECISION};
use crate::domain::objection::{ObjectionEvent, ObjectionState};
use crate::domain::request::RequestEvent;
use crate::service::ServiceError;
use crate::service::calendar::calendar_for;
use crate::service::cases::objection::*;
use crate::service::cases::plumbing::*;
use crate::service::cases::request::*;

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
        ImportError::Db(DbError::from(e))
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
    import_entries(conn, settings, rows, source, now, dry_run)
}

/// One day of one KI's area added or withdrawn on the administration page (`entry`, known from today). Entries are
/// never edited, and one per date, area and `known_from`: a day changed again on the day it was entered is known
/// from the day after its latest entry (for the open deadlines, which count every loaded entry, it applies at
/// once).
pub fn change_local_day(
    conn: &mut DbConn,
    settings: CalendarSettings,
    entry: CalendarEntry,
    source: &str,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<ImportOutcome, ImportError> {
    import_with(conn, settings, vec![(0, entry)], source, now, dry_run, true)
}

/// A correction of a day already known comes after it: its `known_from` moves past the latest entry of that date
/// and jurisdiction, unless the very entry is already there. Read inside the import's transaction, so two
/// administrators changing the same day at once are two versions in order, not a conflict.
fn after_latest(known: &[CalendarEntry], entry: &mut CalendarEntry) {
    let latest = known
        .iter()
        .filter(|e| e.date == entry.date && e.jurisdiction == entry.jurisdiction)
        .map(|e| e.known_from)
        .max();
    if let Some(latest) = latest
        && latest >= entry.known_from
        && !known.contains(entry)
    {
        entry.known_from = latest.succ_opt().unwrap_or(latest);
    }
}

/// [`import_csv`] for entries already read (each with the line it is reported under): a day added on the
/// administration page is one entry.
pub fn import_entries(
    conn: &mut DbConn,
    settings: CalendarSettings,
    rows: Vec<(u64, CalendarEntry)>,
    source: &str,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<ImportOutcome, ImportError> {
    import_with(conn, settings, rows, source, now, dry_run, false)
}

/// [`import_entries`], each entry first moved after the latest of its day when `corrections` (see
/// [`after_latest`]).
fn import_with(
    conn: &mut DbConn,
    settings: CalendarSettings,
    rows: Vec<(u64, CalendarEntry)>,
    source: &str,
    now: DateTime<Utc>,
    dry_run: bool,
    corrections: bool,
) -> Result<ImportOutcome, ImportError> {
    // A dry run does everything, then rolls it back: it shows exactly the deadlines the change would move.
    struct Trial(Result<ImportOutcome, ImportError>);
    impl From<diesel::result::Error> for Trial {
        fn from(e: diesel::result::Error) -> Self {
            Trial(Err(e.into()))
        }
    }
    let result = write_tx(conn, |conn| -> Result<ImportOutcome, Trial> {
        let run = |conn: &mut DbConn| -> Result<ImportOutcome, ImportError> {
            // Read and written under one lock: two administrators' changes become two versions in order.
            calendar_repo::lock_for_change(conn)?;
            let loaded = calendar_repo::load(conn)?;
            let mut rows = rows.clone();
            if corrections {
                rows.iter_mut().for_each(|(_, e)| after_latest(loaded.entries(), e));
            }
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
                Some(calendar_repo::insert_version(conn, &outcome.added, source, &note, now.naive_utc())?);
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

/// One open deadline that a calendar change recomputed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineMove {
    pub case_kind: &'static str,
    pub case_id: String,
    pub registration_number: String,
    pub clock: &'static str,
    pub old: NaiveDate,
    pub new: NaiveDate,
    /// `false` when the new date is earlier than one already told to a party: the move is refused and logged.
    pub applied: bool,
}

/// Recomputes every open clock whose deadline is on or after `from` (the change's earliest `known_from`), with
/// the calendar as now loaded. Later dates are applied, each as an event with old and new dates; earlier ones
/// are refused (the deadline was already told to the requester on the receipt or notice) and logged. Closed
/// clocks keep what they were measured against. Call inside the calendar change's transaction.
pub fn recompute_deadlines(
    conn: &mut DbConn,
    settings: CalendarSettings,
    from: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<DeadlineMove>, ServiceError> {
    let actor = Actor::system();
    let mut moves = Vec::new();
    for mut row in repo::open_requests_due_from(conn, from)? {
        let (_, mut request) = load_request(conn, &row.id)?;
        let (calendar, version) = calendar_for(conn, settings, &row.body_id, row.received_on)?;
        let mut events = Vec::new();
        let c1 = calendar.add_working_days(request.received_on, C1_WRITTEN_NOTICE).due;
        events.extend(clock_event(&mut moves, "request", &row, "c1", request.c1_due, c1, version));
        if let Some(e) = events.last() {
            request.apply(e);
        }
        if let Some(ext) = &request.extension {
            let c2 = calendar.add_working_days(request.c1_due, C2_EXTENSION).due;
            let old = ext.c2_due;
            if let Some(e) = clock_event(&mut moves, "request", &row, "c2", old, c2, version) {
                request.apply(&e);
                events.push(e);
            }
        }
        if events.is_empty() {
            continue;
        }
        let reason = format!("calendar version {version}");
        for e in &events {
            append(conn, &row.id, &row.body_id, e, &actor, &reason, now)?;
        }
        row.calendar_version = version;
        save_request(conn, &mut row, &request, &calendar, now)?;
    }
    for mut row in repo::open_objections_due_from(conn, from)? {
        let (_, mut objection) = load_objection(conn, &row.id)?;
        if objection.state != ObjectionState::Registered {
            continue;
        }
        let (calendar, version) = calendar_for(conn, settings, &row.body_id, row.received_on)?;
        let c4 = calendar.add_working_days(objection.received_on, C4_ATASAN_DECISION).due;
        let old = objection.c4_due;
        if c4 == old {
            continue;
        }
        let applied = c4 > old;
        moves.push(DeadlineMove {
            case_kind: "objection",
            case_id: row.id.clone(),
            registration_number: row.registration_number.clone(),
            clock: "c4",
            old,
            new: c4,
            applied,
        });
        let event = if applied {
            ObjectionEvent::DeadlineMoved { clock: "c4".into(), old, new: c4, calendar_version: version }
        } else {
            ObjectionEvent::DeadlineMoveRefused { clock: "c4".into(), old, proposed: c4, calendar_version: version }
        };
        append(conn, &row.id, &row.body_id, &event, &actor, &format!("calendar version {version}"), now)?;
        objection.apply(&event);
        row.calendar_version = version;
        save_objection(conn, &mut row, &objection, &calendar, now)?;
    }
    Ok(moves)
}

pub(crate) fn clock_event(
    moves: &mut Vec<DeadlineMove>,
    case_kind: &'static str,
    row: &RequestRow,
    clock: &'static str,
    old: NaiveDate,
    new: NaiveDate,
    version: i64,
) -> Option<RequestEvent> {
    if new == old {
        return None;
    }
    let applied = new > old;
    moves.push(DeadlineMove {
        case_kind,
        case_id: row.id.clone(),
        registration_number: row.registration_number.clone(),
        clock,
        old,
        new,
        applied,
    });
    Some(if applied {
        RequestEvent::DeadlineMoved { clock: clock.into(), old, new, calendar_version: version }
    } else {
        RequestEvent::DeadlineMoveRefused { clock: clock.into(), old, proposed: new, calendar_version: version }
    })
}
