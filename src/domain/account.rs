//! Accounts of the people who work in Terbuka (domain.md §2): their role and scope, the password rules, and how
//! repeated failed sign-ins slow an attacker down.

use chrono::Duration;
use serde::Serialize;

/// What an account may do, and over what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The instance operator: bodies, units, users, the calendar. Never sees identity data.
    Admin,
    /// PPID Utama: the whole body.
    PpidUtama,
    /// PPID Pelaksana: one unit of a body.
    PpidPelaksana,
    /// Atasan PPID: the body's objections.
    AtasanPpid,
    /// KI auditor: read-only, every body of a jurisdiction, identity masked.
    KiAuditor,
}

/// Which scope a role needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeNeed {
    None,
    Body,
    BodyAndUnit,
    Jurisdiction,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::PpidUtama, Role::PpidPelaksana, Role::AtasanPpid, Role::KiAuditor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PpidUtama => "ppid_utama",
            Role::PpidPelaksana => "ppid_pelaksana",
            Role::AtasanPpid => "atasan_ppid",
            Role::KiAuditor => "ki_auditor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn scope(self) -> ScopeNeed {
        match self {
            Role::Admin => ScopeNeed::None,
            Role::PpidUtama | Role::AtasanPpid => ScopeNeed::Body,
            Role::PpidPelaksana => ScopeNeed::BodyAndUnit,
            Role::KiAuditor => ScopeNeed::Jurisdiction,
        }
    }
}

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("use at least 12 characters")]
    TooShort,
    #[error("use at most 200 characters")]
    TooLong,
    #[error("the two passwords are not the same")]
    Mismatch,
    #[error("the password must not be the username")]
    SameAsUsername,
}

impl PasswordProblem {
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password_too_short",
            PasswordProblem::TooLong => "password_too_long",
            PasswordProblem::Mismatch => "password_mismatch",
            PasswordProblem::SameAsUsername => "password_is_username",
        }
    }
}

/// Length is what makes a password strong; no composition rules (NIST SP 800-63B).
pub fn check_new_password(password: &str, confirm: &str, username: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if password.eq_ignore_ascii_case(username) {
        return Err(PasswordProblem::SameAsUsername);
    }
    if password != confirm {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

/// Failed sign-ins allowed before the account is locked.
pub const FREE_ATTEMPTS: i64 = 5;

/// How long an account is locked after `failures` consecutive failed sign-ins: nothing for the first five, then
/// 15 minutes, doubling with each further failure, at most a day.
pub fn lock_duration(failures: i64) -> Option<Duration> {
    if failures < FREE_ATTEMPTS {
        return None;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(7) as u32;
    Some(Duration::minutes(15 * 2i64.pow(doublings)).min(Duration::hours(24)))
}

/// Failed sign-ins to one username (from clients it does not know) before each further try must wait.
pub const FREE_SIGN_IN_FAILURES: usize = 5;
/// The longest wait a username's failures impose: short enough that a stranger guessing cannot keep its owner
/// out for long, and the owner's own browser, once known, is not slowed by them at all.
pub const LONGEST_SIGN_IN_WAIT: Duration = Duration::minutes(15);

/// How long after the latest of `failures` failed sign-ins to a username the next try waits: nothing for the first
/// five, then one minute, doubling with each further failure up to [`LONGEST_SIGN_IN_WAIT`].
pub fn sign_in_wait(failures: usize) -> Option<Duration> {
    if failures < FREE_SIGN_IN_FAILURES {
        return None;
    }
    let doublings = (failures - FREE_SIGN_IN_FAILURES).min(10) as u32;
    Some(Duration::minutes(2i64.pow(doublings)).min(LONGEST_SIGN_IN_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_waits_grow_from_the_fifth_failure_and_stay_short() {
        let waits: Vec<i64> = (0..12).map(|n| sign_in_wait(n).map_or(0, |d| d.num_minutes())).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 1, 2, 4, 8, 15, 15, 15]);
        assert_eq!(sign_in_wait(10_000), Some(LONGEST_SIGN_IN_WAIT));
    }

    #[test]
    fn passwords_are_judged_by_length_and_sense() {
        assert_eq!(check_new_password("pendek", "pendek", "siti"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_new_password("kuda-batang-merah-9", "kuda-batang-merah-8", "siti"),
            Err(PasswordProblem::Mismatch)
        );
        assert_eq!(
            check_new_password("siti.rahmawati", "siti.rahmawati", "Siti.Rahmawati"),
            Err(PasswordProblem::SameAsUsername)
        );
        assert!(check_new_password("kuda batang merah 9", "kuda batang merah 9", "siti").is_ok());
    }

    #[test]
    fn lockout_grows_and_is_bounded() {
        assert_eq!(lock_duration(4), None);
        assert_eq!(lock_duration(5), Some(Duration::minutes(15)));
        assert_eq!(lock_duration(6), Some(Duration::minutes(30)));
        assert_eq!(lock_duration(50), Some(Duration::hours(24)));
    }

    #[test]
    fn roles_know_their_scope() {
        assert_eq!(Role::parse("ppid_pelaksana").unwrap().scope(), ScopeNeed::BodyAndUnit);
        assert_eq!(Role::KiAuditor.scope(), ScopeNeed::Jurisdiction);
        assert_eq!(Role::parse("superuser"), None);
    }
}
