//! The plumbing every case transition shares: ids, retries on colliding keys, loading a case from its events,
//! appending to its chain, and the version check.

use chrono::{DateTime, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::de::DeserializeOwned;

use crate::db::models::cases::EventRow;
use crate::db::repo::events as event_repo;
use crate::db::repo::events::{Actor, NewEvent};
use crate::db::{DbConn, DbError, write_tx};
use crate::domain::{CaseEvent, Refusal};
use crate::service::ServiceError;

/// How often a registration is retried when two transactions collide on a key (PostgreSQL only).
pub(crate) const MAX_ATTEMPTS: usize = 20;

/// What the law does not allow, from a domain error: its code, the input it is about and its sentence.
pub(crate) fn refused(e: impl Refusal) -> ServiceError {
    ServiceError::Refused { code: e.code(), field: e.field(), message: e.to_string() }
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub(crate) fn is_retryable(e: &ServiceError) -> bool {
    matches!(
        e,
        ServiceError::Db(DbError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::SerializationFailure,
            _
        )))
    )
}

/// Runs one transition's transaction, then records yesterday's anchor if it is still due.
pub(crate) fn transition<T>(
    conn: &mut DbConn,
    now: DateTime<Utc>,
    f: impl FnOnce(&mut DbConn) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let out = write_tx(conn, f)?;
    crate::service::audit::anchor_due(conn, now);
    Ok(out)
}

/// [`transition`] for registrations, run again when it lost a race on a unique key (two first registrations of
/// a year inserting the same counter at once on PostgreSQL). SQLite's immediate transactions never race.
pub(crate) fn with_retry<T>(
    conn: &mut DbConn,
    now: DateTime<Utc>,
    mut f: impl FnMut(&mut DbConn) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let mut attempt = 1;
    loop {
        match transition(conn, now, &mut f) {
            Err(e) if attempt < MAX_ATTEMPTS && is_retryable(&e) => attempt += 1,
            other => return other,
        }
    }
}

/// The event to append to the chain of case `case_id` (of body `body_id`).
pub(crate) fn new_event<'a, E: CaseEvent>(
    case_id: &'a str,
    body_id: &'a str,
    event: &'a E,
    actor: &'a Actor,
    reason: &'a str,
    now: DateTime<Utc>,
) -> Result<NewEvent<'a>, ServiceError> {
    let payload = serde_json::to_value(event).map_err(|e| DbError::Unavailable(format!("event encoding: {e}")))?;
    Ok(NewEvent {
        case_kind: E::CASE_KIND,
        case_id,
        body_id,
        event_type: event.type_name(),
        payload,
        actor,
        reason,
        recorded_at: now,
    })
}

/// Appends `event` to the chain of case `case_id` (of body `body_id`).
pub(crate) fn append<E: CaseEvent>(
    conn: &mut DbConn,
    case_id: &str,
    body_id: &str,
    event: &E,
    actor: &Actor,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<EventRow, ServiceError> {
    Ok(event_repo::append(conn, new_event(case_id, body_id, event, actor, reason, now)?)?)
}

pub(crate) fn load_events<E: DeserializeOwned>(conn: &mut DbConn, case_id: &str) -> Result<Vec<E>, ServiceError> {
    event_repo::for_case(conn, case_id)?
        .iter()
        .map(|row| {
            serde_json::from_str(&row.payload).map_err(|e| {
                ServiceError::Db(DbError::Query(DieselError::DeserializationError(
                    format!("event {} of case {case_id}: {e}", row.seq).into(),
                )))
            })
        })
        .collect()
}

/// A case's row (`None`: no such case) and its state, replayed from its events by `replay`; a case whose events do
/// not start with its first event is a damaged record, not a missing one.
pub(crate) fn load_case<R, S, E: DeserializeOwned>(
    conn: &mut DbConn,
    what: &'static str,
    id: &str,
    row: Option<R>,
    replay: fn(&[E]) -> Option<S>,
) -> Result<(R, S), ServiceError> {
    let row = row.ok_or_else(|| ServiceError::NotFound { what, key: id.to_owned() })?;
    let events: Vec<E> = load_events(conn, id)?;
    let state = replay(&events).ok_or_else(|| {
        ServiceError::Db(DbError::Query(DieselError::DeserializationError(
            format!("{what} {id} has no first event").into(),
        )))
    })?;
    Ok((row, state))
}

pub(crate) fn check_version(what: &'static str, current: i64, expected: Option<i64>) -> Result<(), ServiceError> {
    match expected {
        Some(v) if v != current => Err(ServiceError::Conflict { what, current }),
        _ => Ok(()),
    }
}
