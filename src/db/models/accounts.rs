//! Rows of the account tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    api_tokens, recovery_codes, second_factor_challenges, second_factors, sessions, sign_in_links, users,
};
use crate::domain::account::Role;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub body_id: Option<String>,
    pub unit_id: Option<String>,
    pub jurisdiction_id: Option<String>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub disabled_at: Option<NaiveDateTime>,
    pub failed_logins: i64,
    pub locked_until: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The language of the person's mail: `id` or `en`.
    pub language: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sign_in_links)]
pub struct SignInLinkRow {
    pub token_hash: String,
    pub user_id: String,
    pub purpose: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: String,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = second_factors)]
pub struct SecondFactorRow {
    pub user_id: String,
    pub secret_encrypted: String,
    pub enabled_at: Option<NaiveDateTime>,
    pub last_step: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = recovery_codes)]
pub struct RecoveryCodeRow {
    pub code_hash: String,
    pub user_id: String,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = second_factor_challenges)]
pub struct ChallengeRow {
    pub token_hash: String,
    pub user_id: String,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    /// Why it stopped: `owner`, `administrator`, `password_reset` or `password_change` (see the migration).
    pub revoked_because: Option<String>,
}
