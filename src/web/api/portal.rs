//! The citizen's API: submit a request (as another e-PPID system or an app would), read it back with its
//! tracking token, and read a body's public register. Same validation and limits as the web form.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::repo::events::{Actor, ActorKind};
use crate::domain::CaseEvent;
use crate::domain::request::{Channel, RequestEvent};
use crate::i18n::t;
use crate::service::cases::{self, NewRequest, RequesterInput};
use crate::service::idempotency::{self, Answer, Outcome, Submission};
use crate::service::limits::{self, Limit};
use crate::service::{ServiceError, portal};
use crate::views::explain::explain_deadline;
use crate::web::error::{ApiError, FieldIssue};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

/// Who is asking. Identity is stored for the body's officers only and never returned by the public endpoints.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct RequesterBody {
    /// `individual`, `legal_entity`, `group` or `represented`.
    pub kind: String,
    pub name: String,
    /// 16 digits; required except for legal entities.
    #[serde(default)]
    pub nik: String,
    /// Required for legal entities.
    #[serde(default)]
    pub entity_decree_number: String,
    /// Required when `kind` is `represented`.
    #[serde(default)]
    pub representative_name: String,
    #[serde(default)]
    pub representative_nik: String,
    pub address: String,
    pub occupation: String,
    #[serde(default)]
    pub phone: String,
    pub email: String,
    /// `id` (default) or `en`.
    #[serde(default)]
    pub language: String,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct NewRequestBody {
    pub requester: RequesterBody,
    /// The information requested.
    pub information: String,
    /// The purpose of use (UU 14/2008 Art. 4(3)).
    pub purpose: String,
    /// `inspect`, `softcopy` or `hardcopy`.
    pub obtain_method: String,
    /// `pickup`, `courier`, `post`, `fax` or `email`; not needed to inspect.
    #[serde(default)]
    pub delivery_method: String,
    /// Whether the request text may appear in the public register.
    #[serde(default)]
    pub publish_consent: bool,
    /// An identity scan and, for `group` or `represented`, the power of attorney (required then).
    #[serde(default)]
    pub documents: Vec<DocumentBody>,
}

/// A document given with the request: JPEG, PNG or PDF, at most 5 MB, base64-encoded.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct DocumentBody {
    /// `identity_scan` or `power_of_attorney`.
    pub kind: String,
    pub file_name: String,
    pub content_base64: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Registered {
    /// The request's id, used in API paths.
    pub id: String,
    pub registration_number: String,
    pub received_at: DateTime<Utc>,
    /// The local date of receipt in the body's zone (day 0).
    pub received_on: NaiveDate,
    /// Shown once: the key to the request. Send it as `Authorization: Bearer <token>`.
    pub tracking_token: String,
    pub tracking_url: String,
    pub notice_due: NaiveDate,
    pub notice_due_explanation: String,
    /// The latest date for the notice if the body extends once.
    pub latest_with_extension: NaiveDate,
}

/// Submit a request to a public body. It is registered at once.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{slug}/requests",
    tag = "requests",
    params(
        ("slug" = String, Path, description = "The public body's slug"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique value (a UUID) naming this submission: \
          sent again within 24 hours with the same body, it gets the first answer again (marked \
          `Idempotent-Replayed: true`) instead of registering a second request. Retry with it after a lost answer \
          or a 503."),
    ),
    request_body = NewRequestBody,
    responses(
        (status = 201, description = "Registered", body = Registered),
        (status = 400, description = "Invalid input; every bad field is listed", body = crate::web::error::ErrorBody),
        (status = 404, description = "No such body", body = crate::web::error::ErrorBody),
        (status = 422, description = "The Idempotency-Key was used for a different submission", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many submissions; see Retry-After", body = crate::web::error::ErrorBody),
    )
)]
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    body: web::Json<NewRequestBody>,
) -> Result<HttpResponse, ApiError> {
    let locale = locale.0;
    let slug = path.into_inner();
    let body = body.into_inner();
    let idempotency_key = crate::web::retries::key(&req)?;
    // What was sent, to tell a retry from another submission under the same key.
    let sent = serde_json::to_vec(&body).unwrap_or_default();
    let scope = format!("api/bodies/{slug}/requests");
    let now = state.clock.now();
    let ip =
        crate::web::client::ip(&req, &state.settings.limits.trusted_proxies).map(|i| i.to_string()).unwrap_or_default();
    let email = body.requester.email.trim().to_lowercase();
    let checks = [
        (Limit::requests_per_ip(state.settings.limits.requests_per_ip_per_hour), ip),
        (Limit::requests_per_email(state.settings.limits.requests_per_email_per_day), email),
    ];
    let mut documents = Vec::new();
    let mut doc_errors = Vec::new();
    for (i, d) in body.documents.iter().enumerate() {
        use base64::Engine;
        let kind = match d.kind.as_str() {
            "identity_scan" => Some(crate::domain::upload::DocumentKind::IdentityScan),
            "power_of_attorney" => Some(crate::domain::upload::DocumentKind::PowerOfAttorney),
            _ => None,
        };
        match (kind, base64::engine::general_purpose::STANDARD.decode(d.content_base64.trim())) {
            (Some(kind), Ok(bytes)) => documents.push(cases::Upload { kind, file_name: d.file_name.clone(), bytes }),
            _ => doc_errors.push(FieldIssue::worded(
                format!("documents[{i}]"),
                "invalid_document",
                "error-invalid-document",
            )),
        }
    }
    if !doc_errors.is_empty() {
        return Err(ApiError::invalid_input(doc_errors));
    }
    let new = NewRequest {
        documents,
        body: slug,
        unit: None,
        requester: RequesterInput {
            kind: body.requester.kind,
            name: body.requester.name,
            email: body.requester.email,
            phone: body.requester.phone,
            address: body.requester.address,
            occupation: body.requester.occupation,
            nik: body.requester.nik,
            entity_decree_number: body.requester.entity_decree_number,
            representative_name: body.requester.representative_name,
            representative_nik: body.requester.representative_nik,
            language: if body.requester.language == "en" { "en".into() } else { locale.code().into() },
        },
        channel: Channel::Api,
        received_at: now,
        information: body.information,
        purpose: body.purpose,
        obtain_method: body.obtain_method,
        delivery_method: body.delivery_method,
        publish_consent: body.publish_consent,
    };
    let (calendar, secrets, files) = (state.settings.calendar, state.secrets.clone(), state.files.clone());
    let base_url = state.base_url.clone();
    let outcome = state
        .db
        .run(move |conn| {
            let submission = idempotency_key.as_deref().map(|key| Submission { scope: &scope, key, request: &sent });
            idempotency::once(conn, &secrets, submission.as_ref(), now, |conn| {
                let keys: Vec<(Limit, &str)> = checks.iter().map(|(limit, key)| (*limit, key.as_str())).collect();
                let registration = limits::within(conn, &secrets, &keys, now, |conn| {
                    let actor = Actor { kind: ActorKind::Requester, id: None };
                    cases::register_request(conn, calendar, &secrets, &files, &new, &actor, now)
                })?;
                let registration = match registration {
                    Ok(registration) => registration,
                    Err(retry_at) => {
                        let refusal = crate::web::error::ErrorBody {
                            code: "too_many_requests",
                            message: t(locale, "error-too-many-requests"),
                            errors: vec![],
                        };
                        let body = serde_json::to_string(&refusal).unwrap_or_default();
                        return Ok((Answer { status: 429, location: String::new(), body }, Some(retry_at)));
                    }
                };
                let Some(tracking) = portal::tracking(conn, calendar, &registration.tracking_token, now)? else {
                    return Err(ServiceError::NotFound { what: "request", key: registration.request.id });
                };
                let r = &registration.request;
                let registered = Registered {
                    id: r.id.clone(),
                    registration_number: r.registration_number.clone(),
                    received_at: r.received_at.and_utc(),
                    received_on: r.received_on,
                    tracking_url: format!("{base_url}/lacak/{}", registration.tracking_token),
                    tracking_token: registration.tracking_token.clone(),
                    notice_due: r.notice_due,
                    notice_due_explanation: tracking
                        .c1
                        .1
                        .as_ref()
                        .map(|d| explain_deadline(locale, d))
                        .unwrap_or_default(),
                    latest_with_extension: tracking.c2.0,
                };
                let location = format!("/api/v1/requests/{}", r.id);
                let body = serde_json::to_string(&registered).unwrap_or_default();
                Ok((Answer { status: 201, location, body }, None))
            })
        })
        .await?;
    match outcome {
        Outcome::Done(answer, None) => Ok(crate::web::retries::respond(&answer, false)),
        Outcome::Done(answer, Some(retry_at)) => {
            let res = crate::web::retries::respond(&answer, false);
            Ok(crate::web::respond::retry_after(res, retry_at, now))
        }
        Outcome::Replayed(answer) => Ok(crate::web::retries::respond(&answer, true)),
        Outcome::KeyReused => Err(ApiError::idempotency_key_reused()),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BodyRef {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    /// e.g. `registered`, `extended`, `notice_given`, `deadline_moved`.
    #[serde(rename = "type")]
    pub event_type: String,
    pub recorded_at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionView {
    pub registration_number: String,
    /// `registered`, `decided` or `withdrawn`.
    pub status: String,
    /// The atasan PPID's deadline (C4).
    pub decision_due: NaiveDate,
    /// The last day to go to the KI (C5), once known.
    pub dispute_due: Option<NaiveDate>,
}

/// The requester's view of their request.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestView {
    pub id: String,
    pub registration_number: String,
    pub body: BodyRef,
    /// `registered`, `extended`, `notice_given`, `information_provided`, `closed`, `withdrawn` or
    /// `closed_without_decision`.
    pub status: String,
    pub received_at: DateTime<Utc>,
    pub received_on: NaiveDate,
    pub notice_due: NaiveDate,
    pub extended: bool,
    pub overdue: bool,
    pub notice_on: Option<NaiveDate>,
    /// `granted`, `granted_in_part`, `refused_exempt`, `not_held` or `not_yet_documented`.
    pub decision: Option<String>,
    pub events: Vec<EventView>,
    pub objections: Vec<ObjectionView>,
}

/// Read a request with its tracking token (`Authorization: Bearer <token>`).
#[utoipa::path(
    get,
    path = "/api/v1/requests/{id}",
    tag = "requests",
    params(("id" = String, Path, description = "The request's id")),
    security(("tracking_token" = [])),
    responses(
        (status = 200, description = "The request as its requester sees it", body = RequestView),
        (status = 401, description = "No bearer token", body = crate::web::error::ErrorBody),
        (status = 404, description = "No request with this id and token", body = crate::web::error::ErrorBody),
    )
)]
pub async fn read(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let token = crate::web::auth::bearer(&req).ok_or_else(ApiError::unauthorized)?;
    let (calendar, now) = (state.settings.calendar, state.clock.now());
    let tracking = state
        .db
        .run(move |conn| portal::tracking(conn, calendar, &token, now))
        .await?
        .filter(|t| t.request.id == id)
        .ok_or_else(ApiError::not_found)?;
    let r = &tracking.request;
    let view = RequestView {
        id: r.id.clone(),
        registration_number: r.registration_number.clone(),
        body: BodyRef { slug: tracking.body.slug.clone(), name: tracking.body.name.clone() },
        status: r.state.to_string(),
        received_at: r.received_at.and_utc(),
        received_on: r.received_on,
        notice_due: r.notice_due,
        extended: tracking.extended,
        overdue: tracking.aggregate.is_overdue(tracking.today),
        notice_on: r.notice_on,
        decision: tracking.aggregate.notice.as_ref().map(|n| n.decision.kind().to_owned()),
        events: tracking
            .events
            .iter()
            .filter(|(_, e)| !matches!(e, RequestEvent::DeadlineMoveRefused { .. }))
            .map(|(row, e)| EventView {
                event_type: e.type_name().to_owned(),
                recorded_at: row.recorded_at.and_utc(),
                reason: row.reason.clone(),
            })
            .collect(),
        objections: tracking
            .objections
            .iter()
            .map(|crate::service::portal::TrackedObjection { row: o, .. }| ObjectionView {
                registration_number: o.registration_number.clone(),
                status: o.state.to_string(),
                decision_due: o.c4_due,
                dispute_due: o.c5_due,
            })
            .collect(),
    };
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(view))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterEntry {
    pub registration_number: String,
    pub received_on: NaiveDate,
    pub status: String,
    pub notice_due: NaiveDate,
    pub notice_on: Option<NaiveDate>,
    pub decision: Option<String>,
    /// The Art. 17 letter of a refusal or partial grant.
    pub art17_ground: Option<String>,
    /// Only where the requester consented and no officer hid it.
    pub text: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterBody {
    pub body: BodyRef,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    pub entries: Vec<RegisterEntry>,
}

/// A body's public register of requests (never any identity), newest first.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{slug}/register",
    tag = "register",
    params(
        ("slug" = String, Path, description = "The public body's slug"),
        ("year" = Option<i64>, Query, description = "Year of registration"),
        ("status" = Option<String>, Query, description = "Only requests in this status"),
        ("page" = Option<i64>, Query, description = "Page, from 1 (25 entries a page)"),
    ),
    responses(
        (status = 200, description = "One page of the register", body = RegisterBody),
        (status = 400, description = "Invalid filter", body = crate::web::error::ErrorBody),
        (status = 404, description = "No such body", body = crate::web::error::ErrorBody),
    )
)]
pub async fn register(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.into_inner();
    let mut errors = Vec::new();
    let mut int = |key: &str, range: std::ops::RangeInclusive<i64>| match query
        .get(key)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => match s.parse::<i64>() {
            Ok(v) if range.contains(&v) => Some(v),
            _ => {
                errors.push(FieldIssue::worded(key.to_owned(), "invalid_filter", "register-bad-filter"));
                None
            }
        },
    };
    let year = int("year", 2000..=2199);
    let page = int("page", 1..=100_000).unwrap_or(1);
    let status = query.get("status").map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if status.as_deref().is_some_and(|s| !crate::domain::request::RequestState::NAMES.contains(&s)) {
        errors.push(FieldIssue::worded("status", "invalid_filter", "register-bad-filter"));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid_input(errors));
    }
    let today = state.clock.now().date_naive();
    let reg = state
        .db
        .run(move |conn| portal::register(conn, &slug, year, status.as_deref(), page, today))
        .await?
        .ok_or_else(ApiError::not_found)?;
    let entries = reg
        .entries
        .into_iter()
        .map(|e| RegisterEntry {
            registration_number: e.number,
            received_on: e.received_on,
            status: e.state,
            notice_due: e.notice_due,
            notice_on: e.notice_on,
            decision: e.decision,
            art17_ground: e.art17_ground.map(|c| c.to_string()),
            text: e.text,
            overdue: e.overdue,
        })
        .collect();
    Ok(HttpResponse::Ok().json(RegisterBody {
        body: BodyRef { slug: reg.body.slug, name: reg.body.name },
        total: reg.total,
        page,
        page_size: portal::REGISTER_PAGE_SIZE,
        entries,
    }))
}

/// 400 for a body that is not valid JSON for its schema, in the envelope.
pub fn json_error(err: actix_web::error::JsonPayloadError, req: &HttpRequest) -> actix_web::Error {
    tracing::debug!(error = %err, "unreadable JSON body");
    let locale = crate::web::locale::resolve(req);
    let status = match &err {
        actix_web::error::JsonPayloadError::ContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        _ => StatusCode::BAD_REQUEST,
    };
    let body =
        crate::web::error::ErrorBody { code: "invalid_json", message: t(locale, "error-invalid-json"), errors: vec![] };
    actix_web::error::InternalError::from_response(err, HttpResponse::build(status).json(body)).into()
}
