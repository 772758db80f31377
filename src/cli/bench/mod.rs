//! `terbuka bench …`: measurements with a written method (docs/performance.md), never timed assertions in tests.
//! Each bench refuses a database that holds public bodies, so it never runs against real data.

mod compliance;
mod mail;
mod seed;
mod soak;

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::TimeZone;
use clap::Subcommand;

use crate::cli::CliError;
use crate::config::Settings;
use crate::db::repo::events::{Actor, ActorKind};
use crate::db::write_tx;
use crate::domain::account::Role;
use crate::domain::clock::Clock;
use crate::domain::request::{Channel, DecisionInput};
use crate::service::cases::{self, NewRequest, RequestCommand, RequesterInput};
use crate::service::{ServiceError, accounts};
use crate::startup::{Application, open_database};
use seed::{bench_body, refuse_real_data, rss_kib};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Fill an empty database with ROWS requests (through the registration path; a third refused, a sixth
    /// extended), then download the internal register as CSV over HTTP as its PPID Utama: time to the first byte,
    /// total time, rows, and how much the process's resident memory grew while streaming.
    RegisterExport {
        #[arg(long, default_value_t = 250_000)]
        rows: usize,
    },
    /// On demo data: CALLS sequential requests for the year summary of the jurisdiction with the most bodies, then
    /// CALLS spread over BODIES randomly chosen bodies' year summaries; p50, p95 and max.
    Compliance {
        #[arg(long, default_value_t = 200)]
        calls: usize,
        #[arg(long, default_value_t = 20)]
        bodies: usize,
        /// Default: last year.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// On demo data: the public page of a decided request (eight events) against a static hello page, each
    /// served pinned to core 0 with INFO logging, loaded by `wrk -t1` pinned to core 1, RUNS alternating runs.
    PublicPage {
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[arg(long, default_value_t = 64)]
        connections: u32,
    },
    /// On an empty database: queue MAILS receipts (registering as many requests with an address), then send the
    /// outbox through the configured SMTP server with INSTANCES workers at once, as that many instances would:
    /// mails a second, and each worker's share. With --maildir (the server's maildir), checks that every mail
    /// arrived exactly once.
    Mail {
        #[arg(long, default_value_t = 20_000)]
        mails: usize,
        #[arg(long, default_value_t = 1)]
        instances: usize,
        #[arg(long)]
        maildir: Option<std::path::PathBuf>,
    },
    /// On an empty database: `terbuka serve` in a process of its own, under load from CLIENTS threads for
    /// MINUTES (each an API submission, its tracking page, the body's page and its register, over and over); the
    /// server's resident memory every minute, anonymous and file-backed apart, and the mail left pending. Reads
    /// its settings from the environment (TERBUKA_*), as the server it starts does.
    Soak {
        #[arg(long, default_value_t = 30)]
        minutes: u64,
        #[arg(long, default_value_t = 8)]
        clients: usize,
    },
    /// Serve a static "hello" page on PORT (what `public-page` compares with).
    Hello {
        #[arg(long)]
        port: u16,
    },
}

pub fn run(cmd: BenchCommand, settings: &Settings, out: &mut dyn Write, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let rows = match cmd {
        BenchCommand::RegisterExport { rows } => rows,
        BenchCommand::Compliance { calls, bodies, year, seed } => {
            return compliance::compliance(settings, out, clock, calls, bodies, year, seed);
        }
        BenchCommand::PublicPage { seconds, runs, connections } => {
            return compliance::public_page(settings, out, clock, seconds, runs, connections);
        }
        BenchCommand::Hello { port } => return compliance::hello(port),
        BenchCommand::Soak { minutes, clients } => return soak::soak(settings, out, clock, minutes, clients),
        BenchCommand::Mail { mails, instances, maildir } => {
            return mail::mail(settings, out, clock, mails, instances, maildir.as_deref());
        }
    };
    let opened = open_database(settings, &*clock)?;
    let db = opened.db.clone();
    let mut conn = db.get()?;
    let conn = &mut *conn;
    let now = clock.now();
    refuse_real_data(conn, now)?;
    let secrets = settings.resolve_secrets()?;
    let files = crate::files::FileStore::new(settings.upload_dir.clone());

    // The body and its officer.
    bench_body(conn, now)?;
    let invitation = accounts::create_user(
        conn,
        &accounts::NewUser {
            username: "bench".into(),
            name: "Bench".into(),
            role: Role::PpidUtama.as_str().into(),
            body: Some("bench".into()),
            ..Default::default()
        },
        now,
    )?;
    let password = "bench bench bench bench";
    let session = match accounts::set_password_with_link(conn, &invitation.token, password, password, now)? {
        Ok(accounts::SignedIn::Session(s)) => s.token,
        _ => return Err(CliError::Input("could not sign the bench officer in".into())),
    };

    // The requests, a thousand per transaction, over 2024 and 2025 (the built-in calendar's years).
    let seed_started = Instant::now();
    let officer = Actor::new(ActorKind::Officer, "bench");
    let first_day = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).expect("valid");
    let mut made = 0;
    while made < rows {
        let batch = (rows - made).min(1000);
        write_tx(conn, |conn| -> Result<(), ServiceError> {
            for i in made..made + batch {
                let day = first_day + chrono::Duration::days((i % 700) as i64);
                let received_at = chrono_tz::Asia::Jakarta
                    .from_local_datetime(&day.and_hms_opt(8, 0, 0).expect("valid"))
                    .single()
                    .expect("WIB has no gaps")
                    .with_timezone(&chrono::Utc)
                    + chrono::Duration::seconds((i / 700) as i64);
                let input = NewRequest {
                    body: "bench".into(),
                    unit: None,
                    requester: RequesterInput {
                        kind: "individual".into(),
                        name: format!("Pemohon {i}"),
                        address: "Jl. Contoh".into(),
                        language: "id".into(),
                        ..Default::default()
                    },
                    channel: Channel::Desk,
                    received_at,
                    information: format!("Informasi nomor {i} tentang anggaran dan kegiatan tahun berjalan."),
                    purpose: "Penelitian".into(),
                    obtain_method: String::new(),
                    delivery_method: String::new(),
                    publish_consent: i % 2 == 0,
                    documents: Vec::new(),
                };
                let r = cases::register_request(conn, settings.calendar, &secrets, &files, &input, &officer, now)?;
                if i % 6 == 0 {
                    let cmd = RequestCommand::Extend { notified_on: day, reason: "Koordinasi".into() };
                    cases::request_command(conn, settings.calendar, &r.request.id, None, &cmd, &officer, now)?;
                }
                if i % 3 == 0 {
                    let decision = DecisionInput {
                        kind: "refused_exempt".into(),
                        art17_ground: Some("a".into()),
                        consequence_test: Some("Menghambat penegakan hukum.".into()),
                        ..Default::default()
                    };
                    let cmd = RequestCommand::GiveNotice { notice_on: day, decision, electronic: true };
                    cases::request_command(conn, settings.calendar, &r.request.id, None, &cmd, &officer, now)?;
                }
            }
            Ok(())
        })?;
        made += batch;
        if made % 25_000 == 0 || made == rows {
            writeln!(out, "seeded {made} requests ({:.0} s)", seed_started.elapsed().as_secs_f64())?;
        }
    }
    let seed_seconds = seed_started.elapsed().as_secs_f64();
    // As after any bulk load (a register import does the same): fresh planner statistics. Without them
    // PostgreSQL guessed ~500 rows where 60,000 matched and sorted every page of the export (70 s instead of ~7 s).
    crate::db::refresh_statistics(conn).map_err(|e| CliError::Failed(e.into()))?;

    // The server, on a free port, in its own thread.
    let mut serve_settings = settings.clone();
    serve_settings.port = 0;
    serve_settings.host = std::net::IpAddr::from([127, 0, 0, 1]);
    let (tx, rx) = std::sync::mpsc::channel();
    let server_db = db.clone();
    let server_clock = clock.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = Application::build(serve_settings, server_db, server_clock).expect("bench server");
            tx.send(app.port()).expect("bench main thread waits");
            app.run_until_stopped().await.ok();
        })
    });
    let port = rx.recv().map_err(|e| CliError::Failed(e.into()))?;

    // Memory is sampled every 5 ms while the download runs.
    let baseline = rss_kib();
    let peak = Arc::new(AtomicU64::new(baseline));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(
        stream,
        "GET /ruang-kerja/register/permohonan.csv HTTP/1.1\r\nHost: localhost\r\nCookie: terbuka_sesi={session}\r\nConnection: close\r\n\r\n"
    )?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status)?;
    let mut first_byte = None;
    let mut bytes = 0usize;
    let mut newlines = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        first_byte.get_or_insert_with(|| started.elapsed());
        bytes += n;
        newlines += buf[..n].iter().filter(|b| **b == b'\n').count();
    }
    let total = started.elapsed();
    done.store(true, Ordering::Relaxed);
    sampler.join().ok();
    let growth_mib = (peak.load(Ordering::Relaxed).saturating_sub(baseline)) as f64 / 1024.0;

    writeln!(out, "register export, {rows} requests ({})", settings.database)?;
    writeln!(out, "  seeding: {seed_seconds:.1} s")?;
    writeln!(out, "  status: {}", status.trim())?;
    writeln!(out, "  first byte after: {:.1} ms", first_byte.unwrap_or_default().as_secs_f64() * 1000.0)?;
    writeln!(
        out,
        "  whole download: {:.2} s, {:.1} MiB, {newlines} lines on the wire (CSV rows plus HTTP framing)",
        total.as_secs_f64(),
        bytes as f64 / 1_048_576.0
    )?;
    writeln!(
        out,
        "  resident memory: {:.1} MiB before, grew by {growth_mib:.1} MiB at most",
        baseline as f64 / 1024.0
    )?;
    Ok(())
}
