//! The public compliance summary of a body (`/badan/{slug}/kepatuhan`, and `.json`): the figures of domain.md §6
//! for the requests received in a period (a year by default), optionally one unit, each with how it is computed
//! (`/metodologi`). No personal data: counts only.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::domain::compliance::Period;
use crate::i18n::{Locale, date_long, t, t_args};
use crate::service::ServiceError;
pub use crate::service::compliance::METHOD_VERSION;
use crate::service::compliance::{self, Summary};
use crate::service::snapshots::Scope;
use crate::views::PageMeta;
use crate::views::compliance::{
    Headline, PeriodGroup, PeriodOption, SMALL_NUMBER, Section, TrendView, headline, period_groups, sections,
    trend_view,
};
use crate::views::csv as spreadsheet;
use crate::views::format::{number, percent};
use crate::web::error::PageError;
use crate::web::form::{Choice, choices, options};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

/// What was asked: the period and the unit, or why it cannot be answered.
struct Asked {
    period: Period,
    /// The period as the person wrote it (to fill the form again), or the default year.
    code: String,
    unit: Option<String>,
}

fn asked(query: &HashMap<String, String>, today: chrono::NaiveDate) -> Result<Asked, &'static str> {
    let get = |k: &str| query.get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let unit = get("unit");
    match (get("dari"), get("sampai"), get("periode")) {
        (Some(from), Some(to), _) => {
            let parse = |s: &str| crate::domain::calendar::parse_iso_date(s);
            let (Some(from_d), Some(to_d)) = (parse(&from), parse(&to)) else { return Err("compliance-error-date") };
            let period = Period::range(from_d, to_d).ok_or("compliance-error-range")?;
            Ok(Asked { period, code: format!("{from}…{to}"), unit })
        }
        (Some(_), None, _) | (None, Some(_), _) => Err("compliance-error-range"),
        // A range chosen again from the period list: "2025-01-01…2025-03-31".
        (None, None, Some(code)) if code.contains('…') => {
            let parse = |s: &str| crate::domain::calendar::parse_iso_date(s);
            let (from, to) = code.split_once('…').unwrap_or_default();
            let (Some(from_d), Some(to_d)) = (parse(from), parse(to)) else { return Err("compliance-error-date") };
            let period = Period::range(from_d, to_d).ok_or("compliance-error-range")?;
            Ok(Asked { period, code, unit })
        }
        (None, None, Some(code)) => {
            let period = Period::parse(&code).ok_or("compliance-error-period")?;
            Ok(Asked { period, code, unit })
        }
        (None, None, None) => {
            let period = Period::year_of(today);
            Ok(Asked { code: chrono::Datelike::year(&today).to_string(), period, unit })
        }
    }
}

#[derive(Serialize)]
struct CompliancePage {
    #[serde(flatten)]
    meta: PageMeta,
    body_name: String,
    slug: String,
    period_label: String,
    code: String,
    /// The periods to choose from, by year; a period asked for that the list lacks, first.
    period_other: Option<PeriodOption>,
    periods: Vec<PeriodGroup>,
    /// The few figures the page opens with.
    headline: Vec<Headline>,
    unit: String,
    units: Vec<Choice>,
    error: Option<String>,
    sections: Vec<Section>,
    trend: Option<TrendView>,
    /// The note that the year is frozen and the link to its versions.
    frozen: Option<(String, String)>,
    /// The monev bands the KI gave the body, newest year first.
    monev: Vec<crate::views::compliance::MonevView>,
    /// The published annual reports, newest first.
    reports: Vec<crate::views::compliance::PublicLink>,
    csv_href: String,
    json_href: String,
    today: String,
}

/// The body, its units, and the summary asked for.
type Loaded = (
    crate::db::models::bodies::BodyRow,
    Vec<(String, String)>,
    Result<(Summary, Vec<compliance::Month>), &'static str>,
);

async fn load(
    state: &AppState,
    slug: &str,
    asked: &Result<Asked, &'static str>,
) -> Result<Option<Loaded>, ServiceError> {
    let (slug, today) = (slug.to_owned(), state.today());
    let asked = match asked {
        Ok(a) => Ok((a.period, a.unit.clone())),
        Err(e) => Err(*e),
    };
    state
        .db
        .run(move |conn| -> Result<Option<Loaded>, ServiceError> {
            let Some(body) = crate::db::repo::bodies::body_by_slug(conn, &slug)? else { return Ok(None) };
            let units = crate::db::repo::bodies::units_of(conn, &body.id)?;
            let choices = units.iter().map(|u| (u.slug.clone(), u.name.clone())).collect();
            let summary = match asked {
                Err(e) => Err(e),
                Ok((period, unit)) => {
                    let unit_id = match unit {
                        Some(slug) => match units.iter().find(|u| u.slug == slug) {
                            Some(u) => Some(u.id.clone()),
                            None => return Ok(Some((body, choices, Err("compliance-error-unit")))),
                        },
                        None => None,
                    };
                    let bodies = std::slice::from_ref(&body.id);
                    let summary = compliance::summary(conn, bodies, unit_id.as_deref(), period.from, period.to, today)?;
                    let trend = compliance::trend(conn, bodies, unit_id.as_deref(), period.from, period.to)?;
                    Ok((summary, trend))
                }
            };
            Ok(Some((body, choices, summary)))
        })
        .await
}

fn period_label(locale: Locale, p: &Period) -> String {
    t_args(locale, "compliance-period", &[("from", date_long(locale, p.from)), ("to", date_long(locale, p.to))])
}

pub async fn page(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let (locale, slug) = (locale.0, path.into_inner());
    let here = format!("/badan/{slug}/kepatuhan");
    let today = state.today();
    let asked = asked(&query, today);
    let (body, units, summary) = match load(&state, &slug, &asked).await {
        Ok(Some(l)) => l,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let (code, unit) = match &asked {
        Ok(a) => (a.code.clone(), a.unit.clone().unwrap_or_default()),
        Err(_) => (query.get("periode").cloned().unwrap_or_default(), query.get("unit").cloned().unwrap_or_default()),
    };
    let (status, error, sections, period_label, trend) = match (&summary, &asked) {
        (Ok((s, months)), Ok(a)) => (
            StatusCode::OK,
            None,
            sections(locale, s),
            self::period_label(locale, &a.period),
            Some(trend_view(locale, months)),
        ),
        (Err(e), _) | (Ok(_), Err(e)) => (StatusCode::BAD_REQUEST, Some(t(locale, e)), Vec::new(), String::new(), None),
    };
    let query_string: String = url_query(&query);
    let frozen = match &asked {
        Ok(a) if a.unit.is_none() => {
            super::snapshots::frozen_note(&state, locale, Scope::Body(body.slug.clone()), &here, &a.code).await
        }
        _ => None,
    };
    let body_id = body.id.clone();
    let extras = state
        .db
        .run(move |conn| {
            Ok::<_, ServiceError>((
                crate::service::monev::of_body(conn, &body_id)?,
                crate::service::reports::published_years(conn, &body_id)?,
                compliance::first_year(conn)?,
            ))
        })
        .await;
    let (monev, reports, first_year) = match extras {
        Ok(x) => x,
        Err(e) => return PageError::from(e).into(),
    };
    let (period_other, periods) = period_groups(locale, first_year, today, &code, &period_label);
    let page = CompliancePage {
        headline: match &summary {
            Ok((s, _)) if error.is_none() => headline(locale, s),
            _ => Vec::new(),
        },
        period_other,
        periods,
        frozen,
        monev: monev.iter().map(|m| crate::views::compliance::view(locale, m)).collect(),
        reports: crate::views::compliance::public_links(&body.slug, &reports),
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t_args(
            locale,
            "compliance-title",
            &[("body", body.name.clone())],
        )),
        body_name: body.name,
        slug: body.slug,
        period_label,
        code,
        units: options(units, &unit),
        unit,
        error,
        sections,
        trend,
        csv_href: format!("{here}.csv{query_string}"),
        json_href: format!("{here}.json{query_string}"),
        today: date_long(locale, today),
    };
    state.views.page(status, "pages/public/compliance", &page)
}

fn url_query(query: &HashMap<String, String>) -> String {
    let mut pairs: Vec<(&String, &String)> = query.iter().filter(|(k, _)| *k != "lang").collect();
    pairs.sort();
    if pairs.is_empty() {
        return String::new();
    }
    let encoded: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    format!("?{}", encoded.join("&"))
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Serialize)]
struct SummaryDocument<'a> {
    body: &'a str,
    unit: Option<&'a str>,
    period: Period,
    /// As of this day (the open-and-overdue count depends on it).
    as_of: chrono::NaiveDate,
    method_version: u32,
    method: &'static str,
    figures: &'a Summary,
    /// Per month of receipt.
    trend: &'a [compliance::Month],
}

/// Why a download of figures cannot be answered: the question (400, its message key), no such body or
/// jurisdiction (404), or the service (the house's mapping: 503 when the database is away).
enum Unanswered {
    Question(&'static str),
    NotFound,
    Service(ServiceError),
}

impl From<ServiceError> for Unanswered {
    fn from(e: ServiceError) -> Unanswered {
        Unanswered::Service(e)
    }
}

impl Unanswered {
    fn status_and_key(self) -> (StatusCode, &'static str) {
        match self {
            Unanswered::Question(key) => (StatusCode::BAD_REQUEST, key),
            Unanswered::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            Unanswered::Service(e) => {
                tracing::error!(error = %e, "compliance figures failed");
                let status = match PageError::from(e) {
                    PageError::Status(status) => status,
                    PageError::GoTo(_) => StatusCode::INTERNAL_SERVER_ERROR,
                };
                (status, if status.is_server_error() { "error-service-unavailable" } else { "error-not-found" })
            }
        }
    }

    /// The answer of a `.json` download: the API's error envelope, worded in the visitor's language.
    fn json(self, locale: Locale) -> HttpResponse {
        let (status, key) = self.status_and_key();
        HttpResponse::build(status).json(serde_json::json!({ "code": key, "message": t(locale, key), "errors": [] }))
    }

    /// The answer of a `.csv` download: the sentence as plain text.
    fn plain(self, locale: Locale) -> HttpResponse {
        let (status, key) = self.status_and_key();
        HttpResponse::build(status).content_type("text/plain; charset=utf-8").body(t(locale, key))
    }
}

/// A body's figures for the question asked: the body, the question and its summary with the monthly trend.
async fn body_figures(
    state: &AppState,
    slug: &str,
    query: &HashMap<String, String>,
) -> Result<(crate::db::models::bodies::BodyRow, Asked, Summary, Vec<compliance::Month>), Unanswered> {
    let asked = asked(query, state.today());
    match load(state, slug, &asked).await? {
        None => Err(Unanswered::NotFound),
        Some((_, _, Err(e))) => Err(Unanswered::Question(e)),
        Some((body, _, Ok((summary, months)))) => {
            let asked = asked.map_err(Unanswered::Question)?;
            Ok((body, asked, summary, months))
        }
    }
}

/// A jurisdiction's figures for the period asked.
async fn jurisdiction_figures(
    state: &AppState,
    code: &str,
    query: &HashMap<String, String>,
) -> Result<(Period, compliance::Jurisdiction), Unanswered> {
    let period = asked(query, state.today()).map_err(Unanswered::Question)?.period;
    let jurisdiction = load_jurisdiction(state, code, period).await?.ok_or(Unanswered::NotFound)?;
    Ok((period, jurisdiction))
}

/// `GET /badan/{slug}/kepatuhan.json`: the same figures as data.
pub async fn json(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    match body_figures(&state, &path, &query).await {
        Ok((body, asked, figures, trend)) => HttpResponse::Ok().json(SummaryDocument {
            body: &body.slug,
            unit: asked.unit.as_deref(),
            period: asked.period,
            as_of: state.today(),
            method_version: METHOD_VERSION,
            method: "/metodologi",
            figures: &figures,
            trend: &trend,
        }),
        Err(why) => why.json(locale.0),
    }
}

/// A CSV download (UTF-8 with BOM so spreadsheet programs read it right, CRLF lines).
fn csv_response(name: &str, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> HttpResponse {
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(out)
}

/// `GET /badan/{slug}/kepatuhan.csv`: every table of the page in one sheet (section, figure, count, percentage), or
/// with `tabel=tren` the monthly trend.
pub async fn csv(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let (body, asked, summary, months) = match body_figures(&state, &path, &query).await {
        Ok(figures) => figures,
        Err(why) => return why.plain(locale),
    };
    let period = asked.period;
    let unit = asked.unit.map(|u| format!("-{u}")).unwrap_or_default();
    if query.get("tabel").map(String::as_str) == Some("tren") {
        let name = format!("kepatuhan-tren-{}{unit}-{}-{}.csv", body.slug, period.from, period.to);
        let header = ["bulan", "diterima", "tepat_waktu", "tepat_waktu_perpanjangan", "terlambat"];
        let rows = months.iter().map(|m| {
            vec![
                m.month.clone(),
                m.received.to_string(),
                m.on_time.to_string(),
                m.on_time_with_extension.to_string(),
                m.late.to_string(),
            ]
        });
        return csv_response(&name, &header, rows);
    }
    let name = format!("kepatuhan-{}{unit}-{}-{}.csv", body.slug, period.from, period.to);
    let mut rows = Vec::new();
    for section in sections(locale, &summary) {
        for row in section.rows {
            // Numbers as numbers: a spreadsheet sums "1234" and "4.5", not "1.234" and "4,5 %".
            rows.push(vec![
                spreadsheet::cell(&section.title, ',', true),
                spreadsheet::cell(&row.label, ',', true),
                row.count.map(|n| n.to_string()).unwrap_or_default(),
                row.share.map(|f| format!("{:.1}", f * 100.0)).unwrap_or_default(),
            ]);
        }
    }
    csv_response(&name, &["bagian", "angka", "jumlah", "persen"], rows)
}

#[derive(Serialize)]
struct MethodPage {
    #[serde(flatten)]
    meta: PageMeta,
    version: u32,
    items: Vec<(String, String)>,
}

/// `GET /metodologi`: how every figure is computed.
pub async fn methodology(state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let items = [
        "cohort",
        "received",
        "closed",
        "outcomes",
        "timeliness",
        "open-overdue",
        "working-days",
        "percentiles",
        "extensions",
        "fees",
        "objections",
        "small",
        "calendar",
        "current",
    ]
    .iter()
    .map(|k| (t(locale, &format!("method-{k}-title")), t(locale, &format!("method-{k}-text"))))
    .collect();
    let page = MethodPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/metodologi").with_title(t(locale, "method-title")),
        version: METHOD_VERSION,
        items,
    };
    state.views.page(StatusCode::OK, "pages/public/methodology", &page)
}

// ---- A KI's jurisdiction: the total and the league table of its bodies ----

#[derive(Serialize)]
struct LeagueRow {
    name: String,
    href: String,
    received: String,
    timely: String,
    late: String,
    open_overdue: String,
    median: String,
    objection_rate: String,
    small: bool,
    /// The body's latest monev band ("Informatif (2025)"), or "—".
    band: String,
}

#[derive(Serialize)]
struct JurisdictionPage {
    #[serde(flatten)]
    meta: PageMeta,
    name: String,
    code: String,
    period_code: String,
    period_label: String,
    period_other: Option<PeriodOption>,
    periods: Vec<PeriodGroup>,
    headline: Vec<Headline>,
    sort: String,
    sorts: Vec<Choice>,
    error: Option<String>,
    sections: Vec<Section>,
    league: Vec<LeagueRow>,
    frozen: Option<(String, String)>,
    json_href: String,
    csv_href: String,
    today: String,
}

const SORTS: [&str; 4] = ["tepat-waktu", "jumlah", "keberatan", "nama"];

/// Orders the league table: by timeliness (best first), volume (most first), objection rate (highest first) or
/// name; ties by name. Bodies without the figure come last.
fn sort_league(bodies: &mut [compliance::BodySummary], sort: &str) {
    let key = |b: &compliance::BodySummary| -> Option<f64> {
        match sort {
            "jumlah" => Some(b.summary.received as f64),
            "keberatan" => b.summary.objection_rate(),
            "nama" => None,
            _ => b.summary.timely_share(),
        }
    };
    bodies.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => y.partial_cmp(&x).unwrap_or(std::cmp::Ordering::Equal).then_with(|| a.name.cmp(&b.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
}

async fn load_jurisdiction(
    state: &AppState,
    code: &str,
    period: Period,
) -> Result<Option<compliance::Jurisdiction>, ServiceError> {
    let (code, today) = (code.to_owned(), state.today());
    state.db.run(move |conn| compliance::jurisdiction(conn, &code, period.from, period.to, today)).await
}

fn share(locale: Locale, v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| percent(locale, (x * 1000.0).round() as i64, 1000).unwrap_or_default())
}

/// Each body's latest monev band with its year ("Informatif (2025)"), by body id; none for a body without one.
async fn latest_bands(state: &AppState, locale: Locale, bodies: &[compliance::BodySummary]) -> HashMap<String, String> {
    let ids: Vec<String> = bodies.iter().map(|b| b.id.clone()).collect();
    let standing = state.db.run(move |conn| crate::service::monev::standing(conn, &ids)).await.unwrap_or_default();
    standing
        .into_iter()
        .filter_map(|(id, years)| {
            let (year, result) = years.into_iter().next_back()?;
            let band = crate::views::compliance::view(locale, &result).band;
            Some((id, format!("{band} ({year})")))
        })
        .collect()
}

pub async fn jurisdiction_page(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let (locale, code) = (locale.0, path.into_inner());
    let here = format!("/ki/{code}/kepatuhan");
    let today = state.today();
    let asked = asked(&query, today);
    let sort = query.get("urut").filter(|s| SORTS.contains(&s.as_str())).cloned().unwrap_or_else(|| SORTS[0].into());
    let period = asked.as_ref().map(|a| a.period).unwrap_or_else(|_| Period::year_of(today));
    let loaded = match load_jurisdiction(&state, &code, period).await {
        Ok(Some(j)) => j,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let mut bodies = loaded.bodies.clone();
    sort_league(&mut bodies, &sort);
    let bands = latest_bands(&state, locale, &bodies).await;
    let (status, error) = match &asked {
        Ok(_) => (StatusCode::OK, None),
        Err(e) => (StatusCode::BAD_REQUEST, Some(t(locale, e))),
    };
    let league = bodies
        .iter()
        .map(|b| {
            let s = &b.summary;
            LeagueRow {
                name: b.name.clone(),
                href: format!(
                    "/badan/{}/kepatuhan?periode={}",
                    b.slug,
                    encode(&query.get("periode").cloned().unwrap_or_default())
                ),
                received: number(locale, s.received),
                timely: share(locale, s.timely_share()),
                late: number(locale, s.late),
                open_overdue: number(locale, s.open_overdue),
                median: s.working_days.median.map_or_else(|| "—".into(), |d| d.to_string()),
                objection_rate: share(locale, s.objection_rate()),
                small: s.notices + s.open_overdue < SMALL_NUMBER,
                band: bands.get(&b.id).cloned().unwrap_or_else(|| "—".into()),
            }
        })
        .collect();
    let qs = url_query(&query);
    let frozen = match &asked {
        Ok(a) => {
            super::snapshots::frozen_note(&state, locale, Scope::Jurisdiction(loaded.code.clone()), &here, &a.code)
                .await
        }
        Err(_) => None,
    };
    let first_year = state.db.run(compliance::first_year).await.unwrap_or_default();
    let period_code =
        asked.as_ref().map(|a| a.code.clone()).unwrap_or_else(|_| query.get("periode").cloned().unwrap_or_default());
    let period_text = if error.is_none() { period_label(locale, &period) } else { String::new() };
    let (period_other, periods) = period_groups(locale, first_year, today, &period_code, &period_text);
    let page = JurisdictionPage {
        headline: if error.is_none() { headline(locale, &loaded.total) } else { Vec::new() },
        period_other,
        periods,
        frozen,
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t_args(
            locale,
            "compliance-title",
            &[("body", loaded.name.clone())],
        )),
        name: loaded.name.clone(),
        code: loaded.code.clone(),
        period_code,
        period_label: period_text,
        sorts: choices(locale, "compliance-sort", &SORTS, Some(sort.as_str())),
        sort,
        sections: if error.is_none() { sections(locale, &loaded.total) } else { Vec::new() },
        error,
        league: if status == StatusCode::OK { league } else { Vec::new() },
        json_href: format!("{here}.json{qs}"),
        csv_href: format!("{here}.csv{qs}"),
        today: date_long(locale, today),
    };
    state.views.page(status, "pages/public/compliance_jurisdiction", &page)
}

/// `GET /ki/{code}/kepatuhan.json`: the total and every body's figures.
pub async fn jurisdiction_json(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    match jurisdiction_figures(&state, &path, &query).await {
        Ok((period, j)) => HttpResponse::Ok().json(serde_json::json!({
            "jurisdiction": j.code,
            "name": j.name,
            "period": period,
            "as_of": state.today(),
            "method_version": METHOD_VERSION,
            "method": "/metodologi",
            "total": j.total,
            "bodies": j.bodies,
        })),
        Err(why) => why.json(locale.0),
    }
}

/// `GET /ki/{code}/kepatuhan.csv`: the league table for a spreadsheet (UTF-8 with BOM, comma-separated).
pub async fn jurisdiction_csv(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let (period, j) = match jurisdiction_figures(&state, &path, &query).await {
        Ok(figures) => figures,
        Err(why) => return why.plain(locale.0),
    };
    let mut bodies = j.bodies;
    sort_league(&mut bodies, query.get("urut").map(String::as_str).unwrap_or_default());
    let bands = latest_bands(&state, locale.0, &bodies).await;
    let header = [
        "badan_publik",
        "diterima",
        "pemberitahuan",
        "tepat_waktu",
        "tepat_waktu_perpanjangan",
        "terlambat",
        "belum_dijawab_lewat_batas",
        "median_hari_kerja",
        "p90_hari_kerja",
        "keberatan",
        "sengketa",
        "monev_terakhir",
    ];
    let opt = |v: Option<u32>| v.map(|d| d.to_string()).unwrap_or_default();
    let rows = bodies.iter().map(|b| {
        let s = &b.summary;
        vec![
            spreadsheet::cell(&b.name, ',', true),
            s.received.to_string(),
            s.notices.to_string(),
            s.on_time.to_string(),
            s.on_time_with_extension.to_string(),
            s.late.to_string(),
            s.open_overdue.to_string(),
            opt(s.working_days.median),
            opt(s.working_days.p90),
            s.objections.received.to_string(),
            s.disputes.filed.to_string(),
            spreadsheet::cell(bands.get(&b.id).map(String::as_str).unwrap_or_default(), ',', true),
        ]
    });
    csv_response(&format!("kepatuhan-{}-{}-{}.csv", j.code, period.from, period.to), &header, rows)
}
