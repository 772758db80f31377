//! The mail outbox: enqueue in the caller's transaction; claim due rows with a lease (PostgreSQL `FOR UPDATE SKIP
//! LOCKED`, SQLite an immediate transaction), so two workers never send the same row at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::mail::{FailingAddressRow, OutboxRow};
use crate::db::schema::{mail_failing_addresses, mail_opt_outs, mail_outbox};
use crate::db::{DbConn, write_tx};

pub fn insert(conn: &mut DbConn, row: &OutboxRow) -> QueryResult<()> {
    diesel::insert_into(mail_outbox::table).values(row).execute(conn).map(drop)
}

/// Claims up to `limit` due rows (pending, due, not leased by another worker) for `holder` until `lease_until`.
pub fn claim(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    holder: &str,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    write_tx(conn, |conn| {
        let due = mail_outbox::table
            .filter(mail_outbox::status.eq("pending"))
            .filter(mail_outbox::next_attempt_at.le(now))
            .filter(mail_outbox::lease_until.is_null().or(mail_outbox::lease_until.lt(now)))
            .order(mail_outbox::next_attempt_at)
            .limit(limit)
            .select(mail_outbox::id);
        let ids: Vec<String> = match conn {
            DbConn::Pg(c) => due.for_update().skip_locked().load(c)?,
            // SQLite's write transaction (BEGIN IMMEDIATE) already keeps other writers out.
            DbConn::Sqlite(c) => due.load(c)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids)))
            .set((mail_outbox::lease_until.eq(lease_until), mail_outbox::lease_holder.eq(holder)))
            .execute(conn)?;
        mail_outbox::table
            .filter(mail_outbox::id.eq_any(&ids))
            .order(mail_outbox::next_attempt_at)
            .select(OutboxRow::as_select())
            .load(conn)
    })
}

/// The row `id`, still pending, held by `holder`.
macro_rules! held {
    ($id:expr, $holder:expr) => {
        mail_outbox::table
            .find($id)
            .filter(mail_outbox::lease_holder.eq($holder))
            .filter(mail_outbox::status.eq("pending"))
    };
}

/// Extends `holder`'s lease on row `id` to `until`; `false` when the row is no longer `holder`'s (its lease ran
/// out and another worker claimed it) or no longer pending. One statement, so two workers cannot both win.
pub fn renew(conn: &mut DbConn, id: &str, holder: &str, until: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(held!(id, holder)).set(mail_outbox::lease_until.eq(until)).execute(conn).map(|n| n == 1)
}

/// Sent: the variables (which may hold a tracking link) are cleared. `false` (nothing written) when `holder` no
/// longer holds the row.
pub fn mark_sent(conn: &mut DbConn, id: &str, holder: &str, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(held!(id, holder))
        .set((
            mail_outbox::status.eq("sent"),
            mail_outbox::sent_at.eq(at),
            mail_outbox::lease_until.eq(None::<NaiveDateTime>),
            mail_outbox::lease_holder.eq(None::<String>),
            mail_outbox::params_encrypted.eq(""),
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Failed this time: tried again at `next`, or dead. `false` (nothing written) when `holder` no longer holds the
/// row.
pub fn mark_failed(
    conn: &mut DbConn,
    id: &str,
    holder: &str,
    error: &str,
    next: Option<NaiveDateTime>,
) -> QueryResult<bool> {
    let status = if next.is_some() { "pending" } else { "dead" };
    diesel::update(held!(id, holder))
        .set((
            mail_outbox::status.eq(status),
            mail_outbox::last_error.eq(error),
            mail_outbox::lease_until.eq(None::<NaiveDateTime>),
            mail_outbox::lease_holder.eq(None::<String>),
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
            mail_outbox::next_attempt_at.eq(next.unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH.naive_utc())),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Withdraws a planned mail `holder` holds (overtaken before it was sent); `false` when it is not `holder`'s.
pub fn withdraw(conn: &mut DbConn, id: &str, holder: &str) -> QueryResult<bool> {
    diesel::delete(held!(id, holder)).execute(conn).map(|n| n == 1)
}

/// How many rows have `status`.
pub fn count_by_status(conn: &mut DbConn, status: &str) -> QueryResult<i64> {
    mail_outbox::table.filter(mail_outbox::status.eq(status)).count().get_result(conn)
}

pub fn by_status(conn: &mut DbConn, status: &str) -> QueryResult<Vec<OutboxRow>> {
    mail_outbox::table
        .filter(mail_outbox::status.eq(status))
        .order(mail_outbox::created_at)
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Puts dead rows back in the queue, due now.
pub fn retry_dead(conn: &mut DbConn, ids: &[String], now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(mail_outbox::table.filter(mail_outbox::status.eq("dead")).filter(mail_outbox::id.eq_any(ids)))
        .set((mail_outbox::status.eq("pending"), mail_outbox::next_attempt_at.eq(now), mail_outbox::attempts.eq(0)))
        .execute(conn)
}

/// Whether a mail with this key was ever planned.
pub fn key_exists(conn: &mut DbConn, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(mail_outbox::table.filter(mail_outbox::dedupe_key.eq(key)))).get_result(conn)
}

/// Records that the mail server refused `address` for good (replacing an earlier record).
pub fn mark_address_failing(conn: &mut DbConn, address: &str, at: NaiveDateTime, answer: &str) -> QueryResult<()> {
    let key = address.trim().to_lowercase();
    write_tx(conn, |conn| {
        diesel::delete(mail_failing_addresses::table.find(&key)).execute(conn)?;
        diesel::insert_into(mail_failing_addresses::table)
            .values(&FailingAddressRow { address: key.clone(), failed_at: at, answer: answer.to_owned() })
            .execute(conn)
            .map(drop)
    })
}

/// A later mail to the address was accepted: it works again.
pub fn clear_address_failing(conn: &mut DbConn, address: &str) -> QueryResult<()> {
    diesel::delete(mail_failing_addresses::table.find(address.trim().to_lowercase())).execute(conn).map(drop)
}

pub fn failing_address(conn: &mut DbConn, address: &str) -> QueryResult<Option<FailingAddressRow>> {
    mail_failing_addresses::table
        .find(address.trim().to_lowercase())
        .select(FailingAddressRow::as_select())
        .first(conn)
        .optional()
}

/// Dead mail about a case (handled or not), oldest first.
pub fn dead_of_case(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<OutboxRow>> {
    mail_outbox::table
        .filter(mail_outbox::case_id.eq(case_id))
        .filter(mail_outbox::status.eq("dead"))
        .order(mail_outbox::created_at)
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Dead mail about cases that no officer has handled yet.
pub fn unhandled_dead_of_cases(conn: &mut DbConn) -> QueryResult<Vec<OutboxRow>> {
    mail_outbox::table
        .filter(mail_outbox::status.eq("dead"))
        .filter(mail_outbox::case_id.is_not_null())
        .filter(mail_outbox::handled_at.is_null())
        .order(mail_outbox::created_at)
        .select(OutboxRow::as_select())
        .load(conn)
}

/// The officer sent a dead mail's content another way; `false` when it was not dead and unhandled.
pub fn mark_handled(conn: &mut DbConn, id: &str, by: &str, note: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq(id))
            .filter(mail_outbox::status.eq("dead"))
            .filter(mail_outbox::handled_at.is_null()),
    )
    .set((mail_outbox::handled_at.eq(at), mail_outbox::handled_by.eq(by), mail_outbox::handled_note.eq(note)))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<OutboxRow>> {
    mail_outbox::table.find(id).select(OutboxRow::as_select()).first(conn).optional()
}

/// Whether the requester asked for no more reminders.
pub fn opted_out(conn: &mut DbConn, requester_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(mail_opt_outs::table.find(requester_id))).get_result(conn)
}

/// Records an opt-out (idempotent).
pub fn opt_out(conn: &mut DbConn, requester_id: &str, at: NaiveDateTime) -> QueryResult<()> {
    write_tx(conn, |conn| {
        if opted_out(conn, requester_id)? {
            return Ok(());
        }
        diesel::insert_into(mail_opt_outs::table)
            .values((mail_opt_outs::requester_id.eq(requester_id), mail_opt_outs::opted_out_at.eq(at)))
            .execute(conn)
            .map(drop)
    })
}
