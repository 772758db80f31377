//! The officers' case page: every step through the browser's forms, with the session's CSRF token and the
//! version the page showed; what each role sees; the conflict when two officers act at once.

use terbuka::db::repo;
use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;
use terbuka::service::bodies::{self, UnitInput};
use terbuka::service::cases::{self, Registration};

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app, test_secrets};

/// An app with the standard body, a unit "dinas", and one request received this morning.
pub(crate) async fn app_with_request() -> (TestApp, Registration) {
    let app = spawn_app().await;
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    let mut conn = app.db.get().unwrap();
    let unit = UnitInput { slug: "dinas".into(), name: "Dinas Pendidikan".into(), time_zone: None };
    bodies::create_unit(&mut conn, "kota-contoh", &unit, now).unwrap();
    let mut input = Office::new_request(wib_morning("2025-03-21"));
    input.publish_consent = true;
    let registration =
        cases::register_request(&mut conn, CAL, &test_secrets(), &app.test_db.files(), &input, &Office::officer(), now)
            .unwrap();
    drop(conn);
    (app, registration)
}

pub(crate) fn utama(app: &TestApp) -> String {
    signed_in_account(app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None)
}

pub(crate) fn path(r: &Registration) -> String {
    format!("/ruang-kerja/permohonan/{}", r.request.id)
}

pub(crate) async fn page(app: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let res = app.client.get(format!("{}{path}", app.address)).header("Cookie", cookie).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

pub(crate) fn hidden(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_owned()
}

/// Posts one step with the token and version a fresh page shows.
pub(crate) async fn step(
    app: &TestApp,
    cookie: &str,
    r: &Registration,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let (_, html) = page(app, cookie, &path(r)).await;
    step_with(app, cookie, r, &hidden(&html, "versi"), &hidden(&html, "csrf_token"), fields).await
}

async fn step_with(
    app: &TestApp,
    cookie: &str,
    r: &Registration,
    version: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", csrf), ("versi", version)];
    form.extend_from_slice(fields);
    let res = app
        .client
        .post(format!("{}{}", app.address, path(r)))
        .header("Cookie", cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

fn row(app: &TestApp, r: &Registration) -> terbuka::db::models::cases::RequestRow {
    let mut conn = app.db.get().unwrap();
    repo::cases::request(&mut conn, &r.request.id).unwrap().unwrap()
}

fn event_types(app: &TestApp, r: &Registration) -> Vec<(String, String, Option<String>)> {
    let mut conn = app.db.get().unwrap();
    repo::events::for_case(&mut conn, &r.request.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.event_type, e.actor_kind, e.actor_id))
        .collect()
}

#[tokio::test]
async fn an_officer_decides_a_request_and_the_requester_sees_the_decision() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let (status, html) = page(&app, &cookie, &path(&r)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&r.request.registration_number) && html.contains("Siti Rahmawati"), "{html}");
    assert!(html.contains("Beri pemberitahuan tertulis"));

    let (status, location, _) = step(
        &app,
        &cookie,
        &r,
        &[
            ("aksi", "pemberitahuan"),
            ("tanggal", "2025-03-21"),
            ("keputusan", "granted"),
            ("bentuk", "softcopy"),
            ("diberikan_paling_lambat", "2025-03-28"),
            ("elektronik", "ya"),
            ("biaya", "Rp 25.000"),
            ("cara_bayar", "Penggandaan 50 lembar; bayar tunai di loket PPID."),
        ],
    )
    .await;
    assert_eq!((status, location.as_str()), (303, format!("{}?selesai=pemberitahuan", path(&r)).as_str()));
    let (_, html) = page(&app, &cookie, &location).await;
    assert!(html.contains("Pemberitahuan tertulis dicatat."), "{html}");
    assert_eq!(row(&app, &r).state.as_str(), "notice_given");

    let user_id = {
        let mut conn = app.db.get().unwrap();
        repo::accounts::user_by_username(&mut conn, "utama").unwrap().unwrap().id
    };
    let last = event_types(&app, &r).pop().unwrap();
    assert_eq!(last, ("notice_given".to_owned(), "officer".to_owned(), Some(user_id)));

    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("Pemberitahuan tertulis diberikan: informasi diberikan."), "{tracking}");
    assert!(tracking.contains("Biaya Rp 25.000: Penggandaan 50 lembar; bayar tunai di loket PPID."), "{tracking}");
}

#[tokio::test]
async fn a_fee_needs_its_basis_and_a_decision_that_provides_information() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let mut notice = vec![
        ("aksi", "pemberitahuan"),
        ("tanggal", "2025-03-21"),
        ("keputusan", "granted"),
        ("bentuk", "hardcopy"),
        ("diberikan_paling_lambat", "2025-03-28"),
        ("biaya", "25000"),
    ];
    let (status, _, html) = step(&app, &cookie, &r, &notice).await;
    assert_eq!(status, 400);
    assert!(html.contains("Sebutkan untuk apa biaya itu"), "{html}");
    notice.push(("cara_bayar", "Fotokopi"));
    notice[5] = ("biaya", "dua puluh ribu");
    let (status, _, html) = step(&app, &cookie, &r, &notice).await;
    assert_eq!(status, 400);
    assert!(html.contains("Masukkan jumlah rupiah berupa angka"));
    let (status, _, html) =
        step(&app, &cookie, &r, &[REFUSAL.as_slice(), &[("biaya", "5000"), ("cara_bayar", "x")]].concat()).await;
    assert_eq!(status, 400);
    assert!(html.contains("Biaya hanya dapat dikenakan jika informasi diberikan."), "{html}");
    assert_eq!(row(&app, &r).state.as_str(), "registered");
}

#[tokio::test]
async fn every_step_of_a_request_through_the_case_page() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let ok = |(status, location, body): (u16, String, String)| {
        assert_eq!(status, 303, "{body}");
        assert!(location.contains("?selesai="), "{location}");
    };
    ok(step(
        &app,
        &cookie,
        &r,
        &[("aksi", "perpanjang"), ("tanggal", "2025-03-21"), ("alasan", "Koordinasi antarunit")],
    )
    .await);
    assert!(row(&app, &r).c2_due.is_some());
    ok(step(&app, &cookie, &r, &[("aksi", "alihkan"), ("unit", "dinas"), ("alasan", "")]).await);
    assert!(row(&app, &r).unit_id.is_some());
    let c1 = row(&app, &r).c1_due;
    ok(step(&app, &cookie, &r, &[("aksi", "catatan"), ("catatan", "Sudah ditelepon, menunggu data dari Dinas.")])
        .await);
    ok(step(&app, &cookie, &r, &[("aksi", "sembunyikan"), ("alasan", "Memuat data pribadi pihak ketiga")]).await);
    assert!(row(&app, &r).text_hidden);
    ok(step(
        &app,
        &cookie,
        &r,
        &[
            ("aksi", "pemberitahuan"),
            ("tanggal", "2025-03-21"),
            ("keputusan", "granted_in_part"),
            ("bentuk", "softcopy"),
            ("diberikan_paling_lambat", "2025-03-24"),
            ("pasal17", "h"),
            ("uji_konsekuensi", "Membuka data pribadi pegawai merugikan privasi."),
            ("bagian_dihitamkan", "Nomor telepon pegawai"),
        ],
    )
    .await);

    // A document for the requester, with its hash in the chain.
    let (_, html) = page(&app, &cookie, &path(&r)).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", hidden(&html, "csrf_token"))
        .text("versi", hidden(&html, "versi"))
        .part("dokumen", reqwest::multipart::Part::bytes(b"%PDF-1.4 salinan".to_vec()).file_name("salinan.pdf"));
    let res = app
        .client
        .post(format!("{}{}/dokumen", app.address, path(&r)))
        .header("Cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, html) = page(&app, &cookie, &path(&r)).await;
    let href = html.split("/dokumen/").nth(1).map(|s| s.split('"').next().unwrap().to_owned());
    let href = format!("{}/dokumen/{}", path(&r), href.expect("a document link"));
    let res = app.client.get(format!("{}{href}", app.address)).header("Cookie", &cookie).send().await.unwrap();
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF-1.4 salinan");

    ok(step(&app, &cookie, &r, &[("aksi", "diberikan"), ("tanggal", "2025-03-21")]).await);
    ok(step(&app, &cookie, &r, &[("aksi", "selesai"), ("tanggal", "2025-03-21")]).await);
    let done = row(&app, &r);
    assert_eq!((done.state.as_str(), done.c1_due), ("closed", c1), "routing never restarts the clock");
    let types: Vec<String> = event_types(&app, &r).into_iter().map(|(t, _, _)| t).collect();
    assert_eq!(
        types,
        [
            "registered",
            "extended",
            "routed",
            "note_added",
            "text_visibility",
            "notice_given",
            "document_attached",
            "information_provided",
            "closed"
        ]
    );

    // The requester sees the steps, never the internal note; the public register no longer shows the text.
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("Koordinasi antarunit") && tracking.contains("salinan.pdf"));
    assert!(!tracking.contains("Sudah ditelepon") && !tracking.contains("Catatan internal"));
    let register = app.get("/badan/kota-contoh/daftar-permohonan").await.text().await.unwrap();
    assert!(register.contains(&r.request.registration_number));
    assert!(!register.contains(&r.request.information));

    let mut conn = app.db.get().unwrap();
    terbuka::service::audit::verify(&mut conn).unwrap();
}

#[tokio::test]
async fn a_step_the_law_does_not_allow_is_refused_with_its_reason_and_changes_nothing() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let before = row(&app, &r);

    let (status, _, html) = step(&app, &cookie, &r, &[("aksi", "perpanjang"), ("tanggal", "2025-03-21")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("Perpanjangan memerlukan alasan tertulis."), "{html}");

    let refusal = [
        ("aksi", "pemberitahuan"),
        ("tanggal", "2025-03-21"),
        ("keputusan", "refused_exempt"),
        ("uji_konsekuensi", "Ringkasan uji yang ditulis petugas"),
    ];
    let (status, _, html) = step(&app, &cookie, &r, &refusal).await;
    assert_eq!(status, 400);
    assert!(html.contains("Ringkasan uji yang ditulis petugas"), "the officer's input is kept");
    assert!(html.contains("field-error"));

    let (status, _, html) = step(&app, &cookie, &r, &[("aksi", "tutup_tanpa_keputusan"), ("hasil", "duplicate")]).await;
    assert_eq!(status, 400);
    assert!(html.contains("Isian ini wajib diisi."));

    let (status, _, _) = step(&app, &cookie, &r, &[("aksi", "pemberitahuan"), ("tanggal", "21/03/2025")]).await;
    assert_eq!(status, 400);

    let after = row(&app, &r);
    assert_eq!((after.version, after.state), (before.version, before.state));

    // Closing as a duplicate, with the reason the requester reads.
    let close = [
        ("aksi", "tutup_tanpa_keputusan"),
        ("tanggal", "2025-03-21"),
        ("hasil", "duplicate"),
        ("duplikat_dari", "001/PPID/III/2025"),
        ("alasan", "Sama dengan permohonan Anda sebelumnya."),
    ];
    assert_eq!(step(&app, &cookie, &r, &close).await.0, 303);
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("Sama dengan permohonan Anda sebelumnya."));
}

#[tokio::test]
async fn the_second_of_two_officers_acting_at_once_gets_a_conflict_and_keeps_what_they_typed() {
    let (app, r) = app_with_request().await;
    let first = utama(&app);
    let second = signed_in_account(&app, "utama2", Role::PpidUtama, Some("kota-contoh"), None, None);
    let (_, html_first) = page(&app, &first, &path(&r)).await;
    let (_, html_second) = page(&app, &second, &path(&r)).await;
    let version = hidden(&html_second, "versi");

    let extend = [("aksi", "perpanjang"), ("tanggal", "2025-03-21"), ("alasan", "Data di unit lain")];
    let (status, _, _) =
        step_with(&app, &first, &r, &hidden(&html_first, "versi"), &hidden(&html_first, "csrf_token"), &extend).await;
    assert_eq!(status, 303);

    let refusal = [
        ("aksi", "pemberitahuan"),
        ("tanggal", "2025-03-21"),
        ("keputusan", "refused_exempt"),
        ("pasal17", "a"),
        ("uji_konsekuensi", "Menghambat penyidikan yang sedang berjalan."),
    ];
    let (status, _, html) = step_with(&app, &second, &r, &version, &hidden(&html_second, "csrf_token"), &refusal).await;
    assert_eq!(status, 409);
    assert!(html.contains("baru saja diubah oleh petugas lain"), "{html}");
    assert!(html.contains("Menghambat penyidikan yang sedang berjalan."), "what the second officer typed is kept");
    assert!(html.contains("Diperpanjang"), "the page shows the request as it is now");
    let now = row(&app, &r);
    assert_eq!(now.state.as_str(), "extended");

    // Sending it again from the conflict page (which carries the new version) records it.
    let (status, _, _) =
        step_with(&app, &second, &r, &hidden(&html, "versi"), &hidden(&html, "csrf_token"), &refusal).await;
    assert_eq!(status, 303);
    assert_eq!(row(&app, &r).state.as_str(), "notice_given");
}

#[tokio::test]
async fn each_role_sees_what_it_may_and_acts_only_where_it_may() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    step(&app, &cookie, &r, &[("aksi", "catatan"), ("catatan", "Catatan rahasia petugas")]).await;

    let atasan = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let (status, html) = page(&app, &atasan, &path(&r)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Siti Rahmawati") && html.contains("Catatan rahasia petugas"));
    assert!(!html.contains("name=\"aksi\""), "the atasan has no forms on a request");
    let (_, html_utama) = page(&app, &cookie, &path(&r)).await;
    let csrf = "not-needed: refused before the token is read".to_owned();
    let (status, _, _) =
        step_with(&app, &atasan, &r, &hidden(&html_utama, "versi"), &csrf, &[("aksi", "catatan"), ("catatan", "x")])
            .await;
    assert_eq!(status, 403);

    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let (status, html) = page(&app, &auditor, &path(&r)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&r.request.registration_number));
    assert!(!html.contains("Siti Rahmawati") && !html.contains("Catatan rahasia petugas"), "{html}");
    assert!(html.contains("Identitas pemohon tidak ditampilkan"));
    // The auditor sees which calendar counted each deadline.
    let version =
        terbuka::db::repo::cases::request(&mut app.db.get().unwrap(), &r.request.id).unwrap().unwrap().calendar_version;
    let used = format!(
        "Dihitung dengan kalender hari kerja versi {version} (libur nasional serta libur daerah wilayah KI Provinsi Jawa Barat)."
    );
    assert_eq!(html.matches(&used).count(), 2, "C1 and C2: {html}");

    // A PPID Pelaksana sees the request once it is routed to their unit, not before.
    let pelaksana = signed_in_account(&app, "pelaksana", Role::PpidPelaksana, Some("kota-contoh"), Some("dinas"), None);
    assert_eq!(page(&app, &pelaksana, &path(&r)).await.0, 404);
    step(&app, &cookie, &r, &[("aksi", "alihkan"), ("unit", "dinas")]).await;
    let (status, html) = page(&app, &pelaksana, &path(&r)).await;
    assert_eq!(status, 200);
    assert!(!html.contains("value=\"alihkan\""), "only the PPID Utama routes");
    let queue = page(&app, &pelaksana, "/ruang-kerja").await.1;
    assert!(queue.contains(&format!("href=\"{}\"", path(&r))));

    // In English too.
    let res = app
        .client
        .get(format!("{}{}?lang=en", app.address, path(&r)))
        .header("Cookie", &pelaksana)
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("Give the written notice"), "{html}");
}

/// Posts the desk form: the given fields plus the session's token.
async fn desk(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let (status, html) = page(app, cookie, "/ruang-kerja/permohonan-baru").await;
    assert_eq!(status, 200, "{html}");
    let mut form = reqwest::multipart::Form::new().text("csrf_token", hidden(&html, "csrf_token"));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    app.client
        .post(format!("{}/ruang-kerja/permohonan-baru", app.address))
        .header("Cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

const ORAL: [(&str, &str); 7] = [
    ("channel", "oral"),
    ("received_date", "2025-03-20"),
    ("received_time", "15:30"),
    ("requester_kind", "individual"),
    ("requester_name", "Budi Santoso"),
    ("information", "Jadwal perbaikan jalan di Kecamatan Utara tahun 2025."),
    ("purpose", "Mengetahui kapan jalan di depan rumah diperbaiki."),
];

#[tokio::test]
async fn an_officer_records_an_oral_request_and_the_clock_starts_when_it_was_received() {
    let (app, _) = app_with_request().await;
    let cookie = utama(&app);
    let queue = page(&app, &cookie, "/ruang-kerja").await.1;
    assert!(queue.contains("href=\"/ruang-kerja/permohonan-baru\""));

    let res = desk(&app, &cookie, &ORAL).await;
    assert_eq!(res.status(), 303);
    let receipt = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(receipt.starts_with("/lacak/") && receipt.ends_with("/tanda-terima"));
    let html = app.get(&receipt).await.text().await.unwrap();
    assert!(html.contains("Budi Santoso") && html.contains("0002/PPID/KOTA-CONTOH/III/2025"), "{html}");

    let mut conn = app.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let row = repo::cases::requests_of_body(&mut conn, &body.id)
        .unwrap()
        .into_iter()
        .find(|r| r.registration_number == "0002/PPID/KOTA-CONTOH/III/2025")
        .unwrap();
    assert_eq!(row.channel, "oral");
    assert_eq!(row.received_on.to_string(), "2025-03-20", "received yesterday, typed in today");
    // Ten working days after Thursday 20 March 2025, skipping the Nyepi and Idul Fitri days (domain.md §9).
    assert_eq!(row.c1_due.to_string(), "2025-04-14");
    let first = repo::events::for_case(&mut conn, &row.id).unwrap().remove(0);
    let officer = repo::accounts::user_by_username(&mut conn, "utama").unwrap().unwrap();
    assert_eq!((first.actor_kind.as_str(), first.actor_id), ("officer", Some(officer.id)));
}

#[tokio::test]
async fn a_desk_request_needs_a_channel_and_a_time_of_receipt_not_in_the_future() {
    let (app, _) = app_with_request().await;
    let cookie = utama(&app);
    let count = |app: &TestApp| {
        let mut conn = app.db.get().unwrap();
        let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
        repo::cases::requests_of_body(&mut conn, &body.id).unwrap().len()
    };
    let mut future = ORAL.to_vec();
    future[1] = ("received_date", "2025-03-22");
    let res = desk(&app, &cookie, &future).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Waktu penerimaan tidak boleh di masa depan."), "{html}");
    assert!(html.contains("Budi Santoso"), "what was typed is kept");

    let mut no_channel = ORAL.to_vec();
    no_channel[0] = ("channel", "web");
    no_channel[2] = ("received_time", "25:00");
    let html = desk(&app, &cookie, &no_channel).await.text().await.unwrap();
    assert!(html.contains("Pilih bagaimana permohonan diterima.") && html.contains("jam penerimaan yang benar"));
    assert_eq!(count(&app), 1, "nothing was registered");
}

#[tokio::test]
async fn a_ppid_pelaksana_records_requests_for_their_own_unit() {
    let (app, _) = app_with_request().await;
    let cookie = signed_in_account(&app, "pelaksana", Role::PpidPelaksana, Some("kota-contoh"), Some("dinas"), None);
    let res = desk(&app, &cookie, &ORAL).await;
    assert_eq!(res.status(), 303);
    let queue = page(&app, &cookie, "/ruang-kerja").await.1;
    assert!(queue.contains("0002/PPID/KOTA-CONTOH/III/2025"), "the new request is in the unit's queue");
}

// ---- Objections and disputes ----

const REFUSAL: [(&str, &str); 6] = [
    ("aksi", "pemberitahuan"),
    ("elektronik", "ya"),
    ("tanggal", "2025-03-21"),
    ("keputusan", "refused_exempt"),
    ("pasal17", "a"),
    ("uji_konsekuensi", "Membuka berkas penyidikan menghambat proses penegakan hukum."),
];

/// The request refused, and an objection to it received on paper this morning; returns the objection's page path.
pub(crate) async fn refused_and_objected(app: &TestApp, r: &Registration, cookie: &str) -> String {
    assert_eq!(step(app, cookie, r, &REFUSAL).await.0, 303);
    let (_, html) = page(app, cookie, &path(r)).await;
    let res = app
        .client
        .post(format!("{}{}/keberatan", app.address, path(r)))
        .header("Cookie", cookie)
        .form(&[
            ("csrf_token", hidden(&html, "csrf_token").as_str()),
            ("alasan_keberatan", "a"),
            ("ringkasan", "Informasi ini bukan bagian dari penyidikan."),
            ("saluran", "letter"),
            ("tanggal", "2025-03-21"),
            ("jam", "09:30"),
            ("kuasa", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let (path, done) = location.split_once('?').expect("the objection's page, saying it was recorded");
    assert_eq!(done, "selesai=dicatat");
    path.to_owned()
}

pub(crate) async fn objection_step(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let (_, html) = page(app, cookie, path).await;
    // A page without forms (nothing left for this role to do) has no token: take the session's from the account page.
    let account = page(app, cookie, "/akun").await.1;
    let value = |name: &str| html.contains(&format!("name=\"{name}\"")).then(|| hidden(&html, name));
    let csrf = value("csrf_token").unwrap_or_else(|| hidden(&account, "csrf_token"));
    let mut form = vec![("csrf_token", csrf)];
    if !fields.iter().any(|(k, _)| *k == "versi") {
        form.push(("versi", value("versi").unwrap_or_default()));
    }
    form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let res =
        app.client.post(format!("{}{path}", app.address)).header("Cookie", cookie).form(&form).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

pub(crate) const UPHOLD: [(&str, &str); 6] = [
    ("aksi", "putuskan"),
    ("hasil", "upheld"),
    ("alasan", "Informasi termasuk yang dikecualikan berdasarkan Pasal 17 huruf a."),
    ("nama_atasan", "Dr. Hendra Wijaya"),
    ("jabatan_atasan", "Sekretaris Daerah"),
    ("elektronik", "ya"),
];

#[tokio::test]
async fn a_paper_objection_is_registered_and_the_atasan_ppid_decides_it() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let objection = refused_and_objected(&app, &r, &cookie).await;
    assert!(objection.starts_with("/ruang-kerja/keberatan/"));
    let (status, html) = page(&app, &cookie, &objection).await;
    assert_eq!(status, 200);
    assert!(html.contains("0001/KEBERATAN") || html.contains("Keberatan"), "{html}");
    assert!(html.contains("Informasi ini bukan bagian dari penyidikan.") && html.contains("Siti Rahmawati"));
    assert!(!html.contains("value=\"putuskan\""), "the PPID does not decide objections to their own response");
    let request_page = page(&app, &cookie, &path(&r)).await.1;
    assert!(request_page.contains(&format!("href=\"{objection}\"")));

    let atasan = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let queue = page(&app, &atasan, "/ruang-kerja").await.1;
    assert!(queue.contains(&format!("href=\"{objection}\"")), "{queue}");

    let mut no_reasons = UPHOLD.to_vec();
    no_reasons[2] = ("alasan", " ");
    let (status, html) = objection_step(&app, &atasan, &objection, &no_reasons).await;
    assert_eq!(status, 400);
    assert!(html.contains("Isian ini wajib diisi.") && html.contains("Sekretaris Daerah"));

    let (status, _) = objection_step(&app, &atasan, &objection, &[("tanggal", "2025-03-21"), UPHOLD[0]]).await;
    assert_eq!(status, 400);
    let mut decide = UPHOLD.to_vec();
    decide.push(("tanggal", "2025-03-21"));
    let (status, body) = objection_step(&app, &atasan, &objection, &decide).await;
    assert_eq!(status, 303, "{body}");
    let (_, html) = page(&app, &atasan, &format!("{objection}?selesai=putuskan")).await;
    assert!(html.contains("Tanggapan atasan PPID dicatat.") && html.contains("Menguatkan tanggapan PPID"));

    let id = objection.rsplit('/').next().unwrap();
    let mut conn = app.db.get().unwrap();
    let events = repo::events::for_case(&mut conn, id).unwrap();
    let last = events.last().unwrap();
    assert_eq!((last.event_type.as_str(), last.actor_kind.as_str()), ("decided", "atasan"));
    drop(conn);
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("Sudah diputus atasan PPID"));
}

#[tokio::test]
async fn a_late_paper_objection_is_registered_and_flagged_late() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    assert_eq!(step(&app, &cookie, &r, &REFUSAL).await.0, 303);
    // Thirty working days after 21 March 2025 have long passed by 1 July.
    app.clock.set(wib_morning("2025-07-01"));
    let cookie = signed_in_account(&app, "utama-juli", Role::PpidUtama, Some("kota-contoh"), None, None);
    let (_, html) = page(&app, &cookie, &path(&r)).await;
    let res = app
        .client
        .post(format!("{}{}/keberatan", app.address, path(&r)))
        .header("Cookie", &cookie)
        .form(&[
            ("csrf_token", hidden(&html, "csrf_token").as_str()),
            ("alasan_keberatan", "a"),
            ("ringkasan", "Baru sempat mengajukan."),
            ("saluran", "desk"),
            ("tanggal", "2025-07-01"),
            ("jam", "08:00"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let objection = res.headers()["location"].to_str().unwrap().to_owned();
    let html = page(&app, &cookie, &objection).await.1;
    assert!(html.contains("diterima setelah batas waktunya lewat"), "{html}");

    // A paper objection without a ground, or received in the future, is refused and nothing is registered.
    let res = app
        .client
        .post(format!("{}{}/keberatan", app.address, path(&r)))
        .header("Cookie", &cookie)
        .form(&[
            ("csrf_token", hidden(&html, "csrf_token").as_str()),
            ("ringkasan", "Tanpa alasan."),
            ("saluran", "desk"),
            ("tanggal", "2025-07-02"),
            ("jam", "08:00"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Pilih sedikitnya satu alasan keberatan.") && html.contains("Tanpa alasan."));
    let mut conn = app.db.get().unwrap();
    assert_eq!(repo::cases::objections_of_request(&mut conn, &r.request.id).unwrap().len(), 1);
}

#[tokio::test]
async fn the_ppid_utama_records_the_dispute_with_the_komisi_informasi_step_by_step() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let objection = refused_and_objected(&app, &r, &cookie).await;
    let atasan = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let mut decide = UPHOLD.to_vec();
    decide.push(("tanggal", "2025-03-21"));
    assert_eq!(objection_step(&app, &atasan, &objection, &decide).await.0, 303);

    // The atasan cannot record disputes; the PPID Utama can.
    let (status, _) =
        objection_step(&app, &atasan, &objection, &[("aksi", "sengketa"), ("versi", "2"), ("tanggal", "2025-03-21")])
            .await;
    assert_eq!(status, 403);
    let reaction = [("aksi", "tanggapan_pemohon"), ("reaksi", "goes_to_ki")];
    assert_eq!(objection_step(&app, &cookie, &objection, &reaction).await.0, 303);
    let (status, body) =
        objection_step(&app, &cookie, &objection, &[("aksi", "sengketa"), ("tanggal", "2025-03-21")]).await;
    assert_eq!(status, 303, "{body}");

    let html = page(&app, &cookie, &objection).await.1;
    let dispute_id = hidden(&html, "sengketa");
    let dispute_version = hidden(&html, "versi_sengketa");
    let registered = [
        ("aksi", "langkah_sengketa"),
        ("sengketa", dispute_id.as_str()),
        ("versi_sengketa", dispute_version.as_str()),
        ("langkah", "ki_registered"),
        ("nomor", "012/REG-PSI/III/2025"),
        ("tanggal", "2025-03-21"),
    ];
    let (status, body) = objection_step(&app, &cookie, &objection, &registered).await;
    assert_eq!(status, 303, "{body}");
    let html = page(&app, &cookie, &objection).await.1;
    assert!(
        html.contains("012/REG-PSI/III/2025") && html.contains("Komisi Informasi mulai menyelesaikan paling lambat")
    );

    // An Art. 17 refusal goes to adjudication: mediation is refused with the reason.
    let dispute_version = hidden(&html, "versi_sengketa");
    let mediation = [
        ("aksi", "langkah_sengketa"),
        ("sengketa", dispute_id.as_str()),
        ("versi_sengketa", dispute_version.as_str()),
        ("langkah", "mediation_agreement"),
        ("tanggal", "2025-03-21"),
    ];
    let (status, html) = objection_step(&app, &cookie, &objection, &mediation).await;
    assert_eq!(status, 422);
    assert!(html.contains("sengketa atas penolakan Pasal 17 diselesaikan lewat ajudikasi"), "{html}");

    // A decision received before it was made: the problem stands beside the date of receipt, not the decision's.
    let adjudication = [
        ("aksi", "langkah_sengketa"),
        ("sengketa", dispute_id.as_str()),
        ("versi_sengketa", dispute_version.as_str()),
        ("langkah", "adjudication"),
        ("tanggal", "2025-03-24"),
        ("tanggal_diterima", "2025-03-21"),
        ("hasil", "rejected"),
    ];
    let (status, html) = objection_step(&app, &cookie, &objection, &adjudication).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains(r#"id="tanggal_diterima-error""#) && !html.contains(r#"id="step-tanggal-error""#), "{html}");

    // The tracking page shows the dispute as confirmed by an officer.
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("dikonfirmasi petugas") && tracking.contains("012/REG-PSI/III/2025"), "{tracking}");
    let mut conn = app.db.get().unwrap();
    terbuka::service::audit::verify(&mut conn).unwrap();
}

#[tokio::test]
async fn two_decisions_on_one_objection_at_once_the_second_is_a_conflict() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let objection = refused_and_objected(&app, &r, &cookie).await;
    let first = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let second = signed_in_account(&app, "atasan2", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let (_, page_second) = page(&app, &second, &objection).await;
    let mut decide = UPHOLD.to_vec();
    decide.push(("tanggal", "2025-03-21"));
    assert_eq!(objection_step(&app, &first, &objection, &decide).await.0, 303);
    let mut form = vec![("csrf_token", hidden(&page_second, "csrf_token")), ("versi", hidden(&page_second, "versi"))];
    form.extend(decide.iter().map(|(k, v)| (*k, (*v).to_owned())));
    form.retain(|(k, _)| *k != "hasil");
    form.push(("hasil", "overturned".into()));
    form.push(("yang_diberikan", "Salinan dokumen.".into()));
    form.push(("paling_lambat", "2025-04-04".into()));
    let res = app
        .client
        .post(format!("{}{objection}", app.address))
        .header("Cookie", &second)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("baru saja diubah oleh petugas lain") && html.contains("Menguatkan tanggapan PPID"));
}

// ---- Search ----

async fn search(app: &TestApp, cookie: &str, q: &str) -> String {
    let res = app
        .client
        .get(format!("{}/ruang-kerja", app.address))
        .query(&[("cari", q)])
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    html.split("Hasil pencarian").nth(1).map(|s| s.split("</ol>").next().unwrap().to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn officers_find_requests_by_number_name_nik_and_text_within_their_scope() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    // Closed requests are found too.
    let close = [
        ("aksi", "tutup_tanpa_keputusan"),
        ("tanggal", "2025-03-21"),
        ("hasil", "spam"),
        ("alasan", "Isi tidak berhubungan dengan informasi publik."),
    ];
    assert_eq!(step(&app, &cookie, &r, &close).await.0, 303);
    let number = &r.request.registration_number;
    for q in ["0001/PPID", "siti rahmawati", "3273 0112 0885 0001", "beasiswa DAERAH"] {
        let hits = search(&app, &cookie, q).await;
        assert!(hits.contains(number) && hits.contains("Siti Rahmawati"), "{q}: {hits}");
    }
    for q in ["3273011208850002", "%", "_", "tidak ada kata ini"] {
        assert!(!search(&app, &cookie, q).await.contains(number), "{q}");
    }

    // A KI auditor finds by number and text, never by identity, and sees no names.
    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let hits = search(&app, &auditor, "beasiswa").await;
    assert!(hits.contains(number) && !hits.contains("Siti"), "{hits}");
    assert!(!search(&app, &auditor, "Siti Rahmawati").await.contains(number));
    assert!(!search(&app, &auditor, "3273011208850001").await.contains(number));

    // A PPID Pelaksana finds only their unit's requests.
    let pelaksana = signed_in_account(&app, "pelaksana", Role::PpidPelaksana, Some("kota-contoh"), Some("dinas"), None);
    assert!(!search(&app, &pelaksana, "beasiswa").await.contains(number));
}

#[tokio::test]
async fn officers_find_an_objection_by_its_number() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let objection = refused_and_objected(&app, &r, &cookie).await;
    let number = {
        let mut conn = app.db.get().unwrap();
        let id = objection.rsplit('/').next().unwrap();
        terbuka::db::repo::cases::objection(&mut conn, id).unwrap().unwrap().registration_number
    };
    let hits = search(&app, &cookie, &number).await;
    assert!(hits.contains(&format!(r#"<a href="{objection}">{number}</a>"#)), "{hits}");
    assert!(hits.contains("Keberatan"), "the hit says it is an objection: {hits}");
    assert!(hits.contains(r#"<p class="queue-subject">"#), "the hit says what the request asks for: {hits}");
    // Part of the number finds it too; an auditor finds it without the requester's name.
    let tail = number.split('/').next().unwrap();
    assert!(search(&app, &cookie, tail).await.contains(&number));
    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let hits = search(&app, &auditor, &number).await;
    assert!(hits.contains(&number) && !hits.contains("Siti"), "{hits}");
}

#[tokio::test]
async fn every_look_at_a_requesters_identity_is_recorded_and_shown_to_those_who_oversee() {
    let app = spawn_app().await;
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    let r = {
        let mut conn = app.db.get().unwrap();
        let mut input = Office::new_request(wib_morning("2025-03-21"));
        input.documents = vec![cases::Upload {
            kind: terbuka::domain::upload::DocumentKind::IdentityScan,
            file_name: "ktp-siti.jpg".into(),
            bytes: b"\xff\xd8\xff\xe0 pindaian".to_vec(),
        }];
        cases::register_request(&mut conn, CAL, &test_secrets(), &app.test_db.files(), &input, &Office::officer(), now)
            .unwrap()
    };
    let cookie = utama(&app);
    let (_, html) = page(&app, &cookie, &path(&r)).await;
    assert!(html.contains("3273••••••••0001"), "the NIK, masked");
    let link = html.split("href=\"").find(|s| s.contains("/identitas/")).unwrap().split('"').next().unwrap().to_owned();
    let res = app.client.get(format!("{}{link}", app.address)).header("Cookie", &cookie).send().await.unwrap();
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"\xff\xd8\xff\xe0 pindaian");

    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let (_, seen) = page(&app, &auditor, &path(&r)).await;
    assert!(seen.contains("Riwayat akses identitas pemohon"));
    assert!(
        seen.contains("Petugas utama — membuka pindaian KTP")
            && seen.contains("Petugas utama — melihat NIK (disamarkan)"),
        "{seen}"
    );
    assert!(!seen.contains("/identitas/") && !seen.contains("3273"), "the auditor sees who looked, not what");
    let res = app.client.get(format!("{}{link}", app.address)).header("Cookie", &auditor).send().await.unwrap();
    assert_eq!(res.status(), 403, "the auditor may read the case, not the identity");

    let mut conn = app.db.get().unwrap();
    let log = terbuka::db::repo::cases::identity_accesses(&mut conn, &r.request.id).unwrap();
    assert_eq!(log.iter().filter(|(a, _)| a.what == "identity_scan").count(), 1);
}

#[tokio::test]
async fn a_search_hit_past_its_deadline_says_how_late_as_its_queue_card_does() {
    let (app, r) = app_with_request().await;
    app.clock.set(wib_morning("2025-04-22"));
    let cookie = utama(&app);
    let hits = search(&app, &cookie, "beasiswa").await;
    let queue = page(&app, &cookie, "/ruang-kerja").await.1;
    let mark = |html: &str| {
        html.split(r#"<strong class="tag mark-overdue">"#).nth(1).map(|m| m.split('<').next().unwrap().to_owned())
    };
    let late = mark(&hits).unwrap_or_else(|| panic!("the hit is marked late: {hits}"));
    assert!(late.starts_with("Terlambat ") && late.ends_with(" hari kerja"), "{late}");
    assert_eq!(mark(&queue), Some(late.clone()), "the same count as the queue card: {queue}");
    // Answered, it is late no more.
    let notice = [
        ("aksi", "pemberitahuan"),
        ("tanggal", "2025-04-22"),
        ("keputusan", "refused_exempt"),
        ("pasal17", "h"),
        ("uji_konsekuensi", "Data berisi rahasia pribadi."),
        ("elektronik", "ya"),
    ];
    assert_eq!(step(&app, &cookie, &r, &notice).await.0, 303);
    let hits = search(&app, &cookie, "beasiswa").await;
    assert!(hits.contains(&r.request.registration_number) && mark(&hits).is_none(), "{hits}");
}

#[tokio::test]
async fn a_notice_sent_by_post_says_when_the_requester_can_object_and_an_online_request_defaults_to_electronic() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    // The request came in online: its notice form starts as sent electronically (read on the tracking page).
    let html = page(&app, &cookie, &path(&r)).await.1;
    assert!(html.contains(r#"id="elektronik" name="elektronik" value="ya" checked"#), "{html}");
    // The officer sees how the requester wants the information and the copy.
    assert!(html.contains("<dt>Cara memperoleh informasi</dt><dd>Salinan elektronik (softcopy)</dd>"), "{html}");
    assert!(html.contains("<dt>Cara mendapatkan salinan</dt><dd>Email</dd>"), "{html}");
    // Sent by post instead: no ground is open online until the day of receipt is recorded, and both pages say why.
    let by_post: Vec<(&str, &str)> = REFUSAL.iter().filter(|(k, _)| *k != "elektronik").copied().collect();
    assert_eq!(step(&app, &cookie, &r, &by_post).await.0, 303);
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("Pemberitahuan tertulis dikirim lewat pos. Batas waktu keberatan"), "{tracking}");
    assert!(!tracking.contains("Ajukan keberatan</a>"), "{tracking}");
    let form = app.get(&format!("/lacak/{}/keberatan", r.tracking_token)).await.text().await.unwrap();
    assert!(form.contains("begitu PPID mencatat tanggal itu"), "{form}");
    // Its receipt recorded: the objection on ground (a) opens, and the explanation goes.
    let received = [("aksi", "pemberitahuan_diterima"), ("tanggal", "2025-03-21")];
    assert_eq!(step(&app, &cookie, &r, &received).await.0, 303);
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("Ajukan keberatan</a>") && !tracking.contains("dikirim lewat pos"), "{tracking}");
}
