//! Requests: registration (the decision the demo reuses and the transaction around it), each step on a request,
//! and the documents the body provides.

use chrono::{DateTime, NaiveDate, Utc};

use crate::crypto::Secrets;
use crate::db::models::bodies::{BodyRow, UnitRow};
use crate::db::models::cases::{DocumentRow, NoteRow, RequestRow, RequesterRow, ResponseDocumentRow};
use crate::db::repo::events::Actor;
use crate::db::repo::{bodies as body_repo, cases as repo};
use crate::db::{DbConn, DbError};
use crate::domain::Refusal;
use crate::domain::body::{FieldProblem, NumberFormat, Slug};
use crate::domain::calendar::{CalendarSettings, CalendarView};
use crate::domain::request::{DecisionInput, Request, RequestError, RequestEvent, TerminalOutcome};
use crate::domain::upload::{clean_file_name, detect_type};
use crate::files::FileStore;
use crate::service::calendar::{calendar_for, zone_of};
use crate::service::cases::notify::*;
use crate::service::cases::plumbing::*;
use crate::service::cases::requester::*;
use crate::service::cases::rollup::*;
use crate::service::{Problems, ServiceError};

pub fn register_request(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    files: &FileStore,
    input: &NewRequest,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Registration, ServiceError> {
    let mut p = Problems::default();
    let is_online = check_request_fields(&mut p, input);
    let mut typed = Vec::new();
    for upload in &input.documents {
        match detect_type(&upload.bytes) {
            Ok(content_type) => typed.push((upload, content_type)),
            Err(e) => p.push(FieldProblem::new(upload.kind.as_str(), e.code(), e.to_string())),
        }
    }
    check_after_files(&mut p, input, is_online, now);
    p.finish()?;

    // Files first, outside the transaction; removed again if the registration does not commit.
    let mut stored = Vec::new();
    for (upload, content_type) in &typed {
        match files.put(secrets, &upload.bytes) {
            Ok(key) => stored.push((*upload, *content_type, key)),
            Err(e) => {
                stored.iter().for_each(|(_, _, k): &(&Upload, &str, String)| files.remove(k));
                return Err(ServiceError::Db(DbError::Unavailable(format!("upload store: {e}"))));
            }
        }
    }
    let result = register_transaction(conn, settings, secrets, input, &stored, None, actor, now);
    if result.is_err() {
        stored.iter().for_each(|(_, _, k)| files.remove(k));
    }
    result
}

/// Registers a request from an existing register under the number it already has (its sequence read from the
/// body's number format); the body's series then continues after the highest imported number of that year.
/// No documents; the same checks as an officer's registration.
pub fn register_with_number(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    input: &NewRequest,
    number: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Registration, ServiceError> {
    let mut p = Problems::default();
    check_requester(&mut p, &input.requester, false);
    required_text(&mut p, "information", &input.information, 10_000);
    required_text(&mut p, "purpose", &input.purpose, 5_000);
    check_choice(&mut p, "obtain_method", &input.obtain_method, &OBTAIN_METHODS, false);
    check_choice(&mut p, "delivery_method", &input.delivery_method, &DELIVERY_METHODS, false);
    if input.received_at > now {
        p.push(FieldProblem::new("received_at", "in_future", "the time of receipt cannot be in the future"));
    }
    p.finish()?;
    register_transaction(conn, settings, secrets, input, &[], Some(number), actor, now)
}

#[allow(clippy::too_many_arguments)] // one registration: its input, files, an imported number, and who/when
pub(crate) fn register_transaction(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    input: &NewRequest,
    stored: &[(&Upload, &str, String)],
    imported_number: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Registration, ServiceError> {
    with_retry(conn, now, |conn| {
        let body = body_repo::body_by_slug(conn, input.body.trim())?
            .ok_or_else(|| ServiceError::NotFound { what: "public body", key: input.body.clone() })?;
        let unit = match input.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(u) => Some(
                body_repo::unit_by_slug(conn, &body.id, u)?
                    .ok_or_else(|| ServiceError::NotFound { what: "unit", key: format!("{}/{u}", body.slug) })?,
            ),
        };
        let received_on = input.received_at.with_timezone(&zone_of(&body, unit.as_ref())).date_naive();
        let (calendar, calendar_version) = calendar_for(conn, settings, &body.id, received_on)?;
        let tracking_token = crate::crypto::new_token();
        let place = Place { body: &body, unit: unit.as_ref(), calendar: &calendar, calendar_version };
        let Registered { requester, row, event, rollup, .. } =
            registration(&place, input, secrets, &tracking_token, now, |year, body_date, format, slug| {
                match imported_number {
                    None => Ok(repo::next_seq(conn, &body.id, "request", year)?),
                    Some(number) => {
                        let seq = format.seq_of(number.trim(), body_date, slug).ok_or_else(|| {
                            ServiceError::invalid(
                                "number",
                                "number_format",
                                format!("expected the format {}", format.as_str()),
                            )
                        })?;
                        if repo::request_by_number(conn, &body.id, number.trim())?.is_some() {
                            return Err(ServiceError::invalid("number", "taken", "a request with this number exists"));
                        }
                        repo::raise_seq(conn, &body.id, "request", year, seq)?;
                        Ok(seq)
                    }
                }
            })?;
        repo::insert_requester(conn, &requester)?;
        for (upload, content_type, key) in stored {
            repo::insert_document(
                conn,
                &DocumentRow {
                    id: new_id(),
                    requester_id: requester.id.clone(),
                    kind: upload.kind.as_str().to_owned(),
                    file_name: clean_file_name(&upload.file_name),
                    content_type: (*content_type).to_owned(),
                    size_bytes: upload.bytes.len() as i64,
                    sha256: crate::domain::evidence::sha256_hex_bytes(&upload.bytes),
                    storage_key: key.clone(),
                    created_at: now.naive_utc(),
                },
            )?;
        }
        crate::db::repo::compliance::add_all(conn, &rollup)?;
        repo::insert_request(conn, &row)?;
        append(conn, &row.id, &body.id, &event, actor, "", now)?;
        // The receipt by email, in this same transaction: it exists exactly when the request does.
        let email = input.requester.email.trim();
        if !email.is_empty() && imported_number.is_none() {
            crate::service::mail::enqueue(
                conn,
                secrets,
                &crate::service::mail::NewMail {
                    kind: "receipt",
                    to: email,
                    language: &input.requester.language,
                    params: serde_json::json!({
                        "number": row.registration_number,
                        "body": body.name,
                        "c1_due": row.c1_due.to_string(),
                        "tracking_token": tracking_token,
                    }),
                    case_id: Some(&row.id),
                    dedupe_key: Some(format!("receipt/{}", row.id)),
                },
                now,
            )?;
        }
        if imported_number.is_none() {
            let params = serde_json::json!({
                "number": row.registration_number,
                "body": body.name,
                "received_on": row.received_on.to_string(),
                "channel": row.channel,
                "due": row.c1_due.to_string(),
                "path": format!("/ruang-kerja/permohonan/{}", row.id),
            });
            let audience = StaffAudience::NewRequest { unit_id: row.unit_id.as_deref() };
            notify_staff(conn, &body.id, audience, "staff_new_request", params, actor, now)?;
        }
        Ok(Registration { request: row, tracking_token })
    })
}

/// Where a case is handled: its body, unit, and the calendar counting its deadlines (with that calendar's version).
pub(crate) struct Place<'a> {
    pub body: &'a BodyRow,
    pub unit: Option<&'a UnitRow>,
    pub calendar: &'a CalendarView,
    pub calendar_version: i64,
}

/// Everything a registration writes: the requester, the request's row and state, its first event, and the
/// rollup changes.
pub(crate) struct Registered {
    pub requester: RequesterRow,
    pub row: RequestRow,
    pub request: Request,
    pub event: RequestEvent,
    pub rollup: Vec<RollupDelta>,
}

/// Decides a registration from what was read: the domain's transition, the number (`seq` gives the sequence for
/// the year, the body's date of receipt, its number format and slug), the rows. Writes nothing: the service writes
/// the result in its transaction, the demo in its day's batch.
pub(crate) fn registration(
    place: &Place<'_>,
    input: &NewRequest,
    secrets: &Secrets,
    tracking_token: &str,
    now: DateTime<Utc>,
    seq: impl FnOnce(i64, NaiveDate, &NumberFormat, &Slug) -> Result<i64, ServiceError>,
) -> Result<Registered, ServiceError> {
    let (body, calendar) = (place.body, place.calendar);
    let received_on = input.received_at.with_timezone(&zone_of(body, place.unit)).date_naive();
    let (request, event) = Request::register(received_on, input.channel, calendar);
    // Numbers run per body and year of receipt in the *body's* zone, even for a unit in another zone.
    let body_date = input.received_at.with_timezone(&zone_of(body, None)).date_naive();
    let year = i64::from(chrono::Datelike::year(&body_date));
    let format = NumberFormat::parse("request_number_format", &body.request_number_format)
        .map_err(|p| ServiceError::Invalid(vec![p]))?;
    let slug = Slug::parse(&body.slug).expect("stored slugs are valid");
    let seq = seq(year, body_date, &format, &slug)?;
    let requester = requester_row(&input.requester, secrets, now);
    let mut row = RequestRow {
        id: new_id(),
        body_id: body.id.clone(),
        unit_id: place.unit.map(|u| u.id.clone()),
        requester_id: requester.id.clone(),
        registration_number: format.render(seq, body_date, &slug),
        registration_year: year,
        registration_seq: seq,
        channel: input.channel.as_str().to_owned(),
        received_at: input.received_at.naive_utc(),
        received_on,
        information: input.information.trim().to_owned(),
        purpose: input.purpose.trim().to_owned(),
        state: request.state,
        c1_due: request.c1_due,
        c2_due: None,
        notice_due: request.c1_due,
        c3_due: None,
        calendar_version: place.calendar_version,
        notice_on: None,
        decision: None,
        provided_on: None,
        ended_on: None,
        version: 1,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        obtain_method: input.obtain_method.trim().to_owned(),
        delivery_method: input.delivery_method.trim().to_owned(),
        publish_consent: input.publish_consent,
        text_hidden: false,
        tracking_token_hash: Some(crate::crypto::token_hash(tracking_token)),
        compliance: String::new(),
        requester_mailable: crate::service::mail::is_mailable(&input.requester.email),
    };
    project_request(&mut row, &request, calendar);
    let rollup = rollup_request(&mut row, &request, calendar, input.requester.kind.trim());
    Ok(Registered { requester, row, request, event, rollup })
}

pub(crate) fn project_request(row: &mut RequestRow, r: &Request, calendar: &CalendarView) {
    row.c3_due = r.objection_window_due(calendar);
    row.state = r.state;
    row.c1_due = r.c1_due;
    row.c2_due = r.extension.as_ref().map(|e| e.c2_due);
    row.notice_due = r.notice_due();
    row.notice_on = r.notice.as_ref().map(|n| n.notice_on);
    row.decision = r.notice.as_ref().map(|n| serde_json::to_string(&n.decision).expect("decisions serialize"));
    row.provided_on = r.provided_on;
    row.ended_on = r.ended_on;
}

/// A step in a request's lifecycle.
#[derive(Debug, Clone)]
pub enum RequestCommand {
    Extend {
        notified_on: NaiveDate,
        reason: String,
    },
    GiveNotice {
        notice_on: NaiveDate,
        decision: DecisionInput,
        electronic: bool,
    },
    RecordNoticeReceived {
        received_on: NaiveDate,
    },
    Provide {
        provided_on: NaiveDate,
    },
    Close {
        closed_on: NaiveDate,
    },
    Withdraw {
        withdrawn_on: NaiveDate,
        reason: String,
    },
    CloseWithoutDecision {
        closed_on: NaiveDate,
        outcome: TerminalOutcome,
        reason: String,
    },
    /// To a unit of the same body (its slug), or back to the PPID Utama (`None`). Deadlines stay.
    Route {
        unit: Option<String>,
        reason: String,
    },
    /// An internal note by the officer acting (the actor).
    AddNote {
        text: String,
    },
    /// Hide the request's text from the public register, or show it again.
    SetTextHidden {
        hidden: bool,
        reason: String,
    },
}

pub(crate) fn request_error(e: RequestError) -> ServiceError {
    refused(e)
}

/// Loads a request for a transition.
pub fn load_request(conn: &mut DbConn, id: &str) -> Result<(RequestRow, Request), ServiceError> {
    let row = repo::request(conn, id)?;
    load_case(conn, "request", id, row, Request::replay)
}

/// The event of a step that needs nothing but the case (every command but routing and notes; `None` for those),
/// with its reason; sets what the step changes on the row besides its projection, and only when the step is
/// allowed (a refused step leaves the row as it was).
pub(crate) fn request_step<'c>(
    row: &mut RequestRow,
    request: &Request,
    command: &'c RequestCommand,
    calendar: &CalendarView,
    calendar_version: i64,
) -> Option<Result<(RequestEvent, &'c str), ServiceError>> {
    Some(match command {
        RequestCommand::Extend { notified_on, reason } => {
            let step = request.extend(*notified_on, reason, calendar).map(|e| (e, reason.as_str()));
            if step.is_ok() {
                // The extension's deadline is counted with this calendar.
                row.calendar_version = calendar_version;
            }
            step.map_err(request_error)
        }
        RequestCommand::GiveNotice { notice_on, decision, electronic } => request
            .give_notice(*notice_on, decision, *electronic)
            .map(|e| (e, ""))
            .map_err(|errors| match errors.as_slice() {
                [RequestError::InvalidTransition { .. } | RequestError::BeforeReceipt { .. }] => {
                    request_error(errors[0].clone())
                }
                _ => ServiceError::Invalid(
                    errors
                        .iter()
                        .map(|e| FieldProblem::new(e.field().unwrap_or("notice_on"), e.code(), e.to_string()))
                        .collect(),
                ),
            }),
        RequestCommand::RecordNoticeReceived { received_on } => {
            request.record_notice_received(*received_on).map(|e| (e, "")).map_err(request_error)
        }
        RequestCommand::Provide { provided_on } => {
            request.provide(*provided_on).map(|e| (e, "")).map_err(request_error)
        }
        RequestCommand::Close { closed_on } => request.close(*closed_on).map(|e| (e, "")).map_err(request_error),
        RequestCommand::Withdraw { withdrawn_on, reason } => {
            request.withdraw(*withdrawn_on, reason).map(|e| (e, reason.as_str())).map_err(request_error)
        }
        RequestCommand::CloseWithoutDecision { closed_on, outcome, reason } => request
            .close_without_decision(*closed_on, outcome.clone(), reason)
            .map(|e| (e, reason.as_str()))
            .map_err(request_error),
        RequestCommand::SetTextHidden { hidden, reason } => {
            if *hidden == row.text_hidden {
                return Some(Err(ServiceError::invalid("hidden", "unchanged", "the text is already so")));
            }
            let step = request
                .set_text_hidden(*hidden, reason)
                .map(|e| (e, reason.as_str()))
                .map_err(|e| ServiceError::Invalid(vec![FieldProblem::new("reason", e.code(), e.to_string())]));
            if step.is_ok() {
                row.text_hidden = *hidden;
            }
            step
        }
        RequestCommand::Route { .. } | RequestCommand::AddNote { .. } => return None,
    })
}

/// Applies one step to a request, if the law allows it.
pub fn request_command(
    conn: &mut DbConn,
    settings: CalendarSettings,
    id: &str,
    expected_version: Option<i64>,
    command: &RequestCommand,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<RequestRow, ServiceError> {
    transition(conn, now, |conn| {
        let (mut row, mut request) = load_request(conn, id)?;
        check_version("the request", row.version, expected_version)?;
        let (calendar, version) = calendar_for(conn, settings, &row.body_id, row.received_on)?;
        let (event, reason) = match command {
            RequestCommand::Route { unit, reason } => {
                let unit_id = match unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                    None => None,
                    Some(slug) => Some(
                        body_repo::unit_by_slug(conn, &row.body_id, slug)?
                            .ok_or_else(|| {
                                ServiceError::invalid("unit", "invalid_choice", "no such unit in this body")
                            })?
                            .id,
                    ),
                };
                if unit_id == row.unit_id {
                    return Err(ServiceError::invalid("unit", "unchanged", "the request is already there"));
                }
                let event = request.route(unit_id.as_deref()).map_err(request_error)?;
                row.unit_id = unit_id;
                (event, reason.as_str())
            }
            RequestCommand::AddNote { text } => {
                let author_id = actor
                    .id
                    .clone()
                    .ok_or(ServiceError::Forbidden { why: "a note is written by a signed-in officer" })?;
                let mut p = Problems::default();
                required_text(&mut p, "note", text, 5_000);
                p.finish()?;
                let note = NoteRow {
                    id: new_id(),
                    case_id: row.id.clone(),
                    body_id: row.body_id.clone(),
                    author_id,
                    text: text.trim().to_owned(),
                    created_at: now.naive_utc(),
                };
                repo::insert_note(conn, &note)?;
                (RequestEvent::NoteAdded { note_id: note.id }, "")
            }
            plain => request_step(&mut row, &request, plain, &calendar, version).expect("a step of the case alone")?,
        };
        append(conn, &row.id, &row.body_id, &event, actor, reason, now)?;
        request.apply(&event);
        save_request(conn, &mut row, &request, &calendar, now)?;
        notify_requester(conn, &row, &event, reason, now)?;
        if let RequestEvent::Routed { unit_id } = &event {
            let unit = match unit_id {
                Some(id) => body_repo::unit_by_id(conn, id)?.name,
                None => String::new(),
            };
            let params = serde_json::json!({
                "number": row.registration_number,
                "unit": unit,
                "reason": reason,
                "due": row.notice_due.to_string(),
                "path": format!("/ruang-kerja/permohonan/{}", row.id),
            });
            let audience = StaffAudience::Routed { unit_id: unit_id.as_deref() };
            notify_staff(conn, &row.body_id, audience, "staff_routed", params, actor, now)?;
        }
        Ok(row)
    })
}

/// The row after a step: projection, contribution, version and time; returns the rollup changes.
pub(crate) fn settle_request(
    row: &mut RequestRow,
    request: &Request,
    calendar: &CalendarView,
    applicant: &str,
    now: DateTime<Utc>,
) -> Vec<RollupDelta> {
    project_request(row, request, calendar);
    let changes = rollup_request(row, request, calendar, applicant);
    row.version += 1;
    row.updated_at = now.naive_utc();
    changes
}

pub(crate) fn save_request(
    conn: &mut DbConn,
    row: &mut RequestRow,
    request: &Request,
    calendar: &CalendarView,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let applicant = applicant_of(conn, &row.compliance, &row.requester_id)?;
    let changes = settle_request(row, request, calendar, &applicant, now);
    crate::db::repo::compliance::add_all(conn, &changes)?;
    if !repo::update_request(conn, row)? {
        return Err(ServiceError::Conflict { what: "the request", current: row.version });
    }
    Ok(())
}

/// A document the body provides to the requester.
#[derive(Debug, Clone)]
pub struct ResponseUpload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Attaches a document for the requester: the file encrypted in the store, a row, and an event in the request's
/// chain with the file's SHA-256. Possible once a notice that provides information was given.
#[allow(clippy::too_many_arguments)] // one transition: its inputs, the two stores it writes to, and who/when
pub fn attach_response_document(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    files: &FileStore,
    request_id: &str,
    upload: &ResponseUpload,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ResponseDocumentRow, ServiceError> {
    let content_type = crate::domain::upload::detect_response_type(&upload.bytes, &upload.file_name)
        .map_err(|e| ServiceError::Invalid(vec![FieldProblem::new("document", e.code(), e.to_string())]))?;
    let key = files
        .put(secrets, &upload.bytes)
        .map_err(|e| ServiceError::Db(DbError::Unavailable(format!("upload store: {e}"))))?;
    let result = transition(conn, now, |conn| {
        let (mut row, mut request) = load_request(conn, request_id)?;
        let document = ResponseDocumentRow {
            id: new_id(),
            request_id: row.id.clone(),
            file_name: clean_file_name(&upload.file_name),
            content_type: content_type.to_owned(),
            size_bytes: upload.bytes.len() as i64,
            sha256: crate::domain::evidence::sha256_hex_bytes(&upload.bytes),
            storage_key: key.clone(),
            created_at: now.naive_utc(),
        };
        let event =
            request.attach_document(&document.id, &document.file_name, &document.sha256).map_err(request_error)?;
        repo::insert_response_document(conn, &document)?;
        append(conn, &row.id, &row.body_id, &event, actor, "", now)?;
        request.apply(&event);
        let (calendar, _) = calendar_for(conn, settings, &row.body_id, row.received_on)?;
        save_request(conn, &mut row, &request, &calendar, now)?;
        Ok(document)
    });
    if result.is_err() {
        files.remove(&key);
    }
    result
}
