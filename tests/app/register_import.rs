//! Importing an existing register from CSV: a dry run first, every bad row reported, all or nothing, and the
//! body's number series continuing after the imported numbers.

use terbuka::db::repo;
use terbuka::domain::clock::Clock;
use terbuka::service::cases;

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, spawn_app, test_secrets};

const GOOD: &str = "\u{feff}nomor;tanggal_diterima;saluran;nama;alamat;pekerjaan;informasi;tujuan;cara_memperoleh;tanggal_perpanjangan;alasan_perpanjangan;keputusan;tanggal_pemberitahuan;bentuk;diberikan_paling_lambat;pasal17;uji_konsekuensi;biaya;cara_bayar;tanggal_diberikan;tanggal_selesai
0005/PPID/KOTA-CONTOH/I/2025;2025-01-06;letter;Budi Santoso;Jl. Mawar 1;Wiraswasta;Anggaran perbaikan jalan 2024;Pengawasan warga;hardcopy;;;granted;2025-01-15;hardcopy;2025-01-20;;;15.000;Fotokopi 30 lembar, tunai;2025-01-17;2025-01-17
0006/PPID/KOTA-CONTOH/I/2025;2025-01-07;desk;Ani Lestari;;;\"Data penyidikan; kasus 12\";Penelitian;;2025-01-20;Menunggu unit hukum;refused_exempt;2025-01-27;;;a;Membuka berkas menghambat penyidikan.;;;;
0012/PPID/KOTA-CONTOH/II/2025;2025-02-03;email;Rudi Hartono;;;Jadwal posyandu;Informasi keluarga;;;;;;;;;;;;;
";

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn numbers(app: &TestApp) -> Vec<(String, String)> {
    let mut conn = app.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let mut rows: Vec<(String, String)> = repo::cases::requests_of_body(&mut conn, &body.id)
        .unwrap()
        .into_iter()
        .map(|r| (r.registration_number, r.state.to_string()))
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn a_register_is_checked_by_a_dry_run_then_imported_and_the_series_continues() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "register.csv", GOOD);

    let out = app.cli(&["admin", "register", "import", "--body", "kota-contoh", "--file", &file]);
    assert!(out.ok().contains("Dry run: all 3 row(s) are fine"), "{}", out.ok());
    assert!(numbers(&app).is_empty(), "a dry run writes nothing");

    let out = app.cli(&["admin", "register", "import", "--body", "kota-contoh", "--file", &file, "--apply"]);
    assert!(out.ok().contains("Imported 3 request(s)"));
    assert_eq!(
        numbers(&app),
        [
            ("0005/PPID/KOTA-CONTOH/I/2025".to_owned(), "closed".to_owned()),
            ("0006/PPID/KOTA-CONTOH/I/2025".to_owned(), "notice_given".to_owned()),
            ("0012/PPID/KOTA-CONTOH/II/2025".to_owned(), "registered".to_owned()),
        ]
    );
    // The steps are real transitions: deadlines, extension, decision, and the evidence chain.
    let mut conn = app.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let refused = repo::cases::request_by_number(&mut conn, &body.id, "0006/PPID/KOTA-CONTOH/I/2025").unwrap().unwrap();
    assert!(refused.c2_due.is_some() && refused.decision.as_deref().unwrap().contains("refused_exempt"));
    assert_eq!(refused.information, "Data penyidikan; kasus 12");
    terbuka::service::audit::verify(&mut conn).unwrap();

    // New requests continue after the highest imported number of the year.
    let next = cases::register_request(
        &mut conn,
        CAL,
        &test_secrets(),
        &app.test_db.files(),
        &Office::new_request(wib_morning("2025-03-21")),
        &Office::officer(),
        app.clock.now(),
    )
    .unwrap();
    assert_eq!(next.request.registration_number, "0013/PPID/KOTA-CONTOH/III/2025");
}

#[tokio::test]
async fn every_bad_row_is_reported_and_nothing_is_imported() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let dir = tempfile::tempdir().unwrap();
    let bad =
        "nomor,tanggal_diterima,saluran,nama,informasi,tujuan,keputusan,tanggal_pemberitahuan,tanggal_perpanjangan
0001/PPID/KOTA-CONTOH/I/2025,2025-01-06,letter,Budi Santoso,Anggaran,Pengawasan,,,
0002/PPID/KOTA-CONTOH/I/2025,06/01/2025,letter,Ani,Data,Riset,,,
0003/PPID/KOTA-CONTOH/I/2025,2025-01-06,merpati,Citra Dewi,Data,Riset,,,
REG-4,2025-01-06,letter,Dodi Saputra,Data,Riset,,,
0001/PPID/KOTA-CONTOH/I/2025,2025-01-06,letter,Eka Putri,Data,Riset,,,
0006/PPID/KOTA-CONTOH/I/2025,2025-01-06,letter,,Data,Riset,,,
0007/PPID/KOTA-CONTOH/I/2025,2025-01-06,letter,Fajar Nugroho,Data,Riset,refused_exempt,2025-01-10,
0008/PPID/KOTA-CONTOH/I/2025,2025-01-06,letter,Gita Sari,Data,Riset,,,2025-03-01
";
    let file = write(&dir, "bad.csv", bad);
    let out = app.cli(&["admin", "register", "import", "--body", "kota-contoh", "--file", &file, "--apply"]);
    let report = format!("{}{}", out.stdout, out.err());
    for expected in [
        "line 3, column tanggal_diterima: invalid_date",
        "line 4, column saluran: invalid_choice",
        "line 5, column number: number_format",
        "line 6, column number: taken",
        "line 7, column nama: required",
        "line 8, column art17_ground: art17_ground_required",
        "line 9: extension_after_deadline",
        "nothing was imported",
    ] {
        assert!(report.contains(expected), "expected `{expected}` in:\n{report}");
    }
    assert!(!report.contains("line 2,") && !report.contains("line 2:"), "the good row has no problem:\n{report}");
    assert!(numbers(&app).is_empty(), "all or nothing");

    let unknown = write(&dir, "unknown.csv", "nomor,tanggal_diterima,saluran,nama,informasi,tujuan,warna\n");
    let out = app.cli(&["admin", "register", "import", "--body", "kota-contoh", "--file", &unknown]);
    assert!(out.stdout.contains("unknown column `warna`"), "{}", out.stdout);
    assert!(out.err().contains("nothing was imported"));
}
