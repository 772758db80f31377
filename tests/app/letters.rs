//! Official letters: what each says, its stable outgoing number, the PDF, and who may read which.

use crate::pdf_text::{pdf_shows, pdf_text};
use terbuka::db::repo;
use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;
use terbuka::service::bodies::{self, BodyChanges, LetterSettings};
use terbuka::service::cases::{self, Registration};

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app, test_secrets};

async fn app_with_request() -> (TestApp, Registration) {
    request_on(spawn_app().await)
}

fn request_on(app: TestApp) -> (TestApp, Registration) {
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    let mut conn = app.db.get().unwrap();
    let registration = cases::register_request(
        &mut conn,
        CAL,
        &test_secrets(),
        &app.test_db.files(),
        &Office::new_request(wib_morning("2025-03-21")),
        &Office::officer(),
        now,
    )
    .unwrap();
    drop(conn);
    (app, registration)
}

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, Vec<u8>) {
    let mut req = app.client.get(format!("{}{path}", app.address));
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.bytes().await.unwrap().to_vec())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn post_step(app: &TestApp, cookie: &str, id: &str, fields: &[(&str, &str)]) -> u16 {
    let path = format!("/ruang-kerja/permohonan/{id}");
    let (_, html) = get(app, &path, Some(cookie)).await;
    let html = text(&html);
    let hidden = |name: &str| {
        html.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_owned()
    };
    let mut form = vec![("csrf_token", hidden("csrf_token")), ("versi", hidden("versi"))];
    form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let res =
        app.client.post(format!("{}{path}", app.address)).header("Cookie", cookie).form(&form).send().await.unwrap();
    res.status().as_u16()
}

#[tokio::test]
async fn the_requester_gets_the_receipt_as_a_page_and_a_pdf_with_a_number_that_never_changes() {
    let (app, r) = app_with_request().await;
    let base = format!("/lacak/{}/surat/tanda-terima", r.tracking_token);
    // Before the letter is first produced its link names its kind alone (and the tracking page is now cached).
    let tracking = text(&get(&app, &format!("/lacak/{}", r.tracking_token), None).await.1);
    assert!(tracking.contains(">Tanda Bukti Penerimaan") || tracking.contains("tanda-terima\">"), "{tracking}");
    assert!(!tracking.contains("nomor 0001/SURAT-PPID"), "{tracking}");
    let (status, html) = get(&app, &base, None).await;
    assert_eq!(status, 200);
    let html = text(&html);
    assert!(html.contains("TANDA BUKTI PENERIMAAN PERMOHONAN INFORMASI PUBLIK"));
    assert!(html.contains("Nomor: 0001/SURAT-PPID/KOTA-CONTOH/III/2025"), "{html}");
    assert!(html.contains("Siti Rahmawati") && html.contains(&r.request.registration_number));
    assert!(html.contains("Selasa, 15 April 2025"), "the C1 deadline: {html}");

    let (status, pdf) = get(&app, &format!("{base}.pdf"), None).await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf_shows(&pdf, "0001/SURAT-PPID/KOTA-CONTOH/III/2025") && pdf_shows(&pdf, "Siti Rahmawati"));
    assert!(pdf_shows(&pdf, "Halaman 1 dari 1"));

    // Produced, it has its number, and the tracking page (cached before) names it: the number is on the page's stamp.
    let tracking = text(&get(&app, &format!("/lacak/{}", r.tracking_token), None).await.1);
    assert!(tracking.contains("nomor 0001/SURAT-PPID/KOTA-CONTOH/III/2025</span>"), "{tracking}");
    assert!(tracking.contains("PDF<span class=\"visually-hidden\">"), "the PDF link is named for screen readers too");
    // Printed again a month later, it is the same letter: same number, same date, same bytes.
    app.clock.set(wib_morning("2025-04-21"));
    let (_, again) = get(&app, &format!("{base}.pdf"), None).await;
    assert_eq!(again, pdf);
    assert_eq!(get(&app, &format!("/lacak/{}/surat/pemberitahuan-tertulis", r.tracking_token), None).await.0, 404);
    assert_eq!(get(&app, "/lacak/bukan-token/surat/tanda-terima", None).await.0, 404);
    assert_eq!(get(&app, &format!("/lacak/{}/surat/surat-lain", r.tracking_token), None).await.0, 404);
}

#[tokio::test]
async fn a_refusal_has_its_written_notice_and_decision_letters_with_the_bodys_letterhead_and_signatory() {
    let (app, r) = app_with_request().await;
    {
        let mut conn = app.db.get().unwrap();
        let changes = BodyChanges {
            letters: LetterSettings {
                letterhead: Some("PEMERINTAH KOTA CONTOH | DINAS KOMUNIKASI DAN INFORMATIKA".into()),
                ppid_signatory_name: Some("Dra. Rina Kartika".into()),
                // Typed without its spaces: printed in the standard grouping all the same.
                ppid_signatory_nip: Some("198001012005012001".into()),
                atasan_signatory_nip: Some("197001012000031002".into()),
                letter_place: Some("Sukamaju".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        bodies::update_body(&mut conn, "kota-contoh", &changes, None, app.clock.now()).unwrap();
        let bad = BodyChanges {
            letters: LetterSettings { ppid_signatory_nip: Some("1980".into()), ..Default::default() },
            ..Default::default()
        };
        let err = bodies::update_body(&mut conn, "kota-contoh", &bad, None, app.clock.now()).unwrap_err();
        assert!(err.to_string().contains("18 digits"), "{err}");
    }
    let cookie = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    let id = r.request.id.clone();
    let extend = [("aksi", "perpanjang"), ("tanggal", "2025-03-21"), ("alasan", "Data ada di tiga unit kerja.")];
    assert_eq!(post_step(&app, &cookie, &id, &extend).await, 303);
    let refuse = [
        ("aksi", "pemberitahuan"),
        ("tanggal", "2025-03-21"),
        ("keputusan", "refused_exempt"),
        ("pasal17", "h"),
        ("uji_konsekuensi", "Data berisi rahasia pribadi penerima beasiswa."),
        ("elektronik", "ya"),
    ];
    assert_eq!(post_step(&app, &cookie, &id, &refuse).await, 303);

    let tracking = text(&get(&app, &format!("/lacak/{}", r.tracking_token), None).await.1);
    for slug in ["tanda-terima", "perpanjangan", "pemberitahuan-tertulis", "keputusan-penolakan"] {
        assert!(tracking.contains(&format!("/lacak/{}/surat/{slug}\"", r.tracking_token)), "{slug}");
    }
    let officer_page = text(&get(&app, &format!("/ruang-kerja/permohonan/{id}"), Some(&cookie)).await.1);
    assert!(officer_page.contains(&format!("/ruang-kerja/permohonan/{id}/surat/keputusan-penolakan.pdf")));

    let extension =
        text(&get(&app, &format!("/ruang-kerja/permohonan/{id}/surat/perpanjangan"), Some(&cookie)).await.1);
    assert!(
        extension.contains("Data ada di tiga unit kerja.") && extension.contains("DINAS KOMUNIKASI DAN INFORMATIKA")
    );
    let decision =
        text(&get(&app, &format!("/ruang-kerja/permohonan/{id}/surat/keputusan-penolakan"), Some(&cookie)).await.1);
    assert!(decision.contains("Pasal 17 huruf h UU 14/2008 (mengungkap rahasia pribadi)"), "{decision}");
    assert!(decision.contains("Dra. Rina Kartika") && decision.contains("NIP. 19800101 200501 2 001"));
    // Dated as letters are: the place the body writes from, then the day.
    assert!(decision.contains("Sukamaju, 21 Maret 2025"), "{decision}");
    assert!(decision.contains("mengajukan keberatan kepada atasan PPID"));
    // Numbers run in the order letters are first produced: the extension was printed first.
    assert!(extension.contains("Nomor: 0001/SURAT-PPID/KOTA-CONTOH/III/2025"), "{extension}");
    assert!(decision.contains("Nomor: 0002/SURAT-PPID/KOTA-CONTOH/III/2025"), "{decision}");

    let (_, pdf) = get(&app, &format!("/lacak/{}/surat/pemberitahuan-tertulis.pdf", r.tracking_token), None).await;
    let shown = pdf_text(&pdf);
    assert!(pdf_shows(&pdf, "PEMBERITAHUAN TERTULIS") && pdf_shows(&pdf, "Pasal 17 huruf h UU 14/2008"), "{shown}");

    // In English on request.
    let english =
        text(&get(&app, &format!("/lacak/{}/surat/keputusan-penolakan?lang=en", r.tracking_token), None).await.1);
    assert!(english.contains("DECISION OF THE PPID REFUSING A REQUEST FOR INFORMATION"));

    // A KI auditor reads the letter with the requester's identity masked.
    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let masked =
        text(&get(&app, &format!("/ruang-kerja/permohonan/{id}/surat/pemberitahuan-tertulis"), Some(&auditor)).await.1);
    assert!(masked.contains("[disamarkan]") && !masked.contains("Siti Rahmawati"), "{masked}");
    let mut conn = app.db.get().unwrap();
    assert_eq!(
        repo::cases::letter(&mut conn, &id, "keputusan-penolakan").unwrap().unwrap().letter_date.to_string(),
        "2025-03-21"
    );
}

#[tokio::test]
async fn the_letterhead_and_signatories_are_set_from_the_command_line() {
    let (app, r) = app_with_request().await;
    let out = app.cli(&[
        "admin",
        "body",
        "update",
        "kota-contoh",
        "--letterhead",
        "PEMERINTAH KOTA CONTOH | SEKRETARIAT DAERAH",
        "--ppid-signatory-name",
        "Ir. Bambang Sutrisno",
        "--ppid-signatory-position",
        "Kepala Dinas Kominfo selaku PPID Utama",
    ]);
    out.ok();
    let bad = app.cli(&["admin", "body", "update", "kota-contoh", "--ppid-signatory-nip", "12345"]);
    assert!(bad.err().contains("18 digits"), "{}", bad.err());
    let html = text(&get(&app, &format!("/lacak/{}/surat/tanda-terima", r.tracking_token), None).await.1);
    assert!(html.contains("SEKRETARIAT DAERAH") && html.contains("Ir. Bambang Sutrisno"), "{html}");
    assert!(html.contains("Kepala Dinas Kominfo selaku PPID Utama"));
}

/// A one-colour RGBA PNG with a transparent corner, written by the `png` crate.
fn logo_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let data: Vec<u8> =
        (0..width * height).flat_map(|i| if i == 0 { [0, 0, 0, 0] } else { [180, 20, 30, 255] }).collect();
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    out
}

async fn upload_logo(app: &TestApp, cookie: &str, bytes: Vec<u8>, name: &str) -> (u16, String) {
    let page = text(&get(app, "/admin/badan/kota-contoh", Some(cookie)).await.1);
    let csrf = page.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .part("logo", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    let res = app
        .client
        .post(format!("{}/admin/badan/kota-contoh/logo", app.address))
        .header("Cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
    (status, location.unwrap_or_default() + &res.text().await.unwrap())
}

#[tokio::test]
async fn the_logo_heads_every_letter_and_names_with_diacritics_and_symbols_print_as_typed() {
    // Two-step sign-in for administrators is tested in `two_step`; here it is off so the pages can be reached.
    let (app, r) = request_on(crate::helpers::spawn_app_with(|s| s.require_two_step_for_admins = false).await);
    {
        let mut conn = app.db.get().unwrap();
        let changes = BodyChanges {
            letters: LetterSettings {
                ppid_signatory_name: Some("Dr. Ṣalāḥuddin Ñoman Žižek, M.Si.".into()),
                letterhead: Some("PEMERINTAH KOTA CONTOH | DINAS KOMINFO – PPID ≤ 2026".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        bodies::update_body(&mut conn, "kota-contoh", &changes, None, app.clock.now()).unwrap();
    }
    let admin = signed_in_account(&app, "operator", Role::Admin, None, None, None);
    let receipt = format!("/lacak/{}/surat/tanda-terima", r.tracking_token);
    let (_, without) = get(&app, &format!("{receipt}.pdf"), None).await;
    let has = |pdf: &[u8], s: &[u8]| pdf.windows(s.len()).any(|w| w == s);
    assert!(!has(&without, b"/Logo"));
    // Every character as typed, none as "?" (the fonts are embedded; the text maps back to Unicode).
    let shown = pdf_text(&without);
    assert!(pdf_shows(&without, "Dr. Ṣalāḥuddin Ñoman Žižek, M.Si."), "{shown}");
    assert!(pdf_shows(&without, "DINAS KOMINFO – PPID ≤ 2026"), "{shown}");
    assert!(!shown.contains('?') && !shown.contains('\u{FFFD}'), "{shown}");

    // Files that are not logos are refused at the field, and nothing is kept.
    let (status, html) = upload_logo(&app, &admin, b"GIF89a\x01\x00\x01\x00".to_vec(), "logo.gif").await;
    assert_eq!(status, 400);
    assert!(html.contains("Berkas ini bukan gambar PNG atau JPEG"), "{html}");
    let summary = crate::error_summaries::summary_lines(&html);
    assert_eq!(summary.len(), 1, "{summary:?}");
    assert_eq!(summary[0].0, "logo");
    let (status, html) = upload_logo(&app, &admin, logo_png(10, 10), "kecil.png").await;
    assert_eq!(status, 400);
    assert!(html.contains("terlalu kecil"), "{html}");
    assert_eq!(app.get("/badan/kota-contoh/logo").await.status(), 404);

    let png = logo_png(240, 300);
    let (status, location) = upload_logo(&app, &admin, png.clone(), "logo.png").await;
    assert_eq!((status, location.as_str()), (303, "/admin/badan/kota-contoh?logo=1#kop-logo"));
    let page = text(&get(&app, "/admin/badan/kota-contoh?logo=1", Some(&admin)).await.1);
    assert!(page.contains("Logo disimpan") && page.contains("PNG, 240 × 300 piksel"), "{page}");
    let served = app.get("/badan/kota-contoh/logo").await;
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);

    let (_, with) = get(&app, &format!("{receipt}.pdf"), None).await;
    assert!(has(&with, b"/Logo") && has(&with, b"/SMask"), "drawn, its transparency kept");
    assert!(pdf_shows(&with, "Dr. Ṣalāḥuddin Ñoman Žižek, M.Si."));
    let html = text(&get(&app, &receipt, None).await.1);
    assert!(html.contains("class=\"letterhead-logo\" src=\"/badan/kota-contoh/logo?v="), "{html}");
    // The annual report's draft carries it too.
    let utama = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    let (status, report) = get(&app, "/ruang-kerja/laporan-tahunan/2025/cetak.pdf", Some(&utama)).await;
    assert_eq!(status, 200);
    assert!(has(&report, b"/Logo"));

    // Removed, the letters go back to text alone.
    let page = text(&get(&app, "/admin/badan/kota-contoh", Some(&admin)).await.1);
    let csrf = page.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let res = app
        .client
        .post(format!("{}/admin/badan/kota-contoh/logo/hapus", app.address))
        .header("Cookie", &admin)
        .form(&[("csrf_token", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, after) = get(&app, &format!("{receipt}.pdf"), None).await;
    assert!(!has(&after, b"/Logo"));
    assert_eq!(app.get("/badan/kota-contoh/logo").await.status(), 404);
}
