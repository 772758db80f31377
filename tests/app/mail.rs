//! Email through the outbox, against a real SMTP server: aiosmtpd, started by this helper on a free port (the
//! Python that has it is named by `TERBUKA_TEST_SMTP`; `.ci/run` installs it). What arrives is parsed as MIME.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command};

use terbuka::config::{MailSettings, MailTransport, SmtpSecurity};
use terbuka::domain::clock::Clock;
use terbuka::service::cases;
use terbuka::service::mail;
use terbuka::service::outbox::{self, RunReport, Sender, Transport};

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, component, create_standard_body, spawn_app, test_secrets};

pub const SMTP_VAR: &str = "TERBUKA_TEST_SMTP";

/// A running aiosmtpd writing into its own maildir.
pub(crate) struct SmtpServer {
    python: String,
    port: u16,
    maildir: tempfile::TempDir,
    child: Option<Child>,
}

impl SmtpServer {
    pub(crate) fn start(python: &str) -> SmtpServer {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let maildir = tempfile::tempdir().unwrap();
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(maildir.path().join(sub)).unwrap();
        }
        let mut server = SmtpServer { python: python.to_owned(), port, maildir, child: None };
        server.resume();
        server
    }

    /// Starts (again) on the same port and maildir.
    pub(crate) fn resume(&mut self) {
        let here = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/mail");
        let child = Command::new(&self.python)
            .env("PYTHONPATH", &here)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{}", self.port), "-c", "terbuka_smtp.Maildir"])
            .arg(self.maildir.path())
            .spawn()
            .expect("start aiosmtpd");
        self.child = Some(child);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("aiosmtpd did not start on port {}", self.port);
    }

    pub(crate) fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().ok();
            c.wait().ok();
        }
    }

    /// Every message received so far, raw.
    pub(crate) fn messages(&self) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.path().join(sub)) {
                for e in entries.flatten() {
                    out.push(std::fs::read(e.path()).unwrap());
                }
            }
        }
        out
    }

    pub(crate) fn settings(&self) -> MailSettings {
        MailSettings {
            transport: MailTransport::Smtp {
                host: "127.0.0.1".into(),
                port: self.port,
                security: SmtpSecurity::None,
                credentials: None,
                timeout: std::time::Duration::from_secs(20),
                connections: 4,
            },
            from: "PPID Kota Contoh <ppid@kota-contoh.go.id>".into(),
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

pub(crate) fn smtp() -> Option<SmtpServer> {
    match component(SMTP_VAR) {
        Some(python) => Some(SmtpServer::start(&python)),
        None => {
            println!("SKIPPED: real SMTP test; set {SMTP_VAR} to a Python with aiosmtpd, or run .ci/run");
            None
        }
    }
}

pub(crate) fn composer(app: &TestApp) -> terbuka::views::mail::Composer {
    composer_for(&app.address)
}

/// The composer of the app at `address` (for a thread of its own).
pub(crate) fn composer_for(address: &str) -> terbuka::views::mail::Composer {
    terbuka::views::mail::Composer {
        views: terbuka::views::Views::new().unwrap(),
        base_url: address.to_owned(),
        instance_name: "Terbuka".into(),
        time_zone: chrono_tz::Asia::Jakarta,
    }
}

pub(crate) fn register(app: &TestApp, email: &str) -> cases::Registration {
    let mut conn = app.db.get().unwrap();
    let mut input = Office::new_request(wib_morning("2025-03-21"));
    input.requester.email = email.into();
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
}

pub(crate) fn plan_settings() -> mail::PlanSettings {
    mail::PlanSettings {
        calendar: CAL,
        due_soon_working_days: 3,
        time_zone: chrono_tz::Asia::Jakarta,
        reminder_working_days: 5,
        ki_weekly_digest: true,
    }
}

/// Long enough for any test's outbox: a pass stops early only when it empties it.
pub(crate) const BUDGET: std::time::Duration = std::time::Duration::from_secs(600);

/// One pass of the outbox through `transport`, at the test clock's time.
pub(crate) fn pass(app: &TestApp, transport: &Transport, from: &str) -> RunReport {
    let (secrets, composer) = (test_secrets(), composer(app));
    let sender = Sender { db: &app.db, secrets: &secrets, composer: &composer, transport, from, clock: &*app.clock };
    outbox::run_due(&sender, BUDGET).unwrap()
}

fn run(app: &TestApp, server: &SmtpServer) -> RunReport {
    let settings = server.settings();
    pass(app, &Transport::from_settings(&settings).unwrap(), &settings.from)
}

#[tokio::test]
async fn the_receipt_arrives_as_a_proper_two_part_mail_with_an_absolute_tracking_link() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let r = register(&app, "siti.rahmawati@example.com");
    assert_eq!(run(&app, &server), RunReport { sent: 1, ..Default::default() });
    assert_eq!(run(&app, &server), RunReport::default(), "sent once");

    let raw = server.messages();
    assert_eq!(raw.len(), 1);
    let parsed = mailparse::parse_mail(&raw[0]).unwrap();
    let header =
        |name: &str| parsed.headers.iter().find(|h| h.get_key().eq_ignore_ascii_case(name)).map(|h| h.get_value());
    assert_eq!(
        header("Subject").unwrap(),
        format!("Tanda terima permohonan informasi {}", r.request.registration_number)
    );
    let raw_subject = String::from_utf8_lossy(&raw[0]).lines().find(|l| l.starts_with("Subject:")).unwrap().to_owned();
    assert!(raw_subject.is_ascii(), "the subject is encoded for transport: {raw_subject}");
    let from = header("From").unwrap();
    assert!(from.contains("PPID Kota Contoh") && from.ends_with("<ppid@kota-contoh.go.id>"), "{from}");
    assert!(header("To").unwrap().contains("siti.rahmawati@example.com"));
    assert_eq!(parsed.ctype.mimetype, "multipart/alternative");
    let parts: Vec<(String, String)> =
        parsed.subparts.iter().map(|p| (p.ctype.mimetype.clone(), p.get_body().unwrap())).collect();
    assert_eq!(parts.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["text/plain", "text/html"]);
    let link = format!("{}/lacak/{}", app.address, r.tracking_token);
    assert!(link.starts_with("http://"), "absolute");
    for (kind, body) in &parts {
        assert!(body.contains(&link), "{kind} has the tracking link:\n{body}");
        assert!(body.contains("Selasa, 15 April 2025"), "{kind} has the deadline");
    }

    // The Message-ID comes from the outbox row; once sent, the row no longer holds the tracking link.
    let mut conn = app.db.get().unwrap();
    let sent = terbuka::db::repo::mail::by_status(&mut conn, "sent").unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(header("Message-ID").unwrap(), format!("<{}@kota-contoh.go.id>", sent[0].id));
    assert!(sent[0].params_encrypted.is_empty());
}

#[tokio::test]
async fn a_permanent_refusal_is_dead_and_visible_and_nothing_else_is_held_up() {
    let Some(server) = smtp() else { return };
    // Two-step sign-in for administrators is tested in `two_step`; off here so the admin page can be read.
    let app = crate::helpers::spawn_app_with(|s| s.require_two_step_for_admins = false).await;
    create_standard_body(&app.db, app.clock.now());
    register(&app, "tolak@example.com");
    register(&app, "budi@example.com");
    assert_eq!(run(&app, &server), RunReport { sent: 1, dead: 1, ..Default::default() });
    let mut conn = app.db.get().unwrap();
    let dead = terbuka::db::repo::mail::by_status(&mut conn, "dead").unwrap();
    assert_eq!(dead.len(), 1);
    assert!(dead[0].last_error.contains("550"), "{}", dead[0].last_error);
    assert_eq!(server.messages().len(), 1);
    drop(conn);

    // Visible to the administrator (address masked), on the command line and on /admin/surel, and sent again.
    let list = app.cli(&["mail", "dead", "list"]);
    assert!(list.ok().contains("to…@example.com") && !list.ok().contains("tolak@"), "{}", list.ok());
    assert!(list.ok().contains("550") && list.ok().contains("1 dead mail(s)."));
    let admin =
        crate::helpers::signed_in_account(&app, "operator", terbuka::domain::account::Role::Admin, None, None, None);
    let res = app.client.get(format!("{}/admin/surel", app.address)).header("Cookie", &admin).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("to…@example.com") && !html.contains("tolak@example.com") && html.contains("550"), "{html}");
    let out = app.cli(&["mail", "dead", "retry", "--all"]);
    assert!(out.ok().contains("1 mail(s) queued again"));
    let mut conn = app.db.get().unwrap();
    assert_eq!(terbuka::db::repo::mail::by_status(&mut conn, "pending").unwrap().len(), 1);
    assert!(app.cli(&["mail", "dead", "retry"]).err().contains("--all"));
}

#[tokio::test]
async fn two_workers_on_one_postgresql_claim_each_mail_exactly_once() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    if !app.test_db.is_postgres() {
        println!("SKIPPED: two workers against one PostgreSQL (this pass runs on SQLite)");
        return;
    }
    create_standard_body(&app.db, app.clock.now());
    for i in 0..120 {
        register(&app, &format!("pemohon{i}@example.com"));
    }
    let settings = server.settings();
    let (db, address) = (app.db.clone(), app.address.clone());
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (db, settings, address, clock) = (db.clone(), settings.clone(), address.clone(), app.clock.clone());
            std::thread::spawn(move || {
                let transport = Transport::from_settings(&settings).unwrap();
                let composer = terbuka::views::mail::Composer {
                    views: terbuka::views::Views::new().unwrap(),
                    base_url: address,
                    instance_name: "Terbuka".into(),
                    time_zone: chrono_tz::Asia::Jakarta,
                };
                let mut sent = 0;
                loop {
                    let secrets = test_secrets();
                    let sender = Sender {
                        db: &db,
                        secrets: &secrets,
                        composer: &composer,
                        transport: &transport,
                        from: &settings.from,
                        clock: &*clock,
                    };
                    let r = outbox::run_due(&sender, BUDGET).unwrap();
                    if r == RunReport::default() {
                        return sent;
                    }
                    sent += r.sent;
                }
            })
        })
        .collect();
    let per_worker: Vec<usize> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    assert_eq!(per_worker.iter().sum::<usize>(), 120, "{per_worker:?}");
    assert_eq!(server.messages().len(), 120, "each mail once");
}

#[tokio::test]
async fn with_the_mail_server_down_two_hundred_requests_are_accepted_and_every_receipt_arrives_once_later() {
    let Some(mut server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    server.stop();
    for i in 0..200 {
        register(&app, &format!("pemohon{i}@example.com"));
    }
    let mut failed = 0;
    loop {
        let r = run(&app, &server);
        if r == RunReport::default() {
            break;
        }
        assert_eq!((r.sent, r.dead), (0, 0), "nothing sent, nothing lost while the server is down");
        failed += r.retried;
    }
    assert_eq!(failed, 200);

    server.resume();
    // Later than any first backoff (2 minutes plus a fifth).
    app.clock.set(app.clock.now() + chrono::Duration::minutes(3));
    let mut sent = 0;
    loop {
        let r = run(&app, &server);
        if r == RunReport::default() {
            break;
        }
        sent += r.sent;
    }
    assert_eq!(sent, 200);
    let ids: std::collections::BTreeSet<String> = server
        .messages()
        .iter()
        .map(|m| {
            let parsed = mailparse::parse_mail(m).unwrap();
            parsed.headers.iter().find(|h| h.get_key().eq_ignore_ascii_case("Message-ID")).unwrap().get_value()
        })
        .collect();
    assert_eq!((server.messages().len(), ids.len()), (200, 200), "every receipt exactly once");
}

#[tokio::test]
async fn the_requester_is_told_of_the_extension_and_the_written_notice_in_their_language() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let r = {
        let mut conn = app.db.get().unwrap();
        let mut input = Office::new_request(wib_morning("2025-03-21"));
        input.requester.email = "ana@example.com".into();
        input.requester.language = "en".into();
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
    };
    {
        let mut conn = app.db.get().unwrap();
        let now = app.clock.now();
        let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 21).unwrap();
        let extend = cases::RequestCommand::Extend { notified_on: day, reason: "Records are in three units.".into() };
        cases::request_command(&mut conn, CAL, &r.request.id, None, &extend, &Office::officer(), now).unwrap();
        let decision = terbuka::domain::request::DecisionInput {
            kind: "refused_exempt".into(),
            art17_ground: Some("h".into()),
            consequence_test: Some("Personal data of scholarship holders.".into()),
            ..Default::default()
        };
        let notice = cases::RequestCommand::GiveNotice { notice_on: day, decision, electronic: true };
        cases::request_command(&mut conn, CAL, &r.request.id, None, &notice, &Office::officer(), now).unwrap();
    }
    assert_eq!(run(&app, &server).sent, 3);
    let bodies: Vec<(String, String)> = server
        .messages()
        .iter()
        .map(|m| {
            let p = mailparse::parse_mail(m).unwrap();
            let subject = p.headers.iter().find(|h| h.get_key() == "Subject").unwrap().get_value();
            (subject, p.subparts[0].get_body().unwrap())
        })
        .collect();
    let find = |prefix: &str| {
        bodies.iter().find(|(s, _)| s.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix}: {bodies:?}"))
    };
    let (_, extension) = find("The time for request");
    assert!(
        extension.contains("Friday, 25 April 2025") && extension.contains("Records are in three units."),
        "{extension}"
    );
    let (_, notice) = find("Written notice on request");
    assert!(
        notice.contains("Article 17 letter h") && notice.contains("you may object to the atasan PPID by"),
        "{notice}"
    );
    assert!(notice.contains("ppid@kota-contoh.go.id"));
}

#[tokio::test]
async fn a_lost_tracking_link_is_sent_again_to_the_requesters_address_only() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let r = register(&app, "siti.rahmawati@example.com");
    assert_eq!(run(&app, &server).sent, 1, "the receipt");

    let ask = |email: &'static str| {
        let app = &app;
        let number = r.request.registration_number.clone();
        async move {
            let page = app.get("/lacak").await;
            let cookie = page.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
            let html = page.text().await.unwrap();
            let csrf = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
            let res = app
                .client
                .post(format!("{}/lacak", app.address))
                .header("Cookie", cookie)
                .form(&[("csrf_token", csrf), ("email", email.to_owned()), ("nomor", number)])
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    // A wrong address gets the same answer, and nothing is sent.
    let (status, wrong) = ask("orang.lain@example.com").await;
    assert_eq!(status, 200);
    assert!(wrong.contains("Jika alamat email dan nomor itu cocok"));
    assert_eq!(run(&app, &server).sent, 0);
    // The right one: a further link by mail; the receipt's link keeps working (whoever knows an address and a
    // number cannot break the requester's link).
    let (_, right) = ask("Siti.Rahmawati@example.com").await;
    assert_eq!(right.replace(char::is_whitespace, ""), wrong.replace(char::is_whitespace, ""), "the same answer");
    assert_eq!(run(&app, &server).sent, 1);
    assert_eq!(app.get(&format!("/lacak/{}", r.tracking_token)).await.status(), 200, "the receipt's link still works");
    let newest = server
        .messages()
        .into_iter()
        .map(|m| mailparse::parse_mail(&m).unwrap().subparts[0].get_body().unwrap())
        .find(|b| b.contains("Tautan yang sudah Anda miliki tetap berlaku"))
        .unwrap();
    let link =
        newest.split(&format!("{}/lacak/", app.address)).nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    assert_eq!(app.get(&format!("/lacak/{link}")).await.status(), 200);
}

#[tokio::test]
async fn the_objector_gets_the_objection_receipt_and_the_atasan_decision_with_the_window_to_go_to_the_ki() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let r = register(&app, "siti.rahmawati@example.com");
    {
        let mut conn = app.db.get().unwrap();
        let now = app.clock.now();
        let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 21).unwrap();
        let decision = terbuka::domain::request::DecisionInput {
            kind: "refused_exempt".into(),
            art17_ground: Some("a".into()),
            consequence_test: Some("Menghambat penyidikan.".into()),
            ..Default::default()
        };
        let notice = cases::RequestCommand::GiveNotice { notice_on: day, decision, electronic: true };
        cases::request_command(&mut conn, CAL, &r.request.id, None, &notice, &Office::officer(), now).unwrap();
        let objection = cases::file_objection(
            &mut conn,
            CAL,
            &test_secrets(),
            &cases::NewObjection {
                request_id: Some(r.request.id.clone()),
                body: None,
                requester: None,
                grounds: vec![terbuka::domain::objection::ObjectionGround::RefusedExempt],
                periodic_date: None,
                summary: "Bukan bagian penyidikan.".into(),
                channel: terbuka::domain::request::Channel::Web,
                received_at: now,
                online: true,
                representative_name: String::new(),
            },
            &Office::officer(),
            now,
        )
        .unwrap();
        let decide = cases::ObjectionCommand::Decide {
            decided_on: day,
            outcome: terbuka::domain::objection::AtasanOutcome::Upheld,
            reasons: "Termasuk informasi yang dikecualikan.".into(),
            atasan_name: "Dr. Hendra".into(),
            atasan_position: "Sekretaris Daerah".into(),
            order: None,
            electronic: true,
        };
        cases::objection_command(&mut conn, CAL, &objection.id, None, &decide, &Office::officer(), now).unwrap();
    }
    assert_eq!(run(&app, &server).sent, 4, "receipt, notice, objection receipt, decision");
    let texts: Vec<String> =
        server.messages().iter().map(|m| mailparse::parse_mail(m).unwrap().subparts[0].get_body().unwrap()).collect();
    let receipt = texts.iter().find(|t| t.contains("Keberatan Anda kepada")).expect("objection receipt");
    assert!(receipt.contains("Atasan PPID wajib memberi tanggapan tertulis paling lambat"), "{receipt}");
    let decision = texts.iter().find(|t| t.contains("Menguatkan tanggapan PPID")).expect("decision");
    assert!(
        decision.contains("mengajukan sengketa informasi kepada KI Provinsi Jawa Barat paling lambat"),
        "{decision}"
    );
}

#[tokio::test]
async fn the_planner_tells_the_requester_once_that_the_body_missed_its_deadline_and_not_after_a_decision() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let unanswered = register(&app, "lewat@example.com");
    let answered = register(&app, "dijawab@example.com");
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    {
        let mut conn = app.db.get().unwrap();
        let decision = terbuka::domain::request::DecisionInput {
            kind: "refused_exempt".into(),
            art17_ground: Some("h".into()),
            consequence_test: Some("Personal data of scholarship holders.".into()),
            ..Default::default()
        };
        let notice = cases::RequestCommand::GiveNotice { notice_on: day("2025-04-14"), decision, electronic: true };
        cases::request_command(
            &mut conn,
            CAL,
            &answered.request.id,
            None,
            &notice,
            &Office::officer(),
            app.clock.now(),
        )
        .unwrap();
    }
    assert_eq!(run(&app, &server).sent, 3, "two receipts and one written notice");

    // On the deadline day itself (15 April 2025) nothing is overdue yet.
    let mut conn = app.db.get().unwrap();
    assert_eq!(mail::plan(&mut conn, &test_secrets(), plan_settings(), day("2025-04-15"), app.clock.now()).unwrap(), 0);
    // The next working day it is; a second run (or a second instance) plans nothing more.
    app.clock.set(wib_morning("2025-04-16"));
    assert_eq!(mail::plan(&mut conn, &test_secrets(), plan_settings(), day("2025-04-16"), app.clock.now()).unwrap(), 1);
    assert_eq!(mail::plan(&mut conn, &test_secrets(), plan_settings(), day("2025-04-16"), app.clock.now()).unwrap(), 0);
    assert_eq!(
        mail::plan(&mut conn, &test_secrets(), plan_settings(), day("2025-04-22"), app.clock.now()).unwrap(),
        0,
        "one per request, ever"
    );
    assert_eq!(run(&app, &server).sent, 1);

    let messages = server.messages();
    let overdue: Vec<_> = messages
        .iter()
        .map(|m| mailparse::parse_mail(m).unwrap())
        .filter(|p| p.headers.iter().any(|h| h.get_key() == "Subject" && h.get_value().starts_with("Batas waktu")))
        .map(|p| {
            let to = p.headers.iter().find(|h| h.get_key() == "To").unwrap().get_value();
            (to, p.subparts[0].get_body().unwrap())
        })
        .collect();
    assert_eq!(overdue.len(), 1, "the decided request gets no overdue notice");
    let (to, text) = &overdue[0];
    assert!(to.contains("lewat@example.com"), "{to}");
    let number = &unanswered.request.registration_number;
    assert!(messages.iter().any(|m| {
        let p = mailparse::parse_mail(m).unwrap();
        p.headers.iter().any(|h| h.get_key() == "Subject" && h.get_value().ends_with(&format!("{number} sudah lewat")))
    }));
    assert!(text.contains("Selasa, 15 April 2025") && text.contains("Pasal 35 ayat (1) huruf c"), "{text}");
    assert!(text.contains("Keberatan dapat diajukan paling lambat"), "{text}");
}

#[tokio::test]
async fn a_refused_address_is_marked_on_the_request_and_the_officer_records_sending_the_notice_by_post() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let refused = register(&app, "tolak.pos@example.com");
    let fine = register(&app, "budi@example.com");
    assert_eq!(run(&app, &server).dead, 1);
    let utama = crate::helpers::signed_in_account(
        &app,
        "utama",
        terbuka::domain::account::Role::PpidUtama,
        Some("kota-contoh"),
        None,
        None,
    );
    let get = |path: String| {
        let (client, cookie) = (app.client.clone(), utama.clone());
        async move {
            let res = client.get(path).header("Cookie", cookie).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.text().await.unwrap()
        }
    };
    let case = format!("{}/ruang-kerja/permohonan/{}", app.address, refused.request.id);

    // The queue names the task; the case page says the address is refused and what to do.
    let queue = get(format!("{}/ruang-kerja", app.address)).await;
    assert!(queue.contains("Surel tidak sampai") && queue.contains(&refused.request.registration_number), "{queue}");
    assert!(!queue.contains(&format!(
        "/ruang-kerja/permohonan/{}\">{}</a> — ",
        fine.request.id, fine.request.registration_number
    )));
    let html = get(case.clone()).await;
    assert!(html.contains("Alamat surel pemohon ditolak.") && html.contains("550"), "{html}");
    assert!(html.contains("Tanda terima permohonan — dibuat"), "{html}");
    let other = get(format!("{}/ruang-kerja/permohonan/{}", app.address, fine.request.id)).await;
    assert!(!other.contains("Alamat surel pemohon ditolak.") && !other.contains("Surel yang tidak sampai"));

    // Recording it without saying how is refused and changes nothing; with the how, it is recorded once.
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let action = html.split("action=\"").find(|s| s.contains("/surel/")).unwrap().split('"').next().unwrap().to_owned();
    let post = |note: &str| {
        let form = [("csrf_token", token.clone()), ("catatan", note.to_owned())];
        app.client.post(format!("{}{action}", app.address)).header("Cookie", utama.clone()).form(&form).send()
    };
    let res = post("  ").await.unwrap();
    assert_eq!(res.status(), 303);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    let html = get(format!("{}{back}", app.address)).await;
    assert!(html.contains("Tulis bagaimana pemberitahuan itu disampaikan"), "{html}");
    let res = post("Pos tercatat RR123456789ID").await.unwrap();
    assert!(res.headers()["location"].to_str().unwrap().ends_with("?selesai=surel"));
    let html = get(case.clone()).await;
    assert!(
        html.contains("Sudah disampaikan dengan cara lain") && html.contains("Pos tercatat RR123456789ID"),
        "{html}"
    );
    let res = post("lagi").await.unwrap();
    assert!(res.headers()["location"].to_str().unwrap().ends_with("?masalah=surel-sudah"));
    let queue = get(format!("{}/ruang-kerja", app.address)).await;
    assert!(!queue.contains("Surel tidak sampai"), "handled: no longer a task");

    // The atasan reads the request but records nothing on it.
    let atasan = crate::helpers::signed_in_account(
        &app,
        "atasan",
        terbuka::domain::account::Role::AtasanPpid,
        Some("kota-contoh"),
        None,
        None,
    );
    let res = app
        .client
        .post(format!("{}{action}", app.address))
        .header("Cookie", atasan)
        .form(&[("csrf_token", "x"), ("catatan", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn staff_hear_of_new_requests_routing_and_objections_and_get_one_daily_digest_on_working_days() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    let mut conn = app.db.get().unwrap();
    let unit =
        terbuka::service::bodies::UnitInput { slug: "dinas".into(), name: "Dinas Pendidikan".into(), time_zone: None };
    terbuka::service::bodies::create_unit(&mut conn, "kota-contoh", &unit, now).unwrap();
    let account = |username: &str, email: &str, role: &str, unit: Option<&str>| terbuka::service::accounts::NewUser {
        username: username.into(),
        name: username.into(),
        email: email.into(),
        role: role.into(),
        body: Some("kota-contoh".into()),
        unit: unit.map(str::to_owned),
        jurisdiction: None,
    };
    for user in [
        account("utama", "utama@kota-contoh.go.id", "ppid_utama", None),
        account("tanpa-surel", "", "ppid_utama", None),
        account("pelaksana", "dinas@kota-contoh.go.id", "ppid_pelaksana", Some("dinas")),
        account("atasan", "sekda@kota-contoh.go.id", "atasan_ppid", None),
    ] {
        terbuka::service::accounts::create_user(&mut conn, &user, now).unwrap();
    }
    drop(conn);

    // A new request (received Friday 21 March 2025): the PPID Utama hears of it; routed, the unit's officer.
    let r = register(&app, "pemohon@example.com");
    let mut conn = app.db.get().unwrap();
    let route = cases::RequestCommand::Route { unit: Some("dinas".into()), reason: "Data beasiswa.".into() };
    cases::request_command(&mut conn, CAL, &r.request.id, None, &route, &Office::officer(), now).unwrap();

    // Digest: the deadline is Tuesday 15 April; on Friday 11 April it is due within 3 working days.
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(
        mail::plan(&mut conn, &test_secrets(), plan_settings(), day("2025-04-09"), now).unwrap(),
        0,
        "not due soon yet"
    );
    assert_eq!(
        mail::plan(&mut conn, &test_secrets(), plan_settings(), day("2025-04-12"), now).unwrap(),
        0,
        "Saturday: no digest"
    );
    assert_eq!(
        mail::plan(&mut conn, &test_secrets(), plan_settings(), day("2025-04-11"), now).unwrap(),
        2,
        "the Utama and the unit"
    );
    assert_eq!(
        mail::plan(&mut conn, &test_secrets(), plan_settings(), day("2025-04-11"), now).unwrap(),
        0,
        "once a day"
    );

    // An objection: the atasan hears of it.
    app.clock.set(wib_morning("2025-04-17"));
    let now = app.clock.now();
    let objection = cases::file_objection(
        &mut conn,
        CAL,
        &test_secrets(),
        &cases::NewObjection {
            request_id: Some(r.request.id.clone()),
            body: None,
            requester: None,
            grounds: vec![terbuka::domain::objection::ObjectionGround::NoResponse],
            periodic_date: None,
            summary: "Tidak ditanggapi.".into(),
            channel: terbuka::domain::request::Channel::Letter,
            received_at: wib_morning("2025-04-17"),
            online: false,
            representative_name: String::new(),
        },
        &Office::officer(),
        now,
    )
    .unwrap();
    drop(conn);
    assert_eq!(run(&app, &server), RunReport { sent: 7, ..Default::default() }, "and the requester's two");

    let mut got: Vec<(String, String, String)> = server
        .messages()
        .iter()
        .map(|m| {
            let p = mailparse::parse_mail(m).unwrap();
            let h = |k: &str| p.headers.iter().find(|h| h.get_key() == k).unwrap().get_value();
            (h("To"), h("Subject"), p.subparts[0].get_body().unwrap())
        })
        .filter(|(to, _, _)| to.contains("@kota-contoh.go.id"))
        .collect();
    got.sort();
    let number = &r.request.registration_number;
    let summary: Vec<(&str, &str)> = got.iter().map(|(to, subject, _)| (to.as_str(), subject.as_str())).collect();
    assert_eq!(
        summary,
        [
            ("dinas@kota-contoh.go.id", "1 pekerjaan perlu perhatian — Jumat, 11 April 2025"),
            ("dinas@kota-contoh.go.id", format!("Permohonan {number} dialihkan kepada Anda").as_str()),
            ("sekda@kota-contoh.go.id", format!("Keberatan baru {}", objection.registration_number).as_str()),
            ("utama@kota-contoh.go.id", "1 pekerjaan perlu perhatian — Jumat, 11 April 2025"),
            ("utama@kota-contoh.go.id", format!("Permohonan baru {number}").as_str()),
        ]
    );
    let text = |subject: &str| &got.iter().find(|(_, s, _)| s.starts_with(subject)).unwrap().2;
    let new_request = text("Permohonan baru");
    assert!(new_request.contains(&format!("{}/ruang-kerja/permohonan/{}", app.address, r.request.id)), "{new_request}");
    assert!(new_request.contains("Selasa, 15 April 2025"), "{new_request}");
    assert!(text("Permohonan 0").contains("Dinas Pendidikan") && text("Permohonan 0").contains("Data beasiswa."));
    let digest = text("1 pekerjaan");
    assert!(
        digest.contains(&format!("Permohonan {number} — Segera jatuh tempo, batas Selasa, 15 April 2025")),
        "{digest}"
    );
    assert!(text("Keberatan baru").contains(&format!("{}/ruang-kerja/keberatan/{}", app.address, objection.id)));
}

/// Registers a request and gives its written notice (a refusal, or a grant) on 25 March 2025.
fn decided(app: &TestApp, email: &str, refused: bool) -> cases::Registration {
    let r = register(app, email);
    let mut conn = app.db.get().unwrap();
    let decision = if refused {
        terbuka::domain::request::DecisionInput {
            kind: "refused_exempt".into(),
            art17_ground: Some("h".into()),
            consequence_test: Some("Data pribadi.".into()),
            ..Default::default()
        }
    } else {
        terbuka::domain::request::DecisionInput {
            kind: "granted".into(),
            form: Some(terbuka::domain::request::InfoForm::Softcopy),
            provide_by: Some(chrono::NaiveDate::from_ymd_opt(2025, 3, 28).unwrap()),
            ..Default::default()
        }
    };
    let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 25).unwrap();
    let notice = cases::RequestCommand::GiveNotice { notice_on: day, decision, electronic: true };
    cases::request_command(&mut conn, CAL, &r.request.id, None, &notice, &Office::officer(), app.clock.now()).unwrap();
    r
}

#[tokio::test]
async fn requesters_are_reminded_once_before_a_window_closes_unless_done_or_opted_out_in_one_click() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let refused = decided(&app, "ditolak@example.com", true);
    let granted = decided(&app, "diberi@example.com", false);
    let objected = decided(&app, "keberatan@example.com", true);
    let quiet = decided(&app, "diam@example.com", true);
    assert_eq!(run(&app, &server).sent, 8, "receipts and notices");

    let mut conn = app.db.get().unwrap();
    let c3 = terbuka::db::repo::cases::request(&mut conn, &refused.request.id).unwrap().unwrap().c3_due.unwrap();
    assert_eq!(c3, chrono::NaiveDate::from_ymd_opt(2025, 5, 21).unwrap(), "30 working days after the notice");
    // An objection filed: nothing to remind of.
    let objection = cases::file_objection(
        &mut conn,
        CAL,
        &test_secrets(),
        &cases::NewObjection {
            request_id: Some(objected.request.id.clone()),
            body: None,
            requester: None,
            grounds: vec![terbuka::domain::objection::ObjectionGround::RefusedExempt],
            periodic_date: None,
            summary: "Informasi itu tidak dikecualikan.".into(),
            channel: terbuka::domain::request::Channel::Letter,
            received_at: wib_morning("2025-03-27"),
            online: false,
            representative_name: String::new(),
        },
        &Office::officer(),
        app.clock.now(),
    )
    .unwrap();
    drop(conn);
    assert_eq!(run(&app, &server).sent, 1, "the objection's receipt");

    // The quiet requester stops reminders with the link of their first reminder-type mail: mint it as the
    // planner would, open it, and press the button.
    let token = mail::opt_out_token(&test_secrets(), &quiet.request.requester_id);
    let page = app.client.get(format!("{}/surel/berhenti/{token}", app.address)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Pemberitahuan resmi"));
    let done = app.client.post(format!("{}/surel/berhenti/{token}", app.address)).send().await.unwrap();
    assert_eq!(done.status(), 200, "one click, no cookie or form token");
    assert!(done.text().await.unwrap().contains("Selesai."));
    let forged = format!("{}.AAAA", quiet.request.requester_id);
    let bad = app.client.post(format!("{}/surel/berhenti/{forged}", app.address)).send().await.unwrap();
    assert_eq!(bad.status(), 404);

    let mut conn = app.db.get().unwrap();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let plan = |conn: &mut terbuka::db::DbConn, d: &str| {
        mail::plan(conn, &test_secrets(), plan_settings(), day(d), wib_morning(d)).unwrap()
    };
    assert_eq!(plan(&mut conn, "2025-05-07"), 0, "two weeks before: too early");
    assert_eq!(plan(&mut conn, "2025-05-19"), 1, "two working days before: the refused requester only");
    assert_eq!(plan(&mut conn, "2025-05-20"), 0, "once");
    drop(conn);
    app.clock.set(wib_morning("2025-05-20"));
    assert_eq!(run(&app, &server).sent, 1);
    let reminders: Vec<Vec<u8>> =
        server
            .messages()
            .into_iter()
            .filter(|m| {
                mailparse::parse_mail(m).unwrap().headers.iter().any(|h| {
                    h.get_key() == "Subject" && h.get_value().starts_with("Pengingat: batas mengajukan keberatan")
                })
            })
            .collect();
    assert_eq!(reminders.len(), 1, "one reminder: not the granted, objected or opted-out requesters");
    let parsed = mailparse::parse_mail(&reminders[0]).unwrap();
    let header = |k: &str| parsed.headers.iter().find(|h| h.get_key() == k).map(|h| h.get_value());
    assert!(header("To").unwrap().contains("ditolak@example.com"));
    let unsubscribe = header("List-Unsubscribe").unwrap();
    assert!(unsubscribe.starts_with(&format!("<{}/surel/berhenti/", app.address)), "{unsubscribe}");
    assert_eq!(header("List-Unsubscribe-Post").unwrap(), "List-Unsubscribe=One-Click");
    let text = parsed.subparts[0].get_body().unwrap();
    assert!(text.contains("Rabu, 21 Mei 2025") && text.contains("Berhenti menerima pengingat: http"), "{text}");
    let _ = granted;

    // The atasan upholds the refusal: a reminder before the window to go to the KI closes.
    let mut conn = app.db.get().unwrap();
    let decide = cases::ObjectionCommand::Decide {
        decided_on: day("2025-04-08"),
        outcome: terbuka::domain::objection::AtasanOutcome::Upheld,
        reasons: "Dikecualikan.".into(),
        atasan_name: "Sekretaris Daerah".into(),
        atasan_position: "Sekretaris Daerah".into(),
        order: None,
        electronic: true,
    };
    let objection =
        cases::objection_command(&mut conn, CAL, &objection.id, None, &decide, &Office::officer(), app.clock.now())
            .unwrap();
    let c5 = objection.c5_due.unwrap();
    let stored = terbuka::db::repo::cases::objection(&mut conn, &objection.id).unwrap().unwrap();
    assert_eq!(stored.c5_due, Some(c5), "the window moved by the decision is stored");
    let before = c5 - chrono::Duration::days(2);
    assert_eq!(plan(&mut conn, &before.to_string()), 1);
    assert_eq!(plan(&mut conn, &before.to_string()), 0);
    drop(conn);
    assert_eq!(run(&app, &server).sent, 2, "the atasan's decision and the reminder");
    assert!(server.messages().iter().any(|m| {
        String::from_utf8_lossy(m).contains("Pengingat: batas mengajukan sengketa")
            || mailparse::parse_mail(m)
                .unwrap()
                .headers
                .iter()
                .any(|h| h.get_value().starts_with("Pengingat: batas mengajukan sengketa"))
    }));
}

#[tokio::test]
async fn a_new_account_gets_its_invitation_and_a_forgotten_password_a_one_hour_link_by_mail() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    let mut conn = app.db.get().unwrap();
    let input = terbuka::service::accounts::NewUser {
        username: "rina".into(),
        name: "Rina Wulandari".into(),
        email: "rina@kota-contoh.go.id".into(),
        role: "ppid_utama".into(),
        body: Some("kota-contoh".into()),
        ..Default::default()
    };
    let (invitation, mailed) =
        terbuka::service::accounts::invite_user(&mut conn, &test_secrets(), &input, now).unwrap();
    assert!(mailed);
    drop(conn);
    assert_eq!(run(&app, &server).sent, 1);
    let find = |subject_start: &str| {
        server.messages().into_iter().find_map(|m| {
            let p = mailparse::parse_mail(&m).unwrap();
            let subject = p.headers.iter().find(|h| h.get_key() == "Subject").unwrap().get_value();
            subject.starts_with(subject_start).then(|| p.subparts[0].get_body().unwrap())
        })
    };
    let invite = find("Akun Anda di").expect("the invitation");
    let link = format!("{}/masuk/sandi/{}", app.address, invitation.token);
    assert!(invite.contains(&link) && invite.contains("rina (PPID Utama)"), "{invite}");
    assert!(app.client.get(&link).send().await.unwrap().status() == 200);

    // She sets a password with it; later she forgets it and asks for a link by her address.
    let mut conn = app.db.get().unwrap();
    terbuka::service::accounts::set_password_with_link(
        &mut conn,
        &invitation.token,
        "kata sandi yang panjang sekali",
        "kata sandi yang panjang sekali",
        now,
    )
    .unwrap()
    .unwrap();
    drop(conn);
    let ask = |who: &'static str| {
        let app = &app;
        async move {
            let page = app.get("/masuk/lupa").await;
            let cookie = page.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
            let html = page.text().await.unwrap();
            let csrf = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
            let res = app
                .client
                .post(format!("{}/masuk/lupa", app.address))
                .header("Cookie", cookie)
                .form(&[("csrf_token", csrf), ("who", who.to_owned())])
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, unknown) = ask("tidak.ada@example.com").await;
    assert_eq!(status, 200);
    assert!(unknown.contains("Jika nama pengguna atau alamat itu milik sebuah akun"));
    assert_eq!(run(&app, &server).sent, 0, "nobody to write to");
    let (status, known) = ask("RINA@kota-contoh.go.id").await;
    assert_eq!((status, known), (200, unknown), "the same answer");
    assert_eq!(run(&app, &server).sent, 1);
    let reset = find("Mengatur ulang kata sandi").expect("the reset mail");
    assert!(reset.contains("abaikan surel ini"), "{reset}");
    let token = reset.split("/masuk/sandi/").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();

    // Her password still works until the link is used; the link works for an hour, once.
    let mut conn = app.db.get().unwrap();
    let signed = terbuka::service::accounts::sign_in(
        &mut conn,
        &test_secrets(),
        "rina",
        "kata sandi yang panjang sekali",
        crate::helpers::NO_CLIENT,
        now,
    )
    .unwrap();
    assert!(signed.is_ok(), "asking for a link locks nobody out");
    let later = now + chrono::Duration::minutes(61);
    assert!(terbuka::service::accounts::link_usable(&mut conn, &token, later).unwrap().is_none(), "an hour only");
    let new = "sandi baru yang juga panjang";
    terbuka::service::accounts::set_password_with_link(&mut conn, &token, new, new, now).unwrap().unwrap();
    assert!(terbuka::service::accounts::link_usable(&mut conn, &token, now).unwrap().is_none(), "once");
    assert!(
        terbuka::service::accounts::sign_in(&mut conn, &test_secrets(), "rina", new, crate::helpers::NO_CLIENT, now)
            .unwrap()
            .is_ok()
    );
}

#[tokio::test]
async fn ki_auditors_get_a_weekly_digest_of_overdue_requests_in_their_jurisdiction() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    let now = app.clock.now();
    create_standard_body(&app.db, now);
    let mut conn = app.db.get().unwrap();
    let auditor = terbuka::service::accounts::NewUser {
        username: "kid".into(),
        name: "Auditor KID".into(),
        email: "auditor@kip.jabarprov.go.id".into(),
        role: "ki_auditor".into(),
        jurisdiction: Some("jawa-barat".into()),
        ..Default::default()
    };
    terbuka::service::accounts::create_user(&mut conn, &auditor, now).unwrap();
    drop(conn);
    let r = register(&app, "pemohon@example.com");
    assert_eq!(run(&app, &server).sent, 1, "the receipt");

    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut conn = app.db.get().unwrap();
    let plan = |conn: &mut terbuka::db::DbConn, d: &str| {
        mail::plan(conn, &test_secrets(), plan_settings(), day(d), wib_morning(d)).unwrap()
    };
    assert_eq!(plan(&mut conn, "2025-04-14"), 0, "Monday 14 April: nothing overdue yet");
    // Monday 21 April: the deadline (15 April) has passed. The requester's overdue notice and the KI's digest.
    assert_eq!(plan(&mut conn, "2025-04-21"), 2);
    assert_eq!(plan(&mut conn, "2025-04-22"), 0, "once a week");
    assert_eq!(plan(&mut conn, "2025-04-28"), 1, "the next week again");
    drop(conn);
    app.clock.set(wib_morning("2025-04-28"));
    assert_eq!(run(&app, &server).sent, 3);
    let digests: Vec<String> = server
        .messages()
        .iter()
        .map(|m| mailparse::parse_mail(m).unwrap())
        .filter(|p| p.headers.iter().any(|h| h.get_key() == "To" && h.get_value().contains("auditor@kip")))
        .map(|p| {
            let subject = p.headers.iter().find(|h| h.get_key() == "Subject").unwrap().get_value();
            format!("{subject}\n{}", p.subparts[0].get_body().unwrap())
        })
        .collect();
    assert_eq!(digests.len(), 2);
    assert!(
        digests.iter().any(|d| d.starts_with("1 permohonan lewat batas waktu di wilayah Anda — Senin, 21 April 2025"))
    );
    assert!(digests[0].contains("Pemerintah Kota Contoh: 1"), "{}", digests[0]);
    assert!(!digests[0].contains(&r.request.registration_number), "counts only, no case details");
}

#[tokio::test]
async fn two_planners_at_once_plan_each_mail_once_and_a_reminder_overtaken_before_sending_is_withdrawn() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let requests: Vec<cases::Registration> =
        (0..6).map(|i| decided(&app, &format!("pemohon{i}@example.com"), true)).collect();
    assert_eq!(run(&app, &server).sent, 12, "receipts and notices");

    // Two instances plan the same day at the same moment: each reminder is planned once between them.
    let day = chrono::NaiveDate::from_ymd_opt(2025, 5, 19).unwrap();
    let now = wib_morning("2025-05-19");
    let planners: Vec<_> = (0..2)
        .map(|_| {
            let db = app.db.clone();
            std::thread::spawn(move || {
                let mut conn = db.get().unwrap();
                mail::plan(&mut conn, &test_secrets(), plan_settings(), day, now).unwrap()
            })
        })
        .collect();
    let planned: usize = planners.into_iter().map(|p| p.join().unwrap()).sum();
    assert_eq!(planned, 6, "one reminder per request, whichever instance planned it");
    let mut conn = app.db.get().unwrap();
    let pending = terbuka::db::repo::mail::by_status(&mut conn, "pending").unwrap();
    assert_eq!(pending.len(), 6);

    // Before the worker sends them, one requester objects and another opts out: theirs are withdrawn, unsent.
    cases::file_objection(
        &mut conn,
        CAL,
        &test_secrets(),
        &cases::NewObjection {
            request_id: Some(requests[0].request.id.clone()),
            body: None,
            requester: None,
            grounds: vec![terbuka::domain::objection::ObjectionGround::RefusedExempt],
            periodic_date: None,
            summary: "Keberatan.".into(),
            channel: terbuka::domain::request::Channel::Letter,
            received_at: wib_morning("2025-05-19"),
            online: false,
            representative_name: String::new(),
        },
        &Office::officer(),
        now,
    )
    .unwrap();
    let token = mail::opt_out_token(&test_secrets(), &requests[1].request.requester_id);
    assert!(mail::opt_out(&mut conn, &test_secrets(), &token, now).unwrap());
    drop(conn);
    app.clock.set(now);
    let report = run(&app, &server);
    assert_eq!((report.sent, report.withdrawn), (5, 2), "4 reminders and the objection's receipt; 2 withdrawn");
    let to_objector = server.messages().iter().any(|m| {
        let p = mailparse::parse_mail(m).unwrap();
        let h = |k: &str| p.headers.iter().find(|h| h.get_key() == k).unwrap().get_value();
        h("To").contains("pemohon0@") && h("Subject").starts_with("Pengingat")
    });
    assert!(!to_objector, "the requester who objected got no reminder to object");
}

/// Mail written to files (development, or an outside relay that picks them up) is the instance user's alone.
#[cfg(unix)]
#[tokio::test]
async fn mail_written_to_files_is_readable_by_the_instance_user_alone() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    register(&app, "siti.rahmawati@example.com");
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("surel").join("keluar");
    let settings =
        MailSettings { transport: MailTransport::File { dir: dir.clone() }, from: "ppid@kota-contoh.go.id".into() };
    let transport = Transport::from_settings(&settings).unwrap();
    assert_eq!(pass(&app, &transport, &settings.from).sent, 1);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!((mode(&root.path().join("surel")), mode(&dir)), (0o700, 0o700));
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    assert_eq!(mode(&files[0]), 0o600, "{}", files[0].display());
}
