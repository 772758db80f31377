//! The one integration test binary. Each module is one area; `helpers` gives every test its own database and app.

mod admin;
mod calendar_api;
mod calendar_cli;
mod config;
mod environment;
mod health;
mod helpers;
mod migrations;
mod pages;
mod serve;
