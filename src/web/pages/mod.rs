//! Server-rendered pages, grouped by who reads them, as the URLs are: `public` (anyone), `citizen` (the requester,
//! by tracking token), `auth` (signing in, the account), `workspace` (officers, atasan, auditors), `admin`.

pub mod admin;
pub mod auth;
pub mod citizen;
pub mod public;
pub mod workspace;
