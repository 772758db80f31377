//! The administrator's pages (`/admin`): public bodies and their units, accounts, and the working-day calendar
//! (status and warnings, versions, importing a year with a dry run and the open deadlines a change moves).
//! Everything here is also a `terbuka admin …` / `terbuka calendar …` command; the pages call the same services.
//! Administrators see no requester identity.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::TryStreamExt;
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, date_long, datetime_long, t, t_args};
use crate::service::bodies::{self, BodyChanges, BodyInput, LetterSettings, UnitInput};
use crate::service::calendar as calendar_service;
use crate::service::calendar_change::ImportError;
use crate::service::{ServiceError, accounts};
use crate::views::PageMeta;
use crate::web::auth::Admin;
use crate::web::error::PageError;
use crate::web::form::field_message;
use crate::web::locale::RequestLocale;
use crate::web::respond::{no_store, redirect};
use crate::web::state::AppState;

/// Field problems as sentences: "Label: message".
fn problems(locale: Locale, e: &ServiceError) -> Vec<String> {
    match e {
        ServiceError::Invalid(ps) => ps
            .iter()
            .map(|p| {
                let label = crate::i18n::try_t(locale, &format!("admin-field-{}", p.field.replace('_', "-")))
                    .unwrap_or_else(|| p.field.to_owned());
                format!("{label}: {}", field_message(locale, p.field, p.code))
            })
            .collect(),
        ServiceError::NotFound { what, key } => vec![format!("{}: {key} ({what})", t(locale, "admin-not-found"))],
        ServiceError::Conflict { .. } => vec![t(locale, "error-conflict")],
        ServiceError::Refused { message, .. } => vec![message.clone()],
        ServiceError::Forbidden { .. } => vec![t(locale, "page-forbidden-body")],
        ServiceError::Db(_) => vec![t(locale, "error-service-unavailable")],
    }
}

/// The form's values with every field the template shows present (strict templates refuse missing ones).
fn with_fields(mut values: HashMap<String, String>, fields: &[&str]) -> HashMap<String, String> {
    for f in fields {
        values.entry((*f).to_owned()).or_default();
    }
    values
}

const BODY_FIELDS: [&str; 8] = ["slug", "name", "level", "time_zone", "ki", "ppid_email", "ppid_phone", "ppid_address"];
const USER_FIELDS: [&str; 7] = ["username", "name", "email", "role", "body", "unit", "jurisdiction"];

fn page<T: Serialize>(state: &AppState, status: StatusCode, template: &str, data: &T) -> HttpResponse {
    no_store(state.views.page(status, template, data))
}

// ---- Overview ----

#[derive(Serialize)]
struct Overview {
    #[serde(flatten)]
    meta: PageMeta,
    bodies: usize,
    users: usize,
    warnings: Vec<String>,
    calendar_version: i64,
    years: Vec<i32>,
    /// "3 surel gagal terkirim", when there is dead mail.
    dead_mail: Option<String>,
}

pub async fn overview(_admin: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let (settings, now, zone) = (state.settings.calendar, state.clock.now(), state.settings.time_zone);
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            let status = calendar_service::status(conn, settings, now, zone)?;
            let bodies = bodies::list_bodies(conn, now.date_naive())?.len();
            let users = accounts::list_users(conn)?.len();
            let dead = crate::service::mail::dead_mail(conn)?.len();
            Ok((status, bodies, users, dead))
        })
        .await;
    let (status, bodies, users, dead) = match result {
        Ok(r) => r,
        Err(e) => return PageError::unavailable(e).into(),
    };
    let data = Overview {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/admin").with_title(t(locale, "admin-title")),
        bodies,
        users,
        warnings: status.warnings.iter().map(|w| calendar_warning(locale, w)).collect(),
        calendar_version: status.version,
        years: status.years.iter().map(|y| y.year).collect(),
        dead_mail: (dead > 0).then(|| t_args(locale, "admin-mail-dead-count", &[("count", dead.to_string())])),
    };
    page(&state, StatusCode::OK, "pages/admin", &data)
}

fn calendar_warning(locale: Locale, w: &calendar_service::StatusWarning) -> String {
    match w {
        calendar_service::StatusWarning::CurrentYearMissing { year } => {
            t_args(locale, "admin-calendar-current-missing", &[("year", year.to_string())])
        }
        calendar_service::StatusWarning::NextYearMissing { year } => {
            t_args(locale, "admin-calendar-next-missing", &[("year", year.to_string())])
        }
    }
}

// ---- Bodies and units ----

#[derive(Serialize)]
struct BodyItem {
    slug: String,
    name: String,
    level: String,
    zone: String,
    ki: String,
    href: String,
}

#[derive(Serialize)]
struct BodiesPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    bodies: Vec<BodyItem>,
    jurisdictions: Vec<(String, String)>,
    values: HashMap<String, String>,
    errors: Vec<String>,
    notice: Option<String>,
}

async fn bodies_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    values: HashMap<String, String>,
    errors: Vec<String>,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let today = state.clock.now().date_naive();
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            Ok((bodies::list_bodies(conn, today)?, bodies::list_jurisdictions(conn)?))
        })
        .await;
    let (all, jurisdictions) = match result {
        Ok(r) => r,
        Err(e) => return PageError::unavailable(e).into(),
    };
    let data = BodiesPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/admin/badan")
            .with_title(t(locale, "admin-bodies")),
        csrf: session.csrf_token.clone(),
        bodies: all
            .iter()
            .map(|b| BodyItem {
                slug: b.body.slug.clone(),
                name: b.body.name.clone(),
                level: b.body.level.clone(),
                zone: b.body.time_zone.clone(),
                ki: b.ki.name.clone(),
                href: format!("/admin/badan/{}", b.body.slug),
            })
            .collect(),
        jurisdictions: jurisdictions.into_iter().map(|j| (j.code, j.name)).collect(),
        values: with_fields(values, &BODY_FIELDS),
        errors,
        notice,
    };
    page(state, status, "pages/admin_bodies", &data)
}

pub async fn bodies_list(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let mut values = HashMap::new();
    values.insert("time_zone".to_owned(), "Asia/Jakarta".to_owned());
    bodies_page(&state, locale, &session, values, Vec::new(), None, StatusCode::OK).await
}

fn value(input: &HashMap<String, String>, k: &str) -> String {
    input.get(k).map(|v| v.trim().to_owned()).unwrap_or_default()
}

fn optional(input: &HashMap<String, String>, k: &str) -> Option<String> {
    input.get(k).map(|v| v.trim().to_owned())
}

pub async fn body_create(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let mut input = form.into_inner();
    if !crate::web::csrf::session_form_ok(&session, &input) {
        let e = vec![t(locale, "form-error-expired")];
        return bodies_page(&state, locale, &session, input, e, None, StatusCode::BAD_REQUEST).await;
    }
    input.remove("csrf_token");
    let body = BodyInput {
        slug: value(&input, "slug"),
        name: value(&input, "name"),
        level: value(&input, "level"),
        time_zone: value(&input, "time_zone"),
        ki: value(&input, "ki"),
        ki_from: None,
        ppid_email: value(&input, "ppid_email"),
        ppid_phone: value(&input, "ppid_phone"),
        ppid_address: value(&input, "ppid_address"),
        request_number_format: None,
        objection_number_format: None,
        letters: LetterSettings::default(),
        demo: false,
    };
    let now = state.clock.now();
    match state.db.run(move |conn| bodies::create_body(conn, &body, now)).await {
        Ok(b) => redirect(&format!("/admin/badan/{}?dibuat=1", b.body.slug)),
        Err(e) => {
            let errors = problems(locale, &e);
            bodies_page(&state, locale, &session, input, errors, None, StatusCode::BAD_REQUEST).await
        }
    }
}

#[derive(Serialize)]
struct UnitItem {
    slug: String,
    name: String,
    zone: String,
}

#[derive(Serialize)]
struct BodyPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    slug: String,
    name: String,
    version: i64,
    ki: String,
    values: HashMap<String, String>,
    units: Vec<UnitItem>,
    errors: Vec<String>,
    notice: Option<String>,
}

#[allow(clippy::too_many_arguments)] // the page, and what a failed form left
async fn body_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    slug: &str,
    entered: Option<HashMap<String, String>>,
    errors: Vec<String>,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let (lookup, today) = (slug.to_owned(), state.clock.now().date_naive());
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            let view = bodies::list_bodies(conn, today)?
                .into_iter()
                .find(|b| b.body.slug == lookup)
                .ok_or_else(|| ServiceError::NotFound { what: "public body", key: lookup.clone() })?;
            let units = bodies::list_units(conn, &lookup)?;
            Ok((view, units))
        })
        .await;
    let (view, units) = match result {
        Ok(r) => r,
        Err(ServiceError::NotFound { .. }) => {
            return PageError::Status(StatusCode::NOT_FOUND).into();
        }
        Err(e) => return PageError::unavailable(e).into(),
    };
    let b = &view.body;
    let current: HashMap<String, String> = [
        ("name", b.name.clone()),
        ("level", b.level.clone()),
        ("time_zone", b.time_zone.clone()),
        ("ppid_email", b.ppid_email.clone()),
        ("ppid_phone", b.ppid_phone.clone()),
        ("ppid_address", b.ppid_address.clone()),
        ("request_number_format", b.request_number_format.clone()),
        ("objection_number_format", b.objection_number_format.clone()),
        ("letterhead", b.letterhead.clone()),
        ("letter_number_format", b.letter_number_format.clone()),
        ("ppid_signatory_name", b.ppid_signatory_name.clone()),
        ("ppid_signatory_nip", b.ppid_signatory_nip.clone()),
        ("ppid_signatory_position", b.ppid_signatory_position.clone()),
        ("atasan_signatory_nip", b.atasan_signatory_nip.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let data = BodyPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, &format!("/admin/badan/{slug}"))
            .with_title(b.name.clone()),
        csrf: session.csrf_token.clone(),
        slug: b.slug.clone(),
        name: b.name.clone(),
        version: b.version,
        ki: format!("{} ({})", view.ki.name, date_long(locale, view.ki_from)),
        values: match entered {
            None => current,
            Some(mut e) => {
                for (k, v) in current {
                    e.entry(k).or_insert(v);
                }
                e
            }
        },
        units: units
            .iter()
            .map(|u| UnitItem {
                slug: u.slug.clone(),
                name: u.name.clone(),
                zone: u.time_zone.clone().unwrap_or_default(),
            })
            .collect(),
        errors,
        notice,
    };
    page(state, status, "pages/admin_body", &data)
}

pub async fn body_show(
    me: Admin,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let notice = if req.query_string().contains("dibuat=1") {
        Some(t(locale, "admin-body-created"))
    } else if req.query_string().contains("disimpan=1") {
        Some(t(locale, "admin-saved"))
    } else {
        None
    };
    body_page(&state, locale, &session, &path.into_inner(), None, Vec::new(), notice, StatusCode::OK).await
}

pub async fn body_update(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let slug = path.into_inner();
    let mut input = form.into_inner();
    if !crate::web::csrf::session_form_ok(&session, &input) {
        let e = vec![t(locale, "form-error-expired")];
        return body_page(&state, locale, &session, &slug, Some(input), e, None, StatusCode::BAD_REQUEST).await;
    }
    input.remove("csrf_token");
    let version = value(&input, "version").parse::<i64>().ok();
    let changes = BodyChanges {
        name: optional(&input, "name"),
        level: optional(&input, "level"),
        time_zone: optional(&input, "time_zone"),
        ppid_email: optional(&input, "ppid_email"),
        ppid_phone: optional(&input, "ppid_phone"),
        ppid_address: optional(&input, "ppid_address"),
        request_number_format: optional(&input, "request_number_format"),
        objection_number_format: optional(&input, "objection_number_format"),
        ki: None,
        letters: LetterSettings {
            letterhead: optional(&input, "letterhead"),
            letter_number_format: optional(&input, "letter_number_format"),
            ppid_signatory_name: optional(&input, "ppid_signatory_name"),
            ppid_signatory_nip: optional(&input, "ppid_signatory_nip"),
            ppid_signatory_position: optional(&input, "ppid_signatory_position"),
            atasan_signatory_nip: optional(&input, "atasan_signatory_nip"),
        },
    };
    let (target, now) = (slug.clone(), state.clock.now());
    match state.db.run(move |conn| bodies::update_body(conn, &target, &changes, version, now)).await {
        Ok(_) => redirect(&format!("/admin/badan/{slug}?disimpan=1")),
        Err(e) => {
            let status =
                if matches!(e, ServiceError::Conflict { .. }) { StatusCode::CONFLICT } else { StatusCode::BAD_REQUEST };
            let errors = problems(locale, &e);
            body_page(&state, locale, &session, &slug, Some(input), errors, None, status).await
        }
    }
}

pub async fn unit_create(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let slug = path.into_inner();
    let input = form.into_inner();
    if !crate::web::csrf::session_form_ok(&session, &input) {
        let e = vec![t(locale, "form-error-expired")];
        return body_page(&state, locale, &session, &slug, None, e, None, StatusCode::BAD_REQUEST).await;
    }
    let unit = UnitInput {
        slug: value(&input, "unit_slug"),
        name: value(&input, "unit_name"),
        time_zone: optional(&input, "unit_time_zone").filter(|z| !z.is_empty()),
    };
    let (body, now) = (slug.clone(), state.clock.now());
    match state.db.run(move |conn| bodies::create_unit(conn, &body, &unit, now)).await {
        Ok(_) => redirect(&format!("/admin/badan/{slug}?disimpan=1")),
        Err(e) => {
            let errors = problems(locale, &e);
            body_page(&state, locale, &session, &slug, None, errors, None, StatusCode::BAD_REQUEST).await
        }
    }
}

// ---- Accounts ----

#[derive(Serialize)]
struct UserItem {
    username: String,
    name: String,
    role: String,
    scope: String,
    disabled: bool,
    two_step: bool,
}

#[derive(Serialize)]
struct UsersPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    users: Vec<UserItem>,
    bodies: Vec<(String, String)>,
    jurisdictions: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    values: HashMap<String, String>,
    errors: Vec<String>,
    notice: Option<String>,
    /// A one-time link to hand to the account's owner (shown once).
    link: Option<String>,
}

async fn users_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    values: HashMap<String, String>,
    errors: Vec<String>,
    (notice, link): (Option<String>, Option<String>),
    status: StatusCode,
) -> HttpResponse {
    let today = state.clock.now().date_naive();
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            let users = accounts::list_users(conn)?;
            let mut on = Vec::new();
            for u in &users {
                on.push(accounts::second_factor_status(conn, &u.id)?.0);
            }
            let bodies = bodies::list_bodies(conn, today)?;
            let jurisdictions = bodies::list_jurisdictions(conn)?;
            let mut units = HashMap::new();
            for b in &bodies {
                for u in bodies::list_units(conn, &b.body.slug)? {
                    units.insert(u.id.clone(), format!("{} / {}", b.body.name, u.name));
                }
            }
            Ok((users, on, bodies, jurisdictions, units))
        })
        .await;
    let (users, on, all_bodies, jurisdictions, units) = match result {
        Ok(r) => r,
        Err(e) => return PageError::unavailable(e).into(),
    };
    let body_name = |id: &str| all_bodies.iter().find(|b| b.body.id == id).map(|b| b.body.name.clone());
    let ki_name = |id: &str| jurisdictions.iter().find(|j| j.id == id).map(|j| j.name.clone());
    let data = UsersPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/admin/pengguna")
            .with_title(t(locale, "admin-users")),
        csrf: session.csrf_token.clone(),
        users: users
            .iter()
            .zip(on)
            .map(|(u, two_step)| UserItem {
                username: u.username.clone(),
                name: u.name.clone(),
                role: t(locale, &format!("role-{}", u.role.replace('_', "-"))),
                scope: u
                    .unit_id
                    .as_deref()
                    .and_then(|id| units.get(id).cloned())
                    .or_else(|| u.body_id.as_deref().and_then(body_name))
                    .or_else(|| u.jurisdiction_id.as_deref().and_then(ki_name))
                    .unwrap_or_default(),
                disabled: u.disabled_at.is_some(),
                two_step,
            })
            .collect(),
        bodies: all_bodies.iter().map(|b| (b.body.slug.clone(), b.body.name.clone())).collect(),
        jurisdictions: jurisdictions.iter().map(|j| (j.code.clone(), j.name.clone())).collect(),
        roles: ["ppid_utama", "ppid_pelaksana", "atasan_ppid", "ki_auditor", "admin"]
            .iter()
            .map(|r| ((*r).to_owned(), t(locale, &format!("role-{}", r.replace('_', "-")))))
            .collect(),
        values: with_fields(values, &USER_FIELDS),
        errors,
        notice,
        link,
    };
    page(state, status, "pages/admin_users", &data)
}

pub async fn users_list(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    users_page(&state, locale, &session, HashMap::new(), Vec::new(), (None, None), StatusCode::OK).await
}

fn link_of(state: &AppState, inv: &accounts::Invitation) -> String {
    format!("{}/masuk/sandi/{}", state.base_url, inv.token)
}

pub async fn user_create(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let mut input = form.into_inner();
    if !crate::web::csrf::session_form_ok(&session, &input) {
        let e = vec![t(locale, "form-error-expired")];
        return users_page(&state, locale, &session, input, e, (None, None), StatusCode::BAD_REQUEST).await;
    }
    input.remove("csrf_token");
    let unit = value(&input, "unit");
    let new = accounts::NewUser {
        username: value(&input, "username"),
        name: value(&input, "name"),
        email: value(&input, "email"),
        role: value(&input, "role"),
        body: Some(value(&input, "body")).filter(|v| !v.is_empty()),
        unit: Some(unit).filter(|v| !v.is_empty()),
        jurisdiction: Some(value(&input, "jurisdiction")).filter(|v| !v.is_empty()),
    };
    let now = state.clock.now();
    let secrets = state.secrets.clone();
    match state.db.run(move |conn| accounts::invite_user(conn, &secrets, &new, now).map(|(inv, _)| inv)).await {
        Ok(inv) => {
            let notice = Some(t_args(locale, "admin-user-created", &[("username", inv.user.username.clone())]));
            let link = Some(link_of(&state, &inv));
            users_page(&state, locale, &session, HashMap::new(), Vec::new(), (notice, link), StatusCode::OK).await
        }
        Err(e) => {
            let errors = problems(locale, &e);
            users_page(&state, locale, &session, input, errors, (None, None), StatusCode::BAD_REQUEST).await
        }
    }
}

/// Disable, reset password, or reset two-step sign-in: `/admin/pengguna/{username}/{action}`.
pub async fn user_action(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let (me, session) = (me.user, me.session);
    let (username, action) = path.into_inner();
    if !crate::web::csrf::session_form_ok(&session, &form) {
        let e = vec![t(locale, "form-error-expired")];
        return users_page(&state, locale, &session, HashMap::new(), e, (None, None), StatusCode::BAD_REQUEST).await;
    }
    if username == me.username && action == "nonaktif" {
        let e = vec![t(locale, "admin-user-not-self")];
        return users_page(&state, locale, &session, HashMap::new(), e, (None, None), StatusCode::BAD_REQUEST).await;
    }
    let now = state.clock.now();
    let (who, act, secrets) = (username.clone(), action.clone(), state.secrets.clone());
    let result = state
        .db
        .run(move |conn| -> Result<Option<accounts::Invitation>, ServiceError> {
            match act.as_str() {
                "nonaktif" => accounts::disable_user(conn, &who, now).map(|_| None),
                "sandi" => accounts::reset_password_and_mail(conn, &secrets, &who, now).map(|(i, _)| Some(i)),
                "dua-langkah" => accounts::reset_second_factor(conn, &who).map(|_| None),
                _ => Err(ServiceError::NotFound { what: "action", key: act.clone() }),
            }
        })
        .await;
    match result {
        Ok(inv) => {
            let notice = Some(t_args(locale, &format!("admin-user-done-{action}"), &[("username", username)]));
            let link = inv.as_ref().map(|i| link_of(&state, i));
            users_page(&state, locale, &session, HashMap::new(), Vec::new(), (notice, link), StatusCode::OK).await
        }
        Err(ServiceError::NotFound { .. }) => PageError::Status(StatusCode::NOT_FOUND).into(),
        Err(e) => {
            let errors = problems(locale, &e);
            users_page(&state, locale, &session, HashMap::new(), errors, (None, None), StatusCode::BAD_REQUEST).await
        }
    }
}

// ---- Calendar ----

#[derive(Serialize)]
struct VersionItem {
    version: i64,
    when: String,
    source: String,
    note: String,
    added: i64,
}

#[derive(Serialize)]
struct YearItem {
    year: i32,
    holidays: usize,
    cuti_bersama: usize,
    local: usize,
    working_days: u32,
}

#[derive(Serialize)]
struct EntryItem {
    date: String,
    kind: String,
    name: String,
}

#[derive(Serialize)]
struct MoveItem {
    number: String,
    clock: String,
    old: String,
    new: String,
    applied: bool,
}

#[derive(Serialize)]
struct CalendarPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    version: i64,
    warnings: Vec<String>,
    years: Vec<YearItem>,
    versions: Vec<VersionItem>,
    /// After an import (or its dry run).
    result: Option<ImportResult>,
    errors: Vec<String>,
}

#[derive(Serialize)]
struct ImportResult {
    dry_run: bool,
    version: Option<i64>,
    added: Vec<EntryItem>,
    unchanged: usize,
    moves: Vec<MoveItem>,
}

async fn calendar_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    result: Option<ImportResult>,
    errors: Vec<String>,
    status: StatusCode,
) -> HttpResponse {
    let (settings, now, zone) = (state.settings.calendar, state.clock.now(), state.settings.time_zone);
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            Ok((calendar_service::status(conn, settings, now, zone)?, crate::db::repo::calendar::versions(conn)?))
        })
        .await;
    let (status_now, versions) = match loaded {
        Ok(r) => r,
        Err(e) => return PageError::unavailable(e).into(),
    };
    let data = CalendarPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/admin/kalender")
            .with_title(t(locale, "admin-calendar")),
        csrf: session.csrf_token.clone(),
        version: status_now.version,
        warnings: status_now.warnings.iter().map(|w| calendar_warning(locale, w)).collect(),
        years: status_now
            .years
            .iter()
            .map(|y| YearItem {
                year: y.year,
                holidays: y.holidays,
                cuti_bersama: y.cuti_bersama,
                local: y.local,
                working_days: y.working_days,
            })
            .collect(),
        versions: versions
            .iter()
            .map(|v| VersionItem {
                version: v.version,
                when: datetime_long(locale, v.created_at.and_utc(), zone),
                source: v.source.clone(),
                note: v.note.clone(),
                added: v.entries_added,
            })
            .collect(),
        result,
        errors,
    };
    page(state, status, "pages/admin_calendar", &data)
}

pub async fn calendar(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    calendar_page(&state, locale, &session, None, Vec::new(), StatusCode::OK).await
}

/// Imports a calendar CSV (multipart: `csrf_token`, `berkas`, and `uji` for a dry run).
pub async fn calendar_import(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    mut payload: Multipart,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut file = (String::new(), Vec::new());
    loop {
        let mut field = match payload.try_next().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                let e = vec![t(locale, "form-error-expired")];
                return calendar_page(&state, locale, &session, None, e, StatusCode::BAD_REQUEST).await;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.content_disposition().and_then(|cd| cd.get_filename()).map(str::to_owned);
        let mut bytes = Vec::new();
        while let Ok(Some(chunk)) = field.try_next().await {
            if bytes.len() < 2 * 1024 * 1024 {
                bytes.extend_from_slice(&chunk);
            }
        }
        if name == "berkas" {
            file = (file_name.unwrap_or_default(), bytes);
        } else if fields.len() < 10 {
            fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    if !crate::web::csrf::session_form_ok(&session, &fields) {
        let e = vec![t(locale, "form-error-expired")];
        return calendar_page(&state, locale, &session, None, e, StatusCode::BAD_REQUEST).await;
    }
    let Ok(text) = String::from_utf8(file.1) else {
        let e = vec![t(locale, "admin-calendar-not-utf8")];
        return calendar_page(&state, locale, &session, None, e, StatusCode::BAD_REQUEST).await;
    };
    if text.trim().is_empty() {
        let e = vec![t(locale, "form-error-file-empty")];
        return calendar_page(&state, locale, &session, None, e, StatusCode::BAD_REQUEST).await;
    }
    let dry_run = fields.get("uji").is_some_and(|v| v == "ya");
    let (settings, now) = (state.settings.calendar, state.clock.now());
    let source = format!("{} (admin {})", file.0, user.username);
    let outcome = state
        .db
        .run(move |conn| crate::service::calendar_change::import_csv(conn, settings, &text, &source, now, dry_run))
        .await;
    match outcome {
        Ok(o) => {
            let result = ImportResult {
                dry_run: o.dry_run,
                version: o.version,
                added: o
                    .added
                    .iter()
                    .map(|e| EntryItem {
                        date: date_long(locale, e.date),
                        kind: t(locale, &format!("day-kind-{}", e.kind.as_str().replace('_', "-"))),
                        name: e.name.clone(),
                    })
                    .collect(),
                unchanged: o.unchanged,
                moves: o
                    .moves
                    .iter()
                    .map(|m| MoveItem {
                        number: m.registration_number.clone(),
                        clock: m.clock.to_uppercase(),
                        old: date_long(locale, m.old),
                        new: date_long(locale, m.new),
                        applied: m.applied,
                    })
                    .collect(),
            };
            calendar_page(&state, locale, &session, Some(result), Vec::new(), StatusCode::OK).await
        }
        Err(ImportError::Rows(rows)) => {
            let errors = rows.iter().map(|r| r.to_string()).collect();
            calendar_page(&state, locale, &session, None, errors, StatusCode::BAD_REQUEST).await
        }
        Err(e) => PageError::unavailable(e).into(),
    }
}

// ---- Dead mail ----

#[derive(Serialize)]
struct DeadItem {
    id: String,
    kind: String,
    recipient: String,
    attempts: i64,
    error: String,
    when: String,
}

#[derive(Serialize)]
struct MailPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    dead: Vec<DeadItem>,
    notice: Option<String>,
    errors: Vec<String>,
}

async fn mail_page(state: &AppState, locale: Locale, session: &SessionRow, notice: Option<String>) -> HttpResponse {
    let dead = match state.db.run(crate::service::mail::dead_mail).await {
        Ok(d) => d,
        Err(e) => return PageError::unavailable(e).into(),
    };
    let zone = state.settings.time_zone;
    let data = MailPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/admin/surel").with_title(t(locale, "admin-mail")),
        csrf: session.csrf_token.clone(),
        dead: dead
            .into_iter()
            .map(|d| DeadItem {
                id: d.id,
                kind: t(locale, &format!("mail-kind-{}", d.kind.replace('_', "-"))),
                recipient: d.recipient_masked,
                attempts: d.attempts,
                error: d.last_error,
                when: datetime_long(locale, d.created_at, zone),
            })
            .collect(),
        notice,
        errors: Vec::new(),
    };
    page(state, StatusCode::OK, "pages/admin_mail", &data)
}

pub async fn mail(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    mail_page(&state, locale, &session, None).await
}

/// Sends dead mail again: one (`id`) or all.
pub async fn mail_retry(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    if !crate::web::csrf::session_form_ok(&session, &form) {
        return mail_page(&state, locale, &session, Some(t(locale, "form-error-expired"))).await;
    }
    let ids: Vec<String> = form.get("id").filter(|v| !v.is_empty()).cloned().into_iter().collect();
    let now = state.clock.now();
    match state.db.run(move |conn| crate::service::mail::retry_dead(conn, &ids, now)).await {
        Ok(n) => {
            let notice = Some(t_args(locale, "admin-mail-requeued", &[("count", n.to_string())]));
            mail_page(&state, locale, &session, notice).await
        }
        Err(e) => PageError::unavailable(e).into(),
    }
}

// ---- Corrections of frozen compliance figures ----

#[derive(Serialize)]
struct CorrectionPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    errors: Vec<String>,
    notice: Option<String>,
    /// The version just stored: its archive page.
    archive_href: Option<String>,
    values: HashMap<String, String>,
    /// (value, label, chosen)
    kinds: Vec<(String, String, bool)>,
}

const CORRECTION_FIELDS: [&str; 4] = ["cakupan", "kode", "tahun", "alasan"];

fn correction_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    values: HashMap<String, String>,
    outcome: Result<Option<(String, String)>, Vec<String>>,
) -> HttpResponse {
    let chosen = values.get("cakupan").cloned().unwrap_or_else(|| "badan".into());
    let (status, errors, notice, archive_href) = match outcome {
        Ok(Some((notice, href))) => (StatusCode::OK, Vec::new(), Some(notice), Some(href)),
        Ok(None) => (StatusCode::OK, Vec::new(), None, None),
        Err(errors) => (StatusCode::BAD_REQUEST, errors, None, None),
    };
    let data = CorrectionPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/admin/kepatuhan")
            .with_title(t(locale, "admin-snapshots")),
        csrf: session.csrf_token.clone(),
        errors,
        notice,
        archive_href,
        values: with_fields(values, &CORRECTION_FIELDS),
        kinds: ["badan", "ki"]
            .into_iter()
            .map(|k| (k.to_owned(), t(locale, &format!("admin-snapshots-scope-{k}")), k == chosen))
            .collect(),
    };
    page(state, status, "pages/admin_snapshots", &data)
}

/// `/admin/kepatuhan`: correcting a closed year's frozen figures after the record was corrected.
pub async fn snapshots(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    correction_page(&state, locale, &session, HashMap::new(), Ok(None))
}

/// Stores a corrected version (`cakupan` = `badan` or `ki`, `kode`, `tahun`, `alasan`).
pub async fn snapshot_correct(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    use crate::service::snapshots::{self, Scope};
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let values = form.into_inner();
    if !crate::web::csrf::session_form_ok(&session, &values) {
        return correction_page(&state, locale, &session, values, Err(vec![t(locale, "form-error-expired")]));
    }
    let v = |k: &str| values.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let code = v("kode");
    let scope = match v("cakupan").as_str() {
        "ki" => Scope::Jurisdiction(code.clone()),
        _ => Scope::Body(code.clone()),
    };
    let Some(year) = v("tahun").parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)) else {
        return correction_page(&state, locale, &session, values, Err(vec![t(locale, "compliance-error-period")]));
    };
    let (reason, now, today) =
        (v("alasan"), state.clock.now(), state.clock.now().with_timezone(&state.settings.time_zone).date_naive());
    let actor = user.id.clone();
    let target = scope.clone();
    let result =
        state.db.run(move |conn| snapshots::correct(conn, &target, year, &reason, Some(&actor), today, now)).await;
    let href = match &scope {
        Scope::Body(slug) => format!("/badan/{slug}/kepatuhan/arsip/{year}"),
        Scope::Jurisdiction(code) => format!("/ki/{code}/kepatuhan/arsip/{year}"),
    };
    let message = |key: &str| vec![t(locale, key)];
    let outcome = match result {
        Ok(version) => Ok(Some((
            t_args(
                locale,
                "admin-snapshots-stored",
                &[("version", version.version.to_string()), ("digest", version.digest.clone())],
            ),
            href,
        ))),
        Err(ServiceError::Invalid(_)) => Err(message("admin-snapshots-reason-required")),
        Err(ServiceError::NotFound { .. }) => Err(message("admin-snapshots-unknown")),
        Err(ServiceError::Refused { code: "snapshot-error-not-frozen", .. }) => {
            Err(message("admin-snapshots-not-frozen"))
        }
        Err(ServiceError::Refused { code: "snapshot-error-unchanged", .. }) => {
            Err(message("admin-snapshots-unchanged"))
        }
        Err(ServiceError::Refused { message, .. }) => Err(vec![message]),
        Err(ServiceError::Conflict { .. }) => Err(message("error-conflict")),
        Err(e) => return PageError::unavailable(e).into(),
    };
    correction_page(&state, locale, &session, values, outcome)
}
