//! Every published version of a body's annual service report (`/badan/{slug}/laporan/{year}`, `….pdf`, and the
//! exact JSON `…/{year}-v{n}.json`).

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::service::reports;
use crate::views::annual_report::{Label, document, file_name, parse_year};
use crate::web::error::PageError;
use crate::web::letter_page::{Caching, Target, respond, with_body_logo};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

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
    let (body, versions) = match loaded {
        Ok(Some((body, versions))) if !versions.is_empty() => (body, versions),
        Ok(_) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
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
    let letter = with_body_logo(&state, letter, &body.id, &slug).await;
    let name = file_name(&slug, year, Some(p.version));
    let back = format!("/badan/{slug}");
    let target = Target { here: &here, back: &back, file_name: &name, caching: Caching::Public };
    let number = letter.number_line.clone();
    respond(&state, locale, letter, number, matches!(want, Want::Pdf), target)
}
