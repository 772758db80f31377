//! Rows of the mail outbox.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::mail_outbox;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxRow {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub language: String,
    pub params_encrypted: String,
    pub case_id: Option<String>,
    pub dedupe_key: Option<String>,
    /// `pending`, `sent` or `dead`.
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub last_error: String,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// A dead statutory mail the officer sent another way (post, by hand): when, by whom (user id), how.
    pub handled_at: Option<NaiveDateTime>,
    pub handled_by: Option<String>,
    pub handled_note: String,
    /// The token of the worker pass holding the lease (see `service::outbox`).
    pub lease_holder: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = crate::db::schema::mail_failing_addresses)]
pub struct FailingAddressRow {
    pub address: String,
    pub failed_at: NaiveDateTime,
    pub answer: String,
}
