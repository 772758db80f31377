//! `terbuka audit verify` against edit, delete and reorder attacks, and the daily anchors.

use chrono::{TimeZone, Utc};
use diesel::RunQueryDsl;
use terbuka::domain::clock::Clock;
use terbuka::service::audit::{self, BreakKind};
use terbuka::service::cases::RequestCommand;

use crate::cases::{Office, d, refusal, wib_morning};
use crate::helpers::run_cli;

/// Three requests of three events each.
fn office_with_history() -> (Office, Vec<String>) {
    let office = Office::new();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let row = office.register(wib_morning("2025-03-21"));
        office
            .request_cmd(&row.id, RequestCommand::Extend { notified_on: d("2025-04-01"), reason: "Koordinasi".into() })
            .unwrap();
        office
            .request_cmd(
                &row.id,
                RequestCommand::GiveNotice { notice_on: d("2025-04-20"), decision: refusal(), electronic: true },
            )
            .unwrap();
        ids.push(row.id);
    }
    (office, ids)
}

/// Lets a test play the attacker who has write access to the database.
fn disable_guards(office: &Office) {
    let mut conn = office.db.get().unwrap();
    let sql = if office.test_db.is_postgres() {
        vec!["ALTER TABLE case_events DISABLE TRIGGER USER", "ALTER TABLE chain_anchors DISABLE TRIGGER USER"]
    } else {
        vec!["DROP TRIGGER case_events_no_update", "DROP TRIGGER case_events_no_delete"]
    };
    for s in sql {
        diesel::sql_query(s).execute(&mut **conn).unwrap();
    }
}

fn exec(office: &Office, sql: &str) {
    diesel::sql_query(sql).execute(&mut **office.db.get().unwrap()).unwrap();
}

#[test]
fn an_untouched_record_verifies() {
    let (office, _) = office_with_history();
    let report = audit::verify(&mut office.db.get().unwrap()).unwrap();
    assert!(report.is_intact(), "{:?}", report.breaks);
    assert_eq!((report.cases, report.events), (3, 9));
    let out = run_cli(&office.test_db.url, office.clock.clone(), &["audit", "verify"]);
    assert!(out.ok().contains("The evidence is intact."), "{}", out.stdout);
}

#[test]
fn the_database_refuses_to_edit_or_delete_events() {
    let (office, ids) = office_with_history();
    let mut conn = office.db.get().unwrap();
    for sql in [
        format!("UPDATE case_events SET reason = 'x' WHERE case_id = '{}'", ids[0]),
        format!("DELETE FROM case_events WHERE case_id = '{}'", ids[0]),
    ] {
        let err = diesel::sql_query(&sql).execute(&mut **conn).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{err}");
    }
    if office.test_db.is_postgres() {
        let err = diesel::sql_query("TRUNCATE case_events").execute(&mut **conn).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{err}");
    }
}

#[test]
fn an_edited_event_is_named() {
    let (office, ids) = office_with_history();
    disable_guards(&office);
    exec(
        &office,
        &format!("UPDATE case_events SET reason = 'Tidak ada perpanjangan' WHERE case_id = '{}' AND seq = 2", ids[1]),
    );
    let report = audit::verify(&mut office.db.get().unwrap()).unwrap();
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    let b = &report.breaks[0];
    assert_eq!((b.kind.clone(), b.case_id.as_deref(), b.seq), (BreakKind::Edited, Some(ids[1].as_str()), Some(2)));
    let out = run_cli(&office.test_db.url, office.clock.clone(), &["audit", "verify"]);
    let err = out.err();
    assert!(err.contains(&format!("case {}, event 2: content does not match its hash", ids[1])), "{err}");
    assert_eq!(out.result.as_ref().unwrap_err().exit_code(), 1);
}

#[test]
fn a_deleted_event_is_named() {
    let (office, ids) = office_with_history();
    disable_guards(&office);
    exec(&office, &format!("DELETE FROM case_events WHERE case_id = '{}' AND seq = 2", ids[2]));
    let report = audit::verify(&mut office.db.get().unwrap()).unwrap();
    let b = &report.breaks[0];
    assert_eq!((b.kind.clone(), b.case_id.as_deref(), b.seq), (BreakKind::Missing, Some(ids[2].as_str()), Some(2)));
    assert_eq!(report.breaks.len(), 1);
}

#[test]
fn reordered_events_are_named() {
    let (office, ids) = office_with_history();
    disable_guards(&office);
    let case = &ids[0];
    exec(&office, &format!("UPDATE case_events SET seq = 99 WHERE case_id = '{case}' AND seq = 2"));
    exec(&office, &format!("UPDATE case_events SET seq = 2 WHERE case_id = '{case}' AND seq = 3"));
    exec(&office, &format!("UPDATE case_events SET seq = 3 WHERE case_id = '{case}' AND seq = 99"));
    let report = audit::verify(&mut office.db.get().unwrap()).unwrap();
    let b = &report.breaks[0];
    assert_eq!((b.case_id.as_deref(), b.seq), (Some(case.as_str()), Some(2)), "{b:?}");
}

#[test]
fn anchors_catch_a_cut_off_chain_end() {
    let (office, ids) = office_with_history();
    // The next day, the first transition anchors yesterday's heads.
    office.clock.set(Utc.with_ymd_and_hms(2025, 3, 22, 3, 0, 0).unwrap());
    office.register(wib_morning("2025-03-22"));
    let mut conn = office.db.get().unwrap();
    let anchors = terbuka::db::repo::events::anchors(&mut conn).unwrap();
    assert_eq!(anchors.len(), 1);
    assert_eq!((anchors[0].anchor_date, anchors[0].head_count), (d("2025-03-21"), 3));
    assert!(audit::verify(&mut conn).unwrap().is_intact());
    // A second anchor for the same day is not made.
    assert!(audit::anchor(&mut conn, d("2025-03-21"), office.clock.now()).unwrap().is_none());
    // The next anchor lists only the chains that changed since (the one registered on the 22nd), so no anchor
    // grows with the number of cases ever made.
    drop(conn);
    office.clock.set(Utc.with_ymd_and_hms(2025, 3, 23, 3, 0, 0).unwrap());
    office.register(wib_morning("2025-03-23"));
    let mut conn = office.db.get().unwrap();
    let anchors = terbuka::db::repo::events::anchors(&mut conn).unwrap();
    assert_eq!((anchors.len(), anchors[1].anchor_date, anchors[1].head_count), (2, d("2025-03-22"), 1));
    assert!(audit::verify(&mut conn).unwrap().is_intact());
    drop(conn);

    // Deleting a chain's last event leaves a chain that checks out on its own; the anchor still catches it.
    disable_guards(&office);
    exec(&office, &format!("DELETE FROM case_events WHERE case_id = '{}' AND seq = 3", ids[0]));
    let report = audit::verify(&mut office.db.get().unwrap()).unwrap();
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    assert_eq!(report.breaks[0].kind, BreakKind::AnchoredHeadChanged);
    assert_eq!(report.breaks[0].anchor_date, Some(d("2025-03-21")));
}

#[test]
fn an_altered_anchor_is_named() {
    let (office, _) = office_with_history();
    // The day of the events is over.
    office.clock.set(crate::cases::wib_morning("2025-03-22"));
    let out = run_cli(&office.test_db.url, office.clock.clone(), &["audit", "anchor", "--date", "2025-03-21"]);
    assert!(out.ok().contains("Anchored 3 chain heads for 2025-03-21"), "{}", out.stdout);
    let again = run_cli(&office.test_db.url, office.clock.clone(), &["audit", "anchor", "--date", "2025-03-21"]);
    assert!(again.ok().contains("Nothing to anchor"));
    // Today and later are refused (a mistyped year would stop the daily anchors until then), and change nothing.
    let today = office.clock.now().date_naive().to_string();
    for day in [today.as_str(), "2030-01-01"] {
        let refused = run_cli(&office.test_db.url, office.clock.clone(), &["audit", "anchor", "--date", day]);
        assert!(refused.err().contains("is not over yet"), "{day}: {}", refused.stdout);
    }
    let anchors = terbuka::db::repo::events::latest_anchor(&mut office.db.get().unwrap()).unwrap().unwrap();
    assert_eq!(anchors.anchor_date.to_string(), "2025-03-21");
    disable_guards(&office);
    if !office.test_db.is_postgres() {
        exec(&office, "DROP TRIGGER chain_anchors_no_update");
    }
    exec(&office, "UPDATE chain_anchors SET head_count = 2, heads = '[]'");
    let report = audit::verify(&mut office.db.get().unwrap()).unwrap();
    assert_eq!(report.breaks[0].kind, BreakKind::AnchorAltered);
}

/// A refused request with a document, an objection to it, and the day anchored; returns the objection's id and
/// number.
fn objection_on_record(app: &crate::helpers::TestApp) -> (String, String) {
    use terbuka::domain::objection::ObjectionGround;
    use terbuka::domain::request::{Channel, DecisionInput, InfoForm};
    use terbuka::service::cases;
    let now = app.clock.now();
    let mut conn = app.db.get().unwrap();
    let files = app.test_db.files();
    let secrets = crate::helpers::test_secrets();
    let input = Office::new_request(wib_morning("2025-03-21"));
    let registration =
        cases::register_request(&mut conn, crate::cases::CAL, &secrets, &files, &input, &Office::officer(), now)
            .unwrap();
    let id = registration.request.id.clone();
    let decision = DecisionInput {
        kind: "granted_in_part".into(),
        form: Some(InfoForm::Softcopy),
        provide_by: Some(now.date_naive()),
        art17_ground: Some("h".into()),
        consequence_test: Some("Sebagian memuat data pribadi.".into()),
        redacted_parts: Some("Nama penerima beasiswa".into()),
        ..Default::default()
    };
    let notice = RequestCommand::GiveNotice { notice_on: now.date_naive(), decision, electronic: true };
    cases::request_command(&mut conn, crate::cases::CAL, &id, None, &notice, &Office::officer(), now).unwrap();
    let upload = cases::ResponseUpload { file_name: "daftar.pdf".into(), bytes: b"%PDF-1.4 daftar".to_vec() };
    cases::attach_response_document(
        &mut conn,
        crate::cases::CAL,
        &secrets,
        &files,
        &id,
        &upload,
        &Office::officer(),
        now,
    )
    .unwrap();
    let objection = cases::file_objection(
        &mut conn,
        crate::cases::CAL,
        &secrets,
        &cases::NewObjection {
            request_id: Some(id),
            body: None,
            requester: None,
            grounds: vec![ObjectionGround::RefusedExempt],
            periodic_date: None,
            summary: "Bagian yang dihitamkan terlalu luas.".into(),
            channel: Channel::Letter,
            received_at: now,
            online: false,
            representative_name: String::new(),
        },
        &Office::officer(),
        now,
    )
    .unwrap();
    audit::anchor(&mut conn, now.date_naive(), now + chrono::Duration::days(1)).unwrap().expect("anchored");
    (objection.id, objection.registration_number)
}

#[tokio::test]
async fn an_objections_evidence_bundle_checks_offline_and_names_what_was_changed() {
    use sha2::Digest;
    use terbuka::domain::account::Role;
    let app = crate::helpers::spawn_app().await;
    crate::helpers::create_standard_body(&app.db, app.clock.now());
    let (objection, number) = objection_on_record(&app);

    // The auditor downloads it from the objection's page: no identity in it, its digest in a header.
    let auditor = crate::helpers::signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let page = app
        .client
        .get(format!("{}/ruang-kerja/keberatan/{objection}", app.address))
        .header("Cookie", &auditor)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/ruang-kerja/keberatan/{objection}/paket-bukti")));
    let res = app
        .client
        .get(format!("{}/ruang-kerja/keberatan/{objection}/paket-bukti", app.address))
        .header("Cookie", &auditor)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let digest = res.headers()["x-content-sha256"].to_str().unwrap().to_owned();
    let bytes = res.bytes().await.unwrap().to_vec();
    assert_eq!(hex::encode(sha2::Sha256::digest(&bytes)), digest);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(!text.contains("Siti") && !text.contains("3273011208850001") && !text.contains("example.com"), "{text}");
    let bundle: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(bundle["chains"].as_array().unwrap().len(), 2, "the request and the objection");
    assert_eq!(bundle["documents"][0]["file_name"], "daftar.pdf");
    assert_eq!(bundle["anchors"].as_array().unwrap().len(), 1);

    // The command line writes the same bundle, and checks it with no database.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paket.json");
    let out = run_cli(
        &app.test_db.url,
        app.clock.clone(),
        &["audit", "bundle", "--objection", &number, "--output", file.to_str().unwrap()],
    );
    assert!(out.ok().contains(&digest), "{}", out.stdout);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    let check = |path: &std::path::Path| {
        run_cli(
            "sqlite:///nonexistent/never-opened.db",
            app.clock.clone(),
            &["audit", "verify-bundle", path.to_str().unwrap()],
        )
    };
    let out = check(&file);
    let stdout = out.ok();
    assert!(stdout.contains("The bundle is intact."), "{stdout}");
    assert!(stdout.contains("events, chain intact, anchored up to event"), "{stdout}");

    // Each kind of change is named.
    let tampered = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut b = bundle.clone();
        edit(&mut b);
        let path = dir.path().join("ubah.json");
        std::fs::write(&path, serde_json::to_vec(&b).unwrap()).unwrap();
        let out = check(&path);
        assert!(out.result.is_err(), "{}", out.stdout);
        format!("{}{}", out.stderr, out.result.unwrap_err())
    };
    let e = tampered(&|b| b["chains"][0]["events"][1]["reason"] = "diubah".into());
    assert!(e.contains("content does not match its hash: edited"), "{e}");
    let e = tampered(&|b| {
        b["chains"][0]["events"].as_array_mut().unwrap().remove(1);
    });
    assert!(e.contains("an event is missing"), "{e}");
    let e = tampered(&|b| b["documents"][0]["sha256"] = "0".repeat(64).into());
    assert!(e.contains("no event of its request recorded SHA-256"), "{e}");
    let e = tampered(&|b| b["anchors"][0]["prev_hash"] = "1".repeat(64).into());
    assert!(e.contains("its content does not match its hash"), "{e}");
    let e = tampered(&|b| b["format"] = "lain".into());
    assert!(e.contains("not an evidence bundle"), "{e}");

    // The same check on a page: the auditor uploads the file and reads the verdict; nothing is stored.
    let page = |cookie: String| {
        let app = &app;
        async move {
            let res = app.client.get(format!("{}/ruang-kerja", app.address)).header("Cookie", &cookie).send().await;
            res.unwrap().text().await.unwrap()
        }
    };
    let workspace = page(auditor.clone()).await;
    assert!(workspace.contains(r#"href="/ruang-kerja/periksa-bukti""#), "{workspace}");
    assert!(
        workspace.contains(r#"href="/ki/jawa-barat/kepatuhan""#),
        "the auditor's jurisdiction's figures: {workspace}"
    );
    let csrf = {
        let form = app.client.get(format!("{}/ruang-kerja/periksa-bukti", app.address)).header("Cookie", &auditor);
        let html = form.send().await.unwrap().text().await.unwrap();
        html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
    };
    let upload = |bytes: Vec<u8>| {
        let (app, auditor, csrf) = (&app, auditor.clone(), csrf.clone());
        async move {
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", csrf)
                .part("berkas", reqwest::multipart::Part::bytes(bytes).file_name("paket.json"));
            let res = app
                .client
                .post(format!("{}/ruang-kerja/periksa-bukti", app.address))
                .header("Cookie", &auditor)
                .multipart(form)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, html) = upload(bytes.clone()).await;
    assert_eq!(status, 200);
    assert!(html.contains("Paket bukti utuh") && html.contains(&number) && html.contains(&digest), "{html}");
    assert!(html.contains("langkah, rantai utuh, dijangkarkan sampai langkah ke-"), "{html}");
    let mut edited = bundle.clone();
    edited["chains"][0]["events"][1]["reason"] = "diubah".into();
    let (status, html) = upload(serde_json::to_vec(&edited).unwrap()).await;
    assert_eq!(status, 200);
    assert!(html.contains("Paket bukti rusak di 1 tempat"), "{html}");
    // Where it breaks, in the page's language: the kind and number of the case, and the step.
    let line =
        "Permohonan 0001/PPID/KOTA-CONTOH/III/2025, peristiwa ke-2: isinya tidak cocok dengan sidiknya (diubah).";
    assert!(html.contains(line), "{html}");
    assert!(!html.contains("does not match its hash"), "no English on an Indonesian page");
    assert!(html.contains(": rantai rusak"), "the broken chain is listed too: {html}");
    let (status, html) = upload(b"bukan json".to_vec()).await;
    assert_eq!(status, 400);
    assert!(html.contains("bukan paket bukti Terbuka") && html.contains(r#"id="berkas-error""#), "{html}");
    let (status, html) = upload(Vec::new()).await;
    assert_eq!(status, 400);
    assert!(html.contains("Pilih berkas paket bukti"), "{html}");
}
