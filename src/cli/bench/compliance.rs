//! `terbuka bench compliance|public-page|hello`: the compliance summaries and the public page of a request, on a
//! database filled by `terbuka demo` (docs/performance.md gives the method and the figures).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Datelike;

use crate::cli::CliError;
use crate::config::Settings;
use crate::db::repo::bodies as body_repo;
use crate::db::repo::events::{Actor, ActorKind};
use crate::domain::clock::Clock;
use crate::domain::request::{Channel, DecisionInput, InfoForm};
use crate::service::ServiceError;
use crate::service::cases::{self, NewRequest, RequestCommand, RequesterInput};
use crate::startup::{Application, open_database};

/// One GET over a fresh connection; the time until the whole answer was read, and the status line.
fn get(port: u16, path: &str) -> std::io::Result<(Duration, String, usize)> {
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status)?;
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest)?;
    Ok((started.elapsed(), status.trim().to_owned(), rest.len()))
}

/// The value at percentile `p` (nearest rank) of sorted durations, in milliseconds.
fn percentile(sorted: &[Duration], p: usize) -> f64 {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1].as_secs_f64() * 1000.0
}

fn serve_in_thread(settings: &Settings, db: crate::db::Db, clock: Arc<dyn Clock>) -> Result<u16, CliError> {
    let mut serve_settings = settings.clone();
    serve_settings.port = 0;
    serve_settings.host = std::net::IpAddr::from([127, 0, 0, 1]);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = Application::build(serve_settings, db, clock).expect("bench server");
            tx.send(app.port()).expect("bench main thread waits");
            app.run_until_stopped().await.ok();
        })
    });
    rx.recv().map_err(|e| CliError::Failed(e.into()))
}

/// `bench compliance`: `calls` sequential requests for the year summary of the jurisdiction with the most
/// bodies, then `calls` spread over `bodies` randomly chosen bodies' year summaries; p50, p95 and max of each.
pub fn compliance(
    settings: &Settings,
    out: &mut dyn Write,
    clock: Arc<dyn Clock>,
    calls: usize,
    bodies: usize,
    year: Option<i32>,
    seed: u64,
) -> Result<(), CliError> {
    let opened = open_database(settings, &*clock)?;
    let (code, slugs) = {
        let mut conn = opened.db.get()?;
        if !body_repo::any_demo(&mut conn).map_err(ServiceError::from)? {
            return Err(CliError::Input("this benchmark runs on demo data: run `terbuka demo` first".into()));
        }
        let today = clock.now().date_naive();
        let mut per_ki: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for body in body_repo::bodies(&mut conn).map_err(ServiceError::from)? {
            let ki = body_repo::competent_ki(&mut conn, &body.id, today).map_err(ServiceError::from)?;
            per_ki.entry(ki.code).or_default().push(body.slug);
        }
        per_ki.into_iter().max_by_key(|(_, b)| b.len()).expect("demo bodies exist")
    };
    let year = year.unwrap_or_else(|| clock.now().year() - 1);
    let port = serve_in_thread(settings, opened.db.clone(), clock.clone())?;
    let mut rng = crate::demo::names::Rng::new(seed);
    let chosen: Vec<String> =
        (0..bodies.max(1)).map(|_| slugs[rng.below(slugs.len() as u64) as usize].clone()).collect();
    writeln!(out, "compliance summaries, year {year}, {} ({})", code, settings.database)?;
    writeln!(out, "  the jurisdiction has {} bodies", slugs.len())?;
    let cases: [(&str, Vec<String>); 2] = [
        ("jurisdiction year summary (HTML)", vec![format!("/ki/{code}/kepatuhan?periode={year}")]),
        (
            "body year summaries (HTML, random bodies)",
            chosen.iter().map(|s| format!("/badan/{s}/kepatuhan?periode={year}")).collect(),
        ),
    ];
    for (name, paths) in cases {
        // One call first, not counted (opens the connection pool's connections, fills caches).
        get(port, &paths[0])?;
        let mut times = Vec::with_capacity(calls);
        let mut bytes = 0;
        for i in 0..calls {
            let (t, status, n) = get(port, &paths[i % paths.len()])?;
            if !status.contains(" 200 ") {
                return Err(CliError::Failed(anyhow::anyhow!("{} answered {status}", paths[i % paths.len()])));
            }
            times.push(t);
            bytes += n;
        }
        times.sort();
        writeln!(
            out,
            "  {name}: {calls} calls, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} KiB a page on average)",
            percentile(&times, 50),
            percentile(&times, 95),
            percentile(&times, 100),
            bytes / calls.max(1) / 1024
        )?;
    }
    Ok(())
}

/// `bench hello`: a static "hello" page from actix-web with the same logging, to compare throughput with.
pub fn hello(port: u16) -> Result<(), CliError> {
    actix_web::rt::System::new().block_on(async move {
        actix_web::HttpServer::new(|| {
            actix_web::App::new().wrap(tracing_actix_web::TracingLogger::default()).route(
                "/",
                actix_web::web::get().to(|| async {
                    actix_web::HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("hello")
                }),
            )
        })
        .workers(1)
        .bind(("127.0.0.1", port))?
        .run()
        .await
    })?;
    Ok(())
}

/// A decided request with eight events in a demo body; returns the path of its public (tracking) page.
fn decided_request(settings: &Settings, clock: &dyn Clock) -> Result<String, CliError> {
    let opened = open_database(settings, clock)?;
    let mut conn = opened.db.get()?;
    let body = body_repo::bodies(&mut conn)
        .map_err(ServiceError::from)?
        .into_iter()
        .find(|b| b.demo)
        .ok_or_else(|| CliError::Input("this benchmark runs on demo data: run `terbuka demo` first".into()))?;
    let secrets = settings.resolve_secrets()?;
    let files = crate::files::FileStore::new(settings.upload_dir.clone());
    let officer = Actor::new(ActorKind::Officer, "bench");
    let now = clock.now();
    let day = |n: i64| (now - chrono::Duration::days(n)).date_naive();
    let at = |n: i64| now - chrono::Duration::days(n);
    let input = NewRequest {
        body: body.slug.clone(),
        unit: None,
        requester: RequesterInput {
            kind: "individual".into(),
            name: "Pemohon Uji Beban".into(),
            email: "uji-beban@demo.invalid".into(),
            address: "Jl. Contoh 1".into(),
            occupation: "Peneliti".into(),
            nik: "3273011208850001".into(),
            language: "id".into(),
            ..Default::default()
        },
        channel: Channel::Web,
        received_at: at(40),
        information: "Salinan laporan realisasi anggaran dinas tahun lalu, per kegiatan.".into(),
        purpose: "Penelitian".into(),
        obtain_method: "softcopy".into(),
        delivery_method: "email".into(),
        publish_consent: true,
        documents: Vec::new(),
    };
    let r = cases::register_request(&mut conn, settings.calendar, &secrets, &files, &input, &officer, at(40))?;
    let id = r.request.id.clone();
    let decision = DecisionInput {
        kind: "granted".into(),
        form: Some(InfoForm::Softcopy),
        provide_by: Some(day(25)),
        ..Default::default()
    };
    let steps = [
        (38, RequestCommand::SetTextHidden { hidden: true, reason: "Memuat nomor telepon".into() }),
        (37, RequestCommand::SetTextHidden { hidden: false, reason: "Nomor telepon sudah dihapus".into() }),
        (35, RequestCommand::Extend { notified_on: day(35), reason: "Koordinasi antarbidang".into() }),
        (28, RequestCommand::GiveNotice { notice_on: day(28), decision, electronic: false }),
        (27, RequestCommand::RecordNoticeReceived { received_on: day(27) }),
        (25, RequestCommand::Provide { provided_on: day(25) }),
        (20, RequestCommand::Close { closed_on: day(20) }),
    ];
    for (n, cmd) in steps {
        cases::request_command(&mut conn, settings.calendar, &id, None, &cmd, &officer, at(n))?;
    }
    Ok(format!("/lacak/{}", r.tracking_token))
}

fn wait_for_port(port: u16) -> Result<(), CliError> {
    for _ in 0..600 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(CliError::Failed(anyhow::anyhow!("the server on port {port} did not start within a minute")))
}

fn free_port() -> Result<u16, CliError> {
    Ok(std::net::TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

/// Runs wrk pinned to core 1; returns (requests per second, p99 in ms).
fn wrk(url: &str, seconds: u64, connections: u32) -> Result<(f64, f64), CliError> {
    let output = Command::new("taskset")
        .args(["-c", "1", "wrk", "-t1", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency", url])
        .output()
        .map_err(|e| CliError::Input(format!("cannot run wrk (install Debian's wrk and util-linux): {e}")))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .ok_or_else(|| CliError::Failed(anyhow::anyhow!("wrk gave no rate:\n{text}")))?;
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .and_then(|v| {
            let v = v.trim();
            let (n, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len()));
            let n: f64 = n.parse().ok()?;
            Some(match unit {
                "us" => n / 1000.0,
                "s" => n * 1000.0,
                _ => n,
            })
        })
        .unwrap_or(f64::NAN);
    if text.contains("Non-2xx") {
        return Err(CliError::Failed(anyhow::anyhow!("some answers were not 200:\n{text}")));
    }
    Ok((rps, p99))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `bench public-page`: the tracking page of a decided request (eight events) against a static hello page, each
/// served by a process pinned to core 0 with INFO logging, loaded by wrk pinned to core 1; `runs` alternating runs.
pub fn public_page(
    settings: &Settings,
    out: &mut dyn Write,
    clock: Arc<dyn Clock>,
    seconds: u64,
    runs: usize,
    connections: u32,
) -> Result<(), CliError> {
    let path = decided_request(settings, &*clock)?;
    let exe = std::env::current_exe()?;
    let spawn = |args: &[String]| -> Result<Child, CliError> {
        let mut c = Command::new("taskset");
        c.args(["-c", "0"]).arg(&exe).args(args).env("TERBUKA_LOG", "info").stdout(Stdio::null()).stderr(Stdio::null());
        c.spawn().map_err(|e| CliError::Input(format!("cannot start a server with taskset: {e}")))
    };
    let database = match &settings.database {
        crate::config::DatabaseTarget::Sqlite { path } => format!("sqlite://{}", path.display()),
        crate::config::DatabaseTarget::Postgres { url } => url.clone(),
    };
    let (mut hello_rps, mut hello_p99, mut page_rps, mut page_p99) = (vec![], vec![], vec![], vec![]);
    writeln!(out, "public page of a decided request vs. a static hello page ({})", settings.database)?;
    for run in 1..=runs {
        for which in ["hello", "page"] {
            let port = free_port()?;
            let args: Vec<String> = match which {
                "hello" => vec!["bench".into(), "hello".into(), "--port".into(), port.to_string()],
                _ => vec![
                    "--database-url".into(),
                    database.clone(),
                    "serve".into(),
                    "--host".into(),
                    "127.0.0.1".into(),
                    "--port".into(),
                    port.to_string(),
                ],
            };
            let mut child = spawn(&args)?;
            let result = wait_for_port(port).and_then(|()| {
                let url = if which == "hello" {
                    format!("http://127.0.0.1:{port}/")
                } else {
                    format!("http://127.0.0.1:{port}{path}")
                };
                if which == "page" && run == 1 {
                    let (_, status, size) = get(port, &path)?;
                    writeln!(out, "  the page: {status}, {:.1} KiB with headers", size as f64 / 1024.0)?;
                }
                // Warm up (connection pools, caches) for a few seconds, then measure.
                wrk(&url, 3, connections)?;
                wrk(&url, seconds, connections)
            });
            child.kill().ok();
            child.wait().ok();
            let (rps, p99) = result?;
            writeln!(out, "  run {run}, {which}: {rps:.0} requests/s, p99 {p99:.1} ms")?;
            if which == "hello" {
                hello_rps.push(rps);
                hello_p99.push(p99);
            } else {
                page_rps.push(rps);
                page_p99.push(p99);
            }
        }
    }
    let (h, p) = (median(hello_rps), median(page_rps));
    writeln!(
        out,
        "  medians: hello {h:.0} requests/s (p99 {:.1} ms), public page {p:.0} requests/s (p99 {:.1} ms): {:.1} % of hello",
        median(hello_p99),
        median(page_p99),
        p / h * 100.0
    )?;
    Ok(())
}
