//! The internal registers: columns, paging, CSV for Excel, formula neutralising, and who sees what.

use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;
use terbuka::service::bodies::{self, UnitInput};
use terbuka::service::cases;

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app, test_secrets};

/// An app with `n` requests received over March 2025; the first has a text a spreadsheet would run, and the last
/// is routed to the unit "dinas".
async fn app_with_requests(n: usize) -> TestApp {
    let app = spawn_app().await;
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    let mut conn = app.db.get().unwrap();
    let unit = UnitInput { slug: "dinas".into(), name: "Dinas Pendidikan".into(), time_zone: None };
    bodies::create_unit(&mut conn, "kota-contoh", &unit, now).unwrap();
    for i in 0..n {
        let mut input = Office::new_request(wib_morning("2025-03-03") + chrono::Duration::hours(i as i64 * 3));
        if i == 0 {
            input.information = "=HYPERLINK(\"http://contoh.invalid\",\"klik\")".into();
        }
        if i == n - 1 {
            input.unit = Some("dinas".into());
        }
        cases::register_request(&mut conn, CAL, &test_secrets(), &app.test_db.files(), &input, &Office::officer(), now)
            .unwrap();
    }
    drop(conn);
    app
}

async fn get(app: &TestApp, path: &str, cookie: &str) -> (u16, String, Vec<u8>) {
    let res = app.client.get(format!("{}{path}", app.address)).header("Cookie", cookie).send().await.unwrap();
    let status = res.status().as_u16();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_register_of_requests_downloads_as_csv_for_excel_with_formulas_neutralised() {
    let app = app_with_requests(3).await;
    let cookie = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    let (status, kind, body) = get(&app, "/ruang-kerja/register/permohonan.csv?pemisah=titik-koma", &cookie).await;
    assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
    assert!(body.starts_with("\u{feff}".as_bytes()), "UTF-8 with a byte-order mark");
    let text = String::from_utf8(body).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 4, "a header and three requests: {text}");
    let header: Vec<&str> = lines[0].split(';').collect();
    assert_eq!(header.len(), 27);
    assert_eq!(&header[..4], ["Nomor pendaftaran", "Tanggal diterima", "Nama", "Alamat"]);
    assert!(header.contains(&"Hari kerja yang digunakan") && header.contains(&"Alasan perpanjangan"));
    assert!(lines[1].starts_with("0001/PPID/KOTA-CONTOH/III/2025;2025-03-03;Siti Rahmawati;"), "{}", lines[1]);
    assert!(lines[1].contains(";\"'=HYPERLINK(\"\"http://contoh.invalid\"\",\"\"klik\"\")\";"), "{}", lines[1]);

    // Comma-separated by default; a year with nothing in it gives the header alone.
    let (_, _, body) = get(&app, "/ruang-kerja/register/permohonan.csv", &cookie).await;
    assert!(String::from_utf8(body).unwrap().lines().next().unwrap().contains("Nomor pendaftaran,Tanggal diterima"));
    let (_, _, body) = get(&app, "/ruang-kerja/register/permohonan.csv?tahun=2024", &cookie).await;
    assert_eq!(String::from_utf8(body).unwrap().lines().count(), 1);
    assert_eq!(get(&app, "/ruang-kerja/register/permohonan.csv?pemisah=tab", &cookie).await.0, 400);
    assert_eq!(get(&app, "/ruang-kerja/register/permohonan.csv?tahun=duaribu", &cookie).await.0, 400);
}

#[tokio::test]
async fn the_register_pages_through_in_order_of_receipt() {
    let app = app_with_requests(55).await;
    let cookie = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    let (status, _, body) = get(&app, "/ruang-kerja/register/permohonan", &cookie).await;
    assert_eq!(status, 200);
    let html = String::from_utf8(body).unwrap();
    assert_eq!(html.matches("<tr>").count(), 51, "a header row and 50 requests");
    assert!(html.contains("0050/PPID/KOTA-CONTOH/III/2025") && !html.contains("0051/PPID"));
    let next =
        html.split("href=\"/ruang-kerja/register/permohonan?setelah=").nth(1).unwrap().split('"').next().unwrap();
    let (_, _, body) = get(&app, &format!("/ruang-kerja/register/permohonan?setelah={next}"), &cookie).await;
    let html = String::from_utf8(body).unwrap();
    assert_eq!(html.matches("<tr>").count(), 6);
    assert!(html.contains("0051/PPID") && html.contains("0055/PPID") && !html.contains("0050/PPID"));
    assert!(!html.contains("Halaman berikutnya"));
    assert_eq!(get(&app, "/ruang-kerja/register/permohonan?setelah=rusak", &cookie).await.0, 400);
    // A year that is not one: the register with the problem beside the year box, not an "expired form" page.
    let (status, _, body) = get(&app, "/ruang-kerja/register/permohonan?tahun=abc", &cookie).await;
    let html = String::from_utf8(body).unwrap();
    assert_eq!(status, 400);
    assert!(html.contains(r#"id="tahun-error""#) && html.contains("Tulis tahun dengan empat angka"), "{html}");
    assert!(html.contains(r#"value="abc""#) && !html.contains("Formulir tidak dapat diproses"), "{html}");
}

#[tokio::test]
async fn auditors_get_the_register_without_identity_and_a_unit_its_own_requests() {
    let app = app_with_requests(3).await;
    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let (_, _, body) = get(&app, "/ruang-kerja/register/permohonan.csv", &auditor).await;
    let text = String::from_utf8(body).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(!text.contains("Siti Rahmawati") && !text.contains("Melati") && text.contains("[disamarkan]"));

    let pelaksana = signed_in_account(&app, "pelaksana", Role::PpidPelaksana, Some("kota-contoh"), Some("dinas"), None);
    let (_, _, body) = get(&app, "/ruang-kerja/register/permohonan.csv", &pelaksana).await;
    let text = String::from_utf8(body).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("0003/PPID") && text.contains("Dinas Pendidikan"));

    let admin = signed_in_account(&app, "admin", Role::Admin, None, None, None);
    assert_eq!(get(&app, "/ruang-kerja/register/permohonan.csv", &admin).await.0, 403);
}

#[tokio::test]
async fn the_register_of_objections_lists_each_objection_with_the_atasan_decision() {
    let app = app_with_requests(1).await;
    let request_id = {
        let mut conn = app.db.get().unwrap();
        let body = terbuka::db::repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
        terbuka::db::repo::cases::requests_of_body(&mut conn, &body.id).unwrap().remove(0).id
    };
    app.clock.set(wib_morning("2025-04-16"));
    {
        let mut conn = app.db.get().unwrap();
        let objection = cases::NewObjection {
            request_id: Some(request_id),
            body: None,
            requester: None,
            grounds: vec![terbuka::domain::objection::ObjectionGround::NoResponse],
            periodic_date: None,
            summary: "Tidak ada jawaban.".into(),
            channel: terbuka::domain::request::Channel::Letter,
            received_at: app.clock.now(),
            online: false,
            representative_name: "Andi (kuasa)".into(),
        };
        cases::file_objection(&mut conn, CAL, &test_secrets(), &objection, &Office::officer(), app.clock.now())
            .unwrap();
    }
    let cookie = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let (status, _, body) = get(&app, "/ruang-kerja/register/keberatan.csv", &cookie).await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("Nomor registrasi keberatan") && lines[0].contains("Tanggapan pemohon"));
    assert!(lines[1].contains("Andi (kuasa)") && lines[1].contains("(c)") && lines[1].contains("0001/PPID"));
    let (status, _, html) = get(&app, "/ruang-kerja/register/keberatan", &cookie).await;
    assert_eq!(status, 200);
    assert!(String::from_utf8(html).unwrap().contains("0001/KEB/KOTA-CONTOH/IV/2025"));
}

#[tokio::test]
async fn requests_received_at_the_same_moment_page_through_once_each_in_order_of_id() {
    let app = spawn_app().await;
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    let mut conn = app.db.get().unwrap();
    for _ in 0..5 {
        let input = Office::new_request(wib_morning("2025-03-03"));
        cases::register_request(&mut conn, CAL, &test_secrets(), &app.test_db.files(), &input, &Office::officer(), now)
            .unwrap();
    }
    let body = terbuka::db::repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = terbuka::db::repo::cases::request_register_page(
            &mut conn,
            std::slice::from_ref(&body.id),
            None,
            None,
            after.as_ref(),
            2,
        )
        .unwrap();
        if page.is_empty() {
            break;
        }
        let last = &page.last().unwrap().0;
        after = Some((last.received_at, last.id.clone()));
        seen.extend(page.into_iter().map(|(r, _)| r.id));
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "each once, in order of id within the same moment");
    assert_eq!(seen.len(), 5);
}
