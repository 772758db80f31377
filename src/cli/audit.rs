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
    /// Write the evidence bundle of an objection (its request, itself, its disputes; no identity) to FILE.
    Bundle {
        /// The objection's registration number or id.
        #[arg(long)]
        objection: String,
        #[arg(long, value_name = "FILE")]
        output: std::path::PathBuf,
    },
    /// Check an evidence bundle offline (no database needed): chains, document hashes, anchors.
    VerifyBundle {
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
    },
}

/// `verify-bundle`: reads and checks a bundle file; needs no database.
pub fn verify_bundle(file: &std::path::Path, out: &mut dyn Write) -> Result<(), CliError> {
    use crate::domain::bundle::{Bundle, check};
    let bytes = std::fs::read(file).map_err(|e| CliError::Input(format!("cannot read {}: {e}", file.display())))?;
    let bundle: Bundle = serde_json::from_slice(&bytes)
        .map_err(|e| CliError::Input(format!("{} is not an evidence bundle: {e}", file.display())))?;
    writeln!(
        out,
        "Bundle of objection {} ({}), made {} on {}.",
        bundle.objection_number, bundle.body, bundle.generated_at, bundle.instance
    )?;
    writeln!(out, "SHA-256 of the file: {}", crate::domain::evidence::sha256_hex_bytes(&bytes))?;
    let checked = check(&bundle);
    for c in &checked.chains {
        let (kind, number, events) = (&c.case_kind, &c.number, c.events);
        let anchor = match &c.anchored {
            Some((seq, date)) => format!("anchored up to event {seq} on {date}"),
            None => "not anchored yet".to_owned(),
        };
        writeln!(out, "  {kind} {number}: {events} events, chain intact, {anchor}")?;
    }
    writeln!(out, "  {} documents, {} anchors checked.", checked.documents, checked.anchors)?;
    if let Some((date, hash)) = &bundle.latest_anchor {
        writeln!(out, "The instance's latest anchor then: {date} {hash} (compare with `terbuka audit verify` there).")?;
    }
    if checked.problems.is_empty() {
        writeln!(out, "The bundle is intact.")?;
        return Ok(());
    }
    let lines: Vec<String> = checked.problems.iter().map(|p| format!("  {p}")).collect();
    Err(CliError::Failed(anyhow::anyhow!(
        "the bundle is broken in {} place(s):\n{}",
        checked.problems.len(),
        lines.join("\n")
    )))
}

pub fn run(cmd: AuditCommand, settings: &Settings, out: &mut dyn Write, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    if let AuditCommand::VerifyBundle { file } = &cmd {
        return verify_bundle(file, out);
    }
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
        AuditCommand::VerifyBundle { .. } => unreachable!("checked without a database above"),
        AuditCommand::Bundle { objection, output } => {
            let id = match crate::db::repo::cases::objections_by_number(&mut conn, objection.trim())?.as_slice() {
                [one] => one.id.clone(),
                [] => objection.trim().to_owned(),
                _ => return Err(CliError::Input(format!("several objections are numbered {objection}: give its id"))),
            };
            let Some(bundle) = audit::bundle(&mut conn, &id, &settings.instance_name, clock.now())? else {
                return Err(CliError::Input(format!("there is no objection {objection}")));
            };
            std::fs::write(&output, &bundle)
                .map_err(|e| CliError::Input(format!("cannot write {}: {e}", output.display())))?;
            writeln!(
                out,
                "Wrote {} ({} bytes, SHA-256 {}).",
                output.display(),
                bundle.len(),
                crate::domain::evidence::sha256_hex(&bundle)
            )?;
            Ok(())
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
