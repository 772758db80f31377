//! The officers' queue: each role sees its own scope, nearest deadline first, with overdue / due today / due soon
//! marks and counts; anyone else is refused.

use chrono::{TimeZone, Utc};
use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;
use terbuka::service::bodies::{self, BodyInput, JurisdictionInput, UnitInput};
use terbuka::service::cases;

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app, test_secrets};

/// kota-contoh (KI jawa-barat) with four open requests due 15, 16, 22 and 25 April 2025, one routed to a unit;
/// kota-lain (KI bali) with one. Today is Wednesday 16 April 2025.
async fn office() -> TestApp {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let mut conn = app.db.get().unwrap();
    let now = app.clock.now();
    bodies::create_unit(
        &mut conn,
        "kota-contoh",
        &UnitInput { slug: "dinas-pendidikan".into(), name: "Dinas Pendidikan".into(), time_zone: None },
        now,
    )
    .unwrap();
    let ki = JurisdictionInput {
        code: "bali".into(),
        name: "KI Provinsi Bali".into(),
        level: "provinsi".into(),
        parent: None,
        contact: Default::default(),
    };
    bodies::create_jurisdiction(&mut conn, &ki, now).unwrap();
    let other = BodyInput {
        slug: "kota-lain".into(),
        name: "Pemerintah Kota Lain".into(),
        level: "pemerintah_kabupaten_kota".into(),
        time_zone: "Asia/Makassar".into(),
        ki: "bali".into(),
        ppid_email: "ppid@kota-lain.go.id".into(),
        ppid_phone: "0361 123456".into(),
        ppid_address: "Jl. Lain 1".into(),
        ..Default::default()
    };
    bodies::create_body(&mut conn, &other, now).unwrap();
    let files = app.test_db.files();
    for (day, unit, body) in [
        ("2025-03-21", None, "kota-contoh"),
        ("2025-03-24", None, "kota-contoh"),
        ("2025-04-01", Some("dinas-pendidikan"), "kota-contoh"),
        ("2025-04-10", None, "kota-contoh"),
        ("2025-04-10", None, "kota-lain"),
    ] {
        let mut input = Office::new_request(wib_morning(day));
        input.unit = unit.map(Into::into);
        input.body = body.into();
        cases::register_request(&mut conn, CAL, &test_secrets(), &files, &input, &Office::officer(), wib_morning(day))
            .unwrap();
    }
    app.clock.set(Utc.with_ymd_and_hms(2025, 4, 16, 3, 0, 0).unwrap());
    drop(conn);
    app
}

async fn queue(app: &TestApp, cookie: &str, query: &str) -> (u16, String) {
    let res =
        app.client.get(format!("{}/ruang-kerja{query}", app.address)).header("Cookie", cookie).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn numbers(html: &str) -> Vec<String> {
    html.split("<h2 class=\"register-number\">")
        .skip(1)
        .map(|s| {
            // Requests link to their case page; the number is the link's text.
            let s = if s.starts_with("<a ") { s.split_once('>').unwrap().1 } else { s };
            s.split(['<', ' ']).next().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_ppid_utama_sees_the_bodys_open_work_nearest_deadline_first() {
    let app = office().await;
    let utama = signed_in_account(&app, "dewi", Role::PpidUtama, Some("kota-contoh"), None, None);
    let (status, html) = queue(&app, &utama, "").await;
    assert_eq!(status, 200);
    assert_eq!(
        numbers(&html),
        [
            "0001/PPID/KOTA-CONTOH/III/2025",
            "0002/PPID/KOTA-CONTOH/III/2025",
            "0003/PPID/KOTA-CONTOH/IV/2025",
            "0004/PPID/KOTA-CONTOH/IV/2025"
        ]
    );
    for count in ["Terlambat: 1", "Jatuh tempo hari ini: 1", "Segera jatuh tempo: 1", "Lainnya: 1"] {
        assert!(html.contains(count), "{count}");
    }
    assert!(html.contains("Selasa, 15 April 2025") && html.contains("Jumat, 25 April 2025"));
    assert!(!html.contains("KOTA-LAIN"), "another body's work is not shown");
    // Each card names the requester and what they ask for, so the officer knows the case without opening it; no
    // other identity (NIK, contact) is shown.
    assert!(html.contains("<dd>Siti Rahmawati</dd>"), "{html}");
    assert!(!html.contains("3273011208850001") && !html.contains("siti.rahmawati"), "no NIK or contact in the queue");
    assert!(html.contains(r#"class="queue-subject""#), "{html}");
    let mark = html.split("mark-overdue\">").nth(1).unwrap().split("<").next().unwrap();
    assert_eq!(mark, "Terlambat 1 hari kerja", "due Tuesday 15 April, today Wednesday 16 April");

    let (_, filtered) = queue(&app, &utama, "?unit=dinas-pendidikan").await;
    assert_eq!(numbers(&filtered), ["0003/PPID/KOTA-CONTOH/IV/2025"]);
    let (_, by_year) = queue(&app, &utama, "?tahun=2024").await;
    assert!(by_year.contains("Tidak ada pekerjaan terbuka."));
    let (bad, html) = queue(&app, &utama, "?saluran=merpati").await;
    assert_eq!(bad, 400);
    assert!(html.contains("Pilihan penyaring tidak valid"));
}

#[tokio::test]
async fn each_role_sees_its_own_scope_and_others_are_refused() {
    let app = office().await;
    let pelaksana =
        signed_in_account(&app, "budi", Role::PpidPelaksana, Some("kota-contoh"), Some("dinas-pendidikan"), None);
    let (_, html) = queue(&app, &pelaksana, "").await;
    assert_eq!(numbers(&html), ["0003/PPID/KOTA-CONTOH/IV/2025"], "a PPID Pelaksana sees their unit only");

    let auditor = signed_in_account(&app, "ani", Role::KiAuditor, None, None, Some("bali"));
    let (_, html) = queue(&app, &auditor, "").await;
    assert_eq!(numbers(&html), ["0001/PPID/KOTA-LAIN/IV/2025"], "a KI auditor sees the bodies of their jurisdiction");
    assert!(html.contains("Pemerintah Kota Lain"));

    // The atasan PPID's queue is the body's objections awaiting a decision.
    let mut conn = app.db.get().unwrap();
    let body = terbuka::db::repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let first = terbuka::db::repo::cases::requests_of_body(&mut conn, &body.id).unwrap().remove(0);
    let objection = cases::NewObjection {
        request_id: Some(first.id),
        body: None,
        requester: None,
        grounds: vec![terbuka::domain::objection::ObjectionGround::NoResponse],
        periodic_date: None,
        summary: "Tidak dijawab.".into(),
        channel: terbuka::domain::request::Channel::Web,
        received_at: app.clock.now(),
        online: true,
        representative_name: String::new(),
    };
    cases::file_objection(&mut conn, CAL, &test_secrets(), &objection, &Office::officer(), app.clock.now()).unwrap();
    drop(conn);
    let atasan = signed_in_account(&app, "sekda", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let (_, html) = queue(&app, &atasan, "").await;
    assert_eq!(numbers(&html), ["0001/KEB/KOTA-CONTOH/IV/2025"]);
    assert!(html.contains("Keberatan") && html.contains("Menunggu tanggapan atasan PPID"));
    assert!(!html.contains(r#"id="saluran""#), "no request filters in the atasan's queue of objections");

    let admin = signed_in_account(&app, "operator", Role::Admin, None, None, None);
    let (status, html) = queue(&app, &admin, "").await;
    assert_eq!(status, 403);
    assert!(html.contains("Anda tidak berwenang"));
    let anonymous = app.get("/ruang-kerja").await;
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/masuk");
}

#[tokio::test]
async fn staff_pages_speak_about_the_requester_not_in_the_requesters_voice() {
    let (app, r) = crate::officer::app_with_request().await;
    let cookie = crate::officer::utama(&app);
    let get = |path: String| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            let res = app.client.get(format!("{}{path}", app.address)).header("Cookie", &cookie).send().await.unwrap();
            res.text().await.unwrap()
        }
    };
    // The desk form addresses the officer.
    let desk = get("/ruang-kerja/permohonan-baru".into()).await;
    assert!(
        desk.contains("Tentang pemohon") && desk.contains("Bagaimana pemohon ingin memperoleh informasi?"),
        "{desk}"
    );
    assert!(desk.contains(">Perorangan</label>") && !desk.contains("Saya sendiri"), "{desk}");
    assert!(!desk.contains("Tentang Anda") && !desk.contains("Permohonan Anda"), "{desk}");
    // The requester's own form keeps speaking to them.
    let public = app.get("/badan/kota-contoh/permohonan/baru?jenis=individual").await.text().await.unwrap();
    assert!(public.contains("Tentang Anda") && public.contains("Saya sendiri (perorangan)"), "{public}");
    // The case page and the register's CSV name the kind of requester.
    let case = get(crate::officer::path(&r)).await;
    assert!(case.contains(">Perorangan</dd>"), "{case}");
    assert!(!case.contains("Saya sendiri"), "{case}");
    let csv = get("/ruang-kerja/register/permohonan.csv".into()).await;
    assert!(csv.contains("Perorangan") && !csv.contains("Saya sendiri"), "{csv}");
}
