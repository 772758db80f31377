//! Pure domain code: the rules of UU 14/2008 and its regulations as types and functions. Nothing here knows
//! about HTTP or the database, so every legal rule can be tested on its own.

pub mod account;
pub mod annual_report;
pub mod body;
pub mod bundle;
pub mod calendar;
pub mod calendar_import;
pub mod calendar_seed;
pub mod clock;
pub mod clocks;
pub mod compliance;
pub mod dispute;
pub mod evidence;
pub mod letter;
#[cfg(test)]
mod lifecycle_tests;
pub mod logo;
pub mod monev;
pub mod nik;
pub mod notice;
pub mod objection;
pub mod request;
pub mod request_error;
pub mod totp;
pub mod upload;

/// What the law (or a case's state) does not allow: a stable code for the API and translations, the input it is
/// about when it is about one (by the command's name for it), and an English sentence (`Display`).
pub trait Refusal: std::fmt::Display {
    fn code(&self) -> &'static str;

    fn field(&self) -> Option<&'static str> {
        None
    }
}

/// An event of one kind of case, as it is recorded in that case's evidence chain.
pub trait CaseEvent: serde::Serialize {
    /// The kind of case the event belongs to: `request`, `objection` or `dispute`.
    const CASE_KIND: &'static str;

    /// The event's type name, stored beside its payload.
    fn type_name(&self) -> &'static str;
}
