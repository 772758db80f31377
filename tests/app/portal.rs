//! The citizen's request form, receipt and tracking page (server-rendered, no JavaScript needed).

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use terbuka::db::repo;
use terbuka::domain::clock::Clock;

use crate::helpers::{TestApp, create_standard_body, spawn_app, spawn_app_with, test_secrets};

const NIK: &str = "3273011208850001";

async fn app_with_body() -> TestApp {
    add_body(spawn_app().await)
}

fn add_body(app: TestApp) -> TestApp {
    create_standard_body(&app.db, app.clock.now());
    app
}

pub(crate) fn valid_form() -> HashMap<&'static str, String> {
    HashMap::from([
        ("requester_kind", "individual".to_owned()),
        ("requester_name", "Siti Rahmawati".to_owned()),
        ("requester_nik", "3273 0112 0885 0001".to_owned()),
        ("requester_address", "Jl. Melati 7, Kota Contoh".to_owned()),
        ("requester_occupation", "Guru".to_owned()),
        ("requester_phone", "0813 9876 5432".to_owned()),
        ("requester_email", "siti.rahmawati@example.com".to_owned()),
        ("information", "Daftar penerima beasiswa daerah tahun 2024.".to_owned()),
        ("purpose", "Penelitian tentang pemerataan pendidikan.".to_owned()),
        ("obtain_method", "softcopy".to_owned()),
        ("delivery_method", "email".to_owned()),
        ("publish_consent", "ya".to_owned()),
    ])
}

/// Opens the form (getting its CSRF cookie and field) and posts `fields` with them, as a browser does
/// (multipart/form-data).
pub(crate) async fn submit(app: &TestApp, fields: &HashMap<&'static str, String>) -> reqwest::Response {
    submit_with_files(app, fields, vec![]).await
}

async fn submit_with_files(
    app: &TestApp,
    fields: &HashMap<&'static str, String>,
    files: Vec<(&'static str, &'static str, Vec<u8>)>,
) -> reqwest::Response {
    let (cookie, token) = csrf(app).await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
    for (k, v) in fields {
        form = form.text(*k, v.clone());
    }
    for (field, name, bytes) in files {
        form = form.part(field, reqwest::multipart::Part::bytes(bytes).file_name(name));
    }
    app.client
        .post(format!("{}/badan/kota-contoh/permohonan", app.address))
        .header("Cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The request form's CSRF cookie and token (its second step, once the kind of requester is chosen).
pub(crate) async fn csrf(app: &TestApp) -> (String, String) {
    let form = app.get("/badan/kota-contoh/permohonan/baru?jenis=individual").await;
    let cookie = form.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let html = form.text().await.unwrap();
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    (cookie, token)
}

pub(crate) fn registered_count(app: &TestApp) -> usize {
    let mut conn = app.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    repo::cases::requests_of_body(&mut conn, &body.id).unwrap().len()
}

#[tokio::test]
async fn the_body_page_shows_its_ppid_and_the_way_to_request() {
    let app = app_with_body().await;
    let html = app.get("/badan/kota-contoh").await.text().await.unwrap();
    assert!(html.contains("Pemerintah Kota Contoh") && html.contains("ppid@kota-contoh.go.id"));
    assert!(html.contains(r#"href="/badan/kota-contoh/permohonan/baru""#));
    assert_eq!(app.get("/badan/tidak-ada").await.status(), 404);
}

#[tokio::test]
async fn a_valid_request_is_registered_at_once_with_a_receipt() {
    let app = app_with_body().await;
    let res = submit(&app, &valid_form()).await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/lacak/") && location.ends_with("/tanda-terima"), "{location}");
    let token = location.trim_start_matches("/lacak/").trim_end_matches("/tanda-terima").to_owned();
    assert!(token.len() >= 43, "at least 256 bits");

    let receipt = app.get(&location).await;
    assert_eq!(receipt.status(), 200);
    assert_eq!(receipt.headers()["referrer-policy"], "no-referrer");
    assert_eq!(receipt.headers()["cache-control"], "no-store");
    let html = receipt.text().await.unwrap();
    assert!(html.contains("0001/PPID/KOTA-CONTOH/III/2025"), "the registration number");
    assert!(html.contains("Jumat, 21 Maret 2025 pukul 10.00 WIB"), "received, in the body's zone");
    assert!(html.contains("Selasa, 15 April 2025"), "the C1 deadline");
    assert!(
        html.contains("10 hari kerja setelah Jumat, 21 Maret 2025, melewati 28 Mar, 31 Mar–1 Apr, 2–4 Apr, 7 Apr"),
        "explained"
    );
    assert!(html.contains("Jumat, 25 April 2025"), "the latest date with an extension");
    assert!(html.contains(&format!("{}/lacak/{token}", app.address)), "the tracking link, absolute");

    // The NIK is stored encrypted and findable through the blind index; the token only as its hash.
    let mut conn = app.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let row = repo::cases::requests_of_body(&mut conn, &body.id).unwrap().remove(0);
    assert_eq!(row.tracking_token_hash.as_deref(), Some(terbuka::crypto::token_hash(&token).as_str()));
    assert!(row.publish_consent);
    let requester = repo::cases::requester(&mut conn, &row.requester_id).unwrap();
    let encrypted = requester.nik_encrypted.unwrap();
    assert!(!encrypted.contains(NIK));
    let plain = test_secrets().decrypt(&encrypted, &format!("requester/{}/nik", requester.id)).unwrap();
    assert_eq!(plain, NIK.as_bytes());
    assert_eq!(requester.nik_blind_index.as_deref(), Some(test_secrets().blind_index(NIK).as_str()));
}

#[tokio::test]
async fn mistakes_are_listed_at_the_top_and_beside_each_field_and_nothing_is_saved() {
    let app = app_with_body().await;
    let mut form = valid_form();
    form.insert("requester_name", "  ".into());
    form.insert("requester_nik", "3273013208850001".into());
    form.insert("purpose", String::new());
    form.remove("obtain_method");
    let res = submit(&app, &form).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Ada yang perlu diperbaiki"));
    for (anchor, message) in [
        ("#requester_name", "Masukkan nama lengkap Anda."),
        ("#requester_nik", "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar."),
        ("#purpose", "Sebutkan tujuan penggunaan informasi."),
        ("#obtain_method-inspect", "Pilih cara memperoleh informasi."),
    ] {
        assert!(html.contains(&format!("<a href=\"{anchor}\">{message}")), "{anchor} in summary");
        assert!(html.matches(message).count() >= 2, "{message} beside the field too");
    }
    assert!(html.contains("Daftar penerima beasiswa daerah tahun 2024."), "what was typed is kept");
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(registered_count(&app), 0);

    let en = app.get("/badan/kota-contoh/permohonan/baru?jenis=individual&lang=en").await.text().await.unwrap();
    assert!(en.contains("Request information") && en.contains("How we use your personal data"));
}

#[tokio::test]
async fn a_form_without_its_csrf_token_or_with_the_honeypot_filled_registers_nothing() {
    let app = app_with_body().await;
    let mut no_token = reqwest::multipart::Form::new();
    for (k, v) in valid_form() {
        no_token = no_token.text(k, v);
    }
    let res = app
        .client
        .post(format!("{}/badan/kota-contoh/permohonan", app.address))
        .multipart(no_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Formulir ini sudah kedaluwarsa"));
    // A post that is not the page's own form (e.g. from an old copy of the page) gets the form back, too.
    let body: Vec<(&str, String)> = valid_form().into_iter().collect();
    let old =
        app.client.post(format!("{}/badan/kota-contoh/permohonan", app.address)).form(&body).send().await.unwrap();
    assert_eq!(old.status(), 400);
    assert!(old.text().await.unwrap().contains("Formulir ini sudah kedaluwarsa"));
    let mut bot = valid_form();
    bot.insert("situs_web", "http://spam.example".into());
    assert_eq!(submit(&app, &bot).await.status(), 400);
    assert_eq!(registered_count(&app), 0);
}

#[tokio::test]
async fn the_tracking_page_follows_the_request() {
    let app = app_with_body().await;
    let location = submit(&app, &valid_form()).await.headers()["location"].to_str().unwrap().to_owned();
    let tracking = location.trim_end_matches("/tanda-terima").to_owned();
    let res = app.get(&tracking).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["referrer-policy"], "no-referrer");
    let html = res.text().await.unwrap();
    assert!(html.contains("Terdaftar"));
    assert!(html.contains("Permohonan diterima dan didaftarkan."));
    assert!(!html.contains("sudah lewat"), "not overdue yet");

    // After the deadline without a notice, the page says so.
    app.clock.set(Utc.with_ymd_and_hms(2025, 4, 16, 3, 0, 0).unwrap());
    let html = app.get(&tracking).await.text().await.unwrap();
    assert!(html.contains("batas waktunya sudah lewat"));
    let en = app.get(&format!("{tracking}?lang=en")).await.text().await.unwrap();
    assert!(en.contains("its deadline has passed") && en.contains("Registered"));

    assert_eq!(app.get("/lacak/bukan-token-yang-benar").await.status(), 404);
}

#[tokio::test]
async fn public_pages_never_show_identity() {
    let app = app_with_body().await;
    submit(&app, &valid_form()).await;
    for path in ["/", "/badan/kota-contoh", "/badan/kota-contoh/permohonan/baru"] {
        let html = app.get(path).await.text().await.unwrap();
        for secret in [NIK, "3273 0112", "Siti Rahmawati", "siti.rahmawati@example.com", "0813 9876 5432", "Jl. Melati"]
        {
            assert!(!html.contains(secret), "{secret} on {path}");
        }
    }
}

#[tokio::test]
async fn the_public_register_shows_the_record_without_identity() {
    let app = app_with_body().await;
    submit(&app, &valid_form()).await;
    let mut private = valid_form();
    private.remove("publish_consent");
    private.insert("information", "Dokumen rahasia pribadi saya".into());
    submit(&app, &private).await;

    let res = app.get("/badan/kota-contoh/daftar-permohonan").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("0001/PPID/KOTA-CONTOH/III/2025") && html.contains("0002/PPID/KOTA-CONTOH/III/2025"));
    assert!(html.contains("2 permohonan"));
    assert!(html.contains("Daftar penerima beasiswa daerah tahun 2024."), "consented text is shown");
    assert!(!html.contains("Dokumen rahasia pribadi saya"), "text without consent is not");
    assert!(html.contains("Teks permohonan tidak ditampilkan."));
    for secret in [NIK, "Siti Rahmawati", "siti.rahmawati@example.com", "0813 9876 5432", "Jl. Melati", "Guru"] {
        assert!(!html.contains(secret), "{secret} in the public register");
    }

    let filtered = app.get("/badan/kota-contoh/daftar-permohonan?tahun=2024").await.text().await.unwrap();
    assert!(filtered.contains("0 permohonan"));
    let by_status =
        app.get("/badan/kota-contoh/daftar-permohonan?status=registered&tahun=2025").await.text().await.unwrap();
    assert!(by_status.contains("2 permohonan"));
    let bad = app.get("/badan/kota-contoh/daftar-permohonan?tahun=dua-ribu").await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("Pilihan penyaring tidak valid"));

    // After the deadline the register says so.
    app.clock.set(Utc.with_ymd_and_hms(2025, 4, 16, 3, 0, 0).unwrap());
    assert!(
        app.get("/badan/kota-contoh/daftar-permohonan").await.text().await.unwrap().contains("Melewati batas waktu")
    );

    let feed = app.get("/badan/kota-contoh/daftar-permohonan.atom").await;
    assert_eq!(feed.status(), 200);
    assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    let xml = feed.text().await.unwrap();
    assert_eq!(xml.matches("<entry>").count(), 2);
    assert!(xml.contains("<title>0002/PPID/KOTA-CONTOH/III/2025 · Terdaftar</title>"), "{xml}");
    assert!(!xml.contains("Dokumen rahasia") && !xml.contains("Siti") && !xml.contains(NIK));
    assert_eq!(app.get("/badan/tidak-ada/daftar-permohonan.atom").await.status(), 404);
}

#[tokio::test]
async fn the_register_pages_through_long_lists() {
    let app = app_with_body().await;
    let mut conn = app.db.get().unwrap();
    for _ in 0..27 {
        terbuka::service::cases::register_request(
            &mut conn,
            terbuka::domain::calendar::CalendarSettings::default(),
            &test_secrets(),
            &app.test_db.files(),
            &crate::cases::Office::new_request(app.clock.now()),
            &terbuka::db::repo::events::Actor::system(),
            app.clock.now(),
        )
        .unwrap();
    }
    let first = app.get("/badan/kota-contoh/daftar-permohonan").await.text().await.unwrap();
    assert_eq!(first.matches("<li id=").count(), 25);
    assert!(first.contains("0027/PPID") && !first.contains("0002/PPID"), "newest first");
    assert!(first.contains(r#"href="/badan/kota-contoh/daftar-permohonan?halaman=2" rel="next""#));
    let second = app.get("/badan/kota-contoh/daftar-permohonan?halaman=2").await.text().await.unwrap();
    assert_eq!(second.matches("<li id=").count(), 2);
    assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
}

/// Opens a form page (for its CSRF cookie and field) and posts `fields` to `action`.
async fn post_form(app: &TestApp, page: &str, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let form = app.get(page).await;
    let cookie = form.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let html = form.text().await.unwrap();
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut body: Vec<(&str, &str)> = fields.to_vec();
    body.push(("csrf_token", &token));
    app.client.post(format!("{}{action}", app.address)).header("Cookie", cookie).form(&body).send().await.unwrap()
}

async fn tracking_path(app: &TestApp) -> String {
    let res = submit(app, &valid_form()).await;
    let status = res.status();
    let Some(location) = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned()) else {
        panic!("submit answered {status}: {}", res.text().await.unwrap().split("<li>").nth(1).unwrap_or_default())
    };
    location.trim_end_matches("/tanda-terima").to_owned()
}

#[tokio::test]
async fn an_unanswered_request_opens_ground_c_and_the_objection_is_registered() {
    let app = app_with_body().await;
    let tracking = tracking_path(&app).await;
    assert!(!app.get(&tracking).await.text().await.unwrap().contains("Ajukan keberatan"), "nothing to object to yet");

    app.clock.set(Utc.with_ymd_and_hms(2025, 4, 16, 3, 0, 0).unwrap());
    let page = app.get(&tracking).await.text().await.unwrap();
    assert!(page.contains("Ajukan keberatan") && page.contains("(c) Permohonan tidak ditanggapi"));
    let form_path = format!("{tracking}/keberatan");
    let form = app.get(&form_path).await.text().await.unwrap();
    assert!(form.contains("Rabu, 4 Juni 2025"), "ground (c)'s window: 30 wd from the C1 deadline");
    assert!(!form.contains("dasar_a"), "ground (a) has not arisen");

    let empty = post_form(&app, &form_path, &form_path, &[("ringkasan", "")]).await;
    assert_eq!(empty.status(), 400);
    let html = empty.text().await.unwrap();
    assert!(
        html.contains("Pilih sedikitnya satu alasan keberatan.") && html.contains("Tuliskan ringkasan kasus Anda.")
    );
    // Each line of the summary leads to its own field, and the message stands beside that field.
    assert!(html.contains(r##"<a href="#ringkasan">Tuliskan ringkasan kasus Anda.</a>"##), "{html}");
    assert!(html.contains(r#"id="ringkasan-error""#), "{html}");

    let ok = post_form(&app, &form_path, &form_path, &[("dasar_c", "ya"), ("ringkasan", "Tidak ada jawaban.")]).await;
    assert_eq!(ok.status(), 303);
    // The requester lands on the objection's receipt: its number, the atasan's deadline and the receipt letter.
    let receipt = ok.headers()["location"].to_str().unwrap().to_owned();
    assert!(receipt.starts_with(&format!("{tracking}/keberatan/")), "{receipt}");
    let html = app.get(&receipt).await.text().await.unwrap();
    assert!(html.contains("Keberatan Anda sudah diterima") && html.contains("0001/KEB/KOTA-CONTOH/IV/2025"));
    assert!(html.contains("Kamis, 5 Juni 2025") && html.contains("surat/tanda-terima-keberatan"), "{html}");
    // The same ground is not offered again, and the same form sent twice files nothing more.
    let form = app.get(&form_path).await.text().await.unwrap();
    assert!(!form.contains("name=\"dasar_c\"") && form.contains("sudah Anda ajukan dalam keberatan 0001/KEB"));
    // (The form has no token any more: take one from another form of the page, as a stale tab would post.)
    let withdraw = format!("{tracking}/cabut");
    let again = post_form(&app, &withdraw, &form_path, &[("dasar_c", "ya"), ("ringkasan", "Tidak ada jawaban.")]).await;
    assert_eq!(again.status(), 400);
    assert!(again.text().await.unwrap().contains("Anda sudah mengajukan keberatan atas alasan ini."));
    let page = app.get(&tracking).await.text().await.unwrap();
    assert!(!page.contains("0002/KEB/KOTA-CONTOH"), "one objection, not two");
    assert!(page.contains("0001/KEB/KOTA-CONTOH/IV/2025"), "the objection's number");
    assert!(page.contains("Kamis, 5 Juni 2025"), "the atasan's deadline (C4)");
    assert!(page.contains("Menunggu tanggapan atasan PPID"));
}

/// In December, deadlines that fall in a year whose holidays are not loaded yet (the seed holds 2024–2026) are
/// marked provisional alike: the extended notice deadline, the window to object and the atasan's deadline.
#[tokio::test]
async fn every_deadline_in_a_year_not_loaded_yet_is_marked_provisional_on_the_tracking_page() {
    let app = app_with_body().await;
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 7, 3, 0, 0).unwrap());
    let tracking = tracking_path(&app).await;
    let page = app.get(&tracking).await.text().await.unwrap();
    let provisional = "Batas waktu ini bersifat sementara";
    // C1 stays in 2026 (not provisional); "if extended" runs into 2027 (provisional).
    assert_eq!(page.matches(provisional).count(), 1, "{page}");
    // Unanswered past C1: ground (c) opens, its window ends in 2027.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 22, 3, 0, 0).unwrap());
    let page = app.get(&tracking).await.text().await.unwrap();
    assert!(page.contains("Batas waktu keberatan: (c)"), "{page}");
    assert_eq!(page.matches(provisional).count(), 3, "the extension's and the windows of (c) and (g): {page}");
    let form_path = format!("{tracking}/keberatan");
    let ok = post_form(&app, &form_path, &form_path, &[("dasar_c", "ya"), ("ringkasan", "Tidak ada jawaban.")]).await;
    assert_eq!(ok.status(), 303);
    let page = app.get(&tracking).await.text().await.unwrap();
    assert!(
        page.contains("(sementara: kalender hari libur tahun itu belum dimuat)"),
        "the atasan's deadline in 2027: {page}"
    );
}

#[tokio::test]
async fn a_late_objection_is_refused_online_with_the_reason() {
    let app = app_with_body().await;
    let tracking = tracking_path(&app).await;
    app.clock.set(Utc.with_ymd_and_hms(2025, 6, 5, 3, 0, 0).unwrap());
    let form = app.get(&format!("{tracking}/keberatan")).await.text().await.unwrap();
    assert!(form.contains("Saat ini belum ada alasan keberatan yang dapat Anda ajukan secara daring."));
    assert!(form.contains("sudah lewat pada Rabu, 4 Juni 2025"));
    assert!(form.contains("secara tertulis"), "says how a late objection can still be made");
    // Posting anyway (with a valid token from another form) is refused with the reason.
    let forced = post_form(
        &app,
        &format!("{tracking}/cabut"),
        &format!("{tracking}/keberatan"),
        &[("dasar_c", "ya"), ("ringkasan", "Terlambat")],
    )
    .await;
    assert_eq!(forced.status(), 400);
    assert!(forced.text().await.unwrap().contains("Keberatan yang terlambat tidak dapat dikirim secara daring."));
}

#[tokio::test]
async fn the_requester_can_withdraw_an_open_request() {
    let app = app_with_body().await;
    let tracking = tracking_path(&app).await;
    let form_path = format!("{tracking}/cabut");
    let res = post_form(&app, &form_path, &form_path, &[("alasan", "Sudah tidak diperlukan")]).await;
    assert_eq!(res.status(), 303);
    let page = app.get(&tracking).await.text().await.unwrap();
    assert!(page.contains("Dicabut") && page.contains("Sudah tidak diperlukan"));
    assert!(!page.contains("Cabut permohonan"), "no second withdrawal offered");
    let again = post_form(&app, &form_path, &form_path, &[]).await;
    assert_eq!(again.status(), 400);
    assert!(again.text().await.unwrap().contains("tidak dapat dicabut"));
}

#[tokio::test]
async fn after_the_atasans_deadline_the_requester_can_record_a_dispute_claim() {
    let app = app_with_body().await;
    let tracking = tracking_path(&app).await;
    app.clock.set(Utc.with_ymd_and_hms(2025, 4, 16, 3, 0, 0).unwrap());
    let objection = format!("{tracking}/keberatan");
    post_form(&app, &objection, &objection, &[("dasar_c", "ya"), ("ringkasan", "Tidak ada jawaban.")]).await;
    assert!(!app.get(&tracking).await.text().await.unwrap().contains("/sengketa\""), "not before C4 ends");

    // C4 ended on Thu 5 June 2025 without a decision.
    app.clock.set(Utc.with_ymd_and_hms(2025, 6, 10, 3, 0, 0).unwrap());
    let page = app.get(&tracking).await.text().await.unwrap();
    assert!(page.contains("Sengketa ke Komisi Informasi: ke mana dan bagaimana mengajukannya"));
    let link = page.split("href=\"").find(|s| s.contains("/sengketa\"")).unwrap().split('"').next().unwrap().to_owned();
    // The dispute page says where and how to file: the competent KI, its contact once recorded, what to bring.
    let form = app.get(&link).await.text().await.unwrap();
    assert!(form.contains("KI Provinsi Jawa Barat") && form.contains("belum dicatat administrator"), "{form}");
    assert!(form.contains("surat/tanda-terima-keberatan"), "the letters to attach");
    let cli = app.cli(&[
        "admin",
        "jurisdiction",
        "update",
        "jawa-barat",
        "--address",
        "Jl. Contoh No. 1, Bandung",
        "--email",
        "sengketa@ki.contoh.go.id",
        "--dispute-form-url",
        "https://ki.contoh.go.id/sengketa",
    ]);
    assert!(cli.ok().contains("Updated jurisdiction jawa-barat"));
    let bad = app.cli(&["admin", "jurisdiction", "update", "jawa-barat", "--website", "ki.contoh.go.id"]);
    assert!(bad.err().contains("website"), "a website without https:// is refused");
    let form = app.get(&link).await.text().await.unwrap();
    assert!(form.contains("Jl. Contoh No. 1, Bandung") && form.contains("mailto:sengketa@ki.contoh.go.id"), "{form}");
    assert!(
        form.contains("href=\"https://ki.contoh.go.id/sengketa\"") && !form.contains("belum dicatat administrator")
    );
    let early = post_form(&app, &link, &link, &[("tanggal", "2025-06-02")]).await;
    assert_eq!(early.status(), 400);
    assert!(early.text().await.unwrap().contains("setelah batas waktu atasan PPID lewat"));
    let future = post_form(&app, &link, &link, &[("tanggal", "2025-06-30")]).await;
    assert!(future.text().await.unwrap().contains("tidak boleh di masa depan"));

    let ok = post_form(&app, &link, &link, &[("tanggal", "2025-06-10"), ("nomor_ki", "045/VI/KI-JABAR-PS/2025")]).await;
    assert_eq!(ok.status(), 303);
    let page = app.get(&tracking).await.text().await.unwrap();
    assert!(page.contains("Diajukan ke Komisi Informasi pada Selasa, 10 Juni 2025 (keterangan pemohon, menunggu konfirmasi petugas) · 045/VI/KI-JABAR-PS/2025"), "{page}");

    // Another request's token cannot reach this objection.
    let other = tracking_path(&app).await;
    let foreign = link.replace(&tracking, &other);
    assert_eq!(app.get(&foreign).await.status(), 404);
}

#[tokio::test]
async fn too_many_requests_from_one_email_are_refused_with_when_to_try_again() {
    let app = app_with_body().await;
    for _ in 0..5 {
        assert_eq!(submit(&app, &valid_form()).await.status(), 303);
    }
    let res = submit(&app, &valid_form()).await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "86400");
    let html = res.text().await.unwrap();
    assert!(html.contains("Coba lagi setelah Sabtu, 22 Maret 2025 pukul 10.00 WIB"), "{html}");
    assert!(html.contains("Daftar penerima beasiswa"), "what was typed is kept");
    assert_eq!(registered_count(&app), 5);
    // Another email from the same address is still under the address limit (10 an hour).
    let mut other = valid_form();
    other.insert("requester_email", "budi@example.com".into());
    assert_eq!(submit(&app, &other).await.status(), 303);
    // A day later the limit has passed.
    app.clock.set(Utc.with_ymd_and_hms(2025, 3, 22, 3, 0, 1).unwrap());
    assert_eq!(submit(&app, &valid_form()).await.status(), 303);
}

/// The same form sent many times at once (a double-clicking script): exactly the limit is registered.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifteen_forms_sent_at_once_register_exactly_the_hourly_limit() {
    let app = add_body(
        spawn_app_with(|s| {
            s.limits.requests_per_ip_per_hour = 4;
            s.limits.requests_per_email_per_day = 0;
        })
        .await,
    );
    let mut forms = Vec::new();
    for _ in 0..15 {
        let (cookie, token) = csrf(&app).await;
        let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
        for (k, v) in valid_form() {
            form = form.text(k, v);
        }
        forms.push((cookie, form));
    }
    let mut set = tokio::task::JoinSet::new();
    for (cookie, form) in forms {
        let (client, url) = (app.client.clone(), format!("{}/badan/kota-contoh/permohonan", app.address));
        set.spawn(async move {
            client.post(url).header("Cookie", cookie).multipart(form).send().await.unwrap().status().as_u16()
        });
    }
    let statuses = set.join_all().await;
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 4, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 11, "{statuses:?}");
    assert_eq!(registered_count(&app), 4);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_limited() {
    let app = add_body(
        spawn_app_with(|s| {
            s.limits.requests_per_ip_per_hour = 2;
            s.limits.requests_per_email_per_day = 0;
            s.limits.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        })
        .await,
    );
    let post_as = |ip: &'static str| {
        let app = &app;
        async move {
            let (cookie, token) = csrf(app).await;
            let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
            for (k, v) in valid_form() {
                form = form.text(k, v);
            }
            app.client
                .post(format!("{}/badan/kota-contoh/permohonan", app.address))
                .header("Cookie", cookie)
                .header("X-Forwarded-For", format!("{ip}, 127.0.0.1"))
                .multipart(form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(post_as("203.0.113.5").await, 303);
    assert_eq!(post_as("203.0.113.5").await, 303);
    assert_eq!(post_as("203.0.113.5").await, 429);
    assert_eq!(post_as("203.0.113.6").await, 303, "another client behind the same proxy");
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01KTP-SCAN-PIXELS";

fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![app.test_db.uploads.path().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.path().is_dir() { dirs.push(e.path()) } else { out.push(e.path()) }
        }
    }
    out
}

#[tokio::test]
async fn an_identity_scan_is_stored_encrypted_with_its_hash() {
    let app = app_with_body().await;
    let res = submit_with_files(&app, &valid_form(), vec![("identity_scan", "ktp siti.png", PNG.to_vec())]).await;
    assert_eq!(res.status(), 303);
    let mut conn = app.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let row = repo::cases::requests_of_body(&mut conn, &body.id).unwrap().remove(0);
    let docs = repo::cases::documents_of(&mut conn, &row.requester_id).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(
        (docs[0].kind.as_str(), docs[0].content_type.as_str(), docs[0].file_name.as_str()),
        ("identity_scan", "image/png", "ktp siti.png")
    );
    assert_eq!(docs[0].sha256, terbuka::domain::evidence::sha256_hex_bytes(PNG));
    let files = stored_files(&app);
    assert_eq!(files.len(), 1);
    let on_disk = std::fs::read(&files[0]).unwrap();
    assert!(!on_disk.windows(8).any(|w| w == b"KTP-SCAN"), "the file on disk is encrypted");
    assert_eq!(app.test_db.files().get(&test_secrets(), &docs[0].storage_key).unwrap(), PNG);
}

#[tokio::test]
async fn wrong_or_missing_documents_are_refused_and_leave_no_file() {
    let app = app_with_body().await;
    let res =
        submit_with_files(&app, &valid_form(), vec![("identity_scan", "ktp.png", b"MZ not an image".to_vec())]).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Berkas harus JPG, PNG, atau PDF."));
    let big = [PNG.to_vec(), vec![0u8; 5 * 1024 * 1024]].concat();
    let res = submit_with_files(&app, &valid_form(), vec![("identity_scan", "besar.png", big)]).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Berkas lebih besar dari 5 MB."));

    let mut group = valid_form();
    group.insert("requester_kind", "group".into());
    let res = submit(&app, &group).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Lampirkan surat kuasa.") && html.contains("href=\"#power_of_attorney\""));
    assert_eq!(registered_count(&app), 0);
    assert!(stored_files(&app).is_empty(), "refused uploads leave nothing behind");

    let ok = submit_with_files(&app, &group, vec![("power_of_attorney", "kuasa.pdf", b"%PDF-1.7\n...".to_vec())]).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(stored_files(&app).len(), 1);
}

#[tokio::test]
async fn documents_the_body_provides_are_downloadable_with_the_token_only() {
    use terbuka::db::repo::events::{Actor, ActorKind};
    use terbuka::domain::request::{DecisionInput, InfoForm};
    use terbuka::service::cases::{self, RequestCommand, ResponseUpload};
    let app = app_with_body().await;
    let tracking = tracking_path(&app).await;
    let mut conn = app.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let id = repo::cases::requests_of_body(&mut conn, &body.id).unwrap().remove(0).id;
    let officer = Actor::new(ActorKind::Officer, "officer-1");
    let cal = terbuka::domain::calendar::CalendarSettings::default();
    let upload =
        ResponseUpload { file_name: "Daftar Penerima Beasiswa 2024.pdf".into(), bytes: b"%PDF-1.7\nDATA".to_vec() };
    let files = app.test_db.files();
    let early = cases::attach_response_document(
        &mut conn,
        cal,
        &test_secrets(),
        &files,
        &id,
        &upload,
        &officer,
        app.clock.now(),
    );
    assert!(matches!(early, Err(terbuka::service::ServiceError::Refused { code: "invalid_transition", .. })));
    assert!(stored_files(&app).is_empty(), "a refused attachment leaves no file");
    let decision = DecisionInput {
        kind: "granted".into(),
        form: Some(InfoForm::Softcopy),
        provide_by: Some(chrono::NaiveDate::from_ymd_opt(2025, 4, 20).unwrap()),
        ..Default::default()
    };
    let notice = RequestCommand::GiveNotice {
        notice_on: chrono::NaiveDate::from_ymd_opt(2025, 4, 10).unwrap(),
        decision,
        electronic: true,
    };
    cases::request_command(&mut conn, cal, &id, None, &notice, &officer, app.clock.now()).unwrap();
    let doc = cases::attach_response_document(
        &mut conn,
        cal,
        &test_secrets(),
        &files,
        &id,
        &upload,
        &officer,
        app.clock.now(),
    )
    .unwrap();
    let events = repo::events::for_case(&mut conn, &id).unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.event_type, "document_attached");
    assert!(last.payload.contains(&doc.sha256), "the file's hash is part of the evidence");
    drop(conn);

    let page = app.get(&tracking).await.text().await.unwrap();
    assert!(page.contains("Dokumen dari badan publik") && page.contains("Daftar Penerima Beasiswa 2024.pdf"));
    let href = format!("{tracking}/dokumen/{}", doc.id);
    let res = app.get(&href).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"Daftar Penerima Beasiswa 2024.pdf\"")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF-1.7\nDATA");
    // A file whose name says another type goes out named for what it is.
    let disguised = ResponseUpload { file_name: "lampiran.html".into(), bytes: b"%PDF-1.7\nLAIN".to_vec() };
    let doc2 = {
        let mut conn = app.db.get().unwrap();
        cases::attach_response_document(
            &mut conn,
            cal,
            &test_secrets(),
            &files,
            &id,
            &disguised,
            &officer,
            app.clock.now(),
        )
        .unwrap()
    };
    let res = app.get(&format!("{tracking}/dokumen/{}", doc2.id)).await;
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"lampiran.pdf\""), "{disposition}");
    let other = tracking_path(&app).await;
    assert_eq!(app.get(&format!("{other}/dokumen/{}", doc.id)).await.status(), 404);
}

#[tokio::test]
async fn an_objection_can_name_its_kuasa() {
    let app = app_with_body().await;
    let tracking = tracking_path(&app).await;
    app.clock.set(Utc.with_ymd_and_hms(2025, 4, 16, 3, 0, 0).unwrap());
    let form = format!("{tracking}/keberatan");
    let res =
        post_form(&app, &form, &form, &[("dasar_c", "ya"), ("ringkasan", "Tidak dijawab."), ("kuasa", "LBH Contoh")])
            .await;
    assert_eq!(res.status(), 303);
    let mut conn = app.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let objections = repo::cases::objections_of_body(&mut conn, &body.id).unwrap();
    assert_eq!(objections[0].representative_name, "LBH Contoh");
}

/// Every rule of the request form, through the form: each change to a valid form, the field it names, and the
/// sentence shown (at the top and beside the field).
#[tokio::test]
async fn every_validation_rule_of_the_form() {
    let app = app_with_body().await;
    type Change = fn(&mut HashMap<&'static str, String>);
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "requester_kind",
            |f| {
                f.insert("requester_kind", "robot".into());
            },
            "Pilih siapa yang mengajukan permohonan.",
        ),
        (
            "requester_name",
            |f| {
                f.insert("requester_name", "".into());
            },
            "Masukkan nama lengkap Anda.",
        ),
        (
            "requester_name",
            |f| {
                f.insert("requester_name", "S".into());
            },
            "Isian ini terlalu pendek atau terlalu panjang.",
        ),
        (
            "requester_nik",
            |f| {
                f.insert("requester_nik", "".into());
            },
            "Masukkan NIK Anda.",
        ),
        (
            "requester_nik",
            |f| {
                f.insert("requester_nik", "327301120885000".into());
            },
            "NIK harus 16 angka.",
        ),
        (
            "requester_nik",
            |f| {
                f.insert("requester_nik", "32730112088500AB".into());
            },
            "NIK hanya berisi angka.",
        ),
        (
            "requester_nik",
            |f| {
                f.insert("requester_nik", "9973011208850001".into());
            },
            "Dua angka pertama NIK bukan kode provinsi.",
        ),
        (
            "requester_nik",
            |f| {
                f.insert("requester_nik", "3273011213850001".into());
            },
            "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar.",
        ),
        (
            "requester_nik",
            |f| {
                f.insert("requester_nik", "3273011208850000".into());
            },
            "Empat angka terakhir NIK tidak boleh semuanya nol.",
        ),
        (
            "entity_decree_number",
            |f| {
                f.insert("requester_kind", "legal_entity".into());
            },
            "Masukkan nomor SK pengesahan badan hukum.",
        ),
        (
            "representative_name",
            |f| {
                f.insert("requester_kind", "represented".into());
            },
            "Masukkan nama kuasa Anda.",
        ),
        (
            "representative_nik",
            |f| {
                f.insert("requester_kind", "represented".into());
                f.insert("representative_name", "Budi Kuasa".into());
                f.insert("representative_nik", "123".into());
            },
            "NIK harus 16 angka.",
        ),
        (
            "requester_address",
            |f| {
                f.insert("requester_address", "".into());
            },
            "Masukkan alamat Anda.",
        ),
        (
            "requester_occupation",
            |f| {
                f.insert("requester_occupation", " ".into());
            },
            "Masukkan pekerjaan Anda.",
        ),
        (
            "requester_phone",
            |f| {
                f.insert("requester_phone", "telepon saya".into());
            },
            "Masukkan nomor telepon yang benar",
        ),
        (
            "requester_email",
            |f| {
                f.insert("requester_email", "".into());
            },
            "Masukkan alamat email, misalnya nama@contoh.com. Jika Anda tidak memakai email",
        ),
        (
            "requester_email",
            |f| {
                f.insert("requester_email", "siti@".into());
            },
            "Masukkan alamat email yang benar",
        ),
        (
            "information",
            |f| {
                f.insert("information", "".into());
            },
            "Jelaskan informasi yang Anda butuhkan.",
        ),
        (
            "purpose",
            |f| {
                f.insert("purpose", "".into());
            },
            "Sebutkan tujuan penggunaan informasi.",
        ),
        (
            "obtain_method",
            |f| {
                f.insert("obtain_method", "".into());
            },
            "Pilih cara memperoleh informasi.",
        ),
        (
            "obtain_method",
            |f| {
                f.insert("obtain_method", "telepati".into());
            },
            "Pilih salah satu pilihan.",
        ),
        (
            "delivery_method",
            |f| {
                f.insert("delivery_method", "".into());
            },
            "Pilih cara pengiriman salinan.",
        ),
    ];
    for (field, change, message) in cases {
        let mut form = valid_form();
        change(&mut form);
        let res = submit(&app, &form).await;
        assert_eq!(res.status(), 400, "{field}: {message}");
        let html = res.text().await.unwrap();
        assert!(html.contains(&format!("href=\"#{field}")), "{field} is linked from the summary");
        assert!(html.matches(message).count() >= 2, "{field}: `{message}` at the top and beside the field");
    }
    // Inspecting needs no delivery method.
    let mut inspect = valid_form();
    inspect.insert("obtain_method", "inspect".into());
    inspect.remove("delivery_method");
    assert_eq!(submit(&app, &inspect).await.status(), 303);
    assert_eq!(registered_count(&app), 1, "only the valid form was registered");
}

/// Stamps read for many visits at once (db::batch, used on PostgreSQL): every caller gets the row of its own key,
/// an unknown key gets none, and a write committed before a call is seen by it.
#[tokio::test]
async fn batched_stamp_reads_answer_each_caller_with_its_own_row_as_of_its_call() {
    use terbuka::db::batch::BatchedRead;
    use terbuka::db::repo::cases as repo;
    use terbuka::service::cases::{self, RequestCommand};

    use crate::cases::{CAL, Office, refusal};

    let app = app_with_body().await;
    let registered: Vec<_> = (0..3).map(|_| app.register(&Office::new_request(app.clock.now()))).collect();
    let hashes: Vec<String> = registered.iter().map(|r| terbuka::crypto::token_hash(&r.tracking_token)).collect();
    let unknown = terbuka::crypto::token_hash("no-such-token");
    let stamps = BatchedRead::start(&app.db, "test-stamps", repo::tracking_stamps).unwrap();

    let calls: Vec<String> =
        (0..60).map(|i| if i % 4 == 3 { unknown.clone() } else { hashes[i % 4].clone() }).collect();
    let answers = futures_util::future::join_all(calls.iter().map(|h| stamps.get(h.clone()))).await;
    for (hash, answer) in calls.iter().zip(answers) {
        let answer = answer.unwrap();
        match hashes.iter().position(|h| h == hash) {
            Some(i) => {
                let stamp = answer.expect("a known token has a stamp");
                assert_eq!((&stamp.token_hash, &stamp.request_id), (hash, &registered[i].request.id));
            }
            None => assert!(answer.is_none(), "an unknown token has no stamp"),
        }
    }

    let before = stamps.get(hashes[0].clone()).await.unwrap().unwrap();
    let other = stamps.get(hashes[1].clone()).await.unwrap().unwrap();
    let notice =
        RequestCommand::GiveNotice { notice_on: crate::cases::d("2025-03-21"), decision: refusal(), electronic: true };
    let mut conn = app.db.get().unwrap();
    cases::request_command(
        &mut conn,
        CAL,
        &registered[0].request.id,
        None,
        &notice,
        &Office::officer(),
        app.clock.now(),
    )
    .unwrap();
    let after = stamps.get(hashes[0].clone()).await.unwrap().unwrap();
    assert!(after.parts[0] > before.parts[0], "the decision is in the next read: {before:?} then {after:?}");
    assert_eq!(stamps.get(hashes[1].clone()).await.unwrap().unwrap(), other, "another request's stamp is unchanged");
}

/// The tracking page is kept rendered (web::page_cache) and checked against the database on every visit: what
/// another server or the command line changes shows on the next visit, as does a new day; nothing else does.
#[tokio::test]
async fn the_tracking_page_is_rendered_again_exactly_when_something_it_shows_changes() {
    use diesel::prelude::*;
    use terbuka::db::schema::requests;
    use terbuka::service::bodies::{self, BodyChanges};
    use terbuka::service::cases::{self, RequestCommand};

    use crate::cases::{CAL, Office, refusal, wib_morning};

    let app = app_with_body().await;
    let registered = app.register(&Office::new_request(app.clock.now()));
    let (id, page) = (registered.request.id.clone(), format!("/lacak/{}", registered.tracking_token));
    let first = app.get(&page).await.text().await.unwrap();
    assert!(first.contains("Terdaftar") && !first.contains("Sudah dijawab"));

    // A change behind the application's back (no version bumped, which no writer of ours does) is not seen:
    // the second visit is the cached page.
    let mut conn = app.db.get().unwrap();
    diesel::update(requests::table.find(&id))
        .set(requests::purpose.eq("Tujuan yang diubah langsung di basis data"))
        .execute(&mut **conn)
        .unwrap();
    assert_eq!(app.get(&page).await.text().await.unwrap(), first, "served from the cache");

    // A decision recorded over another connection, as another server would: the next visit shows it.
    let notice =
        RequestCommand::GiveNotice { notice_on: crate::cases::d("2025-03-21"), decision: refusal(), electronic: true };
    cases::request_command(&mut conn, CAL, &id, None, &notice, &Office::officer(), app.clock.now()).unwrap();
    let decided = app.get(&page).await.text().await.unwrap();
    assert!(decided.contains("Sudah dijawab") && !decided.contains(">Terdaftar<"));
    assert!(decided.contains("Tujuan yang diubah langsung di basis data"), "rendered afresh from the record");

    // The body renamed: every page of its requests shows the new name.
    let rename = BodyChanges { name: Some("Pemerintah Kota Contoh Baru".into()), ..Default::default() };
    bodies::update_body(&mut conn, "kota-contoh", &rename, None, app.clock.now()).unwrap();
    assert!(app.get(&page).await.text().await.unwrap().contains("Pemerintah Kota Contoh Baru"));

    // Each language and the receipt are pages of their own.
    let english = app.get(&format!("{page}?lang=en")).await.text().await.unwrap();
    assert!(english.contains("Answered") && !english.contains("Sudah dijawab"));
    assert!(app.get(&page).await.text().await.unwrap().contains("Sudah dijawab"));
    let receipt = app.get(&format!("{page}/tanda-terima")).await.text().await.unwrap();
    assert!(receipt.contains("Tanda terima permohonan"));

    // A new day with nothing written: an undecided request's page turns overdue once its deadline has passed.
    let open = app.register(&Office::new_request(app.clock.now()));
    let open_page = format!("/lacak/{}", open.tracking_token);
    assert!(!app.get(&open_page).await.text().await.unwrap().contains("batas waktunya sudah lewat"));
    app.clock.set(wib_morning("2025-04-16"));
    assert!(app.get(&open_page).await.text().await.unwrap().contains("batas waktunya sudah lewat"));
}

/// A requester without email who lost the receipt gets a new link from an officer: printed on a new receipt,
/// every earlier link (the receipt's and any sent again) stops working, the history says who did it, and a dead
/// link's page says how to get a new one. Sending the link again (/lacak) adds a link and keeps the others.
#[tokio::test]
async fn an_officer_gives_a_new_tracking_link_and_a_dead_link_says_how_to_get_one() {
    use crate::officer::{app_with_request, hidden, page, path, utama};
    let (app, r) = app_with_request().await;
    let old = format!("/lacak/{}", r.tracking_token);
    // A link sent again: the receipt's link and it both work.
    let sent_again = {
        let mut conn = app.db.get().unwrap();
        let email = repo::cases::requester(&mut conn, &r.request.requester_id).unwrap().email;
        let now = app.clock.now();
        assert!(
            terbuka::service::portal::resend_tracking_link(
                &mut conn,
                &test_secrets(),
                &email,
                &r.request.registration_number,
                now
            )
            .unwrap()
        );
        use diesel::prelude::*;
        use terbuka::db::schema::tracking_links::dsl::*;
        tracking_links.count().get_result::<i64>(&mut **conn).unwrap()
    };
    assert_eq!(sent_again, 1);
    assert_eq!(app.get(&old).await.status(), 200, "sending the link again leaves the receipt's link working");

    let cookie = utama(&app);
    let html = page(&app, &cookie, &path(&r)).await.1;
    assert!(html.contains("Tautan pemantauan baru untuk pemohon"), "{html}");
    let res = app
        .client
        .post(format!("{}{}/tautan-baru", app.address, path(&r)))
        .header("Cookie", &cookie)
        .form(&[("csrf_token", hidden(&html, "csrf_token"))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["referrer-policy"], "no-referrer");
    let receipt = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        receipt.starts_with("/lacak/") && receipt.ends_with("/tanda-terima") && !receipt.contains(&r.tracking_token)
    );
    let printed = app.get(&receipt).await.text().await.unwrap();
    assert!(printed.contains(&r.request.registration_number), "the new receipt");

    // Every earlier link is dead, and says how to get a new one.
    let dead = app.get(&old).await;
    assert_eq!(dead.status(), 404);
    let text = dead.text().await.unwrap();
    assert!(text.contains("Tautan pemantauan ini tidak berlaku") && text.contains("href=\"/lacak\""), "{text}");
    {
        use diesel::prelude::*;
        use terbuka::db::schema::tracking_links::dsl::*;
        let mut conn = app.db.get().unwrap();
        assert_eq!(
            tracking_links.count().get_result::<i64>(&mut **conn).unwrap(),
            0,
            "the link sent again is gone too"
        );
    }
    // The history says an officer did it (an internal note, not on the requester's page).
    let case = page(&app, &cookie, &path(&r)).await.1;
    assert!(case.contains("Tautan pemantauan baru dibuat untuk pemohon"), "{case}");
    // An auditor reads the request but cannot make links.
    let html = page(&app, &cookie, &path(&r)).await.1;
    let auditor = crate::helpers::signed_in_account(
        &app,
        "auditor",
        terbuka::domain::account::Role::KiAuditor,
        None,
        None,
        Some("jawa-barat"),
    );
    let res = app
        .client
        .post(format!("{}{}/tautan-baru", app.address, path(&r)))
        .header("Cookie", &auditor)
        .form(&[("csrf_token", hidden(&html, "csrf_token"))])
        .send()
        .await
        .unwrap();
    assert!(res.status() == 403 || res.status() == 404, "{}", res.status());
}

#[tokio::test]
async fn the_form_asks_who_is_asking_first_and_then_only_that_kinds_fields() {
    let app = app_with_body().await;
    let page = |path: &'static str| {
        let app = &app;
        async move {
            let res = app.get(path).await;
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, first) = page("/badan/kota-contoh/permohonan/baru").await;
    assert_eq!(status, 200);
    assert!(first.contains(r#"id="jenis-individual""#) && first.contains(r#"id="jenis-represented""#));
    assert!(first.contains("Siapkan nomor SK pengesahan badan hukum."), "each kind says what to have ready");
    assert!(!first.contains(r#"id="requester_name""#) && !first.contains("csrf_token"), "{first}");
    // "Lanjut" without an answer.
    let (status, empty) = page("/badan/kota-contoh/permohonan/baru?pilih=1").await;
    assert_eq!(status, 400);
    assert!(empty.contains(r##"<li><a href="#jenis-individual">Pilih siapa yang mengajukan permohonan.</a></li>"##));
    assert!(empty.contains(r#"<p class="error-message" id="jenis-error">"#), "the message beside the question too");

    let (_, entity) = page("/badan/kota-contoh/permohonan/baru?jenis=legal_entity").await;
    assert!(entity.contains(r#"<input type="hidden" name="requester_kind" value="legal_entity">"#));
    assert!(entity.contains("Pemohon: <strong>Badan hukum Indonesia</strong>"), "{entity}");
    assert!(entity.contains(">Nama badan hukum</label>") && entity.contains(r#"id="entity_decree_number""#));
    for absent in [r#"id="requester_nik""#, r#"id="representative_name""#, r#"id="power_of_attorney""#] {
        assert!(!entity.contains(absent), "{absent} is not asked of a legal entity");
    }
    let (_, represented) = page("/badan/kota-contoh/permohonan/baru?jenis=represented").await;
    for present in [r#"id="requester_nik""#, r#"id="representative_nik""#, r#"id="power_of_attorney""#] {
        assert!(represented.contains(present), "{present}");
    }
    assert!(!represented.contains(r#"id="entity_decree_number""#));
    // "Ubah" asks again, the answer chosen.
    let (_, again) = page("/badan/kota-contoh/permohonan/baru?jenis=group&ubah=1").await;
    assert!(again.contains(r#"id="jenis-group" name="jenis" value="group" checked"#), "{again}");
    assert!(!again.contains(r#"id="requester_name""#));
    // In English too.
    let (_, english) = page("/badan/kota-contoh/permohonan/baru?lang=en").await;
    assert!(english.contains("Who is making the request?") && english.contains("Continue"));
}

#[tokio::test]
async fn email_is_optional_when_the_answer_comes_on_paper_and_a_phone_number_then_required() {
    let app = app_with_body().await;
    let mut form = valid_form();
    form.insert("requester_email", String::new());
    // Sent by email, an email address is needed; the message says what else would do.
    let res = submit(&app, &form).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Jika Anda tidak memakai email, pilih salinan diambil langsung"), "{html}");
    // Picked up: no email needed, but a way to reach the requester is.
    form.insert("obtain_method", "hardcopy".into());
    form.insert("delivery_method", "pickup".into());
    form.insert("requester_phone", String::new());
    let res = submit(&app, &form).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains(r##"<a href="#requester_phone">Berikan nomor telepon atau alamat email"##), "{html}");
    assert_eq!(registered_count(&app), 0);
    form.insert("requester_phone", "0813 9876 5432".into());
    let res = submit(&app, &form).await;
    assert_eq!(res.status(), 303);
    let receipt = res.headers()["location"].to_str().unwrap().to_owned();
    let html = app.get(&receipt).await.text().await.unwrap();
    assert!(html.contains("Anda tidak memberikan alamat email"), "the receipt says to keep the link: {html}");
    let mut conn = app.db.get().unwrap();
    assert!(repo::mail::by_status(&mut conn, "pending").unwrap().is_empty(), "no receipt is mailed to nobody");
}

#[tokio::test]
async fn a_file_chosen_before_a_mistake_is_named_at_its_field_to_choose_again() {
    let app = app_with_body().await;
    let mut form = valid_form();
    form.insert("purpose", String::new());
    let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];
    let res = submit_with_files(&app, &form, vec![("identity_scan", "ktp-siti.jpg", jpeg)]).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(
            "Berkas “ktp-siti.jpg” yang Anda pilih belum terkirim karena ada isian lain yang perlu diperbaiki."
        ),
        "{html}"
    );
    assert!(html.contains(r#"aria-describedby="identity_scan-hint identity_scan-again""#));
    assert_eq!(registered_count(&app), 0);
    // A file refused for itself says why, and is not called a good file to choose again.
    let res = submit_with_files(&app, &form, vec![("identity_scan", "catatan.txt", b"bukan gambar".to_vec())]).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("Berkas harus JPG, PNG, atau PDF") && !html.contains("“catatan.txt”"), "{html}");
}

#[tokio::test]
async fn the_home_page_groups_bodies_by_their_ki_and_finds_them_by_name() {
    use terbuka::service::bodies::{self, BodyInput, JurisdictionInput};
    let app = app_with_body().await;
    {
        let mut conn = app.db.get().unwrap();
        let now = app.clock.now();
        let ki = JurisdictionInput {
            code: "pusat".into(),
            name: "Komisi Informasi Pusat".into(),
            level: "pusat".into(),
            parent: None,
            contact: Default::default(),
        };
        bodies::create_jurisdiction(&mut conn, &ki, now).unwrap();
        for (slug, name, ki) in [
            ("kementerian-contoh", "Kementerian Contoh", "pusat"),
            ("dinas-kesehatan", "Dinas Kesehatan Kota Contoh", "jawa-barat"),
        ] {
            let body = BodyInput {
                slug: slug.into(),
                name: name.into(),
                level: "kementerian".into(),
                time_zone: "Asia/Jakarta".into(),
                ki: ki.into(),
                ppid_email: format!("ppid@{slug}.go.id"),
                ppid_phone: "022 7654321".into(),
                ppid_address: "Jl. Contoh 2".into(),
                ..Default::default()
            };
            bodies::create_body(&mut conn, &body, now).unwrap();
        }
    }
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("3 badan publik, dikelompokkan menurut Komisi Informasi yang berwenang."), "{html}");
    let central = html.find("Komisi Informasi Pusat</span>").expect("the central KI's group");
    let west_java = html.find("KI Provinsi Jawa Barat</span>").expect("the province's group");
    assert!(central < west_java, "the central KI first");
    let ministry = html.find("Kementerian Contoh</a>").unwrap();
    let health = html.find("Dinas Kesehatan Kota Contoh</a>").unwrap();
    assert!(central < ministry && ministry < west_java && west_java < health, "each body under its KI");
    assert!(html.contains(r#"<span class="ki-group-count">(2)</span>"#));

    // Found by a part of its name, whatever the case; or every body of a KI by the KI's name.
    let found = app.get("/?cari=KESEHATAN").await.text().await.unwrap();
    assert!(found.contains("1 dari 3 badan publik cocok dengan"), "{found}");
    assert!(found.contains("Dinas Kesehatan Kota Contoh</a>") && !found.contains("Pemerintah Kota Contoh</a>"));
    assert!(!found.contains("Komisi Informasi Pusat</span>"), "a KI without a match is left out");
    let by_ki = app.get("/?cari=jawa%20barat").await.text().await.unwrap();
    assert!(by_ki.contains("Pemerintah Kota Contoh</a>") && by_ki.contains("Dinas Kesehatan Kota Contoh</a>"));
    let none = app.get("/?cari=zzz").await.text().await.unwrap();
    assert!(none.contains("Tidak ada badan publik yang namanya memuat \"zzz\""), "{none}");
    let english = app.get("/?cari=kesehatan&lang=en").await.text().await.unwrap();
    assert!(english.contains("1 of 3 public bodies match"), "{english}");
}

/// The database file, its -wal and -shm, and every upload with its folder are the instance user's alone, and a
/// database left readable by others is narrowed when the instance opens it.
#[cfg(unix)]
#[tokio::test]
async fn the_database_and_uploads_are_readable_by_the_instance_user_alone() {
    use std::os::unix::fs::PermissionsExt;
    let app = app_with_body().await;
    let res = submit_with_files(&app, &valid_form(), vec![("identity_scan", "ktp.png", PNG.to_vec())]).await;
    assert_eq!(res.status(), 303);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let stored = stored_files(&app);
    assert_eq!(stored.len(), 1);
    assert_eq!(mode(&stored[0]), 0o600);
    assert_eq!(mode(stored[0].parent().unwrap()), 0o700);
    let Some(path) = app.test_db.url.strip_prefix("sqlite://") else { return };
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{path}{suffix}"));
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let settings = app.test_db.settings();
    terbuka::startup::open_database(&settings, &*app.clock).unwrap();
    assert_eq!(mode(std::path::Path::new(path)), 0o600, "narrowed on opening");
}

#[tokio::test]
async fn the_form_refuses_an_email_with_a_display_name_and_keeps_what_was_typed() {
    let app = app_with_body().await;
    for bad in ["Siti <siti.rahmawati@example.com>", "siti.rahmawati@example.com;"] {
        let mut form = valid_form();
        form.insert("requester_email", bad.to_owned());
        let res = submit(&app, &form).await;
        assert_eq!(res.status(), 400, "{bad}");
        let html = res.text().await.unwrap();
        assert!(html.contains("Masukkan alamat email yang benar"), "{html}");
        assert!(html.contains("Daftar penerima beasiswa"), "what was typed is kept");
    }
    assert_eq!(registered_count(&app), 0);
}
