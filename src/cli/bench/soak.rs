//! `terbuka bench soak`: `terbuka serve` in a process of its own under steady load for MINUTES — API submissions
//! (each queueing its receipt), tracking pages, the body's page and its public register — with the server's
//! resident memory sampled every second, anonymous and file-backed apart (method: docs/performance.md).

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::cli::CliError;
use crate::config::{DatabaseTarget, Settings};
use crate::domain::clock::Clock;
use crate::startup::open_database;

use super::seed::{bench_body, refuse_real_data};

/// Resident memory of a process, KiB: all, anonymous, file-backed, shared memory (`/proc/PID/status`).
#[derive(Debug, Clone, Copy, Default)]
struct Memory {
    rss: u64,
    anon: u64,
    file: u64,
    shmem: u64,
}

impl Memory {
    fn of(pid: u32) -> Memory {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
                .unwrap_or(0)
        };
        Memory { rss: field("VmRSS:"), anon: field("RssAnon:"), file: field("RssFile:"), shmem: field("RssShmem:") }
    }

    fn max(self, o: Memory) -> Memory {
        Memory {
            rss: self.rss.max(o.rss),
            anon: self.anon.max(o.anon),
            file: self.file.max(o.file),
            shmem: self.shmem.max(o.shmem),
        }
    }
}

impl std::fmt::Display for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mib = |k: u64| k as f64 / 1024.0;
        write!(
            f,
            "RSS {:.1} MiB (anonymous {:.1}, file {:.1}, shared {:.1})",
            mib(self.rss),
            mib(self.anon),
            mib(self.file),
            mib(self.shmem)
        )
    }
}

/// One HTTP/1.1 exchange on a new connection: the status and the body.
fn http(port: u16, method: &str, path: &str, json: Option<&str>) -> std::io::Result<(u16, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = json.unwrap_or_default();
    let content = if json.is_some() { "Content-Type: application/json\r\n" } else { "" };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{content}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let text = String::from_utf8_lossy(&answer);
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    Ok((status, body))
}

/// A submission as another e-PPID system would send it, from requester `n`.
fn submission(n: u64) -> String {
    serde_json::json!({
        "requester": {
            "kind": "individual", "name": format!("Pemohon {n}"), "address": "Jl. Contoh 1",
            "occupation": "Peneliti", "email": format!("pemohon{n}@bench.example"), "nik": "3273011208850001"
        },
        "information": format!("Salinan kontrak pengadaan nomor {n} beserta lampirannya."),
        "purpose": "Penelitian.",
        "obtain_method": "softcopy",
        "delivery_method": "email",
        "publish_consent": n.is_multiple_of(2)
    })
    .to_string()
}

/// What the clients did.
#[derive(Default)]
struct Counts {
    submissions: AtomicU64,
    reads: AtomicU64,
    errors: AtomicU64,
}

pub fn soak(
    settings: &Settings,
    out: &mut dyn Write,
    clock: Arc<dyn Clock>,
    minutes: u64,
    clients: usize,
) -> Result<(), CliError> {
    let opened = open_database(settings, &*clock)?;
    {
        let mut conn = opened.db.get()?;
        refuse_real_data(&mut conn, clock.now())?;
        bench_body(&mut conn, clock.now())?;
    }
    let url = match &settings.database {
        DatabaseTarget::Sqlite { path } => format!("sqlite://{}", path.display()),
        DatabaseTarget::Postgres { url } => url.clone(),
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    // The server as it runs in production, in a process of its own; the limits are the bench's load, not abuse.
    let mut server = std::process::Command::new(std::env::current_exe()?)
        .arg("serve")
        .env("TERBUKA_DATABASE_URL", &url)
        .env("TERBUKA_HOST", "127.0.0.1")
        .env("TERBUKA_PORT", port.to_string())
        .env("TERBUKA_REQUESTS_PER_IP_PER_HOUR", "100000000")
        .env("TERBUKA_REQUESTS_PER_EMAIL_PER_DAY", "100000000")
        .env("TERBUKA_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()?;
    let pid = server.id();
    let ready = (0..300).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        http(port, "GET", "/healthz", None).is_ok_and(|(s, _)| s == 200)
    });
    if !ready {
        server.kill().ok();
        return Err(CliError::Failed(anyhow::anyhow!("the server did not answer /healthz within 30 s")));
    }
    let at_start = Memory::of(pid);
    writeln!(out, "server pid {pid} on port {port}, {}; {clients} clients for {minutes} min", at_start)?;

    let counts = Arc::new(Counts::default());
    let next = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (counts, next, stop) = (counts.clone(), next.clone(), stop.clone());
            std::thread::spawn(move || {
                let count = |ok: bool, counter: &AtomicU64| {
                    counter.fetch_add(1, Ordering::Relaxed);
                    if !ok {
                        counts.errors.fetch_add(1, Ordering::Relaxed);
                    }
                };
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let sent = http(port, "POST", "/api/v1/bodies/bench/requests", Some(&submission(n)));
                    let token = match &sent {
                        Ok((201, body)) => serde_json::from_str::<serde_json::Value>(body)
                            .ok()
                            .and_then(|v| v["tracking_token"].as_str().map(str::to_owned)),
                        _ => None,
                    };
                    count(token.is_some(), &counts.submissions);
                    for path in [
                        token.map(|t| format!("/lacak/{t}")).unwrap_or_else(|| "/badan/bench".into()),
                        "/badan/bench".into(),
                        "/api/v1/bodies/bench/register".into(),
                    ] {
                        let ok = http(port, "GET", &path, None).is_ok_and(|(s, _)| s == 200);
                        count(ok, &counts.reads);
                    }
                }
            })
        })
        .collect();

    let started = Instant::now();
    let (mut peak, mut last) = (at_start, at_start);
    let mut printed = 0;
    while started.elapsed() < Duration::from_secs(minutes * 60) {
        std::thread::sleep(Duration::from_secs(1));
        last = Memory::of(pid);
        peak = peak.max(last);
        let minute = started.elapsed().as_secs() / 60;
        if minute > printed {
            printed = minute;
            let pending = pending_mail(&opened.db)?;
            writeln!(
                out,
                "{minute:>3} min: {} submissions, {} reads, {} errors; {last}; {pending} mails pending",
                counts.submissions.load(Ordering::Relaxed),
                counts.reads.load(Ordering::Relaxed),
                counts.errors.load(Ordering::Relaxed),
            )?;
        }
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().ok();
    }
    let seconds = started.elapsed().as_secs_f64();
    let pending = pending_mail(&opened.db)?;
    server.kill().ok();
    server.wait().ok();
    let (s, r) = (counts.submissions.load(Ordering::Relaxed), counts.reads.load(Ordering::Relaxed));
    writeln!(
        out,
        "in {seconds:.0} s: {s} submissions ({:.1}/s), {r} reads ({:.1}/s), {} errors",
        s as f64 / seconds,
        r as f64 / seconds,
        counts.errors.load(Ordering::Relaxed)
    )?;
    writeln!(out, "server memory at start: {at_start}")?;
    writeln!(out, "server memory at peak:  {peak}")?;
    writeln!(out, "server memory at end:   {last}")?;
    writeln!(out, "mails pending at end: {pending}")?;
    Ok(())
}

/// The outbox's pending rows (what the mail worker has yet to send).
fn pending_mail(db: &crate::db::Db) -> Result<i64, CliError> {
    let mut conn = db.get()?;
    Ok(crate::db::repo::mail::count_by_status(&mut conn, "pending")?)
}
