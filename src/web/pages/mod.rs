//! Server-rendered pages.

pub mod home;
pub mod register;
pub mod requests;
