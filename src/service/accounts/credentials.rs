//! What every part of accounts shares: ids, password hashes, saving an account under its version, and starting a
//! session.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};

use crate::crypto::{new_token, token_hash};
use crate::db::DbConn;
use crate::db::models::accounts::{SessionRow, UserRow};
use crate::db::repo::accounts as repo;
use crate::domain::account::PasswordProblem;
use crate::service::ServiceError;

/// A session ends after this long without use…
pub const SESSION_IDLE: Duration = Duration::hours(8);
/// …and in any case this long after sign-in.
pub const SESSION_MAX: Duration = Duration::days(7);

pub(super) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub(super) fn hash_password(password: &str) -> String {
    Argon2::default().hash_password(password.as_bytes()).expect("hashing a valid password cannot fail").to_string()
}

pub(super) fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

pub(super) fn user_or_not_found(conn: &mut DbConn, username: &str) -> Result<UserRow, ServiceError> {
    repo::user_by_username(conn, &username.trim().to_lowercase())?
        .ok_or_else(|| ServiceError::NotFound { what: "user", key: username.to_owned() })
}

pub(super) fn save(conn: &mut DbConn, user: &mut UserRow, now: DateTime<Utc>) -> Result<(), ServiceError> {
    user.version += 1;
    user.updated_at = now.naive_utc();
    if !repo::update_user(conn, user)? {
        return Err(ServiceError::Conflict { what: "the account", current: user.version });
    }
    Ok(())
}

/// A signed-in session: the cookie value (shown once) and its row.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub user: UserRow,
}

pub(super) fn start_session(conn: &mut DbConn, user: &UserRow, now: DateTime<Utc>) -> Result<NewSession, ServiceError> {
    let token = new_token();
    repo::insert_session(
        conn,
        &SessionRow {
            token_hash: token_hash(&token),
            user_id: user.id.clone(),
            csrf_token: new_token(),
            created_at: now.naive_utc(),
            last_seen_at: now.naive_utc(),
            expires_at: (now + SESSION_IDLE).naive_utc(),
        },
    )?;
    Ok(NewSession { token, user: user.clone() })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("the current password is wrong")]
    WrongCurrent,
    #[error("{0}")]
    Password(PasswordProblem),
}
