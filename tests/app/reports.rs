//! The annual service report (Laporan Layanan Informasi Publik): figures from the record, texts by the PPID Utama,
//! printable and PDF, published versions that never change, and the reminder before 31 March; on both databases.

use chrono::NaiveDate;
use sha2::Digest;
use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;
use terbuka::domain::request::{DecisionInput, InfoForm};
use terbuka::service::cases::{self, RequestCommand};
use terbuka::service::{compliance, mail, reports};

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app, test_secrets};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Registers a request received on `received` (the clock moves there).
fn register(app: &TestApp, received: &str) -> String {
    app.clock.set(wib_morning(received));
    app.register(&Office::new_request(wib_morning(received))).request.id
}

/// Gives the written notice on `on` (the clock moves there).
fn notice(app: &TestApp, id: &str, on: &str, kind: &str) {
    app.clock.set(wib_morning(on));
    let decision = match kind {
        "granted" => DecisionInput {
            kind: "granted".into(),
            form: Some(InfoForm::Softcopy),
            provide_by: Some(day(on)),
            ..Default::default()
        },
        _ => DecisionInput {
            kind: "refused_exempt".into(),
            art17_ground: Some("h".into()),
            consequence_test: Some("Uji konsekuensi.".into()),
            ..Default::default()
        },
    };
    let cmd = RequestCommand::GiveNotice { notice_on: day(on), decision, electronic: true };
    let mut conn = app.db.get().unwrap();
    cases::request_command(&mut conn, CAL, id, None, &cmd, &Office::officer(), app.clock.now()).unwrap();
}

fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf_token\" value=\"")
        .nth(1)
        .expect("a form with a CSRF token")
        .split('"')
        .next()
        .unwrap()
        .into()
}

async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client.post(format!("{}{path}", app.address)).header("Cookie", cookie).form(form).send().await.unwrap()
}

async fn get(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    app.client.get(format!("{}{path}", app.address)).header("Cookie", cookie).send().await.unwrap()
}

#[tokio::test]
async fn the_ppid_writes_previews_and_publishes_the_annual_report_and_each_version_stays_as_published() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let a = register(&app, "2025-03-21");
    notice(&app, &a, "2025-04-02", "granted");
    let b = register(&app, "2025-06-10");
    notice(&app, &b, "2025-06-12", "refused");
    let c = register(&app, "2025-11-03"); // still unanswered
    app.clock.set(wib_morning("2026-02-10"));
    let utama = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);

    let list = get(&app, &utama, "/ruang-kerja/laporan-tahunan").await;
    assert_eq!(list.status(), 200);
    let list = list.text().await.unwrap();
    assert!(list.contains(r#"<a href="/ruang-kerja/laporan-tahunan/2025">2025</a>"#), "{list}");
    assert!(list.contains("Belum dimulai") && list.contains("Selasa, 31 Maret 2026"), "{list}");
    let queue = get(&app, &utama, "/ruang-kerja").await.text().await.unwrap();
    assert!(queue.contains(r#"href="/ruang-kerja/laporan-tahunan""#), "the workspace links to the reports");

    let page = get(&app, &utama, "/ruang-kerja/laporan-tahunan/2025").await.text().await.unwrap();
    let csrf = csrf_of(&page);
    // Too long: a clear error, the text kept in the form, nothing saved.
    let long = "x".repeat(reports::TEXT_MAX_CHARS + 1);
    let res = post(
        &app,
        &utama,
        "/ruang-kerja/laporan-tahunan/2025",
        &[("csrf_token", &csrf), ("aksi", "simpan"), ("facilities", &long), ("staff", "Dua petugas.")],
    )
    .await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Terlalu panjang: paling banyak 20.000 karakter.") && html.contains("Dua petugas."),
        "{html}"
    );
    let lines = crate::error_summaries::summary_lines(&html);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].0, "facilities", "{lines:?}");
    let list = get(&app, &utama, "/ruang-kerja/laporan-tahunan").await.text().await.unwrap();
    assert!(list.contains("Belum dimulai"), "nothing was saved");
    // An expired form changes nothing either.
    let res = post(&app, &utama, "/ruang-kerja/laporan-tahunan/2025", &[("csrf_token", "lama"), ("staff", "x")]).await;
    assert_eq!(res.status(), 400);

    let texts = [
        ("facilities", "Meja layanan di lantai 1 dan situs web PPID."),
        ("staff", "Satu PPID Utama dan tiga PPID Pelaksana."),
        ("budget", "Rp 120.000.000 dialokasikan, Rp 98.500.000 terpakai."),
        ("obstacles", "Jaringan internet di kecamatan belum stabil."),
        ("recommendations", "Pelatihan PPID Pelaksana pada triwulan pertama."),
    ];
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", &csrf), ("aksi", "simpan")];
    form.extend(texts);
    let res = post(&app, &utama, "/ruang-kerja/laporan-tahunan/2025", &form).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/ruang-kerja/laporan-tahunan/2025?status=tersimpan");
    let page = get(&app, &utama, "/ruang-kerja/laporan-tahunan/2025?status=tersimpan").await.text().await.unwrap();
    assert!(page.contains("Draf tersimpan.") && page.contains("Jaringan internet di kecamatan belum stabil."));

    // The preview: the computed sections are the compliance summary's, the texts are the PPID's.
    let preview = get(&app, &utama, "/ruang-kerja/laporan-tahunan/2025/cetak").await;
    assert_eq!(preview.status(), 200);
    let preview = preview.text().await.unwrap();
    for expected in [
        "LAPORAN LAYANAN INFORMASI PUBLIK TAHUN 2025",
        "Tahun 2025 · DRAF, belum diterbitkan",
        "Meja layanan di lantai 1 dan situs web PPID.",
        "Pelatihan PPID Pelaksana pada triwulan pertama.",
        "<th scope=\"row\">Diterima</th><td>:</td><td class=\"prewrap\">3</td>",
        "<th scope=\"row\">— di antaranya berdasarkan Pasal 17 huruf h</th><td>:</td><td class=\"prewrap\">1 (50,0 %)</td>",
        "<th scope=\"row\">Belum dijawab dan sudah lewat batas waktu</th><td>:</td><td class=\"prewrap\">1 (33,3 %)</td>",
        "<th scope=\"row\">Situs web</th>",
        "<th scope=\"row\">Perorangan</th><td>:</td><td class=\"prewrap\">3 diterima; 2 pemberitahuan tertulis; 2 tepat waktu (100,0 %); 0 terlambat; 1 ditolak</td>",
    ] {
        assert!(preview.contains(expected), "{expected}\n{preview}");
    }
    assert!(!preview.contains("Siti") && !preview.contains("3273"), "no requester identity in the report");
    let pdf = get(&app, &utama, "/ruang-kerja/laporan-tahunan/2025/cetak.pdf").await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    {
        let mut conn = app.db.get().unwrap();
        let user = terbuka::db::repo::accounts::user_by_username(&mut conn, "utama").unwrap().unwrap();
        let w = reports::workspace(&mut conn, &user, 2025, day("2026-02-10")).unwrap();
        let body = vec![w.body.id.clone()];
        let summary =
            compliance::summary(&mut conn, &body, None, day("2025-01-01"), day("2025-12-31"), day("2026-02-10"))
                .unwrap();
        assert_eq!(w.preview.figures, summary, "the report's figures are the compliance summary's");
    }

    // Not public before it is published.
    assert_eq!(app.get("/badan/kota-contoh/laporan/2025").await.status(), 404);
    // The page's button asks first: the texts are saved, the page asks to confirm, nothing is published yet.
    let page = get(&app, &utama, "/ruang-kerja/laporan-tahunan/2025").await.text().await.unwrap();
    assert!(page.contains(r#"name="aksi" value="tinjau_terbit""#) && !page.contains(r#"value="terbitkan""#), "{page}");
    let res = post(
        &app,
        &utama,
        "/ruang-kerja/laporan-tahunan/2025",
        &[&[("csrf_token", csrf.as_str()), ("aksi", "tinjau_terbit")][..], &texts[..]].concat(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let confirm = res.text().await.unwrap();
    assert!(
        confirm.contains("Terbitkan laporan tahun 2025 sebagai versi 1?")
            && confirm.contains("tidak dapat ditarik kembali")
    );
    let confirm_form = confirm.split(r#"id="konfirmasi""#).nth(1).unwrap().split("</form>").next().unwrap();
    assert!(
        confirm_form.contains(r#"value="terbitkan""#) && confirm_form.contains("Satu PPID Utama"),
        "{confirm_form}"
    );
    assert_eq!(app.get("/badan/kota-contoh/laporan/2025").await.status(), 404, "asked, not yet published");
    // Confirmed: published.
    let res = post(
        &app,
        &utama,
        "/ruang-kerja/laporan-tahunan/2025",
        &[&[("csrf_token", csrf.as_str()), ("aksi", "terbitkan")][..], &texts[..]].concat(),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/ruang-kerja/laporan-tahunan/2025?status=terbit");
    let public = app.get("/badan/kota-contoh/laporan/2025").await;
    assert_eq!(public.status(), 200);
    let public = public.text().await.unwrap();
    assert!(public.contains("Tahun 2025 · versi 1 · SHA-256 ") && public.contains("Satu PPID Utama"), "{public}");
    let v1 = app.get("/badan/kota-contoh/laporan/2025-v1.json").await;
    let digest = v1.headers()["x-content-sha256"].to_str().unwrap().to_owned();
    let v1 = v1.bytes().await.unwrap();
    assert_eq!(hex::encode(sha2::Sha256::digest(&v1)), digest, "the digest is of the exact bytes served");
    assert!(public.contains(&digest));
    let json: serde_json::Value = serde_json::from_slice(&v1).unwrap();
    assert_eq!(json["figures"]["received"], 3);
    assert_eq!(json["texts"]["budget"], "Rp 120.000.000 dialokasikan, Rp 98.500.000 terpakai.");
    assert!(app.get("/badan/kota-contoh/laporan/2025.pdf").await.bytes().await.unwrap().starts_with(b"%PDF-"));
    let en = app.get("/badan/kota-contoh/laporan/2025?lang=en").await.text().await.unwrap();
    assert!(en.contains("PUBLIC INFORMATION SERVICE REPORT FOR 2025"));
    let body_page = app.get("/badan/kota-contoh").await.text().await.unwrap();
    assert!(body_page.contains(r#"href="/badan/kota-contoh/laporan/2025""#), "the body's page links to its report");

    // Publishing again with nothing changed makes no new version.
    let res = post(
        &app,
        &utama,
        "/ruang-kerja/laporan-tahunan/2025",
        &[&[("csrf_token", csrf.as_str()), ("aksi", "terbitkan")][..], &texts[..]].concat(),
    )
    .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Tidak ada yang berubah sejak versi terakhir diterbitkan"));

    // The record changes (a late notice): version 2 has it; version 1 is served as it was, byte for byte.
    notice(&app, &c, "2026-02-09", "granted");
    app.clock.set(wib_morning("2026-02-10"));
    let res = post(
        &app,
        &utama,
        "/ruang-kerja/laporan-tahunan/2025",
        &[&[("csrf_token", csrf.as_str()), ("aksi", "terbitkan")][..], &texts[..]].concat(),
    )
    .await;
    assert_eq!(res.status(), 303);
    let latest = app.get("/badan/kota-contoh/laporan/2025").await.text().await.unwrap();
    assert!(latest.contains("versi 2"), "{latest}");
    assert_eq!(app.get("/badan/kota-contoh/laporan/2025-v1.json").await.bytes().await.unwrap(), v1);
    let v2: serde_json::Value = app.get("/badan/kota-contoh/laporan/2025-v2.json").await.json().await.unwrap();
    assert_eq!((v2["figures"]["late"].as_i64(), json["figures"]["late"].as_i64()), (Some(1), Some(0)));
    let older = app.get("/badan/kota-contoh/laporan/2025?versi=1").await.text().await.unwrap();
    assert!(older.contains("versi 1"));
    for missing in
        ["/badan/kota-contoh/laporan/2025?versi=3", "/badan/kota-contoh/laporan/2024", "/badan/x/laporan/2025"]
    {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }
    let page = get(&app, &utama, "/ruang-kerja/laporan-tahunan/2025").await.text().await.unwrap();
    assert!(page.contains("/badan/kota-contoh/laporan/2025-v2.json") && page.contains(&digest));
    let compliance = app.get("/badan/kota-contoh/kepatuhan").await.text().await.unwrap();
    assert!(
        compliance.contains("versi 2") && compliance.contains(r#"href="/badan/kota-contoh/laporan/2025-v2.json""#),
        "the public finds the latest version's exact bytes: {compliance}"
    );

    // The current year cannot be published yet: refused, nothing saved or published.
    let res = post(
        &app,
        &utama,
        "/ruang-kerja/laporan-tahunan/2026",
        &[("csrf_token", csrf.as_str()), ("aksi", "terbitkan"), ("staff", "Baru.")],
    )
    .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Tahun ini belum berakhir"));
    let res = post(
        &app,
        &utama,
        "/ruang-kerja/laporan-tahunan/2026",
        &[("csrf_token", csrf.as_str()), ("aksi", "tinjau_terbit"), ("staff", "Baru.")],
    )
    .await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Tahun ini belum berakhir") && !html.contains(r#"id="konfirmasi""#), "no confirmation");
    assert_eq!(app.get("/badan/kota-contoh/laporan/2026").await.status(), 404);
    let list = get(&app, &utama, "/ruang-kerja/laporan-tahunan").await.text().await.unwrap();
    assert!(list.contains("Diterbitkan (versi 2)"), "{list}");

    // The PPID Pelaksana and the atasan read it; only the PPID Utama writes it; an auditor has published ones only.
    terbuka::service::bodies::create_unit(
        &mut app.db.get().unwrap(),
        "kota-contoh",
        &terbuka::service::bodies::UnitInput { slug: "dinas".into(), name: "Dinas".into(), time_zone: None },
        app.clock.now(),
    )
    .unwrap();
    let pelaksana = signed_in_account(&app, "pelaksana", Role::PpidPelaksana, Some("kota-contoh"), Some("dinas"), None);
    let page = get(&app, &pelaksana, "/ruang-kerja/laporan-tahunan/2025").await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Hanya PPID Utama") && !page.contains("<textarea"));
    let res = post(&app, &pelaksana, "/ruang-kerja/laporan-tahunan/2025", &[("staff", "Ubah.")]).await;
    assert_eq!(res.status(), 403);
    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    assert_eq!(get(&app, &auditor, "/ruang-kerja/laporan-tahunan/2025").await.status(), 403);
}

#[tokio::test]
async fn the_ppid_utama_is_reminded_from_1_march_and_again_a_week_before_31_march_until_the_report_is_published() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let now = app.clock.now();
    let mut conn = app.db.get().unwrap();
    let user = |username: &str, role: Role, email: &str| terbuka::service::accounts::NewUser {
        username: username.into(),
        name: format!("Petugas {username}"),
        email: email.into(),
        role: role.as_str().into(),
        body: Some("kota-contoh".into()),
        ..Default::default()
    };
    terbuka::service::accounts::create_user(&mut conn, &user("utama", Role::PpidUtama, "ppid@kota-contoh.go.id"), now)
        .unwrap();
    terbuka::service::accounts::create_user(
        &mut conn,
        &user("atasan", Role::AtasanPpid, "atasan@kota-contoh.go.id"),
        now,
    )
    .unwrap();
    // No KI auditor here, so the weekly KI digest plans nothing either.
    let settings = crate::mail::plan_settings();
    let mut plan = |on: &str| mail::plan(&mut conn, &test_secrets(), settings, day(on), now).unwrap();
    assert_eq!(plan("2026-02-27"), 0, "not before 1 March");
    assert_eq!(plan("2026-03-02"), 1, "the PPID Utama, not the atasan");
    assert_eq!(plan("2026-03-03"), 0, "once");
    assert_eq!(plan("2026-03-24"), 1, "a week before it is due");
    assert_eq!(plan("2026-03-31"), 0);
    assert_eq!(plan("2026-04-01"), 0, "not after 31 March");
    let reminders = terbuka::db::repo::mail::by_status(&mut conn, "pending")
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == "staff_report_reminder")
        .collect::<Vec<_>>();
    assert_eq!(reminders.len(), 2);
    assert!(reminders.iter().all(|r| r.recipient == "ppid@kota-contoh.go.id"));

    // Published (for 2026, in 2027): no reminder that March.
    let utama = terbuka::db::repo::accounts::user_by_username(&mut conn, "utama").unwrap().unwrap();
    let texts = reports::Texts { staff: "Dua petugas.".into(), ..Default::default() };
    let published = reports::publish(&mut conn, &utama, 2026, &texts, day("2027-01-15"), now).unwrap();
    assert_eq!(published, 1);
    assert_eq!(mail::plan(&mut conn, &test_secrets(), settings, day("2027-03-01"), now).unwrap(), 0);
}

#[tokio::test]
async fn the_mail_planner_only_considers_requesters_it_can_write_to_and_has_not_yet_told() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let reachable = register(&app, "2025-03-03");
    let unreachable = {
        let mut input = Office::new_request(wib_morning("2025-03-03"));
        input.requester.email = "pemohon@contoh.invalid".into();
        app.register(&input).request.id
    };
    let mut conn = app.db.get().unwrap();
    let candidates = |conn: &mut terbuka::db::DbConn| -> Vec<String> {
        terbuka::db::repo::cases::overdue_requests(conn, day("2025-04-01")).unwrap().into_iter().map(|r| r.id).collect()
    };
    assert_eq!(candidates(&mut conn), vec![reachable.clone()], "an address on .invalid is never a candidate");
    assert!(!candidates(&mut conn).contains(&unreachable));
    // No KI auditor here, so the weekly KI digest plans nothing either.
    let settings = crate::mail::plan_settings();
    assert!(mail::plan(&mut conn, &test_secrets(), settings, day("2025-04-01"), app.clock.now()).unwrap() >= 1);
    assert!(candidates(&mut conn).is_empty(), "once told, a request is no longer examined on every pass");
}

#[tokio::test]
async fn the_ki_records_the_monev_band_of_each_body_in_its_jurisdiction_and_the_public_sees_it_beside_the_figures() {
    use terbuka::service::bodies::{self, BodyInput, JurisdictionInput};
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    {
        let mut conn = app.db.get().unwrap();
        let ki = JurisdictionInput {
            code: "bali".into(),
            name: "KI Provinsi Bali".into(),
            level: "provinsi".into(),
            parent: None,
            contact: Default::default(),
        };
        bodies::create_jurisdiction(&mut conn, &ki, app.clock.now()).unwrap();
        let other = BodyInput {
            slug: "kota-lain".into(),
            name: "Pemerintah Kota Lain".into(),
            level: "pemerintah_kabupaten_kota".into(),
            time_zone: "Asia/Makassar".into(),
            ki: "bali".into(),
            ppid_email: "ppid@kota-lain.go.id".into(),
            ppid_phone: "0361 234567".into(),
            ppid_address: "Jl. Lain 1".into(),
            ..Default::default()
        };
        bodies::create_body(&mut conn, &other, app.clock.now()).unwrap();
    }
    app.clock.set(wib_morning("2026-02-10"));
    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let page = get(&app, &auditor, "/ruang-kerja/monev").await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Hasil tahun 2025") && page.contains("Pemerintah Kota Contoh") && page.contains("Belum dicatat")
    );
    assert!(!page.contains("Pemerintah Kota Lain"), "only the auditor's jurisdiction");
    assert!(
        page.contains(r#"<option value="kota-contoh">Pemerintah Kota Contoh</option>"#),
        "options are named: {page}"
    );
    let csrf = csrf_of(&page);
    let send = |fields: Vec<(&'static str, &'static str)>| {
        let mut form = vec![("csrf_token", csrf.clone())];
        form.extend(fields.into_iter().map(|(k, v)| (k, v.to_owned())));
        let auditor = auditor.clone();
        let app = &app;
        async move {
            app.client
                .post(format!("{}/ruang-kerja/monev", app.address))
                .header("Cookie", auditor)
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };

    // A score alone: the band follows it.
    let res =
        send(vec![("badan", "kota-contoh"), ("tahun", "2025"), ("nilai", "85,5"), ("rujukan", "SK KI Jabar 12/2025")])
            .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/ruang-kerja/monev?tahun=2025&status=tersimpan");
    let public = app.get("/badan/kota-contoh/kepatuhan?periode=2025").await.text().await.unwrap();
    assert!(
        public
            .contains("<th scope=\"row\">2025</th><td>Menuju Informatif</td><td>85,5</td><td>SK KI Jabar 12/2025</td>"),
        "{public}"
    );

    // Bad input: a clear message, nothing recorded.
    for (fields, message) in [
        (
            vec![("badan", "kota-contoh"), ("tahun", "2025"), ("nilai", "95"), ("predikat", "cukup_informatif")],
            "Predikat tidak sesuai dengan nilai",
        ),
        (vec![("badan", "kota-contoh"), ("tahun", "2025"), ("nilai", "101")], "Nilai harus dari 0 sampai 100"),
        (vec![("badan", "kota-contoh"), ("tahun", "2025")], "Pilih predikat atau isi nilainya"),
        (
            vec![("badan", "kota-lain"), ("tahun", "2025"), ("predikat", "informatif")],
            "Pilih badan publik di wilayah Anda",
        ),
        (
            vec![("badan", "kota-contoh"), ("tahun", "2030"), ("predikat", "informatif")],
            "Tulis tahun dari 2010 sampai tahun ini",
        ),
        (
            vec![("badan", "kota-contoh"), ("tahun", "2025"), ("nilai", "85,50"), ("rujukan", "SK KI Jabar 12/2025")],
            "sudah tercatat persis sama",
        ),
    ] {
        let res = send(fields).await;
        assert_eq!(res.status(), 400, "{message}");
        let html = res.text().await.unwrap();
        assert!(html.contains(message), "{message}");
        // Beside the one field it is about, and nowhere else (not beside the year filter above the form).
        assert_eq!(html.matches(r#"class="error-message""#).count(), 1, "{message}: {html}");
        // And once in the summary above the form, named by its field's label and linking to it.
        let lines = crate::error_summaries::summary_lines(&html);
        assert!(lines.len() == 1 && lines[0].1.contains(message), "{message}: {lines:?}");
    }
    let public = app.get("/badan/kota-contoh/kepatuhan?periode=2025").await.text().await.unwrap();
    assert!(public.contains("<td>Menuju Informatif</td><td>85,5</td>"), "unchanged by the refused attempts");
    let other = app.get("/badan/kota-lain/kepatuhan").await.text().await.unwrap();
    assert!(other.contains("Belum ada hasil monev yang dicatat."));

    // A correction is the next version; the public sees the standing one.
    let res =
        send(vec![("badan", "kota-contoh"), ("tahun", "2025"), ("predikat", "informatif"), ("nilai", "92")]).await;
    assert_eq!(res.status(), 303);
    let public = app.get("/badan/kota-contoh/kepatuhan?periode=2025").await.text().await.unwrap();
    assert!(public.contains("<td>Informatif</td><td>92</td>") && !public.contains("85,5"), "{public}");
    let page = get(&app, &auditor, "/ruang-kerja/monev?tahun=2025").await.text().await.unwrap();
    assert!(page.contains("<td>2 · "), "version 2: {page}");

    // Nobody else records monev.
    let utama = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    assert_eq!(get(&app, &utama, "/ruang-kerja/monev").await.status(), 403);
    let res = post(&app, &utama, "/ruang-kerja/monev", &[("badan", "kota-contoh"), ("predikat", "informatif")]).await;
    assert_eq!(res.status(), 403);
}
