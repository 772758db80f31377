//! How the outbox is sent when things go slowly or pile up: leases renewed per message and honoured to the end, a
//! hung mail server given up on within the lease, and passes that keep sending while the batches come back full.

use terbuka::config::{MailSettings, MailTransport};
use terbuka::db::repo::mail as repo;
use terbuka::domain::clock::Clock;
use terbuka::service::outbox::{self, LEASE, RunReport, Sender, Transport};

use crate::helpers::{create_standard_body, spawn_app, test_secrets};
use crate::mail::{BUDGET, composer, pass, register, smtp};

/// The test's clock, counting how often it was read (to know when a pass has read the time it renews leases at);
/// each reading is a millisecond later than the one before, so a renewed lease differs from the claimed one.
#[derive(Debug)]
struct Watched {
    clock: std::sync::Arc<terbuka::domain::clock::FixedClock>,
    reads: std::sync::atomic::AtomicUsize,
}

impl Clock for Watched {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let n = self.reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.clock.now() + chrono::Duration::milliseconds(n as i64)
    }
}

fn message_ids(raw: &[Vec<u8>]) -> Vec<String> {
    let mut ids: Vec<String> = raw
        .iter()
        .map(|m| {
            let parsed = mailparse::parse_mail(m).unwrap();
            parsed.headers.iter().find(|h| h.get_key().eq_ignore_ascii_case("Message-ID")).unwrap().get_value()
        })
        .collect();
    ids.sort();
    ids
}

/// The fault test's case: a mail server that hangs on one mail for longer than the lease of the batch behind it.
/// Another instance claims the batch and sends it; the hung pass, once it gets going again, sends none of it a
/// second time and writes nothing over the other instance's records. (Before, it sent every row it had claimed:
/// 18 of 25 receipts went twice.)
#[tokio::test]
async fn a_mail_server_hanging_past_the_lease_makes_no_mail_go_twice_with_two_instances() {
    let Some(server) = smtp() else { return };
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    // The hung mail is due first; the four others a second later.
    register(&app, "lambat@example.com");
    app.clock.set(app.clock.now() + chrono::Duration::seconds(1));
    for i in 0..4 {
        register(&app, &format!("pemohon{i}@example.com"));
    }
    // The server answers the hung mail's RCPT after 3 s; both instances give up on an exchange after 1 s, and send
    // one message at a time (so that the hung one holds up the rest of A's batch).
    let mut settings = server.settings();
    if let MailTransport::Smtp { timeout, connections, .. } = &mut settings.transport {
        *timeout = std::time::Duration::from_secs(1);
        *connections = 1;
    }

    // Instance A claims all five (its first reading of the clock), renews their leases (its second) and starts on
    // the hung one.
    let watched = std::sync::Arc::new(Watched { clock: app.clock.clone(), reads: Default::default() });
    let first = {
        let (db, clock, settings, address) = (app.db.clone(), watched.clone(), settings.clone(), app.address.clone());
        std::thread::spawn(move || {
            let transport = Transport::from_settings(&settings).unwrap();
            let (secrets, composer) = (test_secrets(), crate::mail::composer_for(&address));
            let sender = Sender {
                db: &db,
                secrets: &secrets,
                composer: &composer,
                transport: &transport,
                from: &settings.from,
                clock: &*clock,
            };
            outbox::run_due(&sender, BUDGET).unwrap()
        })
    };
    for _ in 0..500 {
        if watched.reads.load(std::sync::atomic::Ordering::SeqCst) >= 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // A's renewal has committed once every lease ends a millisecond after the claimed one (on PostgreSQL, B's claim
    // would otherwise skip the rows A's renewal still holds locked).
    let renewed = (app.clock.now() + chrono::Duration::milliseconds(1) + LEASE).naive_utc();
    let held = |app: &crate::helpers::TestApp| {
        let mut conn = app.db.get().unwrap();
        let rows = repo::by_status(&mut conn, "pending").unwrap();
        rows.iter().filter(|r| r.lease_holder.is_some() && r.lease_until == Some(renewed)).count()
    };
    for _ in 0..500 {
        if held(&app) == 5 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(held(&app), 5, "instance A claimed the batch and renewed its leases");

    // While A waits, the leases run out (as if the server had hung for longer than the lease) and instance B
    // claims the batch: the hung mail fails for B too, the four others are sent.
    app.clock.set(app.clock.now() + LEASE + chrono::Duration::minutes(1));
    let failed_at = app.clock.now();
    let transport = Transport::from_settings(&settings).unwrap();
    let second = pass(&app, &transport, &settings.from);
    assert_eq!(second, RunReport { sent: 4, retried: 1, ..Default::default() });
    let first = first.join().unwrap();
    assert_eq!(first, RunReport { handed_over: 5, ..Default::default() }, "A sends and records nothing of B's");

    let raw = server.messages();
    let ids = message_ids(&raw);
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!((ids.len(), unique.len()), (4, 4), "each of the four once, the hung one never: {ids:?}");
    // The hung mail is B's record alone: one attempt, tried again counting from the failure.
    let mut conn = app.db.get().unwrap();
    let pending = repo::by_status(&mut conn, "pending").unwrap();
    assert_eq!(pending.len(), 1);
    let hung = &pending[0];
    assert_eq!((hung.recipient.as_str(), hung.attempts, hung.lease_holder.as_deref()), ("lambat@example.com", 1, None));
    assert!(hung.last_error.starts_with("no answer from the mail server within 1 s"), "{}", hung.last_error);
    assert!(hung.next_attempt_at >= (failed_at + chrono::Duration::minutes(2)).naive_utc());
}

/// A pass goes on while the batches come back full (before, one pass sent 50 and the worker slept 10 s: about 5
/// mails a second), and stops at its time budget saying that mail is still due.
#[tokio::test]
async fn a_pass_keeps_sending_while_batches_come_back_full_and_stops_at_its_budget() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    for i in 0..(outbox::BATCH * 2 + 20) {
        register(&app, &format!("pemohon{i}@example.com"));
    }
    let dir = tempfile::tempdir().unwrap();
    let settings = MailSettings {
        transport: MailTransport::File { dir: dir.path().to_owned() },
        from: "ppid@kota-contoh.go.id".into(),
    };
    let transport = Transport::from_settings(&settings).unwrap();
    let (secrets, composer) = (test_secrets(), composer(&app));
    let sender = Sender {
        db: &app.db,
        secrets: &secrets,
        composer: &composer,
        transport: &transport,
        from: &settings.from,
        clock: &*app.clock,
    };

    // No time at all: one batch, and the pass says there is more.
    let short = outbox::run_due(&sender, std::time::Duration::ZERO).unwrap();
    assert_eq!(short, RunReport { sent: outbox::BATCH as usize, more_due: true, ..Default::default() });
    // Time enough: everything else in one pass.
    let long = outbox::run_due(&sender, BUDGET).unwrap();
    assert_eq!(long, RunReport { sent: outbox::BATCH as usize + 20, ..Default::default() });
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), outbox::BATCH as usize * 2 + 20, "each once");
}
