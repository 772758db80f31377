//! The internal registers as pages (`/ruang-kerja/register/permohonan`, `/ruang-kerja/register/keberatan`) and
//! as CSV (`….csv`): UTF-8 with a byte-order mark so Excel reads it, comma or semicolon (`?pemisah=titik-koma`),
//! cells that a spreadsheet would run as a formula neutralised, and streamed a page at a time (keyset paging), so
//! a register of any length starts at once and never sits whole in memory.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::UserRow;
use crate::db::repo::cases::RegisterCursor;
use crate::domain::request::{Decision, HolderKnowledge, InfoForm};
use crate::i18n::{Locale, date_long, t};
use crate::service::ServiceError;
use crate::service::registers::{self, ObjectionEntry, RegisterScope, RequestEntry};
use crate::views::PageMeta;
use crate::views::csv::csv_line;
use crate::web::auth::{Officer, Officers};
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

/// Rows per page on screen, and per database read when exporting.
const PAGE_ROWS: i64 = 50;
const EXPORT_CHUNK: i64 = 1000;

// ---- Columns ----

fn date_opt(locale: Locale, d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| date_long(locale, d)).unwrap_or_default()
}

fn iso(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The register of requests' columns: the Perki 1/2010 annex's, then those domain.md §6 adds.
const REQUEST_COLUMNS: [&str; 27] = [
    "register-col-number",
    "register-col-received",
    "register-col-name",
    "register-col-address",
    "register-col-contact",
    "register-col-occupation",
    "register-col-information",
    "register-col-purpose",
    "register-col-held",
    "register-col-form",
    "register-col-obtain",
    "register-col-decision",
    "register-col-refusal-reason",
    "register-col-notice-date",
    "register-col-provided-date",
    "register-col-fee",
    "register-col-channel",
    "register-col-applicant",
    "register-col-unit",
    "register-col-c1",
    "register-col-c2",
    "register-col-extension-date",
    "register-col-extension-reason",
    "register-col-art17",
    "register-col-working-days",
    "register-col-status",
    "register-col-body",
];

fn request_cells(
    locale: Locale,
    e: &RequestEntry,
    dates: fn(Locale, Option<chrono::NaiveDate>) -> String,
) -> Vec<String> {
    let r = &e.request;
    let masked = t(locale, "letter-masked");
    let who = |f: fn(&crate::db::models::cases::RequesterRow) -> String| {
        e.requester.as_ref().map(f).unwrap_or_else(|| masked.clone())
    };
    let (held, form, refusal, art17) = match &e.decision {
        None => (String::new(), String::new(), String::new(), String::new()),
        Some(d) => {
            let form_label = |f: &InfoForm| {
                t(
                    locale,
                    match f {
                        InfoForm::Softcopy => "info-form-softcopy",
                        InfoForm::Hardcopy => "info-form-hardcopy",
                        InfoForm::Inspection => "info-form-inspection",
                    },
                )
            };
            match d {
                Decision::Granted { form, .. } => {
                    (t(locale, "register-held-yes"), form_label(form), String::new(), String::new())
                }
                Decision::GrantedInPart { form, ground, consequence_test, .. } => (
                    t(locale, "register-held-yes"),
                    form_label(form),
                    consequence_test.clone(),
                    ground.letter().to_string(),
                ),
                Decision::RefusedExempt { ground, consequence_test } => (
                    t(locale, "register-held-yes"),
                    String::new(),
                    consequence_test.clone(),
                    ground.letter().to_string(),
                ),
                Decision::NotHeld { holder } => (
                    match holder {
                        HolderKnowledge::Known { name } => format!("{} ({name})", t(locale, "register-held-no")),
                        HolderKnowledge::Unknown => t(locale, "register-held-no"),
                    },
                    String::new(),
                    String::new(),
                    String::new(),
                ),
                Decision::NotYetDocumented { .. } => {
                    (t(locale, "register-held-not-yet"), String::new(), String::new(), String::new())
                }
            }
        }
    };
    vec![
        r.registration_number.clone(),
        dates(locale, Some(r.received_on)),
        who(|q| q.name.clone()),
        who(|q| q.address.clone()),
        who(|q| {
            [q.phone.as_str(), q.email.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" / ")
        }),
        who(|q| q.occupation.clone()),
        r.information.clone(),
        r.purpose.clone(),
        held,
        form,
        if r.obtain_method.is_empty() { String::new() } else { t(locale, &format!("form-obtain-{}", r.obtain_method)) },
        e.decision.as_ref().map(|d| t(locale, &format!("decision-{}", d.kind().replace('_', "-")))).unwrap_or_default(),
        refusal,
        dates(locale, r.notice_on),
        dates(locale, r.provided_on),
        e.fee.as_ref().map(|f| format!("{} ({})", f.rupiah, f.basis)).unwrap_or_default(),
        t(locale, &format!("channel-{}", r.channel.replace('_', "-"))),
        t(locale, &format!("requester-kind-{}", e.requester_kind.replace('_', "-"))),
        e.unit_name.clone().unwrap_or_default(),
        dates(locale, Some(r.c1_due)),
        dates(locale, r.c2_due),
        dates(locale, e.extension.as_ref().map(|(d, _)| *d)),
        e.extension.as_ref().map(|(_, reason)| reason.clone()).unwrap_or_default(),
        art17,
        e.working_days_used.map(|n| n.to_string()).unwrap_or_default(),
        t(locale, &format!("status-{}", r.state.as_str().replace('_', "-"))),
        e.body_name.clone(),
    ]
}

/// The register of objections' columns (domain.md §5).
const OBJECTION_COLUMNS: [&str; 14] = [
    "register-col-objection-number",
    "register-col-received",
    "register-col-name",
    "objection-kuasa",
    "register-col-number",
    "register-col-information",
    "register-col-purpose",
    "register-col-grounds",
    "register-col-atasan-decision",
    "register-col-decision-date",
    "register-col-atasan",
    "register-col-reaction",
    "register-col-late",
    "register-col-body",
];

fn objection_cells(
    locale: Locale,
    e: &ObjectionEntry,
    dates: fn(Locale, Option<chrono::NaiveDate>) -> String,
) -> Vec<String> {
    let o = &e.objection;
    let masked = t(locale, "letter-masked");
    vec![
        o.registration_number.clone(),
        dates(locale, Some(o.received_on)),
        e.requester.as_ref().map(|q| q.name.clone()).unwrap_or_else(|| masked.clone()),
        if e.requester.is_some() { o.representative_name.clone() } else { masked.clone() },
        e.request_number.clone().unwrap_or_default(),
        e.information.clone().unwrap_or_default(),
        e.purpose.clone().unwrap_or_default(),
        o.grounds.chars().map(|c| format!("({c})")).collect::<Vec<_>>().join(" "),
        o.outcome
            .as_ref()
            .map(|out| t(locale, &format!("atasan-outcome-{}", out.replace('_', "-"))))
            .unwrap_or_default(),
        dates(locale, o.decided_on),
        e.atasan.as_ref().map(|(name, position)| format!("{name}, {position}")).unwrap_or_default(),
        e.reaction.as_ref().map(|r| t(locale, &format!("reaction-{}", r.replace('_', "-")))).unwrap_or_default(),
        t(locale, if o.late { "answer-yes" } else { "answer-no" }),
        e.body_name.clone(),
    ]
}

// ---- Handlers ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum Register {
    Requests,
    Objections,
}

impl Register {
    fn path(self) -> &'static str {
        match self {
            Register::Requests => "/ruang-kerja/register/permohonan",
            Register::Objections => "/ruang-kerja/register/keberatan",
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            Register::Requests => &REQUEST_COLUMNS,
            Register::Objections => &OBJECTION_COLUMNS,
        }
    }
}

/// The signed-in person's scope, or the answer to give instead.
async fn scope_of(user: UserRow, state: &AppState) -> Result<RegisterScope, HttpResponse> {
    let (settings, today) = (state.settings.calendar, state.today());
    match state.db.run(move |conn| registers::scope(conn, settings, &user, today)).await {
        Ok(s) => Ok(s),
        Err(e) => Err(PageError::from(e).into()),
    }
}

fn parse_cursor(raw: &str) -> Option<RegisterCursor> {
    let (micros, id) = raw.split_once('_')?;
    let at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
    Some((at, id.to_owned()))
}

fn cursor_text((at, id): &RegisterCursor) -> String {
    format!("{}_{id}", at.and_utc().timestamp_micros())
}

fn year_of(query: &HashMap<String, String>) -> Result<Option<i64>, ()> {
    match query.get("tahun").map(|y| y.trim()).filter(|y| !y.is_empty()) {
        None => Ok(None),
        Some(y) => y.parse::<i64>().ok().filter(|y| (2000..=2199).contains(y)).map(Some).ok_or(()),
    }
}

/// What one read of a register gives: its rendering, the cursor after it, and how many rows it had.
type Chunk<T> = (T, Option<RegisterCursor>, usize);

#[derive(Serialize)]
struct RegisterPage {
    #[serde(flatten)]
    meta: PageMeta,
    heading: String,
    other_href: String,
    other_label: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    year: String,
    csv_href: String,
    csv_semicolon_href: String,
    next_href: Option<String>,
    first_href: Option<String>,
    masked: bool,
    error: Option<String>,
}

async fn page(
    user: UserRow,
    state: web::Data<AppState>,
    locale: Locale,
    which: Register,
    query: HashMap<String, String>,
) -> HttpResponse {
    let path = which.path();
    let scope = match scope_of(user, &state).await {
        Ok(s) => Arc::new(s),
        Err(res) => return res,
    };
    // A year that is not one: the whole register, with the filter's problem beside it.
    let (year, bad_year) = match year_of(&query) {
        Ok(year) => (year, false),
        Err(()) => (None, true),
    };
    let after = match query.get("setelah") {
        None => None,
        Some(raw) => match parse_cursor(raw) {
            Some(c) => Some(c),
            None => return PageError::bad_request().into(),
        },
    };
    let read = scope.clone();
    let result = state
        .db
        .run(move |conn| -> Result<Chunk<Vec<Vec<String>>>, ServiceError> {
            Ok(match which {
                Register::Requests => {
                    let entries = registers::request_page(conn, &read, year, after.as_ref(), PAGE_ROWS)?;
                    let rows = entries.iter().map(|e| request_cells(locale, e, date_opt)).collect();
                    (rows, registers::request_cursor(&entries), entries.len())
                }
                Register::Objections => {
                    let entries = registers::objection_page(conn, &read, year, after.as_ref(), PAGE_ROWS)?;
                    let rows = entries.iter().map(|e| objection_cells(locale, e, date_opt)).collect();
                    (rows, registers::objection_cursor(&entries), entries.len())
                }
            })
        })
        .await;
    let (rows, cursor, n) = match result {
        Ok(r) => r,
        Err(e) => return PageError::from(e).into(),
    };
    let year_param = year.map(|y| format!("tahun={y}&")).unwrap_or_default();
    let (heading, other_href, other_label) = match which {
        Register::Requests => (
            t(locale, "register-internal-requests"),
            Register::Objections.path(),
            t(locale, "register-internal-objections"),
        ),
        Register::Objections => (
            t(locale, "register-internal-objections"),
            Register::Requests.path(),
            t(locale, "register-internal-requests"),
        ),
    };
    let page = RegisterPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, path).with_title(heading.clone()),
        heading,
        other_href: other_href.to_owned(),
        other_label,
        headers: which.columns().iter().map(|k| t(locale, k)).collect(),
        rows,
        year: if bad_year {
            query.get("tahun").cloned().unwrap_or_default()
        } else {
            year.map(|y| y.to_string()).unwrap_or_default()
        },
        csv_href: format!("{path}.csv?{year_param}"),
        csv_semicolon_href: format!("{path}.csv?{year_param}pemisah=titik-koma"),
        next_href: cursor
            .filter(|_| n as i64 == PAGE_ROWS)
            .map(|c| format!("{path}?{year_param}setelah={}", cursor_text(&c))),
        first_href: query.contains_key("setelah").then(|| format!("{path}?{year_param}")),
        masked: !scope.identity,
        error: bad_year.then(|| t(locale, "register-bad-year")),
    };
    let status = if bad_year { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let res = state.views.page(status, "pages/workspace/register", &page);
    crate::web::respond::no_store(res)
}

async fn csv(
    user: UserRow,
    state: web::Data<AppState>,
    locale: Locale,
    which: Register,
    query: HashMap<String, String>,
) -> HttpResponse {
    let scope = match scope_of(user, &state).await {
        Ok(s) => Arc::new(s),
        Err(res) => return res,
    };
    let Ok(year) = year_of(&query) else {
        return PageError::bad_request().into();
    };
    let separator = match query.get("pemisah").map(String::as_str) {
        None | Some("koma") => ',',
        Some("titik-koma") => ';',
        Some(_) => return PageError::bad_request().into(),
    };
    let header_line = {
        let headers: Vec<String> = which.columns().iter().map(|k| t(locale, k)).collect();
        format!("\u{feff}{}", csv_line(&headers, separator))
    };
    // One database read per chunk, each turned into CSV text before the next is read.
    let first = futures_util::stream::once(async move { Ok::<_, actix_web::Error>(Bytes::from(header_line)) });
    let rest = futures_util::stream::unfold(Some(None::<RegisterCursor>), move |cursor| {
        let (state, scope) = (state.clone(), scope.clone());
        async move {
            let after = cursor?;
            let result = state
                .db
                .run(move |conn| -> Result<Chunk<String>, ServiceError> {
                    let mut text = String::new();
                    Ok(match which {
                        Register::Requests => {
                            let entries = registers::request_page(conn, &scope, year, after.as_ref(), EXPORT_CHUNK)?;
                            for e in &entries {
                                text.push_str(&csv_line(&request_cells(locale, e, |_, d| iso(d)), separator));
                            }
                            (text, registers::request_cursor(&entries), entries.len())
                        }
                        Register::Objections => {
                            let entries = registers::objection_page(conn, &scope, year, after.as_ref(), EXPORT_CHUNK)?;
                            for e in &entries {
                                text.push_str(&csv_line(&objection_cells(locale, e, |_, d| iso(d)), separator));
                            }
                            (text, registers::objection_cursor(&entries), entries.len())
                        }
                    })
                })
                .await;
            match result {
                Ok((_, _, 0)) => None,
                Ok((text, next, n)) => {
                    let more = (n as i64 == EXPORT_CHUNK).then_some(next);
                    Some((Ok(Bytes::from(text)), more))
                }
                Err(e) => {
                    // The answer has started: all that can be done is to stop, so the download fails visibly.
                    tracing::error!(error = %e, "register export failed midway");
                    Some((Err(actix_web::error::ErrorServiceUnavailable("register export failed")), None))
                }
            }
        }
    });
    use futures_util::StreamExt;
    let name = match which {
        Register::Requests => "register-permohonan",
        Register::Objections => "register-keberatan",
    };
    let year_part = year.map(|y| format!("-{y}")).unwrap_or_default();
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}{year_part}.csv\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(first.chain(rest))
}

pub async fn requests_page(
    me: Officer<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    page(me.user, state, locale.0, Register::Requests, query.into_inner()).await
}

pub async fn requests_csv(
    me: Officer<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    csv(me.user, state, locale.0, Register::Requests, query.into_inner()).await
}

pub async fn objections_page(
    me: Officer<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    page(me.user, state, locale.0, Register::Objections, query.into_inner()).await
}

pub async fn objections_csv(
    me: Officer<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    csv(me.user, state, locale.0, Register::Objections, query.into_inner()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_survive_the_url() {
        let at = chrono::NaiveDate::from_ymd_opt(2025, 3, 21).unwrap().and_hms_micro_opt(3, 0, 0, 123_456).unwrap();
        let c = (at, "0193f6a0-0000-7000-8000-000000000000".to_owned());
        assert_eq!(parse_cursor(&cursor_text(&c)), Some(c));
        assert_eq!(parse_cursor("bukan"), None);
    }
}
