//! The working-day calendar: status and warnings, versions, importing a year with a dry run and the open
//! deadlines a change moves, and the local holidays of each KI's area, added or withdrawn one day at a time.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, date_long, datetime_long, t};
use crate::service::ServiceError;
use crate::service::calendar as calendar_service;
use crate::service::calendar_change::{ImportError, ImportOutcome};
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{Choice, ErrorLink, Field, FileField, options, read_multipart};
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::local_holidays::{self, LocalHolidayForm, LocalHolidayItem};
use crate::web::pages::admin::*;
use crate::web::state::AppState;

/// The largest calendar file accepted (a year's national list is a few kilobytes).
const MAX_CALENDAR_BYTES: usize = 2 * 1024 * 1024;

#[derive(Serialize)]
struct VersionItem {
    version: i64,
    when: String,
    source: String,
    added: i64,
}

/// Where a calendar version came from, for the administrator: the built-in calendar by name, a file or a page
/// as recorded.
fn version_source(locale: Locale, source: &str) -> String {
    if source == crate::domain::calendar_seed::SOURCE {
        t(locale, "admin-calendar-seed-source")
    } else {
        source.to_owned()
    }
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
    /// A local holiday's KI area (its code, named when the page is drawn); empty for a national day.
    scope: String,
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
    /// The local holidays in force from this year on, and the form that adds one.
    local_holidays: Vec<LocalHolidayItem>,
    jurisdictions: Vec<Choice>,
    fields: HashMap<String, Field>,
}

#[derive(Serialize)]
struct ImportResult {
    dry_run: bool,
    /// After trying a local holiday: what applying it posts.
    apply: Option<HashMap<String, String>>,
    version: Option<i64>,
    added: Vec<EntryItem>,
    unchanged: usize,
    moves: Vec<MoveItem>,
}

/// The calendar page after a form: an import's `result`, the local holiday form as `local` left it.
async fn calendar_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    (result, local): (Option<ImportResult>, &LocalHolidayForm),
    feedback: Feedback,
) -> HttpResponse {
    let (settings, now, zone) = (state.settings.calendar, state.clock.now(), state.settings.time_zone);
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            let status = calendar_service::status(conn, settings, now, zone)?;
            let calendar = crate::db::repo::calendar::load(conn).map_err(crate::db::DbError::Query)?;
            let versions = crate::db::repo::calendar::versions(conn)?;
            Ok((status, versions, calendar, crate::service::bodies::list_jurisdictions(conn)?))
        })
        .await;
    let (status_now, versions, calendar, jurisdictions) = match loaded {
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
                source: version_source(locale, &v.source),
                added: v.entries_added,
            })
            .collect(),
        result: result.map(|mut r| {
            for e in &mut r.added {
                if let Some(j) = jurisdictions.iter().find(|j| j.code == e.scope) {
                    e.scope = j.name.clone();
                }
            }
            r
        }),
        local_holidays: local_holidays::items(
            locale,
            calendar.local_holidays(),
            NaiveDate::from_ymd_opt(now.with_timezone(&zone).year(), 1, 1).expect("1 January"),
            |code| {
                jurisdictions.iter().find(|j| j.code == code).map(|j| j.name.clone()).unwrap_or_else(|| code.to_owned())
            },
        ),
        jurisdictions: options(
            super::jurisdictions::sorted(&jurisdictions).into_iter().map(|j| (j.code.clone(), j.name.clone())),
            local.ki.trim(),
        ),
        fields: feedback.fields(LocalHolidayForm::FIELDS.iter().copied(), &local.entered()),
    };
    let place = Place { path: "/admin/kalender", title: t(locale, "admin-calendar"), template: "pages/admin/calendar" };
    render(state, locale, session, place, feedback, data)
}

pub async fn calendar(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let local = LocalHolidayForm { dry_run: "ya".into(), ..Default::default() };
    calendar_page(&state, locale, &session, (None, &local), Feedback::none()).await
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
    let local = LocalHolidayForm { dry_run: "ya".into(), ..Default::default() };
    let refused = |feedback| calendar_page(&state, locale, &session, (None, &local), feedback);
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
            let result = import_result(locale, &o);
            calendar_page(&state, locale, &session, (Some(result), &local), Feedback::none()).await
        }
        Err(ImportError::Rows(rows)) => refused(file_refused(locale, &rows)).await,
        Err(ImportError::Db(e)) => PageError::from(e).into(),
        Err(ImportError::Service(e)) => PageError::from(e).into(),
    }
}

/// An import refused for its rows: the file named first, then each row's problem, all linking to the file field.
fn file_refused(locale: Locale, rows: &[crate::domain::calendar_import::RowError]) -> Feedback {
    let mut feedback = Feedback::problem(locale, "form-error-summary");
    let file = std::iter::once(t(locale, "admin-calendar-import-failed"));
    let lines = file.chain(rows.iter().map(|r| local_holidays::row_problem(locale, r)));
    feedback.errors = lines.map(|message| ErrorLink { href: "#berkas".into(), message }).collect();
    feedback
}

fn import_result(locale: Locale, o: &ImportOutcome) -> ImportResult {
    ImportResult {
        dry_run: o.dry_run,
        apply: None,
        version: o.version,
        added: o
            .added
            .iter()
            .map(|e| EntryItem {
                date: date_long(locale, e.date),
                kind: t(locale, &format!("day-kind-{}", e.kind.as_str().replace('_', "-"))),
                scope: e.jurisdiction.as_ref().map(|j| j.as_str().to_owned()).unwrap_or_default(),
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
    }
}

/// Adds (`aksi=tambah`) or withdraws (`aksi=hapus`) one local holiday, as a new calendar version, or (`uji=ya`)
/// shows what it would do; the open deadlines it moves are recomputed as for an import.
pub async fn local_holiday(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<LocalHolidayForm>,
) -> HttpResponse {
    let (locale, user, session) = (locale.0, me.user, me.session);
    let (form, fresh) = form.checked_for_session(&session);
    let page = |result, feedback| calendar_page(&state, locale, &session, (result, &form), feedback);
    if !fresh {
        return page(None, Feedback::expired(locale)).await;
    }
    let known = match state.db.run(crate::service::bodies::list_jurisdictions).await {
        Ok(all) => all.into_iter().map(|j| j.code).collect::<Vec<_>>(),
        Err(e) => return PageError::from(e).into(),
    };
    let entry = match form.entry(locale, state.today(), |code| known.iter().any(|k| k == code)) {
        Ok(entry) => entry,
        Err(errors) => {
            let mut feedback = Feedback::problem(locale, "form-error-summary");
            feedback.errors =
                crate::web::form::error_summary(locale, &errors, &local_holidays::SUMMARY, "libur-daerah");
            feedback.fields = errors;
            return page(None, feedback).await;
        }
    };
    let (settings, now, dry_run) = (state.settings.calendar, state.clock.now(), form.tried_first());
    let href = if form.withdraws() { "#libur-daerah" } else { "#tanggal" };
    let source = format!("{} (admin {})", entry.source, user.username);
    let outcome = state
        .db
        .run(move |conn| {
            crate::service::calendar_change::change_local_day(conn, settings, entry, &source, now, dry_run)
        })
        .await;
    match outcome {
        Ok(o) => {
            let mut result = import_result(locale, &o);
            if o.dry_run {
                let mut apply = form.entered();
                apply.remove("uji");
                result.apply = Some(apply);
                page(Some(result), Feedback::none()).await
            } else {
                let fresh_form = LocalHolidayForm { dry_run: "ya".into(), ..Default::default() };
                calendar_page(&state, locale, &session, (Some(result), &fresh_form), Feedback::none()).await
            }
        }
        Err(ImportError::Rows(rows)) => {
            let mut feedback = Feedback::problem(locale, "form-error-summary");
            feedback.errors = rows
                .iter()
                .map(|r| ErrorLink { href: href.into(), message: local_holidays::row_problem(locale, r) })
                .collect();
            page(None, feedback).await
        }
        Err(ImportError::Db(e)) => PageError::from(e).into(),
        Err(ImportError::Service(e)) => PageError::from(e).into(),
    }
}
