//! The annual service report (Laporan Layanan Informasi Publik). Officers of a body see its years
//! (`/ruang-kerja/laporan-tahunan`), and the PPID Utama writes the free-text parts, previews the whole report as a
//! printable page or PDF, and publishes it (`/ruang-kerja/laporan-tahunan/{year}`). The public reads every
//! published version (`/badan/{slug}/laporan/{year}`, `….pdf`, and the exact JSON `…/{year}-v{n}.json`).

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::UserRow;
use crate::domain::account::Role;
use crate::i18n::{Locale, date_long, datetime_long, t, t_args};
use crate::service::ServiceError;
use crate::service::reports::{self, Publication, Report, Row, TEXT_FIELDS, Texts, Workspace};
use crate::views::PageMeta;
use crate::views::compliance::sections;
use crate::views::format::{number, percent};
use crate::views::letter::compose::{contact_line, letterhead_lines, nip_line};
use crate::views::letter::pdf::render_pdf;
use crate::views::letter::{Block, Letter, Signatory};
use crate::web::auth::{Officer, ReportReaders, ReportWriters};
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::respond::redirect;
use crate::web::state::AppState;

const BASE: &str = "/ruang-kerja/laporan-tahunan";

// ---- The report as a document ----

/// How a report is labelled under its title: a published version with its digest, or a draft.
pub enum Label<'a> {
    Published { version: i64, digest: &'a str },
    Draft,
}

fn breakdown_rows(locale: Locale, rows: &[Row], name: impl Fn(&str) -> String) -> Vec<(String, String)> {
    rows.iter()
        .map(|r| {
            let due = r.on_time + r.on_time_with_extension + r.late;
            (
                name(&r.key),
                t_args(
                    locale,
                    "report-breakdown-row",
                    &[
                        ("received", number(locale, r.received)),
                        ("notices", number(locale, r.notices)),
                        ("on_time", number(locale, r.on_time + r.on_time_with_extension)),
                        ("share", percent(locale, r.on_time + r.on_time_with_extension, due).unwrap_or("—".into())),
                        ("late", number(locale, r.late)),
                        ("refused", number(locale, r.refused)),
                    ],
                ),
            )
        })
        .collect()
}

fn text_blocks(locale: Locale, text: &str) -> Vec<Block> {
    if text.trim().is_empty() {
        return vec![Block::paragraph(t(locale, "report-empty"))];
    }
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| Block::paragraph(p.trim())).collect()
}

/// The report as a letter-like document, printable as HTML and PDF.
pub fn document(locale: Locale, report: &Report, label: Label<'_>, instance_name: &str) -> Letter {
    let b = &report.body;
    let year = report.year.to_string();
    let mut blocks = Vec::new();
    let heading = |key: &str| Block::heading(t(locale, key));
    blocks.push(heading("report-section-general"));
    blocks.push(Block::paragraph(t_args(
        locale,
        "report-intro",
        &[
            ("body", b.name.clone()),
            ("from", date_long(locale, report.from)),
            ("to", date_long(locale, report.to)),
            ("instance", instance_name.to_owned()),
            ("asof", date_long(locale, report.as_of)),
            ("method", report.method_version.to_string()),
        ],
    )));
    if let Some(f) = &report.frozen {
        blocks.push(Block::paragraph(t_args(
            locale,
            "report-frozen",
            &[("version", f.version.to_string()), ("digest", f.digest.clone())],
        )));
    }
    let texts = report.texts.parts();
    for (field, text) in &texts[..3] {
        blocks.push(heading(&format!("report-section-{field}")));
        blocks.extend(text_blocks(locale, text));
    }
    // The figures: the same sections, labels and percentages as the public compliance page.
    blocks.push(heading("report-section-figures"));
    for section in sections(locale, &report.figures) {
        blocks.push(Block::heading(section.title));
        if section.small {
            blocks.push(Block::paragraph(t(locale, "compliance-small-number")));
        }
        blocks.push(Block::fields(
            section
                .rows
                .into_iter()
                .map(|r| {
                    let value = match r.percent {
                        Some(p) => format!("{} ({p})", r.value),
                        None => r.value,
                    };
                    (r.label, value)
                })
                .collect(),
        ));
    }
    blocks.push(heading("report-section-breakdown"));
    blocks.push(Block::paragraph(t(locale, "report-breakdown-hint")));
    for (title, rows) in [
        (
            "report-by-unit",
            breakdown_rows(locale, &report.by_unit, |k| {
                if k.is_empty() { t(locale, "report-unit-body") } else { k.to_owned() }
            }),
        ),
        (
            "report-by-channel",
            breakdown_rows(locale, &report.by_channel, |k| t(locale, &format!("channel-{}", k.replace('_', "-")))),
        ),
        (
            "report-by-applicant",
            breakdown_rows(locale, &report.by_applicant_type, |k| {
                t(locale, &format!("report-applicant-{}", k.replace('_', "-")))
            }),
        ),
    ] {
        blocks.push(Block::heading(t(locale, title)));
        if rows.is_empty() {
            blocks.push(Block::paragraph(t(locale, "report-none")));
        } else {
            blocks.push(Block::fields(rows));
        }
    }
    for (field, text) in &texts[3..] {
        blocks.push(heading(&format!("report-section-{field}")));
        blocks.extend(text_blocks(locale, text));
    }
    let number_line = match label {
        Label::Published { version, digest } => t_args(
            locale,
            "report-number-published",
            &[("year", year.clone()), ("version", version.to_string()), ("digest", digest.to_owned())],
        ),
        Label::Draft => t_args(locale, "report-number-draft", &[("year", year.clone())]),
    };
    Letter {
        lang: locale.code().to_owned(),
        letterhead: letterhead_lines(locale, &b.name, &b.letterhead),
        contact: contact_line(locale, &b.ppid_address, &b.ppid_phone, &b.ppid_email),
        title: t_args(locale, "report-title", &[("year", year.clone())]),
        number_line,
        recipient: Vec::new(),
        blocks,
        place_date: date_long(locale, report.as_of),
        signatory: Signatory {
            position: if b.signatory_position.trim().is_empty() {
                "PPID".to_owned()
            } else {
                b.signatory_position.clone()
            },
            name: b.signatory_name.clone(),
            nip_line: nip_line(locale, &b.signatory_nip),
        },
        footer: t_args(locale, "report-footer", &[("body", b.name.clone()), ("year", year)]),
    }
}

#[derive(Serialize)]
struct DocumentPage {
    #[serde(flatten)]
    meta: PageMeta,
    letter: Letter,
    number: String,
    back: String,
    pdf_href: String,
}

/// Where a rendered report goes: the page's path, the link back, the PDF's file name, and whether it is public
/// (cacheable) or an officer's draft (never stored).
struct Target<'a> {
    here: &'a str,
    back: &'a str,
    file_name: &'a str,
    public: bool,
}

/// The document as a printable page or as a PDF named after the body and year.
fn respond(state: &AppState, locale: Locale, letter: Letter, pdf: bool, target: Target<'_>) -> HttpResponse {
    let Target { here, back, file_name, public } = target;
    let cache = if public { "public, max-age=300" } else { "no-store" };
    if pdf {
        let bytes = render_pdf(&letter, |page, pages| {
            t_args(locale, "letter-page", &[("page", page.to_string()), ("pages", pages.to_string())])
        });
        return HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{file_name}.pdf\"")))
            .insert_header((header::CACHE_CONTROL, cache))
            .body(bytes);
    }
    let base = here.trim_end_matches(".pdf");
    let page = DocumentPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, base).with_title(letter.title.clone()),
        number: letter.number_line.clone(),
        letter,
        back: back.to_owned(),
        pdf_href: format!("{base}.pdf"),
    };
    let mut res = state.views.page(StatusCode::OK, "letters/letter", &page);
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static(cache));
    res
}

fn file_name(slug: &str, year: i32, version: Option<i64>) -> String {
    let name = match version {
        Some(v) => format!("laporan-layanan-{slug}-{year}-v{v}"),
        None => format!("laporan-layanan-{slug}-{year}-draf"),
    };
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}

fn today(state: &AppState) -> chrono::NaiveDate {
    state.clock.now().with_timezone(&state.settings.time_zone).date_naive()
}

/// Whether `user` may read the body's reports (its PPID Utama, PPID Pelaksana and atasan); `writer`: write them.
fn may(user: &UserRow, writer: bool) -> bool {
    let roles: &[Role] = if writer { crate::web::auth::REPORT_WRITERS } else { crate::web::auth::REPORT_READERS };
    Role::parse(&user.role).is_some_and(|r| roles.contains(&r))
}

/// A year from the path: 2000–2100.
fn parse_year(raw: &str) -> Option<i32> {
    raw.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y))
}

// ---- Officers ----

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
    if !may(&user, false) {
        return PageError::forbidden().into();
    }
    let today = today(&state);
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
            state.views.page(StatusCode::OK, "pages/report_years", &page)
        }
        Err(ServiceError::Refused { .. }) => PageError::forbidden().into(),
        Err(e) => PageError::unavailable(e).into(),
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
    status: StatusCode,
}

fn edit_page(state: &AppState, locale: Locale, w: &Workspace, csrf: &str, form: FormState<'_>) -> HttpResponse {
    let FormState { texts, notice, error, problems, status } = form;
    let here = format!("{BASE}/{}", w.year);
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
    let mut res = state.views.page(status, "pages/report_edit", &page);
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    res
}

async fn load_workspace(state: &AppState, user: UserRow, year: i32) -> Result<Workspace, ServiceError> {
    let today = today(state);
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
    if !may(&user, false) {
        return PageError::forbidden().into();
    }
    let Some(year) = parse_year(&raw) else { return PageError::not_found().into() };
    let notice = match query.get("status").map(String::as_str) {
        Some("tersimpan") => Some(t(locale, "report-saved")),
        Some("terbit") => Some(t(locale, "report-published")),
        _ => None,
    };
    match load_workspace(&state, user, year).await {
        Ok(w) => {
            let texts = w.preview.texts.clone();
            let form = FormState { texts: &texts, notice, error: None, problems: &[], status: StatusCode::OK };
            edit_page(&state, locale, &w, &session.csrf_token, form)
        }
        Err(ServiceError::Refused { .. }) => PageError::forbidden().into(),
        Err(e) => PageError::unavailable(e).into(),
    }
}

/// Saves the texts (`aksi=simpan`) or saves and publishes (`aksi=terbitkan`).
pub async fn submit(
    me: Officer<ReportWriters>,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let (locale, raw) = (locale.0, path.into_inner());
    let here = req.path().to_owned();
    let (user, session) = (me.user, me.session);
    if !may(&user, true) {
        return PageError::forbidden().into();
    }
    let Some(year) = parse_year(&raw) else { return PageError::not_found().into() };
    let input = form.into_inner();
    let texts = Texts::from_fields(|name| input.get(name).cloned());
    let publish = input.get("aksi").map(String::as_str) == Some("terbitkan");
    let failed = |w: Workspace, error: Option<String>, problems: Vec<(&str, String)>| {
        let form =
            FormState { texts: &texts, notice: None, error, problems: &problems, status: StatusCode::BAD_REQUEST };
        edit_page(&state, locale, &w, &session.csrf_token, form)
    };
    if !crate::web::csrf::session_form_ok(&session, &input) {
        return match load_workspace(&state, user, year).await {
            Ok(w) => failed(w, Some(t(locale, "form-error-expired")), Vec::new()),
            Err(ServiceError::Refused { .. }) => PageError::forbidden().into(),
            Err(e) => PageError::unavailable(e).into(),
        };
    }
    let (today, now, actor, to_save) = (today(&state), state.clock.now(), user.clone(), texts.clone());
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
        Ok(None) => return redirect(&format!("{here}?status=tersimpan")),
        Err(ServiceError::Invalid(ps)) => (
            Some(t(locale, "form-error-summary")),
            ps.iter()
                .filter_map(|p| {
                    TEXT_FIELDS.iter().find(|f| **f == p.field).map(|f| (*f, field_message(locale, p.code)))
                })
                .collect(),
        ),
        Err(ServiceError::Refused { code: "report_read_only" | "report_not_yours", .. }) => {
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
        Err(e) => return PageError::unavailable(e).into(),
    };
    match load_workspace(&state, user, year).await {
        Ok(w) => failed(w, error, problems),
        Err(e) => PageError::unavailable(e).into(),
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
    if !may(&user, false) {
        return PageError::forbidden().into();
    }
    let pdf = match file.as_str() {
        "cetak" => false,
        "cetak.pdf" => true,
        _ => return PageError::not_found().into(),
    };
    let Some(year) = parse_year(&raw) else { return PageError::not_found().into() };
    match load_workspace(&state, user, year).await {
        Ok(w) => {
            let letter = document(locale, &w.preview, Label::Draft, &state.settings.instance_name);
            let name = file_name(&w.body.slug, year, None);
            let back = format!("{BASE}/{year}");
            respond(&state, locale, letter, pdf, Target { here: &here, back: &back, file_name: &name, public: false })
        }
        Err(ServiceError::Refused { .. }) => PageError::forbidden().into(),
        Err(e) => PageError::unavailable(e).into(),
    }
}

// ---- The public ----

/// `/badan/{slug}/laporan/{file}`: `2025` (the latest version, or `?versi=n`) as a page, `2025.pdf` as PDF, and
/// `2025-v1.json`, the exact bytes the published digest is of.
pub async fn public(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let (locale, (slug, file)) = (locale.0, path.into_inner());
    let here = req.path().to_owned();
    enum Want {
        Page,
        Pdf,
        Json(i64),
    }
    let (year, want) = if let Some(y) = file.strip_suffix(".pdf") {
        (y, Want::Pdf)
    } else if let Some((y, v)) = file.strip_suffix(".json").and_then(|f| f.split_once("-v")) {
        match v.parse::<i64>() {
            Ok(v) => (y, Want::Json(v)),
            Err(_) => return PageError::not_found().into(),
        }
    } else {
        (file.as_str(), Want::Page)
    };
    let Some(year) = parse_year(year) else { return PageError::not_found().into() };
    let asked_version = match query.get("versi") {
        None => None,
        Some(v) => match v.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => return PageError::not_found().into(),
        },
    };
    let lookup = slug.clone();
    let loaded = state.db.run(move |conn| reports::published(conn, &lookup, year)).await;
    let (_, versions) = match loaded {
        Ok(Some((body, versions))) if !versions.is_empty() => (body, versions),
        Ok(_) => return PageError::not_found().into(),
        Err(e) => return PageError::unavailable(e).into(),
    };
    let chosen = match (&want, asked_version) {
        (Want::Json(v), _) => versions.iter().find(|p| p.version == *v),
        (_, Some(v)) => versions.iter().find(|p| p.version == v),
        (_, None) => versions.last(),
    };
    let Some(p) = chosen else { return PageError::not_found().into() };
    if let Want::Json(_) = want {
        return HttpResponse::Ok()
            .content_type("application/json")
            .insert_header(("X-Content-SHA256", p.digest.clone()))
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400, immutable"))
            .body(p.document.clone());
    }
    let letter = document(
        locale,
        &p.report,
        Label::Published { version: p.version, digest: &p.digest },
        &state.settings.instance_name,
    );
    let name = file_name(&slug, year, Some(p.version));
    let back = format!("/badan/{slug}");
    let target = Target { here: &here, back: &back, file_name: &name, public: true };
    respond(&state, locale, letter, matches!(want, Want::Pdf), target)
}
