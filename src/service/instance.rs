//! The instance's own facts: which secret key its data is encrypted with.
//!
//! The key's fingerprint is kept in the database at the first start. A later start with another key (a mistyped
//! `secret_key`, a key file from another machine) would otherwise run until identity documents fail to decrypt
//! and queued mail goes dead; it is refused instead, with a message that says what to do.

use chrono::{DateTime, Utc};

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::repo::instance as repo;
use crate::service::ServiceError;

const KEY_FINGERPRINT: &str = "secret_key_fingerprint";

/// Why an instance may not start with the key it was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyMismatch {
    #[error(
        "this database was set up with another secret key (fingerprint {kept}); the key given now has fingerprint \
         {given}. Start with the original `secret_key` (from your backup of the configuration or of the key file). \
         Nothing was changed. See docs/operations.md, \"The secret key\"."
    )]
    Fingerprint { kept: String, given: String },
    #[error(
        "the data in this database was encrypted with another secret key than the one given now (fingerprint \
         {given}): it cannot be read with it. Start with the original `secret_key`. Nothing was changed. See \
         docs/operations.md, \"The secret key\"."
    )]
    CannotDecrypt { given: String },
}

/// Checks that `secrets` is the key this database's data is encrypted with, and keeps its fingerprint the first
/// time (for a database made before fingerprints were kept, once one of its encrypted values has been read with
/// the key). `Ok(Err(..))` when it is not the key.
pub fn check_key(
    conn: &mut DbConn,
    secrets: &Secrets,
    now: DateTime<Utc>,
) -> Result<Result<(), KeyMismatch>, ServiceError> {
    let given = secrets.fingerprint();
    if let Some(kept) = repo::fact(conn, KEY_FINGERPRINT)? {
        return Ok(if kept == given { Ok(()) } else { Err(KeyMismatch::Fingerprint { kept, given }) });
    }
    if let Some((id, sealed)) = repo::encrypted_sample(conn)?
        && secrets.decrypt(&sealed, &format!("requester/{id}/nik")).is_err()
    {
        return Ok(Err(KeyMismatch::CannotDecrypt { given }));
    }
    repo::record_fact_once(conn, KEY_FINGERPRINT, &given, now.naive_utc())?;
    // Two instances starting at once with different keys: only the one whose key was kept goes on.
    let kept = repo::fact(conn, KEY_FINGERPRINT)?.unwrap_or_default();
    Ok(if kept == given { Ok(()) } else { Err(KeyMismatch::Fingerprint { kept, given }) })
}
