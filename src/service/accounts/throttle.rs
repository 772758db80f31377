//! Slowing down password guessing without letting a stranger keep an officer out.
//!
//! Three counts of failed sign-ins, kept as keyed hashes in the limits table:
//! - per client address (an IPv4 address, or an IPv6 /64): at most [`ADDRESS_FAILURES`] in [`ADDRESS_WINDOW`],
//!   whatever usernames were tried;
//! - per username, known or not (the answers never tell which): from the fifth failure, each further try waits a
//!   little longer ([`sign_in_wait`]), at most a quarter of an hour;
//! - per known browser: a browser that has signed in to a username before carries a signed cookie naming a random
//!   device id. For that username it is held only by its own count ([`DEVICE_FAILURES`]), not by the address or
//!   username counts, so a stranger's guesses do not slow its owner down (OWASP's "device cookies").
//!
//! Every refusal is logged (`security` target) with the account, if there is one, and the client's address block.

use chrono::{DateTime, Duration, Utc};

use crate::crypto::{Secrets, new_token};
use crate::db::DbConn;
use crate::db::repo::limits as repo;
use crate::domain::account::sign_in_wait;
use crate::service::ServiceError;
use crate::service::limits::{Limit, free_at};

/// Failed sign-ins from one client address allowed in [`ADDRESS_WINDOW`].
pub const ADDRESS_FAILURES: u32 = 10;
pub const ADDRESS_WINDOW: Duration = Duration::minutes(15);
/// Failed sign-ins from one known browser allowed in [`ADDRESS_WINDOW`] before it waits like any other.
pub const DEVICE_FAILURES: u32 = 5;

const ADDRESS: &str = "signin_address";
const USERNAME: &str = "signin_username";
const DEVICE: &str = "signin_device";

/// Who is trying: the username typed (lower-cased), the client's address block and the device cookie, if any.
#[derive(Debug, Clone, Copy)]
pub struct Client<'a> {
    pub address: &'a str,
    pub device: Option<&'a str>,
}

/// The keys one attempt is counted under.
pub(super) struct Keys {
    username: String,
    address: String,
    /// The device id, when the cookie was signed by this instance for this username.
    device: Option<String>,
}

impl Keys {
    pub(super) fn new(secrets: &Secrets, username: &str, client: Client) -> Keys {
        let device = client.device.and_then(|d| secrets.verify_signed(&device_purpose(username), d));
        Keys {
            username: secrets.blind_index(username),
            address: secrets.blind_index(client.address),
            device: device.map(|id| secrets.blind_index(&id)),
        }
    }

    pub(super) fn known_browser(&self) -> bool {
        self.device.is_some()
    }
}

fn device_purpose(username: &str) -> String {
    format!("sign-in device\0{username}")
}

/// A new device cookie's value for a browser that has just given `username`'s password.
pub fn device_cookie_value(secrets: &Secrets, username: &str) -> String {
    secrets.sign(&device_purpose(&username.trim().to_lowercase()), &new_token())
}

fn address_limit() -> Limit {
    Limit { bucket: ADDRESS, max: ADDRESS_FAILURES, window: ADDRESS_WINDOW }
}

fn device_limit() -> Limit {
    Limit { bucket: DEVICE, max: DEVICE_FAILURES, window: ADDRESS_WINDOW }
}

/// When this attempt may be made, if not now. Takes the keys' locks (call inside the sign-in's write transaction),
/// so that concurrent guesses are counted one after another.
pub(super) fn wait_until(
    conn: &mut DbConn,
    keys: &Keys,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ServiceError> {
    match &keys.device {
        Some(device) => repo::lock_key(conn, DEVICE, device)?,
        None => {
            repo::lock_key(conn, ADDRESS, &keys.address)?;
            repo::lock_key(conn, USERNAME, &keys.username)?;
        }
    }
    free(conn, keys, now)
}

/// [`wait_until`] once its locks are held.
fn free(conn: &mut DbConn, keys: &Keys, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, ServiceError> {
    if let Some(device) = &keys.device {
        return free_at(conn, device_limit(), device, now);
    }
    let by_address = free_at(conn, address_limit(), &keys.address, now)?;
    Ok(by_address.max(username_free_at(conn, &keys.username, now)?))
}

/// When a username's failures let the next try through: its latest failure plus the wait their number earns.
fn username_free_at(conn: &mut DbConn, hash: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let failures = repo::hits_since(conn, USERNAME, hash, (now - Duration::days(1)).naive_utc())?;
    let (Some(latest), Some(wait)) = (failures.last(), sign_in_wait(failures.len())) else { return Ok(None) };
    let free = latest.and_utc() + wait;
    Ok((free > now).then_some(free))
}

/// Counts a failed attempt (after [`wait_until`], whose locks it holds), and says until when the next one waits.
pub(super) fn failed(
    conn: &mut DbConn,
    keys: &Keys,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let at = now.naive_utc();
    repo::record(conn, USERNAME, &keys.username, at)?;
    match &keys.device {
        Some(device) => repo::record(conn, DEVICE, device, at)?,
        None => repo::record(conn, ADDRESS, &keys.address, at)?,
    }
    repo::prune(conn, (now - Duration::days(2)).naive_utc())?;
    free(conn, keys, now)
}

/// A correct password ends a count: a known browser's own, or, from any other client (which had to wait out the
/// username's count to get here), the username's. Never the address's: it may be guessing at other accounts.
/// The owner signing in from her own browser does not end a stranger's wait, so it cannot be used to reset it.
pub(super) fn succeeded(conn: &mut DbConn, keys: &Keys) -> Result<(), ServiceError> {
    match &keys.device {
        Some(device) => repo::forget(conn, DEVICE, device)?,
        None => repo::forget(conn, USERNAME, &keys.username)?,
    };
    Ok(())
}

/// Until when a username's sign-ins are slowed down (for the administrator's list of accounts).
pub fn slowed_until(
    conn: &mut DbConn,
    secrets: &Secrets,
    username: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ServiceError> {
    username_free_at(conn, &secrets.blind_index(username), now)
}
