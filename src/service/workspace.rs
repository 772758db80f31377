//! The officers' queue: open work in the signed-in person's scope, nearest deadline first, with the marks that
//! tell what needs doing today.
//!
//! Scope (domain.md §2): a PPID Utama sees the body's open requests; a PPID Pelaksana those routed to their unit;
//! an atasan PPID the body's objections awaiting a decision; a KI auditor (read-only) the open requests of every
//! body whose competent KI is theirs. The instance administrator manages the instance and has no queue.

use chrono::NaiveDate;
use serde::Serialize;

use crate::db::DbConn;
use crate::db::models::accounts::UserRow;
use crate::db::models::bodies::BodyRow;
use crate::db::repo::{bodies as body_repo, calendar as calendar_repo, queue as queue_repo};
use crate::domain::account::Role;
use crate::domain::calendar::{CalendarSettings, JurisdictionCode};
use crate::domain::objection::ObjectionState;
use crate::domain::request::RequestState;
use crate::service::ServiceError;

/// How urgent an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    DueToday,
    DueSoon,
    Later,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::DueToday => "due_today",
            Urgency::DueSoon => "due_soon",
            Urgency::Later => "later",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    /// `request`, `objection` (awaiting the atasan) or `order` (an atasan's order for the PPID to carry out).
    pub kind: &'static str,
    pub id: String,
    pub registration_number: String,
    pub body_name: String,
    pub unit_name: Option<String>,
    pub channel: String,
    pub state: String,
    pub received_on: NaiveDate,
    pub due: NaiveDate,
    pub urgency: Urgency,
    /// Working days past the deadline (0 unless overdue).
    pub late_working_days: u32,
    /// Only for people who may see identity (not KI auditors).
    pub requester_name: Option<String>,
    /// What the request asks for (of an objection: the request it is about), as typed.
    pub subject: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub overdue: usize,
    pub due_today: usize,
    pub due_soon: usize,
    pub later: usize,
}

/// What the person chose to narrow the queue to (values already checked by the caller).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub unit: Option<String>,
    pub status: Option<String>,
    pub channel: Option<String>,
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Queue {
    pub items: Vec<QueueItem>,
    /// Counts per mark, over the whole scope before filters.
    pub counts: Counts,
    /// The units the person may filter by: (slug, name).
    pub units: Vec<(String, String)>,
}

/// Whether a role has a queue at all.
pub fn has_queue(role: Role) -> bool {
    role != Role::Admin
}

/// The person's role and the bodies in their scope (domain.md §2).
pub(crate) fn scope(conn: &mut DbConn, user: &UserRow, today: NaiveDate) -> Result<(Role, Vec<BodyRow>), ServiceError> {
    let role = user.role;
    let bodies = match role {
        Role::Admin => {
            return Err(ServiceError::Forbidden { why: "administrators have no queue" });
        }
        Role::PpidUtama | Role::PpidPelaksana | Role::AtasanPpid => {
            user.body_id.iter().map(|id| body_repo::body_by_id(conn, id)).collect::<Result<Vec<_>, _>>()?
        }
        Role::KiAuditor => {
            let mut in_jurisdiction = Vec::new();
            for body in body_repo::bodies(conn)? {
                if Some(body_repo::competent_ki(conn, &body.id, today)?.id) == user.jurisdiction_id {
                    in_jurisdiction.push(body);
                }
            }
            in_jurisdiction
        }
    };
    Ok((role, bodies))
}

/// A request found by a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// `request` or `objection`.
    pub kind: &'static str,
    pub id: String,
    pub registration_number: String,
    pub body_name: String,
    pub state: String,
    pub received_on: NaiveDate,
    /// Only for people who may see identity (not KI auditors).
    pub requester_name: Option<String>,
    /// What the request asks for (of an objection: the request it is about).
    pub subject: String,
    /// An open case past its deadline (the written notice's, the atasan's): by how many working days.
    pub late_working_days: Option<u32>,
}

/// The most hits a search returns (newest first); a person narrows the words to see others.
pub const SEARCH_LIMIT: i64 = 50;

/// Requests in the person's scope (open or not) whose registration number, request text or — for the body's
/// own officers — requester name contains `query`, or whose requester's NIK is `query` (through the blind index,
/// so no NIK is decrypted to search).
pub fn search(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &crate::crypto::Secrets,
    user: &UserRow,
    query: &str,
    today: NaiveDate,
) -> Result<Vec<SearchHit>, ServiceError> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let (role, bodies) = scope(conn, user, today)?;
    let identity = role != Role::KiAuditor;
    let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    let nik_index =
        crate::domain::nik::Nik::parse(&digits).ok().filter(|_| identity).map(|n| secrets.blind_index(n.as_str()));
    let body_ids: Vec<String> = bodies.iter().map(|b| b.id.clone()).collect();
    let unit = if role == Role::PpidPelaksana { user.unit_id.as_deref() } else { None };
    if role == Role::PpidPelaksana && unit.is_none() {
        return Ok(Vec::new());
    }
    let rows = queue_repo::search_requests(conn, &body_ids, unit, query, identity, nik_index.as_deref(), SEARCH_LIMIT)?;
    let objections = queue_repo::search_objections(conn, &body_ids, unit, query, SEARCH_LIMIT)?;
    let body_name = |id: &str| bodies.iter().find(|b| b.id == id).map(|b| b.name.clone()).unwrap_or_default();
    // How late an open case is, counted in its body's working days (as queue cards count it).
    let calendar = calendar_repo::load(conn)?;
    let views = calendar_views(conn, &calendar, &bodies, settings, today)?;
    let late = |body_id: &str, due: Option<NaiveDate>| {
        let due = due.filter(|d| *d < today)?;
        Some(views.get(body_id).map_or(1, |v| v.working_days_between(due, today).max(1)))
    };
    // Objections first: a number typed whole is one of them or one request, and an objection's number is the more
    // specific (it often carries the request's).
    let objections = objections.into_iter().map(|(o, name, information)| SearchHit {
        kind: "objection",
        subject: information.unwrap_or_else(|| o.summary.clone()),
        body_name: body_name(&o.body_id),
        id: o.id,
        registration_number: o.registration_number,
        late_working_days: late(&o.body_id, (o.state == ObjectionState::Registered).then_some(o.c4_due)),
        state: o.state.to_string(),
        received_on: o.received_on,
        requester_name: identity.then_some(name),
    });
    let requests = rows.into_iter().map(|(r, name)| SearchHit {
        kind: "request",
        subject: r.information.clone(),
        body_name: body_name(&r.body_id),
        id: r.id,
        registration_number: r.registration_number,
        late_working_days: late(
            &r.body_id,
            matches!(r.state, RequestState::Registered | RequestState::Extended).then(|| r.c2_due.unwrap_or(r.c1_due)),
        ),
        state: r.state.to_string(),
        received_on: r.received_on,
        requester_name: identity.then_some(name),
    });
    Ok(objections.chain(requests).collect())
}

/// Each body's working days as counted today: its competent KI's local holidays with the national calendar (the
/// queue's "due soon" and both the queue's and search's lateness count in them).
fn calendar_views(
    conn: &mut DbConn,
    calendar: &crate::domain::calendar::Calendar,
    bodies: &[BodyRow],
    settings: CalendarSettings,
    today: NaiveDate,
) -> Result<std::collections::HashMap<String, crate::domain::calendar::CalendarView>, ServiceError> {
    let mut views = std::collections::HashMap::new();
    for body in bodies {
        let ki = body_repo::competent_ki(conn, &body.id, today)?;
        views.insert(body.id.clone(), calendar.view(None, JurisdictionCode::parse(&ki.code).as_ref(), settings));
    }
    Ok(views)
}

/// The open work in `user`'s scope as of `today`.
pub fn queue(
    conn: &mut DbConn,
    settings: CalendarSettings,
    user: &UserRow,
    filters: &Filters,
    today: NaiveDate,
    soon_working_days: u32,
) -> Result<Queue, ServiceError> {
    let (role, bodies) = scope(conn, user, today)?;
    let body_ids: Vec<String> = bodies.iter().map(|b| b.id.clone()).collect();
    let calendar = calendar_repo::load(conn)?;
    let mut unit_names = std::collections::HashMap::new();
    let mut units = Vec::new();
    for body in &bodies {
        for u in body_repo::units_of(conn, &body.id)? {
            let visible = role != Role::PpidPelaksana || user.unit_id.as_deref() == Some(u.id.as_str());
            if visible {
                // Across several bodies (a KI auditor's) a unit is named with its body: every body has a "Dinas".
                let label = if bodies.len() > 1 { format!("{} — {}", body.name, u.name) } else { u.name.clone() };
                units.push((u.slug.clone(), label));
            }
            unit_names.insert(u.id.clone(), (u.slug, u.name));
        }
    }

    // The last day that still counts as "due soon", per body (local holidays differ by jurisdiction).
    let views = calendar_views(conn, &calendar, &bodies, settings, today)?;
    let soon_until: std::collections::HashMap<&str, NaiveDate> = views
        .iter()
        .map(|(id, view)| {
            let until =
                if soon_working_days == 0 { today } else { view.add_working_days(today, soon_working_days).due };
            (id.as_str(), until)
        })
        .collect();
    let late = |body_id: &str, due: NaiveDate| {
        if due >= today { 0 } else { views.get(body_id).map_or(0, |v| v.working_days_between(due, today).max(1)) }
    };
    let identity = role != Role::KiAuditor;
    let who = |name: String| identity.then_some(name);
    let urgency = |body_id: &str, due: NaiveDate| {
        if due < today {
            Urgency::Overdue
        } else if due == today {
            Urgency::DueToday
        } else if soon_until.get(body_id).is_some_and(|until| due <= *until) {
            Urgency::DueSoon
        } else {
            Urgency::Later
        }
    };
    let body_name = |id: &str| bodies.iter().find(|b| b.id == id).map(|b| b.name.clone()).unwrap_or_default();

    let mut items = Vec::new();
    if role == Role::AtasanPpid {
        for (o, _, name, information) in queue_repo::open_objections_of(conn, &body_ids)? {
            items.push(QueueItem {
                kind: "objection",
                urgency: urgency(&o.body_id, o.c4_due),
                late_working_days: late(&o.body_id, o.c4_due),
                requester_name: who(name),
                subject: information.unwrap_or_else(|| o.summary.clone()),
                id: o.id,
                registration_number: o.registration_number,
                body_name: body_name(&o.body_id),
                unit_name: None,
                channel: o.channel,
                state: o.state.to_string(),
                received_on: o.received_on,
                due: o.c4_due,
            });
        }
    } else {
        // The atasan's orders to disclose are the PPID's work, with the deadline the atasan set.
        for (o, unit, name, information) in queue_repo::open_orders_of(conn, &body_ids)? {
            if role == Role::PpidPelaksana && (unit.is_none() || unit != user.unit_id) {
                continue;
            }
            let due = o.order_due.expect("selected with a deadline");
            items.push(QueueItem {
                kind: "order",
                urgency: urgency(&o.body_id, due),
                late_working_days: late(&o.body_id, due),
                requester_name: who(name),
                subject: information.unwrap_or_else(|| o.summary.clone()),
                unit_name: unit.as_ref().and_then(|id| unit_names.get(id)).map(|(_, n)| n.clone()),
                id: o.id,
                registration_number: o.registration_number,
                body_name: body_name(&o.body_id),
                channel: o.channel,
                state: "order".to_owned(),
                received_on: o.received_on,
                due,
            });
        }
        for (r, name) in queue_repo::open_requests_of(conn, &body_ids)? {
            if role == Role::PpidPelaksana && r.unit_id != user.unit_id {
                continue;
            }
            items.push(QueueItem {
                kind: "request",
                urgency: urgency(&r.body_id, r.notice_due),
                late_working_days: late(&r.body_id, r.notice_due),
                requester_name: who(name),
                subject: r.information.clone(),
                unit_name: r.unit_id.as_ref().and_then(|id| unit_names.get(id)).map(|(_, n)| n.clone()),
                id: r.id,
                registration_number: r.registration_number,
                body_name: body_name(&r.body_id),
                channel: r.channel,
                state: r.state.to_string(),
                received_on: r.received_on,
                due: r.notice_due,
            });
        }
    }
    let mut counts = Counts::default();
    for i in &items {
        match i.urgency {
            Urgency::Overdue => counts.overdue += 1,
            Urgency::DueToday => counts.due_today += 1,
            Urgency::DueSoon => counts.due_soon += 1,
            Urgency::Later => counts.later += 1,
        }
    }
    let unit_filter =
        filters.unit.as_ref().map(|slug| unit_names.iter().find(|(_, (s, _))| s == slug).map(|(_, (_, n))| n.clone()));
    items.retain(|i| {
        unit_filter.as_ref().is_none_or(|name| name.is_some() && i.unit_name == *name)
            && filters.status.as_ref().is_none_or(|s| &i.state == s)
            && filters.channel.as_ref().is_none_or(|c| &i.channel == c)
            && filters.year.is_none_or(|y| chrono::Datelike::year(&i.received_on) == y)
    });
    items.sort_by_key(|i| (i.due, i.received_on));
    Ok(Queue { items, counts, units })
}
