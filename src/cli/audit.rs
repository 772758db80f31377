//! `terbuka audit verify|anchor`: check the evidence chains and record the daily anchor.

use std::io::Write;
use std::sync::Arc;

use clap::Subcommand;

use super::CliError;
use crate::config::Settings;
use crate::domain::calendar::parse_iso_date;
use crate::domain::clock::Clock;
use crate::service::audit;
use crate::startup::open_database;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every case's hash chain and every daily anchor; name the first broken event of each chain.
    Verify,
    /// Record the anchor of a day (default: yesterday, UTC): every chain's head at the end of that day.
    Anchor {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
}

pub fn run(cmd: AuditCommand, settings: &Settings, out: &mut dyn Write, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let opened = open_database(settings, &*clock)?;
    let mut conn = opened.db.get()?;
    match cmd {
        AuditCommand::Verify => {
            let report = audit::verify(&mut conn)?;
            writeln!(
                out,
                "Checked {} events in {} case chains, and {} daily anchors.",
                report.events, report.cases, report.anchors
            )?;
            if report.is_intact() {
                writeln!(out, "The evidence is intact.")?;
                return Ok(());
            }
            let lines: Vec<String> = report.breaks.iter().map(|b| format!("  {b}")).collect();
            Err(CliError::Failed(anyhow::anyhow!(
                "the evidence is broken in {} place(s):\n{}",
                report.breaks.len(),
                lines.join("\n")
            )))
        }
        AuditCommand::Anchor { date } => {
            let now = clock.now();
            let date = match date {
                Some(d) => parse_iso_date(&d)
                    .ok_or_else(|| CliError::Input(format!("--date: expected a date as YYYY-MM-DD, found `{d}`")))?,
                None => now.date_naive().pred_opt().expect("date in range"),
            };
            match audit::anchor(&mut conn, date, now)? {
                Some(a) => {
                    writeln!(out, "Anchored {} chain heads for {} (hash {}).", a.head_count, a.anchor_date, a.hash)?
                }
                None => writeln!(
                    out,
                    "Nothing to anchor for {date}: it is already anchored (or a later day is), or there are no events yet."
                )?,
            }
            Ok(())
        }
    }
}
