//! The internal registers (domain.md §6): the register of requests and the register of objections, with the
//! columns of the Perki 1/2010 annex and those domain.md adds, read a page at a time in order of receipt (keyset
//! paging), so a long register streams in constant memory.
//!
//! These are internal: they carry identity, for the body's own officers. KI auditors get them with identity
//! masked. The public register is `service::portal::register`.

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::db::models::accounts::UserRow;
use crate::db::models::bodies::BodyRow;
use crate::db::models::cases::{ObjectionRow, RequestRow, RequesterRow};
use crate::db::repo::cases::RegisterCursor;
use crate::db::repo::{bodies as body_repo, calendar as calendar_repo, cases as repo, events as event_repo};
use crate::domain::account::Role;
use crate::domain::calendar::{CalendarSettings, CalendarView, JurisdictionCode};
use crate::domain::objection::ObjectionEvent;
use crate::domain::request::{Decision, Fee, RequestEvent};
use crate::service::ServiceError;

/// The part of the record a person may export.
#[derive(Debug, Clone)]
pub struct RegisterScope {
    pub bodies: Vec<BodyRow>,
    pub unit: Option<String>,
    pub identity: bool,
    calendars: Vec<(String, CalendarView)>,
    units: Vec<(String, String)>,
}

/// The person's register scope as of `today`: their body (a PPID Pelaksana: their unit), or a KI auditor's
/// jurisdiction with identity masked. Administrators have none.
pub fn scope(
    conn: &mut DbConn,
    settings: CalendarSettings,
    user: &UserRow,
    today: NaiveDate,
) -> Result<RegisterScope, ServiceError> {
    let (role, bodies) = crate::service::workspace::scope(conn, user, today)?;
    let unit = if role == Role::PpidPelaksana {
        Some(
            user.unit_id
                .clone()
                .ok_or_else(|| ServiceError::Forbidden { why: "a PPID Pelaksana without a unit has no register" })?,
        )
    } else {
        None
    };
    let calendar = calendar_repo::load(conn)?;
    let mut calendars = Vec::new();
    let mut units = Vec::new();
    for body in &bodies {
        let ki = body_repo::competent_ki(conn, &body.id, today)?;
        calendars.push((body.id.clone(), calendar.view(None, JurisdictionCode::parse(&ki.code).as_ref(), settings)));
        units.extend(body_repo::units_of(conn, &body.id)?.into_iter().map(|u| (u.id, u.name)));
    }
    Ok(RegisterScope { bodies, unit, identity: role != Role::KiAuditor, calendars, units })
}

impl RegisterScope {
    fn body_ids(&self) -> Vec<String> {
        self.bodies.iter().map(|b| b.id.clone()).collect()
    }

    pub fn body_name(&self, id: &str) -> String {
        self.bodies.iter().find(|b| b.id == id).map(|b| b.name.clone()).unwrap_or_default()
    }

    fn calendar(&self, body_id: &str) -> Option<&CalendarView> {
        self.calendars.iter().find(|(id, _)| id == body_id).map(|(_, c)| c)
    }

    fn unit_name(&self, id: Option<&str>) -> Option<String> {
        id.and_then(|id| self.units.iter().find(|(u, _)| u == id)).map(|(_, n)| n.clone())
    }
}

/// One line of the register of requests.
#[derive(Debug, Clone)]
pub struct RequestEntry {
    pub request: RequestRow,
    /// `None` when the reader may not see identity.
    pub requester: Option<RequesterRow>,
    pub requester_kind: String,
    pub body_name: String,
    pub unit_name: Option<String>,
    pub decision: Option<Decision>,
    pub fee: Option<Fee>,
    /// When the extension was notified, and why.
    pub extension: Option<(NaiveDate, String)>,
    /// Working days from receipt to the written notice (exclusive counting, the body's calendar).
    pub working_days_used: Option<u32>,
}

/// One line of the register of objections.
#[derive(Debug, Clone)]
pub struct ObjectionEntry {
    pub objection: ObjectionRow,
    pub requester: Option<RequesterRow>,
    pub body_name: String,
    pub request_number: Option<String>,
    pub information: Option<String>,
    pub purpose: Option<String>,
    pub atasan: Option<(String, String)>,
    pub reaction: Option<String>,
}

/// A page of the register of requests after `after` (`None`: from the start).
pub fn request_page(
    conn: &mut DbConn,
    scope: &RegisterScope,
    year: Option<i64>,
    after: Option<&RegisterCursor>,
    limit: i64,
) -> Result<Vec<RequestEntry>, ServiceError> {
    let rows = repo::request_register_page(conn, &scope.body_ids(), scope.unit.as_deref(), year, after, limit)?;
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    let mut extensions = std::collections::HashMap::new();
    let mut fees = std::collections::HashMap::new();
    for e in event_repo::of_types(conn, &ids, &["extended", "notice_given"])? {
        match serde_json::from_str::<RequestEvent>(&e.payload) {
            Ok(RequestEvent::Extended { notified_on, reason, .. }) => {
                extensions.insert(e.case_id, (notified_on, reason));
            }
            Ok(RequestEvent::NoticeGiven { fee: Some(fee), .. }) => {
                fees.insert(e.case_id, fee);
            }
            _ => {}
        }
    }
    Ok(rows
        .into_iter()
        .map(|(request, requester)| {
            let decision = request.decision.as_deref().and_then(|d| serde_json::from_str(d).ok());
            let working_days_used = request.notice_on.and_then(|on| {
                scope.calendar(&request.body_id).map(|c| c.working_days_between(request.received_on, on))
            });
            RequestEntry {
                requester_kind: requester.kind.clone(),
                requester: scope.identity.then_some(requester),
                body_name: scope.body_name(&request.body_id),
                unit_name: scope.unit_name(request.unit_id.as_deref()),
                extension: extensions.remove(&request.id),
                fee: fees.remove(&request.id),
                decision,
                working_days_used,
                request,
            }
        })
        .collect())
}

/// A page of the register of objections after `after`.
pub fn objection_page(
    conn: &mut DbConn,
    scope: &RegisterScope,
    year: Option<i64>,
    after: Option<&RegisterCursor>,
    limit: i64,
) -> Result<Vec<ObjectionEntry>, ServiceError> {
    let rows = repo::objection_register_page(conn, &scope.body_ids(), scope.unit.as_deref(), year, after, limit)?;
    let request_ids: Vec<String> = rows.iter().filter_map(|(o, _)| o.request_id.clone()).collect();
    let mut requests: std::collections::HashMap<String, RequestRow> = std::collections::HashMap::new();
    for id in &request_ids {
        if let Some(r) = repo::request(conn, id)? {
            requests.insert(r.id.clone(), r);
        }
    }
    let ids: Vec<String> = rows.iter().map(|(o, _)| o.id.clone()).collect();
    let mut atasan = std::collections::HashMap::new();
    let mut reactions = std::collections::HashMap::new();
    for e in event_repo::of_types(conn, &ids, &["decided", "reaction_recorded"])? {
        match serde_json::from_str::<ObjectionEvent>(&e.payload) {
            Ok(ObjectionEvent::Decided { decision }) => {
                atasan.insert(e.case_id, (decision.atasan_name, decision.atasan_position));
            }
            Ok(ObjectionEvent::ReactionRecorded { reaction }) => {
                let value = serde_json::to_value(reaction).ok().and_then(|v| v.as_str().map(str::to_owned));
                reactions.insert(e.case_id, value.unwrap_or_default());
            }
            _ => {}
        }
    }
    Ok(rows
        .into_iter()
        .map(|(objection, requester)| {
            let request = objection.request_id.as_ref().and_then(|id| requests.get(id));
            ObjectionEntry {
                requester: scope.identity.then_some(requester),
                body_name: scope.body_name(&objection.body_id),
                request_number: request.map(|r| r.registration_number.clone()),
                information: request.map(|r| r.information.clone()),
                purpose: request.map(|r| r.purpose.clone()),
                atasan: atasan.remove(&objection.id),
                reaction: reactions.remove(&objection.id),
                objection,
            }
        })
        .collect())
}

/// The cursor after a page's last request.
pub fn request_cursor(entries: &[RequestEntry]) -> Option<RegisterCursor> {
    entries.last().map(|e| (e.request.received_at, e.request.id.clone()))
}

/// The cursor after a page's last objection.
pub fn objection_cursor(entries: &[ObjectionEntry]) -> Option<RegisterCursor> {
    entries.last().map(|e| (e.objection.received_at, e.objection.id.clone()))
}
