//! The one integration test binary. Each module is one area; `helpers` gives every test its own database and app.

mod accounts;
mod admin;
mod api;
mod authorization;
mod browser;
mod calendar_api;
mod calendar_change;
mod calendar_cli;
mod cases;
mod concurrency;
mod config;
mod environment;
mod evidence;
mod health;
mod helpers;
mod letters;
mod migrations;
mod officer;
mod officer_api;
mod pages;
mod portal;
mod register_import;
mod registers;
mod serve;
mod two_step;
mod workspace;
