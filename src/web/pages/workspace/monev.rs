//! The KI auditor's record of monev results (`/ruang-kerja/monev`): the bodies of the jurisdiction with the band
//! the KI gave each for a year, and a form to record or correct one. The results are public on each body's
//! compliance page.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Datelike;
use serde::Serialize;

use crate::db::models::accounts::UserRow;
use crate::domain::monev::Band;
use crate::i18n::{Locale, datetime_long, t};
use crate::service::ServiceError;
use crate::service::monev::{self, MonevInput};
use crate::views::PageMeta;
use crate::views::compliance::{band_label, view};
use crate::web::auth::{MonevRecorders, Officer};
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

const BASE: &str = "/ruang-kerja/monev";

#[derive(Serialize)]
struct BodyRowView {
    slug: String,
    name: String,
    band: String,
    score: String,
    reference: String,
    version: String,
    recorded_at: String,
}

#[derive(Serialize)]
struct Field {
    value: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct MonevPage {
    #[serde(flatten)]
    meta: PageMeta,
    year: i32,
    years: Vec<i32>,
    csrf: String,
    notice: Option<String>,
    error: Option<String>,
    bodies: Vec<BodyRowView>,
    /// (code, label, chosen)
    bands: Vec<(String, String, bool)>,
    /// (slug, name, chosen)
    choices: Vec<(String, String, bool)>,
    fields: HashMap<&'static str, Field>,
}

const FIELDS: [&str; 6] = ["body", "year", "band", "score", "reference", "note"];

/// What the form shows: the values typed, the problems (field → message), a notice, and the answer's status.
struct Shown {
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    notice: Option<String>,
    status: StatusCode,
}

impl Shown {
    fn refused(values: HashMap<String, String>, errors: HashMap<String, String>, status: StatusCode) -> Shown {
        Shown { values, errors, notice: None, status }
    }
}

/// The page for `year`, with the form as `shown`.
async fn render(state: &AppState, locale: Locale, user: UserRow, csrf: &str, year: i32, shown: Shown) -> HttpResponse {
    let Shown { values, errors, notice, status } = shown;
    let today = state.today();
    let result = state.db.run(move |conn| monev::jurisdiction(conn, &user, year, today)).await;
    let rows = match result {
        Ok(rows) => rows,
        Err(e) => return PageError::from(e).into(),
    };
    let value = |k: &str| values.get(k).cloned().unwrap_or_default();
    let chosen_body = value("body");
    let chosen_band = value("band");
    let fields = FIELDS
        .into_iter()
        .map(|k| {
            let v = if k == "year" && value(k).is_empty() { year.to_string() } else { value(k) };
            (k, Field { value: v, error: errors.get(k).cloned() })
        })
        .collect();
    let page = MonevPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, BASE).with_title(t(locale, "monev-heading")),
        year,
        years: (2010..=today.year()).rev().collect(),
        csrf: csrf.to_owned(),
        error: (!errors.is_empty()).then(|| t(locale, "form-error-summary")),
        notice,
        choices: rows.iter().map(|(b, _)| (b.slug.clone(), b.name.clone(), b.slug == chosen_body)).collect(),
        bands: Band::ALL
            .into_iter()
            .map(|b| (b.as_str().to_owned(), band_label(locale, b.as_str()), b.as_str() == chosen_band))
            .collect(),
        bodies: rows
            .into_iter()
            .map(|(b, r)| {
                let v = r.as_ref().map(|r| view(locale, r));
                BodyRowView {
                    slug: b.slug,
                    name: b.name,
                    band: v.as_ref().map(|v| v.band.clone()).unwrap_or_else(|| t(locale, "monev-not-recorded")),
                    score: v.as_ref().map(|v| v.score.clone()).unwrap_or_default(),
                    reference: v.map(|v| v.reference).unwrap_or_default(),
                    version: r.as_ref().map(|r| r.version.to_string()).unwrap_or_default(),
                    recorded_at: r
                        .map(|r| datetime_long(locale, r.recorded_at, state.settings.time_zone))
                        .unwrap_or_default(),
                }
            })
            .collect(),
        fields,
    };
    let res = state.views.page(status, "pages/workspace/monev", &page);
    crate::web::respond::no_store(res)
}

/// `/ruang-kerja/monev?tahun=2025`: the jurisdiction's bodies and their results for the year (last year by default).
pub async fn page(
    me: Officer<MonevRecorders>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let this_year = state.today().year();
    let year = query
        .get("tahun")
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (2010..=this_year).contains(y))
        .unwrap_or(this_year - 1);
    let notice = (query.get("status").map(String::as_str) == Some("tersimpan")).then(|| t(locale, "monev-saved"));
    let mut values = HashMap::new();
    if let Some(b) = query.get("badan") {
        values.insert("body".to_owned(), b.clone());
    }
    let shown = Shown { values, errors: HashMap::new(), notice, status: StatusCode::OK };
    render(&state, locale, user, &session.csrf_token, year, shown).await
}

/// Records a result: `badan`, `tahun`, `predikat`, `nilai`, `rujukan`, `catatan`.
pub async fn submit(
    me: Officer<MonevRecorders>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let (form, fresh) = form.checked_for_session(&session);
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let input = MonevInput {
        body: get("badan"),
        year: get("tahun"),
        band: get("predikat"),
        score: get("nilai"),
        reference: get("rujukan"),
        note: get("catatan"),
    };
    let values: HashMap<String, String> = [
        ("body", &input.body),
        ("year", &input.year),
        ("band", &input.band),
        ("score", &input.score),
        ("reference", &input.reference),
        ("note", &input.note),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect();
    let this_year = state.today().year();
    let year =
        input.year.trim().parse::<i32>().ok().filter(|y| (2010..=this_year).contains(y)).unwrap_or(this_year - 1);
    let csrf = session.csrf_token.clone();
    if !fresh {
        let errors = HashMap::from([("body".to_owned(), t(locale, "form-error-expired"))]);
        return render(&state, locale, user, &csrf, year, Shown::refused(values, errors, StatusCode::BAD_REQUEST))
            .await;
    }
    let (today, now, actor) = (state.today(), state.clock.now(), user.clone());
    match state.db.run(move |conn| monev::record(conn, &actor, &input, today, now)).await {
        Ok(_) => crate::web::respond::redirect(&format!("{BASE}?tahun={year}&status=tersimpan")),
        Err(ServiceError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| (p.field.to_owned(), crate::i18n::try_t(locale, p.code).unwrap_or_else(|| p.message.clone())))
                .collect();
            render(&state, locale, user, &csrf, year, Shown::refused(values, errors, StatusCode::BAD_REQUEST)).await
        }
        Err(ServiceError::Refused { code: "monev_unchanged", .. }) => {
            let errors = HashMap::from([("band".to_owned(), t(locale, "monev-error-unchanged"))]);
            render(&state, locale, user, &csrf, year, Shown::refused(values, errors, StatusCode::BAD_REQUEST)).await
        }
        Err(e @ ServiceError::Forbidden { .. }) => PageError::from(e).into(),
        Err(ServiceError::Conflict { .. }) => {
            let errors = HashMap::from([("band".to_owned(), t(locale, "error-conflict"))]);
            render(&state, locale, user, &csrf, year, Shown::refused(values, errors, StatusCode::CONFLICT)).await
        }
        Err(e) => PageError::from(e).into(),
    }
}
