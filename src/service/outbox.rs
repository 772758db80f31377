//! Sending the mail outbox ([`crate::service::mail`] fills it). [`run_due`] — called by the worker loop of every
//! instance, and by tests with their own clock — claims due rows with a lease, renders and sends them outside any
//! transaction, and records the outcome: sent; a transient failure retried later with exponential backoff and
//! jitter; a permanent failure (a 5xx answer) or exhausted retries dead, listed for an administrator.
//!
//! **Exactly once, with several instances.** A pass claims a batch under a lease in its own name (a token per
//! pass), renews the leases of each group of rows just before sending them — and again before any message that
//! starts with a quarter of the lease gone — and records each outcome only if the row is still in its name. A row whose lease ran out while the pass waited on a slow mail server, and which another instance
//! claimed meanwhile, is that instance's: this pass neither sends nor records it. One message cannot outlast its
//! lease: every exchange with the SMTP server has a timeout (at most [`MAX_SMTP_TIMEOUT`]), and a message takes at
//! most [`SMTP_EXCHANGES`] exchanges, well within [`LEASE`]. What remains is the gap every mail system has: a
//! crash between the server's "250" and the record means the mail goes again after the lease, with the same
//! Message-ID (derived from the outbox id), so a receiving system can drop the copy.
//!
//! **Throughput.** A pass keeps claiming batches while they come back full, for at most its time budget; the SMTP
//! transport keeps its connections open between messages (lettre's pool), several senders work at once, and each
//! renews and records ten rows per write, so a mail costs one SMTP transaction and a fifth of a short write. `terbuka bench mail` measures it (docs/performance.md).

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::config::{MailSettings, MailTransport, SmtpSecurity};
use crate::crypto::Secrets;
use crate::db::models::mail::OutboxRow;
use crate::db::repo::mail as repo;
use crate::db::{Db, DbConn, write_tx};
use crate::domain::clock::Clock;
use crate::i18n::Locale;
use crate::service::ServiceError;
use crate::service::mail::{Compose, MAX_ATTEMPTS, PLAIN, Rendered};

/// How long a pass holds a row it claimed, renewed just before the row is sent.
pub const LEASE: Duration = Duration::minutes(10);
/// Rows one claim takes at most: a group of ten for each of the default eight senders, so that all work until the
/// batch is done (a batch of 50 in groups of ten kept three of eight idle: 93 mails a second instead of 116).
pub const BATCH: i64 = 80;
/// The most exchanges one message takes with the SMTP server: connect, greeting, EHLO, STARTTLS, EHLO again,
/// AUTH (two), MAIL FROM, RCPT TO, DATA, the message and its end — and a pooled connection's NOOP check.
pub const SMTP_EXCHANGES: u32 = 12;
/// The longest timeout an SMTP exchange may have (`smtp_timeout_seconds`): [`SMTP_EXCHANGES`] of them stay within
/// half the [`LEASE`].
pub const MAX_SMTP_TIMEOUT: std::time::Duration =
    std::time::Duration::from_secs(crate::config::MAX_SMTP_TIMEOUT_SECONDS);

/// Why a send failed.
#[derive(Debug, Clone)]
pub struct SendError {
    /// The server refused for good (a 5xx answer): do not try again.
    pub permanent: bool,
    /// The mail server refused the message for good (5xx): the address is marked failing.
    pub refused: bool,
    pub message: String,
}

/// Where mail goes.
pub enum Transport {
    File(std::path::PathBuf),
    /// The transport (a pool of kept-open connections), the timeout of each exchange (for the record of a
    /// failure), and how many messages go at once.
    Smtp(lettre::SmtpTransport, std::time::Duration, usize),
}

impl Transport {
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Transport> {
        Ok(match &settings.transport {
            MailTransport::File { dir } => {
                crate::private_files::create_dir_all(dir)?;
                Transport::File(dir.clone())
            }
            MailTransport::Smtp { host, port, security, credentials, timeout, connections } => {
                let builder = match security {
                    SmtpSecurity::StartTls => lettre::SmtpTransport::starttls_relay(host)?,
                    SmtpSecurity::Tls => lettre::SmtpTransport::relay(host)?,
                    SmtpSecurity::None => lettre::SmtpTransport::builder_dangerous(host),
                };
                // Connections kept open from message to message, one per message sent at once. (Several at once,
                // because each message waits out a round trip or two per command, and lettre writes the body and
                // its final dot apart, so Nagle's algorithm holds the dot until the server's delayed ACK: about
                // 40 ms a message on one connection, whatever the server's speed.)
                let pool = lettre::transport::smtp::PoolConfig::new()
                    .max_size(*connections)
                    .idle_timeout(std::time::Duration::from_secs(30));
                let timeout = (*timeout).min(MAX_SMTP_TIMEOUT);
                let mut builder = builder.port(*port).timeout(Some(timeout)).pool_config(pool);
                if let Some((user, password)) = credentials {
                    builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
                        user.clone(),
                        password.clone(),
                    ));
                }
                Transport::Smtp(builder.build(), timeout, *connections as usize)
            }
        })
    }

    /// How many messages go at once: one file at a time; over SMTP, `smtp_connections`.
    fn at_once(&self) -> usize {
        match self {
            Transport::File(_) => 1,
            Transport::Smtp(_, _, connections) => (*connections).max(1),
        }
    }

    fn send(&self, id: &str, message: &lettre::Message) -> Result<(), SendError> {
        use lettre::Transport as _;
        match self {
            Transport::File(dir) => crate::private_files::write(&dir.join(format!("{id}.eml")), &message.formatted())
                .map_err(|e| SendError { permanent: false, refused: false, message: e.to_string() }),
            Transport::Smtp(smtp, timeout, _) => smtp.send(message).map(drop).map_err(|e| SendError {
                permanent: e.is_permanent(),
                refused: e.is_permanent(),
                message: if timed_out(&e) {
                    format!("no answer from the mail server within {} s ({e})", timeout.as_secs())
                } else {
                    e.to_string()
                },
            }),
        }
    }
}

/// Whether an SMTP failure is an exchange that ran out of time (a blocking socket's timeout shows as
/// `WouldBlock` on Linux, `TimedOut` elsewhere).
fn timed_out(error: &lettre::transport::smtp::Error) -> bool {
    use std::error::Error as _;
    let mut source = error.source();
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(io.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut);
        }
        source = e.source();
    }
    error.is_timeout()
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
    /// Reminders withdrawn unsent because what they remind of was done meanwhile.
    pub withdrawn: usize,
    /// Rows this pass had claimed but found in another instance's hands when their turn came (their lease had run
    /// out meanwhile): left to that instance, neither sent nor recorded here.
    pub handed_over: usize,
    /// The pass stopped at its time budget with due mail left: the caller runs another at once.
    pub more_due: bool,
}

impl RunReport {
    /// Adds `other`'s counts to these (`more_due` stays as it is: it is about a whole pass).
    pub fn add(&mut self, other: &RunReport) {
        self.sent += other.sent;
        self.retried += other.retried;
        self.dead += other.dead;
        self.withdrawn += other.withdrawn;
        self.handed_over += other.handed_over;
    }
}

/// Whether a planned, non-statutory mail still has a reason to go: the request is still unanswered (overdue
/// notice), no objection was filed (objection reminder), no dispute was registered (dispute reminder), and the
/// requester did not opt out meanwhile. Every other mail always goes.
fn still_wanted(conn: &mut DbConn, row: &OutboxRow) -> Result<bool, ServiceError> {
    use crate::db::repo::cases as case_repo;
    let Some(case_id) = row.case_id.as_deref() else { return Ok(true) };
    let requester = match row.kind.as_str() {
        "overdue" | "remind_objection" => match case_repo::request(conn, case_id)? {
            Some(r) if row.kind == "overdue" && r.notice_on.is_some() => return Ok(false),
            Some(r) if row.kind == "remind_objection" && !case_repo::objections_of_request(conn, &r.id)?.is_empty() => {
                return Ok(false);
            }
            Some(r) => r.requester_id,
            None => return Ok(false),
        },
        "remind_dispute" => match case_repo::objection(conn, case_id)? {
            Some(o) if !case_repo::disputes_of_objection(conn, &o.id)?.is_empty() => return Ok(false),
            Some(o) => o.requester_id,
            None => return Ok(false),
        },
        _ => return Ok(true),
    };
    Ok(!repo::opted_out(conn, &requester)?)
}

/// When to try again after `attempts` failures: 1, 2, 4 … minutes, at most 6 hours, plus up to a fifth more.
fn backoff(attempts: i64) -> Duration {
    let base = Duration::minutes(1 << attempts.clamp(0, 9)).min(Duration::hours(6));
    let jitter = u64::from(crate::crypto::random_bytes::<2>()[0]) % 21;
    base + base * jitter as i32 / 100
}

/// The message for outbox row `id`: From, To, the subject, a Message-ID derived from the id, the opt-out headers
/// of a non-statutory mail, and the plain-text and HTML parts as multipart/alternative.
pub fn build_message(id: &str, recipient: &str, from: &str, rendered: &Rendered) -> Result<lettre::Message, String> {
    use lettre::message::MultiPart;
    let from: lettre::message::Mailbox = from.parse().map_err(|e| format!("mail_from: {e}"))?;
    let to: lettre::message::Mailbox = recipient.parse().map_err(|e| format!("recipient: {e}"))?;
    let domain = from.email.domain().to_owned();
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(rendered.subject.clone())
        .message_id(Some(format!("<{id}@{domain}>")));
    if let Some(url) = &rendered.opt_out_url {
        use lettre::message::header::{HeaderName, HeaderValue};
        builder = builder
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(rendered.text.clone(), rendered.html.clone()))
        .map_err(|e| e.to_string())
}

/// What a pass works with.
pub struct Sender<'a> {
    pub db: &'a Db,
    pub secrets: &'a Secrets,
    pub composer: &'a dyn Compose,
    pub transport: &'a Transport,
    /// The From address.
    pub from: &'a str,
    pub clock: &'a dyn Clock,
}

/// Sends what is due: claims a batch, and for each row renews its lease, renders, sends and records; claims the
/// next batch while they come back full, until `budget` has passed. Safe to run on every instance at once.
pub fn run_due(sender: &Sender<'_>, budget: std::time::Duration) -> Result<RunReport, ServiceError> {
    let started = std::time::Instant::now();
    let mut report = RunReport::default();
    let holder = uuid::Uuid::now_v7().to_string();
    loop {
        let now = sender.clock.now();
        let rows = sender.db.with(|conn| -> Result<_, ServiceError> {
            Ok(repo::claim(conn, now.naive_utc(), (now + LEASE).naive_utc(), &holder, BATCH)?)
        })?;
        let full = rows.len() as i64 == BATCH;
        send_batch(sender, &holder, &rows, &mut report)?;
        if !full {
            return Ok(report);
        }
        if started.elapsed() >= budget {
            report.more_due = true;
            return Ok(report);
        }
    }
}

/// Rows one sender renews together, then sends, then records together: two short write transactions for ten mails
/// instead of two for each, which kept the mail worker behind new requests on a busy SQLite.
const GROUP: usize = 10;

/// Sends `rows`, as many at once as the transport allows (each sender takes the next [`GROUP`] of rows in order of
/// due time).
fn send_batch(
    sender: &Sender<'_>,
    holder: &str,
    rows: &[OutboxRow],
    report: &mut RunReport,
) -> Result<(), ServiceError> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let senders = sender.transport.at_once().min(rows.len().div_ceil(GROUP));
    let reports = std::thread::scope(|scope| {
        let senders: Vec<_> = (0..senders)
            .map(|_| {
                scope.spawn(|| -> Result<RunReport, ServiceError> {
                    let mut mine = RunReport::default();
                    loop {
                        let start = next.fetch_add(GROUP, std::sync::atomic::Ordering::Relaxed);
                        let Some(group) = rows.get(start..rows.len().min(start + GROUP)).filter(|g| !g.is_empty())
                        else {
                            return Ok(mine);
                        };
                        send_group(sender, holder, group, &mut mine)?;
                    }
                })
            })
            .collect();
        senders.into_iter().map(|s| s.join().expect("a mail sender panicked")).collect::<Vec<_>>()
    });
    for r in reports {
        let r = r?;
        report.add(&r);
    }
    Ok(())
}

/// A lease is renewed again before a message once this much of it has passed since it was last renewed: the
/// slowest message ([`SMTP_EXCHANGES`] × [`MAX_SMTP_TIMEOUT`], half a lease) then still ends, and is recorded,
/// within the lease.
const RENEW_AFTER: Duration = Duration::seconds(LEASE.num_seconds() / 4);

/// Renews the group's leases (one write), sends each row still held and wanted, and records the outcomes (one
/// write). When a message starts with a quarter of the lease gone (a slow server), what was sent so far is
/// recorded and the rest renewed first, so no row is ever sent or recorded outside its lease.
fn send_group(
    sender: &Sender<'_>,
    holder: &str,
    group: &[OutboxRow],
    report: &mut RunReport,
) -> Result<(), ServiceError> {
    let mut renewed_at = sender.clock.now();
    let mut turns = renew(sender, holder, group, renewed_at, report)?;
    let mut done: Vec<(&OutboxRow, Result<(), SendError>, DateTime<Utc>)> = Vec::new();
    for (i, row) in group.iter().enumerate() {
        if !turns[i] {
            continue;
        }
        if sender.clock.now() - renewed_at >= RENEW_AFTER {
            record(sender, holder, std::mem::take(&mut done), report)?;
            renewed_at = sender.clock.now();
            let rest = renew(sender, holder, &group[i..], renewed_at, report)?;
            turns.truncate(i);
            turns.extend(rest);
            if !turns[i] {
                continue;
            }
        }
        let outcome = compose(sender, row).and_then(|m| sender.transport.send(&row.id, &m));
        // The moment the outcome is known: a backoff counts from the failure, not the pass start.
        done.push((row, outcome, sender.clock.now()));
    }
    record(sender, holder, done, report)
}

/// Renews the leases of `rows` in one write transaction; for each, whether to send it: `false` for a row another
/// instance holds now (handed over) or a reminder overtaken by events (withdrawn, deleted unsent).
fn renew(
    sender: &Sender<'_>,
    holder: &str,
    rows: &[OutboxRow],
    at: DateTime<Utc>,
    report: &mut RunReport,
) -> Result<Vec<bool>, ServiceError> {
    let turns = sender.db.with(|conn| {
        write_tx(conn, |conn| -> Result<Vec<Turn>, ServiceError> {
            let mut turns = Vec::with_capacity(rows.len());
            for row in rows {
                turns.push(if !repo::renew(conn, &row.id, holder, (at + LEASE).naive_utc())? {
                    Turn::HandedOver
                } else if still_wanted(conn, row)? {
                    Turn::Send
                } else if repo::withdraw(conn, &row.id, holder)? {
                    // Planned, then overtaken (an outage held it back): withdrawn, not sent.
                    Turn::Withdrawn
                } else {
                    Turn::HandedOver
                });
            }
            Ok(turns)
        })
    })?;
    Ok(rows
        .iter()
        .zip(turns)
        .map(|(row, turn)| match turn {
            Turn::Send => true,
            Turn::Withdrawn => {
                report.withdrawn += 1;
                false
            }
            Turn::HandedOver => {
                handed_over(row, "before sending");
                report.handed_over += 1;
                false
            }
        })
        .collect())
}

/// Records the outcomes of sent rows in one write transaction, each only if `holder` still holds it.
fn record(
    sender: &Sender<'_>,
    holder: &str,
    done: Vec<(&OutboxRow, Result<(), SendError>, DateTime<Utc>)>,
    report: &mut RunReport,
) -> Result<(), ServiceError> {
    if done.is_empty() {
        return Ok(());
    }
    let mut counted = RunReport::default();
    sender.db.with(|conn| {
        write_tx(conn, |conn| -> Result<(), ServiceError> {
            counted = RunReport::default();
            for (row, outcome, at) in &done {
                record_one(conn, holder, row, outcome, *at, &mut counted)?;
            }
            Ok(())
        })
    })?;
    report.add(&counted);
    Ok(())
}

/// Records one outcome (see [`record`]).
fn record_one(
    conn: &mut DbConn,
    holder: &str,
    row: &OutboxRow,
    outcome: &Result<(), SendError>,
    at: DateTime<Utc>,
    report: &mut RunReport,
) -> Result<(), ServiceError> {
    match outcome {
        Ok(()) => {
            if !repo::mark_sent(conn, &row.id, holder, at.naive_utc())? {
                handed_over(row, "after sending");
                report.handed_over += 1;
                return Ok(());
            }
            repo::clear_address_failing(conn, &row.recipient)?;
            report.sent += 1;
        }
        Err(e) => {
            let attempts = row.attempts + 1;
            let next = (!e.permanent && attempts < MAX_ATTEMPTS).then(|| (at + backoff(attempts)).naive_utc());
            tracing::warn!(mail = %row.id, kind = %row.kind, attempts, permanent = e.permanent, error = %e.message, "mail not sent");
            if !repo::mark_failed(conn, &row.id, holder, &e.message, next)? {
                handed_over(row, "after failing");
                report.handed_over += 1;
                return Ok(());
            }
            if e.refused {
                // Shown on the requester's requests, so the officer sends statutory notices another way.
                repo::mark_address_failing(conn, &row.recipient, at.naive_utc(), &e.message)?;
            }
            if next.is_some() {
                report.retried += 1;
            } else {
                report.dead += 1;
            }
        }
    }
    Ok(())
}

/// The row's message: its variables decrypted, rendered in its language, addressed.
fn compose(sender: &Sender<'_>, row: &OutboxRow) -> Result<lettre::Message, SendError> {
    match row.params_encrypted.strip_prefix(PLAIN) {
        Some(plain) => Ok(plain.as_bytes().to_vec()),
        None => sender.secrets.decrypt(&row.params_encrypted, &format!("mail/{}", row.id)).map_err(|e| e.to_string()),
    }
    .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).map_err(|e| e.to_string()))
    .and_then(|params| {
        let locale = Locale::parse(&row.language).unwrap_or_default();
        sender.composer.compose(&row.kind, locale, &params)
    })
    .and_then(|rendered| build_message(&row.id, &row.recipient, sender.from, &rendered))
    .map_err(|e| SendError { permanent: true, refused: false, message: e })
}

/// What a pass does with a row when its turn comes.
enum Turn {
    Send,
    /// A reminder overtaken by events, deleted unsent.
    Withdrawn,
    /// Another instance holds it now.
    HandedOver,
}

/// Logs a row this pass let go because another instance holds it now.
fn handed_over(row: &OutboxRow, when: &str) {
    tracing::warn!(
        mail = %row.id,
        kind = %row.kind,
        when,
        "mail lease ran out and another instance claimed the mail; left to it"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stops_growing_at_six_hours() {
        assert!(backoff(1) >= Duration::minutes(2) && backoff(1) <= Duration::seconds(144));
        assert!(backoff(3) >= Duration::minutes(8));
        assert!(backoff(20) <= Duration::minutes(432));
    }

    #[test]
    fn the_slowest_message_the_timeouts_allow_ends_within_its_lease() {
        let slowest = MAX_SMTP_TIMEOUT * SMTP_EXCHANGES;
        assert!(Duration::from_std(slowest).unwrap() * 2 <= LEASE, "{slowest:?}");
    }
}
