//! Accounts: creating them (and the first administrator), setting a password through a one-time link, signing in
//! with growing waits after repeated failures ([`throttle`]), database-backed sessions, password changes, disabling; two-step sign-in
//! in [`two_step`], and what both share in [`credentials`].
//!
//! Passwords are hashed with Argon2id (the crate's recommended parameters). No password ever travels on a command
//! line: new accounts and resets get a one-time link, valid 72 hours, stored only as its hash.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, Utc};

use crate::crypto::{Secrets, new_token, token_hash};
use crate::db::models::accounts::{SessionRow, SignInLinkRow, UserRow};
use crate::db::repo::{accounts as repo, bodies as body_repo};
use crate::db::{DbConn, write_tx};
use crate::domain::account::{PasswordProblem, Role, ScopeNeed, check_new_password};
use crate::domain::body::{FieldProblem, parse_email, parse_name, parse_slug};
use crate::service::{Problems, ServiceError};

mod credentials;
mod throttle;
mod two_step;

pub use credentials::{ChangeError, NewSession, SESSION_IDLE, SESSION_MAX};
use credentials::{hash_password, new_id, save, start_session, user_or_not_found, verify_password};
pub use throttle::{ADDRESS_FAILURES, ADDRESS_WINDOW, Client, DEVICE_FAILURES, device_cookie_value, slowed_until};
pub use two_step::{
    Enrolment, SecondFactorError, begin_second_factor, complete_second_factor, confirm_second_factor,
    disable_second_factor, reset_second_factor, second_factor_status,
};
use two_step::{issue_challenge, second_factor_enabled};

/// How long a set-password link works.
pub const LINK_VALIDITY: Duration = Duration::hours(72);
/// How long a link from "forgot my password" works: short, since anyone may ask for one to any account's address.
pub const RESET_LINK_VALIDITY: Duration = Duration::hours(1);
/// The username of the account made on first start.
pub const FIRST_ADMIN: &str = "admin";
/// The advisory lock the first administrator is made under (see [`crate::db::MIGRATION_LOCK`]).
const FIRST_ADMIN_LOCK: i64 = 7303;

/// A new account, without a password yet (its owner sets one through a one-time link).
fn new_account(username: String, name: String, email: String, role: Role, now: DateTime<Utc>) -> UserRow {
    UserRow {
        id: new_id(),
        username,
        name,
        email,
        role,
        body_id: None,
        unit_id: None,
        jurisdiction_id: None,
        password_hash: None,
        must_change_password: true,
        disabled_at: None,
        failed_logins: 0,
        locked_until: None,
        version: 1,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        language: "id".into(),
    }
}

/// Checked against when the username does not exist, so that a wrong username costs as long as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password("terbuka-dummy-password-for-timing"));

#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub body: Option<String>,
    pub unit: Option<String>,
    pub jurisdiction: Option<String>,
}

/// A new account and the one-time link that lets its owner set a password.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub user: UserRow,
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// The account's API tokens ended by a reset (none for a new account).
    pub tokens_ended: usize,
}

fn issue_link(
    conn: &mut DbConn,
    user_id: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), ServiceError> {
    issue_link_for(conn, user_id, purpose, LINK_VALIDITY, now)
}

fn issue_link_for(
    conn: &mut DbConn,
    user_id: &str,
    purpose: &str,
    validity: Duration,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), ServiceError> {
    let token = new_token();
    let expires_at = now + validity;
    repo::insert_link(
        conn,
        &SignInLinkRow {
            token_hash: token_hash(&token),
            user_id: user_id.to_owned(),
            purpose: purpose.to_owned(),
            expires_at: expires_at.naive_utc(),
            used_at: None,
            created_at: now.naive_utc(),
        },
    )?;
    Ok((token, expires_at))
}

pub fn create_user(conn: &mut DbConn, input: &NewUser, now: DateTime<Utc>) -> Result<Invitation, ServiceError> {
    write_tx(conn, |conn| {
        let mut p = Problems::default();
        let username = p.take(parse_slug("username", &input.username.to_lowercase()));
        let name = p.take(parse_name("name", &input.name));
        let email = if input.email.trim().is_empty() {
            Some(String::new())
        } else {
            p.take(parse_email("email", &input.email))
        };
        let role = Role::parse(input.role.trim());
        if role.is_none() {
            p.push(FieldProblem::new(
                "role",
                "invalid_choice",
                "expected admin, ppid_utama, ppid_pelaksana, atasan_ppid or ki_auditor",
            ));
        }
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let (body_arg, unit_arg, jurisdiction_arg) =
            (given(&input.body), given(&input.unit), given(&input.jurisdiction));
        let need = role.map(Role::scope).unwrap_or(ScopeNeed::None);
        let body = match (&body_arg, need) {
            (Some(slug), ScopeNeed::Body | ScopeNeed::BodyAndUnit) => match body_repo::body_by_slug(conn, slug)? {
                Some(b) => Some(b),
                None => {
                    p.push(FieldProblem::new("body", "not_found", format!("there is no public body `{slug}`")));
                    None
                }
            },
            (None, ScopeNeed::Body | ScopeNeed::BodyAndUnit) => {
                p.push(FieldProblem::new("body", "required", "this role works for one public body; name it"));
                None
            }
            (Some(_), _) => {
                p.push(FieldProblem::new("body", "not_allowed", "this role is not tied to a public body"));
                None
            }
            (None, _) => None,
        };
        let unit = match (&unit_arg, need, &body) {
            (Some(slug), ScopeNeed::BodyAndUnit, Some(b)) => match body_repo::unit_by_slug(conn, &b.id, slug)? {
                Some(u) => Some(u),
                None => {
                    p.push(FieldProblem::new("unit", "not_found", format!("{} has no unit `{slug}`", b.slug)));
                    None
                }
            },
            (None, ScopeNeed::BodyAndUnit, _) => {
                p.push(FieldProblem::new("unit", "required", "a PPID Pelaksana works for one unit; name it"));
                None
            }
            (Some(_), ScopeNeed::Body | ScopeNeed::None | ScopeNeed::Jurisdiction, _) => {
                p.push(FieldProblem::new("unit", "not_allowed", "this role is not tied to a unit"));
                None
            }
            _ => None,
        };
        let jurisdiction = match (&jurisdiction_arg, need) {
            (Some(code), ScopeNeed::Jurisdiction) => match body_repo::jurisdiction_by_code(conn, code)? {
                Some(j) => Some(j),
                None => {
                    p.push(FieldProblem::new(
                        "jurisdiction",
                        "not_found",
                        format!("there is no jurisdiction `{code}`"),
                    ));
                    None
                }
            },
            (None, ScopeNeed::Jurisdiction) => {
                p.push(FieldProblem::new(
                    "jurisdiction",
                    "required",
                    "a KI auditor works for one jurisdiction; name it",
                ));
                None
            }
            (Some(_), _) => {
                p.push(FieldProblem::new("jurisdiction", "not_allowed", "this role is not tied to a jurisdiction"));
                None
            }
            (None, _) => None,
        };
        if let Some(u) = &username
            && repo::user_by_username(conn, u.as_str())?.is_some()
        {
            p.push(FieldProblem::new("username", "taken", format!("the username `{u}` is taken")));
        }
        p.finish()?;
        let user = UserRow {
            body_id: body.map(|b| b.id),
            unit_id: unit.map(|u| u.id),
            jurisdiction_id: jurisdiction.map(|j| j.id),
            ..new_account(
                username.expect("checked").to_string(),
                name.expect("checked"),
                email.expect("checked"),
                role.expect("checked"),
                now,
            )
        };
        repo::insert_user(conn, &user)?;
        let (token, expires_at) = issue_link(conn, &user.id, "new_account", now)?;
        Ok(Invitation { user, token, expires_at, tokens_ended: 0 })
    })
}

/// On a database without any account: makes the administrator `admin` and returns its one-time link. Returns
/// `None` once any account exists, so the link is printed once.
pub fn bootstrap_first_admin(conn: &mut DbConn, now: DateTime<Utc>) -> Result<Option<Invitation>, ServiceError> {
    write_tx(conn, |conn| {
        // Two instances starting at once on an empty database: the second waits, then finds the first's account.
        crate::db::lock_for_transaction(conn, FIRST_ADMIN_LOCK)?;
        if repo::count_users(conn)? > 0 {
            return Ok(None);
        }
        let user = new_account(FIRST_ADMIN.into(), "Administrator".into(), String::new(), Role::Admin, now);
        repo::insert_user(conn, &user)?;
        let (token, expires_at) = issue_link(conn, &user.id, "first_admin", now)?;
        Ok(Some(Invitation { user, token, expires_at, tokens_ended: 0 }))
    })
}

/// A new one-time link for an account; its password stops working and its sessions end.
pub fn reset_password(conn: &mut DbConn, username: &str, now: DateTime<Utc>) -> Result<Invitation, ServiceError> {
    write_tx(conn, |conn| {
        let mut user = user_or_not_found(conn, username)?;
        user.password_hash = None;
        user.must_change_password = true;
        user.failed_logins = 0;
        user.locked_until = None;
        save(conn, &mut user, now)?;
        repo::delete_sessions_of(conn, &user.id, None)?;
        // Whoever knew the old password may have made the tokens.
        let tokens_ended = repo::revoke_api_tokens_of(conn, &user.id, now.naive_utc(), "password_reset")?;
        let (token, expires_at) = issue_link(conn, &user.id, "reset", now)?;
        Ok(Invitation { user, token, expires_at, tokens_ended })
    })
}

/// Disables an account and ends its sessions. Its history stays.
pub fn disable_user(conn: &mut DbConn, username: &str, now: DateTime<Utc>) -> Result<UserRow, ServiceError> {
    write_tx(conn, |conn| {
        let mut user = user_or_not_found(conn, username)?;
        if user.disabled_at.is_some() {
            return Err(ServiceError::Refused {
                code: "already_disabled",
                field: None,
                message: format!("`{}` is already disabled", user.username),
            });
        }
        user.disabled_at = Some(now.naive_utc());
        save(conn, &mut user, now)?;
        repo::delete_sessions_of(conn, &user.id, None)?;
        Ok(user)
    })
}

pub fn list_users(conn: &mut DbConn) -> Result<Vec<UserRow>, ServiceError> {
    Ok(repo::users(conn)?)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("this link is not valid, was already used, or has expired")]
    Unusable,
    #[error("{0}")]
    Password(PasswordProblem),
}

/// Sets a password through a one-time link and signs the person in.
pub fn set_password_with_link(
    conn: &mut DbConn,
    token: &str,
    password: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<Result<SignedIn, LinkError>, ServiceError> {
    write_tx(conn, |conn| {
        let hash = token_hash(token);
        let Some(link) = repo::link(conn, &hash)? else { return Ok(Err(LinkError::Unusable)) };
        if link.used_at.is_some() || link.expires_at <= now.naive_utc() {
            return Ok(Err(LinkError::Unusable));
        }
        let Some(mut user) = repo::user_by_id(conn, &link.user_id)? else { return Ok(Err(LinkError::Unusable)) };
        if user.disabled_at.is_some() {
            return Ok(Err(LinkError::Unusable));
        }
        if let Err(p) = check_new_password(password, confirm, &user.username) {
            return Ok(Err(LinkError::Password(p)));
        }
        if !repo::use_link(conn, &hash, now.naive_utc())? {
            return Ok(Err(LinkError::Unusable));
        }
        user.password_hash = Some(hash_password(password));
        user.must_change_password = false;
        user.failed_logins = 0;
        user.locked_until = None;
        save(conn, &mut user, now)?;
        // One link used ends the others (an older reset mail must not set the password again).
        repo::end_unused_links(conn, &user.id, now.naive_utc())?;
        repo::delete_sessions_of(conn, &user.id, None)?;
        // A forgotten password's tokens end with it (the reset mail said so).
        repo::revoke_api_tokens_of(conn, &user.id, now.naive_utc(), "password_reset")?;
        if second_factor_enabled(conn, &user.id)? {
            return Ok(Ok(SignedIn::SecondFactor { challenge: issue_challenge(conn, &user, now)? }));
        }
        Ok(Ok(SignedIn::Session(Box::new(start_session(conn, &user, now)?))))
    })
}

/// Whether a link can still be used (for showing the form).
pub fn link_usable(conn: &mut DbConn, token: &str, now: DateTime<Utc>) -> Result<Option<UserRow>, ServiceError> {
    let Some(link) = repo::link(conn, &token_hash(token))? else { return Ok(None) };
    if link.used_at.is_some() || link.expires_at <= now.naive_utc() {
        return Ok(None);
    }
    Ok(repo::user_by_id(conn, &link.user_id)?.filter(|u| u.disabled_at.is_none()))
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    /// Wrong username or password (never says which).
    #[error("wrong username or password")]
    Invalid,
    /// Too many failures: try again after this time.
    #[error("too many failed attempts; try again after {0}")]
    Locked(DateTime<Utc>),
}

/// Signs in with a username and password from `client`. Failures are counted by client address, by username
/// (known or not: the answers are the same) and by known browser, and slow further tries down (see
/// [`throttle`]); a browser that has signed in to the username before is slowed only by its own failures.
pub fn sign_in(
    conn: &mut DbConn,
    secrets: &Secrets,
    username: &str,
    password: &str,
    client: Client,
    now: DateTime<Utc>,
) -> Result<Result<SignedIn, SignInError>, ServiceError> {
    let username = username.trim().to_lowercase();
    let keys = throttle::Keys::new(secrets, &username, client);
    write_tx(conn, |conn| {
        let user = repo::user_by_username(conn, &username)?;
        let account = user.as_ref().map_or("unknown username", |u| u.id.as_str()).to_owned();
        if let Some(until) = throttle::wait_until(conn, &keys, now)? {
            tracing::warn!(target: "security", %account, address = client.address, %until, "sign-in refused: too many failures");
            return Ok(Err(SignInError::Locked(until)));
        }
        let ok = match &user {
            Some(user) => password_accepted(user, password, verify_password),
            None => {
                verify_password(password, &DUMMY_HASH);
                false
            }
        };
        let Some(user) = user.filter(|_| ok) else {
            return Ok(Err(match throttle::failed(conn, &keys, now)? {
                Some(until) => {
                    tracing::warn!(target: "security", %account, address = client.address, %until, known_browser = keys.known_browser(), "sign-in slowed down after repeated failures");
                    SignInError::Locked(until)
                }
                None => SignInError::Invalid,
            }));
        };
        throttle::succeeded(conn, &keys)?;
        // With two-step sign-in on, the password alone does not end the code's failure count: the code must follow.
        if second_factor_enabled(conn, &user.id)? {
            return Ok(Ok(SignedIn::SecondFactor { challenge: issue_challenge(conn, &user, now)? }));
        }
        Ok(Ok(SignedIn::Session(Box::new(start_session(conn, &user, now)?))))
    })
}

/// Whether `password` signs `user` in: the password checked against the account's hash — or against a dummy one
/// when it has none — *always*, before the account's state is looked at, so that a disabled account or one without
/// a password takes as long to refuse as a wrong password (nothing to tell them apart by).
fn password_accepted(user: &UserRow, password: &str, verify: impl Fn(&str, &str) -> bool) -> bool {
    let matches = verify(password, user.password_hash.as_deref().unwrap_or(&DUMMY_HASH));
    matches && user.password_hash.is_some() && user.disabled_at.is_none()
}

/// What a correct password leads to.
#[derive(Debug, Clone)]
pub enum SignedIn {
    Session(Box<NewSession>),
    /// The account has two-step sign-in: the code comes next, with this challenge (shown once, kept as a hash).
    SecondFactor {
        challenge: String,
    },
}

/// The account behind a session cookie, extending the session's idle time. `None` when unknown, expired or the
/// account is disabled.
pub fn session_user(
    conn: &mut DbConn,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(UserRow, SessionRow)>, ServiceError> {
    let hash = token_hash(token);
    let Some(session) = repo::session(conn, &hash)? else { return Ok(None) };
    if session.expires_at <= now.naive_utc() || session.created_at + SESSION_MAX <= now.naive_utc() {
        repo::delete_session(conn, &hash)?;
        return Ok(None);
    }
    let Some(user) = repo::user_by_id(conn, &session.user_id)?.filter(|u| u.disabled_at.is_none()) else {
        return Ok(None);
    };
    let expires = (now + SESSION_IDLE).naive_utc().min(session.created_at + SESSION_MAX);
    repo::touch_session(conn, &hash, now.naive_utc(), expires)?;
    Ok(Some((user, session)))
}

pub fn sign_out(conn: &mut DbConn, token: &str) -> Result<(), ServiceError> {
    Ok(repo::delete_session(conn, &token_hash(token))?)
}

/// Changes a signed-in person's password; their other sessions end.
pub fn change_password(
    conn: &mut DbConn,
    user_id: &str,
    session_token: &str,
    current: &str,
    new: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<Result<usize, ChangeError>, ServiceError> {
    write_tx(conn, |conn| {
        let mut user = repo::user_by_id(conn, user_id)?
            .ok_or_else(|| ServiceError::NotFound { what: "user", key: user_id.to_owned() })?;
        if !user.password_hash.as_deref().is_some_and(|h| verify_password(current, h)) {
            return Ok(Err(ChangeError::WrongCurrent));
        }
        if let Err(p) = check_new_password(new, confirm, &user.username) {
            return Ok(Err(ChangeError::Password(p)));
        }
        user.password_hash = Some(hash_password(new));
        user.must_change_password = false;
        save(conn, &mut user, now)?;
        // A link sent before the change (a reset asked for and then not needed) no longer sets a password.
        repo::end_unused_links(conn, &user.id, now.naive_utc())?;
        repo::delete_sessions_of(conn, &user.id, Some(&token_hash(session_token)))?;
        Ok(Ok(repo::revoke_api_tokens_of(conn, &user.id, now.naive_utc(), "password_change")?))
    })
}

/// Mails a one-time link to the account's address (encrypted in the outbox until sent), in the caller's
/// transaction. Nothing for an account without an address.
fn mail_link(
    conn: &mut DbConn,
    secrets: &crate::crypto::Secrets,
    kind: &str,
    link: &Invitation,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let Invitation { user, token, expires_at, tokens_ended } = link;
    if user.email.trim().is_empty() {
        return Ok(false);
    }
    let api_tokens = match kind {
        "password_reset" => repo::live_api_tokens_of(conn, &user.id)?,
        _ => *tokens_ended as i64,
    };
    crate::service::mail::enqueue(
        conn,
        secrets,
        &crate::service::mail::NewMail {
            kind,
            to: &user.email,
            language: &user.language,
            params: serde_json::json!({
                "name": user.name,
                "username": user.username,
                "role": user.role,
                "token": token,
                "expires_at": expires_at.to_rfc3339(),
                // Tokens a reset ended (`account_reset`) or that the new password will end (`password_reset`).
                "api_tokens": api_tokens,
            }),
            case_id: None,
            dedupe_key: None,
        },
        now,
    )?;
    Ok(true)
}

/// [`create_user`], and the invitation with its one-time link mailed to the new account's address (when it has
/// one) in the same transaction. The link is also returned, for the administrator to hand over otherwise.
pub fn invite_user(
    conn: &mut DbConn,
    secrets: &crate::crypto::Secrets,
    input: &NewUser,
    now: DateTime<Utc>,
) -> Result<(Invitation, bool), ServiceError> {
    write_tx(conn, |conn| {
        let invitation = create_user(conn, input, now)?;
        let mailed = mail_link(conn, secrets, "account_invitation", &invitation, now)?;
        Ok((invitation, mailed))
    })
}

/// An administrator's [`reset_password`], with the new link mailed to the account's address when it has one.
pub fn reset_password_and_mail(
    conn: &mut DbConn,
    secrets: &crate::crypto::Secrets,
    username: &str,
    now: DateTime<Utc>,
) -> Result<(Invitation, bool), ServiceError> {
    write_tx(conn, |conn| {
        let invitation = reset_password(conn, username, now)?;
        let mailed = mail_link(conn, secrets, "account_reset", &invitation, now)?;
        Ok((invitation, mailed))
    })
}

/// "Forgot my password": when `who` is the username or the email address of an active account with an address,
/// mails it a link valid for [`RESET_LINK_VALIDITY`], usable once. The current password keeps working until the
/// link is used (a stranger asking cannot lock anyone out). Answers nothing about whether it matched; the caller
/// shows the same page either way.
pub fn request_password_reset(
    conn: &mut DbConn,
    secrets: &crate::crypto::Secrets,
    who: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let who = who.trim().to_lowercase();
    if who.is_empty() {
        return Ok(());
    }
    write_tx(conn, |conn| {
        let user = match repo::user_by_username(conn, &who)? {
            Some(u) => Some(u),
            None => repo::users(conn)?.into_iter().find(|u| u.email.trim().eq_ignore_ascii_case(&who)),
        };
        let Some(user) = user.filter(|u| u.disabled_at.is_none() && !u.email.trim().is_empty()) else {
            return Ok(());
        };
        let (token, expires_at) = issue_link_for(conn, &user.id, "reset", RESET_LINK_VALIDITY, now)?;
        mail_link(conn, secrets, "password_reset", &Invitation { user, token, expires_at, tokens_ended: 0 }, now)?;
        Ok(())
    })
}

/// The language of the person's mail: `id` or `en`.
pub fn set_language(conn: &mut DbConn, user_id: &str, language: &str, now: DateTime<Utc>) -> Result<(), ServiceError> {
    if !matches!(language, "id" | "en") {
        return Err(ServiceError::invalid("language", "invalid_choice", "expected id or en"));
    }
    Ok(repo::set_language(conn, user_id, language, now.naive_utc())?)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn user(password_hash: Option<&str>, disabled: bool) -> UserRow {
        UserRow {
            id: "u".into(),
            username: "utama".into(),
            name: "Petugas".into(),
            email: String::new(),
            role: Role::PpidUtama,
            body_id: None,
            unit_id: None,
            jurisdiction_id: None,
            password_hash: password_hash.map(str::to_owned),
            must_change_password: false,
            disabled_at: disabled.then(chrono::NaiveDateTime::default),
            failed_logins: 0,
            locked_until: None,
            version: 1,
            created_at: chrono::NaiveDateTime::default(),
            updated_at: chrono::NaiveDateTime::default(),
            language: "id".into(),
        }
    }

    #[test]
    fn every_refusal_runs_the_password_check_once_so_none_answers_faster() {
        for (account, password, expected) in [
            (user(Some("h"), false), "benar", true),
            (user(Some("h"), false), "salah", false),
            (user(Some("h"), true), "benar", false),
            (user(None, false), "benar", false),
        ] {
            let calls = Cell::new(0);
            let verify = |password: &str, _hash: &str| {
                calls.set(calls.get() + 1);
                password == "benar"
            };
            assert_eq!(password_accepted(&account, password, verify), expected);
            assert_eq!(calls.get(), 1, "disabled {:?}, hash {:?}", account.disabled_at, account.password_hash);
        }
    }
}
