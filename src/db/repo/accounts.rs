//! Users, sign-in links and sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::accounts::{
    ApiTokenRow, ChallengeRow, RecoveryCodeRow, SecondFactorRow, SessionRow, SignInLinkRow, UserRow,
};
use crate::db::schema::{
    api_tokens, recovery_codes, second_factor_challenges, second_factors, sessions, sign_in_links, users,
};

pub fn count_users(conn: &mut DbConn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

pub fn insert_user(conn: &mut DbConn, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table).values(row).execute(conn).map(drop)
}

pub fn user_by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<UserRow>> {
    users::table.filter(users::username.eq(username)).select(UserRow::as_select()).first(conn).optional()
}

pub fn user_by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<UserRow>> {
    users::table.find(id).select(UserRow::as_select()).first(conn).optional()
}

pub fn users(conn: &mut DbConn) -> QueryResult<Vec<UserRow>> {
    users::table.order(users::username).select(UserRow::as_select()).load(conn)
}

/// Writes the account's mutable fields if its version is still `row.version - 1`.
pub fn update_user(conn: &mut DbConn, row: &UserRow) -> QueryResult<bool> {
    let n = diesel::update(users::table.filter(users::id.eq(&row.id)).filter(users::version.eq(row.version - 1)))
        .set((
            users::name.eq(&row.name),
            users::email.eq(&row.email),
            users::password_hash.eq(&row.password_hash),
            users::must_change_password.eq(row.must_change_password),
            users::disabled_at.eq(row.disabled_at),
            users::failed_logins.eq(row.failed_logins),
            users::locked_until.eq(row.locked_until),
            users::version.eq(row.version),
            users::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn insert_link(conn: &mut DbConn, row: &SignInLinkRow) -> QueryResult<()> {
    diesel::insert_into(sign_in_links::table).values(row).execute(conn).map(drop)
}

pub fn link(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<SignInLinkRow>> {
    sign_in_links::table.find(token_hash).select(SignInLinkRow::as_select()).first(conn).optional()
}

/// Marks a link used, once: `false` if it was already used.
pub fn use_link(conn: &mut DbConn, token_hash: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        sign_in_links::table.filter(sign_in_links::token_hash.eq(token_hash)).filter(sign_in_links::used_at.is_null()),
    )
    .set(sign_in_links::used_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends every unused link of the account (one was used, or the password changed): `at` as their time of use.
pub fn end_unused_links(conn: &mut DbConn, user_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        sign_in_links::table.filter(sign_in_links::user_id.eq(user_id)).filter(sign_in_links::used_at.is_null()),
    )
    .set(sign_in_links::used_at.eq(at))
    .execute(conn)
}

pub fn insert_session(conn: &mut DbConn, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(sessions::table).values(row).execute(conn).map(drop)
}

pub fn session(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<SessionRow>> {
    sessions::table.find(token_hash).select(SessionRow::as_select()).first(conn).optional()
}

pub fn touch_session(
    conn: &mut DbConn,
    token_hash: &str,
    seen: NaiveDateTime,
    expires: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(token_hash))
        .set((sessions::last_seen_at.eq(seen), sessions::expires_at.eq(expires)))
        .execute(conn)
        .map(drop)
}

pub fn delete_session(conn: &mut DbConn, token_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(token_hash)).execute(conn).map(drop)
}

/// Ends every session of a user (password changed or reset, account disabled), except `keep`.
pub fn delete_sessions_of(conn: &mut DbConn, user_id: &str, keep: Option<&str>) -> QueryResult<usize> {
    let mut q = diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).into_boxed();
    if let Some(k) = keep {
        q = q.filter(sessions::token_hash.ne(k.to_owned()));
    }
    q.execute(conn)
}

// ---- Two-step sign-in ----

pub fn second_factor(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<SecondFactorRow>> {
    second_factors::table.find(user_id).select(SecondFactorRow::as_select()).first(conn).optional()
}

/// Replaces the user's second factor (an unconfirmed enrolment or a confirmed one).
pub fn put_second_factor(conn: &mut DbConn, row: &SecondFactorRow) -> QueryResult<()> {
    diesel::delete(second_factors::table.find(&row.user_id)).execute(conn)?;
    diesel::insert_into(second_factors::table).values(row).execute(conn).map(drop)
}

/// Records the step a code was used at; false when a later (or the same) step was recorded meanwhile.
pub fn use_step(conn: &mut DbConn, user_id: &str, step: i64) -> QueryResult<bool> {
    let n = diesel::update(
        second_factors::table
            .find(user_id)
            .filter(second_factors::last_step.is_null().or(second_factors::last_step.lt(step))),
    )
    .set(second_factors::last_step.eq(step))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete_second_factor(conn: &mut DbConn, user_id: &str) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(second_factor_challenges::table.filter(second_factor_challenges::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(second_factors::table.find(user_id)).execute(conn).map(drop)
}

pub fn insert_recovery_code(conn: &mut DbConn, row: &RecoveryCodeRow) -> QueryResult<()> {
    diesel::insert_into(recovery_codes::table).values(row).execute(conn).map(drop)
}

/// Uses a recovery code of the user once; false when unknown or used.
pub fn use_recovery_code(conn: &mut DbConn, user_id: &str, code_hash: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        recovery_codes::table
            .find(code_hash)
            .filter(recovery_codes::user_id.eq(user_id))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn unused_recovery_codes(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

pub fn insert_challenge(conn: &mut DbConn, row: &ChallengeRow) -> QueryResult<()> {
    diesel::insert_into(second_factor_challenges::table).values(row).execute(conn).map(drop)
}

pub fn challenge(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<ChallengeRow>> {
    second_factor_challenges::table.find(token_hash).select(ChallengeRow::as_select()).first(conn).optional()
}

pub fn delete_challenge(conn: &mut DbConn, token_hash: &str) -> QueryResult<()> {
    diesel::delete(second_factor_challenges::table.find(token_hash)).execute(conn).map(drop)
}

// ---- API tokens ----

pub fn insert_api_token(conn: &mut DbConn, row: &ApiTokenRow) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table).values(row).execute(conn).map(drop)
}

pub fn api_tokens_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ApiTokenRow>> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .order(api_tokens::created_at.desc())
        .select(ApiTokenRow::as_select())
        .load(conn)
}

pub fn api_token_by_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<ApiTokenRow>> {
    api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .select(ApiTokenRow::as_select())
        .first(conn)
        .optional()
}

pub fn touch_api_token(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(api_tokens::table.find(id)).set(api_tokens::last_used_at.eq(at)).execute(conn).map(drop)
}

/// Revokes one of the user's tokens, saying why; false when there is no such live token.
pub fn revoke_api_token(
    conn: &mut DbConn,
    user_id: &str,
    id: &str,
    at: NaiveDateTime,
    because: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        api_tokens::table.find(id).filter(api_tokens::user_id.eq(user_id)).filter(api_tokens::revoked_at.is_null()),
    )
    .set((api_tokens::revoked_at.eq(at), api_tokens::revoked_because.eq(because)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Revokes all of the user's live tokens, saying why; how many there were.
pub fn revoke_api_tokens_of(conn: &mut DbConn, user_id: &str, at: NaiveDateTime, because: &str) -> QueryResult<usize> {
    diesel::update(api_tokens::table.filter(api_tokens::user_id.eq(user_id)).filter(api_tokens::revoked_at.is_null()))
        .set((api_tokens::revoked_at.eq(at), api_tokens::revoked_because.eq(because)))
        .execute(conn)
}

/// How many of the user's tokens still work.
pub fn live_api_tokens_of(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .filter(api_tokens::revoked_at.is_null())
        .count()
        .get_result(conn)
}

/// The active accounts of a public body (any role tied to it).
pub fn active_users_of_body(conn: &mut DbConn, body_id: &str) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::body_id.eq(body_id))
        .filter(users::disabled_at.is_null())
        .order(users::username)
        .select(UserRow::as_select())
        .load(conn)
}

/// Every active account with an email address (for the planner's digests).
pub fn active_users_with_email(conn: &mut DbConn) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::disabled_at.is_null())
        .filter(users::email.ne(""))
        .order(users::username)
        .select(UserRow::as_select())
        .load(conn)
}

pub fn set_language(conn: &mut DbConn, user_id: &str, language: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::language.eq(language), users::updated_at.eq(at)))
        .execute(conn)
        .map(drop)
}
