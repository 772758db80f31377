//! Row types (what a query returns) and insert forms (what a write takes), kept apart from domain types.

pub mod accounts;
pub mod bodies;
pub mod calendar;
pub mod cases;
pub mod compliance;
pub mod mail;
pub mod reports;
