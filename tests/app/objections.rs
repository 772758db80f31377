//! What follows an objection's filing. An atasan who overturns the PPID orders disclosure (domain.md §5): what is
//! to be given and by when; the order is the PPID's task in the queue, the requester reads it on the tracking page
//! and in mail, carrying it out is recorded and counted in the compliance figures, and the window to go to the KI
//! runs from it. An objection filed twice is closed by the PPID as a duplicate of the first, with its reason.

use diesel::prelude::*;
use terbuka::domain::account::Role;
use terbuka::service::compliance;

use crate::cases::wib_morning;
use crate::helpers::{TestApp, signed_in_account};
use crate::officer::{UPHOLD, app_with_request, hidden, objection_step, page, path, refused_and_objected, step, utama};

/// The atasan's decision form, overturning, with the order's fields as given.
fn overturn(what: &'static str, by: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut form: Vec<(&str, &str)> = UPHOLD.iter().filter(|(k, _)| *k != "hasil").copied().collect();
    form.extend([("hasil", "overturned_in_part"), ("tanggal", "2025-03-21")]);
    form.extend([("yang_diberikan", what), ("paling_lambat", by)]);
    form
}

/// The value of the input named `name`.
fn hidden_value(html: &str, name: &str) -> String {
    let input = html.split(&format!("name=\"{name}\"")).nth(1).unwrap();
    input.split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

/// The kinds and recipients of the mail queued so far.
fn mail(app: &TestApp) -> Vec<(String, String)> {
    use terbuka::db::schema::mail_outbox::dsl::*;
    let mut conn = app.db.get().unwrap();
    mail_outbox.select((kind, recipient)).order(created_at).load(&mut **conn).unwrap()
}

fn summary(app: &TestApp, today: &str) -> compliance::Summary {
    let mut conn = app.db.get().unwrap();
    let body = terbuka::db::repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let day = |s: &str| terbuka::domain::calendar::parse_iso_date(s).unwrap();
    compliance::summary(&mut conn, &[body.id], None, day("2025-01-01"), day("2025-12-31"), day(today)).unwrap()
}

#[tokio::test]
async fn an_overturn_orders_disclosure_and_the_ppid_is_told_to_carry_it_out_by_its_deadline() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    // The request goes to the unit: its PPID Pelaksana carries the order out too.
    let route = [("aksi", "alihkan"), ("unit", "dinas"), ("alasan", "Data ada di Dinas Pendidikan.")];
    assert_eq!(step(&app, &cookie, &r, &route).await.0, 303);
    let objection = refused_and_objected(&app, &r, &cookie).await;
    {
        // The PPID Utama has an address, so the order reaches them by mail.
        use terbuka::db::schema::users::dsl::*;
        let mut conn = app.db.get().unwrap();
        diesel::update(users.filter(username.eq("utama")))
            .set(email.eq("utama@kota-contoh.go.id"))
            .execute(&mut **conn)
            .unwrap();
    }
    let atasan = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let pelaksana = signed_in_account(&app, "pelaksana", Role::PpidPelaksana, Some("kota-contoh"), Some("dinas"), None);

    // The form suggests a deadline 10 working days after today (`order_working_days`), by the body's calendar.
    let form = page(&app, &atasan, &objection).await.1;
    assert!(form.contains("name=\"yang_diberikan\"") && form.contains("Disarankan 10 hari kerja setelah hari ini"));
    let suggested = {
        let mut conn = app.db.get().unwrap();
        let calendar = terbuka::db::repo::calendar::load(&mut conn).unwrap().view(None, None, Default::default());
        calendar.add_working_days(terbuka::domain::calendar::parse_iso_date("2025-03-21").unwrap(), 10).due
    };
    assert_eq!(hidden_value(&form, "paling_lambat"), suggested.to_string());

    // An overturn that names nothing to give, or a deadline before the decision, is refused beside its field and
    // changes nothing.
    let (status, html) = objection_step(&app, &atasan, &objection, &overturn(" ", "2025-04-04")).await;
    assert_eq!(status, 400);
    assert!(html.contains("Tulis informasi yang harus diberikan PPID kepada pemohon."), "{html}");
    let (status, html) = objection_step(&app, &atasan, &objection, &overturn("Salinan", "2025-03-20")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Batas waktu pelaksanaan tidak boleh sebelum tanggal tanggapan atasan."), "{html}");
    assert!(!mail(&app).iter().any(|(k, _)| k == "atasan_decision"), "a refused decision sends nothing");

    let what = "Salinan laporan hasil penyelidikan, tanpa nama saksi.";
    let (status, body) = objection_step(&app, &atasan, &objection, &overturn(what, "2025-04-18")).await;
    assert_eq!(status, 303, "{body}");

    // The PPID's queue has the task, with the atasan's deadline; the PPID Utama is mailed; the requester's
    // decision mail says what is to be given and by when.
    let queue = page(&app, &cookie, "/ruang-kerja").await.1;
    assert!(queue.contains("Laksanakan putusan atasan PPID") && queue.contains("Jumat, 18 April 2025"), "{queue}");
    assert!(queue.contains(&format!("href=\"{objection}\"")));
    let unit_queue = page(&app, &pelaksana, "/ruang-kerja").await.1;
    assert!(unit_queue.contains("Laksanakan putusan atasan PPID"), "the unit's officer sees it too");
    let sent = mail(&app);
    assert!(sent.contains(&("staff_order".into(), "utama@kota-contoh.go.id".into())), "{sent:?}");
    assert!(sent.iter().any(|(k, to)| k == "atasan_decision" && to == "siti.rahmawati@example.com"));

    // The requester reads the decision, its reasons and the order on the tracking page.
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains(what) && tracking.contains("Belum dilaksanakan — paling lambat Jumat, 18 April 2025"));
    assert!(tracking.contains("Membatalkan sebagian"), "{tracking}");
    // ... and the PPID's written notice itself: the decision, its Art. 17 letter and the consequence test.
    assert!(tracking.contains("Keputusan PPID") && tracking.contains("Pasal 17 huruf a UU 14/2008"), "{tracking}");
    assert!(tracking.contains("Membuka berkas penyidikan menghambat proses penegakan hukum."));
    let decision_letter = page(&app, &cookie, &format!("{objection}/surat/tanggapan-keberatan")).await;
    assert_eq!(decision_letter.0, 200);
    assert!(decision_letter.1.contains(what) && decision_letter.1.contains("paling lambat Jumat, 18 April 2025"));
    // The letter states the window from the decision, and in words that an order not carried out keeps it open.
    let dispute_line = |html: &str| {
        html.split("Batas waktu tersebut jatuh pada ").nth(1).unwrap().split('.').next().unwrap().to_owned()
    };
    let letter_due = dispute_line(&decision_letter.1);
    assert!(decision_letter.1.contains("tidak berakhir sebelum 14 hari kerja sejak informasi tersebut diberikan"));

    // The figures count one order, not carried out; past its deadline it is overdue.
    let orders = summary(&app, "2025-04-01").objections.orders;
    assert_eq!(orders, compliance::Orders { given: 1, not_yet: 1, ..Default::default() });
    app.clock.set(wib_morning("2025-04-22"));
    assert_eq!(summary(&app, "2025-04-22").objections.orders.overdue, 1);
    // A month on, the sessions have expired: the same roles sign in again.
    let cookie = signed_in_account(&app, "utama2", Role::PpidUtama, Some("kota-contoh"), None, None);
    let atasan = signed_in_account(&app, "atasan2", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let pelaksana =
        signed_in_account(&app, "pelaksana2", Role::PpidPelaksana, Some("kota-contoh"), Some("dinas"), None);
    let queue = page(&app, &cookie, "/ruang-kerja").await.1;
    assert!(queue.contains("Terlambat") || queue.contains("terlambat"), "{queue}");
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("Belum dilaksanakan — terlambat 4 hari"), "{tracking}");

    // The atasan does not carry out the order; the unit's PPID Pelaksana does, saying what was given.
    let carry = [("aksi", "laksanakan"), ("tanggal", "2025-04-22"), ("keterangan", "Salinan dikirim ke surel.")];
    // (The atasan's page has no step left, so the version comes from the officer's.)
    let version = hidden(&page(&app, &pelaksana, &objection).await.1, "versi");
    let mut as_atasan: Vec<(&str, &str)> = carry.to_vec();
    as_atasan.push(("versi", &version));
    let (status, _) = objection_step(&app, &atasan, &objection, &as_atasan).await;
    assert_eq!(status, 403);
    let blank = [("aksi", "laksanakan"), ("tanggal", "2025-04-22"), ("keterangan", "")];
    let (status, html) = objection_step(&app, &pelaksana, &objection, &blank).await;
    assert_eq!(status, 400);
    assert!(html.contains("Isian ini wajib diisi."));
    let (status, body) = objection_step(&app, &pelaksana, &objection, &as_atasan).await;
    assert_eq!(status, 303, "{body}");
    let (status, body) = objection_step(&app, &pelaksana, &objection, &as_atasan).await;
    assert_eq!(status, 409, "the same form sent twice is a conflict and records nothing more: {body}");

    let html = page(&app, &cookie, &objection).await.1;
    assert!(html.contains("Dilaksanakan Selasa, 22 April 2025, terlambat 4 hari") && html.contains("Salinan dikirim"));
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(tracking.contains("Salinan dikirim ke surel."), "the requester reads how it was given");
    let letter = page(&app, &cookie, &format!("{objection}/surat/tanggapan-keberatan")).await.1;
    assert_eq!(dispute_line(&letter), letter_due, "an issued letter does not change");
    let queue = page(&app, &cookie, "/ruang-kerja").await.1;
    assert!(!queue.contains("Laksanakan putusan atasan PPID"), "done: off the queue");
    assert!(mail(&app).iter().any(|(k, to)| k == "order_carried_out" && to == "siti.rahmawati@example.com"));
    let orders = summary(&app, "2025-04-22").objections.orders;
    assert_eq!(orders, compliance::Orders { given: 1, late: 1, ..Default::default() });

    // The window to go to the KI runs from the carrying out: 14 working days from 22 April 2025.
    let mut conn = app.db.get().unwrap();
    let id = objection.rsplit('/').next().unwrap();
    let row = terbuka::db::repo::cases::objection(&mut conn, id).unwrap().unwrap();
    assert_eq!(row.order_due, Some(terbuka::domain::calendar::parse_iso_date("2025-04-18").unwrap()));
    let calendar = terbuka::db::repo::calendar::load(&mut conn).unwrap().view(None, None, Default::default());
    let from_carrying_out = calendar.add_working_days(row.order_carried_out_on.unwrap(), 14).due;
    assert_eq!(row.c5_due, Some(from_carrying_out));
    terbuka::service::audit::verify(&mut conn).unwrap();
}

#[tokio::test]
async fn the_ppid_closes_an_objection_received_twice_as_a_duplicate_and_the_requester_reads_why() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let first = refused_and_objected(&app, &r, &cookie).await;
    // The same objection arrives again on paper: it is registered as received (paper is evidence).
    let html = page(&app, &cookie, &path(&r)).await.1;
    let res = app
        .client
        .post(format!("{}{}/keberatan", app.address, path(&r)))
        .header("Cookie", &cookie)
        .form(&[
            ("csrf_token", hidden(&html, "csrf_token").as_str()),
            ("alasan_keberatan", "a"),
            ("ringkasan", "Informasi ini bukan bagian dari penyidikan."),
            ("saluran", "letter"),
            ("tanggal", "2025-03-21"),
            ("jam", "09:45"),
            ("kuasa", ""),
        ])
        .send()
        .await
        .unwrap();
    let status = res.status();
    assert_eq!(status, 303, "{}", res.text().await.unwrap());
    let second = res.headers()["location"].to_str().unwrap().to_owned();
    let first_id = first.rsplit('/').next().unwrap().to_owned();

    // The second's page offers to close it as the same as the first.
    let html = page(&app, &cookie, &second).await.1;
    assert!(html.contains("Tutup karena sama dengan keberatan lain"), "{html}");
    assert!(html.contains(&format!("<option value=\"{first_id}\">0001/KEB")), "{html}");
    let no_reason =
        [("aksi", "tutup_duplikat"), ("asli", first_id.as_str()), ("alasan", " "), ("tanggal", "2025-03-21")];
    let (status, html) = objection_step(&app, &cookie, &second, &no_reason).await;
    assert_eq!(status, 400);
    assert!(html.contains("Isian ini wajib diisi."), "{html}");
    // The atasan decides objections; closing one is the PPID's.
    let atasan = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let reason = "Diterima dua kali dengan alasan dan ringkasan yang sama.";
    let close =
        [("aksi", "tutup_duplikat"), ("asli", first_id.as_str()), ("alasan", reason), ("tanggal", "2025-03-21")];
    assert_eq!(objection_step(&app, &atasan, &second, &close).await.0, 403);
    let (status, body) = objection_step(&app, &cookie, &second, &close).await;
    assert_eq!(status, 303, "{body}");

    let html = page(&app, &cookie, &second).await.1;
    assert!(
        html.contains("Ditutup: sama dengan keberatan lain")
            && html.contains("Ditutup karena sama dengan keberatan 0001/KEB")
    );
    let queue = page(&app, &atasan, "/ruang-kerja").await.1;
    assert!(queue.contains(&format!("href=\"{first}\"")) && !queue.contains(&format!("href=\"{second}\"")), "{queue}");
    let tracking = app.get(&format!("/lacak/{}", r.tracking_token)).await.text().await.unwrap();
    assert!(
        tracking.contains("Ditutup karena sama dengan keberatan 0001/KEB") && tracking.contains(reason),
        "{tracking}"
    );
    assert!(mail(&app).iter().any(|(k, to)| k == "objection_duplicate" && to == "siti.rahmawati@example.com"));
    let counted = summary(&app, "2025-03-21").objections;
    assert_eq!((counted.received, counted.duplicates), (2, 1));
    // The original goes on: the atasan decides it; the duplicate cannot be decided any more.
    let mut decide = UPHOLD.to_vec();
    decide.push(("tanggal", "2025-03-21"));
    assert_eq!(objection_step(&app, &atasan, &first, &decide).await.0, 303);
    let (status, _) = objection_step(&app, &atasan, &second, &decide).await;
    assert!(status == 400 || status == 422, "{status}");
}

/// Migration 28 builds the objections table again on SQLite (to widen its state CHECK): every objection keeps its
/// row and every dispute its objection, forward and back, on both backends.
#[tokio::test]
async fn migration_28_keeps_every_objection_and_its_disputes() {
    use terbuka::db::schema::{disputes, objections};

    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let objection = refused_and_objected(&app, &r, &cookie).await;
    let atasan = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let mut decide = UPHOLD.to_vec();
    decide.push(("tanggal", "2025-03-21"));
    assert_eq!(objection_step(&app, &atasan, &objection, &decide).await.0, 303);
    let id = objection.rsplit('/').next().unwrap().to_owned();
    let mut conn = app.db.get().unwrap();
    let now = terbuka::domain::clock::Clock::now(&*app.clock);
    let officer = crate::cases::Office::officer();
    let day = terbuka::domain::calendar::parse_iso_date("2025-03-21").unwrap();
    terbuka::service::cases::file_dispute(&mut conn, crate::cases::CAL, &id, day, true, &officer, now).unwrap();
    let counts = |conn: &mut terbuka::db::DbConn| -> (i64, i64) {
        let o = objections::table.count().get_result(&mut *conn).unwrap();
        let d = disputes::table
            .inner_join(objections::table.on(objections::id.eq(disputes::objection_id)))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        (o, d)
    };
    assert_eq!(counts(&mut conn), (1, 1));
    crate::migrations::revert_and_reapply(&mut conn, "20261207000028");
    assert_eq!(counts(&mut conn), (1, 1));
    terbuka::service::audit::verify(&mut conn).unwrap();
    drop(conn);
    // The tracking page (a view over the rebuilt table) still answers, and the connection still checks references.
    assert_eq!(app.get(&format!("/lacak/{}", r.tracking_token)).await.status(), 200);
    let mut conn = app.db.get().unwrap();
    let orphan = diesel::sql_query("UPDATE disputes SET objection_id = 'no-such-objection'").execute(&mut **conn);
    assert!(orphan.is_err(), "foreign keys are enforced again after the migration");
}

#[tokio::test]
async fn the_history_names_who_took_each_step_and_the_atasan_reads_the_ppid_answer_beside_the_objection() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let objection = refused_and_objected(&app, &r, &cookie).await;
    let atasan = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);

    // Recording it said so.
    let recorded = page(&app, &cookie, &format!("{objection}?selesai=dicatat")).await.1;
    assert!(recorded.contains("Keberatan dicatat."), "{recorded}");

    // The request's history: the notice was the PPID Utama's, by name and role.
    let html = page(&app, &cookie, &path(&r)).await.1;
    let history = html.split("Riwayat").last().unwrap();
    assert!(history.contains("oleh Petugas utama (PPID Utama)"), "{history}");

    // The atasan's objection page shows what was asked and how the PPID answered, with its reasons.
    let html = page(&app, &atasan, &objection).await.1;
    let answer =
        html.split("Permohonan dan jawaban PPID").nth(1).expect("the answer is shown").split("</dl>").next().unwrap();
    assert!(answer.contains(&format!("Buka permohonan {}", r.request.registration_number)), "{answer}");
    for part in ["Informasi yang diminta", "Ditolak", "Pasal 17 huruf", "Uji konsekuensi"] {
        assert!(answer.to_lowercase().contains(&part.to_lowercase()), "{part} in {answer}");
    }

    // The atasan decides: the objection's history says so, by name and role.
    let decide: Vec<(&str, &str)> = UPHOLD.iter().copied().chain([("tanggal", "2025-03-21")]).collect();
    let (status, html) = objection_step(&app, &atasan, &objection, &decide).await;
    assert_eq!(status, 303, "{html}");
    let html = page(&app, &atasan, &objection).await.1;
    let history = html.split("Riwayat").last().unwrap();
    assert!(history.contains("oleh Petugas atasan (Atasan PPID)"), "{history}");
    assert!(history.contains("oleh Petugas utama (PPID Utama)"), "the objection was recorded by the PPID: {history}");
}
