//! The compliance figures as a stable JSON API (`/api/v1/compliance/…`): the same numbers as the public pages,
//! with the period, the day they are as of, and the method's version.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::compliance::Period;
use crate::service::ServiceError;
use crate::service::compliance::{self, BodySummary, Summary};
use crate::web::error::{ApiError, FieldIssue};
use crate::web::locale::RequestLocale;
use crate::web::pages::public::compliance::METHOD_VERSION;
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct BodyFigures {
    /// The body's slug.
    pub body: String,
    /// The unit's slug, when one was asked for (objections and disputes are counted body-wide).
    pub unit: Option<String>,
    pub period: Period,
    /// The day the live figure (open and overdue) is counted on.
    pub as_of: chrono::NaiveDate,
    pub method_version: u32,
    pub figures: Summary,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JurisdictionFigures {
    pub jurisdiction: String,
    pub name: String,
    pub period: Period,
    pub as_of: chrono::NaiveDate,
    pub method_version: u32,
    pub total: Summary,
    pub bodies: Vec<BodySummary>,
}

fn invalid(field: &str, key: &'static str) -> ApiError {
    ApiError::invalid_input(vec![FieldIssue::worded(field.to_owned(), "invalid_period", key)])
}

/// `period` (2025, 2025-S1, 2025-Q2, 2025-03) or `from` + `to`; the current year by default.
fn period(query: &HashMap<String, String>, today: chrono::NaiveDate) -> Result<Period, ApiError> {
    let get = |k: &str| query.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    match (get("from"), get("to"), get("period")) {
        (Some(from), Some(to), _) => {
            let parse = crate::domain::calendar::parse_iso_date;
            match (parse(from), parse(to)) {
                (Some(f), Some(t)) => Period::range(f, t).ok_or_else(|| invalid("to", "compliance-error-range")),
                _ => Err(invalid("from", "compliance-error-date")),
            }
        }
        (Some(_), None, _) | (None, Some(_), _) => Err(invalid("to", "compliance-error-range")),
        (None, None, Some(code)) => Period::parse(code).ok_or_else(|| invalid("period", "compliance-error-period")),
        (None, None, None) => Ok(Period::year_of(today)),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/compliance/bodies/{slug}",
    tag = "compliance",
    params(
        ("slug" = String, Path, description = "The public body's slug"),
        ("period" = Option<String>, Query, description = "2025, 2025-S1, 2025-Q2 or 2025-03 (default: this year)"),
        ("from" = Option<String>, Query, description = "A custom range's first day (YYYY-MM-DD), with `to`"),
        ("to" = Option<String>, Query, description = "A custom range's last day (YYYY-MM-DD), with `from`"),
        ("unit" = Option<String>, Query, description = "One unit's slug"),
    ),
    responses(
        (status = 200, description = "The figures of domain §6 for the requests received in the period", body = BodyFigures),
        (status = 400, description = "The period or unit is not valid", body = crate::web::error::ErrorBody),
        (status = 404, description = "No such body", body = crate::web::error::ErrorBody),
    )
)]
pub async fn body(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let (_locale, slug) = (locale.0, path.into_inner());
    let today = state.today();
    let period = period(&query, today)?;
    let unit = query.get("unit").map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    let (asked_unit, echoed) = (unit.clone(), slug.clone());
    let result = state
        .db
        .run(move |conn| -> Result<Option<Result<Summary, ()>>, ServiceError> {
            let Some(body) = crate::db::repo::bodies::body_by_slug(conn, &slug)? else { return Ok(None) };
            let unit_id = match &asked_unit {
                Some(u) => match crate::db::repo::bodies::unit_by_slug(conn, &body.id, u)? {
                    Some(row) => Some(row.id),
                    None => return Ok(Some(Err(()))),
                },
                None => None,
            };
            let s = compliance::summary(conn, &[body.id], unit_id.as_deref(), period.from, period.to, today)?;
            Ok(Some(Ok(s)))
        })
        .await?;
    match result {
        None => Err(ApiError::not_found()),
        Some(Err(())) => Err(invalid("unit", "compliance-error-unit")),
        Some(Ok(figures)) => Ok(HttpResponse::Ok().json(BodyFigures {
            body: echoed,
            unit,
            period,
            as_of: today,
            method_version: METHOD_VERSION,
            figures,
        })),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/compliance/jurisdictions/{code}",
    tag = "compliance",
    params(
        ("code" = String, Path, description = "The Information Commission's code, e.g. jawa-barat"),
        ("period" = Option<String>, Query, description = "2025, 2025-S1, 2025-Q2 or 2025-03 (default: this year)"),
        ("from" = Option<String>, Query, description = "A custom range's first day (YYYY-MM-DD), with `to`"),
        ("to" = Option<String>, Query, description = "A custom range's last day (YYYY-MM-DD), with `from`"),
    ),
    responses(
        (status = 200, description = "The jurisdiction's total and every body's figures", body = JurisdictionFigures),
        (status = 400, description = "The period is not valid", body = crate::web::error::ErrorBody),
        (status = 404, description = "No such Information Commission", body = crate::web::error::ErrorBody),
    )
)]
pub async fn jurisdiction(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let (_locale, code) = (locale.0, path.into_inner());
    let today = state.today();
    let period = period(&query, today)?;
    let found = state.db.run(move |conn| compliance::jurisdiction(conn, &code, period.from, period.to, today)).await?;
    let j = found.ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok().json(JurisdictionFigures {
        jurisdiction: j.code,
        name: j.name,
        period,
        as_of: today,
        method_version: METHOD_VERSION,
        total: j.total,
        bodies: j.bodies,
    }))
}
