//! Submission limits, counted in the database so that every instance applies the same limit. Keys (client
//! addresses, emails) are stored only as keyed hashes.

use chrono::{DateTime, Duration, Utc};

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::repo::limits as repo;
use crate::service::ServiceError;

/// One limit: at most `max` hits per `window` for a key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub fn requests_per_ip(max: u32) -> Limit {
        Limit { bucket: "request_ip", max, window: Duration::hours(1) }
    }

    /// "Send me my tracking link again": a few per client address an hour.
    pub fn link_resends_per_ip() -> Limit {
        Limit { bucket: "resend_ip", max: 5, window: Duration::hours(1) }
    }

    /// "Forgot my password": a few per client address an hour.
    pub fn password_resets_per_ip() -> Limit {
        Limit { bucket: "reset_ip", max: 5, window: Duration::hours(1) }
    }

    pub fn requests_per_email(max: u32) -> Limit {
        Limit { bucket: "request_email", max, window: Duration::days(1) }
    }
}

/// Takes one hit from every limit at once, or none: if any key is over its limit, nothing is counted and the answer
/// is when the last of them frees up; otherwise a hit is recorded for each. Call it inside the write transaction
/// that does what is limited (see [`crate::db::write_tx`]), before doing it: the count and the hit are then one
/// step that concurrent submissions queue for, and work that fails afterwards rolls its hit back with it.
pub fn take(
    conn: &mut DbConn,
    secrets: &Secrets,
    limits: &[(Limit, &str)],
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let mut keyed: Vec<(Limit, String)> = limits
        .iter()
        .filter(|(limit, key)| limit.max > 0 && !key.is_empty())
        .map(|(limit, key)| (*limit, secrets.blind_index(key)))
        .collect();
    // One order for every taker, so two submissions sharing two keys cannot wait for each other.
    keyed.sort_by(|a, b| (a.0.bucket, &a.1).cmp(&(b.0.bucket, &b.1)));
    let mut retry_at = None;
    for (limit, hash) in &keyed {
        repo::lock_key(conn, limit.bucket, hash)?;
        retry_at = retry_at.max(free_at(conn, *limit, hash, now)?);
    }
    if retry_at.is_some() {
        return Ok(retry_at);
    }
    for (limit, hash) in &keyed {
        repo::record(conn, limit.bucket, hash, now.naive_utc())?;
    }
    if !keyed.is_empty() {
        repo::prune(conn, (now - Duration::days(2)).naive_utc())?;
    }
    Ok(None)
}

/// Does `work` within the limits: in one write transaction, [`take`] a hit, then the work. `Ok(Err(at))` when a
/// key is over its limit (nothing done, nothing counted; `at` is when to try again); an error from the work rolls
/// its hits back with it, so a refused or failed submission does not count.
pub fn within<T>(
    conn: &mut DbConn,
    secrets: &Secrets,
    limits: &[(Limit, &str)],
    now: DateTime<Utc>,
    work: impl FnOnce(&mut DbConn) -> Result<T, ServiceError>,
) -> Result<Result<T, DateTime<Utc>>, ServiceError> {
    crate::db::write_tx(conn, |conn| match take(conn, secrets, limits, now)? {
        Some(at) => Ok(Err(at)),
        None => work(conn).map(Ok),
    })
}

/// When a key over its limit may submit again; `None` while it is under. `hash` is the key's blind index.
pub(crate) fn free_at(
    conn: &mut DbConn,
    limit: Limit,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let hits = repo::hits_since(conn, limit.bucket, hash, (now - limit.window).naive_utc())?;
    if hits.len() < limit.max as usize {
        return Ok(None);
    }
    // The window frees up when the oldest hit that still counts leaves it.
    let oldest = hits[hits.len() - limit.max as usize];
    Ok(Some(oldest.and_utc() + limit.window))
}
