//! The workspace's lists: the open work of a queue (requests, objections awaiting the atasan, orders to carry out),
//! each with the requester's name and what was asked; and the officers' search by number, name, NIK or text.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::cases::{ObjectionRow, RequestRow};
use crate::db::schema::{objections, requesters, requests};

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// `s` as a LIKE pattern matching it anywhere, lower-cased, with `\`, `%` and `_` escaped.
fn contains_pattern(s: &str) -> String {
    let mut p = String::from("%");
    for c in s.to_lowercase().chars() {
        if matches!(c, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Requests of some bodies (and one unit) whose number or text — and, with `identity`, the requester's name —
/// contains `text`, or whose requester has the NIK with this blind index; newest first, with the requester's name.
pub fn search_requests(
    conn: &mut DbConn,
    body_ids: &[String],
    unit_id: Option<&str>,
    text: &str,
    identity: bool,
    nik_index: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(RequestRow, String)>> {
    let pattern = contains_pattern(text);
    // Without identity the name and NIK conditions get values that match nothing (names are never empty; no
    // blind index is empty), so one query serves every role.
    let name_pattern = if identity { pattern.clone() } else { String::new() };
    let nik = nik_index.unwrap_or_default();
    let matches = lower(requests::registration_number)
        .like(pattern.clone())
        .escape('\\')
        .or(lower(requests::information).like(pattern).escape('\\'))
        .or(lower(requesters::name).like(name_pattern).escape('\\'))
        .or(requesters::nik_blind_index.eq(nik).assume_not_null());
    let query = requests::table
        .inner_join(requesters::table.on(requesters::id.eq(requests::requester_id)))
        .filter(requests::body_id.eq_any(body_ids))
        .filter(matches)
        .order(requests::received_at.desc())
        .limit(limit)
        .select((RequestRow::as_select(), requesters::name));
    match unit_id {
        Some(unit) => query.filter(requests::unit_id.eq(unit)).load(conn),
        None => query.load(conn),
    }
}

/// Open requests (no written notice yet) of some bodies, nearest deadline first.
pub fn open_requests_of(conn: &mut DbConn, body_ids: &[String]) -> QueryResult<Vec<(RequestRow, String)>> {
    requests::table
        .inner_join(requesters::table.on(requesters::id.eq(requests::requester_id)))
        .filter(requests::body_id.eq_any(body_ids))
        .filter(requests::state.eq_any(["registered", "extended"]))
        .order((requests::notice_due, requests::received_at))
        .select((RequestRow::as_select(), requesters::name))
        .load(conn)
}

/// An objection in a queue: the row, the unit of the request it is about, the requester's name, and what the
/// request asked for.
pub type QueuedObjection = (ObjectionRow, Option<String>, String, Option<String>);

/// The atasan's orders still to carry out in some bodies, nearest deadline first, each with the unit of the
/// request it is about (the unit's PPID Pelaksana carries it out too).
pub fn open_orders_of(conn: &mut DbConn, body_ids: &[String]) -> QueryResult<Vec<QueuedObjection>> {
    objections::table
        .left_join(requests::table.on(objections::request_id.eq(requests::id.nullable())))
        .inner_join(requesters::table.on(requesters::id.eq(objections::requester_id)))
        .filter(objections::body_id.eq_any(body_ids))
        .filter(objections::order_due.is_not_null())
        .filter(objections::order_carried_out_on.is_null())
        .order((objections::order_due, objections::received_at))
        .select((
            ObjectionRow::as_select(),
            requests::unit_id.nullable(),
            requesters::name,
            requests::information.nullable(),
        ))
        .load::<QueuedObjection>(conn)
}

/// Objections awaiting the atasan's decision in some bodies, nearest deadline first.
pub fn open_objections_of(conn: &mut DbConn, body_ids: &[String]) -> QueryResult<Vec<QueuedObjection>> {
    objections::table
        .left_join(requests::table.on(objections::request_id.eq(requests::id.nullable())))
        .inner_join(requesters::table.on(requesters::id.eq(objections::requester_id)))
        .filter(objections::body_id.eq_any(body_ids))
        .filter(objections::state.eq("registered"))
        .order((objections::c4_due, objections::received_at))
        .select((
            ObjectionRow::as_select(),
            requests::unit_id.nullable(),
            requesters::name,
            requests::information.nullable(),
        ))
        .load::<QueuedObjection>(conn)
}

/// Objections in some bodies (of one unit's requests, for a PPID Pelaksana) whose registration number contains
/// `text`, newest first.
pub fn search_objections(
    conn: &mut DbConn,
    body_ids: &[String],
    unit_id: Option<&str>,
    text: &str,
    limit: i64,
) -> QueryResult<Vec<(ObjectionRow, String, Option<String>)>> {
    let query = objections::table
        .left_join(requests::table.on(objections::request_id.eq(requests::id.nullable())))
        .inner_join(requesters::table.on(requesters::id.eq(objections::requester_id)))
        .filter(objections::body_id.eq_any(body_ids))
        .filter(lower(objections::registration_number).like(contains_pattern(text)).escape('\\'))
        .order(objections::received_at.desc())
        .limit(limit)
        .select((ObjectionRow::as_select(), requesters::name, requests::information.nullable()));
    match unit_id {
        Some(unit) => query.filter(requests::unit_id.eq(unit)).load(conn),
        None => query.load(conn),
    }
}
