//! Two-step sign-in (TOTP, RFC 6238) with recovery codes: turning it on and off, the challenge after a correct
//! password, and the second step.

use chrono::{DateTime, Utc};

use crate::crypto::{Secrets, new_token, token_hash};
use crate::db::models::accounts::{ChallengeRow, RecoveryCodeRow, SecondFactorRow, UserRow};
use crate::db::repo::accounts as repo;
use crate::db::{DbConn, write_tx};
use crate::domain::account::lock_duration;
use crate::domain::totp;
use crate::service::ServiceError;
use crate::service::accounts::credentials::{
    ChangeError, NewSession, save, start_session, user_or_not_found, verify_password,
};

/// How long a person has to enter the code after their password.
const CHALLENGE_TTL: chrono::Duration = chrono::Duration::minutes(10);

pub(super) fn second_factor_enabled(conn: &mut DbConn, user_id: &str) -> Result<bool, ServiceError> {
    Ok(repo::second_factor(conn, user_id)?.is_some_and(|f| f.enabled_at.is_some()))
}

pub(super) fn issue_challenge(conn: &mut DbConn, user: &UserRow, now: DateTime<Utc>) -> Result<String, ServiceError> {
    let token = new_token();
    repo::insert_challenge(
        conn,
        &ChallengeRow {
            token_hash: token_hash(&token),
            user_id: user.id.clone(),
            expires_at: (now + CHALLENGE_TTL).naive_utc(),
            created_at: now.naive_utc(),
        },
    )?;
    Ok(token)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecondFactorError {
    /// The challenge is unknown or expired: sign in again.
    #[error("the sign-in has expired; enter your password again")]
    Expired,
    #[error("the code is not right")]
    Wrong,
    #[error("too many failed attempts; try again after {0}")]
    Locked(DateTime<Utc>),
}

/// The second step: a code from the authenticator app (or an unused recovery code) for the challenge.
pub fn complete_second_factor(
    conn: &mut DbConn,
    secrets: &Secrets,
    challenge: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Result<NewSession, SecondFactorError>, ServiceError> {
    write_tx(conn, |conn| {
        let hash = token_hash(challenge);
        let Some(row) = repo::challenge(conn, &hash)? else { return Ok(Err(SecondFactorError::Expired)) };
        if row.expires_at <= now.naive_utc() {
            repo::delete_challenge(conn, &hash)?;
            return Ok(Err(SecondFactorError::Expired));
        }
        let Some(mut user) = repo::user_by_id(conn, &row.user_id)?.filter(|u| u.disabled_at.is_none()) else {
            return Ok(Err(SecondFactorError::Expired));
        };
        if let Some(until) = user.locked_until
            && until > now.naive_utc()
        {
            return Ok(Err(SecondFactorError::Locked(until.and_utc())));
        }
        let Some(factor) = repo::second_factor(conn, &user.id)?.filter(|f| f.enabled_at.is_some()) else {
            return Ok(Err(SecondFactorError::Expired));
        };
        let secret = secrets
            .decrypt(&factor.secret_encrypted, &format!("user/{}/totp", user.id))
            .map_err(|e| ServiceError::Db(crate::db::DbError::Unavailable(format!("second factor: {e}"))))?;
        let accepted = match totp::verify(&secret, code, now.timestamp(), factor.last_step) {
            Some(step) => repo::use_step(conn, &user.id, step)?,
            None => repo::use_recovery_code(conn, &user.id, &token_hash(&normalise_recovery(code)), now.naive_utc())?,
        };
        if !accepted {
            user.failed_logins += 1;
            user.locked_until = lock_duration(user.failed_logins).map(|d| (now + d).naive_utc());
            save(conn, &mut user, now)?;
            return Ok(Err(match user.locked_until {
                Some(until) => {
                    repo::delete_challenge(conn, &hash)?;
                    SecondFactorError::Locked(until.and_utc())
                }
                None => SecondFactorError::Wrong,
            }));
        }
        repo::delete_challenge(conn, &hash)?;
        if user.failed_logins > 0 || user.locked_until.is_some() {
            user.failed_logins = 0;
            user.locked_until = None;
            save(conn, &mut user, now)?;
        }
        Ok(Ok(start_session(conn, &user, now)?))
    })
}

/// Recovery codes as people type them: case, spaces and dashes do not matter.
fn normalise_recovery(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// A started enrolment: the secret to put in the authenticator app (shown until confirmed).
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret: String,
    pub uri: String,
}

/// Whether the account has two-step sign-in on, and how many recovery codes are left.
pub fn second_factor_status(conn: &mut DbConn, user_id: &str) -> Result<(bool, i64), ServiceError> {
    let on = second_factor_enabled(conn, user_id)?;
    let left = if on { repo::unused_recovery_codes(conn, user_id)? } else { 0 };
    Ok((on, left))
}

/// Starts (or shows again) an enrolment: a new secret while none is confirmed.
pub fn begin_second_factor(
    conn: &mut DbConn,
    secrets: &Secrets,
    user: &UserRow,
    issuer: &str,
    now: DateTime<Utc>,
) -> Result<Enrolment, ServiceError> {
    write_tx(conn, |conn| {
        let context = format!("user/{}/totp", user.id);
        let secret = match repo::second_factor(conn, &user.id)? {
            Some(f) if f.enabled_at.is_some() => {
                return Err(ServiceError::Refused {
                    code: "second_factor_on",
                    field: None,
                    message: "two-step sign-in is already on".into(),
                });
            }
            Some(f) => secrets
                .decrypt(&f.secret_encrypted, &context)
                .map_err(|e| ServiceError::Db(crate::db::DbError::Unavailable(format!("second factor: {e}"))))?,
            None => {
                let bytes = crate::crypto::random_bytes::<{ totp::SECRET_BYTES }>().to_vec();
                repo::put_second_factor(
                    conn,
                    &SecondFactorRow {
                        user_id: user.id.clone(),
                        secret_encrypted: secrets.encrypt(&bytes, &context),
                        enabled_at: None,
                        last_step: None,
                        created_at: now.naive_utc(),
                    },
                )?;
                bytes
            }
        };
        Ok(Enrolment { secret: totp::base32_encode(&secret), uri: totp::otpauth_uri(issuer, &user.username, &secret) })
    })
}

/// Confirms an enrolment with a code from the app; gives ten recovery codes, shown once.
pub fn confirm_second_factor(
    conn: &mut DbConn,
    secrets: &Secrets,
    user: &UserRow,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<Vec<String>>, ServiceError> {
    write_tx(conn, |conn| {
        let Some(mut factor) = repo::second_factor(conn, &user.id)?.filter(|f| f.enabled_at.is_none()) else {
            return Ok(None);
        };
        let secret = secrets
            .decrypt(&factor.secret_encrypted, &format!("user/{}/totp", user.id))
            .map_err(|e| ServiceError::Db(crate::db::DbError::Unavailable(format!("second factor: {e}"))))?;
        let Some(step) = totp::verify(&secret, code, now.timestamp(), None) else { return Ok(None) };
        factor.enabled_at = Some(now.naive_utc());
        factor.last_step = Some(step);
        repo::put_second_factor(conn, &factor)?;
        let mut codes = Vec::new();
        for _ in 0..10 {
            let bytes = crate::crypto::random_bytes::<5>();
            let code = totp::base32_encode(&bytes).to_lowercase();
            repo::insert_recovery_code(
                conn,
                &RecoveryCodeRow { code_hash: token_hash(&code), user_id: user.id.clone(), used_at: None },
            )?;
            codes.push(format!("{}-{}", &code[..4], &code[4..]));
        }
        Ok(Some(codes))
    })
}

/// Turns two-step sign-in off (the password confirms it), unless the account's role requires it.
pub fn disable_second_factor(
    conn: &mut DbConn,
    user: &UserRow,
    password: &str,
    required: bool,
) -> Result<Result<(), ChangeError>, ServiceError> {
    if required {
        return Err(ServiceError::Refused {
            code: "second_factor_required",
            field: None,
            message: "two-step sign-in is required for this account".into(),
        });
    }
    if !user.password_hash.as_deref().is_some_and(|h| verify_password(password, h)) {
        return Ok(Err(ChangeError::WrongCurrent));
    }
    write_tx(conn, |conn| repo::delete_second_factor(conn, &user.id).map_err(ServiceError::from))?;
    Ok(Ok(()))
}

/// For a lost phone (from the command line): two-step sign-in off and the account's sessions ended.
pub fn reset_second_factor(conn: &mut DbConn, username: &str) -> Result<UserRow, ServiceError> {
    write_tx(conn, |conn| {
        let user = user_or_not_found(conn, username)?;
        repo::delete_second_factor(conn, &user.id)?;
        repo::delete_sessions_of(conn, &user.id, None)?;
        Ok(user)
    })
}
