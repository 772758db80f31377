//! `terbuka demo`: realistic data through the real transitions, the same for the same seed, never mixed with
//! real bodies, and every page of an instance holding it says so.

use std::sync::Arc;

use terbuka::domain::clock::FixedClock;
use terbuka::service::{audit, compliance};

use crate::cases::{d, wib_morning};
use crate::helpers::{TestDb, create_standard_body, run_cli, spawn_app, spawn_app_on};

const DEMO: [&str; 9] = ["demo", "--bodies", "6", "--requests", "250", "--years", "2025", "--seed", "7"];

/// A database with the demo data made on 31 January 2026, and its clock.
fn demo_database() -> (TestDb, Arc<FixedClock>, String) {
    let test_db = TestDb::new();
    let clock = Arc::new(FixedClock::new(wib_morning("2026-01-31")));
    let out = run_cli(&test_db.url, clock.clone(), &DEMO);
    let stdout = out.ok().to_owned();
    (test_db, clock, stdout)
}

fn figures(test_db: &TestDb, clock: &FixedClock) -> serde_json::Value {
    use terbuka::domain::clock::Clock;
    let settings = test_db.settings();
    let opened = terbuka::startup::open_database(&settings, clock).unwrap();
    let mut conn = opened.db.get().unwrap();
    let mut all = Vec::new();
    for code in ["jawa-barat", "jawa-tengah", "jawa-timur", "sumatera-utara", "sulawesi-selatan", "papua"] {
        let j = compliance::jurisdiction(&mut conn, code, d("2025-01-01"), d("2025-12-31"), clock.now().date_naive())
            .unwrap()
            .unwrap();
        all.push(serde_json::to_value(&j).unwrap());
    }
    let report = audit::verify(&mut conn).unwrap();
    assert!(report.is_intact(), "the demo's chains and anchors verify: {:?}", report.breaks);
    assert!(report.anchors > 100, "one anchor per day with activity: {}", report.anchors);
    serde_json::Value::Array(all)
}

#[tokio::test]
async fn demo_data_goes_through_the_transitions_is_the_same_for_a_seed_and_says_so() {
    let (a, clock_a, stdout) = demo_database();
    assert!(stdout.contains("6 public bodies") && stdout.contains("250 requests"), "{stdout}");
    assert!(!stdout.contains("refused by the rules"), "every planned step is lawful: {stdout}");
    let figures_a = figures(&a, &clock_a);
    // Realistic: every kind of outcome occurs.
    let total = |key: &str| -> i64 {
        figures_a
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["total"].pointer(key).and_then(|v| v.as_i64()).unwrap_or(0))
            .sum()
    };
    assert_eq!(total("/received"), 250);
    for key in [
        "/withdrawn",
        "/extensions",
        "/late",
        "/on_time",
        "/outcomes/granted",
        "/outcomes/refused_exempt",
        "/objections/received",
    ] {
        assert!(total(key) > 0, "{key} occurs in the demo data");
    }

    // The same seed on another database gives the same figures.
    let (b, clock_b, _) = demo_database();
    assert_eq!(figures(&b, &clock_b), figures_a);

    // A second run refuses: the database is no longer empty.
    let again = run_cli(&a.url, clock_a.clone(), &DEMO);
    assert!(again.result.is_err());
    assert!(format!("{:?}", again.result).contains("already holds public bodies"));

    // Every public page says it is a demo.
    let settings = a.settings();
    let app = spawn_app_on(a, settings, clock_a).await;
    for path in ["/", "/badan/demo-0001", "/ki/jawa-barat/kepatuhan?periode=2025"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("Situs demo."), "{path}: {html}");
    }
    let en = app.get("/badan/demo-0001?lang=en").await.text().await.unwrap();
    assert!(en.contains("Demo site."));
}

#[tokio::test]
async fn demo_data_never_goes_into_a_database_with_real_bodies() {
    let app = spawn_app().await;
    create_standard_body(&app.db, terbuka::domain::clock::Clock::now(&*app.clock));
    let out = app.cli(&DEMO);
    assert!(format!("{:?}", out.result).contains("already holds public bodies"), "{:?}", out.result);
    let mut conn = app.db.get().unwrap();
    assert_eq!(terbuka::db::repo::bodies::bodies(&mut conn).unwrap().len(), 1, "nothing was added");
    let html = app.get("/").await.text().await.unwrap();
    assert!(!html.contains("Situs demo."), "a real instance has no demo banner");
}
