//! `terbuka demo`: fills an empty database with realistic demo data (`crate::demo`), with a progress bar.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Instant;

use clap::Args;

use crate::cli::CliError;
use crate::config::Settings;
use crate::demo::generate::{self as demo, Options};
use crate::domain::clock::Clock;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many public bodies (spread over six provincial KIs).
    #[arg(long, default_value_t = 20)]
    bodies: usize,
    /// How many provincial KIs the bodies are spread over (1–6; 1 puts every body under KI Jawa Barat).
    #[arg(long, default_value_t = 6)]
    provinces: usize,
    /// How many requests in all (spread over the years by season, weekday and body size).
    #[arg(long, default_value_t = 5_000)]
    requests: usize,
    /// The years the requests are received in, e.g. 2024-2026 (up to yesterday).
    #[arg(long, default_value = "2024-2026")]
    years: String,
    /// The same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Make every step through the service calls one at a time, as the web pages do (several times slower; the
    /// reference the default batch writer is tested against).
    #[arg(long)]
    through_services: bool,
}

fn years(s: &str) -> Option<(i32, i32)> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b): (i32, i32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    ((2000..=2100).contains(&a) && a <= b && b <= 2100).then_some((a, b))
}

fn clock_text(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

pub fn run(args: DemoArgs, settings: &Settings, out: &mut dyn Write, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let (first_year, last_year) = years(&args.years)
        .ok_or_else(|| CliError::Input(format!("--years: expected e.g. 2024-2026, got `{}`", args.years)))?;
    let options = Options {
        bodies: args.bodies,
        provinces: args.provinces,
        requests: args.requests,
        first_year,
        last_year,
        seed: args.seed,
        through_services: args.through_services,
    };
    let opened = crate::startup::create_database(settings, &*clock)?;
    let mut conn = opened.db.get()?;
    let secrets = settings.resolve_secrets()?;
    let files = crate::files::FileStore::new(settings.upload_dir.clone());
    let started = Instant::now();
    let tty = std::io::stderr().is_terminal();
    let mut last_tenth = u64::MAX;
    let mut progress = |done: u64, total: u64| {
        let share = if total == 0 { 1.0 } else { done as f64 / total as f64 };
        let elapsed = started.elapsed().as_secs_f64();
        let left = if share > 0.0 { elapsed / share - elapsed } else { 0.0 };
        let filled = (share * 30.0).round() as usize;
        let line = format!(
            "[{}{}] {:>3.0}% {done}/{total} requests · {} elapsed · ~{} left",
            "#".repeat(filled),
            "-".repeat(30 - filled.min(30)),
            share * 100.0,
            clock_text(elapsed),
            clock_text(left)
        );
        let tenth = (share * 10.0) as u64;
        if tty {
            eprint!("\r{line}");
        } else if tenth != last_tenth {
            eprintln!("{line}");
        }
        last_tenth = tenth;
    };
    let report = demo::generate(&mut conn, settings.calendar, &secrets, &files, &options, clock.now(), &mut progress)?;
    if tty {
        eprintln!();
    }
    let seconds = started.elapsed().as_secs_f64();
    writeln!(
        out,
        "Demo data made in {seconds:.1} s: {} KI jurisdictions, {} public bodies (slugs demo-0001…), {} requests, {} objections, {} disputes, {} transitions ({:.0} a second).",
        report.jurisdictions,
        report.bodies,
        report.requests,
        report.objections,
        report.disputes,
        report.transitions,
        report.transitions as f64 / seconds.max(0.001)
    )?;
    for (code, n) in &report.refused {
        writeln!(out, "  {n} planned step(s) refused by the rules ({code}) and left out.")?;
    }
    writeln!(out, "Every public page of this instance now says it holds demo data. See /ki/jawa-barat/kepatuhan.")?;
    Ok(())
}
