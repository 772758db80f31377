//! Server-rendered pages.

pub mod home;
