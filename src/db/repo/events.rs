//! The append-only event log: one hash chain per case, and the daily anchors over all chain heads.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};
use diesel::prelude::*;
use serde_json::Value;

use crate::db::DbConn;
use crate::db::models::cases::{AnchorRow, EventRow};
use crate::db::schema::{case_events, chain_anchors};
use crate::domain::evidence::{EventContent, GENESIS};

/// Who caused an event. Ids only, never names (domain.md §8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    System,
    Requester,
    Officer,
    Atasan,
    Admin,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::System => "system",
            ActorKind::Requester => "requester",
            ActorKind::Officer => "officer",
            ActorKind::Atasan => "atasan",
            ActorKind::Admin => "admin",
        }
    }
}

impl Actor {
    pub fn system() -> Actor {
        Actor { kind: ActorKind::System, id: None }
    }

    pub fn new(kind: ActorKind, id: impl Into<String>) -> Actor {
        Actor { kind, id: Some(id.into()) }
    }
}

/// Both databases keep microseconds; the hash is computed over what is stored.
pub fn storage_time(t: DateTime<Utc>) -> NaiveDateTime {
    let n = t.naive_utc();
    n.with_nanosecond(n.nanosecond() / 1000 * 1000).expect("valid nanosecond")
}

/// The timestamp as it enters the hash.
pub fn hash_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Recomputes the hash an event row should have.
pub fn expected_hash(row: &EventRow) -> Result<String, serde_json::Error> {
    let payload: Value = serde_json::from_str(&row.payload)?;
    Ok(EventContent {
        case_kind: &row.case_kind,
        case_id: &row.case_id,
        seq: row.seq,
        body_id: &row.body_id,
        event_type: &row.event_type,
        payload: &payload,
        actor_kind: &row.actor_kind,
        actor_id: row.actor_id.as_deref(),
        reason: &row.reason,
        recorded_at: &hash_time(row.recorded_at),
        prev_hash: &row.prev_hash,
    }
    .hash())
}

/// One event to append.
pub struct NewEvent<'a> {
    pub case_kind: &'a str,
    pub case_id: &'a str,
    pub body_id: &'a str,
    pub event_type: &'a str,
    pub payload: Value,
    pub actor: &'a Actor,
    pub reason: &'a str,
    pub recorded_at: DateTime<Utc>,
}

/// The row of event `e` at position `seq` of its chain, after the event whose hash is `prev_hash`
/// ([`GENESIS`] for the first): a new id, the payload as canonical JSON, the time as stored, and its hash.
pub fn event_row(e: NewEvent<'_>, seq: i64, prev_hash: String) -> EventRow {
    let mut row = EventRow {
        id: uuid::Uuid::now_v7().to_string(),
        case_kind: e.case_kind.to_owned(),
        case_id: e.case_id.to_owned(),
        seq,
        body_id: e.body_id.to_owned(),
        event_type: e.event_type.to_owned(),
        payload: crate::domain::evidence::canonical_json(&e.payload),
        actor_kind: e.actor.kind.as_str().to_owned(),
        actor_id: e.actor.id.clone(),
        reason: e.reason.trim().to_owned(),
        recorded_at: storage_time(e.recorded_at),
        prev_hash,
        hash: String::new(),
    };
    row.hash = expected_hash(&row).expect("canonical JSON parses");
    row
}

/// Appends an event at the head of its case's chain. Call inside the transition's write transaction; a
/// concurrent append to the same case fails on the unique (case_id, seq) key instead of forking the chain.
pub fn append(conn: &mut DbConn, e: NewEvent<'_>) -> QueryResult<EventRow> {
    let last: Option<(i64, String)> = case_events::table
        .filter(case_events::case_id.eq(e.case_id))
        .order(case_events::seq.desc())
        .select((case_events::seq, case_events::hash))
        .first(conn)
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let row = event_row(e, seq, prev_hash);
    diesel::insert_into(case_events::table).values(&row).execute(conn)?;
    Ok(row)
}

/// Inserts events whose rows were made by [`event_row`] (for writers that batch, like the demo), in statements
/// of many rows.
pub fn insert_all(conn: &mut DbConn, rows: &[EventRow]) -> QueryResult<()> {
    crate::db::insert_batches!(conn, case_events::table, rows, 13);
    Ok(())
}

/// A case's events in chain order.
pub fn for_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<EventRow>> {
    case_events::table
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::seq)
        .select(EventRow::as_select())
        .load(conn)
}

/// Every event, grouped by case in chain order (for verification).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<EventRow>> {
    case_events::table.order((case_events::case_id, case_events::seq)).select(EventRow::as_select()).load(conn)
}

/// Whether any event was recorded from `from` (inclusive) to `before`. Asked after every transition, so it must
/// stay cheap at any size: `min()` over the index is one index probe on both databases, whatever the planner's
/// statistics say (an `EXISTS … WHERE recorded_at < ?` let PostgreSQL choose a sequential scan on a freshly grown
/// table).
pub fn any_between(conn: &mut DbConn, from: Option<NaiveDateTime>, before: NaiveDateTime) -> QueryResult<bool> {
    let mut q = case_events::table.select(diesel::dsl::min(case_events::recorded_at)).into_boxed();
    if let Some(from) = from {
        q = q.filter(case_events::recorded_at.ge(from));
    }
    let first: Option<NaiveDateTime> = q.first(conn)?;
    Ok(first.is_some_and(|t| t < before))
}

/// The last event of each case that changed from `from` (inclusive; `None`: from the beginning) to `before`:
/// `(case_id, seq, hash)`, sorted by case id. Reads only that window's events (by the `recorded_at` index).
pub fn heads_between(
    conn: &mut DbConn,
    from: Option<NaiveDateTime>,
    before: NaiveDateTime,
) -> QueryResult<Vec<(String, i64, String)>> {
    let mut q = case_events::table.filter(case_events::recorded_at.lt(before)).into_boxed();
    if let Some(from) = from {
        q = q.filter(case_events::recorded_at.ge(from));
    }
    let mut rows: Vec<(String, i64, String)> =
        q.select((case_events::case_id, case_events::seq, case_events::hash)).load(conn)?;
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut heads: Vec<(String, i64, String)> = Vec::new();
    for r in rows {
        match heads.last_mut() {
            Some(last) if last.0 == r.0 => *last = r,
            _ => heads.push(r),
        }
    }
    Ok(heads)
}

/// One page of events in chain order (case, then seq), after `(case_id, seq)` if given.
pub fn page_after(conn: &mut DbConn, after: Option<(&str, i64)>, limit: i64) -> QueryResult<Vec<EventRow>> {
    let mut q = case_events::table.into_boxed();
    if let Some((case, seq)) = after {
        // A row-value comparison, so both databases walk the primary key from the cursor (see repo::cases).
        q = q.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("(case_events.case_id, case_events.seq) > (")
                .bind::<diesel::sql_types::Text, _>(case.to_owned())
                .sql(", ")
                .bind::<diesel::sql_types::BigInt, _>(seq)
                .sql(")"),
        );
    }
    q.order((case_events::case_id, case_events::seq)).limit(limit).select(EventRow::as_select()).load(conn)
}

/// The hashes of the given `(case_id, seq)` events that exist.
pub fn hashes_of(conn: &mut DbConn, case_ids: &[String]) -> QueryResult<Vec<(String, i64, String)>> {
    case_events::table
        .filter(case_events::case_id.eq_any(case_ids.to_vec()))
        .select((case_events::case_id, case_events::seq, case_events::hash))
        .load(conn)
}

pub fn anchors(conn: &mut DbConn) -> QueryResult<Vec<AnchorRow>> {
    chain_anchors::table.order(chain_anchors::anchor_date).select(AnchorRow::as_select()).load(conn)
}

pub fn latest_anchor(conn: &mut DbConn) -> QueryResult<Option<AnchorRow>> {
    chain_anchors::table.order(chain_anchors::anchor_date.desc()).select(AnchorRow::as_select()).first(conn).optional()
}

pub fn insert_anchor(conn: &mut DbConn, row: &AnchorRow) -> QueryResult<()> {
    diesel::insert_into(chain_anchors::table).values(row).execute(conn).map(drop)
}

/// The events of these types of some cases, in chain order (for registers: one query per page of rows).
pub fn of_types(conn: &mut DbConn, case_ids: &[String], types: &[&str]) -> QueryResult<Vec<EventRow>> {
    case_events::table
        .filter(case_events::case_id.eq_any(case_ids))
        .filter(case_events::event_type.eq_any(types))
        .order((case_events::case_id, case_events::seq))
        .select(EventRow::as_select())
        .load(conn)
}

/// The anchors on or after `from` whose list of heads names `case_id` (the anchors that commit to that chain).
pub fn anchors_naming(conn: &mut DbConn, case_id: &str, from: NaiveDate) -> QueryResult<Vec<AnchorRow>> {
    chain_anchors::table
        .filter(chain_anchors::anchor_date.ge(from))
        .filter(chain_anchors::heads.like(format!("%\"{case_id}\"%")))
        .order(chain_anchors::anchor_date)
        .select(AnchorRow::as_select())
        .load(conn)
}
