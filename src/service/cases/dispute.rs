//! Disputes (sengketa) at the Komisi Informasi, recorded step by step.

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::DbConn;
use crate::db::models::cases::{DisputeRow, ObjectionRow};
use crate::db::repo::events::Actor;
use crate::db::repo::{bodies as body_repo, cases as repo};
use crate::domain::calendar::{CalendarSettings, CalendarView};
use crate::domain::dispute::{AdjudicationOutcome, Dispute};
use crate::domain::objection::Objection;
use crate::service::ServiceError;
use crate::service::calendar::calendar_for;
use crate::service::cases::objection::*;
use crate::service::cases::plumbing::*;
use crate::service::cases::rollup::*;

/// Decides a dispute's filing against objection `orow` with the body's competent KI (`ki_id`): the domain's
/// transition, the row and the rollup changes. Writes nothing.
pub(crate) fn dispute_filing(
    orow: &ObjectionRow,
    objection: &Objection,
    filed_on: NaiveDate,
    by_officer: bool,
    calendar: &CalendarView,
    ki_id: String,
    now: DateTime<Utc>,
) -> Result<(DisputeRow, Dispute, crate::domain::dispute::DisputeEvent, Vec<RollupDelta>), ServiceError> {
    let (dispute, event) = Dispute::file(objection, filed_on, by_officer, calendar).map_err(refused)?;
    let mut row = DisputeRow {
        id: new_id(),
        body_id: orow.body_id.clone(),
        objection_id: orow.id.clone(),
        jurisdiction_id: ki_id,
        filed_on,
        late: dispute.late,
        c5_due: dispute.c5_due,
        confirmed: dispute.confirmed,
        ki_number: None,
        version: 1,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        compliance: String::new(),
    };
    let rollup = rollup_dispute(&mut row, &dispute);
    Ok((row, dispute, event, rollup))
}

/// Records a dispute filing with the body's competent KI. `by_officer: false` is the requester's claim.
pub fn file_dispute(
    conn: &mut DbConn,
    settings: CalendarSettings,
    objection_id: &str,
    filed_on: NaiveDate,
    by_officer: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<DisputeRow, ServiceError> {
    transition(conn, now, |conn| {
        let (orow, objection) = load_objection(conn, objection_id)?;
        let (calendar, _) = calendar_for(conn, settings, &orow.body_id, filed_on)?;
        let ki = body_repo::competent_ki(conn, &orow.body_id, filed_on)?;
        let (row, _, event, rollup) = dispute_filing(&orow, &objection, filed_on, by_officer, &calendar, ki.id, now)?;
        crate::db::repo::compliance::add_all(conn, &rollup)?;
        repo::insert_dispute(conn, &row)?;
        append(conn, &row.id, &row.body_id, &event, actor, "", now)?;
        Ok(row)
    })
}

#[derive(Debug, Clone)]
pub enum DisputeCommand {
    Confirm,
    RegisterAtKi { ki_number: String, received_by_ki_on: NaiveDate },
    FirstSession { on: NaiveDate },
    ExtendMediation,
    MediationAgreement { on: NaiveDate },
    AdjudicationDecision { decided_on: NaiveDate, received_on: NaiveDate, outcome: AdjudicationOutcome },
    Compliance { complied: bool, on: NaiveDate },
    CourtChallenge { filed_on: NaiveDate, court: String },
    CourtDecision { received_on: NaiveDate },
}

pub fn load_dispute(conn: &mut DbConn, id: &str) -> Result<(DisputeRow, Dispute), ServiceError> {
    let row = repo::dispute(conn, id)?;
    load_case(conn, "dispute", id, row, Dispute::replay)
}

/// The event of a dispute's step.
pub(crate) fn dispute_step(
    dispute: &Dispute,
    command: &DisputeCommand,
) -> Result<crate::domain::dispute::DisputeEvent, ServiceError> {
    match command {
        DisputeCommand::Confirm => dispute.confirm(),
        DisputeCommand::RegisterAtKi { ki_number, received_by_ki_on } => {
            dispute.register_at_ki(ki_number, *received_by_ki_on)
        }
        DisputeCommand::FirstSession { on } => dispute.first_session(*on),
        DisputeCommand::ExtendMediation => dispute.extend_mediation(),
        DisputeCommand::MediationAgreement { on } => dispute.mediation_agreement(*on),
        DisputeCommand::AdjudicationDecision { decided_on, received_on, outcome } => {
            dispute.adjudication_decision(*decided_on, *received_on, *outcome)
        }
        DisputeCommand::Compliance { complied, on } => dispute.record_compliance(*complied, *on),
        DisputeCommand::CourtChallenge { filed_on, court } => dispute.court_challenge(*filed_on, court),
        DisputeCommand::CourtDecision { received_on } => dispute.court_decision(*received_on),
    }
    .map_err(refused)
}

/// The row after a step (the applied `dispute`): what it shows, contribution, version and time; returns the
/// rollup changes.
pub(crate) fn settle_dispute(row: &mut DisputeRow, dispute: &Dispute, now: DateTime<Utc>) -> Vec<RollupDelta> {
    row.confirmed = dispute.confirmed;
    row.ki_number = dispute.ki_number.clone();
    let changes = rollup_dispute(row, dispute);
    row.version += 1;
    row.updated_at = now.naive_utc();
    changes
}

pub fn dispute_command(
    conn: &mut DbConn,
    id: &str,
    expected_version: Option<i64>,
    command: &DisputeCommand,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<DisputeRow, ServiceError> {
    transition(conn, now, |conn| {
        let (mut row, mut dispute) = load_dispute(conn, id)?;
        check_version("the dispute", row.version, expected_version)?;
        let event = dispute_step(&dispute, command)?;
        append(conn, &row.id, &row.body_id, &event, actor, "", now)?;
        dispute.apply(&event);
        let changes = settle_dispute(&mut row, &dispute, now);
        crate::db::repo::compliance::add_all(conn, &changes)?;
        if !repo::update_dispute(conn, &row)? {
            return Err(ServiceError::Conflict { what: "the dispute", current: row.version });
        }
        Ok(row)
    })
}
