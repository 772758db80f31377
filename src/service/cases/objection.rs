//! Objections (keberatan) to the atasan PPID: filing, the atasan's decision and what follows.

use chrono::{DateTime, NaiveDate, Utc};

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::models::cases::ObjectionRow;
use crate::db::repo::events::Actor;
use crate::db::repo::{bodies as body_repo, cases as repo};
use crate::domain::body::{FieldProblem, NumberFormat, Slug};
use crate::domain::calendar::{CalendarSettings, CalendarView};
use crate::domain::objection::{
    AtasanOutcome, DisclosureOrder, EarlierObjection, GroundFacts, Objection, ObjectionEvent, ObjectionGround,
    ObjectionState, OrderFacts, Reaction,
};
use crate::domain::request::{Channel, Request};
use crate::service::calendar::{calendar_for, zone_of};
use crate::service::cases::notify::*;
use crate::service::cases::plumbing::*;
use crate::service::cases::request::*;
use crate::service::cases::requester::*;
use crate::service::cases::rollup::*;
use crate::service::{Problems, ServiceError};

#[derive(Debug, Clone)]
pub struct NewObjection {
    /// The request objected to; `None` only for ground (b) alone.
    pub request_id: Option<String>,
    /// The body, when there is no request.
    pub body: Option<String>,
    /// The requester, when there is no request (otherwise the request's requester objects).
    pub requester: Option<RequesterInput>,
    pub grounds: Vec<ObjectionGround>,
    /// Ground (b): the date from which the periodic information should have been published.
    pub periodic_date: Option<NaiveDate>,
    pub summary: String,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    /// Filed through the portal or the API: a late objection is refused there (paper ones are flagged late).
    pub online: bool,
    /// The kuasa who files it on the requester's behalf, if any.
    pub representative_name: String,
}

pub fn file_objection(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    input: &NewObjection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ObjectionRow, ServiceError> {
    let mut p = Problems::default();
    required_text(&mut p, "summary", &input.summary, 10_000);
    if input.request_id.is_none() {
        if input.body.as_deref().is_none_or(|b| b.trim().is_empty()) {
            p.push(FieldProblem::new("body", "required", "an objection without a request must name the body"));
        }
        match &input.requester {
            None => p.push(FieldProblem::new(
                "requester_name",
                "required",
                "an objection without a request must name the requester",
            )),
            Some(r) => check_requester(&mut p, r, online(input.channel)),
        }
    }
    p.finish()?;

    with_retry(conn, now, |conn| {
        let (body, request, requester_id, prior) = match &input.request_id {
            Some(id) => {
                let (row, request) = load_request(conn, id)?;
                let prior = prior_of(&repo::objections_of_request(conn, id)?);
                (body_repo::body_by_id(conn, &row.body_id)?, Some(request), row.requester_id, prior)
            }
            None => {
                let slug = input.body.as_deref().unwrap_or_default().trim();
                let body = body_repo::body_by_slug(conn, slug)?
                    .ok_or_else(|| ServiceError::NotFound { what: "public body", key: slug.to_owned() })?;
                let requester_id = insert_requester(conn, input.requester.as_ref().expect("checked"), secrets, now)?;
                (body, None, requester_id, Prior::default())
            }
        };
        let received_on = input.received_at.with_timezone(&zone_of(&body, None)).date_naive();
        let (calendar, calendar_version) = calendar_for(conn, settings, &body.id, received_on)?;
        let requester = repo::requester(conn, &requester_id)?;
        let place = Place { body: &body, unit: None, calendar: &calendar, calendar_version };
        let party = Party {
            id: requester_id,
            kind: requester.kind,
            mailable: crate::service::mail::is_mailable(&requester.email),
        };
        let (row, _, event, rollup) = objection_filing(&place, input, request.as_ref(), &prior, party, now, |year| {
            Ok(repo::next_seq(conn, &body.id, "objection", year)?)
        })?;
        crate::db::repo::compliance::add_all(conn, &rollup)?;
        repo::insert_objection(conn, &row)?;
        append(conn, &row.id, &body.id, &event, actor, "", now)?;
        notify_objector(
            conn,
            &row,
            &body,
            "objection_receipt",
            serde_json::json!({ "c4_due": row.c4_due.to_string() }),
            now,
        )?;
        let params = serde_json::json!({
            "number": row.registration_number,
            "body": body.name,
            "due": row.c4_due.to_string(),
            "path": format!("/ruang-kerja/keberatan/{}", row.id),
        });
        notify_staff(conn, &body.id, StaffAudience::NewObjection, "staff_new_objection", params, actor, now)?;
        Ok(row)
    })
}

/// What a request's earlier objections mean for a new one: the atasan's latest order (grounds (e) and (g) run from
/// it, domain.md §5) and the grounds already objected to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prior {
    pub order: Option<OrderFacts>,
    pub objections: Vec<EarlierObjection>,
}

/// [`Prior`] from the rows of a request's objections: the order of the decision made last, and every objection
/// still standing (not withdrawn, not closed as a duplicate) with its grounds.
pub(crate) fn prior_of<'r>(rows: impl IntoIterator<Item = &'r ObjectionRow>) -> Prior {
    let rows: Vec<&ObjectionRow> = rows.into_iter().collect();
    let order = rows
        .iter()
        .filter_map(|r| Some((r.decided_on?, OrderFacts { by: r.order_due?, carried_out_on: r.order_carried_out_on })))
        .max_by_key(|(decided, facts)| (*decided, facts.by))
        .map(|(_, facts)| facts);
    let objections = rows
        .iter()
        .filter(|r| !matches!(r.state, ObjectionState::Withdrawn | ObjectionState::Duplicate))
        .map(|r| EarlierObjection {
            number: r.registration_number.clone(),
            grounds: r.grounds.chars().filter_map(ObjectionGround::from_letter).collect(),
            received_on: r.received_on,
        })
        .collect();
    Prior { order, objections }
}

/// The requester a case is for: id, applicant type, and whether mail can reach them.
pub(crate) struct Party {
    pub id: String,
    pub kind: String,
    pub mailable: bool,
}

/// Decides the filing of an objection from what was read (the request objected to, if any, and the requester):
/// the domain's transition, the number (`seq` gives the sequence for the year of receipt), the row and the
/// rollup changes. Writes nothing.
#[allow(clippy::too_many_arguments)] // what was read, each its own kind of fact
pub(crate) fn objection_filing(
    place: &Place<'_>,
    input: &NewObjection,
    request: Option<&Request>,
    prior: &Prior,
    party: Party,
    now: DateTime<Utc>,
    seq: impl FnOnce(i64) -> Result<i64, ServiceError>,
) -> Result<(ObjectionRow, Objection, ObjectionEvent, Vec<RollupDelta>), ServiceError> {
    let (body, calendar) = (place.body, place.calendar);
    let received_on = input.received_at.with_timezone(&zone_of(body, None)).date_naive();
    let facts =
        GroundFacts { request, periodic_date: input.periodic_date, order: prior.order, earlier: &prior.objections };
    let (objection, event) =
        Objection::file(&input.grounds, facts, received_on, input.online, calendar).map_err(refused)?;
    let year = i64::from(chrono::Datelike::year(&received_on));
    let seq = seq(year)?;
    let format = NumberFormat::parse("objection_number_format", &body.objection_number_format)
        .map_err(|p| ServiceError::Invalid(vec![p]))?;
    let slug = Slug::parse(&body.slug).expect("stored slugs are valid");
    let mut row = ObjectionRow {
        id: new_id(),
        body_id: body.id.clone(),
        request_id: input.request_id.clone(),
        requester_id: party.id,
        registration_number: format.render(seq, received_on, &slug),
        registration_year: year,
        registration_seq: seq,
        channel: input.channel.as_str().to_owned(),
        received_at: input.received_at.naive_utc(),
        received_on,
        grounds: objection.grounds.iter().map(|g| g.ground.letter()).collect(),
        summary: input.summary.trim().to_owned(),
        late: objection.late,
        state: objection.state,
        c4_due: objection.c4_due,
        c5_due: objection.dispute_window_due(calendar),
        calendar_version: place.calendar_version,
        decided_on: None,
        outcome: None,
        version: 1,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        representative_name: input.representative_name.trim().chars().take(200).collect(),
        compliance: String::new(),
        requester_mailable: party.mailable,
        order_due: None,
        order_carried_out_on: None,
    };
    let rollup = rollup_objection(&mut row, &objection, party.kind);
    Ok((row, objection, event, rollup))
}

#[derive(Debug, Clone)]
pub enum ObjectionCommand {
    Decide {
        decided_on: NaiveDate,
        outcome: AtasanOutcome,
        reasons: String,
        atasan_name: String,
        atasan_position: String,
        /// What an overturn orders the PPID to give, and by when (ignored when the PPID is upheld).
        order: Option<DisclosureOrder>,
        electronic: bool,
    },
    /// The PPID gave what the atasan ordered, on `on`; `note` says what and how.
    CarryOutOrder {
        on: NaiveDate,
        note: String,
    },
    RecordDecisionReceived {
        received_on: NaiveDate,
    },
    Reaction {
        reaction: Reaction,
    },
    Withdraw {
        withdrawn_on: NaiveDate,
        reason: String,
    },
    /// The PPID closes the objection as the same as `original_id` (another objection of the body), saying why.
    /// `original_number` is filled in by the service from the record.
    CloseAsDuplicate {
        closed_on: NaiveDate,
        original_id: String,
        original_number: String,
        reason: String,
    },
}

pub fn load_objection(conn: &mut DbConn, id: &str) -> Result<(ObjectionRow, Objection), ServiceError> {
    let row = repo::objection(conn, id)?;
    load_case(conn, "objection", id, row, Objection::replay)
}

pub(crate) fn project_objection(row: &mut ObjectionRow, o: &Objection, calendar: &CalendarView) {
    row.c5_due = o.dispute_window_due(calendar);
    row.state = o.state;
    row.c4_due = o.c4_due;
    row.decided_on = o.decision.as_ref().map(|d| d.decided_on);
    row.order_due = o.decision.as_ref().and_then(|d| d.order.as_ref()).map(|order| order.by);
    row.order_carried_out_on = o.order_carried_out_on;
    row.outcome = o
        .decision
        .as_ref()
        .map(|d| serde_json::to_value(d.outcome).expect("serializes").as_str().unwrap_or_default().to_owned());
}

/// The row after a step: projection, contribution, version and time; returns the rollup changes.
pub(crate) fn settle_objection(
    row: &mut ObjectionRow,
    o: &Objection,
    calendar: &CalendarView,
    applicant: String,
    now: DateTime<Utc>,
) -> Vec<RollupDelta> {
    project_objection(row, o, calendar);
    let changes = rollup_objection(row, o, applicant);
    row.version += 1;
    row.updated_at = now.naive_utc();
    changes
}

pub(crate) fn save_objection(
    conn: &mut DbConn,
    row: &mut ObjectionRow,
    o: &Objection,
    calendar: &CalendarView,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let applicant = applicant_of(conn, &row.compliance, &row.requester_id)?;
    let changes = settle_objection(row, o, calendar, applicant, now);
    crate::db::repo::compliance::add_all(conn, &changes)?;
    if !repo::update_objection(conn, row)? {
        return Err(ServiceError::Conflict { what: "the objection", current: row.version });
    }
    Ok(())
}

/// The event of an objection's step (the objection `id`), with its reason.
pub(crate) fn objection_step<'c>(
    objection: &Objection,
    id: &str,
    command: &'c ObjectionCommand,
) -> Result<(ObjectionEvent, &'c str), ServiceError> {
    let err = |e: crate::domain::objection::ObjectionError| refused(e);
    Ok(match command {
        ObjectionCommand::Decide { decided_on, outcome, reasons, atasan_name, atasan_position, order, electronic } => (
            objection
                .decide(*decided_on, *outcome, reasons, atasan_name, atasan_position, order.clone(), *electronic)
                .map_err(err)?,
            reasons.as_str(),
        ),
        ObjectionCommand::CarryOutOrder { on, note } => {
            (objection.carry_out_order(*on, note).map_err(err)?, note.as_str())
        }
        ObjectionCommand::RecordDecisionReceived { received_on } => {
            (objection.record_decision_received(*received_on).map_err(err)?, "")
        }
        ObjectionCommand::Reaction { reaction } => (objection.record_reaction(*reaction).map_err(err)?, ""),
        ObjectionCommand::Withdraw { withdrawn_on, reason } => {
            (objection.withdraw(*withdrawn_on, reason).map_err(err)?, reason.as_str())
        }
        ObjectionCommand::CloseAsDuplicate { closed_on, original_id, original_number, reason } => (
            objection.close_as_duplicate(id, *closed_on, original_id, original_number, reason).map_err(err)?,
            reason.as_str(),
        ),
    })
}

/// A duplicate's original as the record has it: another objection of the same body that still stands, with its
/// number (`None` for every other step, which needs nothing read).
fn resolve_original(
    conn: &mut DbConn,
    row: &ObjectionRow,
    command: &ObjectionCommand,
) -> Result<Option<ObjectionCommand>, ServiceError> {
    let ObjectionCommand::CloseAsDuplicate { closed_on, original_id, reason, .. } = command else { return Ok(None) };
    let original = repo::objection(conn, original_id)?
        .filter(|o| o.body_id == row.body_id)
        .filter(|o| !matches!(o.state, ObjectionState::Withdrawn | ObjectionState::Duplicate))
        .ok_or_else(|| {
            ServiceError::Invalid(vec![FieldProblem::new("original", "unknown", "no such objection of this body")])
        })?;
    Ok(Some(ObjectionCommand::CloseAsDuplicate {
        closed_on: *closed_on,
        original_id: original.id,
        original_number: original.registration_number,
        reason: reason.clone(),
    }))
}

pub fn objection_command(
    conn: &mut DbConn,
    settings: CalendarSettings,
    id: &str,
    expected_version: Option<i64>,
    command: &ObjectionCommand,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ObjectionRow, ServiceError> {
    transition(conn, now, |conn| {
        let (mut row, mut objection) = load_objection(conn, id)?;
        check_version("the objection", row.version, expected_version)?;
        let (calendar, _) = calendar_for(conn, settings, &row.body_id, row.received_on)?;
        let resolved = resolve_original(conn, &row, command)?;
        let (event, reason) = objection_step(&objection, &row.id, resolved.as_ref().unwrap_or(command))?;
        append(conn, &row.id, &row.body_id, &event, actor, reason, now)?;
        objection.apply(&event);
        save_objection(conn, &mut row, &objection, &calendar, now)?;
        match &event {
            ObjectionEvent::Decided { decision } => {
                let body = body_repo::body_by_id(conn, &row.body_id)?;
                let ki = body_repo::competent_ki(conn, &row.body_id, decision.decided_on)?;
                let order = decision.order.as_ref();
                let params = serde_json::json!({
                    "outcome": row.outcome.clone().unwrap_or_default(),
                    "dispute_by": row.c5_due.map(|d| d.to_string()).unwrap_or_default(),
                    "ki": ki.name,
                    "order_what": order.map(|o| o.what.clone()).unwrap_or_default(),
                    "order_by": order.map(|o| o.by.to_string()).unwrap_or_default(),
                });
                notify_objector(conn, &row, &body, "atasan_decision", params, now)?;
                if let Some(order) = order {
                    // The PPID is told what to give and by when; the queue carries it until it is done.
                    let unit = match &row.request_id {
                        Some(id) => repo::request(conn, id)?.and_then(|r| r.unit_id),
                        None => None,
                    };
                    let params = serde_json::json!({
                        "number": row.registration_number,
                        "what": order.what,
                        "due": order.by.to_string(),
                        "path": format!("/ruang-kerja/keberatan/{}", row.id),
                    });
                    let audience = StaffAudience::Order { unit_id: unit.as_deref() };
                    notify_staff(conn, &row.body_id, audience, "staff_order", params, actor, now)?;
                }
            }
            ObjectionEvent::ClosedAsDuplicate { original_number, reason, .. } => {
                let body = body_repo::body_by_id(conn, &row.body_id)?;
                let params = serde_json::json!({ "original": original_number, "reason": reason });
                notify_objector(conn, &row, &body, "objection_duplicate", params, now)?;
            }
            ObjectionEvent::OrderCarriedOut { on, note } => {
                let body = body_repo::body_by_id(conn, &row.body_id)?;
                let params = serde_json::json!({ "on": on.to_string(), "note": note });
                notify_objector(conn, &row, &body, "order_carried_out", params, now)?;
            }
            _ => {}
        }
        Ok(row)
    })
}
