//! `terbuka compliance freeze|correct|show`: the frozen yearly figures (the serving instance freezes them by
//! itself once a day; these commands are for operators).

use std::io::Write;
use std::sync::Arc;

use clap::{Args, Subcommand};

use crate::cli::CliError;
use crate::config::Settings;
use crate::domain::clock::Clock;
use crate::service::snapshots::{self, Scope};
use crate::startup::open_database;

#[derive(Debug, Subcommand)]
pub enum ComplianceCommand {
    /// Freeze every closed year that is not frozen yet (a year closes on 31 March of the next year).
    Freeze,
    /// Store a corrected version of a frozen year after the record was corrected.
    Correct {
        #[command(flatten)]
        scope: ScopeArgs,
        #[arg(long)]
        year: i32,
        /// Why (shown publicly beside the new version).
        #[arg(long)]
        reason: String,
    },
    /// The versions of a frozen year, with their digests.
    Show {
        #[command(flatten)]
        scope: ScopeArgs,
        #[arg(long)]
        year: i32,
    },
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ScopeArgs {
    /// A public body, by slug.
    #[arg(long)]
    body: Option<String>,
    /// A KI jurisdiction, by code.
    #[arg(long)]
    ki: Option<String>,
}

impl ScopeArgs {
    fn scope(self) -> Scope {
        match (self.body, self.ki) {
            (Some(b), _) => Scope::Body(b),
            (None, Some(k)) => Scope::Jurisdiction(k),
            (None, None) => unreachable!("clap requires one"),
        }
    }
}

pub fn run(
    cmd: ComplianceCommand,
    settings: &Settings,
    out: &mut dyn Write,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let opened = open_database(settings, &*clock)?;
    let mut conn = opened.db.get()?;
    let now = clock.now();
    let today = now.with_timezone(&settings.time_zone).date_naive();
    match cmd {
        ComplianceCommand::Freeze => {
            let n = snapshots::freeze_due(&mut conn, today, now)?;
            writeln!(out, "{n} snapshot(s) frozen (years up to {}).", snapshots::last_closed_year(today))?;
        }
        ComplianceCommand::Correct { scope, year, reason } => {
            let v = snapshots::correct(&mut conn, &scope.scope(), year, &reason, Some("operator"), today, now)?;
            writeln!(out, "version {} stored, SHA-256 {}", v.version, v.digest)?;
        }
        ComplianceCommand::Show { scope, year } => {
            let versions = snapshots::versions(&mut conn, &scope.scope(), &year.to_string())?;
            if versions.is_empty() {
                return Err(CliError::Input(format!("{year} is not frozen for that body or jurisdiction")));
            }
            for v in versions {
                writeln!(
                    out,
                    "v{}  {}  SHA-256 {}  {}",
                    v.version,
                    v.frozen_at.format("%Y-%m-%d %H:%M UTC"),
                    v.digest,
                    v.reason
                )?;
            }
        }
    }
    Ok(())
}
