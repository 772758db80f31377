//! Officers' API tokens for other e-PPID systems: each acts as its account (same role and scope), is shown once,
//! kept as SHA-256, and can be revoked by its owner or an administrator. A disabled account's tokens stop working;
//! a password reset or change ends them (see `accounts`), since whoever held the old password may have made them.

use chrono::{DateTime, Utc};

use crate::crypto::{new_token, token_hash};
use crate::db::models::accounts::{ApiTokenRow, UserRow};
use crate::db::repo::accounts as repo;
use crate::db::{DbConn, write_tx};
use crate::service::ServiceError;

/// What an API token looks like: a prefix that tells it from tracking tokens, then 256 random bits.
pub const API_TOKEN_PREFIX: &str = "tbk_";

/// A new API token for the account, shown once.
pub fn create_api_token(
    conn: &mut DbConn,
    user: &UserRow,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(ApiTokenRow, String), ServiceError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServiceError::invalid(
            "name",
            if name.is_empty() { "required" } else { "too_long" },
            "1 to 100 characters",
        ));
    }
    let token = format!("{API_TOKEN_PREFIX}{}", new_token());
    let row = ApiTokenRow {
        id: uuid::Uuid::now_v7().to_string(),
        user_id: user.id.clone(),
        name: name.to_owned(),
        token_hash: token_hash(&token),
        created_at: now.naive_utc(),
        last_used_at: None,
        revoked_at: None,
        revoked_because: None,
    };
    write_tx(conn, |conn| repo::insert_api_token(conn, &row).map_err(ServiceError::from))?;
    Ok((row, token))
}

pub fn api_tokens(conn: &mut DbConn, user_id: &str) -> Result<Vec<ApiTokenRow>, ServiceError> {
    Ok(repo::api_tokens_of(conn, user_id)?)
}

/// Who revokes a token by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokedBy {
    /// The account's owner, on their account page.
    Owner,
    /// An administrator, on the list of accounts.
    Administrator,
}

impl RevokedBy {
    fn as_str(self) -> &'static str {
        match self {
            RevokedBy::Owner => "owner",
            RevokedBy::Administrator => "administrator",
        }
    }
}

/// Revokes one of `user`'s tokens; false when it is not one of theirs or already stopped.
pub fn revoke_api_token(
    conn: &mut DbConn,
    user: &UserRow,
    id: &str,
    by: RevokedBy,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    write_tx(conn, |conn| {
        repo::revoke_api_token(conn, &user.id, id, now.naive_utc(), by.as_str()).map_err(ServiceError::from)
    })
}

/// An administrator revokes a token of the account `username`.
pub fn revoke_token_of(conn: &mut DbConn, username: &str, id: &str, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    let user = repo::user_by_username(conn, &username.trim().to_lowercase())?
        .ok_or_else(|| ServiceError::NotFound { what: "user", key: username.to_owned() })?;
    revoke_api_token(conn, &user, id, RevokedBy::Administrator, now)
}

/// The account an API token acts for: `None` for an unknown or revoked token or a disabled account.
pub fn api_token_user(conn: &mut DbConn, token: &str, now: DateTime<Utc>) -> Result<Option<UserRow>, ServiceError> {
    if !token.starts_with(API_TOKEN_PREFIX) {
        return Ok(None);
    }
    let hash = token_hash(token);
    let Some(row) = repo::api_token_by_hash(conn, &hash)?.filter(|t| t.revoked_at.is_none()) else { return Ok(None) };
    if !crate::crypto::ct_eq(&row.token_hash, &hash) {
        return Ok(None);
    }
    let Some(user) = repo::user_by_id(conn, &row.user_id)?.filter(|u| u.disabled_at.is_none()) else { return Ok(None) };
    // Last use is kept to the minute: enough to see a token is in use, without a write per call.
    if row.last_used_at.is_none_or(|at| now.naive_utc() - at > chrono::Duration::minutes(1)) {
        repo::touch_api_token(conn, &row.id, now.naive_utc())?;
    }
    Ok(Some(user))
}
