//! The annual service report for officers: a body's years (`/ruang-kerja/laporan-tahunan`); the PPID Utama writes
//! the free-text parts, previews the whole report as a printable page or PDF, and publishes it.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::UserRow;
use crate::i18n::{Locale, date_long, datetime_long, t, t_args};
use crate::service::ServiceError;
use crate::service::reports::{self, Publication, TEXT_FIELDS, Texts, Workspace};
use crate::views::PageMeta;
use crate::views::annual_report::{Label, document, file_name, parse_year};
use crate::web::auth::{Officer, ReportReaders, ReportWriters};
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::posted_form;
use crate::web::letter_page::{Caching, Target, respond, with_body_logo};
use crate::web::locale::RequestLocale;

use crate::web::respond::redirect;
use crate::web::state::AppState;

const BASE: &str = "/ruang-kerja/laporan-tahunan";

#[derive(Serialize)]
struct YearRow {
    year: i32,
    href: String,
    status: String,
    due: String,
    overdue: bool,
}

#[derive(Serialize)]
struct YearsPage {
    #[serde(flatten)]
    meta: PageMeta,
    body_name: String,
    years: Vec<YearRow>,
}

/// `/ruang-kerja/laporan-tahunan`: the body's years, each with its state and due date.
pub async fn years(me: Officer<ReportReaders>, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let user = me.user;
    let today = state.today();
    match state.db.run(move |conn| reports::years(conn, &user, today)).await {
        Ok((body, years)) => {
            let page = YearsPage {
                meta: PageMeta::new(locale, &state.settings.instance_name, BASE)
                    .with_title(t(locale, "report-years-heading")),
                body_name: body.name,
                years: years
                    .into_iter()
                    .map(|y| YearRow {
                        href: format!("{BASE}/{}", y.year),
                        status: match y.published {
                            Some(v) => t_args(locale, "report-status-published", &[("version", v.to_string())]),
                            None if y.draft_saved => t(locale, "report-status-draft"),
                            None => t(locale, "report-status-none"),
                        },
                        overdue: y.published.is_none() && today > y.due,
                        due: date_long(locale, y.due),
                        year: y.year,
                    })
                    .collect(),
            };
            state.views.page(StatusCode::OK, "pages/workspace/annual_reports", &page)
        }
        Err(e) => PageError::from(e).into(),
    }
}

#[derive(Serialize)]
struct Field {
    name: &'static str,
    label: String,
    hint: String,
    value: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct PublicationView {
    version: i64,
    published_at: String,
    digest: String,
    href: String,
    pdf_href: String,
    json_href: String,
}

#[derive(Serialize)]
struct EditPage {
    #[serde(flatten)]
    meta: PageMeta,
    body_name: String,
    year: i32,
    due: String,
    csrf: String,
    editable: bool,
    can_publish: bool,
    saved_at: Option<String>,
    notice: Option<String>,
    error: Option<String>,
    /// The error summary's lines, each linking to its field.
    summary: Vec<crate::web::form::ErrorLink>,
    /// Publishing was asked for: the version it would make, to confirm.
    confirm_version: Option<usize>,
    fields: Vec<Field>,
    preview_href: String,
    preview_pdf_href: String,
    publications: Vec<PublicationView>,
    figures_href: String,
}

fn publication_view(locale: Locale, state: &AppState, slug: &str, year: i32, p: &Publication) -> PublicationView {
    let href = format!("/badan/{slug}/laporan/{year}");
    PublicationView {
        version: p.version,
        published_at: datetime_long(locale, p.published_at, state.settings.time_zone),
        digest: p.digest.clone(),
        pdf_href: format!("{href}.pdf?versi={}", p.version),
        json_href: format!("{href}-v{}.json", p.version),
        href: format!("{href}?versi={}", p.version),
    }
}

fn field_message(locale: Locale, code: &str) -> String {
    crate::i18n::try_t(locale, code).unwrap_or_else(|| t(locale, "form-error-invalid"))
}

/// What the form shows besides the workspace: the texts (as saved, or as sent back), a notice or an error, the
/// problems per field, and the answer's status.
struct FormState<'a> {
    texts: &'a Texts,
    notice: Option<String>,
    error: Option<String>,
    problems: &'a [(&'a str, String)],
    /// The texts were saved to be published: ask to confirm.
    confirm: bool,
    status: StatusCode,
}

fn edit_page(state: &AppState, locale: Locale, w: &Workspace, csrf: &str, form: FormState<'_>) -> HttpResponse {
    let FormState { texts, notice, error, problems, confirm, status } = form;
    let here = format!("{BASE}/{}", w.year);
    let summary = problems
        .iter()
        .map(|(name, message)| crate::web::form::ErrorLink {
            href: format!("#{name}"),
            message: t_args(
                locale,
                "form-error-line",
                &[("label", t(locale, &format!("report-section-{name}"))), ("message", message.clone())],
            ),
        })
        .collect();
    let fields = texts
        .parts()
        .into_iter()
        .map(|(name, value)| Field {
            name,
            label: t(locale, &format!("report-section-{name}")),
            hint: t(locale, &format!("report-hint-{name}")),
            value: value.to_owned(),
            error: problems.iter().find(|(f, _)| *f == name).map(|(_, m)| m.clone()),
        })
        .collect();
    let page = EditPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t_args(
            locale,
            "report-edit-heading",
            &[("year", w.year.to_string())],
        )),
        body_name: w.body.name.clone(),
        year: w.year,
        due: date_long(locale, crate::domain::annual_report::due_date(w.year)),
        csrf: csrf.to_owned(),
        editable: w.editable,
        can_publish: w.editable && w.year_ended,
        saved_at: w.saved_at.map(|at| datetime_long(locale, at, state.settings.time_zone)),
        notice,
        error,
        summary,
        confirm_version: confirm.then_some(w.publications.len() + 1),
        fields,
        preview_href: format!("{here}/cetak"),
        preview_pdf_href: format!("{here}/cetak.pdf"),
        publications: w
            .publications
            .iter()
            .rev()
            .map(|p| publication_view(locale, state, &w.body.slug, w.year, p))
            .collect(),
        figures_href: format!("/badan/{}/kepatuhan?periode={}", w.body.slug, w.year),
    };
    let res = state.views.page(status, "pages/workspace/annual_report", &page);
    crate::web::respond::no_store(res)
}

async fn load_workspace(state: &AppState, user: UserRow, year: i32) -> Result<Workspace, ServiceError> {
    let today = state.today();
    state.db.run(move |conn| reports::workspace(conn, &user, year, today)).await
}

/// `/ruang-kerja/laporan-tahunan/{year}`: the figures so far, the texts, the versions published.
pub async fn edit(
    me: Officer<ReportReaders>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let (locale, raw) = (locale.0, path.into_inner());
    let (user, session) = (me.user, me.session);
    let Some(year) = parse_year(&raw) else { return PageError::not_found().into() };
    let notice = match query.get("status").map(String::as_str) {
        Some("tersimpan") => Some(t(locale, "report-saved")),
        Some("terbit") => Some(t(locale, "report-published")),
        _ => None,
    };
    match load_workspace(&state, user, year).await {
        Ok(w) => {
            let texts = w.preview.texts.clone();
            let form =
                FormState { texts: &texts, notice, error: None, problems: &[], confirm: false, status: StatusCode::OK };
            edit_page(&state, locale, &w, &session.csrf_token, form)
        }
        Err(e) => PageError::from(e).into(),
    }
}

posted_form! {
    /// The report's free-text parts, and whether to save them (`aksi=simpan`) or save and publish
    /// (`aksi=terbitkan`).
    pub struct ReportForm {
        facilities = "facilities",
        staff = "staff",
        budget = "budget",
        obstacles = "obstacles",
        recommendations = "recommendations",
        action = "aksi",
    }
}

impl ReportForm {
    fn texts(&self) -> Texts {
        let entered = self.entered();
        Texts::from_fields(|name| entered.get(name).cloned())
    }
}

/// Saves the texts (`aksi=simpan`) or saves and publishes (`aksi=terbitkan`).
pub async fn submit(
    me: Officer<ReportWriters>,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<ReportForm>,
) -> HttpResponse {
    let (locale, raw) = (locale.0, path.into_inner());
    let here = req.path().to_owned();
    let (user, session) = (me.user, me.session);
    let Some(year) = parse_year(&raw) else { return PageError::not_found().into() };
    let (input, fresh) = form.checked_for_session(&session);
    let texts = input.texts();
    // Publishing is asked for (`tinjau_terbit`: the texts are saved, then the page asks to confirm) before it is
    // done (`terbitkan`): a published version is public for good.
    let publish = input.action == "terbitkan";
    let review = input.action == "tinjau_terbit";
    let failed = |w: Workspace, error: Option<String>, problems: Vec<(&str, String)>| {
        let status = StatusCode::BAD_REQUEST;
        let form = FormState { texts: &texts, notice: None, error, problems: &problems, confirm: false, status };
        edit_page(&state, locale, &w, &session.csrf_token, form)
    };
    if !fresh {
        return match load_workspace(&state, user, year).await {
            Ok(w) => failed(w, Some(t(locale, "form-error-expired")), Vec::new()),
            Err(e) => PageError::from(e).into(),
        };
    }
    let (today, now, actor, to_save) = (state.today(), state.clock.now(), user.clone(), texts.clone());
    let result = state
        .db
        .run(move |conn| {
            if publish {
                reports::publish(conn, &actor, year, &to_save, today, now).map(Some)
            } else {
                reports::save(conn, &actor, year, &to_save, now).map(|()| None)
            }
        })
        .await;
    let (error, problems) = match result {
        Ok(Some(_)) => return redirect(&format!("{here}?status=terbit")),
        Ok(None) if review => {
            return match load_workspace(&state, user, year).await {
                Ok(w) if !w.year_ended => failed(w, Some(t(locale, "report-error-year-open")), Vec::new()),
                Ok(w) => {
                    let (notice, status) = (Some(t(locale, "report-saved")), StatusCode::OK);
                    let form = FormState { texts: &texts, notice, error: None, problems: &[], confirm: true, status };
                    edit_page(&state, locale, &w, &session.csrf_token, form)
                }
                Err(e) => PageError::from(e).into(),
            };
        }
        Ok(None) => return redirect(&format!("{here}?status=tersimpan")),
        Err(ServiceError::Invalid(ps)) => (
            Some(t(locale, "form-error-summary")),
            ps.iter()
                .filter_map(|p| {
                    TEXT_FIELDS.iter().find(|f| **f == p.field).map(|f| (*f, field_message(locale, p.code)))
                })
                .collect(),
        ),
        Err(ServiceError::Forbidden { .. }) => {
            return PageError::forbidden().into();
        }
        Err(ServiceError::Refused { code, .. }) => (
            Some(field_message(
                locale,
                &format!("report-error-{}", code.trim_start_matches("report_").replace('_', "-")),
            )),
            Vec::new(),
        ),
        Err(ServiceError::Conflict { .. }) => (Some(t(locale, "error-conflict")), Vec::new()),
        Err(e) => return PageError::from(e).into(),
    };
    match load_workspace(&state, user, year).await {
        Ok(w) => failed(w, error, problems),
        Err(e) => PageError::from(e).into(),
    }
}

/// `/ruang-kerja/laporan-tahunan/{year}/cetak` (and `.pdf`): the draft with the figures as they stand today.
pub async fn preview(
    me: Officer<ReportReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (locale, (raw, file)) = (locale.0, path.into_inner());
    let here = req.path().to_owned();
    let user = me.user;
    let pdf = match file.as_str() {
        "cetak" => false,
        "cetak.pdf" => true,
        _ => return PageError::not_found().into(),
    };
    let Some(year) = parse_year(&raw) else { return PageError::not_found().into() };
    match load_workspace(&state, user, year).await {
        Ok(w) => {
            let letter = document(locale, &w.preview, Label::Draft, &state.settings.instance_name);
            let letter = with_body_logo(&state, letter, &w.body.id, &w.body.slug).await;
            let name = file_name(&w.body.slug, year, None);
            let back = format!("{BASE}/{year}");
            let number = letter.number_line.clone();
            respond(
                &state,
                locale,
                letter,
                number,
                pdf,
                Target { here: &here, back: &back, file_name: &name, caching: Caching::Private },
            )
        }
        Err(e) => PageError::from(e).into(),
    }
}
