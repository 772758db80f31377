//! Rows of the case tables: requesters, requests, objections, disputes, events and anchors.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::objection::ObjectionState;
use crate::domain::request::RequestState;
use serde::Serialize;

use crate::db::schema::{
    case_events, case_notes, chain_anchors, disputes, identity_access_log, letters, objections, requester_documents,
    requesters, requests, response_documents,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
// `None` is inserted as NULL (no nullable column has a default), so rows can go in many to a statement on SQLite.
#[diesel(table_name = requesters, treat_none_as_default_value = false)]
pub struct RequesterRow {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub occupation: String,
    pub created_at: NaiveDateTime,
    pub purged_at: Option<NaiveDateTime>,
    pub nik_encrypted: Option<String>,
    pub nik_blind_index: Option<String>,
    pub entity_decree_number: String,
    pub representative_name: String,
    pub representative_nik_encrypted: Option<String>,
    pub language: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
// `None` is inserted as NULL (no nullable column has a default), so rows can go in many to a statement on SQLite.
#[diesel(table_name = requests, treat_none_as_default_value = false)]
pub struct RequestRow {
    pub id: String,
    pub body_id: String,
    pub unit_id: Option<String>,
    pub requester_id: String,
    pub registration_number: String,
    pub registration_year: i64,
    pub registration_seq: i64,
    pub channel: String,
    pub received_at: NaiveDateTime,
    pub received_on: NaiveDate,
    pub information: String,
    pub purpose: String,
    pub state: RequestState,
    pub c1_due: NaiveDate,
    pub c2_due: Option<NaiveDate>,
    pub notice_due: NaiveDate,
    pub c3_due: Option<NaiveDate>,
    pub calendar_version: i64,
    pub notice_on: Option<NaiveDate>,
    pub decision: Option<String>,
    pub provided_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub obtain_method: String,
    pub delivery_method: String,
    pub publish_consent: bool,
    pub text_hidden: bool,
    /// SHA-256 of the private tracking token; `None` for imported history.
    #[serde(skip)]
    pub tracking_token_hash: Option<String>,
    /// What this request last added to `compliance_rollup` (its key and metrics, JSON); empty before.
    #[serde(skip)]
    pub compliance: String,
    /// Whether the requester has an address mail can reach (set once: requesters never change); the mail
    /// planner's candidates are only such requests (migration 27).
    pub requester_mailable: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
// `None` is inserted as NULL (no nullable column has a default), so rows can go in many to a statement on SQLite.
#[diesel(table_name = objections, treat_none_as_default_value = false)]
pub struct ObjectionRow {
    pub id: String,
    pub body_id: String,
    pub request_id: Option<String>,
    pub requester_id: String,
    pub registration_number: String,
    pub registration_year: i64,
    pub registration_seq: i64,
    pub channel: String,
    pub received_at: NaiveDateTime,
    pub received_on: NaiveDate,
    pub grounds: String,
    pub summary: String,
    pub late: bool,
    pub state: ObjectionState,
    pub c4_due: NaiveDate,
    pub c5_due: Option<NaiveDate>,
    pub calendar_version: i64,
    pub decided_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub representative_name: String,
    /// What this objection last added to `compliance_rollup` (JSON); empty before.
    #[serde(skip)]
    pub compliance: String,
    /// As on the request: whether its requester can be mailed (migration 27).
    pub requester_mailable: bool,
    /// The deadline of the atasan's order to disclose, when the decision overturned the PPID (migration 28).
    pub order_due: Option<NaiveDate>,
    /// When the PPID carried the order out.
    pub order_carried_out_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
// `None` is inserted as NULL (no nullable column has a default), so rows can go in many to a statement on SQLite.
#[diesel(table_name = disputes, treat_none_as_default_value = false)]
pub struct DisputeRow {
    pub id: String,
    pub body_id: String,
    pub objection_id: String,
    pub jurisdiction_id: String,
    pub filed_on: NaiveDate,
    pub late: bool,
    pub c5_due: NaiveDate,
    pub confirmed: bool,
    pub ki_number: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// What this dispute last added to `compliance_rollup` (JSON); empty before.
    #[serde(skip)]
    pub compliance: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
// `None` is inserted as NULL (no nullable column has a default), so rows can go in many to a statement on SQLite.
#[diesel(table_name = case_events, treat_none_as_default_value = false)]
pub struct EventRow {
    pub id: String,
    pub case_kind: String,
    pub case_id: String,
    pub seq: i64,
    pub body_id: String,
    pub event_type: String,
    pub payload: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub reason: String,
    pub recorded_at: NaiveDateTime,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = chain_anchors)]
pub struct AnchorRow {
    pub anchor_date: NaiveDate,
    pub created_at: NaiveDateTime,
    pub heads: String,
    pub head_count: i64,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = requester_documents)]
pub struct DocumentRow {
    pub id: String,
    pub requester_id: String,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = response_documents)]
pub struct ResponseDocumentRow {
    pub id: String,
    pub request_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[serde(skip)]
    pub storage_key: String,
    pub created_at: NaiveDateTime,
}

/// An officer's internal note on a case (never public, hidden from KI auditors).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_notes)]
pub struct NoteRow {
    pub id: String,
    pub case_id: String,
    pub body_id: String,
    pub author_id: String,
    pub text: String,
    pub created_at: NaiveDateTime,
}

/// A letter issued: its outgoing number and the date it bears.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = letters)]
pub struct LetterRow {
    pub id: String,
    pub body_id: String,
    pub case_id: String,
    pub kind: String,
    pub number: String,
    pub letter_date: chrono::NaiveDate,
    pub issued_at: NaiveDateTime,
}

/// One access to a requester's identity data.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = identity_access_log)]
pub struct IdentityAccessRow {
    pub id: String,
    pub user_id: String,
    pub case_id: String,
    pub requester_id: String,
    /// `nik_masked`, `identity_scan` or `power_of_attorney`.
    pub what: String,
    pub at: NaiveDateTime,
}
