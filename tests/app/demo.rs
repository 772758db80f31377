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
    demo_database_with(&[])
}

/// [`demo_database`] with more options.
fn demo_database_with(more: &[&str]) -> (TestDb, Arc<FixedClock>, String) {
    let test_db = TestDb::new();
    let clock = Arc::new(FixedClock::new(wib_morning("2026-01-31")));
    let args: Vec<&str> = DEMO.iter().chain(more).copied().collect();
    let out = run_cli(&test_db.url, clock.clone(), &args);
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

#[derive(diesel::QueryableByName)]
struct Line {
    #[diesel(sql_type = diesel::sql_types::Text)]
    line: String,
}

/// What the demo wrote, without what differs between any two runs (ids, hashes, secrets, the time of writing):
/// every request, objection and dispute by number with its projection and its events' types and times, every
/// counter of the rollup and of the registration series, and each anchor's date and number of heads.
fn record(test_db: &TestDb, clock: &FixedClock) -> Vec<String> {
    use diesel::RunQueryDsl;
    let settings = test_db.settings();
    let opened = terbuka::startup::open_database(&settings, clock).unwrap();
    let mut conn = opened.db.get().unwrap();
    let t = |column: &str| format!("COALESCE(CAST({column} AS TEXT), '-')");
    let queries = [
        format!(
            "SELECT 'request ' || b.slug || ' ' || r.registration_number || ' ' || {} || ' ' || r.channel || ' ' || \
             r.state || ' ' || {} || ' ' || {} || ' ' || {} || ' ' || {} || ' ' || {} || ' ' || {} || ' ' || {} || \
             ' ' || {} || ' ' || {} || ' ' || {} || ' ' || {} AS line \
             FROM requests r JOIN public_bodies b ON b.id = r.body_id",
            t("r.received_on"),
            t("r.c1_due"),
            t("r.c2_due"),
            t("r.c3_due"),
            t("r.notice_due"),
            t("r.notice_on"),
            t("r.decision"),
            t("r.provided_on"),
            t("r.ended_on"),
            t("r.version"),
            t("r.requester_mailable"),
            t("r.information")
        ),
        format!(
            "SELECT 'objection ' || o.registration_number || ' of ' || r.registration_number || ' ' || o.state || ' ' || \
             o.grounds || ' ' || {} || ' ' || {} || ' ' || {} || ' ' || {} || ' ' || {} AS line \
             FROM objections o JOIN requests r ON r.id = o.request_id",
            t("o.c4_due"),
            t("o.c5_due"),
            t("o.decided_on"),
            t("o.outcome"),
            t("o.version")
        ),
        format!(
            "SELECT 'dispute of ' || o.registration_number || ' ' || {} || ' ' || {} || ' ' || {} || ' ' || {} AS line \
             FROM disputes d JOIN objections o ON o.id = d.objection_id",
            t("d.filed_on"),
            t("d.ki_number"),
            t("d.confirmed"),
            t("d.version")
        ),
        format!(
            "SELECT 'event ' || COALESCE(r.registration_number, o.registration_number, d.ki_number, '?') || ' ' || \
             e.case_kind || ' ' || {} || ' ' || e.event_type || ' ' || {} || ' ' || e.reason AS line \
             FROM case_events e LEFT JOIN requests r ON r.id = e.case_id LEFT JOIN objections o ON o.id = e.case_id \
             LEFT JOIN disputes d ON d.id = e.case_id",
            t("e.seq"),
            t("e.recorded_at")
        ),
        format!(
            "SELECT 'day ' || b.slug || ' ' || COALESCE(u.slug, '-') || ' ' || {} || ' ' || c.channel || ' ' || \
             c.applicant_type || ' ' || c.metric || ' ' || {} AS line \
             FROM compliance_rollup c JOIN public_bodies b ON b.id = c.body_id LEFT JOIN units u ON u.id = c.unit_id",
            t("c.day"),
            t("c.value")
        ),
        format!(
            "SELECT 'total ' || c.grain || ' ' || b.slug || ' ' || COALESCE(u.slug, '-') || ' ' || {} || ' ' || \
             c.metric || ' ' || {} AS line \
             FROM compliance_totals c JOIN public_bodies b ON b.id = c.body_id LEFT JOIN units u ON u.id = c.unit_id",
            t("c.period_start"),
            t("c.value")
        ),
        format!(
            "SELECT 'counter ' || b.slug || ' ' || c.series || ' ' || {} || ' ' || {} AS line \
             FROM registration_counters c JOIN public_bodies b ON b.id = c.body_id",
            t("c.year"),
            t("c.last_seq")
        ),
        format!("SELECT 'anchor ' || {} || ' ' || {} AS line FROM chain_anchors", t("anchor_date"), t("head_count")),
    ];
    let mut lines: Vec<String> = Vec::new();
    for q in &queries {
        let rows: Vec<Line> = match &mut **conn {
            terbuka::db::DbConn::Pg(c) => diesel::sql_query(q.as_str()).load(c),
            terbuka::db::DbConn::Sqlite(c) => diesel::sql_query(q.as_str()).load(c),
        }
        .unwrap();
        lines.extend(rows.into_iter().map(|r| r.line));
    }
    lines.sort();
    lines
}

#[tokio::test]
async fn the_batch_writer_writes_what_the_services_write() {
    let (batch, clock_batch, _) = demo_database();
    let (services, clock_services, stdout) = demo_database_with(&["--through-services"]);
    assert!(stdout.contains("250 requests") && stdout.contains("objections"), "{stdout}");
    let (a, b) = (record(&batch, &clock_batch), record(&services, &clock_services));
    for kind in ["request ", "objection ", "dispute ", "event ", "day ", "total ", "counter ", "anchor "] {
        assert!(a.iter().any(|l| l.starts_with(kind)), "the demo writes {kind}rows");
    }
    let differing: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).take(5).collect();
    assert!(
        a.len() == b.len() && differing.is_empty(),
        "{} vs {} lines; first differences: {differing:#?}",
        a.len(),
        b.len()
    );
    assert_eq!(figures(&batch, &clock_batch), figures(&services, &clock_services));
}
