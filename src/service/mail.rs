//! Email through a transactional outbox. A use case that causes a mail calls [`enqueue`] inside its own
//! transaction, so the mail exists exactly when the change does; [`crate::service::outbox`] sends it. Here too:
//! the planner of mail the date makes due, dead mail, and the requester's one-click opt-out.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::models::mail::OutboxRow;
use crate::db::repo::mail as repo;
use crate::i18n::Locale;
use crate::service::ServiceError;

/// After this many failed attempts a mail is dead.
pub const MAX_ATTEMPTS: i64 = 8;

/// One mail to send later.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    /// The template, e.g. `receipt`.
    pub kind: &'a str,
    pub to: &'a str,
    /// `id` or `en`.
    pub language: &'a str,
    /// The template's variables (encrypted at rest, cleared once sent).
    pub params: Value,
    pub case_id: Option<&'a str>,
    /// At most one mail per key, ever (reminders); `None` for mails that are never duplicates.
    pub dedupe_key: Option<String>,
}

/// Writes a mail into the outbox, in the caller's transaction.
pub fn enqueue(
    conn: &mut DbConn,
    secrets: &Secrets,
    mail: &NewMail<'_>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    insert(conn, Some(secrets), mail, now).map(drop)
}

/// Variables stored without encryption (they hold no secret such as a tracking link) start with this.
pub(crate) const PLAIN: &str = "plain:";

/// [`enqueue`] for a mail whose variables hold nothing secret (no link that opens a request).
pub fn enqueue_plain(conn: &mut DbConn, mail: &NewMail<'_>, now: DateTime<Utc>) -> Result<(), ServiceError> {
    insert(conn, None, mail, now).map(drop)
}

/// Whether an address is on the reserved `.invalid` top-level domain (RFC 2606, RFC 6761), which can never
/// receive mail: the demo data's requesters have such addresses, and nothing is ever queued for them.
pub fn is_undeliverable(address: &str) -> bool {
    address.trim().rsplit_once('@').is_some_and(|(_, domain)| {
        let domain = domain.trim_end_matches('.').to_ascii_lowercase();
        domain == "invalid" || domain.ends_with(".invalid")
    })
}

/// Whether mail can reach `address`: there is one, and it is not in the reserved `.invalid` domain.
pub fn is_mailable(address: &str) -> bool {
    !address.trim().is_empty() && !is_undeliverable(address)
}

/// Stores a mail in the outbox; `false` when its address can never receive mail (nothing stored).
fn insert(
    conn: &mut DbConn,
    secrets: Option<&Secrets>,
    mail: &NewMail<'_>,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    if is_undeliverable(mail.to) {
        return Ok(false);
    }
    let id = uuid::Uuid::now_v7().to_string();
    let params = serde_json::to_vec(&mail.params)
        .map_err(|e| ServiceError::Db(crate::db::DbError::Unavailable(e.to_string())))?;
    let stored = match secrets {
        Some(s) => s.encrypt(&params, &format!("mail/{id}")),
        None => format!("{PLAIN}{}", String::from_utf8_lossy(&params)),
    };
    repo::insert(
        conn,
        &OutboxRow {
            params_encrypted: stored,
            id,
            kind: mail.kind.to_owned(),
            recipient: mail.to.trim().to_owned(),
            language: if mail.language == "en" { "en".into() } else { "id".into() },
            case_id: mail.case_id.map(str::to_owned),
            dedupe_key: mail.dedupe_key.clone(),
            status: "pending".into(),
            attempts: 0,
            next_attempt_at: now.naive_utc(),
            lease_until: None,
            last_error: String::new(),
            created_at: now.naive_utc(),
            sent_at: None,
            handled_at: None,
            handled_by: None,
            handled_note: String::new(),
            lease_holder: None,
        },
    )?;
    Ok(true)
}

/// A rendered mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The one-click opt-out link of a non-statutory mail (also sent as `List-Unsubscribe`, RFC 8058).
    pub opt_out_url: Option<String>,
}

/// Turns an outbox row's kind and variables into a mail (the views layer implements it).
pub trait Compose: Send + Sync {
    fn compose(&self, kind: &str, locale: Locale, params: &Value) -> Result<Rendered, String>;
}

/// A dead mail as an administrator sees it: the address masked (administrators do not see identity).
#[derive(Debug, Clone)]
pub struct DeadMail {
    pub id: String,
    pub kind: String,
    pub recipient_masked: String,
    pub case_id: Option<String>,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: DateTime<Utc>,
}

/// `siti.rahmawati@example.com` → `si…@example.com`.
pub fn mask_address(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}…@{domain}", local.chars().take(2).collect::<String>()),
        None => "…".into(),
    }
}

pub fn dead_mail(conn: &mut DbConn) -> Result<Vec<DeadMail>, ServiceError> {
    Ok(repo::by_status(conn, "dead")?
        .into_iter()
        .map(|r| DeadMail {
            recipient_masked: mask_address(&r.recipient),
            id: r.id,
            kind: r.kind,
            case_id: r.case_id,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at.and_utc(),
        })
        .collect())
}

/// Puts dead mail back in the queue (all of it when `ids` is empty); returns how many.
pub fn retry_dead(conn: &mut DbConn, ids: &[String], now: DateTime<Utc>) -> Result<usize, ServiceError> {
    let ids: Vec<String> =
        if ids.is_empty() { repo::by_status(conn, "dead")?.into_iter().map(|r| r.id).collect() } else { ids.to_vec() };
    Ok(repo::retry_dead(conn, &ids, now.naive_utc())?)
}

/// What the planner needs beyond the date.
#[derive(Debug, Clone, Copy)]
pub struct PlanSettings {
    pub calendar: crate::domain::calendar::CalendarSettings,
    /// "Due soon" in the staff digest: within this many working days (the queue's setting).
    pub due_soon_working_days: u32,
    /// The instance's time zone: what "today" is for the worker.
    pub time_zone: chrono_tz::Tz,
    /// Remind the requester this many working days before an objection or dispute window closes.
    pub reminder_working_days: u32,
    /// Send KI auditors a weekly digest of overdue work in their jurisdiction.
    pub ki_weekly_digest: bool,
}

/// What a one-click opt-out link carries: the requester, signed by the instance.
pub const OPT_OUT: &str = "mail-opt-out";

/// The token of a requester's one-click opt-out link.
pub fn opt_out_token(secrets: &Secrets, requester_id: &str) -> String {
    secrets.sign(OPT_OUT, requester_id)
}

/// Stops reminders (non-statutory mail) to the requester a one-click link names; `false` for a link this
/// instance did not sign. Statutory notices still go.
pub fn opt_out(conn: &mut DbConn, secrets: &Secrets, token: &str, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    let Some(requester_id) = secrets.verify_signed(OPT_OUT, token) else { return Ok(false) };
    if crate::db::repo::cases::requester_opt(conn, &requester_id)?.is_none() {
        return Ok(false);
    }
    repo::opt_out(conn, &requester_id, now.naive_utc())?;
    Ok(true)
}

/// Inserts a planned mail under its unique key: 1 when planned, 0 when another run (or instance) planned it first.
fn plan_once(
    conn: &mut DbConn,
    kind: &str,
    to: Addressee<'_>,
    case_id: Option<&str>,
    key: String,
    params: Value,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let mail = NewMail { kind, to: to.email, language: to.language, params, case_id, dedupe_key: Some(key) };
    match crate::db::write_tx(conn, |conn| insert(conn, None, &mail, now)) {
        Ok(stored) => Ok(usize::from(stored)),
        Err(ServiceError::Db(crate::db::DbError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )))) => Ok(0),
        Err(e) => Err(e),
    }
}

/// Whom a planned mail goes to.
#[derive(Clone, Copy)]
struct Addressee<'a> {
    email: &'a str,
    language: &'a str,
}

impl<'a> Addressee<'a> {
    fn user(user: &'a crate::db::models::accounts::UserRow) -> Self {
        Self { email: &user.email, language: &user.language }
    }

    fn requester(requester: &'a crate::db::models::cases::RequesterRow) -> Self {
        Self { email: &requester.email, language: &requester.language }
    }
}

/// The active staff with an address whose role is one of `roles`.
fn staff(
    conn: &mut DbConn,
    roles: &[crate::domain::account::Role],
) -> Result<Vec<crate::db::models::accounts::UserRow>, ServiceError> {
    let mut users = crate::db::repo::accounts::active_users_with_email(conn)?;
    users.retain(|u| roles.contains(&u.role));
    Ok(users)
}

/// Whether `today` is a working day of the national calendar (digests go out on working days only).
fn national_working_day(
    conn: &mut DbConn,
    settings: PlanSettings,
    today: chrono::NaiveDate,
) -> Result<bool, ServiceError> {
    let calendar = crate::db::repo::calendar::load(conn)?;
    Ok(calendar.view(None, None, settings.calendar).is_working_day(today))
}

/// A reminder to a requester about one case: the case's number, the body and its address, the link that stops
/// reminders, and `extra`.
fn plan_to_requester(
    conn: &mut DbConn,
    secrets: &Secrets,
    case: RequesterCase<'_>,
    kind: &str,
    key: String,
    extra: Value,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let requester = crate::db::repo::cases::requester(conn, case.requester_id)?;
    let body = crate::db::repo::bodies::body_by_id(conn, case.body_id)?;
    let mut params = serde_json::json!({
        "number": case.number,
        "body": body.name,
        "body_email": body.ppid_email,
        "opt_out": opt_out_token(secrets, &requester.id),
    });
    if let (Some(params), Value::Object(extra)) = (params.as_object_mut(), extra) {
        params.extend(extra);
    }
    plan_once(conn, kind, Addressee::requester(&requester), Some(case.id), key, params, now)
}

/// The case a requester's reminder is about.
#[derive(Clone, Copy)]
struct RequesterCase<'a> {
    id: &'a str,
    number: &'a str,
    body_id: &'a str,
    requester_id: &'a str,
}

impl<'a> RequesterCase<'a> {
    /// A request or an objection: its id and registration number, its body, its requester.
    fn of(id: &'a str, number: &'a str, body_id: &'a str, requester_id: &'a str) -> Self {
        Self { id, number, body_id, requester_id }
    }
}

/// The planner: mail that is due because of the date rather than a step. Runs on every instance (before each
/// worker run); each mail has a unique key, so running it twice, or on two instances at once, plans it once.
/// - The **overdue notice** to the requester: the body missed its deadline for the written notice; the requester
///   may object. A request answered meanwhile is no longer overdue and gets none.
/// - The **staff digest**, once per working day per officer or atasan with an email address: what in their
///   queue is overdue, due today or due soon (nothing to report, no mail).
/// - **Reminders** to the requester a few working days before the window to object (C3) or to go to the KI (C5)
///   closes, while there is something to object to and nothing has been filed; not to requesters who opted out.
pub fn plan(
    conn: &mut DbConn,
    secrets: &Secrets,
    settings: PlanSettings,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let mut planned = plan_overdue(conn, secrets, today, now)?;
    planned += plan_staff_digests(conn, settings, today, now)?;
    planned += plan_reminders(conn, secrets, settings, today, now)?;
    if settings.ki_weekly_digest {
        planned += plan_ki_digests(conn, settings, today, now)?;
    }
    planned += plan_report_reminders(conn, today, now)?;
    Ok(planned)
}

/// The annual report reminder to each PPID Utama (with an address) of a body that has not published its report
/// for last year: once from 1 March, and again from 24 March, a week before it is due on 31 March. A body that
/// publishes meanwhile gets no more; an instance that starts late sends only the reminder of the stage it is in.
fn plan_report_reminders(
    conn: &mut DbConn,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    use crate::domain::account::Role;
    use chrono::Datelike;
    let (first, second) = (
        chrono::NaiveDate::from_ymd_opt(today.year(), 3, 1).expect("1 March exists"),
        chrono::NaiveDate::from_ymd_opt(today.year(), 3, 24).expect("24 March exists"),
    );
    let due = crate::domain::annual_report::due_date(today.year() - 1);
    let stage = match today {
        d if d < first || d > due => return Ok(0),
        d if d < second => 1,
        _ => 2,
    };
    let year = today.year() - 1;
    let bodies = crate::db::repo::reports::bodies_without_report(conn, i64::from(year))?;
    if bodies.is_empty() {
        return Ok(0);
    }
    let mut planned = 0;
    for user in staff(conn, &[Role::PpidUtama])? {
        let Some((_, body_name)) = bodies.iter().find(|(id, _)| Some(id) == user.body_id.as_ref()) else { continue };
        let key = format!("annual-report/{}/{year}/{stage}", user.id);
        let params = serde_json::json!({ "body": body_name, "year": year.to_string(), "due": due.to_string() });
        planned += plan_once(conn, "staff_report_reminder", Addressee::user(&user), None, key, params, now)?;
    }
    Ok(planned)
}

/// The KI auditors' weekly digest: on the first working day of each ISO week, per auditor with an address, how
/// many open requests of each body in the jurisdiction are past their deadline (bodies with none are left out;
/// no mail when there is none at all).
fn plan_ki_digests(
    conn: &mut DbConn,
    settings: PlanSettings,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    use crate::domain::account::Role;
    use crate::service::workspace::{Filters, Urgency, queue};
    use chrono::Datelike;
    if !national_working_day(conn, settings, today)? {
        return Ok(0);
    }
    let week = today.iso_week();
    let mut planned = 0;
    for user in staff(conn, &[Role::KiAuditor])? {
        let key = format!("ki-digest/{}/{}-W{:02}", user.id, week.year(), week.week());
        // The queue is the costly part: skip it when this week's digest is already planned.
        if repo::key_exists(conn, &key)? {
            continue;
        }
        let queue = queue(conn, settings.calendar, &user, &Filters::default(), today, 0)?;
        let mut per_body: Vec<(String, usize)> = Vec::new();
        for item in queue.items.iter().filter(|i| i.urgency == Urgency::Overdue) {
            match per_body.iter_mut().find(|(b, _)| *b == item.body_name) {
                Some((_, n)) => *n += 1,
                None => per_body.push((item.body_name.clone(), 1)),
            }
        }
        if per_body.is_empty() {
            continue;
        }
        per_body.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let total: usize = per_body.iter().map(|(_, n)| n).sum();
        let params = serde_json::json!({
            "date": today.to_string(),
            "total": total,
            "bodies": per_body.iter().map(|(b, n)| serde_json::json!({ "body": b, "overdue": n })).collect::<Vec<_>>(),
        });
        planned += plan_once(conn, "ki_digest", Addressee::user(&user), None, key, params, now)?;
    }
    Ok(planned)
}

/// Whether `closes` is within `settings.reminder_working_days` working days of `today` by the body's calendar.
fn closing_soon(
    conn: &mut DbConn,
    settings: PlanSettings,
    body_id: &str,
    today: chrono::NaiveDate,
    closes: chrono::NaiveDate,
) -> Result<bool, ServiceError> {
    let (calendar, _) = crate::service::calendar::calendar_for(conn, settings.calendar, body_id, today)?;
    Ok(closes >= today && calendar.add_working_days(today, settings.reminder_working_days).due >= closes)
}

fn plan_reminders(
    conn: &mut DbConn,
    secrets: &Secrets,
    settings: PlanSettings,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    use crate::db::repo::{bodies as body_repo, cases as case_repo};
    // Working days never outnumber calendar days: a window closing further out than this is not near.
    let horizon = today + chrono::Duration::days(i64::from(settings.reminder_working_days) * 3 + 14);
    let mut planned = 0;
    for row in case_repo::objection_window_closing(conn, today, horizon)? {
        let c3 = row.c3_due.expect("selected by c3_due");
        // Something to object to: a refusal (in whole or part), or no written notice in time.
        let refused = row
            .decision
            .as_deref()
            .and_then(|d| serde_json::from_str::<crate::domain::request::Decision>(d).ok())
            .is_some_and(|d| matches!(d.kind(), "refused_exempt" | "granted_in_part"));
        let unanswered = row.notice_on.is_none_or(|on| on > row.notice_due);
        // The candidates have a deliverable address, no opt-out, no objection and no reminder yet.
        if !(refused || unanswered) || !closing_soon(conn, settings, &row.body_id, today, c3)? {
            continue;
        }
        let case = RequesterCase::of(&row.id, &row.registration_number, &row.body_id, &row.requester_id);
        let key = format!("remind-objection/{}", row.id);
        let extra = serde_json::json!({ "by": c3.to_string() });
        planned += plan_to_requester(conn, secrets, case, "remind_objection", key, extra, now)?;
    }
    for row in case_repo::dispute_window_closing(conn, today, horizon)? {
        let c5 = row.c5_due.expect("selected by c5_due");
        // Something to take to the KI: the atasan upheld the refusal, overturned it only in part, or is silent.
        let open = row.state == crate::domain::objection::ObjectionState::Registered
            || matches!(row.outcome.as_deref(), Some("upheld" | "overturned_in_part"));
        // The candidates have a deliverable address, no opt-out, no dispute and no reminder yet.
        if !open || !closing_soon(conn, settings, &row.body_id, today, c5)? {
            continue;
        }
        let ki = body_repo::competent_ki(conn, &row.body_id, today)?;
        let case = RequesterCase::of(&row.id, &row.registration_number, &row.body_id, &row.requester_id);
        let key = format!("remind-dispute/{}", row.id);
        let extra = serde_json::json!({ "ki": ki.name, "by": c5.to_string() });
        planned += plan_to_requester(conn, secrets, case, "remind_dispute", key, extra, now)?;
    }
    Ok(planned)
}

fn plan_staff_digests(
    conn: &mut DbConn,
    settings: PlanSettings,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    use crate::domain::account::Role;
    use crate::service::workspace::{Filters, Urgency, queue};
    if !national_working_day(conn, settings, today)? {
        return Ok(0);
    }
    let mut planned = 0;
    for user in staff(conn, &[Role::PpidUtama, Role::PpidPelaksana, Role::AtasanPpid])? {
        let key = format!("digest/{}/{today}", user.id);
        // The queue is the costly part: skip it when today's digest is already planned.
        if repo::key_exists(conn, &key)? {
            continue;
        }
        let queue = queue(conn, settings.calendar, &user, &Filters::default(), today, settings.due_soon_working_days)?;
        let items: Vec<Value> = queue
            .items
            .iter()
            .filter(|i| i.urgency != Urgency::Later)
            .map(|i| {
                serde_json::json!({
                    "kind": i.kind,
                    "number": i.registration_number,
                    "urgency": i.urgency.as_str(),
                    "due": i.due.to_string(),
                })
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        let params = serde_json::json!({ "date": today.to_string(), "items": items });
        planned += plan_once(conn, "staff_digest", Addressee::user(&user), None, key, params, now)?;
    }
    Ok(planned)
}

fn plan_overdue(
    conn: &mut DbConn,
    secrets: &Secrets,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let mut planned = 0;
    for row in crate::db::repo::cases::overdue_requests(conn, today)? {
        // The candidates have a deliverable address, no opt-out and no overdue notice yet. Another instance may
        // plan the same mail at the same moment: its unique key wins, and this one is dropped.
        let case = RequesterCase::of(&row.id, &row.registration_number, &row.body_id, &row.requester_id);
        let extra = serde_json::json!({
            "due": row.notice_due.to_string(),
            "object_by": row.c3_due.map(|d| d.to_string()).unwrap_or_default(),
        });
        planned += plan_to_requester(conn, secrets, case, "overdue", format!("overdue/{}", row.id), extra, now)?;
    }
    Ok(planned)
}
