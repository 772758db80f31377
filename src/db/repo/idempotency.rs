//! The first answers to submissions, by idempotency key (see `service::idempotency`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::idempotency_keys;

/// A kept answer.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    pub scope: String,
    pub key_hash: String,
    pub request_hash: String,
    pub status: i32,
    pub body_encrypted: String,
    pub created_at: NaiveDateTime,
}

/// Holds back any other transaction asking about the same key until this one ends: on PostgreSQL a
/// transaction-scoped advisory lock; on SQLite the write transaction (`BEGIN IMMEDIATE`) already holds the only
/// write lock.
pub fn lock(conn: &mut DbConn, scope: &str, key_hash: &str) -> QueryResult<()> {
    crate::db::lock_key_for_transaction(conn, 7304, &format!("{scope}:{key_hash}"))
}

/// The answer kept for the key since `since`, if any.
pub fn find(
    conn: &mut DbConn,
    scope: &str,
    key_hash: &str,
    since: NaiveDateTime,
) -> QueryResult<Option<IdempotencyRow>> {
    idempotency_keys::table
        .find((scope, key_hash))
        .filter(idempotency_keys::created_at.ge(since))
        .select(IdempotencyRow::as_select())
        .first(conn)
        .optional()
}

/// Keeps an answer, replacing an expired one for the same key; answers kept before `expired_before` are dropped.
pub fn keep(conn: &mut DbConn, row: &IdempotencyRow, expired_before: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(expired_before))).execute(conn)?;
    diesel::delete(idempotency_keys::table.find((&row.scope, &row.key_hash))).execute(conn)?;
    diesel::insert_into(idempotency_keys::table).values(row).execute(conn).map(drop)
}
