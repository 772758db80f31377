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

/// Whether a key may submit now; if not, when it may again.
pub fn check(
    conn: &mut DbConn,
    secrets: &Secrets,
    limit: Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ServiceError> {
    if limit.max == 0 {
        return Ok(None);
    }
    let hits = repo::hits_since(conn, limit.bucket, &secrets.blind_index(key), (now - limit.window).naive_utc())?;
    if hits.len() < limit.max as usize {
        return Ok(None);
    }
    // The window frees up when the oldest hit that still counts leaves it.
    let oldest = hits[hits.len() - limit.max as usize];
    Ok(Some(oldest.and_utc() + limit.window))
}

/// Counts a hit, and forgets hits older than a day.
pub fn record(
    conn: &mut DbConn,
    secrets: &Secrets,
    limit: Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if limit.max == 0 {
        return Ok(());
    }
    repo::record(conn, limit.bucket, &secrets.blind_index(key), now.naive_utc())?;
    repo::prune(conn, (now - Duration::days(2)).naive_utc())?;
    Ok(())
}
