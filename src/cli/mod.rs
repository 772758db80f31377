//! The `terbuka` command line: `serve`, `migrate`, and the operator's `calendar` tools.
//!
//! The CLI is operator tooling and speaks English; names of days are shown as the decrees give them.
//! Commands that need the database create and migrate it first, as `serve` does. [`run`] takes its output
//! streams and clock as arguments, so the test suite runs every command in-process.

mod admin;
mod audit;
mod bench;
mod calendar;
mod compliance;
mod demo;
mod mail;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::config::{ConfigError, Overrides, Settings, Sources};
use crate::domain::clock::{Clock, SystemClock};
use crate::startup::{Application, open_database};
use crate::telemetry;

#[derive(Debug, Parser)]
#[command(name = "terbuka", version, about = "Public information requests under UU 14/2008 (KIP)")]
pub struct Cli {
    /// Configuration file (default: ./terbuka.toml if it exists).
    #[arg(long, global = true, env = "TERBUKA_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database URL, overriding the configuration (sqlite://PATH or postgres://…).
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create and migrate the database if needed, then serve the web application.
    Serve {
        /// Address to listen on (overrides `host`).
        #[arg(long)]
        host: Option<String>,
        /// Port to listen on (overrides `port`; 0 picks a free port).
        #[arg(long)]
        port: Option<u16>,
    },
    /// Create and migrate the database, then exit.
    Migrate,
    /// The working-day calendar: deadlines, holidays, imports.
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// Manage KI jurisdictions, public bodies and units.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Check the evidence (hash chains and daily anchors).
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Secrets for the configuration.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// The mail outbox: dead mail.
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Fill an empty database with realistic demo data (through the real transitions).
    Demo(demo::DemoArgs),
    /// Frozen yearly compliance figures: freeze, correct, show.
    #[command(subcommand)]
    Compliance(compliance::ComplianceCommand),
    /// Benchmarks (docs/performance.md); only on an empty database.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Print a new random `secret_key` (base64 of 32 bytes) for terbuka.toml or TERBUKA_SECRET_KEY.
    Generate,
}

/// A command failed; the message is for the operator.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// Bad input (arguments or a file): nothing was changed.
    #[error("{0}")]
    Input(String),
    #[error("{0:#}")]
    Failed(#[from] anyhow::Error),
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Failed(e.into())
    }
}

impl From<crate::db::DbError> for CliError {
    fn from(e: crate::db::DbError) -> Self {
        CliError::Failed(e.into())
    }
}

impl From<diesel::result::Error> for CliError {
    fn from(e: diesel::result::Error) -> Self {
        CliError::Failed(e.into())
    }
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Config(_) | CliError::Input(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    match run(cli, true, &mut out, &mut err, Arc::new(SystemClock)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs one command. `environment` says whether to read `DATABASE_URL` and `TERBUKA_*`.
pub fn run(
    cli: Cli,
    environment: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    if let Command::Secret(SecretCommand::Generate) = &cli.command {
        writeln!(out, "{}", crate::crypto::generate_key())?;
        return Ok(());
    }
    let (host, port) = match &cli.command {
        Command::Serve { host, port } => (host.clone(), *port),
        _ => (None, None),
    };
    let sources = Sources { file: cli.config.clone(), environment };
    let overrides = Overrides { database_url: cli.database_url.clone(), host, port };
    let settings = Settings::load(&sources, &overrides)?;

    match cli.command {
        Command::Serve { .. } => serve(settings, out, clock),
        Command::Migrate => {
            telemetry::init("warn");
            let opened = crate::startup::create_database(&settings, &*clock)?;
            if opened.migrations_applied.is_empty() {
                writeln!(out, "{}: the schema is up to date.", settings.database)?;
            } else {
                writeln!(out, "{}: applied {} migration(s):", settings.database, opened.migrations_applied.len())?;
                for v in &opened.migrations_applied {
                    writeln!(out, "  {v}")?;
                }
            }
            if let Some(v) = opened.calendar_seeded {
                writeln!(out, "Loaded the built-in 2024-2026 holiday calendar as calendar version {v}.")?;
            }
            Ok(())
        }
        Command::Calendar(cmd) => {
            telemetry::init("warn");
            calendar::run(cmd, &settings, out, err, clock)
        }
        Command::Admin(cmd) => {
            telemetry::init("warn");
            admin::run(cmd, &settings, out, clock)
        }
        Command::Audit(cmd) => {
            telemetry::init("warn");
            audit::run(cmd, &settings, out, clock)
        }
        Command::Mail(cmd) => {
            telemetry::init("warn");
            mail::run(cmd, &settings, out, clock)
        }
        Command::Demo(args) => {
            telemetry::init("warn");
            demo::run(args, &settings, out, clock)
        }
        Command::Compliance(cmd) => {
            telemetry::init("warn");
            compliance::run(cmd, &settings, out, clock)
        }
        Command::Bench(cmd) => {
            // The hello server logs like `serve` does (the comparison is with INFO logging on both sides).
            telemetry::init(if matches!(cmd, bench::BenchCommand::Hello { .. }) { &settings.log } else { "warn" });
            bench::run(cmd, &settings, out, clock)
        }
        Command::Secret(_) => unreachable!("handled before the configuration is read"),
    }
}

fn describe_mail(transport: &crate::config::MailTransport) -> String {
    match transport {
        crate::config::MailTransport::File { dir } => {
            format!("written as files to {} (mail_transport = \"file\")", dir.display())
        }
        crate::config::MailTransport::Smtp { host, port, .. } => format!("sent through {host}:{port}"),
    }
}

fn serve(settings: Settings, out: &mut dyn Write, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    telemetry::init(&settings.log);
    let opened = open_database(&settings, &*clock)?;
    let first_admin = {
        let mut conn = opened.db.get()?;
        // Requests from before the compliance rollup existed join it once (a no-op afterwards).
        let joined = crate::service::compliance::backfill(&mut conn, settings.calendar)
            .map_err(|e| CliError::Failed(anyhow::anyhow!("{e}")))?;
        if joined > 0 {
            writeln!(out, "  Compliance figures: {joined} earlier request(s) counted.")?;
        }
        crate::service::accounts::bootstrap_first_admin(&mut conn, clock.now())
            .map_err(|e| CliError::Failed(anyhow::anyhow!("{e}")))?
    };
    let database = settings.database.to_string();
    let (mail, instance_name) = (settings.mail.clone(), settings.instance_name.clone());
    let plan = crate::service::mail::PlanSettings {
        calendar: settings.calendar,
        due_soon_working_days: settings.due_soon_working_days,
        time_zone: settings.time_zone,
        reminder_working_days: settings.reminder_working_days,
        ki_weekly_digest: settings.ki_weekly_digest,
    };
    let (mail_db, mail_secrets, mail_clock) = (opened.db.clone(), settings.resolve_secrets()?, clock.clone());
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let app = Application::build(settings, opened.db, clock)?;
        writeln!(out, "Terbuka {} is running.", env!("CARGO_PKG_VERSION"))?;
        writeln!(out, "  Open {}/ in a browser (health check: {}/healthz).", app.base_url(), app.base_url())?;
        writeln!(out, "  Database: {database}.")?;
        if !opened.migrations_applied.is_empty() {
            writeln!(out, "  Created or migrated the schema ({} migration(s)).", opened.migrations_applied.len())?;
        }
        if let Some(v) = opened.calendar_seeded {
            writeln!(out, "  Loaded the built-in 2024-2026 holiday calendar (calendar version {v}).")?;
        }
        // The one-time link is a password: printed to a person at a terminal, never into whatever collects the
        // output of a service (journald, a log file).
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
        match first_admin {
            Some(inv) if terminal => {
                writeln!(out, "  No accounts existed, so the administrator account `admin` was created.")?;
                writeln!(out, "  Open this one-time link to set its password (valid 72 hours; shown only now):")?;
                writeln!(out, "    {}/masuk/sandi/{}", app.base_url(), inv.token)?;
                writeln!(out, "  Lost it? Run `terbuka admin user reset-password admin` for a new one.")?;
            }
            Some(_) => {
                writeln!(out, "  No accounts existed, so the administrator account `admin` was created.")?;
                writeln!(
                    out,
                    "  Its one-time password link is not printed here (this output is not a terminal and may be logged):"
                )?;
                writeln!(out, "  run `terbuka admin user reset-password admin` in a terminal to get one.")?;
            }
            None => writeln!(
                out,
                "  Sign in at {}/masuk (new link for an account: terbuka admin user reset-password NAME).",
                app.base_url()
            )?,
        }
        crate::worker::background::start(
            &mail,
            mail_db,
            mail_secrets,
            app.base_url(),
            &instance_name,
            plan,
            mail_clock,
        )
        .map_err(CliError::Failed)?;
        writeln!(out, "  Email: {}.", describe_mail(&mail.transport))?;
        writeln!(out, "  Press Ctrl+C to stop.")?;
        out.flush()?;
        app.run_until_stopped().await.map_err(CliError::from)
    })
}
