//! Counting submissions for rate limits.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::rate_limit_hits;

/// Holds back any other transaction counting the same key until this one ends, so that counting and recording a hit
/// are one step: on PostgreSQL a transaction-scoped advisory lock on the key; on SQLite the write transaction
/// (`BEGIN IMMEDIATE`) already holds the only write lock.
pub fn lock_key(conn: &mut DbConn, bucket: &str, key_hash: &str) -> QueryResult<()> {
    crate::db::lock_key_for_transaction(conn, 7302, &format!("{bucket}:{key_hash}"))
}

/// The times of a key's hits since `since`, oldest first.
pub fn hits_since(
    conn: &mut DbConn,
    bucket: &str,
    key_hash: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    rate_limit_hits::table
        .filter(rate_limit_hits::bucket.eq(bucket))
        .filter(rate_limit_hits::key_hash.eq(key_hash))
        .filter(rate_limit_hits::at.gt(since))
        .order(rate_limit_hits::at)
        .select(rate_limit_hits::at)
        .load(conn)
}

pub fn record(conn: &mut DbConn, bucket: &str, key_hash: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(rate_limit_hits::table)
        .values((
            rate_limit_hits::id.eq(uuid::Uuid::now_v7().to_string()),
            rate_limit_hits::bucket.eq(bucket),
            rate_limit_hits::key_hash.eq(key_hash),
            rate_limit_hits::at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// Forgets a key's hits (a failure count that a success ends).
pub fn forget(conn: &mut DbConn, bucket: &str, key_hash: &str) -> QueryResult<usize> {
    diesel::delete(
        rate_limit_hits::table
            .filter(rate_limit_hits::bucket.eq(bucket))
            .filter(rate_limit_hits::key_hash.eq(key_hash)),
    )
    .execute(conn)
}

/// Forgets hits older than `before` (they no longer count in any window).
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(rate_limit_hits::table.filter(rate_limit_hits::at.lt(before))).execute(conn)
}
