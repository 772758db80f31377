//! Rows of the frozen compliance snapshots.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::compliance_snapshots;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = compliance_snapshots)]
pub struct SnapshotRow {
    pub id: String,
    /// `body` or `jurisdiction`.
    pub scope_kind: String,
    /// The body's id, or the KI's code.
    pub scope: String,
    pub period: String,
    pub version: i64,
    pub supersedes: Option<String>,
    pub reason: String,
    /// Canonical JSON (RFC 8785): exactly the bytes the digest is of.
    pub document: String,
    pub digest: String,
    pub frozen_by: Option<String>,
    pub frozen_at: NaiveDateTime,
}
