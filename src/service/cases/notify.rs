//! The mail a transition sends, enqueued in its transaction: the statutory notices to the requester and to the
//! objector, and the staff who hear of a new case.

use chrono::{DateTime, Utc};

use crate::db::DbConn;
use crate::db::models::bodies::BodyRow;
use crate::db::models::cases::{ObjectionRow, RequestRow};
use crate::db::repo::events::Actor;
use crate::db::repo::{bodies as body_repo, cases as repo};
use crate::domain::request::RequestEvent;
use crate::service::ServiceError;

/// The statutory notices by email, in the transition's transaction: extension, written notice, information
/// provided, closed without a decision. (The requester's tracking link is not stored, so these point to the
/// receipt mail's link.)
pub(crate) fn notify_requester(
    conn: &mut DbConn,
    row: &RequestRow,
    event: &RequestEvent,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let (kind, params) = match event {
        RequestEvent::Extended { c2_due, .. } => {
            ("extension", serde_json::json!({ "c2_due": c2_due.to_string(), "reason": reason }))
        }
        RequestEvent::NoticeGiven { decision, fee, .. } => (
            "notice",
            serde_json::json!({
                "decision": decision.kind(),
                "art17": match decision {
                    crate::domain::request::Decision::RefusedExempt { ground, .. }
                    | crate::domain::request::Decision::GrantedInPart { ground, .. } => ground.letter().to_string(),
                    _ => String::new(),
                },
                "provide_by": decision.promised_by().map(|d| d.to_string()).unwrap_or_default(),
                "fee": fee.as_ref().map(|f| format!("Rp {} — {}", f.rupiah, f.basis)).unwrap_or_default(),
                "object_by": row.c3_due.map(|d| d.to_string()).unwrap_or_default(),
            }),
        ),
        RequestEvent::InformationProvided { provided_on } => {
            ("provided", serde_json::json!({ "provided_on": provided_on.to_string() }))
        }
        RequestEvent::ClosedWithoutDecision { outcome, .. } => {
            ("closed", serde_json::json!({ "outcome": outcome.kind(), "reason": reason }))
        }
        _ => return Ok(()),
    };
    let body = body_repo::body_by_id(conn, &row.body_id)?;
    tell_requester(
        conn,
        Case { id: &row.id, number: &row.registration_number, requester_id: &row.requester_id },
        &body,
        kind,
        params,
        now,
    )
}

/// The case a mail to its requester is about.
struct Case<'a> {
    id: &'a str,
    number: &'a str,
    requester_id: &'a str,
}

/// One mail of `kind` to the requester of a case (once per case and kind), with the case's number and the body's
/// name and address; nothing when the requester gave no address.
fn tell_requester(
    conn: &mut DbConn,
    case: Case<'_>,
    body: &BodyRow,
    kind: &str,
    mut params: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let requester = repo::requester(conn, case.requester_id)?;
    if requester.email.trim().is_empty() {
        return Ok(());
    }
    params["number"] = case.number.into();
    params["body"] = body.name.clone().into();
    params["body_email"] = body.ppid_email.clone().into();
    crate::service::mail::enqueue_plain(
        conn,
        &crate::service::mail::NewMail {
            kind,
            to: &requester.email,
            language: &requester.language,
            params,
            case_id: Some(case.id),
            dedupe_key: Some(format!("{kind}/{}", case.id)),
        },
        now,
    )
}

/// The objection's receipt and the atasan's decision by email, to the requester who objected (statutory).
pub(crate) fn notify_objector(
    conn: &mut DbConn,
    row: &ObjectionRow,
    body: &BodyRow,
    kind: &str,
    params: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let case = Case { id: &row.id, number: &row.registration_number, requester_id: &row.requester_id };
    tell_requester(conn, case, body, kind, params, now)
}

/// Who among a body's staff hears of something.
#[derive(Debug, Clone, Copy)]
pub(crate) enum StaffAudience<'a> {
    /// A new request: the PPID Utama, and the unit's PPID Pelaksana when it was registered to a unit.
    NewRequest { unit_id: Option<&'a str> },
    /// Routed to a unit (its PPID Pelaksana) or back to the PPID Utama.
    Routed { unit_id: Option<&'a str> },
    /// A new objection: the atasan PPID.
    NewObjection,
    /// An atasan's order to disclose: the PPID Utama, and the PPID Pelaksana of the request's unit.
    Order { unit_id: Option<&'a str> },
}

/// Mail to the body's staff about a case, in each person's language, in the transition's transaction. The person
/// who took the step is not told of it; accounts without an email address are skipped.
pub(crate) fn notify_staff(
    conn: &mut DbConn,
    body_id: &str,
    audience: StaffAudience<'_>,
    kind: &str,
    params: serde_json::Value,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use crate::domain::account::Role;
    for user in crate::db::repo::accounts::active_users_of_body(conn, body_id)? {
        if user.email.trim().is_empty() || actor.id.as_deref() == Some(user.id.as_str()) {
            continue;
        }
        let role = user.role;
        let unit_matches = |unit: Option<&str>| unit.is_some() && user.unit_id.as_deref() == unit;
        let told = match audience {
            StaffAudience::NewRequest { unit_id } => {
                role == Role::PpidUtama || (role == Role::PpidPelaksana && unit_matches(unit_id))
            }
            StaffAudience::Routed { unit_id: Some(unit) } => role == Role::PpidPelaksana && unit_matches(Some(unit)),
            StaffAudience::Routed { unit_id: None } => role == Role::PpidUtama,
            StaffAudience::NewObjection => role == Role::AtasanPpid,
            StaffAudience::Order { unit_id } => {
                role == Role::PpidUtama || (role == Role::PpidPelaksana && unit_matches(unit_id))
            }
        };
        if !told {
            continue;
        }
        crate::service::mail::enqueue_plain(
            conn,
            &crate::service::mail::NewMail {
                kind,
                to: &user.email,
                language: &user.language,
                params: params.clone(),
                // `case_id` marks mail to the case's requester (an undelivered one becomes an officer's task);
                // staff mail carries the case in its link instead.
                case_id: None,
                dedupe_key: None,
            },
            now,
        )?;
    }
    Ok(())
}
