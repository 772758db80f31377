//! The compliance summary against hand-computed expectations (domain.md §6), on both databases.

use chrono::NaiveDate;
use diesel::ExpressionMethods;
use terbuka::domain::clock::Clock;
use terbuka::domain::request::{DecisionInput, InfoForm, TerminalOutcome};
use terbuka::service::cases::{self, RequestCommand};
use terbuka::service::compliance::{self, Summary, WorkingDays};

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app, test_secrets};
use terbuka::domain::account::Role;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn register(app: &TestApp, received: &str) -> String {
    app.register(&Office::new_request(wib_morning(received))).request.id
}

fn step(app: &TestApp, id: &str, cmd: RequestCommand) {
    let mut conn = app.db.get().unwrap();
    cases::request_command(&mut conn, CAL, id, None, &cmd, &Office::officer(), app.clock.now()).unwrap();
}

fn granted(on: &str, fee: Option<i64>) -> RequestCommand {
    let decision = DecisionInput {
        kind: "granted".into(),
        form: Some(InfoForm::Softcopy),
        provide_by: Some(day(on)),
        fee_rupiah: fee,
        fee_basis: fee.map(|_| "Transfer ke rekening kas daerah".into()),
        ..Default::default()
    };
    RequestCommand::GiveNotice { notice_on: day(on), decision, electronic: true }
}

fn refused(on: &str, letter: &str) -> RequestCommand {
    let decision = DecisionInput {
        kind: "refused_exempt".into(),
        art17_ground: Some(letter.into()),
        consequence_test: Some("Uji konsekuensi.".into()),
        ..Default::default()
    };
    RequestCommand::GiveNotice { notice_on: day(on), decision, electronic: true }
}

fn body_summary(app: &TestApp, unit: Option<&str>, from: &str, to: &str, today: &str) -> Summary {
    let mut conn = app.db.get().unwrap();
    let body = terbuka::db::repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let unit = unit.map(|slug| terbuka::db::repo::bodies::unit_by_slug(&mut conn, &body.id, slug).unwrap().unwrap().id);
    compliance::summary(&mut conn, &[body.id], unit.as_deref(), day(from), day(to), day(today)).unwrap()
}

#[tokio::test]
async fn every_figure_matches_the_hand_computed_expectation() {
    let app = spawn_app().await;
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    {
        let mut conn = app.db.get().unwrap();
        let unit = terbuka::service::bodies::UnitInput { slug: "dinas".into(), name: "Dinas".into(), time_zone: None };
        terbuka::service::bodies::create_unit(&mut conn, "kota-contoh", &unit, now).unwrap();
    }
    // All received Friday 21 March 2025 (C1: Tuesday 15 April; C2 when extended: Friday 25 April), except F.
    let a = register(&app, "2025-03-21"); // granted on the deadline day itself, with a fee: on time, 10 wd
    let b = register(&app, "2025-03-21"); // extended, refused (c) on 22 April: on time with extension, 14 wd
    let c = register(&app, "2025-03-21"); // refused (h) on 17 April without extension: late, 12 wd
    let d = register(&app, "2025-03-21"); // withdrawn
    let e = register(&app, "2025-03-21"); // no notice, routed to the unit: open and overdue by 1 May
    let g = register(&app, "2025-03-21"); // granted on 26 March: on time, 3 wd
    let h = register(&app, "2025-03-21"); // closed as spam
    let f = register(&app, "2024-12-30"); // across the year boundary: counted in 2024

    step(&app, &a, granted("2025-04-15", Some(5000)));
    step(&app, &b, RequestCommand::Extend { notified_on: day("2025-03-25"), reason: "Koordinasi antarunit.".into() });
    step(&app, &b, refused("2025-04-22", "c"));
    step(&app, &c, refused("2025-04-17", "h"));
    step(&app, &d, RequestCommand::Withdraw { withdrawn_on: day("2025-03-24"), reason: "Sudah tidak perlu.".into() });
    step(&app, &e, RequestCommand::Route { unit: Some("dinas".into()), reason: "Data dinas.".into() });
    step(&app, &g, granted("2025-03-26", None));
    step(
        &app,
        &h,
        RequestCommand::CloseWithoutDecision {
            closed_on: day("2025-03-24"),
            outcome: TerminalOutcome::Spam,
            reason: "Iklan.".into(),
        },
    );
    step(&app, &f, granted("2025-01-06", None));

    let year = body_summary(&app, None, "2025-01-01", "2025-12-31", "2025-05-01");
    let expected = Summary {
        from: day("2025-01-01"),
        to: day("2025-12-31"),
        received: 7,
        withdrawn: 1,
        closed: [("spam".to_owned(), 1)].into(),
        outcomes: [("granted".to_owned(), 2), ("refused_exempt".to_owned(), 2)].into(),
        refused_by_letter: [("c".to_owned(), 1), ("h".to_owned(), 1)].into(),
        notices: 4,
        on_time: 2,
        on_time_with_extension: 1,
        late: 1,
        open_overdue: 1,
        extensions: 1,
        working_days: WorkingDays { median: Some(10), p90: Some(14), max: Some(14), buckets: [1, 1, 2, 0] },
        fees_count: 1,
        fees_rupiah: 5000,
        objections: Default::default(),
        disputes: Default::default(),
    };
    assert_eq!(year, expected);

    // Before the deadline passes nothing is overdue; the unit has only the request routed to it.
    assert_eq!(body_summary(&app, None, "2025-01-01", "2025-12-31", "2025-04-15").open_overdue, 0);
    let unit = body_summary(&app, Some("dinas"), "2025-01-01", "2025-12-31", "2025-05-01");
    assert_eq!((unit.received, unit.notices, unit.open_overdue), (1, 0, 1));
    let previous = body_summary(&app, None, "2024-01-01", "2024-12-31", "2025-05-01");
    assert_eq!((previous.received, previous.on_time, previous.notices), (1, 1, 1));
    assert_eq!(previous.working_days.max, Some(4), "30 Dec → 6 Jan 2025: 31 Dec, 2, 3 and 6 Jan (1 Jan is a holiday)");

    // A decision is reflected in the very next read: E answered late moves from open-overdue to late.
    step(&app, &e, refused("2025-04-30", "h"));
    let after = body_summary(&app, None, "2025-01-01", "2025-12-31", "2025-05-01");
    assert_eq!((after.open_overdue, after.late, after.notices), (0, 2, 5));
    assert_eq!(after.refused_by_letter.get("h"), Some(&2));

    // Whole years and months are read from their totals, other ranges from the days: the same figures.
    for (whole, days) in [
        (("2025-01-01", "2025-12-31"), ("2024-12-31", "2025-12-31")),
        (("2025-03-01", "2025-04-30"), ("2025-03-01", "2025-04-29")),
    ] {
        let a = body_summary(&app, None, whole.0, whole.1, "2025-05-01");
        let b = body_summary(&app, None, days.0, days.1, "2025-05-01");
        assert!(a.received > 0);
        assert_eq!(Summary { from: a.from, to: a.to, ..b }, a, "{whole:?} vs {days:?}");
    }
}

#[tokio::test]
async fn requests_from_before_the_rollup_join_it_once_and_match_what_transitions_would_have_added() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let a = register(&app, "2025-03-21");
    step(&app, &a, granted("2025-04-15", Some(5000)));
    let b = register(&app, "2025-03-21");
    step(&app, &b, refused("2025-04-17", "h"));
    let as_kept = body_summary(&app, None, "2025-01-01", "2025-12-31", "2025-05-01");

    // An instance upgraded from before the rollup: no counters, no recorded contributions.
    let mut conn = app.db.get().unwrap();
    {
        use diesel::RunQueryDsl;
        diesel::delete(terbuka::db::schema::compliance_rollup::table).execute(&mut **conn).unwrap();
        diesel::delete(terbuka::db::schema::compliance_totals::table).execute(&mut **conn).unwrap();
        diesel::update(terbuka::db::schema::requests::table)
            .set(terbuka::db::schema::requests::compliance.eq(""))
            .execute(&mut **conn)
            .unwrap();
    }
    drop(conn);
    assert_eq!(body_summary(&app, None, "2025-01-01", "2025-12-31", "2025-05-01").received, 0);
    let mut conn = app.db.get().unwrap();
    assert_eq!(compliance::backfill(&mut conn, CAL).unwrap(), 2);
    assert_eq!(compliance::backfill(&mut conn, CAL).unwrap(), 0, "once");
    drop(conn);
    assert_eq!(body_summary(&app, None, "2025-01-01", "2025-12-31", "2025-05-01"), as_kept);
}

#[tokio::test]
async fn the_public_page_and_its_data_show_the_figures_for_a_chosen_period_without_personal_data() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let a = register(&app, "2025-03-21");
    step(&app, &a, granted("2025-04-15", Some(5000)));
    let b = register(&app, "2025-03-21");
    step(&app, &b, refused("2025-04-17", "h"));
    register(&app, "2025-03-21"); // unanswered
    app.clock.set(wib_morning("2025-05-02"));

    let body = app.get("/badan/kota-contoh").await.text().await.unwrap();
    assert!(body.contains("/badan/kota-contoh/kepatuhan"), "the body's page links to its summary");
    let res = app.get("/badan/kota-contoh/kepatuhan?periode=2025-Q1").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Permohonan yang diterima Rabu, 1 Januari 2025 sampai Senin, 31 Maret 2025"), "{html}");
    // On time 1 of 3 answered or past due; the small-number warning; the fee in rupiah.
    assert!(html.contains("<th scope=\"row\">Tepat waktu (≤ 10 hari kerja)</th><td>1</td><td>33,3 %</td>"), "{html}");
    assert!(html.contains("<th scope=\"row\">Belum dijawab dan sudah lewat batas waktu</th><td>1</td><td>33,3 %</td>"));
    assert!(html.contains("Kurang dari 10 permohonan") && html.contains("Rp 5.000"));
    assert!(!html.contains("Siti") && !html.contains("3273"), "no requester identity");
    // It opens with the headline figures, and the period is chosen from a list of those begun.
    assert!(html.contains("<dt>Permohonan diterima</dt><dd><span class=\"headline-value\">3</span>"), "{html}");
    assert!(html.contains("<dt>Dijawab tepat waktu</dt><dd><span class=\"headline-value\">33,3 %</span><span class=\"headline-note\">1 dari 3 yang sudah jatuh tempo</span>"), "{html}");
    assert!(html.contains(r#"<option value="2025-Q1" selected>Triwulan 1 2025</option>"#), "{html}");
    assert!(html.contains(r#"<option value="2025-05">Mei 2025</option>"#) && !html.contains(r#"value="2025-06""#));
    assert!(
        html.contains(r#"<option value="2025-S1">Semester 1 2025</option>"#) && !html.contains(r#"value="2025-S2""#)
    );
    let en = app.get("/badan/kota-contoh/kepatuhan?periode=2025-Q1&lang=en").await.text().await.unwrap();
    assert!(en.contains("<td>33.3%</td>"), "{en}");

    let json: serde_json::Value = app.get("/badan/kota-contoh/kepatuhan.json?periode=2025").await.json().await.unwrap();
    assert_eq!(json["figures"]["received"], 3);
    assert_eq!(json["figures"]["late"], 1);
    assert_eq!(json["figures"]["open_overdue"], 1);
    assert_eq!(json["period"]["from"], "2025-01-01");
    assert_eq!(json["method_version"], 1);
    assert_eq!(json["trend"].as_array().unwrap().len(), 12, "every month of the year");
    assert_eq!(
        json["trend"][2],
        serde_json::json!({"month": "2025-03", "received": 3, "on_time": 1, "on_time_with_extension": 0, "late": 1})
    );

    // The monthly trend: two charts a screen reader can read, and the table they draw.
    assert!(html.contains("<th scope=\"row\">Mar 2025</th><td>3</td><td>1</td><td>0</td><td>1</td>"), "{html}");
    assert!(html.contains("<th scope=\"row\">Jan 2025</th><td>0</td><td>0</td><td>0</td><td>0</td>"));
    assert!(html.contains(r#"role="img" aria-labelledby="tren-diterima-title tren-diterima-desc""#));
    assert!(html.contains("Permohonan diterima: Jan 2025 0; Feb 2025 0; Mar 2025 3."), "{html}");
    assert!(html.contains("Terlambat: Jan 2025 0; Feb 2025 0; Mar 2025 1."));
    // …and both tables as CSV.
    let csv = app.get("/badan/kota-contoh/kepatuhan.csv?periode=2025-Q1&tabel=tren").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("kepatuhan-tren-kota-contoh-2025-01-01"));
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}bulan,diterima,tepat_waktu,tepat_waktu_perpanjangan,terlambat\r\n"), "{csv}");
    assert!(csv.contains("\r\n2025-03,3,1,0,1\r\n"), "{csv}");
    let figures = app.get("/badan/kota-contoh/kepatuhan.csv?periode=2025-Q1").await.text().await.unwrap();
    // Numbers as numbers: counts as integers, shares as percentages with a decimal point.
    assert!(
        figures.contains("\"Ketepatan waktu pemberitahuan tertulis\",\"Tepat waktu (≤ 10 hari kerja)\",1,33.3\r\n"),
        "{figures}"
    );
    assert!(figures.contains("\"Biaya\",\"Jumlah biaya\",5000,\r\n"), "{figures}");
    let bad = app.get("/badan/kota-contoh/kepatuhan.csv?periode=2025-Q9").await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("Periode tidak dikenali"));

    let next_year: serde_json::Value =
        app.get("/badan/kota-contoh/kepatuhan.json?dari=2026-01-01&sampai=2026-06-30").await.json().await.unwrap();
    assert_eq!(next_year["figures"]["received"], 0);

    for (path, status, message) in [
        ("/badan/kota-contoh/kepatuhan?periode=2025-Q5", 400, "Periode tidak dikenali"),
        ("/badan/kota-contoh/kepatuhan?dari=2025-02-01&sampai=2025-01-01", 400, "Rentang tanggal tidak sah"),
        ("/badan/kota-contoh/kepatuhan?periode=2025&unit=tidak-ada", 400, "Unit itu tidak ada"),
        ("/badan/tidak-ada/kepatuhan", 404, ""),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert!(res.text().await.unwrap().contains(message), "{path}");
    }
    let bad = app.get("/badan/kota-contoh/kepatuhan.json?periode=x").await;
    assert_eq!(bad.status(), 400);
    let method = app.get("/metodologi").await.text().await.unwrap();
    assert!(method.contains("peringkat terdekat") && method.contains("hari ke-14 tanpa perpanjangan sah"));
}

#[tokio::test]
async fn objections_and_disputes_are_counted_with_the_atasan_timeliness_and_the_outcomes() {
    use terbuka::domain::dispute::AdjudicationOutcome;
    use terbuka::domain::objection::{AtasanOutcome, ObjectionGround};
    use terbuka::service::cases::{DisputeCommand, NewObjection, ObjectionCommand};
    let app = spawn_app().await;
    app.clock.set(wib_morning("2025-03-21"));
    create_standard_body(&app.db, app.clock.now());
    let r1 = register(&app, "2025-03-21");
    let r2 = register(&app, "2025-03-21");
    step(&app, &r1, refused("2025-03-26", "h"));
    step(&app, &r2, refused("2025-03-26", "h"));
    let mut conn = app.db.get().unwrap();
    let mut object = |request: &str| {
        cases::file_objection(
            &mut conn,
            CAL,
            &test_secrets(),
            &NewObjection {
                request_id: Some(request.to_owned()),
                body: None,
                requester: None,
                grounds: vec![ObjectionGround::RefusedExempt],
                periodic_date: None,
                summary: "Tidak dikecualikan.".into(),
                channel: terbuka::domain::request::Channel::Letter,
                received_at: wib_morning("2025-03-27"),
                online: false,
                representative_name: String::new(),
            },
            &Office::officer(),
            app.clock.now(),
        )
        .unwrap()
    };
    let o1 = object(&r1);
    let o2 = object(&r2);
    let decide = |on: &str, outcome: AtasanOutcome| ObjectionCommand::Decide {
        decided_on: day(on),
        outcome,
        reasons: "Pertimbangan.".into(),
        atasan_name: "Sekretaris Daerah".into(),
        atasan_position: "Sekretaris Daerah".into(),
        order: Some(terbuka::domain::objection::DisclosureOrder {
            what: "Salinan dokumen.".into(),
            by: day("2025-07-14"),
        }),
        electronic: true,
    };
    app.clock.set(wib_morning("2025-07-01"));
    let now = app.clock.now();
    // O1 upheld on 8 April (within 30 working days); O2 overturned on 30 June (after its deadline).
    cases::objection_command(
        &mut conn,
        CAL,
        &o1.id,
        None,
        &decide("2025-04-08", AtasanOutcome::Upheld),
        &Office::officer(),
        now,
    )
    .unwrap();
    cases::objection_command(
        &mut conn,
        CAL,
        &o2.id,
        None,
        &decide("2025-06-30", AtasanOutcome::Overturned),
        &Office::officer(),
        now,
    )
    .unwrap();
    // O1 goes to the KI, which adjudicates for the requester; the body complies.
    let dispute =
        cases::file_dispute(&mut conn, CAL, &o1.id, day("2025-04-10"), true, &Office::officer(), now).unwrap();
    for cmd in [
        DisputeCommand::RegisterAtKi { ki_number: "012/REG-PSI/IV/2025".into(), received_by_ki_on: day("2025-04-11") },
        DisputeCommand::FirstSession { on: day("2025-04-24") },
        DisputeCommand::AdjudicationDecision {
            decided_on: day("2025-06-10"),
            received_on: day("2025-06-11"),
            outcome: AdjudicationOutcome::Granted,
        },
        DisputeCommand::Compliance { complied: true, on: day("2025-06-20") },
    ] {
        cases::dispute_command(&mut conn, &dispute.id, None, &cmd, &Office::officer(), now).unwrap();
    }
    drop(conn);

    let s = body_summary(&app, None, "2025-01-01", "2025-12-31", "2025-07-01");
    let expected_objections = compliance::Objections {
        received: 2,
        by_ground: [("a".to_owned(), 2)].into(),
        late_filed: 0,
        withdrawn: 0,
        duplicates: 0,
        atasan_on_time: 1,
        atasan_late: 1,
        outcomes: [("upheld".to_owned(), 1), ("overturned".to_owned(), 1)].into(),
        // The overturn's order, due 14 July, is not carried out yet on 1 July (the upheld one ordered nothing).
        orders: compliance::Orders { given: 1, not_yet: 1, ..Default::default() },
    };
    assert_eq!(s.objections, expected_objections);
    let expected_disputes = compliance::Disputes {
        filed: 1,
        adjudicated: 1,
        outcomes: [("granted".to_owned(), 1)].into(),
        complied: 1,
        ..Default::default()
    };
    assert_eq!(s.disputes, expected_disputes);
    // Counted body-wide: a unit's summary has none.
    assert_eq!(s.received, 2);

    // The backfill rebuilds the same figures for objections and disputes too.
    let mut conn = app.db.get().unwrap();
    {
        use diesel::RunQueryDsl;
        use terbuka::db::schema::{compliance_rollup, compliance_totals, disputes, objections, requests};
        diesel::delete(compliance_rollup::table).execute(&mut **conn).unwrap();
        diesel::delete(compliance_totals::table).execute(&mut **conn).unwrap();
        diesel::update(requests::table).set(requests::compliance.eq("")).execute(&mut **conn).unwrap();
        diesel::update(objections::table).set(objections::compliance.eq("")).execute(&mut **conn).unwrap();
        diesel::update(disputes::table).set(disputes::compliance.eq("")).execute(&mut **conn).unwrap();
    }
    assert_eq!(compliance::backfill(&mut conn, CAL).unwrap(), 5);
    drop(conn);
    assert_eq!(body_summary(&app, None, "2025-01-01", "2025-12-31", "2025-07-01"), s);
}

#[tokio::test]
async fn a_jurisdiction_compares_its_bodies_in_a_sortable_league_table_with_csv_and_json() {
    let app = spawn_app().await;
    app.clock.set(wib_morning("2025-03-21"));
    create_standard_body(&app.db, app.clock.now());
    {
        let mut conn = app.db.get().unwrap();
        let other = terbuka::service::bodies::BodyInput {
            slug: "kota-lain".into(),
            name: "Pemerintah Kota Lain".into(),
            level: "pemerintah_kabupaten_kota".into(),
            time_zone: "Asia/Jakarta".into(),
            ki: "jawa-barat".into(),
            ppid_email: "ppid@kota-lain.go.id".into(),
            ppid_phone: "022 7654321".into(),
            ppid_address: "Jl. Lain 1".into(),
            ..Default::default()
        };
        terbuka::service::bodies::create_body(&mut conn, &other, app.clock.now()).unwrap();
    }
    let a = register(&app, "2025-03-21");
    step(&app, &a, granted("2025-04-15", None));
    let b = register(&app, "2025-03-21");
    step(&app, &b, refused("2025-04-17", "h"));
    register(&app, "2025-03-21");
    let other = {
        let mut input = Office::new_request(wib_morning("2025-03-21"));
        input.body = "kota-lain".into();
        app.register(&input).request.id
    };
    step(&app, &other, granted("2025-03-27", None));
    app.clock.set(wib_morning("2025-05-02"));
    // The KI's monev of 2024 and then 2023 for one body: the league shows the latest year's band.
    {
        let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
        drop(auditor);
        let mut conn = app.db.get().unwrap();
        let user = terbuka::db::repo::accounts::user_by_username(&mut conn, "auditor").unwrap().unwrap();
        for (year, band) in [("2024", "menuju_informatif"), ("2023", "kurang_informatif")] {
            let input = terbuka::service::monev::MonevInput {
                body: "kota-contoh".into(),
                year: year.into(),
                band: band.into(),
                score: String::new(),
                reference: "SK 12/KI-JABAR".into(),
                note: String::new(),
            };
            terbuka::service::monev::record(&mut conn, &user, &input, app.clock.now().date_naive(), app.clock.now())
                .unwrap();
        }
    }

    let html = app.get("/ki/jawa-barat/kepatuhan?periode=2025").await.text().await.unwrap();
    assert!(html.contains("<td>Menuju Informatif (2024)</td>"), "the latest band: {html}");
    assert!(html.contains("<dt>Permohonan diterima</dt><dd><span class=\"headline-value\">4</span>"), "{html}");
    let lain = html.find("Pemerintah Kota Lain</a>").expect("listed");
    let contoh = html.find("Pemerintah Kota Contoh</a>").expect("listed");
    assert!(lain < contoh, "by timeliness: 100 % before 33,3 %");
    assert!(html.contains("<td>100,0 %</td>") && html.contains("<td>33,3 %</td>"), "{html}");
    let by_volume = app.get("/ki/jawa-barat/kepatuhan?periode=2025&urut=jumlah").await.text().await.unwrap();
    assert!(
        by_volume.find("Pemerintah Kota Contoh</a>").unwrap() < by_volume.find("Pemerintah Kota Lain</a>").unwrap()
    );

    let json: serde_json::Value = app.get("/ki/jawa-barat/kepatuhan.json?periode=2025").await.json().await.unwrap();
    assert_eq!(json["total"]["received"], 4);
    assert_eq!(json["total"]["open_overdue"], 1);
    assert_eq!(json["bodies"].as_array().unwrap().len(), 2);

    let csv = app.get("/ki/jawa-barat/kepatuhan.csv?periode=2025").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("\u{feff}badan_publik,diterima,"));
    assert!(text.contains("\"Pemerintah Kota Contoh\",3,2,1,0,1,1,"), "{text}");
    assert!(text.contains(",\"Menuju Informatif (2024)\"\r\n") && text.contains(",monev_terakhir\r\n"), "{text}");

    assert_eq!(app.get("/ki/tidak-ada/kepatuhan").await.status(), 404);
    assert_eq!(app.get("/ki/jawa-barat/kepatuhan?periode=20x5").await.status(), 400);
    assert_eq!(app.get("/ki/jawa-barat/kepatuhan.json?periode=20x5").await.status(), 400);
}

#[tokio::test]
async fn the_api_serves_the_same_figures_with_clear_errors() {
    let app = spawn_app().await;
    app.clock.set(wib_morning("2025-03-21"));
    create_standard_body(&app.db, app.clock.now());
    let a = register(&app, "2025-03-21");
    step(&app, &a, granted("2025-04-15", None));
    register(&app, "2025-03-21");
    app.clock.set(wib_morning("2025-05-02"));

    let body: serde_json::Value =
        app.get("/api/v1/compliance/bodies/kota-contoh?period=2025").await.json().await.unwrap();
    assert_eq!(body["body"], "kota-contoh");
    assert_eq!(body["figures"]["received"], 2);
    assert_eq!(body["figures"]["on_time"], 1);
    assert_eq!(body["figures"]["open_overdue"], 1);
    assert_eq!(body["as_of"], "2025-05-02");
    let page: serde_json::Value = app.get("/badan/kota-contoh/kepatuhan.json?periode=2025").await.json().await.unwrap();
    assert_eq!(body["figures"], page["figures"], "the page's data and the API agree");
    let ki: serde_json::Value = app
        .get("/api/v1/compliance/jurisdictions/jawa-barat?from=2025-03-01&to=2025-03-31")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ki["total"]["received"], 2);
    assert_eq!(ki["bodies"][0]["slug"], "kota-contoh");

    let bad = app.get("/api/v1/compliance/bodies/kota-contoh?period=2025-Q9").await;
    assert_eq!(bad.status(), 400);
    let bad: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(bad["code"], "invalid_input");
    assert_eq!(bad["errors"][0]["field"], "period");
    assert_eq!(app.get("/api/v1/compliance/bodies/kota-contoh?unit=x").await.status(), 400);
    assert_eq!(app.get("/api/v1/compliance/bodies/tidak-ada").await.status(), 404);
    assert_eq!(app.get("/api/v1/compliance/jurisdictions/tidak-ada").await.status(), 404);
}

#[tokio::test]
async fn a_closed_year_is_frozen_with_a_digest_that_changes_if_and_only_if_a_figure_does() {
    use terbuka::service::snapshots::{self, Scope};
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    app.clock.set(wib_morning("2025-12-31"));
    let a = register(&app, "2025-03-21");
    step(&app, &a, granted("2025-04-15", None));
    let b = register(&app, "2025-06-02"); // unanswered, overdue
    let now = app.clock.now();
    let body = Scope::Body("kota-contoh".into());
    let mut conn = app.db.get().unwrap();

    // A year closes on 31 March of the next year, not before.
    assert_eq!(snapshots::last_closed_year(day("2026-03-30")), 2024);
    assert_eq!(snapshots::last_closed_year(day("2026-03-31")), 2025);
    snapshots::freeze_due(&mut conn, day("2026-03-30"), now).unwrap();
    assert!(snapshots::versions(&mut conn, &body, "2025").unwrap().is_empty(), "2025 is still open on 30 March");
    assert!(snapshots::freeze_due(&mut conn, day("2026-03-31"), now).unwrap() >= 2, "the body and its KI");
    assert_eq!(snapshots::freeze_due(&mut conn, day("2026-03-31"), now).unwrap(), 0, "once");
    let v1 = snapshots::versions(&mut conn, &body, "2025").unwrap();
    assert_eq!(v1.len(), 1);
    let v1 = v1[0].clone();
    assert_eq!(v1.digest, terbuka::domain::evidence::sha256_hex(&v1.document));
    let doc: serde_json::Value = serde_json::from_str(&v1.document).unwrap();
    assert_eq!(doc["figures"]["received"], 2);
    assert_eq!(doc["figures"]["open_overdue"], 1);
    assert_eq!(doc["method_version"], 1);
    assert_eq!(doc["calendar_versions"].as_array().unwrap().len(), 1);
    assert_eq!(
        v1.document,
        terbuka::domain::evidence::canonical_json(&doc),
        "stored in canonical form (RFC 8785): keys sorted, no spaces"
    );

    // The same record gives the same digest; a change that is not a figure (hiding the text) too.
    step(&app, &a, RequestCommand::SetTextHidden { hidden: true, reason: "Memuat data pribadi.".into() });
    let again = snapshots::document(&mut conn, &body, 2025, day("2026-04-01")).unwrap().unwrap().1;
    assert_eq!(terbuka::domain::evidence::sha256_hex(&again), v1.digest);
    let unchanged = snapshots::correct(&mut conn, &body, 2025, "Tidak ada", None, day("2026-04-01"), now).unwrap_err();
    assert_eq!(unchanged.code(), "snapshot-error-unchanged");
    let no_reason = snapshots::correct(&mut conn, &body, 2025, "  ", None, day("2026-04-01"), now).unwrap_err();
    assert_eq!(no_reason.code(), "invalid_input");
    let not_frozen = snapshots::correct(&mut conn, &body, 2026, "x", None, day("2026-04-01"), now).unwrap_err();
    assert_eq!(not_frozen.code(), "snapshot-error-not-frozen");

    // The public page and the exact bytes.
    let html = app.get("/badan/kota-contoh/kepatuhan/arsip/2025").await.text().await.unwrap();
    assert!(html.contains(&v1.digest) && html.contains("v1.json"), "{html}");
    assert!(!html.contains("Catatan telah berubah"), "no drift yet");
    let res = app.get("/badan/kota-contoh/kepatuhan/arsip/2025/v1.json").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-content-sha256"], v1.digest.as_str());
    let bytes = res.bytes().await.unwrap();
    assert_eq!(terbuka::domain::evidence::sha256_hex_bytes(&bytes), v1.digest, "sha256sum of the download");
    let summary = app.get("/badan/kota-contoh/kepatuhan?periode=2025").await.text().await.unwrap();
    assert!(summary.contains(&format!("versi 1, SHA-256 {}", v1.digest)), "{summary}");
    for (path, status) in [
        ("/badan/kota-contoh/kepatuhan/arsip/2024", 404),
        ("/badan/kota-contoh/kepatuhan/arsip/20x5", 404),
        ("/badan/kota-contoh/kepatuhan/arsip/2025?versi=9", 404),
        ("/badan/kota-contoh/kepatuhan/arsip/2025/v2.json", 404),
        ("/badan/kota-contoh/kepatuhan/arsip/2025/berkas", 404),
        ("/ki/jawa-barat/kepatuhan/arsip/2025", 200),
        ("/ki/jawa-barat/kepatuhan/arsip/2025/v1.json", 200),
    ] {
        assert_eq!(app.get(path).await.status(), status, "{path}");
    }

    // A figure changes (the overdue request is answered late): the page says so, the frozen version stays, and a
    // correction is a new version linked to the first.
    app.clock.set(wib_morning("2026-04-10"));
    step(&app, &b, granted("2026-04-10", None));
    let html = app.get("/badan/kota-contoh/kepatuhan/arsip/2025").await.text().await.unwrap();
    assert!(html.contains("Catatan telah berubah sejak versi beku terakhir"), "{html}");
    let v2 = snapshots::correct(
        &mut conn,
        &body,
        2025,
        "Pemberitahuan tertulis yang terlambat dicatat",
        None,
        day("2026-04-10"),
        now,
    )
    .unwrap();
    assert_eq!((v2.version, v2.supersedes), (2, Some(1)));
    assert_ne!(v2.digest, v1.digest);
    let doc2: serde_json::Value = serde_json::from_str(&v2.document).unwrap();
    assert_eq!((doc2["figures"]["late"].as_i64(), doc2["figures"]["open_overdue"].as_i64()), (Some(1), Some(0)));
    let all = snapshots::versions(&mut conn, &body, "2025").unwrap();
    assert_eq!(all[0].document, v1.document, "the first version is never changed");
    let html = app.get("/badan/kota-contoh/kepatuhan/arsip/2025").await.text().await.unwrap();
    assert!(html.contains("Menggantikan versi 1: Pemberitahuan tertulis yang terlambat dicatat"), "{html}");
    assert!(!html.contains("Catatan telah berubah"));
    let old = app.get("/badan/kota-contoh/kepatuhan/arsip/2025?versi=1&lang=en").await.text().await.unwrap();
    assert!(old.contains("Figures of version 1"), "{old}");
}

#[tokio::test]
async fn an_administrator_corrects_a_frozen_year_on_a_page_with_a_public_reason_and_clear_refusals() {
    use terbuka::domain::account::Role;
    use terbuka::service::snapshots;
    let app = crate::helpers::spawn_app_with(|s| s.require_two_step_for_admins = false).await;
    create_standard_body(&app.db, app.clock.now());
    app.clock.set(wib_morning("2025-12-31"));
    let b = register(&app, "2025-06-02"); // unanswered, overdue
    app.clock.set(wib_morning("2026-04-01"));
    snapshots::freeze_due(&mut app.db.get().unwrap(), day("2026-04-01"), app.clock.now()).unwrap();
    let admin = crate::helpers::signed_in_account(&app, "operator", Role::Admin, None, None, None);
    let page = app
        .client
        .get(format!("{}/admin/kepatuhan", app.address))
        .header("Cookie", &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Koreksi angka kepatuhan yang dibekukan"), "{page}");
    let csrf = page.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let send = |fields: [(&'static str, &'static str); 4]| {
        let mut form = vec![("csrf_token", csrf.clone())];
        form.extend(fields.into_iter().map(|(k, v)| (k, v.to_owned())));
        let (admin, app) = (admin.clone(), &app);
        async move {
            let res = app
                .client
                .post(format!("{}/admin/kepatuhan", app.address))
                .header("Cookie", admin)
                .form(&form)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let reason = "Tanggal pemberitahuan tertulis salah catat dan telah diperbaiki.";
    for (fields, message) in [
        (
            [("cakupan", "badan"), ("kode", "kota-contoh"), ("tahun", "2025"), ("alasan", " ")],
            "Tulis alasan koreksinya.",
        ),
        (
            [("cakupan", "badan"), ("kode", "tidak-ada"), ("tahun", "2025"), ("alasan", reason)],
            "Tidak ada badan publik",
        ),
        ([("cakupan", "badan"), ("kode", "kota-contoh"), ("tahun", "2026"), ("alasan", reason)], "belum dibekukan"),
        (
            [("cakupan", "badan"), ("kode", "kota-contoh"), ("tahun", "2025"), ("alasan", reason)],
            "sama dengan versi terakhir",
        ),
    ] {
        let (status, html) = send(fields).await;
        assert_eq!(status, 400, "{message}");
        assert!(html.contains(message), "{message}: {html}");
    }
    // The record is corrected (the request was in fact answered): the correction is stored with its reason.
    step(&app, &b, granted("2025-06-10", None));
    let (status, html) =
        send([("cakupan", "badan"), ("kode", "kota-contoh"), ("tahun", "2025"), ("alasan", reason)]).await;
    assert_eq!(status, 200);
    assert!(html.contains("Versi 2 disimpan") && html.contains("/badan/kota-contoh/kepatuhan/arsip/2025"), "{html}");
    let archive = app.get("/badan/kota-contoh/kepatuhan/arsip/2025").await.text().await.unwrap();
    assert!(archive.contains(reason), "{archive}");
    let (status, html) = send([("cakupan", "ki"), ("kode", "jawa-barat"), ("tahun", "2025"), ("alasan", reason)]).await;
    assert_eq!(status, 200, "{html}");
    assert!(app.get("/ki/jawa-barat/kepatuhan/arsip/2025").await.text().await.unwrap().contains(reason));
}

/// A transition's rollup changes go in as one upsert for the days and one for the totals (`add_all`): changes to the
/// same counter are added up first, changes that cancel out touch nothing, and what is there is added to.
#[tokio::test]
async fn rollup_changes_made_together_add_up_per_counter() {
    use diesel::{QueryDsl, RunQueryDsl};
    use terbuka::db::repo::compliance::add_all;
    use terbuka::db::schema::{compliance_rollup as r, compliance_totals as t};
    use terbuka::domain::compliance::RollupKey;

    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let mut conn = app.db.get().unwrap();
    let body_id = terbuka::db::repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap().id;
    let key = |d: &str| RollupKey {
        body_id: body_id.clone(),
        unit_id: String::new(),
        day: day(d),
        channel: "web".into(),
        applicant_type: "individual".into(),
    };
    let change = |d: &str, metric: &str, delta: i64| (key(d), metric.to_owned(), delta);
    let counters = |conn: &mut terbuka::db::DbConn| {
        let days: Vec<(NaiveDate, String, i64)> =
            r::table.select((r::day, r::metric, r::value)).order((r::day, r::metric)).load(conn).unwrap();
        let totals: Vec<(String, NaiveDate, String, i64)> = t::table
            .select((t::grain, t::period_start, t::metric, t::value))
            .order((t::grain, t::period_start, t::metric))
            .load(conn)
            .unwrap();
        (days, totals)
    };

    add_all(
        &mut conn,
        &[
            change("2025-03-03", "received", 1),
            change("2025-03-03", "received", 1),
            change("2025-03-20", "received", 1),
            change("2025-03-03", "late", 1),
            change("2025-03-03", "late", -1),
        ],
    )
    .unwrap();
    let (days, totals) = counters(&mut conn);
    assert_eq!(days, vec![(day("2025-03-03"), "received".into(), 2), (day("2025-03-20"), "received".into(), 1)]);
    assert_eq!(
        totals,
        vec![
            ("month".into(), day("2025-03-01"), "received".into(), 3),
            ("year".into(), day("2025-01-01"), "received".into(), 3)
        ]
    );

    add_all(&mut conn, &[change("2025-03-03", "received", -1), change("2025-12-31", "received", 1)]).unwrap();
    let (days, totals) = counters(&mut conn);
    assert_eq!(
        days,
        vec![
            (day("2025-03-03"), "received".into(), 1),
            (day("2025-03-20"), "received".into(), 1),
            (day("2025-12-31"), "received".into(), 1)
        ]
    );
    assert_eq!(
        totals,
        vec![
            ("month".into(), day("2025-03-01"), "received".into(), 2),
            ("month".into(), day("2025-12-01"), "received".into(), 1),
            ("year".into(), day("2025-01-01"), "received".into(), 3)
        ]
    );
    add_all(&mut conn, &[]).unwrap();
    assert_eq!(counters(&mut conn).1.len(), 3, "nothing to add changes nothing");
}
