//! Retried submissions answered once. A client that lost the answer to a submission sends it again; with the same
//! key (the API's `Idempotency-Key` header, or the request form's own single-use token) it gets the first answer
//! again — the same receipt, the same number — instead of making a second request. Answers are kept for a day.
//!
//! [`once`] runs the work and keeps its answer in the **same write transaction**, after taking a lock on the key:
//! a retry that arrives while the first is still running waits for it and then gets its answer; a crash before the
//! commit keeps neither, so the retry does the work (once). Only answers that did something are kept (2xx and
//! 3xx); a refusal (invalid input, a rate limit) is not, so a corrected retry with the same key goes through.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::repo::idempotency::{self as repo, IdempotencyRow};
use crate::service::ServiceError;

/// How long a first answer is given again.
pub const KEEP: Duration = Duration::days(1);
/// The longest key accepted.
pub const MAX_KEY_LENGTH: usize = 255;

/// What a client sent, to be answered once: `scope` keeps apart keys that are not the same client's (the endpoint,
/// and the signed-in person where there is one); `request` is what was sent, so that a key reused for something
/// else is refused rather than answered with another submission's receipt.
pub struct Submission<'a> {
    pub scope: &'a str,
    pub key: &'a str,
    pub request: &'a [u8],
}

/// An answer: the status, the `Location` (empty for none), and the body. Both are kept encrypted (either may carry
/// a tracking link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub location: String,
    pub body: String,
}

/// What [`once`] gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// The work ran now: its answer, and what else it returned.
    Done(Answer, T),
    /// The key was answered before (within [`KEEP`]): that answer.
    Replayed(Answer),
    /// The key was used within [`KEEP`] for a different submission: nothing was done.
    KeyReused,
}

/// Whether `key` can be an idempotency key: 1 to [`MAX_KEY_LENGTH`] visible ASCII characters (a UUID, say).
pub fn valid_key(key: &str) -> bool {
    (1..=MAX_KEY_LENGTH).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Runs `work` once per submission's key (see the module's description); without a key, simply runs it. `work`
/// runs inside the write transaction, which `once` opens.
pub fn once<T>(
    conn: &mut DbConn,
    secrets: &Secrets,
    submission: Option<&Submission<'_>>,
    now: DateTime<Utc>,
    work: impl FnOnce(&mut DbConn) -> Result<(Answer, T), ServiceError>,
) -> Result<Outcome<T>, ServiceError> {
    crate::db::write_tx(conn, |conn| {
        let Some(s) = submission else {
            let (answer, value) = work(conn)?;
            return Ok(Outcome::Done(answer, value));
        };
        let key_hash = secrets.blind_index(&format!("idempotency\0{}\0{}", s.scope, s.key));
        let request_hash = hex::encode(Sha256::digest(s.request));
        repo::lock(conn, s.scope, &key_hash)?;
        if let Some(row) = repo::find(conn, s.scope, &key_hash, (now - KEEP).naive_utc())? {
            if row.request_hash != request_hash {
                return Ok(Outcome::KeyReused);
            }
            let unreadable =
                |e: String| ServiceError::Db(crate::db::DbError::Unavailable(format!("a kept answer: {e}")));
            let sealed = secrets
                .decrypt(&row.body_encrypted, &context(s.scope, &key_hash))
                .map_err(|e| unreadable(e.to_string()))?;
            let sealed: serde_json::Value = serde_json::from_slice(&sealed).map_err(|e| unreadable(e.to_string()))?;
            let text = |name: &str| sealed[name].as_str().unwrap_or_default().to_owned();
            let answer = Answer { status: row.status as u16, location: text("location"), body: text("body") };
            return Ok(Outcome::Replayed(answer));
        }
        let (answer, value) = work(conn)?;
        if (200..400).contains(&answer.status) {
            // The location may carry a tracking link too: kept encrypted with the body.
            let sealed = serde_json::json!({ "location": answer.location, "body": answer.body }).to_string();
            let row = IdempotencyRow {
                scope: s.scope.to_owned(),
                body_encrypted: secrets.encrypt(sealed.as_bytes(), &context(s.scope, &key_hash)),
                key_hash,
                request_hash,
                status: i32::from(answer.status),
                created_at: now.naive_utc(),
            };
            repo::keep(conn, &row, (now - KEEP).naive_utc())?;
        }
        Ok(Outcome::Done(answer, value))
    })
}

/// What binds a kept answer to its key.
fn context(scope: &str, key_hash: &str) -> String {
    format!("idempotency/{scope}/{key_hash}")
}
