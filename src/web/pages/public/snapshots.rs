//! The frozen figures of a closed year (`/badan/{slug}/kepatuhan/arsip/{year}` and `/ki/{code}/kepatuhan/arsip/
//! {year}`): every version with its SHA-256, the figures of the one chosen, whether the record has changed since,
//! and each version's exact canonical JSON (`…/v{n}.json`) so the digest can be checked with `sha256sum`.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::ServiceError;
use crate::service::compliance::{Month, Summary};
use crate::service::snapshots::{self, Scope, Version};
use crate::views::PageMeta;
use crate::views::compliance::{Section, TrendView, sections, trend_view};
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

#[derive(Serialize)]
struct VersionRow {
    version: i64,
    frozen_at: String,
    digest: String,
    reason: String,
    supersedes: Option<i64>,
    json_href: String,
    href: String,
    chosen: bool,
}

#[derive(Serialize)]
struct SnapshotPage {
    #[serde(flatten)]
    meta: PageMeta,
    name: String,
    back_href: String,
    year: String,
    versions: Vec<VersionRow>,
    chosen: i64,
    chosen_digest: String,
    /// The record has changed since the latest version was frozen.
    drifted: bool,
    sections: Vec<Section>,
    trend: Option<TrendView>,
    json_href: String,
}

struct Loaded {
    name: String,
    versions: Vec<Version>,
    current_digest: Option<String>,
}

async fn load(state: &AppState, scope: Scope, year: String) -> Result<Option<Loaded>, ServiceError> {
    let today = state.today();
    state
        .db
        .run(move |conn| -> Result<Option<Loaded>, ServiceError> {
            let name = match &scope {
                Scope::Body(slug) => crate::db::repo::bodies::body_by_slug(conn, slug)?.map(|b| b.name),
                Scope::Jurisdiction(code) => crate::db::repo::bodies::jurisdiction_by_code(conn, code)?.map(|k| k.name),
            };
            let Some(name) = name else { return Ok(None) };
            let versions = snapshots::versions(conn, &scope, &year)?;
            if versions.is_empty() {
                return Ok(None);
            }
            let y: i32 = year.parse().unwrap_or_default();
            let current_digest =
                snapshots::document(conn, &scope, y, today)?.map(|(_, doc)| crate::domain::evidence::sha256_hex(&doc));
            Ok(Some(Loaded { name, versions, current_digest }))
        })
        .await
}

fn scope_of(kind: &str, key: String) -> (Scope, String) {
    match kind {
        "body" => (Scope::Body(key.clone()), format!("/badan/{key}/kepatuhan")),
        _ => (Scope::Jurisdiction(key.clone()), format!("/ki/{key}/kepatuhan")),
    }
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The figures and trend of a stored document (the total, for a jurisdiction).
fn figures_of(document: &str) -> Option<(Summary, Vec<Month>)> {
    let v: serde_json::Value = serde_json::from_str(document).ok()?;
    let figures = if v["scope"]["kind"] == "jurisdiction" { &v["figures"]["total"] } else { &v["figures"] };
    let summary: Summary = serde_json::from_value(figures.clone()).ok()?;
    let trend: Vec<Month> = serde_json::from_value(v["trend"].clone()).ok()?;
    Some((summary, trend))
}

async fn page(
    state: &AppState,
    locale: Locale,
    kind: &str,
    key: String,
    year: String,
    query: &HashMap<String, String>,
) -> HttpResponse {
    let (scope, base) = scope_of(kind, key);
    let here = format!("{base}/arsip/{year}");
    let meta = || PageMeta::new(locale, &state.settings.instance_name, &here);
    if !is_year(&year) {
        return PageError::not_found().into();
    }
    let loaded = match load(state, scope, year.clone()).await {
        Ok(Some(l)) => l,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let latest = loaded.versions.last().expect("at least one version").version;
    let chosen = query.get("versi").and_then(|v| v.parse::<i64>().ok()).unwrap_or(latest);
    let Some(version) = loaded.versions.iter().find(|v| v.version == chosen) else {
        return PageError::not_found().into();
    };
    let (sections, trend) = match figures_of(&version.document) {
        Some((summary, months)) => (sections(locale, &summary), Some(trend_view(locale, &months))),
        None => (Vec::new(), None),
    };
    let latest_digest = &loaded.versions.last().expect("at least one version").digest;
    let page = SnapshotPage {
        meta: meta().with_title(t_args(
            locale,
            "snapshot-title",
            &[("name", loaded.name.clone()), ("year", year.clone())],
        )),
        name: loaded.name,
        back_href: format!("{base}?periode={year}"),
        versions: loaded
            .versions
            .iter()
            .map(|v| VersionRow {
                version: v.version,
                frozen_at: datetime_long(locale, v.frozen_at, state.settings.time_zone),
                digest: v.digest.clone(),
                reason: v.reason.clone(),
                supersedes: v.supersedes,
                json_href: format!("{here}/v{}.json", v.version),
                href: format!("{here}?versi={}", v.version),
                chosen: v.version == chosen,
            })
            .collect(),
        chosen,
        chosen_digest: version.digest.clone(),
        drifted: loaded.current_digest.as_ref().is_some_and(|d| d != latest_digest),
        sections,
        trend,
        json_href: format!("{here}/v{chosen}.json"),
        year,
    };
    state.views.page(StatusCode::OK, "pages/public/compliance_snapshot", &page)
}

/// The exact stored bytes of one version, with its digest in the headers.
async fn document(
    state: &AppState,
    locale: Locale,
    kind: &str,
    key: String,
    year: String,
    file: String,
) -> HttpResponse {
    let not_found = || {
        HttpResponse::NotFound().json(serde_json::json!({
            "code": "error-not-found", "message": t(locale, "error-not-found"), "errors": []
        }))
    };
    let Some(n) = file.strip_prefix('v').and_then(|f| f.strip_suffix(".json")).and_then(|n| n.parse::<i64>().ok())
    else {
        return not_found();
    };
    if !is_year(&year) {
        return not_found();
    }
    let (scope, _) = scope_of(kind, key);
    let versions = state.db.run(move |conn| snapshots::versions(conn, &scope, &year)).await;
    match versions {
        Ok(versions) => match versions.into_iter().find(|v| v.version == n) {
            Some(v) => HttpResponse::Ok()
                .content_type("application/json")
                .insert_header(("ETag", format!("\"{}\"", v.digest)))
                .insert_header(("X-Content-SHA256", v.digest))
                .body(v.document),
            None => not_found(),
        },
        Err(e) => {
            tracing::error!(error = %e, "snapshot document failed");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({
                "code": "error-service-unavailable", "message": t(locale, "error-service-unavailable"), "errors": []
            }))
        }
    }
}

pub async fn body_page(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let (slug, year) = path.into_inner();
    page(&state, locale.0, "body", slug, year, &query).await
}

pub async fn body_document(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String, String)>,
) -> HttpResponse {
    let (slug, year, file) = path.into_inner();
    document(&state, locale.0, "body", slug, year, file).await
}

pub async fn jurisdiction_page(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let (code, year) = path.into_inner();
    page(&state, locale.0, "jurisdiction", code, year, &query).await
}

pub async fn jurisdiction_document(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String, String)>,
) -> HttpResponse {
    let (code, year, file) = path.into_inner();
    document(&state, locale.0, "jurisdiction", code, year, file).await
}

/// For a summary page asked for a whole year: the note that the year is frozen, and the link to its versions.
pub(super) async fn frozen_note(
    state: &AppState,
    locale: Locale,
    scope: Scope,
    base: &str,
    code: &str,
) -> Option<(String, String)> {
    if !is_year(code) {
        return None;
    }
    let year = code.to_owned();
    let versions = state.db.run(move |conn| snapshots::versions(conn, &scope, &year)).await.ok()?;
    let latest = versions.last()?;
    let note = t_args(
        locale,
        "snapshot-frozen-note",
        &[("version", latest.version.to_string()), ("digest", latest.digest.clone())],
    );
    Some((note, format!("{base}/arsip/{code}")))
}
