//! Server-rendered pages.

pub mod home;
pub mod requests;
