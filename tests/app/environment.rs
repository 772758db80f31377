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

#[test]
fn webdriver() {
    match crate::helpers::component(crate::browser::WEBDRIVER_VAR) {
        Some(url) => println!("WebDriver: the browser tests ran against {url}."),
        None => println!(
            "SKIPPED: the real-browser and accessibility tests; set {} to chromedriver's address \
             (e.g. http://127.0.0.1:4444) or run .ci/run.",
            crate::browser::WEBDRIVER_VAR
        ),
    }
}
