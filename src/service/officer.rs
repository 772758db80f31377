//! One case as officers see and handle it: who may see it and act on it (domain.md §2), what each of them sees
//! (§8: identity and internal notes only for the body's own officers), and the actions, each a domain transition
//! with the officer as actor.
//!
//! A case outside the person's scope is answered as "not found", so its existence is not revealed.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::models::accounts::UserRow;
use crate::db::models::bodies::BodyRow;
use crate::db::models::cases::{
    DisputeRow, EventRow, NoteRow, ObjectionRow, RequestRow, RequesterRow, ResponseDocumentRow,
};
use crate::db::repo::events::{Actor, ActorKind};
use crate::db::repo::{bodies as body_repo, cases as repo, events as event_repo};
use crate::domain::account::Role;
use crate::domain::calendar::CalendarSettings;
use crate::domain::dispute::{Dispute, DisputeClocks, DisputeEvent};
use crate::domain::nik::Nik;
use crate::domain::objection::{DisputeWindow, Objection, ObjectionEvent, ObjectionState};
use crate::files::FileStore;
use crate::service::ServiceError;
use crate::service::cases::{self, DisputeCommand, NewObjection, ObjectionCommand, RequestCommand, ResponseUpload};
use crate::service::portal::{self, Tracking};

/// What a person may do with one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Permission {
    /// Record transitions (extend, notice, provide, close, notes, documents, visibility).
    pub act: bool,
    /// Route the request to another unit (the PPID Utama coordinates the body).
    pub route: bool,
    /// See the requester's identity and contact details.
    pub identity: bool,
    /// See internal notes.
    pub notes: bool,
}

/// The person's permission on a case of `body_id` routed to `unit_id`; `None` when it is outside their scope.
pub fn permission(
    conn: &mut DbConn,
    user: &UserRow,
    body_id: &str,
    unit_id: Option<&str>,
    today: NaiveDate,
) -> Result<Option<Permission>, ServiceError> {
    let own_body = user.body_id.as_deref() == Some(body_id);
    let p = match user.role {
        Role::PpidUtama if own_body => Permission { act: true, route: true, identity: true, notes: true },
        Role::PpidPelaksana if own_body && unit_id.is_some() && user.unit_id.as_deref() == unit_id => {
            Permission { act: true, route: false, identity: true, notes: true }
        }
        // The atasan reads the request an objection is about; they act on objections only.
        Role::AtasanPpid if own_body => Permission { act: false, route: false, identity: true, notes: true },
        Role::KiAuditor if oversees(conn, user, body_id, today)? => Permission::default(),
        _ => return Ok(None),
    };
    Ok(Some(p))
}

/// A KI auditor reads the cases of the bodies their commission is competent for, as of `today`.
fn oversees(conn: &mut DbConn, user: &UserRow, body_id: &str, today: NaiveDate) -> Result<bool, ServiceError> {
    let ki = body_repo::competent_ki(conn, body_id, today)?;
    Ok(user.jurisdiction_id.as_deref() == Some(ki.id.as_str()))
}

/// The requester as the body's officers see them. The NIK is shown masked.
#[derive(Debug, Clone)]
pub struct RequesterView {
    pub kind: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub occupation: String,
    pub nik_masked: Option<String>,
    pub entity_decree_number: String,
    pub representative_name: String,
    pub language: String,
}

/// Who took the steps of a case, by account id: each person's name and role (officers, the atasan, administrators).
pub type Actors = std::collections::HashMap<String, (String, Role)>;

/// The people behind `rows` (a requester or the system names no account).
fn actors_of<'a>(conn: &mut DbConn, rows: impl IntoIterator<Item = &'a EventRow>) -> Result<Actors, ServiceError> {
    let mut actors = Actors::new();
    for row in rows {
        let Some(id) = row.actor_id.as_deref() else { continue };
        if row.actor_kind == ActorKind::Requester.as_str() || row.actor_kind == ActorKind::System.as_str() {
            continue;
        }
        if !actors.contains_key(id)
            && let Some(u) = crate::db::repo::accounts::user_by_id(conn, id)?
        {
            actors.insert(id.to_owned(), (u.name, u.role));
        }
    }
    Ok(actors)
}

/// One request with everything its reader may see.
#[derive(Debug, Clone)]
pub struct OfficerCase {
    pub case: Tracking,
    pub permission: Permission,
    /// `None` when the reader may not see identity.
    pub requester: Option<RequesterView>,
    /// Internal notes with their authors' names (empty when the reader may not see them).
    pub notes: Vec<(NoteRow, String)>,
    /// The body's units (slug, name), for routing.
    pub units: Vec<(String, String)>,
    /// The unit the request is routed to (its slug).
    pub unit_slug: Option<String>,
    /// The requester's identity documents (for readers who may see identity).
    pub identity_documents: Vec<crate::db::models::cases::DocumentRow>,
    /// Who accessed the requester's identity data, and when (newest first).
    pub identity_accesses: Vec<(crate::db::models::cases::IdentityAccessRow, String)>,
    /// The mail server refused the requester's address for good (for readers who may see identity).
    pub email_failing: Option<crate::db::models::mail::FailingAddressRow>,
    /// Mail about this request that could not be delivered: the officer's task to send it another way.
    pub mail_tasks: Vec<MailTask>,
    /// Who took each step of the history.
    pub actors: Actors,
}

/// A mail to the requester that died (refused or undeliverable): the officer sends it another way (post, by
/// hand) and records how. Shown on the case page and, while not handled, in the queue.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MailTask {
    pub id: String,
    pub kind: String,
    pub case_id: String,
    pub created_at: DateTime<Utc>,
    /// The mail server's answer.
    pub answer: String,
    pub handled_at: Option<DateTime<Utc>>,
    pub handled_by: String,
    pub handled_note: String,
}

fn mail_task(conn: &mut DbConn, row: crate::db::models::mail::OutboxRow) -> Result<MailTask, ServiceError> {
    let handled_by = match &row.handled_by {
        Some(id) => crate::db::repo::accounts::user_by_id(conn, id)?.map(|u| u.name).unwrap_or_default(),
        None => String::new(),
    };
    Ok(MailTask {
        case_id: row.case_id.unwrap_or_default(),
        id: row.id,
        kind: row.kind,
        created_at: row.created_at.and_utc(),
        answer: row.last_error,
        handled_at: row.handled_at.map(|t| t.and_utc()),
        handled_by,
        handled_note: row.handled_note,
    })
}

/// The dead mail about one case.
pub fn mail_tasks_of(conn: &mut DbConn, case_id: &str) -> Result<Vec<MailTask>, ServiceError> {
    crate::db::repo::mail::dead_of_case(conn, case_id)?.into_iter().map(|r| mail_task(conn, r)).collect()
}

/// A task in the queue: an undelivered mail about a case the person acts on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OpenMailTask {
    pub task: MailTask,
    /// `request` or `objection`.
    pub case_kind: &'static str,
    pub registration_number: String,
}

/// The unhandled dead mail about cases the person may act on (PPID Utama: the body's; PPID Pelaksana: their
/// unit's requests; atasan PPID: the body's objections).
pub fn open_mail_tasks(conn: &mut DbConn, user: &UserRow, today: NaiveDate) -> Result<Vec<OpenMailTask>, ServiceError> {
    if !matches!(user.role, Role::PpidUtama | Role::PpidPelaksana | Role::AtasanPpid) {
        return Ok(Vec::new());
    }
    let mut tasks = Vec::new();
    for row in crate::db::repo::mail::unhandled_dead_of_cases(conn)? {
        let case_id = row.case_id.clone().unwrap_or_default();
        let (case_kind, number, may_act) = if let Some(r) = repo::request(conn, &case_id)? {
            let p = permission(conn, user, &r.body_id, r.unit_id.as_deref(), today)?;
            ("request", r.registration_number, p.is_some_and(|p| p.act))
        } else if let Some(o) = repo::objection(conn, &case_id)? {
            let p = objection_permission(conn, user, &o, today)?;
            ("objection", o.registration_number, p.is_some_and(|p| p.record || p.decide))
        } else {
            continue;
        };
        if may_act {
            tasks.push(OpenMailTask { task: mail_task(conn, row)?, case_kind, registration_number: number });
        }
    }
    Ok(tasks)
}

/// Whether the person may record how an undelivered mail about case `case_id` was delivered: the request's
/// officers who act on it; for an objection, the PPID Utama and the atasan. Out of scope is "not found".
pub fn may_handle_mail(conn: &mut DbConn, user: &UserRow, case_id: &str, today: NaiveDate) -> Result<(), ServiceError> {
    if repo::request(conn, case_id)?.is_some() {
        let (_, p) = scoped(conn, user, case_id, today)?;
        if !p.act {
            return Err(forbidden());
        }
    } else {
        let (_, p) = scoped_objection(conn, user, case_id, today)?;
        if !(p.record || p.decide) {
            return Err(forbidden());
        }
    }
    Ok(())
}

/// The officer sent the content of an undelivered mail about case `case_id` another way (post, by hand) and
/// says how.
pub fn handle_mail_task(
    conn: &mut DbConn,
    user: &UserRow,
    case_id: &str,
    mail_id: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    may_handle_mail(conn, user, case_id, now.date_naive())?;
    let row = crate::db::repo::mail::by_id(conn, mail_id)?;
    if row.as_ref().and_then(|r| r.case_id.as_deref()) != Some(case_id) {
        return Err(ServiceError::NotFound { what: "mail", key: mail_id.to_owned() });
    }
    let note = note.trim();
    if note.is_empty() {
        return Err(ServiceError::Invalid(vec![crate::service::FieldProblem::new(
            "note",
            "required",
            "say how the notice was sent (e.g. by post, with the receipt number)",
        )]));
    }
    if !crate::db::repo::mail::mark_handled(conn, mail_id, &user.id, note, now.naive_utc())? {
        return Err(ServiceError::Conflict { what: "the mail task", current: 0 });
    }
    Ok(())
}

fn out_of_scope(id: &str) -> ServiceError {
    ServiceError::NotFound { what: "request", key: id.to_owned() }
}

/// Loads a request and checks the person's scope.
fn scoped(
    conn: &mut DbConn,
    user: &UserRow,
    id: &str,
    today: NaiveDate,
) -> Result<(RequestRow, Permission), ServiceError> {
    let row = repo::request(conn, id)?.ok_or_else(|| out_of_scope(id))?;
    let permission =
        permission(conn, user, &row.body_id, row.unit_id.as_deref(), today)?.ok_or_else(|| out_of_scope(id))?;
    Ok((row, permission))
}

/// A request for the officers' case page.
pub fn request_case(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    user: &UserRow,
    id: &str,
    now: DateTime<Utc>,
) -> Result<OfficerCase, ServiceError> {
    let (row, permission) = scoped(conn, user, id, now.date_naive())?;
    let case = portal::case_view(conn, settings, row, now)?;
    let requester = if permission.identity {
        Some(requester_view(conn, secrets, user, &case.request.id, &case.requester, now)?)
    } else {
        None
    };
    let identity_documents =
        if permission.identity { repo::documents_of(conn, &case.requester.id)? } else { Vec::new() };
    let identity_accesses = repo::identity_accesses(conn, &case.request.id)?;
    let notes = if permission.notes { repo::notes_of(conn, &case.request.id)? } else { Vec::new() };
    let units: Vec<(String, String)> =
        body_repo::units_of(conn, &case.request.body_id)?.into_iter().map(|u| (u.slug, u.name)).collect();
    let unit_slug = match case.request.unit_id.as_deref() {
        Some(u) => Some(body_repo::unit_by_id(conn, u)?.slug),
        None => None,
    };
    let email_failing = match &requester {
        Some(r) if !r.email.trim().is_empty() => crate::db::repo::mail::failing_address(conn, &r.email)?,
        _ => None,
    };
    let mail_tasks = mail_tasks_of(conn, &case.request.id)?;
    let actors = actors_of(conn, case.events.iter().map(|(row, _)| row))?;
    Ok(OfficerCase {
        actors,
        case,
        permission,
        requester,
        notes,
        units,
        unit_slug,
        identity_documents,
        identity_accesses,
        email_failing,
        mail_tasks,
    })
}

/// A new tracking link for the requester of request `id`, by an officer who may act on it (see
/// [`crate::service::portal::reissue_tracking_link`]). Returns the new token.
pub fn reissue_tracking_link(
    conn: &mut DbConn,
    settings: CalendarSettings,
    user: &UserRow,
    id: &str,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let (_, permission) = scoped(conn, user, id, now.date_naive())?;
    if !permission.act {
        return Err(forbidden());
    }
    crate::service::portal::reissue_tracking_link(conn, settings, id, &actor(user), now)
}

fn actor(user: &UserRow) -> Actor {
    Actor::new(ActorKind::Officer, user.id.clone())
}

fn forbidden() -> ServiceError {
    ServiceError::Forbidden { why: "your role may read this request but not act on it" }
}

/// An officer's step on a request. `expected_version` is the version the officer's page showed: a request
/// changed since then is a conflict, and nothing is written.
pub fn act_on_request(
    conn: &mut DbConn,
    settings: CalendarSettings,
    user: &UserRow,
    id: &str,
    expected_version: i64,
    command: &RequestCommand,
    now: DateTime<Utc>,
) -> Result<RequestRow, ServiceError> {
    let (_, permission) = scoped(conn, user, id, now.date_naive())?;
    let allowed = match command {
        RequestCommand::Route { .. } => permission.route,
        RequestCommand::Withdraw { .. } => false,
        _ => permission.act,
    };
    if !allowed {
        return Err(forbidden());
    }
    // A note changes nothing another officer decided on: it never conflicts.
    let expected = if matches!(command, RequestCommand::AddNote { .. }) { None } else { Some(expected_version) };
    cases::request_command(conn, settings, id, expected, command, &actor(user), now)
}

/// An officer attaches a document for the requester.
#[allow(clippy::too_many_arguments)] // one transition: its inputs, the two stores it writes to, and who/when
pub fn attach_document(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    files: &FileStore,
    user: &UserRow,
    id: &str,
    upload: &ResponseUpload,
    now: DateTime<Utc>,
) -> Result<ResponseDocumentRow, ServiceError> {
    let (_, permission) = scoped(conn, user, id, now.date_naive())?;
    if !permission.act {
        return Err(forbidden());
    }
    cases::attach_response_document(conn, settings, secrets, files, id, upload, &actor(user), now)
}

/// A document of a request, for a person who may read the request.
pub fn document(
    conn: &mut DbConn,
    user: &UserRow,
    id: &str,
    document_id: &str,
    now: DateTime<Utc>,
) -> Result<ResponseDocumentRow, ServiceError> {
    scoped(conn, user, id, now.date_naive())?;
    repo::response_documents_of(conn, id)?
        .into_iter()
        .find(|d| d.id == document_id)
        .ok_or_else(|| ServiceError::NotFound { what: "document", key: document_id.to_owned() })
}

// ---------------------------------------------------------------------------------------------------------------
// Objections and disputes
// ---------------------------------------------------------------------------------------------------------------

/// What a person may do with an objection (and its disputes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ObjectionPermission {
    /// The atasan PPID decides.
    pub decide: bool,
    /// The PPID Utama records what follows: the postal receipt of the decision, the requester's reaction, and
    /// the dispute with the KI.
    pub record: bool,
    /// The PPID carries out what an overturning atasan ordered: the PPID Utama, and the PPID Pelaksana of the
    /// request's unit.
    pub carry_out: bool,
    pub identity: bool,
}

/// The person's permission on an objection; `None` when it is outside their scope.
pub fn objection_permission(
    conn: &mut DbConn,
    user: &UserRow,
    row: &ObjectionRow,
    today: NaiveDate,
) -> Result<Option<ObjectionPermission>, ServiceError> {
    let own_body = user.body_id.as_deref() == Some(row.body_id.as_str());
    let p = match user.role {
        Role::PpidUtama if own_body => {
            ObjectionPermission { decide: false, record: true, carry_out: true, identity: true }
        }
        Role::AtasanPpid if own_body => {
            ObjectionPermission { decide: true, record: false, carry_out: false, identity: true }
        }
        Role::PpidPelaksana if own_body => {
            // The unit's officers read objections about their unit's requests.
            let unit = match &row.request_id {
                Some(id) => repo::request(conn, id)?.and_then(|r| r.unit_id),
                None => None,
            };
            if unit.is_none() || unit != user.unit_id {
                return Ok(None);
            }
            ObjectionPermission { identity: true, carry_out: true, ..Default::default() }
        }
        Role::KiAuditor if oversees(conn, user, &row.body_id, today)? => ObjectionPermission::default(),
        _ => return Ok(None),
    };
    Ok(Some(p))
}

/// A dispute with what has been recorded and the clocks that follow from it.
#[derive(Debug, Clone)]
pub struct DisputeView {
    pub row: DisputeRow,
    pub dispute: Dispute,
    pub clocks: DisputeClocks,
    pub events: Vec<(EventRow, DisputeEvent)>,
}

/// One objection with everything its reader may see.
#[derive(Debug, Clone)]
pub struct ObjectionCase {
    /// The numbers of the objection's letters issued so far.
    pub letter_numbers: crate::service::letters::LetterNumbers,
    pub row: ObjectionRow,
    pub objection: Objection,
    pub events: Vec<(EventRow, ObjectionEvent)>,
    pub permission: ObjectionPermission,
    pub body: BodyRow,
    pub zone: Tz,
    pub today: NaiveDate,
    /// The request objected to: (id, registration number).
    pub request: Option<(String, String)>,
    pub requester: Option<RequesterView>,
    pub dispute_window: Option<DisputeWindow>,
    pub disputes: Vec<DisputeView>,
    /// Mail about this objection that could not be delivered.
    pub mail_tasks: Vec<MailTask>,
    /// The KI competent when the objection was received: its local holidays count in the deadlines.
    pub ki_name: String,
    /// The deadline the atasan's form suggests for an order to disclose: `order_working_days` after today.
    pub order_suggestion: NaiveDate,
    /// The other objections to the same request that still stand (id, number): what this one may duplicate.
    pub siblings: Vec<(String, String)>,
    /// Who took each step of the objection's history.
    pub actors: Actors,
    /// The request objected to, as it stands: what was asked and how the PPID answered (the atasan weighs it).
    pub objected: Option<(RequestRow, crate::domain::request::Request)>,
}

fn objection_out_of_scope(id: &str) -> ServiceError {
    ServiceError::NotFound { what: "objection", key: id.to_owned() }
}

fn typed_events<E: serde::de::DeserializeOwned>(
    conn: &mut DbConn,
    case_id: &str,
) -> Result<Vec<(EventRow, E)>, ServiceError> {
    event_repo::for_case(conn, case_id)?
        .into_iter()
        .map(|row| {
            let event = serde_json::from_str(&row.payload).map_err(|e| {
                ServiceError::Db(crate::db::DbError::Query(diesel::result::Error::DeserializationError(
                    e.to_string().into(),
                )))
            })?;
            Ok((row, event))
        })
        .collect()
}

/// Records that `user` accessed identity data of `requester` on `case_id`.
fn log_identity(
    conn: &mut DbConn,
    user: &UserRow,
    case_id: &str,
    requester_id: &str,
    what: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    tracing::info!(target: "identity_access", user = %user.id, case = %case_id, what, "identity data accessed");
    repo::log_identity_access(
        conn,
        &crate::db::models::cases::IdentityAccessRow {
            id: uuid::Uuid::now_v7().to_string(),
            user_id: user.id.clone(),
            case_id: case_id.to_owned(),
            requester_id: requester_id.to_owned(),
            what: what.to_owned(),
            at: now.naive_utc(),
        },
    )?;
    Ok(())
}

fn requester_view(
    conn: &mut DbConn,
    secrets: &Secrets,
    user: &UserRow,
    case_id: &str,
    r: &RequesterRow,
    now: DateTime<Utc>,
) -> Result<RequesterView, ServiceError> {
    let nik = r.nik_encrypted.as_deref().and_then(|c| {
        let plain = secrets.decrypt(c, &format!("requester/{}/nik", r.id)).ok()?;
        Nik::parse(&String::from_utf8(plain).ok()?).ok().map(|n| n.masked())
    });
    if nik.is_some() {
        log_identity(conn, user, case_id, &r.id, "nik_masked", now)?;
    }
    Ok(RequesterView {
        kind: r.kind.clone(),
        name: r.name.clone(),
        email: r.email.clone(),
        phone: r.phone.clone(),
        address: r.address.clone(),
        occupation: r.occupation.clone(),
        nik_masked: nik,
        entity_decree_number: r.entity_decree_number.clone(),
        representative_name: r.representative_name.clone(),
        language: r.language.clone(),
    })
}

fn scoped_objection(
    conn: &mut DbConn,
    user: &UserRow,
    id: &str,
    today: NaiveDate,
) -> Result<(ObjectionRow, ObjectionPermission), ServiceError> {
    let row = repo::objection(conn, id)?.ok_or_else(|| objection_out_of_scope(id))?;
    let permission = objection_permission(conn, user, &row, today)?.ok_or_else(|| objection_out_of_scope(id))?;
    Ok((row, permission))
}

/// An objection for the officers' objection page; `order_working_days` gives the suggested deadline of an order.
pub fn objection_case(
    conn: &mut DbConn,
    settings: CalendarSettings,
    order_working_days: u32,
    secrets: &Secrets,
    user: &UserRow,
    id: &str,
    now: DateTime<Utc>,
) -> Result<ObjectionCase, ServiceError> {
    let (_, permission) = scoped_objection(conn, user, id, now.date_naive())?;
    let (row, objection) = cases::load_objection(conn, id)?;
    let body = body_repo::body_by_id(conn, &row.body_id)?;
    let zone = crate::service::calendar::zone_of(&body, None);
    let today = now.with_timezone(&zone).date_naive();
    let (calendar, _) = crate::service::calendar::calendar_for(conn, settings, &row.body_id, row.received_on)?;
    let events = typed_events(conn, id)?;
    let request = match &row.request_id {
        Some(rid) => repo::request(conn, rid)?.map(|r| (r.id, r.registration_number)),
        None => None,
    };
    let requester = if permission.identity {
        let requester = repo::requester(conn, &row.requester_id)?;
        Some(requester_view(conn, secrets, user, id, &requester, now)?)
    } else {
        None
    };
    let mut disputes = Vec::new();
    for d in repo::disputes_of_objection(conn, id)? {
        let (drow, dispute) = cases::load_dispute(conn, &d.id)?;
        let clocks = dispute.clocks(&calendar);
        let events = typed_events(conn, &d.id)?;
        disputes.push(DisputeView { row: drow, dispute, clocks, events });
    }
    let dispute_window = objection.dispute_window(today, &calendar);
    let ki_name = body_repo::competent_ki(conn, &row.body_id, row.received_at.date())?.name;
    let order_suggestion = calendar.add_working_days(today, order_working_days).due;
    let siblings = match &row.request_id {
        Some(rid) => repo::objections_of_request(conn, rid)?
            .into_iter()
            .filter(|o| o.id != row.id && !matches!(o.state, ObjectionState::Withdrawn | ObjectionState::Duplicate))
            .map(|o| (o.id, o.registration_number))
            .collect(),
        None => Vec::new(),
    };
    let actors = actors_of(conn, events.iter().map(|(row, _)| row))?;
    let objected = match &row.request_id {
        Some(rid) => Some(cases::load_request(conn, rid)?),
        None => None,
    };
    let letter_numbers = crate::service::letters::numbers(conn, std::slice::from_ref(&row.id))?;
    Ok(ObjectionCase {
        letter_numbers,
        objected,
        actors,
        siblings,
        order_suggestion,
        row,
        objection,
        events,
        permission,
        body,
        zone,
        today,
        request,
        requester,
        dispute_window,
        disputes,
        mail_tasks: mail_tasks_of(conn, id)?,
        ki_name,
    })
}

/// A step on an objection by the atasan (decide) or the PPID Utama (what follows).
pub fn act_on_objection(
    conn: &mut DbConn,
    settings: CalendarSettings,
    user: &UserRow,
    id: &str,
    expected_version: i64,
    command: &ObjectionCommand,
    now: DateTime<Utc>,
) -> Result<ObjectionRow, ServiceError> {
    let (_, p) = scoped_objection(conn, user, id, now.date_naive())?;
    let allowed = match command {
        ObjectionCommand::Decide { .. } => p.decide,
        ObjectionCommand::RecordDecisionReceived { .. } | ObjectionCommand::Reaction { .. } => p.record,
        ObjectionCommand::CarryOutOrder { .. } => p.carry_out,
        ObjectionCommand::CloseAsDuplicate { .. } => p.record,
        ObjectionCommand::Withdraw { .. } => false,
    };
    if !allowed {
        return Err(forbidden());
    }
    let kind = if p.decide { ActorKind::Atasan } else { ActorKind::Officer };
    let actor = Actor::new(kind, user.id.clone());
    cases::objection_command(conn, settings, id, Some(expected_version), command, &actor, now)
}

/// The PPID Utama records that the requester took the objection to the KI (confirmed at once: an officer records it).
pub fn record_dispute(
    conn: &mut DbConn,
    settings: CalendarSettings,
    user: &UserRow,
    objection_id: &str,
    filed_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DisputeRow, ServiceError> {
    let (_, p) = scoped_objection(conn, user, objection_id, now.date_naive())?;
    if !p.record {
        return Err(forbidden());
    }
    cases::file_dispute(conn, settings, objection_id, filed_on, true, &actor(user), now)
}

/// A step in a dispute (KI registration, sessions, outcome, compliance, court), by the PPID Utama.
pub fn act_on_dispute(
    conn: &mut DbConn,
    user: &UserRow,
    dispute_id: &str,
    expected_version: i64,
    command: &DisputeCommand,
    now: DateTime<Utc>,
) -> Result<DisputeRow, ServiceError> {
    let row = repo::dispute(conn, dispute_id)?
        .ok_or_else(|| ServiceError::NotFound { what: "dispute", key: dispute_id.to_owned() })?;
    let (_, p) = scoped_objection(conn, user, &row.objection_id, now.date_naive())?;
    if !p.record {
        return Err(forbidden());
    }
    cases::dispute_command(conn, dispute_id, Some(expected_version), command, &actor(user), now)
}

/// An objection received on paper (or at the desk, by email…), registered by an officer of the request's body.
/// A late one is registered and flagged late, for the atasan to rule on.
pub fn register_objection(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    user: &UserRow,
    input: &NewObjection,
    now: DateTime<Utc>,
) -> Result<ObjectionRow, ServiceError> {
    let request_id = input.request_id.as_deref().unwrap_or_default();
    let (_, permission) = scoped(conn, user, request_id, now.date_naive())?;
    if !permission.act {
        return Err(forbidden());
    }
    cases::file_objection(conn, settings, secrets, &NewObjection { online: false, ..input.clone() }, &actor(user), now)
}

/// An objection's evidence bundle (its hash-chained events, verifiable offline) with its registration number, for
/// its officers; "not found" when it is outside their scope.
pub fn objection_evidence(
    conn: &mut DbConn,
    user: &UserRow,
    id: &str,
    instance: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, String)>, ServiceError> {
    let (row, _) = scoped_objection(conn, user, id, now.date_naive())?;
    Ok(crate::service::audit::bundle(conn, id, instance, now)?.map(|bundle| (bundle, row.registration_number)))
}

/// A case's letter for its officers (a request's or an objection's, by the letter's kind), within their scope;
/// with whether the requester's identity is masked for them (KI auditors). `None` when the case has no such letter
/// (yet).
pub fn case_letter(
    conn: &mut DbConn,
    settings: CalendarSettings,
    user: &UserRow,
    kind: crate::domain::letter::LetterKind,
    case_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<(crate::service::letters::LetterData, bool)>, ServiceError> {
    let (letter, identity) = if kind.of_objection() {
        let identity = scoped_objection(conn, user, case_id, now.date_naive())?.1.identity;
        (crate::service::letters::objection_letter(conn, settings, kind, case_id, now)?, identity)
    } else {
        let identity = scoped(conn, user, case_id, now.date_naive())?.1.identity;
        (crate::service::letters::request_letter(conn, settings, kind, case_id, now)?, identity)
    };
    Ok(letter.map(|data| (data, !identity)))
}

/// A requester's identity document (scan or power of attorney), for the body's officers; every opening is logged.
pub fn identity_document(
    conn: &mut DbConn,
    user: &UserRow,
    request_id: &str,
    document_id: &str,
    now: DateTime<Utc>,
) -> Result<crate::db::models::cases::DocumentRow, ServiceError> {
    let (row, permission) = scoped(conn, user, request_id, now.date_naive())?;
    if !permission.identity {
        return Err(forbidden());
    }
    let document = repo::documents_of(conn, &row.requester_id)?
        .into_iter()
        .find(|d| d.id == document_id)
        .ok_or_else(|| ServiceError::NotFound { what: "document", key: document_id.to_owned() })?;
    log_identity(conn, user, &row.id, &row.requester_id, &document.kind, now)?;
    Ok(document)
}
