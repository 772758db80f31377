//! `terbuka bench mail`: how fast the outbox empties through a real SMTP server, with one or several workers
//! (instances) at once, and whether every mail arrived exactly once (method: docs/performance.md).

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::cli::CliError;
use crate::config::{MailTransport, Settings};
use crate::db::repo::events::{Actor, ActorKind};
use crate::db::write_tx;
use crate::domain::clock::Clock;
use crate::domain::request::Channel;
use crate::service::ServiceError;
use crate::service::cases::{self, NewRequest, RequesterInput};
use crate::service::outbox::{self, RunReport, Sender, Transport};
use crate::startup::open_database;

use super::seed::{bench_body, refuse_real_data, rss_kib};

/// How long each worker's pass may send before it starts the next (the server's worker uses 20 s too).
const PASS: Duration = Duration::from_secs(20);

pub fn mail(
    settings: &Settings,
    out: &mut dyn Write,
    clock: Arc<dyn Clock>,
    mails: usize,
    instances: usize,
    maildir: Option<&std::path::Path>,
) -> Result<(), CliError> {
    let MailTransport::Smtp { host, port, .. } = &settings.mail.transport else {
        return Err(CliError::Input(
            "bench mail sends through an SMTP server: set mail_transport = \"smtp\" (a local aiosmtpd, say)".into(),
        ));
    };
    if instances == 0 || mails == 0 {
        return Err(CliError::Input("--mails and --instances must be at least 1".into()));
    }
    let opened = open_database(settings, &*clock)?;
    let db = opened.db.clone();
    let now = clock.now();
    {
        let mut conn = db.get()?;
        let conn = &mut *conn;
        refuse_real_data(conn, now)?;
        bench_body(conn, now)?;
        // The receipts: one request per mail, registered at the desk with an address, a thousand per transaction.
        let secrets = settings.resolve_secrets()?;
        let files = crate::files::FileStore::new(settings.upload_dir.clone());
        let officer = Actor::new(ActorKind::Officer, "bench");
        let seed_started = Instant::now();
        let mut made = 0;
        while made < mails {
            let batch = (mails - made).min(1000);
            write_tx(conn, |conn| -> Result<(), ServiceError> {
                for i in made..made + batch {
                    let input = NewRequest {
                        body: "bench".into(),
                        unit: None,
                        requester: RequesterInput {
                            kind: "individual".into(),
                            name: format!("Pemohon {i}"),
                            email: format!("pemohon{i}@bench.example"),
                            address: "Jl. Contoh".into(),
                            language: if i % 5 == 0 { "en" } else { "id" }.into(),
                            ..Default::default()
                        },
                        channel: Channel::Desk,
                        received_at: now - chrono::Duration::minutes(1),
                        information: format!("Informasi nomor {i} tentang anggaran dan kegiatan tahun berjalan."),
                        purpose: "Penelitian".into(),
                        obtain_method: String::new(),
                        delivery_method: String::new(),
                        publish_consent: false,
                        documents: Vec::new(),
                    };
                    cases::register_request(conn, settings.calendar, &secrets, &files, &input, &officer, now)?;
                }
                Ok(())
            })?;
            made += batch;
        }
        writeln!(out, "queued {mails} receipts ({:.1} s)", seed_started.elapsed().as_secs_f64())?;
    }

    // The workers, each with its own SMTP connection, as separate instances would have.
    writeln!(out, "sending through {host}:{port} with {instances} worker(s)")?;
    let rss_before = rss_kib();
    let started = Instant::now();
    let workers: Vec<_> = (0..instances)
        .map(|_| {
            let (db, clock, settings) = (db.clone(), clock.clone(), settings.clone());
            std::thread::spawn(move || -> Result<(RunReport, usize), CliError> {
                let secrets = settings.resolve_secrets()?;
                let transport = Transport::from_settings(&settings.mail).map_err(CliError::Failed)?;
                let composer = crate::views::mail::Composer {
                    views: crate::views::Views::new().map_err(CliError::Failed)?,
                    base_url: settings.base_url(settings.port),
                    instance_name: settings.instance_name.clone(),
                    time_zone: settings.time_zone,
                };
                let sender = Sender {
                    db: &db,
                    secrets: &secrets,
                    composer: &composer,
                    transport: &transport,
                    from: &settings.mail.from,
                    clock: &*clock,
                };
                let (mut total, mut passes) = (RunReport::default(), 0);
                loop {
                    let r = outbox::run_due(&sender, PASS)?;
                    passes += 1;
                    total.add(&r);
                    if !r.more_due && r.sent + r.retried + r.dead + r.handed_over == 0 {
                        return Ok((total, passes));
                    }
                }
            })
        })
        .collect();
    let mut reports = Vec::new();
    for w in workers {
        reports.push(w.join().map_err(|_| CliError::Failed(anyhow::anyhow!("a worker panicked")))??);
    }
    let seconds = started.elapsed().as_secs_f64();
    let sent: usize = reports.iter().map(|(r, _)| r.sent).sum();
    writeln!(out, "sent {sent} in {seconds:.1} s: {:.0} mails a second", sent as f64 / seconds)?;
    for (i, (r, passes)) in reports.iter().enumerate() {
        writeln!(
            out,
            "  worker {}: sent {}, retried {}, dead {}, handed over {} ({passes} passes)",
            i + 1,
            r.sent,
            r.retried,
            r.dead,
            r.handed_over
        )?;
    }
    writeln!(out, "resident memory {} MiB (was {} MiB before sending)", rss_kib() / 1024, rss_before / 1024)?;
    let mut conn = db.get()?;
    let pending = crate::db::repo::mail::by_status(&mut conn, "pending")?.len();
    let dead = crate::db::repo::mail::by_status(&mut conn, "dead")?.len();
    writeln!(out, "outbox: {pending} pending, {dead} dead")?;
    if let Some(dir) = maildir {
        let (received, distinct) = received(dir)?;
        writeln!(out, "maildir: {received} messages, {distinct} distinct Message-IDs")?;
        if received != mails || distinct != mails {
            return Err(CliError::Failed(anyhow::anyhow!(
                "expected each of the {mails} mails exactly once (a maildir that was not empty also gives this)"
            )));
        }
    }
    Ok(())
}

/// Messages in a maildir's `new` and `cur`, and how many distinct Message-IDs they carry.
fn received(dir: &std::path::Path) -> Result<(usize, usize), CliError> {
    let mut ids = std::collections::BTreeSet::new();
    let mut count = 0;
    for sub in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        for entry in entries {
            let text = std::fs::read_to_string(entry?.path())?;
            count += 1;
            if let Some(id) = text.lines().find_map(|l| {
                l.get(..11).filter(|h| h.eq_ignore_ascii_case("message-id:")).map(|_| l[11..].trim().to_owned())
            }) {
                ids.insert(id);
            }
        }
    }
    Ok((count, ids.len()))
}
