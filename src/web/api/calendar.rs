//! `GET /api/v1/calendar/deadline?from=YYYY-MM-DD&working_days=N[&as_of=YYYY-MM-DD][&jurisdiction=CODE]`

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::calendar::{Deadline, DeadlineQuery, SkippedDay};
use crate::i18n::Locale;
use crate::service;
use crate::views::explain::explain_deadline;
use crate::web::error::{ApiError, FieldIssue};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

/// A weekday the count passed over.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SkippedDayBody {
    date: NaiveDate,
    /// `holiday`, `cuti_bersama`, `keppres` or `local`.
    kind: String,
    name: String,
    source: String,
    /// Assumed by the fixed-date rule for a year whose calendar is not loaded.
    provisional: bool,
}

impl From<SkippedDay> for SkippedDayBody {
    fn from(s: SkippedDay) -> Self {
        SkippedDayBody {
            date: s.date,
            kind: s.info.kind.as_str().to_owned(),
            name: s.info.name,
            source: s.info.source,
            provisional: s.info.provisional,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DeadlineResponse {
    from: NaiveDate,
    working_days: u32,
    as_of: Option<NaiveDate>,
    jurisdiction: Option<String>,
    due: NaiveDate,
    skipped: Vec<SkippedDayBody>,
    calendar_version: i64,
    provisional: bool,
    /// A sentence in the request's language: "due … = N working days after …, skipping …".
    explanation: String,
}

/// N working days after a date (exclusive counting), explained.
#[utoipa::path(
    get,
    path = "/api/v1/calendar/deadline",
    tag = "calendar",
    params(
        ("from" = NaiveDate, Query, description = "Day 0, YYYY-MM-DD"),
        ("working_days" = u32, Query, description = "1 to 1000"),
        ("as_of" = Option<NaiveDate>, Query, description = "Use the calendar as known on this date"),
        ("jurisdiction" = Option<String>, Query, description = "Include this KI jurisdiction's local holidays"),
    ),
    responses(
        (status = 200, description = "The deadline", body = DeadlineResponse),
        (status = 400, description = "Invalid parameters, each listed", body = crate::web::error::ErrorBody),
    )
)]
pub async fn deadline(
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let locale: Locale = locale.0;
    let q = |k: &str| query.get(k).map(String::as_str);
    let parsed = DeadlineQuery::parse(q("from"), q("working_days"), q("as_of"), q("jurisdiction"))
        .map_err(|errs| ApiError::invalid_input(errs.iter().map(FieldIssue::from_deadline_input).collect()))?;
    let settings = state.settings.calendar;
    let query = parsed.clone();
    let deadline: Deadline = state
        .db
        .run(move |conn| service::calendar::deadline(conn, settings, &query))
        .await
        .map_err(ApiError::from_db)?;
    Ok(HttpResponse::Ok().json(DeadlineResponse {
        from: deadline.from,
        working_days: deadline.working_days,
        as_of: parsed.as_of,
        jurisdiction: parsed.jurisdiction.map(|j| j.to_string()),
        due: deadline.due,
        explanation: explain_deadline(locale, &deadline),
        skipped: deadline.skipped.into_iter().map(Into::into).collect(),
        calendar_version: deadline.calendar_version,
        provisional: deadline.provisional,
    }))
}
