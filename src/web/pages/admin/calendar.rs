//! The working-day calendar: status and warnings, versions, importing a year with a dry run and the open
//! deadlines a change moves.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, date_long, datetime_long, t};
use crate::service::ServiceError;
use crate::service::calendar as calendar_service;
use crate::service::calendar_change::ImportError;
use crate::web::auth::Admin;
use crate::web::error::PageError;
use crate::web::form::{FileField, read_multipart};
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::*;
use crate::web::state::AppState;

/// The largest calendar file accepted (a year's national list is a few kilobytes).
const MAX_CALENDAR_BYTES: usize = 2 * 1024 * 1024;

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
    version: i64,
    warnings: Vec<String>,
    years: Vec<YearItem>,
    versions: Vec<VersionItem>,
    /// After an import (or its dry run).
    result: Option<ImportResult>,
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
    feedback: Feedback,
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
        Err(e) => return PageError::from(e).into(),
    };
    let data = CalendarPage {
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
    };
    let place = Place { path: "/admin/kalender", title: t(locale, "admin-calendar"), template: "pages/admin/calendar" };
    render(state, locale, session, place, feedback, data)
}

pub async fn calendar(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    calendar_page(&state, locale, &session, None, Feedback::none()).await
}

/// Imports a calendar CSV (multipart: `csrf_token`, `berkas`, and `uji` for a dry run).
pub async fn calendar_import(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    payload: Multipart,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let refused = |feedback| calendar_page(&state, locale, &session, None, feedback);
    let field = FileField { name: "berkas", limit: MAX_CALENDAR_BYTES };
    let Ok(mut posted) = read_multipart(payload, &[field]).await else {
        return refused(Feedback::expired(locale)).await;
    };
    if !crate::web::csrf::session_form_ok(&session, &posted.text) {
        return refused(Feedback::expired(locale)).await;
    }
    if !posted.too_large.is_empty() {
        return refused(Feedback::problem(locale, "admin-calendar-too-large")).await;
    }
    let file = posted.take_file("berkas").map(|f| (f.file_name, f.bytes)).unwrap_or_default();
    let fields = posted.text;
    let Ok(text) = String::from_utf8(file.1) else {
        return refused(Feedback::problem(locale, "admin-calendar-not-utf8")).await;
    };
    if text.trim().is_empty() {
        return refused(Feedback::problem(locale, "form-error-file-empty")).await;
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
            calendar_page(&state, locale, &session, Some(result), Feedback::none()).await
        }
        Err(ImportError::Rows(rows)) => refused(Feedback::refused(rows.iter().map(|r| r.to_string()).collect())).await,
        Err(ImportError::Db(e)) => PageError::from(e).into(),
        Err(ImportError::Service(e)) => PageError::from(e).into(),
    }
}
