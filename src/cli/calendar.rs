//! `terbuka calendar …`: deadlines, listing, export, import and status of the working-day calendar.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use clap::Subcommand;

use super::CliError;
use crate::config::Settings;
use crate::db::repo;
use crate::domain::calendar::{DeadlineQuery, parse_iso_date, supported_range};
use crate::domain::calendar_import::to_csv;
use crate::domain::clock::Clock;
use crate::service::calendar as cal;
use crate::service::calendar_change::{self, ImportError};
use crate::startup::open_database;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The date N working days after a trigger date (exclusive counting: the trigger date is day 0).
    Deadline {
        /// The trigger date (e.g. the day a request was received), YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// How many working days.
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        working_days: String,
        /// Use the calendar as it was known on this date (default: everything loaded now).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// Include the local holidays of this KI jurisdiction.
        #[arg(long, value_name = "CODE")]
        jurisdiction: Option<String>,
        /// Also print the skipped days, the calendar version and any provisional warning.
        #[arg(long)]
        explain: bool,
    },
    /// Every calendar entry dated in a year.
    List {
        #[arg(long)]
        year: i32,
    },
    /// A year's entries as CSV in the import format.
    Export {
        #[arg(long)]
        year: i32,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import entries from a CSV file (date,kind,name,source,known_from[,jurisdiction]). All or nothing.
    Import {
        file: PathBuf,
        /// Check the file and show what would change, without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Loaded years, the calendar version, and warnings (e.g. next year missing from 1 October).
    Status {
        /// Check as if today were this date (in the instance's time zone).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
}

pub fn run(
    cmd: CalendarCommand,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    // Validate arguments before touching the database.
    let query = match &cmd {
        CalendarCommand::Deadline { from, working_days, as_of, jurisdiction, .. } => Some(
            DeadlineQuery::parse(Some(from), Some(working_days), as_of.as_deref(), jurisdiction.as_deref()).map_err(
                |errs| {
                    CliError::Input(
                        errs.iter()
                            .map(|e| format!("--{}", e.to_string().replace('_', "-")))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                },
            )?,
        ),
        CalendarCommand::List { year } | CalendarCommand::Export { year, .. } => {
            check_year(*year)?;
            None
        }
        _ => None,
    };
    let opened = open_database(settings, &*clock)?;
    let mut conn = opened.db.get()?;
    let conn = &mut *conn;

    match cmd {
        CalendarCommand::Deadline { explain, .. } => {
            let query = query.expect("parsed above");
            let d = cal::deadline(conn, settings.calendar, &query)?;
            if explain {
                match query.as_of {
                    Some(as_of) => writeln!(out, "Calendar version {}, as known on {as_of}.", d.calendar_version)?,
                    None => writeln!(out, "Calendar version {}, as loaded.", d.calendar_version)?,
                }
                if !settings.calendar.exclude_cuti_bersama {
                    writeln!(out, "Cuti bersama count as working days on this instance.")?;
                }
                writeln!(out, "From {} (day 0), {} working days.", weekday_date(d.from), d.working_days)?;
                if d.skipped.is_empty() {
                    writeln!(out, "No weekday was skipped.")?;
                } else {
                    writeln!(out, "Skipped weekdays that are not working days:")?;
                    for s in &d.skipped {
                        let mark = if s.info.provisional { " (assumed: year not loaded)" } else { "" };
                        writeln!(out, "  {}  {:<12}  {}{mark}", weekday_date(s.date), s.info.kind, s.info.name)?;
                    }
                }
                if d.provisional {
                    writeln!(out, "{}", provisional_warning(&d.from, &d.due))?;
                }
                writeln!(
                    out,
                    "Due {} = {} working days after {}.",
                    weekday_date(d.due),
                    d.working_days,
                    weekday_date(d.from)
                )?;
            } else if d.provisional {
                writeln!(err, "{}", provisional_warning(&d.from, &d.due))?;
            }
            writeln!(out, "{}", d.due)?;
        }
        CalendarCommand::List { year } => {
            let entries = repo::calendar::entries_in_year(conn, year)?;
            if entries.is_empty() {
                writeln!(out, "No calendar entries for {year}: the year is not loaded.")?;
                return Ok(());
            }
            writeln!(
                out,
                "{:<15} {:<12} {:<11} {:<14} {:>7}  name (source)",
                "date", "kind", "known from", "jurisdiction", "version"
            )?;
            for (e, version) in &entries {
                let jurisdiction = e.jurisdiction.as_ref().map_or("national", |j| j.as_str());
                writeln!(
                    out,
                    "{:<15} {:<12} {:<11} {:<14} {:>7}  {} ({})",
                    weekday_date(e.date),
                    e.kind.as_str(),
                    e.known_from,
                    jurisdiction,
                    version,
                    e.name,
                    e.source
                )?;
            }
            writeln!(out, "{} entries.", entries.len())?;
        }
        CalendarCommand::Export { year, output } => {
            let entries: Vec<_> = repo::calendar::entries_in_year(conn, year)?.into_iter().map(|(e, _)| e).collect();
            if entries.is_empty() {
                writeln!(err, "warning: no calendar entries for {year}; the file has only the header.")?;
            }
            let csv = to_csv(&entries);
            match output {
                Some(path) => {
                    std::fs::write(&path, csv)
                        .map_err(|e| CliError::Input(format!("cannot write {}: {e}", path.display())))?;
                    writeln!(err, "Wrote {} entries to {}.", entries.len(), path.display())?;
                }
                None => out.write_all(csv.as_bytes())?,
            }
        }
        CalendarCommand::Import { file, dry_run } => {
            let bytes =
                std::fs::read(&file).map_err(|e| CliError::Input(format!("cannot read {}: {e}", file.display())))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                CliError::Input(format!("{} is not UTF-8 text; save the CSV as UTF-8 and try again", file.display()))
            })?;
            let name =
                file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
            match calendar_change::import_csv(
                conn,
                settings.calendar,
                &text,
                &format!("import of {name}"),
                clock.now(),
                dry_run,
            ) {
                Ok(outcome) => {
                    writeln!(
                        out,
                        "Checked {}: {} new entries, {} already loaded.",
                        file.display(),
                        outcome.added.len(),
                        outcome.unchanged
                    )?;
                    for e in &outcome.added {
                        let scope = e.jurisdiction.as_ref().map_or("national".to_owned(), |j| j.to_string());
                        writeln!(
                            out,
                            "  + {}  {:<12}  {} (known from {}, {scope}, {})",
                            weekday_date(e.date),
                            e.kind.as_str(),
                            e.name,
                            e.known_from,
                            e.source
                        )?;
                    }
                    for m in &outcome.moves {
                        if m.applied {
                            writeln!(
                                out,
                                "  moved {} {} {}: {} -> {}",
                                m.case_kind, m.registration_number, m.clock, m.old, m.new
                            )?;
                        } else {
                            writeln!(
                                out,
                                "  kept {} {} {} at {} (the change would move it earlier, to {}; a deadline already told \
                                 to a party is never moved earlier)",
                                m.case_kind, m.registration_number, m.clock, m.old, m.new
                            )?;
                        }
                    }
                    match (outcome.version, dry_run) {
                        (_, true) => writeln!(out, "Dry run: nothing was changed.")?,
                        (Some(v), false) => writeln!(out, "Recorded as calendar version {v}.")?,
                        (None, false) => writeln!(out, "Nothing changed; the calendar version stays the same.")?,
                    }
                }
                Err(ImportError::Rows(errors)) => {
                    let mut message =
                        format!("{} has {} problem(s); nothing was imported:", file.display(), errors.len());
                    for e in &errors {
                        message.push_str(&format!("\n  {e}"));
                    }
                    return Err(CliError::Input(message));
                }
                Err(ImportError::Db(e)) => return Err(e.into()),
                Err(ImportError::Service(e)) => return Err(e.into()),
            }
        }
        CalendarCommand::Status { today } => {
            let now = match today {
                Some(s) => {
                    let date = parse_iso_date(&s).ok_or_else(|| {
                        CliError::Input(format!("--today: expected a date as YYYY-MM-DD, found `{s}`"))
                    })?;
                    let noon = date.and_hms_opt(12, 0, 0).expect("valid time");
                    settings
                        .time_zone
                        .from_local_datetime(&noon)
                        .single()
                        .map(|t| t.with_timezone(&Utc))
                        .expect("Indonesian zones have no DST gaps")
                }
                None => clock.now(),
            };
            let status = cal::status(conn, settings.calendar, now, settings.time_zone)?;
            writeln!(out, "Today: {} ({}).", weekday_date(status.today), settings.time_zone)?;
            match &status.last_change {
                Some(v) => writeln!(
                    out,
                    "Calendar version {}: {} ({}, {}).",
                    v.version,
                    v.note,
                    v.source,
                    v.created_at.format("%Y-%m-%d %H:%M UTC")
                )?,
                None => writeln!(out, "No calendar loaded.")?,
            }
            writeln!(
                out,
                "Cuti bersama: {}.",
                if settings.calendar.exclude_cuti_bersama { "not working days" } else { "working days" }
            )?;
            if status.years.is_empty() {
                writeln!(out, "Loaded years: none.")?;
            } else {
                writeln!(out, "Loaded years:")?;
                for y in &status.years {
                    writeln!(
                        out,
                        "  {}: {} working days ({} holidays, {} cuti bersama, {} Keppres, {} local, {} removed)",
                        y.year, y.working_days, y.holidays, y.cuti_bersama, y.keppres, y.local, y.removed
                    )?;
                }
            }
            for w in &status.warnings {
                writeln!(out, "WARNING: {w}")?;
            }
        }
    }
    Ok(())
}

fn check_year(year: i32) -> Result<(), CliError> {
    let (min, max) = supported_range();
    if year < min.year() || year > max.year() {
        return Err(CliError::Input(format!("--year: expected a year from {} to {}", min.year(), max.year())));
    }
    Ok(())
}

fn weekday_date(d: NaiveDate) -> String {
    d.format("%a %Y-%m-%d").to_string()
}

fn provisional_warning(from: &NaiveDate, due: &NaiveDate) -> String {
    format!(
        "WARNING: provisional. The count from {from} to {due} reaches into a year whose holiday calendar is not \
         loaded, so only weekends and the fixed-date national holidays (1 Jan, 1 May, 1 Jun, 17 Aug, 25 Dec) were \
         counted there. Import that year's SKB (terbuka calendar import FILE.csv) to make it final."
    )
}
