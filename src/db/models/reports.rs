//! Rows of the annual service report: the PPID's draft texts and the published versions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{annual_report_publications, annual_reports};

/// The free-text parts of one body's report for one year, as the PPID last saved them.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = annual_reports)]
pub struct DraftRow {
    pub body_id: String,
    pub year: i64,
    pub facilities: String,
    pub staff: String,
    pub budget: String,
    pub obstacles: String,
    pub recommendations: String,
    pub updated_by: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// One published version: the whole report (figures and texts) as canonical JSON, and its SHA-256.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = annual_report_publications)]
pub struct PublicationRow {
    pub id: String,
    pub body_id: String,
    pub year: i64,
    pub version: i64,
    pub document: String,
    pub digest: String,
    pub published_by: Option<String>,
    pub published_at: NaiveDateTime,
}

/// One recorded monev result (a version; the latest per body and year stands).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = crate::db::schema::monev_results)]
pub struct MonevRow {
    pub id: String,
    pub body_id: String,
    pub year: i64,
    pub version: i64,
    pub band: String,
    pub score_hundredths: Option<i64>,
    pub reference: String,
    pub note: String,
    pub recorded_by: Option<String>,
    pub recorded_at: NaiveDateTime,
}
