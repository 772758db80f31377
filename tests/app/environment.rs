//! Says loudly which outside components this run covered (nextest prints these even when they pass).

use crate::helpers::{DATABASE_VAR, postgres_url};

#[test]
fn postgres() {
    match postgres_url() {
        Some(_) => println!("PostgreSQL: every database test in this run used a fresh PostgreSQL database."),
        None => println!(
            "SKIPPED: PostgreSQL was not tested; this run used SQLite only. Set {DATABASE_VAR} \
             (e.g. postgres://terbuka:terbuka@127.0.0.1:5432/postgres) or run .ci/run to cover it."
        ),
    }
}
