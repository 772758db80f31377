//! `terbuka mail dead list|retry`: mail the server refused for good, or that ran out of attempts.

use std::io::Write;
use std::sync::Arc;

use clap::Subcommand;

use crate::cli::CliError;
use crate::config::Settings;
use crate::domain::clock::Clock;
use crate::service::mail;
use crate::startup::open_database;

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Dead mail (recipients masked).
    #[command(subcommand)]
    Dead(DeadCommand),
}

#[derive(Debug, Subcommand)]
pub enum DeadCommand {
    List,
    /// Send again: the given ids, or all dead mail with --all.
    Retry {
        ids: Vec<String>,
        #[arg(long, conflicts_with = "ids")]
        all: bool,
    },
}

pub fn run(cmd: MailCommand, settings: &Settings, out: &mut dyn Write, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let opened = open_database(settings, &*clock)?;
    let mut conn = opened.db.get()?;
    match cmd {
        MailCommand::Dead(DeadCommand::List) => {
            let dead = mail::dead_mail(&mut conn)?;
            for d in &dead {
                writeln!(
                    out,
                    "{}  {:<10} {:<28} {} attempt(s)  {}",
                    d.id, d.kind, d.recipient_masked, d.attempts, d.last_error
                )?;
            }
            writeln!(out, "{} dead mail(s).", dead.len())?;
        }
        MailCommand::Dead(DeadCommand::Retry { ids, all }) => {
            if ids.is_empty() && !all {
                return Err(CliError::Input("name the mails to retry, or use --all".into()));
            }
            let n = mail::retry_dead(&mut conn, &ids, clock.now())?;
            writeln!(out, "{n} mail(s) queued again; the worker sends them within seconds.")?;
        }
    }
    Ok(())
}
