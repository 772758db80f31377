//! Terbuka: public information request handling under UU 14/2008 (Keterbukaan Informasi Publik) for Indonesian
//! public bodies and their information commissions.
//!
//! Layers (see `docs/architecture.md`): [`domain`] holds every legal rule as pure code; [`db`] persists it over
//! SQLite or PostgreSQL; [`service`] runs use cases in transactions; [`web`] and [`cli`] are the two front doors.

pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod domain;
pub mod files;
pub mod i18n;
pub mod private_files;
pub mod service;
pub mod startup;
pub mod telemetry;
pub mod views;
pub mod web;
pub mod worker;
