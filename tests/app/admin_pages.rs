//! The administrator's pages: bodies, units and letters settings; accounts with their one-time links; the
//! calendar with its warnings, versions, and an import that shows which open deadlines it moves.

use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;
use terbuka::service::cases;

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app_with, test_secrets};

async fn admin_app() -> (TestApp, String) {
    // Two-step sign-in for administrators is tested in `two_step`; here it is off so the pages can be reached.
    let app = spawn_app_with(|s| s.require_two_step_for_admins = false).await;
    create_standard_body(&app.db, app.clock.now());
    let cookie = signed_in_account(&app, "operator", Role::Admin, None, None, None);
    (app, cookie)
}

async fn get(app: &TestApp, path: &str, cookie: &str) -> (u16, String) {
    let res = app.client.get(format!("{}{path}", app.address)).header("Cookie", cookie).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn csrf(html: &str) -> String {
    html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

async fn post(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let (_, html) = get(app, "/admin", cookie).await;
    let (_, account) = get(app, "/akun", cookie).await;
    let token = if html.contains("csrf_token") { csrf(&html) } else { csrf(&account) };
    let mut form: Vec<(&str, String)> = vec![("csrf_token", token)];
    form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let res =
        app.client.post(format!("{}{path}", app.address)).header("Cookie", cookie).form(&form).send().await.unwrap();
    let status = res.status().as_u16();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

#[tokio::test]
async fn an_administrator_sets_up_a_body_its_units_and_its_letters() {
    let (app, cookie) = admin_app().await;
    let (status, html) = get(&app, "/admin/badan", &cookie).await;
    assert_eq!(status, 200);
    assert!(html.contains("Pemerintah Kota Contoh"));

    let body = [
        ("slug", "Kab Baru"),
        ("name", "Pemerintah Kabupaten Baru"),
        ("level", "pemerintah_kabupaten_kota"),
        ("time_zone", "Asia/Makassar"),
        ("ki", "jawa-barat"),
        ("ppid_email", "bukan-email"),
        ("ppid_phone", "0411 123456"),
        ("ppid_address", "Jl. Baru 1"),
    ];
    let (status, _, html) = post(&app, "/admin/badan", &cookie, &body).await;
    assert_eq!(status, 400);
    // Each bad field is named in the summary, which links to it, and its message stands beside it.
    let lines = crate::error_summaries::summary_lines(&html);
    let targets: Vec<&str> = lines.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(targets, ["slug", "ppid_email"], "{lines:?}");
    assert!(html.contains(r#"id="slug-error""#) && html.contains(r#"id="ppid_email-error""#), "{html}");
    assert!(html.contains("Pemerintah Kabupaten Baru"), "what was typed is kept");
    // Choices are choices, named for people.
    assert!(
        html.contains(r#"<option value="Asia/Makassar" selected>WITA — Waktu Indonesia Tengah</option>"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="pemerintah_kabupaten_kota" selected>Pemerintah kabupaten/kota</option>"#));
    assert!(html.contains(r#"<option value="jawa-barat" selected>"#), "{html}");

    let mut fixed = body.to_vec();
    fixed[0] = ("slug", "kab-baru");
    fixed[5] = ("ppid_email", "ppid@kab-baru.go.id");
    let (status, location, _) = post(&app, "/admin/badan", &cookie, &fixed).await;
    assert_eq!((status, location.as_str()), (303, "/admin/badan/kab-baru?dibuat=1"));

    let (_, page) = get(&app, "/admin/badan/kab-baru", &cookie).await;
    let version = page.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let update = [
        ("version", version.as_str()),
        ("letterhead", "PEMERINTAH KABUPATEN BARU\nDINAS KOMINFO"),
        ("ppid_signatory_name", "Ir. Hasanuddin"),
        ("ppid_signatory_nip", "19750505 200003 1 004"),
    ];
    let (status, location, _) = post(&app, "/admin/badan/kab-baru", &cookie, &update).await;
    assert_eq!((status, location.as_str()), (303, "/admin/badan/kab-baru?disimpan=1"));
    // Sending the old version again is a conflict, not a silent overwrite.
    assert_eq!(post(&app, "/admin/badan/kab-baru", &cookie, &update).await.0, 409);

    // A unit that cannot be made comes back with what was typed, and the body's settings as they are.
    let bad_unit = [("unit_slug", "Dinas Kominfo!"), ("unit_name", "Dinas Kominfo"), ("unit_time_zone", "")];
    let (status, _, html) = post(&app, "/admin/badan/kab-baru/unit", &cookie, &bad_unit).await;
    assert_eq!(status, 400);
    let lines = crate::error_summaries::summary_lines(&html);
    assert_eq!(lines[0].0, "unit_slug", "the unit's field, not the body's: {lines:?}");
    assert!(html.contains(r#"value="Dinas Kominfo!""#) && html.contains("Ir. Hasanuddin"), "{html}");
    let unit = [("unit_slug", "dinas-kominfo"), ("unit_name", "Dinas Kominfo"), ("unit_time_zone", "")];
    assert_eq!(post(&app, "/admin/badan/kab-baru/unit", &cookie, &unit).await.0, 303);
    let (_, page) = get(&app, "/admin/badan/kab-baru", &cookie).await;
    assert!(page.contains("Dinas Kominfo (dinas-kominfo)") && page.contains("Ir. Hasanuddin"));
    assert_eq!(get(&app, "/admin/badan/tidak-ada", &cookie).await.0, 404);
}

#[tokio::test]
async fn an_administrator_keeps_the_information_commissions_and_moves_a_body_to_a_new_one_from_a_date() {
    let (app, cookie) = admin_app().await;
    let (status, html) = get(&app, "/admin/ki", &cookie).await;
    assert_eq!(status, 200);
    assert!(html.contains("Komisi Informasi Provinsi Jawa Barat") || html.contains("jawa-barat"), "{html}");

    // A code already taken and an address that is not one: nothing is made, each problem is at its field.
    let ki = [
        ("ki_code", "jawa-barat"),
        ("ki_name", "Komisi Informasi Kota Bandung"),
        ("ki_level", "kabupaten_kota"),
        ("ki_parent", "jawa-barat"),
        ("ki_address", "Jl. Wastukencana 2, Bandung"),
        ("ki_email", "sengketa@ki.bandung.go.id"),
        ("ki_phone", "022 4230393"),
        ("ki_website", "ki.bandung.go.id"),
        ("ki_dispute_form_url", ""),
    ];
    let (status, _, html) = post(&app, "/admin/ki", &cookie, &ki).await;
    assert_eq!(status, 400, "{html}");
    let lines = crate::error_summaries::summary_lines(&html);
    let targets: Vec<&str> = lines.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(targets, ["ki_code", "ki_website"], "{lines:?}");
    assert!(html.contains("Kode ini sudah dipakai KI lain.") && html.contains("diawali https://"), "{html}");
    assert!(html.contains(r#"<option value="kabupaten_kota" selected>KI Kabupaten/Kota</option>"#), "{html}");

    let mut fixed = ki.to_vec();
    fixed[0] = ("ki_code", "kota-bandung");
    fixed[7] = ("ki_website", "https://ki.bandung.go.id");
    let (status, location, _) = post(&app, "/admin/ki", &cookie, &fixed).await;
    assert_eq!((status, location.as_str()), (303, "/admin/ki?dibuat=1"));
    let (_, list) = get(&app, "/admin/ki?dibuat=1", &cookie).await;
    assert!(list.contains(r#"<a href="/admin/ki/kota-bandung">Komisi Informasi Kota Bandung</a>"#), "{list}");
    assert!(list.contains("Komisi Informasi ditambahkan."), "the page says what was done: {list}");
    assert!(!get(&app, "/admin/ki", &cookie).await.1.contains("Komisi Informasi ditambahkan."), "only after it");

    // The KI above must stand above: a provincial KI is never under a city's, and a city KI is never offered.
    let inverted = [
        ("ki_code", "banten"),
        ("ki_name", "KI Provinsi Banten"),
        ("ki_level", "provinsi"),
        ("ki_parent", "kota-bandung"),
    ];
    let (status, _, html) = post(&app, "/admin/ki", &cookie, &inverted).await;
    assert_eq!(status, 400, "{html}");
    assert!(html.contains("KI di atasnya harus setingkat lebih tinggi"), "{html}");
    assert!(!html.contains(r#"<option value="kota-bandung""#), "a city KI is never offered as a parent: {html}");

    // Its page edits the contact; its parent is a choice that never offers the KI itself.
    let (_, page) = get(&app, "/admin/ki/kota-bandung", &cookie).await;
    assert!(
        page.contains(r#"<option value="jawa-barat" selected>"#) && !page.contains(r#"<option value="kota-bandung""#)
    );
    let version = page.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut edit: Vec<(&str, &str)> = fixed[1..].to_vec();
    edit.push(("version", &version));
    edit.retain(|(k, _)| *k != "ki_dispute_form_url");
    edit.push(("ki_dispute_form_url", "https://ki.bandung.go.id/sengketa"));
    let (status, location, _) = post(&app, "/admin/ki/kota-bandung", &cookie, &edit).await;
    assert_eq!((status, location.as_str()), (303, "/admin/ki/kota-bandung?disimpan=1"));
    assert_eq!(post(&app, "/admin/ki/kota-bandung", &cookie, &edit).await.0, 409, "an old version is a conflict");
    assert_eq!(get(&app, "/admin/ki/tidak-ada", &cookie).await.0, 404);

    // The body moves to the new KI from a date: without the date, or from a date before its current KI's, no.
    let (_, page) = get(&app, "/admin/badan/kota-contoh", &cookie).await;
    let version = page.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(page.contains(r#"<option value="kota-bandung">Komisi Informasi Kota Bandung</option>"#), "{page}");
    for (from, message) in [("", "Isi tanggal mulai"), ("2000-01-01", "harus sesudah tanggal berlakunya KI")] {
        let change = [("version", version.as_str()), ("ki", "kota-bandung"), ("ki_from", from)];
        let (status, _, html) = post(&app, "/admin/badan/kota-contoh", &cookie, &change).await;
        assert_eq!(status, 400, "{html}");
        let lines = crate::error_summaries::summary_lines(&html);
        assert!(lines.len() == 1 && lines[0].0 == "ki_from" && lines[0].1.contains(message), "{lines:?}");
    }
    let change = [("version", version.as_str()), ("ki", "kota-bandung"), ("ki_from", "2027-01-01")];
    let (status, location, _) = post(&app, "/admin/badan/kota-contoh", &cookie, &change).await;
    assert_eq!((status, location.as_str()), (303, "/admin/badan/kota-contoh?disimpan=1"));
    // Both pages say what is planned.
    let (_, page) = get(&app, "/admin/badan/kota-contoh", &cookie).await;
    assert!(page.contains("Komisi Informasi Kota Bandung, mulai Jumat, 1 Januari 2027 — terjadwal"), "{page}");
    assert!(page.contains("sejak berlakunya UU 14/2008 — berlaku sekarang"), "{page}");
    let (_, page) = get(&app, "/admin/ki/kota-bandung", &cookie).await;
    assert!(page.contains("Pemerintah Kota Contoh (mulai Jumat, 1 Januari 2027)"), "{page}");
    let mut conn = app.db.get().unwrap();
    let body = terbuka::db::repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let assignments = terbuka::db::repo::bodies::assignments(&mut conn, &body.id).unwrap();
    let last = assignments.last().unwrap();
    assert_eq!(last.applies_from.to_string(), "2027-01-01");
    let bandung = terbuka::db::repo::bodies::jurisdiction_by_code(&mut conn, "kota-bandung").unwrap().unwrap();
    assert_eq!(last.jurisdiction_id, bandung.id);
    assert_eq!(bandung.dispute_form_url, "https://ki.bandung.go.id/sengketa");
}

#[tokio::test]
async fn an_administrator_makes_accounts_and_hands_out_their_links() {
    let (app, cookie) = admin_app().await;
    let user = [
        ("username", "ppid-kota"),
        ("name", "Rina Kartika"),
        ("email", "rina@kota-contoh.go.id"),
        ("role", "ppid_utama"),
        ("body", "kota-contoh"),
        ("unit", ""),
        ("jurisdiction", ""),
    ];
    let (status, _, html) = post(&app, "/admin/pengguna", &cookie, &user).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Akun ppid-kota dibuat.") && html.contains("/masuk/sandi/"));
    assert!(html.contains("Pemerintah Kota Contoh"), "the account's scope is listed");

    let mut no_body = user.to_vec();
    no_body[0] = ("username", "tanpa-badan");
    no_body[4] = ("body", "");
    let (status, _, html) = post(&app, "/admin/pengguna", &cookie, &no_body).await;
    assert_eq!(status, 400);
    let lines = crate::error_summaries::summary_lines(&html);
    assert_eq!(lines[0].0, "body", "{lines:?}");
    assert!(html.contains(r#"id="body-error""#), "the message stands beside the field: {html}");

    // A PPID Pelaksana's unit is chosen from the body's units, never typed.
    terbuka::service::bodies::create_unit(
        &mut app.db.get().unwrap(),
        "kota-contoh",
        &terbuka::service::bodies::UnitInput { slug: "dinas".into(), name: "Dinas Pendidikan".into(), time_zone: None },
        app.clock.now(),
    )
    .unwrap();
    let (_, page) = get(&app, "/admin/pengguna", &cookie).await;
    assert!(
        page.contains(
            r#"<optgroup label="Pemerintah Kota Contoh"><option value="dinas">Dinas Pendidikan</option></optgroup>"#
        ),
        "{page}"
    );
    assert!(!page.contains(r#"<input class="input" id="unit""#));

    let (status, _, html) = post(&app, "/admin/pengguna/ppid-kota/sandi", &cookie, &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("Kata sandi ppid-kota tidak berlaku lagi") && html.contains("/masuk/sandi/"));
    let (status, _, html) = post(&app, "/admin/pengguna/ppid-kota/nonaktif", &cookie, &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("Akun ppid-kota dinonaktifkan"));
    assert_eq!(post(&app, "/admin/pengguna/operator/nonaktif", &cookie, &[]).await.0, 400, "not oneself");
    assert_eq!(post(&app, "/admin/pengguna/tidak-ada/sandi", &cookie, &[]).await.0, 404);

    // An officer never reaches these pages.
    let officer = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    assert_eq!(get(&app, "/admin/pengguna", &officer).await.0, 403);
}

#[tokio::test]
async fn a_calendar_import_is_tried_first_and_shows_the_deadlines_it_moves() {
    let (app, cookie) = admin_app().await;
    let request = {
        let mut conn = app.db.get().unwrap();
        cases::register_request(
            &mut conn,
            CAL,
            &test_secrets(),
            &app.test_db.files(),
            &Office::new_request(wib_morning("2025-03-21")),
            &Office::officer(),
            app.clock.now(),
        )
        .unwrap()
        .request
    };
    assert_eq!(request.c1_due.to_string(), "2025-04-15");
    let (status, html) = get(&app, "/admin/kalender", &cookie).await;
    assert_eq!(status, 200);
    assert!(html.contains("2025") && html.contains("Versi kalender"));

    let csv = "date,kind,name,source,known_from\n2025-04-10,keppres,Hari libur tambahan,Keppres 9/2025,2025-03-21\n";
    let import = |dry: bool| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            let (_, html) = get(app, "/admin/kalender", &cookie).await;
            let mut form = reqwest::multipart::Form::new()
                .text("csrf_token", csrf(&html))
                .part("berkas", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("keppres.csv"));
            if dry {
                form = form.text("uji", "ya");
            }
            let res = app
                .client
                .post(format!("{}/admin/kalender/impor", app.address))
                .header("Cookie", &cookie)
                .multipart(form)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, html) = import(true).await;
    assert_eq!(status, 200);
    assert!(html.contains("Uji selesai") && html.contains("Hari libur tambahan"), "{html}");
    assert!(
        html.contains("0001/PPID/KOTA-CONTOH/III/2025 · C1: Selasa, 15 April 2025 → Rabu, 16 April 2025"),
        "{html}"
    );
    let unchanged = |app: &TestApp| {
        let mut conn = app.db.get().unwrap();
        terbuka::db::repo::cases::request(&mut conn, &request.id).unwrap().unwrap().c1_due.to_string()
    };
    assert_eq!(unchanged(&app), "2025-04-15", "a trial changes nothing");

    let (status, html) = import(false).await;
    assert_eq!(status, 200);
    assert!(html.contains("Tersimpan sebagai versi kalender"), "{html}");
    assert_eq!(unchanged(&app), "2025-04-16");

    // A broken file is refused whole, line by line.
    let (_, page) = get(&app, "/admin/kalender", &cookie).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf(&page))
        .part("berkas", reqwest::multipart::Part::bytes(b"date,kind\nkemarin,holiday\n".to_vec()).file_name("x.csv"));
    let res = app
        .client
        .post(format!("{}/admin/kalender/impor", app.address))
        .header("Cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Berkas tidak diimpor"), "{html}");
    // Each row's problem is a sentence in the page's language, not the command line's English.
    assert!(html.contains("Baris 1: Baris judul harus date,kind,name,source,known_from"), "{html}");
    assert!(!html.contains("line 1"), "{html}");

    // A file far larger than any calendar (a wrong file chosen) is refused with a sentence, not half-read.
    let versions = || {
        let mut conn = app.db.get().unwrap();
        terbuka::db::repo::calendar::versions(&mut conn).unwrap().len()
    };
    let before = versions();
    let (_, page) = get(&app, "/admin/kalender", &cookie).await;
    let huge = format!("{csv}{}", "2025-12-31,keppres,x,y,2025-03-21\n".repeat(80_000)).into_bytes();
    assert!(huge.len() > 2 * 1024 * 1024);
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf(&page))
        .part("berkas", reqwest::multipart::Part::bytes(huge).file_name("besar.csv"));
    let res = app
        .client
        .post(format!("{}/admin/kalender/impor", app.address))
        .header("Cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Berkas lebih besar dari 2 MB"));
    assert_eq!(versions(), before, "nothing was imported");
}

#[tokio::test]
async fn an_administrator_adds_a_local_holiday_tries_it_then_applies_it_and_can_withdraw_it() {
    let (app, cookie) = admin_app().await;
    let request = {
        let mut conn = app.db.get().unwrap();
        let input = Office::new_request(wib_morning("2025-03-21"));
        cases::register_request(
            &mut conn,
            CAL,
            &test_secrets(),
            &app.test_db.files(),
            &input,
            &Office::officer(),
            app.clock.now(),
        )
        .unwrap()
        .request
    };
    let c1 = |app: &TestApp| {
        let mut conn = app.db.get().unwrap();
        terbuka::db::repo::cases::request(&mut conn, &request.id).unwrap().unwrap().c1_due.to_string()
    };
    assert_eq!(c1(&app), "2025-04-15");
    let (_, page) = get(&app, "/admin/kalender", &cookie).await;
    assert!(page.contains("Belum ada libur daerah") && !page.contains("domain.md"), "{page}");
    assert!(page.contains("Kalender bawaan Terbuka 2024–2026"), "the built-in calendar is named for people: {page}");

    // Nothing filled in: each problem at its field, nothing changed.
    let (status, _, html) =
        post(&app, "/admin/kalender/libur-daerah", &cookie, &[("aksi", "tambah"), ("uji", "ya")]).await;
    assert_eq!(status, 400, "{html}");
    let lines = crate::error_summaries::summary_lines(&html);
    let targets: Vec<&str> = lines.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(targets, ["ki", "tanggal", "nama", "dasar"], "{lines:?}");

    // Tried first: the deadline it would move is shown, nothing changes.
    let holiday = [
        ("aksi", "tambah"),
        ("ki", "jawa-barat"),
        ("tanggal", "2025-04-10"),
        ("nama", "Hari Jadi Jawa Barat"),
        ("dasar", "Keputusan Gubernur Jawa Barat Nomor 1 Tahun 2025"),
        ("uji", "ya"),
    ];
    let (status, _, html) = post(&app, "/admin/kalender/libur-daerah", &cookie, &holiday).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Uji selesai") && html.contains("C1: Selasa, 15 April 2025 → Rabu, 16 April 2025"), "{html}");
    let apply_form = html.split("Terapkan sekarang").next().unwrap().rsplit("<form").next().unwrap();
    assert!(apply_form.contains(r#"name="tanggal" value="2025-04-10""#) && !apply_form.contains(r#"name="uji""#));
    assert_eq!(c1(&app), "2025-04-15", "a trial changes nothing");

    // Applied (what the button posts): a new calendar version, the deadline moved, the day listed.
    let applied: Vec<(&str, &str)> = holiday.iter().copied().filter(|(k, _)| *k != "uji").collect();
    let (status, _, html) = post(&app, "/admin/kalender/libur-daerah", &cookie, &applied).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Tersimpan sebagai versi kalender"), "{html}");
    assert_eq!(c1(&app), "2025-04-16");
    let (_, page) = get(&app, "/admin/kalender", &cookie).await;
    assert!(page.contains("<td>Kamis, 10 April 2025</td>") && page.contains("Hari Jadi Jawa Barat"), "{page}");
    // The same day again is harmless: nothing new.
    let (_, _, html) = post(&app, "/admin/kalender/libur-daerah", &cookie, &applied).await;
    assert!(html.contains("Tidak ada tanggal baru"), "{html}");

    // Withdrawn the same day (a mistake corrected at once; entries are never edited, so the withdrawal is a new
    // entry known from the next day): the list no longer has the day.
    let withdraw = [
        ("aksi", "hapus"),
        ("ki", "jawa-barat"),
        ("tanggal", "2025-04-10"),
        ("nama", "Hari Jadi Jawa Barat"),
        ("dasar", "Dihapus lewat halaman administrasi"),
    ];
    let tried: Vec<(&str, &str)> = withdraw.iter().copied().chain([("uji", "ya")]).collect();
    let (status, _, html) = post(&app, "/admin/kalender/libur-daerah", &cookie, &tried).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Uji selesai") && html.contains("Terapkan sekarang"), "{html}");
    let (_, page) = get(&app, "/admin/kalender", &cookie).await;
    assert!(page.contains("Hari Jadi Jawa Barat</td>"), "a trial withdraws nothing");
    let (status, _, html) = post(&app, "/admin/kalender/libur-daerah", &cookie, &withdraw).await;
    assert_eq!(status, 200, "{html}");
    let (_, page) = get(&app, "/admin/kalender", &cookie).await;
    assert!(page.contains("Belum ada libur daerah"), "{page}");
    // A deadline the requester was told never moves earlier: the change is shown as refused for it.
    assert!(html.contains("ditolak: lebih awal dari yang sudah diberitahukan"), "{html}");
    assert_eq!(c1(&app), "2025-04-16");

    // A KI that does not exist is refused.
    let mut unknown = holiday.to_vec();
    unknown[1] = ("ki", "tidak-ada");
    let (status, _, html) = post(&app, "/admin/kalender/libur-daerah", &cookie, &unknown).await;
    assert_eq!(status, 400);
    assert!(html.contains("Pilih Komisi Informasi dari daftar"), "{html}");
}

/// The list of accounts shows each account's working API tokens, which the administrator can revoke, and which
/// usernames have sign-ins held after repeated failures.
#[tokio::test]
async fn an_administrator_sees_and_revokes_an_accounts_api_tokens_and_sees_held_sign_ins() {
    use terbuka::service::{accounts, api_tokens};
    let (app, cookie) = admin_app().await;
    signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    let now = app.clock.now();
    let mut conn = app.db.get().unwrap();
    let officer = terbuka::db::repo::accounts::user_by_username(&mut conn, "utama").unwrap().unwrap();
    let (row, secret) = api_tokens::create_api_token(&mut conn, &officer, "SIP-PPID Provinsi", now).unwrap();
    drop(conn);
    let (_, page) = get(&app, "/admin/pengguna", &cookie).await;
    assert!(page.contains("Token API aktif (1)") && page.contains("SIP-PPID Provinsi"), "{page}");
    assert!(!page.contains(&secret), "the token itself is never shown again");

    let path = format!("/admin/pengguna/utama/token/{}/cabut", row.id);
    assert_eq!(post(&app, "/admin/pengguna/tidak-ada/token/x/cabut", &cookie, &[]).await.0, 404);
    let (status, _, html) = post(&app, &path, &cookie, &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("Token API utama dicabut"), "{html}");
    assert!(!html.contains("Token API aktif"), "{html}");
    let mut conn = app.db.get().unwrap();
    assert!(api_tokens::api_token_user(&mut conn, &secret, now).unwrap().is_none(), "it no longer works");
    let ended = &api_tokens::api_tokens(&mut conn, &officer.id).unwrap()[0];
    assert_eq!(ended.revoked_because.as_deref(), Some("administrator"));
    let (_, _, html) = post(&app, &path, &cookie, &[]).await;
    assert!(html.contains("Token itu sudah tidak berlaku."), "{html}");

    // Five failed sign-ins hold the username for a while; the list says until when.
    for _ in 0..5 {
        let client = accounts::Client { address: "198.51.100.9", device: None };
        accounts::sign_in(&mut conn, &test_secrets(), "utama", "tebakan", client, now).unwrap().unwrap_err();
    }
    drop(conn);
    let (_, page) = get(&app, "/admin/pengguna", &cookie).await;
    assert!(page.contains("Masuk dari peramban baru ditahan sampai Jumat, 21 Maret 2025 pukul 10.01 WIB"), "{page}");
}
