//! Requesters, registration counters, and the projections of requests, objections and disputes.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::cases::{
    DisputeRow, DocumentRow, IdentityAccessRow, LetterRow, NoteRow, ObjectionRow, RequestRow, RequesterRow,
    ResponseDocumentRow,
};
use crate::db::schema::{
    case_notes, disputes, identity_access_log, letters, objections, registration_counters, requester_documents,
    requesters, requests, response_documents, tracking_links,
};

pub fn insert_requester(conn: &mut DbConn, row: &RequesterRow) -> QueryResult<()> {
    diesel::insert_into(requesters::table).values(row).execute(conn).map(drop)
}

pub fn requester(conn: &mut DbConn, id: &str) -> QueryResult<RequesterRow> {
    requesters::table.find(id).select(RequesterRow::as_select()).first(conn)
}

pub fn requester_opt(conn: &mut DbConn, id: &str) -> QueryResult<Option<RequesterRow>> {
    requesters::table.find(id).select(RequesterRow::as_select()).first(conn).optional()
}

/// The next number in a body's series for a year. The UPDATE takes the counter's row lock (PostgreSQL) inside
/// the caller's write transaction (SQLite: `BEGIN IMMEDIATE`), so concurrent registrations queue and never share
/// or skip a number; a rolled-back registration rolls its number back too. The first registration of a year
/// inserts the counter; two doing so at once collide on the primary key and the loser retries.
pub fn next_seq(conn: &mut DbConn, body_id: &str, series: &str, year: i64) -> QueryResult<i64> {
    let key = registration_counters::table
        .filter(registration_counters::body_id.eq(body_id))
        .filter(registration_counters::series.eq(series))
        .filter(registration_counters::year.eq(year));
    let updated = diesel::update(key)
        .set(registration_counters::last_seq.eq(registration_counters::last_seq + 1))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(registration_counters::table)
            .values((
                registration_counters::body_id.eq(body_id),
                registration_counters::series.eq(series),
                registration_counters::year.eq(year),
                registration_counters::last_seq.eq(1i64),
            ))
            .execute(conn)?;
        return Ok(1);
    }
    key.select(registration_counters::last_seq).first(conn)
}

/// Makes sure the series continues after `seq` (for imported numbers).
pub fn raise_seq(conn: &mut DbConn, body_id: &str, series: &str, year: i64, seq: i64) -> QueryResult<()> {
    let key = registration_counters::table
        .filter(registration_counters::body_id.eq(body_id))
        .filter(registration_counters::series.eq(series))
        .filter(registration_counters::year.eq(year));
    let updated = diesel::update(key.filter(registration_counters::last_seq.lt(seq)))
        .set(registration_counters::last_seq.eq(seq))
        .execute(conn)?;
    let exists: i64 = key.count().get_result(conn)?;
    if updated == 0 && exists == 0 {
        diesel::insert_into(registration_counters::table)
            .values((
                registration_counters::body_id.eq(body_id),
                registration_counters::series.eq(series),
                registration_counters::year.eq(year),
                registration_counters::last_seq.eq(seq),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn request_by_number(conn: &mut DbConn, body_id: &str, number: &str) -> QueryResult<Option<RequestRow>> {
    requests::table
        .filter(requests::body_id.eq(body_id))
        .filter(requests::registration_number.eq(number))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_request(conn: &mut DbConn, row: &RequestRow) -> QueryResult<()> {
    diesel::insert_into(requests::table).values(row).execute(conn).map(drop)
}

pub fn request(conn: &mut DbConn, id: &str) -> QueryResult<Option<RequestRow>> {
    requests::table.find(id).select(RequestRow::as_select()).first(conn).optional()
}

pub fn requests_of_body(conn: &mut DbConn, body_id: &str) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::body_id.eq(body_id))
        .order((requests::registration_year, requests::registration_seq))
        .select(RequestRow::as_select())
        .load(conn)
}

/// Writes a request's projection if its version is still `row.version - 1`; `false` on a conflict.
pub fn update_request(conn: &mut DbConn, row: &RequestRow) -> QueryResult<bool> {
    let n =
        diesel::update(requests::table.filter(requests::id.eq(&row.id)).filter(requests::version.eq(row.version - 1)))
            .set((
                requests::state.eq(&row.state),
                requests::c1_due.eq(row.c1_due),
                requests::c2_due.eq(row.c2_due),
                requests::notice_due.eq(row.notice_due),
                requests::c3_due.eq(row.c3_due),
                requests::calendar_version.eq(row.calendar_version),
                requests::notice_on.eq(row.notice_on),
                requests::decision.eq(&row.decision),
                requests::provided_on.eq(row.provided_on),
                requests::ended_on.eq(row.ended_on),
                requests::unit_id.eq(&row.unit_id),
                requests::text_hidden.eq(row.text_hidden),
                requests::compliance.eq(&row.compliance),
                requests::version.eq(row.version),
                requests::updated_at.eq(row.updated_at),
            ))
            .execute(conn)?;
    Ok(n == 1)
}

/// Open requests (no notice yet) whose applicable deadline is on or after `from`: the clocks a calendar change
/// may move.
pub fn open_requests_due_from(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::state.eq_any(["registered", "extended"]))
        .filter(requests::notice_due.ge(from))
        .select(RequestRow::as_select())
        .load(conn)
}

pub fn insert_objection(conn: &mut DbConn, row: &ObjectionRow) -> QueryResult<()> {
    diesel::insert_into(objections::table).values(row).execute(conn).map(drop)
}

pub fn objection(conn: &mut DbConn, id: &str) -> QueryResult<Option<ObjectionRow>> {
    objections::table.find(id).select(ObjectionRow::as_select()).first(conn).optional()
}

pub fn objections_of_body(conn: &mut DbConn, body_id: &str) -> QueryResult<Vec<ObjectionRow>> {
    objections::table
        .filter(objections::body_id.eq(body_id))
        .order((objections::registration_year, objections::registration_seq))
        .select(ObjectionRow::as_select())
        .load(conn)
}

pub fn update_objection(conn: &mut DbConn, row: &ObjectionRow) -> QueryResult<bool> {
    let n = diesel::update(
        objections::table.filter(objections::id.eq(&row.id)).filter(objections::version.eq(row.version - 1)),
    )
    .set((
        objections::state.eq(&row.state),
        objections::c4_due.eq(row.c4_due),
        // The window to go to the KI moves with the decision and its receipt.
        objections::c5_due.eq(row.c5_due),
        objections::compliance.eq(&row.compliance),
        objections::calendar_version.eq(row.calendar_version),
        objections::decided_on.eq(row.decided_on),
        objections::outcome.eq(&row.outcome),
        objections::order_due.eq(row.order_due),
        objections::order_carried_out_on.eq(row.order_carried_out_on),
        objections::version.eq(row.version),
        objections::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn open_objections_due_from(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<ObjectionRow>> {
    objections::table
        .filter(objections::state.eq("registered"))
        .filter(objections::c4_due.ge(from))
        .select(ObjectionRow::as_select())
        .load(conn)
}

pub fn insert_dispute(conn: &mut DbConn, row: &DisputeRow) -> QueryResult<()> {
    diesel::insert_into(disputes::table).values(row).execute(conn).map(drop)
}

pub fn dispute(conn: &mut DbConn, id: &str) -> QueryResult<Option<DisputeRow>> {
    disputes::table.find(id).select(DisputeRow::as_select()).first(conn).optional()
}

pub fn update_dispute(conn: &mut DbConn, row: &DisputeRow) -> QueryResult<bool> {
    let n =
        diesel::update(disputes::table.filter(disputes::id.eq(&row.id)).filter(disputes::version.eq(row.version - 1)))
            .set((
                disputes::confirmed.eq(row.confirmed),
                disputes::ki_number.eq(&row.ki_number),
                disputes::compliance.eq(&row.compliance),
                disputes::version.eq(row.version),
                disputes::updated_at.eq(row.updated_at),
            ))
            .execute(conn)?;
    Ok(n == 1)
}

/// The request behind a tracking token's hash, by the receipt's link or one sent again, with the stored hash that
/// matched. The caller compares that hash again in constant time.
pub fn request_by_token_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<(RequestRow, String)>> {
    let receipt =
        requests::table.filter(requests::tracking_token_hash.eq(hash)).select(RequestRow::as_select()).first(conn);
    if let Some(row) = receipt.optional()? {
        let stored = row.tracking_token_hash.clone().unwrap_or_default();
        return Ok(Some((row, stored)));
    }
    tracking_links::table
        .inner_join(requests::table.on(requests::id.eq(tracking_links::request_id)))
        .filter(tracking_links::token_hash.eq(hash))
        .select((RequestRow::as_select(), tracking_links::token_hash))
        .first(conn)
        .optional()
}

/// The most links sent again a request keeps (beyond the receipt's): the oldest goes when another is sent.
pub const TRACKING_LINKS_KEPT: i64 = 3;

/// Adds a link sent again to a request, dropping the oldest beyond [`TRACKING_LINKS_KEPT`].
pub fn add_tracking_link(
    conn: &mut DbConn,
    request_id: &str,
    hash: &str,
    now: chrono::NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(tracking_links::table)
        .values((
            tracking_links::token_hash.eq(hash),
            tracking_links::request_id.eq(request_id),
            tracking_links::created_at.eq(now),
        ))
        .execute(conn)?;
    let kept: Vec<String> = tracking_links::table
        .filter(tracking_links::request_id.eq(request_id))
        .order((tracking_links::created_at.desc(), tracking_links::token_hash.desc()))
        .limit(TRACKING_LINKS_KEPT)
        .select(tracking_links::token_hash)
        .load(conn)?;
    diesel::delete(
        tracking_links::table
            .filter(tracking_links::request_id.eq(request_id))
            .filter(tracking_links::token_hash.ne_all(kept)),
    )
    .execute(conn)
    .map(drop)
}

/// Every link sent again of a request stops working (an officer gave the requester a new one).
pub fn drop_tracking_links(conn: &mut DbConn, request_id: &str) -> QueryResult<usize> {
    diesel::delete(tracking_links::table.filter(tracking_links::request_id.eq(request_id))).execute(conn)
}

/// What the tracking page of a request is made from, as numbers that only ever grow: the request's version (every
/// transition and token change bumps it), its body's and unit's versions, the calendar's latest version (entries are only added with a new one),
/// the body's KI assignments and the sum of the KIs' versions (which KI is competent, and its name), and the count and version
/// sum of the request's objections, their disputes and the documents provided, and the count of the case's
/// letters issued (migration 33: their links name their numbers). Rows behind the page are never
/// deleted and requesters never change, so two equal stamps mean the same page (for the same day and language):
/// the rendered-page cache compares one, read from the view `tracking_stamps` (migration 25) in one prepared
/// statement, with the stamp it rendered from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingStamp {
    pub request_id: String,
    pub token_hash: String,
    pub parts: [i64; 12],
}

type StampParts = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

fn stamp_from((request_id, token_hash, p): (String, String, StampParts)) -> TrackingStamp {
    TrackingStamp { request_id, token_hash, parts: [p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, p.8, p.9, p.10, p.11] }
}

macro_rules! stamp_columns {
    ($t:ident) => {
        (
            $t::request_id,
            $t::token_hash,
            (
                $t::request_version,
                $t::body_version,
                $t::unit_version,
                $t::calendar_version,
                $t::ki_assignments,
                $t::ki_versions,
                $t::objections,
                $t::objection_versions,
                $t::disputes,
                $t::dispute_versions,
                $t::documents,
                $t::letters,
            ),
        )
    };
}

pub fn tracking_stamp(conn: &mut DbConn, hash: &str) -> QueryResult<Option<TrackingStamp>> {
    use crate::db::schema::tracking_stamps as t;
    let query = t::table.filter(t::token_hash.eq(hash)).select(stamp_columns!(t));
    // Run on the backend's own connection: through `DbConn` diesel writes the SQL out again on every call to find
    // the prepared statement; typed for one backend it finds it by the query's type alone.
    let found: Option<(String, String, StampParts)> = match conn {
        DbConn::Sqlite(c) => query.first(c).optional()?,
        DbConn::Pg(c) => query.first(c).optional()?,
    };
    Ok(found.map(stamp_from))
}

/// The stamps of several tracking tokens' hashes in one statement (`= ANY($1)` on PostgreSQL, one prepared
/// statement whatever the number), each with its hash; hashes without a request are left out.
pub fn tracking_stamps(conn: &mut DbConn, hashes: &[String]) -> QueryResult<Vec<(String, TrackingStamp)>> {
    use crate::db::schema::tracking_stamps as t;
    let query = t::table.filter(t::token_hash.eq_any(hashes)).select(stamp_columns!(t));
    let found: Vec<(String, String, StampParts)> = match conn {
        DbConn::Sqlite(c) => query.load(c)?,
        DbConn::Pg(c) => query.load(c)?,
    };
    Ok(found.into_iter().map(stamp_from).map(|s| (s.token_hash.clone(), s)).collect())
}

/// One page of a body's requests for the public register, newest first, with the total that match.
pub fn register_page(
    conn: &mut DbConn,
    body_id: &str,
    year: Option<i64>,
    state: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<RequestRow>, i64)> {
    let filtered = || {
        let mut q = requests::table.filter(requests::body_id.eq(body_id.to_owned())).into_boxed();
        if let Some(y) = year {
            q = q.filter(requests::registration_year.eq(y));
        }
        if let Some(s) = state {
            q = q.filter(requests::state.eq(s.to_owned()));
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((requests::registration_year.desc(), requests::registration_seq.desc()))
        .limit(limit)
        .offset(offset)
        .select(RequestRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The years in which a body registered requests, newest first.
pub fn register_years(conn: &mut DbConn, body_id: &str) -> QueryResult<Vec<i64>> {
    requests::table
        .filter(requests::body_id.eq(body_id))
        .select(requests::registration_year)
        .distinct()
        .order(requests::registration_year.desc())
        .load(conn)
}

pub fn objections_of_request(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<ObjectionRow>> {
    objections::table
        .filter(objections::request_id.eq(request_id))
        .order(objections::created_at)
        .select(ObjectionRow::as_select())
        .load(conn)
}

pub fn disputes_of_objection(conn: &mut DbConn, objection_id: &str) -> QueryResult<Vec<DisputeRow>> {
    disputes::table
        .filter(disputes::objection_id.eq(objection_id))
        .order(disputes::created_at)
        .select(DisputeRow::as_select())
        .load(conn)
}

pub fn insert_document(conn: &mut DbConn, row: &DocumentRow) -> QueryResult<()> {
    diesel::insert_into(requester_documents::table).values(row).execute(conn).map(drop)
}

pub fn documents_of(conn: &mut DbConn, requester_id: &str) -> QueryResult<Vec<DocumentRow>> {
    requester_documents::table
        .filter(requester_documents::requester_id.eq(requester_id))
        .order(requester_documents::created_at)
        .select(DocumentRow::as_select())
        .load(conn)
}

pub fn insert_response_document(conn: &mut DbConn, row: &ResponseDocumentRow) -> QueryResult<()> {
    diesel::insert_into(response_documents::table).values(row).execute(conn).map(drop)
}

pub fn response_documents_of(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<ResponseDocumentRow>> {
    response_documents::table
        .filter(response_documents::request_id.eq(request_id))
        .order(response_documents::created_at)
        .select(ResponseDocumentRow::as_select())
        .load(conn)
}

pub fn insert_note(conn: &mut DbConn, row: &NoteRow) -> QueryResult<()> {
    diesel::insert_into(case_notes::table).values(row).execute(conn).map(drop)
}

/// A case's internal notes with their authors' names, oldest first.
pub fn notes_of(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<(NoteRow, String)>> {
    use crate::db::schema::users;
    case_notes::table
        .inner_join(users::table.on(users::id.eq(case_notes::author_id)))
        .filter(case_notes::case_id.eq(case_id))
        .order((case_notes::created_at, case_notes::id))
        .select((NoteRow::as_select(), users::name))
        .load(conn)
}

pub fn letter(conn: &mut DbConn, case_id: &str, kind: &str) -> QueryResult<Option<LetterRow>> {
    letters::table
        .filter(letters::case_id.eq(case_id))
        .filter(letters::kind.eq(kind))
        .select(LetterRow::as_select())
        .first(conn)
        .optional()
}

/// The letters already numbered of these cases (a request and its objections), in one statement.
pub fn letters_of_cases(conn: &mut DbConn, case_ids: &[String]) -> QueryResult<Vec<LetterRow>> {
    letters::table.filter(letters::case_id.eq_any(case_ids)).select(LetterRow::as_select()).load(conn)
}

pub fn insert_letter(conn: &mut DbConn, row: &LetterRow) -> QueryResult<()> {
    diesel::insert_into(letters::table).values(row).execute(conn).map(drop)
}

/// Where a register page starts: after this row in (received_at, id) order.
pub type RegisterCursor = (chrono::NaiveDateTime, String);

/// `(table.received_at, table.id) > (at, id)` as a row-value comparison: both databases then walk the register
/// index from the cursor, so every page costs the same however deep the export is. (The equivalent `a > x OR
/// (a = x AND b > y)` made PostgreSQL read and sort every row after the cursor: 115 ms a page at 250,000 rows,
/// against 4 ms.)
macro_rules! after_cursor {
    ($table:literal, $at:expr, $id:expr) => {
        diesel::dsl::sql::<diesel::sql_types::Bool>(concat!("(", $table, ".received_at, ", $table, ".id) > ("))
            .bind::<diesel::sql_types::Timestamp, _>($at)
            .sql(", ")
            .bind::<diesel::sql_types::Text, _>($id.to_owned())
            .sql(")")
    };
}

/// One page of the internal register of requests (with the requesters), oldest first, after `after`.
pub fn request_register_page(
    conn: &mut DbConn,
    body_ids: &[String],
    unit_id: Option<&str>,
    year: Option<i64>,
    after: Option<&RegisterCursor>,
    limit: i64,
) -> QueryResult<Vec<(RequestRow, RequesterRow)>> {
    let mut q = requests::table
        .inner_join(requesters::table.on(requesters::id.eq(requests::requester_id)))
        .filter(requests::body_id.eq_any(body_ids.to_vec()))
        .into_boxed();
    if let Some(unit) = unit_id {
        q = q.filter(requests::unit_id.eq(unit.to_owned()));
    }
    if let Some(y) = year {
        q = q.filter(requests::registration_year.eq(y));
    }
    if let Some((at, id)) = after {
        q = q.filter(after_cursor!("requests", *at, id));
    }
    q.order((requests::received_at, requests::id))
        .limit(limit)
        .select((RequestRow::as_select(), RequesterRow::as_select()))
        .load(conn)
}

/// One page of the register of objections (with the requesters), oldest first, after `after`.
pub fn objection_register_page(
    conn: &mut DbConn,
    body_ids: &[String],
    request_unit: Option<&str>,
    year: Option<i64>,
    after: Option<&RegisterCursor>,
    limit: i64,
) -> QueryResult<Vec<(ObjectionRow, RequesterRow)>> {
    let mut q = objections::table
        .inner_join(requesters::table.on(requesters::id.eq(objections::requester_id)))
        .filter(objections::body_id.eq_any(body_ids.to_vec()))
        .into_boxed();
    if let Some(unit) = request_unit {
        let of_unit = requests::table.filter(requests::unit_id.eq(unit.to_owned())).select(requests::id.nullable());
        q = q.filter(objections::request_id.eq_any(of_unit));
    }
    if let Some(y) = year {
        q = q.filter(objections::registration_year.eq(y));
    }
    if let Some((at, id)) = after {
        q = q.filter(after_cursor!("objections", *at, id));
    }
    q.order((objections::received_at, objections::id))
        .limit(limit)
        .select((ObjectionRow::as_select(), RequesterRow::as_select()))
        .load(conn)
}

/// Registration numbers of some requests, by id.
pub fn request_numbers(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    requests::table.filter(requests::id.eq_any(ids)).select((requests::id, requests::registration_number)).load(conn)
}

pub fn log_identity_access(conn: &mut DbConn, row: &IdentityAccessRow) -> QueryResult<()> {
    diesel::insert_into(identity_access_log::table).values(row).execute(conn).map(drop)
}

/// A case's identity accesses with the names of who accessed, newest first.
pub fn identity_accesses(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<(IdentityAccessRow, String)>> {
    use crate::db::schema::users;
    identity_access_log::table
        .inner_join(users::table.on(users::id.eq(identity_access_log::user_id)))
        .filter(identity_access_log::case_id.eq(case_id))
        .order(identity_access_log::at.desc())
        .select((IdentityAccessRow::as_select(), users::name))
        .load(conn)
}

/// A request by its registration number in any body (numbers carry the body's code).
pub fn request_by_number_anywhere(conn: &mut DbConn, number: &str) -> QueryResult<Option<RequestRow>> {
    requests::table
        .filter(requests::registration_number.eq(number))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_tracking_token_hash(conn: &mut DbConn, id: &str, hash: &str) -> QueryResult<()> {
    diesel::update(requests::table.find(id)).set(requests::tracking_token_hash.eq(hash)).execute(conn).map(drop)
}

/// Whether the requester of the row (`requester_id` column) has opted out of reminders.
macro_rules! opted_out {
    ($requester:expr) => {
        diesel::dsl::exists(
            crate::db::schema::mail_opt_outs::table
                .filter(crate::db::schema::mail_opt_outs::requester_id.eq($requester)),
        )
    };
}

/// Whether the outbox holds a mail planned under `prefix` followed by the id column `id`.
macro_rules! planned {
    ($prefix:literal, $id:expr) => {
        diesel::dsl::exists(
            crate::db::schema::mail_outbox::table.filter(
                crate::db::schema::mail_outbox::dedupe_key.nullable().eq(diesel::IntoSql::into_sql::<
                    diesel::sql_types::Text,
                >($prefix)
                .concat($id)
                .nullable()),
            ),
        )
    };
}

/// Open requests past their notice deadline whose requester can be told and has not been yet (the overdue-notice
/// planner's candidates; `overdue/{id}` is the key of that mail).
pub fn overdue_requests(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::state.eq_any(["registered", "extended"]))
        .filter(requests::notice_due.lt(today))
        .filter(requests::requester_mailable.eq(true))
        .filter(diesel::dsl::not(planned!("overdue/", requests::id)))
        .filter(diesel::dsl::not(opted_out!(requests::requester_id)))
        .order(requests::notice_due)
        .select(RequestRow::as_select())
        .load(conn)
}

/// Requests whose objection window (C3) closes between `from` and `to`, with no objection yet, whose requester can be
/// reminded and has not been yet (`remind-objection/{id}`), for the reminder planner.
pub fn objection_window_closing(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::c3_due.ge(from))
        .filter(requests::c3_due.le(to))
        .filter(requests::state.ne("withdrawn"))
        .filter(requests::requester_mailable.eq(true))
        .filter(diesel::dsl::not(planned!("remind-objection/", requests::id)))
        .filter(diesel::dsl::not(opted_out!(requests::requester_id)))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            objections::table.filter(objections::request_id.eq(requests::id.nullable())),
        )))
        .order(requests::c3_due)
        .select(RequestRow::as_select())
        .load(conn)
}

/// Objections whose window to go to the KI (C5) closes between `from` and `to`, with no dispute yet, whose requester
/// can be reminded and has not been yet (`remind-dispute/{id}`), for the reminder planner.
pub fn dispute_window_closing(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<ObjectionRow>> {
    objections::table
        .filter(objections::c5_due.ge(from))
        .filter(objections::c5_due.le(to))
        .filter(objections::state.ne("withdrawn"))
        .filter(objections::requester_mailable.eq(true))
        .filter(diesel::dsl::not(planned!("remind-dispute/", objections::id)))
        .filter(diesel::dsl::not(opted_out!(objections::requester_id)))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            disputes::table.filter(disputes::objection_id.eq(objections::id)),
        )))
        .order(objections::c5_due)
        .select(ObjectionRow::as_select())
        .load(conn)
}

/// Requests that have not contributed to the compliance rollup yet (made before it existed).
pub fn without_compliance(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<String>> {
    requests::table.filter(requests::compliance.eq("")).select(requests::id).order(requests::id).limit(limit).load(conn)
}

/// Records what a request contributed to the rollup (the backfill; transitions write it with the row).
pub fn set_compliance(conn: &mut DbConn, id: &str, compliance: &str) -> QueryResult<()> {
    diesel::update(requests::table.find(id)).set(requests::compliance.eq(compliance)).execute(conn).map(drop)
}

/// Objections that have not contributed to the compliance rollup yet.
pub fn objections_without_compliance(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<String>> {
    objections::table
        .filter(objections::compliance.eq(""))
        .select(objections::id)
        .order(objections::id)
        .limit(limit)
        .load(conn)
}

pub fn set_objection_compliance(conn: &mut DbConn, id: &str, compliance: &str) -> QueryResult<()> {
    diesel::update(objections::table.find(id)).set(objections::compliance.eq(compliance)).execute(conn).map(drop)
}

/// Disputes that have not contributed to the compliance rollup yet.
pub fn disputes_without_compliance(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<String>> {
    disputes::table.filter(disputes::compliance.eq("")).select(disputes::id).order(disputes::id).limit(limit).load(conn)
}

pub fn set_dispute_compliance(conn: &mut DbConn, id: &str, compliance: &str) -> QueryResult<()> {
    diesel::update(disputes::table.find(id)).set(disputes::compliance.eq(compliance)).execute(conn).map(drop)
}

/// Objections with this registration number (in any body; numbers carry the body's code, so at most one in practice).
pub fn objections_by_number(conn: &mut DbConn, number: &str) -> QueryResult<Vec<ObjectionRow>> {
    objections::table.filter(objections::registration_number.eq(number)).select(ObjectionRow::as_select()).load(conn)
}

// Batched writes, for writers that decide many transitions before writing them (the demo). Each writes its rows in
// statements of many rows; a row whose id exists replaces the columns a transition may change (those the single
// `update_…` functions above write).

pub fn insert_requesters(conn: &mut DbConn, rows: &[RequesterRow]) -> QueryResult<()> {
    crate::db::insert_batches!(conn, requesters::table, rows, 17);
    Ok(())
}

pub fn save_requests(conn: &mut DbConn, rows: &[RequestRow]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    crate::db::insert_batches!(conn, requests::table, rows, 32, on_conflict(requests::id) set((
        requests::state.eq(excluded(requests::state)),
        requests::c1_due.eq(excluded(requests::c1_due)),
        requests::c2_due.eq(excluded(requests::c2_due)),
        requests::notice_due.eq(excluded(requests::notice_due)),
        requests::c3_due.eq(excluded(requests::c3_due)),
        requests::calendar_version.eq(excluded(requests::calendar_version)),
        requests::notice_on.eq(excluded(requests::notice_on)),
        requests::decision.eq(excluded(requests::decision)),
        requests::provided_on.eq(excluded(requests::provided_on)),
        requests::ended_on.eq(excluded(requests::ended_on)),
        requests::unit_id.eq(excluded(requests::unit_id)),
        requests::text_hidden.eq(excluded(requests::text_hidden)),
        requests::compliance.eq(excluded(requests::compliance)),
        requests::version.eq(excluded(requests::version)),
        requests::updated_at.eq(excluded(requests::updated_at)),
    )));
    Ok(())
}

pub fn save_objections(conn: &mut DbConn, rows: &[ObjectionRow]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    crate::db::insert_batches!(conn, objections::table, rows, 26, on_conflict(objections::id) set((
        objections::state.eq(excluded(objections::state)),
        objections::c4_due.eq(excluded(objections::c4_due)),
        objections::c5_due.eq(excluded(objections::c5_due)),
        objections::compliance.eq(excluded(objections::compliance)),
        objections::calendar_version.eq(excluded(objections::calendar_version)),
        objections::decided_on.eq(excluded(objections::decided_on)),
        objections::outcome.eq(excluded(objections::outcome)),
        objections::version.eq(excluded(objections::version)),
        objections::updated_at.eq(excluded(objections::updated_at)),
    )));
    Ok(())
}

pub fn save_disputes(conn: &mut DbConn, rows: &[DisputeRow]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    crate::db::insert_batches!(conn, disputes::table, rows, 13, on_conflict(disputes::id) set((
        disputes::confirmed.eq(excluded(disputes::confirmed)),
        disputes::ki_number.eq(excluded(disputes::ki_number)),
        disputes::compliance.eq(excluded(disputes::compliance)),
        disputes::version.eq(excluded(disputes::version)),
        disputes::updated_at.eq(excluded(disputes::updated_at)),
    )));
    Ok(())
}

/// Sets registration counters to `(body_id, series, year, last_seq)` (creating them as needed).
pub fn set_counters(conn: &mut DbConn, rows: &[(String, &'static str, i64, i64)]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    let rows: Vec<_> = rows
        .iter()
        .map(|(body, series, year, seq)| {
            (
                registration_counters::body_id.eq(body),
                registration_counters::series.eq(*series),
                registration_counters::year.eq(*year),
                registration_counters::last_seq.eq(*seq),
            )
        })
        .collect();
    let key = (registration_counters::body_id, registration_counters::series, registration_counters::year);
    crate::db::insert_batches!(conn, registration_counters::table, rows, 4, on_conflict(key) set(
        registration_counters::last_seq.eq(excluded(registration_counters::last_seq))
    ));
    Ok(())
}
