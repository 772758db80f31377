//! Server-rendered pages.

pub mod account;
pub mod actions;
pub mod admin;
pub mod case;
pub mod desk;
pub mod forgot;
pub mod home;
pub mod letters;
pub mod objection_case;
pub mod opt_out;
pub mod register;
pub mod registers;
pub mod requests;
pub mod resend;
pub mod two_factor;
pub mod workspace;
