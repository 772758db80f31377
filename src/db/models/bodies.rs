//! Rows of the jurisdiction, body and unit tables.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{body_ki_assignments, ki_jurisdictions, public_bodies, units};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = ki_jurisdictions)]
pub struct JurisdictionRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_id: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = public_bodies)]
pub struct BodyRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub level: String,
    pub time_zone: String,
    pub ppid_email: String,
    pub ppid_phone: String,
    pub ppid_address: String,
    pub request_number_format: String,
    pub objection_number_format: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = body_ki_assignments)]
pub struct AssignmentRow {
    pub id: String,
    pub body_id: String,
    pub jurisdiction_id: String,
    pub applies_from: NaiveDate,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = units)]
pub struct UnitRow {
    pub id: String,
    pub body_id: String,
    pub slug: String,
    pub name: String,
    pub time_zone: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
