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
use crate::web::form::{Choice, ErrorLink, Field, FieldErrors, SummaryField, error_summary, options, posted_form};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

const BASE: &str = "/ruang-kerja/monev";

/// The form's fields as its error summary names them.
const SUMMARY: [SummaryField; 6] = [
    ("badan", "badan", "monev-field-body"),
    ("tahun", "tahun", "monev-col-year"),
    ("nilai", "nilai", "monev-field-score"),
    ("predikat", "predikat", "monev-col-band"),
    ("rujukan", "rujukan", "monev-col-reference"),
    ("catatan", "catatan", "monev-field-note"),
];

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

posted_form! {
    /// A monev result, as the KI auditor's form posts it.
    pub struct MonevForm {
        body = "badan",
        year = "tahun",
        band = "predikat",
        score = "nilai",
        reference = "rujukan",
        note = "catatan",
    }
}

impl MonevForm {
    fn input(&self) -> MonevInput {
        MonevInput {
            body: self.body.clone(),
            year: self.year.clone(),
            band: self.band.clone(),
            score: self.score.clone(),
            reference: self.reference.clone(),
            note: self.note.clone(),
        }
    }
}

#[derive(Serialize)]
struct MonevPage {
    #[serde(flatten)]
    meta: PageMeta,
    year: i32,
    years: Vec<Choice>,
    csrf: String,
    notice: Option<String>,
    error: Option<String>,
    /// The error summary's lines, each linking to its field.
    summary: Vec<ErrorLink>,
    bodies: Vec<BodyRowView>,
    bands: Vec<Choice>,
    choices: Vec<Choice>,
    /// The form's fields by posted name.
    fields: HashMap<&'static str, Field>,
}

/// What the form shows: what was typed, the problems (posted field → message), a notice, and the answer's status.
struct Shown {
    form: MonevForm,
    errors: FieldErrors,
    notice: Option<String>,
    status: StatusCode,
}

impl Shown {
    fn refused(form: MonevForm, field: &str, message: String, status: StatusCode) -> Shown {
        Shown { form, errors: FieldErrors::from([(field.to_owned(), message)]), notice: None, status }
    }
}

/// The page for `year`, with the form as `shown`.
async fn render(state: &AppState, locale: Locale, user: UserRow, csrf: &str, year: i32, shown: Shown) -> HttpResponse {
    let Shown { form, errors, notice, status } = shown;
    let today = state.today();
    let result = state.db.run(move |conn| monev::jurisdiction(conn, &user, year, today)).await;
    let rows = match result {
        Ok(rows) => rows,
        Err(e) => return PageError::from(e).into(),
    };
    let entered = form.entered();
    let fields = MonevForm::FIELDS
        .iter()
        .map(|name| {
            let typed = entered.get(*name).cloned().unwrap_or_default();
            let value = if *name == "tahun" && typed.is_empty() { year.to_string() } else { typed };
            (*name, Field { value, error: errors.get(*name).cloned() })
        })
        .collect();
    let page = MonevPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, BASE).with_title(t(locale, "monev-heading")),
        year,
        years: options((2010..=today.year()).rev().map(|y| (y.to_string(), y.to_string())), &year.to_string()),
        csrf: csrf.to_owned(),
        error: (!errors.is_empty()).then(|| t(locale, "form-error-summary")),
        summary: error_summary(locale, &errors, &SUMMARY, "badan"),
        notice,
        choices: options(rows.iter().map(|(b, _)| (b.slug.clone(), b.name.clone())), &form.body),
        bands: options(Band::ALL.map(|b| (b.as_str().to_owned(), band_label(locale, b.as_str()))), &form.band),
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
    let form = MonevForm { body: query.get("badan").cloned().unwrap_or_default(), ..MonevForm::default() };
    let shown = Shown { form, errors: FieldErrors::new(), notice, status: StatusCode::OK };
    render(&state, locale, user, &session.csrf_token, year, shown).await
}

/// Records a result: `badan`, `tahun`, `predikat`, `nilai`, `rujukan`, `catatan`.
pub async fn submit(
    me: Officer<MonevRecorders>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<MonevForm>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let (form, fresh) = form.checked_for_session(&session);
    let input = form.input();
    let this_year = state.today().year();
    let year =
        input.year.trim().parse::<i32>().ok().filter(|y| (2010..=this_year).contains(y)).unwrap_or(this_year - 1);
    let csrf = session.csrf_token.clone();
    if !fresh {
        let shown = Shown::refused(form, "badan", t(locale, "form-error-expired"), StatusCode::BAD_REQUEST);
        return render(&state, locale, user, &csrf, year, shown).await;
    }
    let (today, now, actor) = (state.today(), state.clock.now(), user.clone());
    match state.db.run(move |conn| monev::record(conn, &actor, &input, today, now)).await {
        Ok(_) => crate::web::respond::redirect(&format!("{BASE}?tahun={year}&status=tersimpan")),
        Err(ServiceError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| {
                    let field = MonevForm::field_of(p.field).unwrap_or("badan");
                    (field.to_owned(), crate::i18n::try_t(locale, p.code).unwrap_or_else(|| p.message.clone()))
                })
                .collect();
            let shown = Shown { form, errors, notice: None, status: StatusCode::BAD_REQUEST };
            render(&state, locale, user, &csrf, year, shown).await
        }
        Err(ServiceError::Refused { code: "monev_unchanged", .. }) => {
            let shown = Shown::refused(form, "predikat", t(locale, "monev-error-unchanged"), StatusCode::BAD_REQUEST);
            render(&state, locale, user, &csrf, year, shown).await
        }
        Err(e @ ServiceError::Forbidden { .. }) => PageError::from(e).into(),
        Err(ServiceError::Conflict { .. }) => {
            let shown = Shown::refused(form, "predikat", t(locale, "error-conflict"), StatusCode::CONFLICT);
            render(&state, locale, user, &csrf, year, shown).await
        }
        Err(e) => PageError::from(e).into(),
    }
}
