//! Rows of the jurisdiction, body and unit tables.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{body_ki_assignments, body_logos, ki_jurisdictions, public_bodies, units};

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
    /// Where and how to file a dispute with this KI (migration 29); empty until the administrator sets them.
    pub address: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub dispute_form_url: String,
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
    /// Lines of the letterhead, top first (empty: the body's name in capitals).
    pub letterhead: String,
    pub letter_number_format: String,
    pub ppid_signatory_name: String,
    pub ppid_signatory_nip: String,
    pub ppid_signatory_position: String,
    pub atasan_signatory_nip: String,
    /// Made by `terbuka demo`: its public pages say so.
    pub demo: bool,
    /// The place on a letter's place-and-date line ("Sukamaju"); empty: the date alone.
    pub letter_place: String,
}

impl BodyRow {
    /// A row with only the letter settings' defaults filled in (the rest empty), to build a new body from.
    pub fn letters_default() -> BodyRow {
        BodyRow {
            id: String::new(),
            slug: String::new(),
            name: String::new(),
            level: String::new(),
            time_zone: String::new(),
            ppid_email: String::new(),
            ppid_phone: String::new(),
            ppid_address: String::new(),
            request_number_format: String::new(),
            objection_number_format: String::new(),
            version: 0,
            created_at: NaiveDateTime::default(),
            updated_at: NaiveDateTime::default(),
            letterhead: String::new(),
            letter_number_format: crate::domain::body::DEFAULT_LETTER_NUMBER_FORMAT.to_owned(),
            ppid_signatory_name: String::new(),
            ppid_signatory_nip: String::new(),
            ppid_signatory_position: "PPID Utama".to_owned(),
            demo: false,
            atasan_signatory_nip: String::new(),
            letter_place: String::new(),
        }
    }
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

/// A body's letterhead logo (`domain::logo`), checked when it was uploaded.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = body_logos)]
pub struct LogoRow {
    pub body_id: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub components: i32,
    pub sha256: String,
    pub data: Vec<u8>,
    pub updated_at: NaiveDateTime,
}
