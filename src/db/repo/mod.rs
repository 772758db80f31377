//! Queries and writes, one module per aggregate. Functions are synchronous and take `&mut DbConn`.

pub mod accounts;
pub mod bodies;
pub mod calendar;
pub mod cases;
pub mod compliance;
pub mod events;
pub mod idempotency;
pub mod instance;
pub mod limits;
pub mod mail;
pub mod queue;
pub mod reports;
