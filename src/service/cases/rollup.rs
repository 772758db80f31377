//! Each case's contribution to the compliance rollup (domain.md §6), kept beside the case's row and added to the
//! day and total counters in the transition's transaction.

use crate::db::DbConn;
use crate::db::models::cases::{DisputeRow, ObjectionRow, RequestRow};
use crate::db::repo::cases as repo;
use crate::domain::calendar::CalendarView;
use crate::domain::dispute::Dispute;
use crate::domain::objection::Objection;
use crate::domain::request::Request;
use crate::service::ServiceError;

/// A compliance rollup change: a counter of a key, and what to add to it.
pub(crate) type RollupDelta = (crate::domain::compliance::RollupKey, String, i64);

/// The request's contribution to the compliance rollup as it now stands (domain.md §6).
pub(crate) fn contribution(
    row: &RequestRow,
    request: &Request,
    calendar: &CalendarView,
    applicant_type: &str,
) -> crate::domain::compliance::Contribution {
    let wd = request.notice.as_ref().map(|n| calendar.working_days_between(request.received_on, n.notice_on));
    crate::domain::compliance::Contribution {
        key: crate::domain::compliance::RollupKey {
            body_id: row.body_id.clone(),
            unit_id: row.unit_id.clone().unwrap_or_default(),
            day: row.received_on,
            channel: row.channel.clone(),
            applicant_type: applicant_type.to_owned(),
        },
        metrics: crate::domain::compliance::request_metrics(request, wd),
    }
}

/// The rollup key of an objection: counted on the day it was received, body-wide.
pub(crate) fn objection_key(row: &ObjectionRow, applicant_type: String) -> crate::domain::compliance::RollupKey {
    crate::domain::compliance::RollupKey {
        body_id: row.body_id.clone(),
        unit_id: String::new(),
        day: row.received_on,
        channel: row.channel.clone(),
        applicant_type,
    }
}

/// Records `new` as the case's contribution (`compliance`, JSON) and returns the changes from the one it replaces.
pub(crate) fn replace_contribution(
    compliance: &mut String,
    new: crate::domain::compliance::Contribution,
) -> Vec<RollupDelta> {
    let old: Option<crate::domain::compliance::Contribution> = serde_json::from_str(compliance).ok();
    let changes = crate::domain::compliance::delta(old.as_ref(), &new);
    *compliance = serde_json::to_string(&new).expect("contributions serialize");
    changes
}

/// The applicant type of a case: the one its stored contribution was counted under, else its requester's.
pub(crate) fn applicant_of(conn: &mut DbConn, compliance: &str, requester_id: &str) -> Result<String, ServiceError> {
    match stored_applicant(compliance) {
        Some(a) => Ok(a),
        None => Ok(repo::requester(conn, requester_id)?.kind),
    }
}

/// Replaces an objection's contribution to the rollup: records the new one on the row and returns the changes.
pub(crate) fn rollup_objection(row: &mut ObjectionRow, objection: &Objection, applicant: String) -> Vec<RollupDelta> {
    let new = crate::domain::compliance::Contribution {
        key: objection_key(row, applicant),
        metrics: crate::domain::compliance::objection_metrics(objection),
    };
    replace_contribution(&mut row.compliance, new)
}

/// Replaces an objection's contribution to the rollup (in the caller's transaction).
pub(crate) fn update_objection_rollup(
    conn: &mut DbConn,
    row: &mut ObjectionRow,
    objection: &Objection,
) -> Result<(), ServiceError> {
    let applicant = applicant_of(conn, &row.compliance, &row.requester_id)?;
    crate::db::repo::compliance::add_all(conn, &rollup_objection(row, objection, applicant))?;
    Ok(())
}

/// A dispute's contribution to the rollup: counted on the day it was filed, body-wide; records the new one on the
/// row and returns the changes.
pub(crate) fn rollup_dispute(row: &mut DisputeRow, dispute: &Dispute) -> Vec<RollupDelta> {
    let key = crate::domain::compliance::RollupKey {
        body_id: row.body_id.clone(),
        unit_id: String::new(),
        day: row.filed_on,
        channel: String::new(),
        applicant_type: String::new(),
    };
    let new =
        crate::domain::compliance::Contribution { key, metrics: crate::domain::compliance::dispute_metrics(dispute) };
    replace_contribution(&mut row.compliance, new)
}

/// Replaces a dispute's contribution to the rollup (in the caller's transaction).
pub(crate) fn update_dispute_rollup(
    conn: &mut DbConn,
    row: &mut DisputeRow,
    dispute: &Dispute,
) -> Result<(), ServiceError> {
    crate::db::repo::compliance::add_all(conn, &rollup_dispute(row, dispute))?;
    Ok(())
}

/// The applicant type a case's stored contribution was counted under (`None` before its first).
pub(crate) fn stored_applicant(compliance: &str) -> Option<String> {
    serde_json::from_str::<crate::domain::compliance::Contribution>(compliance).ok().map(|c| c.key.applicant_type)
}

/// Replaces the request's contribution to the compliance rollup: records the new one on the row and returns the
/// changes to the counters.
pub(crate) fn rollup_request(
    row: &mut RequestRow,
    request: &Request,
    calendar: &CalendarView,
    applicant: &str,
) -> Vec<RollupDelta> {
    let new = contribution(row, request, calendar, applicant);
    replace_contribution(&mut row.compliance, new)
}

/// Replaces the request's contribution to the compliance rollup (in the caller's transaction) and records the new
/// one on the row. `applicant_type` is given at registration; later it comes from the stored contribution.
pub(crate) fn update_rollup(
    conn: &mut DbConn,
    row: &mut RequestRow,
    request: &Request,
    calendar: &CalendarView,
    applicant_type: Option<&str>,
) -> Result<(), ServiceError> {
    let applicant = match applicant_type {
        Some(a) => a.to_owned(),
        None => applicant_of(conn, &row.compliance, &row.requester_id)?,
    };
    crate::db::repo::compliance::add_all(conn, &rollup_request(row, request, calendar, &applicant))?;
    Ok(())
}
