//! The officers' API, for other e-PPID systems: the queue, a request, and the steps on it, with an officer's API
//! token (`Authorization: Bearer tbk_…`). A token acts as its account: same role, same scope, same rules as the
//! workspace; a request outside the scope is "not found".

use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::models::accounts::UserRow;
use crate::domain::CaseEvent;
use crate::domain::request::RequestEvent;
use crate::service::cases::RequestCommand;
use crate::service::officer::{self, OfficerCase};
use crate::service::workspace;
use crate::web::auth::{CaseHandlers, Officers, TokenHolder};
use crate::web::error::ApiError;
use crate::web::state::AppState;
use crate::web::steps::RequestStep;

/// One item of open work.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItemBody {
    /// `request` or `objection`.
    pub kind: String,
    pub id: String,
    pub registration_number: String,
    pub body: String,
    pub unit: Option<String>,
    pub channel: String,
    pub state: String,
    pub received_on: NaiveDate,
    /// The deadline that applies now (the written notice, or the atasan's decision).
    pub due: NaiveDate,
    /// `overdue`, `due_today`, `due_soon` or `later`.
    pub urgency: String,
}

/// The caller's open work, nearest deadline first.
#[utoipa::path(
    get,
    path = "/api/v1/officer/queue",
    tag = "officers",
    security(("officer_token" = [])),
    responses(
        (status = 200, body = [QueueItemBody]),
        (status = 401, body = crate::web::error::ErrorBody, description = "No valid officer API token"),
    )
)]
pub async fn queue(me: TokenHolder<Officers>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let user = me.user;
    let (calendar, soon) = (state.settings.calendar, state.settings.due_soon_working_days);
    let today = state.today();
    let queue = state
        .db
        .run(move |conn| workspace::queue(conn, calendar, &user, &workspace::Filters::default(), today, soon))
        .await?;
    let items: Vec<QueueItemBody> = queue
        .items
        .into_iter()
        .map(|i| QueueItemBody {
            kind: i.kind.to_owned(),
            id: i.id,
            registration_number: i.registration_number,
            body: i.body_name,
            unit: i.unit_name,
            channel: i.channel,
            state: i.state,
            received_on: i.received_on,
            due: i.due,
            urgency: i.urgency.as_str().to_owned(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(items))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequesterOut {
    pub kind: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub occupation: String,
    /// Masked: the full NIK is never sent.
    pub nik_masked: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    #[serde(rename = "type")]
    pub event_type: String,
    pub recorded_at: DateTime<Utc>,
    pub actor_kind: String,
    pub reason: String,
    /// The event's content, as in the evidence chain.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

/// A request as its officers see it (identity is left out for KI auditors).
#[derive(Debug, Serialize, ToSchema)]
pub struct OfficerRequestBody {
    pub id: String,
    pub registration_number: String,
    pub body: String,
    pub unit: Option<String>,
    pub state: String,
    /// Send it back with a step; a step on an older version is a conflict (409).
    pub version: i64,
    pub channel: String,
    pub received_at: DateTime<Utc>,
    pub received_on: NaiveDate,
    pub c1_due: NaiveDate,
    pub c2_due: Option<NaiveDate>,
    pub notice_due: NaiveDate,
    pub notice_on: Option<NaiveDate>,
    /// The decision as recorded (`decision` names its kind).
    #[schema(value_type = Option<Object>)]
    pub decision: Option<serde_json::Value>,
    pub provided_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub information: String,
    pub purpose: String,
    pub text_hidden: bool,
    pub requester: Option<RequesterOut>,
    pub events: Vec<EventOut>,
}

fn request_body(c: &OfficerCase) -> OfficerRequestBody {
    let r = &c.case.request;
    OfficerRequestBody {
        id: r.id.clone(),
        registration_number: r.registration_number.clone(),
        body: c.case.body.name.clone(),
        unit: c.case.unit_name.clone(),
        state: r.state.to_string(),
        version: r.version,
        channel: r.channel.clone(),
        received_at: r.received_at.and_utc(),
        received_on: r.received_on,
        c1_due: r.c1_due,
        c2_due: r.c2_due,
        notice_due: r.notice_due,
        notice_on: r.notice_on,
        decision: r.decision.as_deref().and_then(|d| serde_json::from_str(d).ok()),
        provided_on: r.provided_on,
        ended_on: r.ended_on,
        information: r.information.clone(),
        purpose: r.purpose.clone(),
        text_hidden: r.text_hidden,
        requester: c.requester.as_ref().map(|q| RequesterOut {
            kind: q.kind.clone(),
            name: q.name.clone(),
            email: q.email.clone(),
            phone: q.phone.clone(),
            address: q.address.clone(),
            occupation: q.occupation.clone(),
            nik_masked: q.nik_masked.clone(),
        }),
        events: c
            .case
            .events
            .iter()
            .filter(|(_, e)| c.permission.notes || !matches!(e, RequestEvent::NoteAdded { .. }))
            .map(|(row, e)| EventOut {
                event_type: e.type_name().to_owned(),
                recorded_at: row.recorded_at.and_utc(),
                actor_kind: row.actor_kind.clone(),
                reason: row.reason.clone(),
                payload: serde_json::to_value(e).unwrap_or_default(),
            })
            .collect(),
    }
}

async fn load(state: &AppState, user: &UserRow, id: &str) -> Result<OfficerCase, ApiError> {
    let (calendar, now, secrets, user, id) =
        (state.settings.calendar, state.clock.now(), state.secrets.clone(), user.clone(), id.to_owned());
    state
        .db
        .run(move |conn| officer::request_case(conn, calendar, &secrets, &user, &id, now))
        .await
        .map_err(ApiError::from)
}

/// A request in the caller's scope.
#[utoipa::path(
    get,
    path = "/api/v1/officer/requests/{id}",
    tag = "officers",
    security(("officer_token" = [])),
    params(("id" = String, Path, description = "The request's id (not its registration number)")),
    responses(
        (status = 200, body = OfficerRequestBody),
        (status = 401, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody, description = "No such request in the caller's scope"),
    )
)]
pub async fn read(
    me: TokenHolder<Officers>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let c = load(&state, &me.user, &path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(request_body(&c)))
}

/// Takes a step on a request, as the workspace does; answers with the request as it is after.
#[utoipa::path(
    post,
    path = "/api/v1/officer/requests/{id}/steps",
    tag = "officers",
    security(("officer_token" = [])),
    params(
        ("id" = String, Path, description = "The request's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique value (a UUID) naming this step: \
          sent again by the same officer within 24 hours with the same body, it gets the first answer again \
          (marked `Idempotent-Replayed: true`) instead of a 409 for the version that moved on."),
    ),
    request_body = RequestStep,
    responses(
        (status = 200, body = OfficerRequestBody),
        (status = 400, body = crate::web::error::ErrorBody, description = "Invalid input, every bad field listed"),
        (status = 401, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody, description = "The caller's role only reads"),
        (status = 404, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody, description = "Changed since the given version"),
        (status = 422, body = crate::web::error::ErrorBody, description = "Not allowed by the law or the request's state"),
    )
)]
pub async fn step(
    req: actix_web::HttpRequest,
    me: TokenHolder<CaseHandlers>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<RequestStep>,
) -> Result<HttpResponse, ApiError> {
    use crate::service::idempotency::{self, Answer, Outcome, Submission};
    let user = me.user;
    let id = path.into_inner();
    let body = body.into_inner();
    let idempotency_key = crate::web::retries::key(&req)?;
    // What was sent, to tell a retry from another step under the same key; keys are the officer's own.
    let sent = serde_json::to_vec(&body).unwrap_or_default();
    let scope = format!("api/officer/{}/requests/{id}/steps", user.id);
    let version = body.version;
    let cmd = RequestCommand::try_from(body)?;
    let (calendar, now, secrets) = (state.settings.calendar, state.clock.now(), state.secrets.clone());
    let outcome = state
        .db
        .run(move |conn| {
            let submission = idempotency_key.as_deref().map(|key| Submission { scope: &scope, key, request: &sent });
            idempotency::once(conn, &secrets, submission.as_ref(), now, |conn| {
                officer::act_on_request(conn, calendar, &user, &id, version, &cmd, now)?;
                let c = officer::request_case(conn, calendar, &secrets, &user, &id, now)?;
                let body = serde_json::to_string(&request_body(&c)).unwrap_or_default();
                Ok((Answer { status: 200, location: String::new(), body }, ()))
            })
        })
        .await?;
    match outcome {
        Outcome::Done(answer, ()) => Ok(crate::web::retries::respond(&answer, false)),
        Outcome::Replayed(answer) => Ok(crate::web::retries::respond(&answer, true)),
        Outcome::KeyReused => Err(ApiError::idempotency_key_reused()),
    }
}
