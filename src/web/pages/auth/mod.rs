//! Signing in (password, two-step code, one-time links, forgotten password) and the signed-in person's account.

pub mod account;
pub mod forgot;
pub mod two_factor;
