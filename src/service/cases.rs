//! Requests, objections and disputes: registering them and moving them through their lifecycle.
//!
//! Every transition is one write transaction that (1) rebuilds the case from its events, (2) asks the domain
//! whether the law allows the step, (3) appends the event to the case's hash chain with actor, time and reason,
//! and (4) writes the projection (state and stored deadlines, with the calendar version used) under optimistic
//! concurrency. Requester identity is stored once, in `requesters`; events carry ids and dates only.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::crypto::Secrets;
use crate::db::models::bodies::{BodyRow, UnitRow};
use crate::db::models::cases::{
    DisputeRow, DocumentRow, EventRow, NoteRow, ObjectionRow, RequestRow, RequesterRow, ResponseDocumentRow,
};
use crate::db::repo::events::{Actor, NewEvent};
use crate::db::repo::{bodies as body_repo, calendar as calendar_repo, cases as repo, events as event_repo};
use crate::db::{DbConn, DbError, write_tx};
use crate::domain::CaseEvent;
use crate::domain::body::{FieldProblem, NumberFormat, Slug, parse_email, parse_name, parse_phone};
use crate::domain::calendar::{CalendarSettings, CalendarView, JurisdictionCode};
use crate::domain::clocks::{C1_WRITTEN_NOTICE, C2_EXTENSION, C4_ATASAN_DECISION};
use crate::domain::dispute::{AdjudicationOutcome, Dispute};
use crate::domain::nik::Nik;
use crate::domain::objection::{
    AtasanOutcome, GroundFacts, Objection, ObjectionEvent, ObjectionGround, ObjectionState, Reaction,
};
use crate::domain::request::{Channel, DecisionInput, Request, RequestError, RequestEvent, TerminalOutcome};
use crate::domain::upload::{DocumentKind, clean_file_name, detect_type};
use crate::files::FileStore;
use crate::service::{Problems, ServiceError};

/// How often a registration is retried when two transactions collide on a key (PostgreSQL only).
const MAX_ATTEMPTS: usize = 20;

fn refused(code: &'static str, e: impl ToString) -> ServiceError {
    ServiceError::Refused { code, message: e.to_string() }
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn is_retryable(e: &ServiceError) -> bool {
    matches!(
        e,
        ServiceError::Db(DbError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::SerializationFailure,
            _
        )))
    )
}

/// Runs one transition's transaction, then records yesterday's anchor if it is still due.
fn transition<T>(
    conn: &mut DbConn,
    now: DateTime<Utc>,
    f: impl FnOnce(&mut DbConn) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let out = write_tx(conn, f)?;
    crate::service::audit::anchor_due(conn, now);
    Ok(out)
}

/// [`transition`] for registrations, run again when it lost a race on a unique key (two first registrations of
/// a year inserting the same counter at once on PostgreSQL). SQLite's immediate transactions never race.
fn with_retry<T>(
    conn: &mut DbConn,
    now: DateTime<Utc>,
    mut f: impl FnMut(&mut DbConn) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let mut attempt = 1;
    loop {
        match transition(conn, now, &mut f) {
            Err(e) if attempt < MAX_ATTEMPTS && is_retryable(&e) => attempt += 1,
            other => return other,
        }
    }
}

/// The calendar that counts a body's deadlines: as loaded, with the local days of its competent KI.
pub(crate) fn calendar_for(
    conn: &mut DbConn,
    settings: CalendarSettings,
    body_id: &str,
    on: NaiveDate,
) -> Result<(CalendarView, i64), ServiceError> {
    let ki = body_repo::competent_ki(conn, body_id, on)?;
    let code = JurisdictionCode::parse(&ki.code);
    let calendar = calendar_repo::load(conn)?;
    Ok((calendar.view(None, code.as_ref(), settings), calendar.version()))
}

pub(crate) fn zone_of(body: &BodyRow, unit: Option<&UnitRow>) -> Tz {
    unit.and_then(|u| u.time_zone.as_deref()).unwrap_or(&body.time_zone).parse().unwrap_or(chrono_tz::Asia::Jakarta)
}

/// The event to append to the chain of case `case_id` (of body `body_id`).
pub(crate) fn new_event<'a, E: CaseEvent>(
    case_id: &'a str,
    body_id: &'a str,
    event: &'a E,
    actor: &'a Actor,
    reason: &'a str,
    now: DateTime<Utc>,
) -> Result<NewEvent<'a>, ServiceError> {
    let payload = serde_json::to_value(event).map_err(|e| DbError::Unavailable(format!("event encoding: {e}")))?;
    Ok(NewEvent {
        case_kind: E::CASE_KIND,
        case_id,
        body_id,
        event_type: event.type_name(),
        payload,
        actor,
        reason,
        recorded_at: now,
    })
}

/// Appends `event` to the chain of case `case_id` (of body `body_id`).
fn append<E: CaseEvent>(
    conn: &mut DbConn,
    case_id: &str,
    body_id: &str,
    event: &E,
    actor: &Actor,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<EventRow, ServiceError> {
    Ok(event_repo::append(conn, new_event(case_id, body_id, event, actor, reason, now)?)?)
}

fn load_events<E: DeserializeOwned>(conn: &mut DbConn, case_id: &str) -> Result<Vec<E>, ServiceError> {
    event_repo::for_case(conn, case_id)?
        .iter()
        .map(|row| {
            serde_json::from_str(&row.payload).map_err(|e| {
                ServiceError::Db(DbError::Query(DieselError::DeserializationError(
                    format!("event {} of case {case_id}: {e}", row.seq).into(),
                )))
            })
        })
        .collect()
}

/// A case's row (`None`: no such case) and its state, replayed from its events by `replay`; a case whose events do
/// not start with its first event is a damaged record, not a missing one.
fn load_case<R, S, E: DeserializeOwned>(
    conn: &mut DbConn,
    what: &'static str,
    id: &str,
    row: Option<R>,
    replay: fn(&[E]) -> Option<S>,
) -> Result<(R, S), ServiceError> {
    let row = row.ok_or_else(|| ServiceError::NotFound { what, key: id.to_owned() })?;
    let events: Vec<E> = load_events(conn, id)?;
    let state = replay(&events).ok_or_else(|| {
        ServiceError::Db(DbError::Query(DieselError::DeserializationError(
            format!("{what} {id} has no first event").into(),
        )))
    })?;
    Ok((row, state))
}

fn check_version(what: &'static str, current: i64, expected: Option<i64>) -> Result<(), ServiceError> {
    match expected {
        Some(v) if v != current => Err(ServiceError::Conflict { what, current }),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/// Who is asking. Stored in `requesters` only; the NIK encrypted.
#[derive(Debug, Clone, Default)]
pub struct RequesterInput {
    /// individual, legal_entity, group or represented.
    pub kind: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub occupation: String,
    /// The NIK of an individual, of a group's representative, or of a represented person, as typed.
    pub nik: String,
    /// A legal entity's decree number (SK pengesahan badan hukum).
    pub entity_decree_number: String,
    /// The kuasa (representative) of a represented person.
    pub representative_name: String,
    pub representative_nik: String,
    /// The language the requester used ("id" or "en"), for later messages.
    pub language: String,
}

pub const REQUESTER_KINDS: [&str; 4] = ["individual", "legal_entity", "group", "represented"];
pub const OBTAIN_METHODS: [&str; 3] = ["inspect", "softcopy", "hardcopy"];
pub const DELIVERY_METHODS: [&str; 5] = ["pickup", "courier", "post", "fax", "email"];

fn nik_problem(field: &'static str, value: &str, required: bool, p: &mut Problems) {
    if value.trim().is_empty() {
        if required {
            p.push(FieldProblem::new(field, "required", "must not be empty"));
        }
        return;
    }
    if let Err(e) = Nik::parse(value) {
        p.push(FieldProblem::new(field, e.code(), e.to_string()));
    }
}

/// The requester's details. `online` (portal or API) asks for everything the Perki form asks; an officer
/// registering an oral or desk request may leave out what the person did not give.
fn check_requester(p: &mut Problems, r: &RequesterInput, online: bool) {
    let kind = r.kind.trim();
    if !REQUESTER_KINDS.contains(&kind) {
        p.push(FieldProblem::new(
            "requester_kind",
            "invalid_choice",
            "expected individual, legal_entity, group or represented",
        ));
    }
    p.take(parse_name("requester_name", &r.name));
    if kind == "legal_entity" {
        if online && r.entity_decree_number.trim().is_empty() {
            p.push(FieldProblem::new("entity_decree_number", "required", "must not be empty"));
        }
    } else {
        nik_problem("requester_nik", &r.nik, online, p);
    }
    if kind == "represented" {
        p.take(parse_name("representative_name", &r.representative_name));
        nik_problem("representative_nik", &r.representative_nik, online, p);
    }
    if online || !r.address.trim().is_empty() {
        p.take(parse_name("requester_address", &r.address));
    }
    if online && r.occupation.trim().is_empty() {
        p.push(FieldProblem::new("requester_occupation", "required", "must not be empty"));
    }
    if !r.phone.trim().is_empty() {
        p.take(parse_phone("requester_phone", &r.phone));
    }
    if online || !r.email.trim().is_empty() {
        p.take(parse_email("requester_email", &r.email));
    }
}

/// The stored row of a requester (trimmed, the NIKs encrypted and blind-indexed), under a new id.
pub(crate) fn requester_row(r: &RequesterInput, secrets: &Secrets, now: DateTime<Utc>) -> RequesterRow {
    let id = new_id();
    let nik = Nik::parse(&r.nik).ok();
    let representative_nik = Nik::parse(&r.representative_nik).ok();
    RequesterRow {
        kind: r.kind.trim().to_owned(),
        name: r.name.trim().to_owned(),
        email: r.email.trim().to_owned(),
        phone: r.phone.trim().to_owned(),
        address: r.address.trim().to_owned(),
        occupation: r.occupation.trim().to_owned(),
        created_at: now.naive_utc(),
        purged_at: None,
        nik_encrypted: nik.as_ref().map(|n| secrets.encrypt(n.as_str().as_bytes(), &format!("requester/{id}/nik"))),
        nik_blind_index: nik.as_ref().map(|n| secrets.blind_index(n.as_str())),
        entity_decree_number: r.entity_decree_number.trim().to_owned(),
        representative_name: r.representative_name.trim().to_owned(),
        representative_nik_encrypted: representative_nik
            .map(|n| secrets.encrypt(n.as_str().as_bytes(), &format!("requester/{id}/representative_nik"))),
        language: if r.language == "en" { "en".into() } else { "id".into() },
        id,
    }
}

fn insert_requester(
    conn: &mut DbConn,
    r: &RequesterInput,
    secrets: &Secrets,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let row = requester_row(r, secrets, now);
    repo::insert_requester(conn, &row)?;
    Ok(row.id)
}

#[derive(Debug, Clone)]
pub struct NewRequest {
    pub body: String,
    pub unit: Option<String>,
    pub requester: RequesterInput,
    pub channel: Channel,
    /// When the body received it: the statutory clock starts here, not at data entry.
    pub received_at: DateTime<Utc>,
    pub information: String,
    /// Required by UU 14/2008 Art. 4(3).
    pub purpose: String,
    /// inspect, softcopy or hardcopy.
    pub obtain_method: String,
    /// pickup, courier, post, fax or email (not needed to inspect).
    pub delivery_method: String,
    /// The requester agrees that the request text may appear in the public register.
    pub publish_consent: bool,
    /// An identity scan and, for groups and represented persons, the power of attorney.
    pub documents: Vec<Upload>,
}

/// A file given with a request.
#[derive(Debug, Clone)]
pub struct Upload {
    pub kind: DocumentKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A registered request and its private tracking token, which is shown once and never stored.
#[derive(Debug, Clone)]
pub struct Registration {
    pub request: RequestRow,
    pub tracking_token: String,
}

fn online(channel: Channel) -> bool {
    matches!(channel, Channel::Web | Channel::Api)
}

fn check_choice(p: &mut Problems, field: &'static str, value: &str, choices: &[&str], required: bool) {
    let v = value.trim();
    if v.is_empty() {
        if required {
            p.push(FieldProblem::new(field, "required", "choose one"));
        }
    } else if !choices.contains(&v) {
        p.push(FieldProblem::new(field, "invalid_choice", format!("expected one of {}", choices.join(", "))));
    }
}

fn required_text(p: &mut Problems, field: &'static str, s: &str, max: usize) {
    let n = s.trim().chars().count();
    if n == 0 {
        p.push(FieldProblem::new(field, "required", "must not be empty"));
    } else if n > max {
        p.push(FieldProblem::new(field, "too_long", format!("at most {max} characters")));
    }
}

/// Registers a request at once: number, local receipt date, C1 deadline, first event, and a tracking token.
/// The checks of a new request's own fields (not its files); returns whether it came in online.
fn check_request_fields(p: &mut Problems, input: &NewRequest) -> bool {
    let is_online = online(input.channel);
    check_requester(p, &input.requester, is_online);
    required_text(p, "information", &input.information, 10_000);
    required_text(p, "purpose", &input.purpose, 5_000);
    check_choice(p, "obtain_method", &input.obtain_method, &OBTAIN_METHODS, is_online);
    let needs_delivery = is_online && input.obtain_method.trim() != "inspect";
    check_choice(p, "delivery_method", &input.delivery_method, &DELIVERY_METHODS, needs_delivery);
    is_online
}

/// The checks after the files': the power of attorney a group or a represented person sends online, and the time.
fn check_after_files(p: &mut Problems, input: &NewRequest, is_online: bool, now: DateTime<Utc>) {
    let needs_attorney = is_online && matches!(input.requester.kind.trim(), "group" | "represented");
    if needs_attorney && !input.documents.iter().any(|d| d.kind == DocumentKind::PowerOfAttorney) {
        p.push(FieldProblem::new(
            "power_of_attorney",
            "required",
            "a group or a represented person needs the power of attorney",
        ));
    }
    if input.received_at > now + chrono::Duration::minutes(5) {
        p.push(FieldProblem::new("received_at", "in_future", "the time of receipt cannot be in the future"));
    }
}

/// The checks of [`register_request`] but the files' types, for writers that decide many registrations
/// before writing them (the demo).
pub(crate) fn check_new_request(input: &NewRequest, now: DateTime<Utc>) -> Result<(), ServiceError> {
    let mut p = Problems::default();
    let is_online = check_request_fields(&mut p, input);
    check_after_files(&mut p, input, is_online, now);
    p.finish()
}

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
fn register_transaction(
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

/// A compliance rollup change: a counter of a key, and what to add to it.
pub(crate) type RollupDelta = (crate::domain::compliance::RollupKey, String, i64);

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
        state: String::new(),
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

fn project_request(row: &mut RequestRow, r: &Request, calendar: &CalendarView) {
    row.c3_due = r.objection_window_due(calendar);
    row.state = r.state.as_str().to_owned();
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
    /// An internal note by the signed-in officer (`author_id`).
    AddNote {
        author_id: String,
        text: String,
    },
    /// Hide the request's text from the public register, or show it again.
    SetTextHidden {
        hidden: bool,
        reason: String,
    },
}

fn request_error(e: RequestError) -> ServiceError {
    refused(e.code(), e)
}

fn notice_field(e: &RequestError) -> &'static str {
    match e {
        RequestError::Art17GroundRequired | RequestError::InvalidArt17Ground => "art17_ground",
        RequestError::ConsequenceTestRequired => "consequence_test",
        RequestError::RedactionReasonsRequired => "redacted_parts",
        RequestError::HolderKnowledgeRequired => "holder_known",
        RequestError::HolderNameRequired => "holder_name",
        RequestError::ExpectedDateRequired => "expected_by",
        RequestError::FormRequired => "form",
        RequestError::ProvisionDateRequired => "provide_by",
        RequestError::DateBeforeNotice { field } => field,
        RequestError::FeeInvalid | RequestError::FeeWithoutProvision => "fee_rupiah",
        RequestError::FeeBasisRequired => "fee_basis",
        RequestError::UnknownDecision => "decision",
        _ => "notice_on",
    }
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
                    errors.iter().map(|e| FieldProblem::new(notice_field(e), e.code(), e.to_string())).collect(),
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
            RequestCommand::AddNote { author_id, text } => {
                let mut p = Problems::default();
                required_text(&mut p, "note", text, 5_000);
                p.finish()?;
                let note = NoteRow {
                    id: new_id(),
                    case_id: row.id.clone(),
                    body_id: row.body_id.clone(),
                    author_id: author_id.clone(),
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

/// The statutory notices by email, in the transition's transaction: extension, written notice, information
/// provided, closed without a decision. (The requester's tracking link is not stored, so these point to the
/// receipt mail's link.)
fn notify_requester(
    conn: &mut DbConn,
    row: &RequestRow,
    event: &RequestEvent,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let (kind, mut params) = match event {
        RequestEvent::Extended { c2_due, .. } => {
            ("extension", serde_json::json!({ "c2_due": c2_due.to_string(), "reason": reason }))
        }
        RequestEvent::NoticeGiven { decision, fee, .. } => (
            "notice",
            serde_json::json!({
                "decision": decision.kind(),
                "art17": match decision {
                    crate::domain::request::Decision::RefusedExempt { ground, .. }
                    | crate::domain::request::Decision::GrantedInPart { ground, .. } => ground.letter().to_string(),
                    _ => String::new(),
                },
                "provide_by": decision.promised_by().map(|d| d.to_string()).unwrap_or_default(),
                "fee": fee.as_ref().map(|f| format!("Rp {} — {}", f.rupiah, f.basis)).unwrap_or_default(),
                "object_by": row.c3_due.map(|d| d.to_string()).unwrap_or_default(),
            }),
        ),
        RequestEvent::InformationProvided { provided_on } => {
            ("provided", serde_json::json!({ "provided_on": provided_on.to_string() }))
        }
        RequestEvent::ClosedWithoutDecision { outcome, .. } => {
            ("closed", serde_json::json!({ "outcome": outcome.kind(), "reason": reason }))
        }
        _ => return Ok(()),
    };
    let requester = repo::requester(conn, &row.requester_id)?;
    if requester.email.trim().is_empty() {
        return Ok(());
    }
    let body = body_repo::body_by_id(conn, &row.body_id)?;
    params["number"] = row.registration_number.clone().into();
    params["body"] = body.name.clone().into();
    params["body_email"] = body.ppid_email.clone().into();
    crate::service::mail::enqueue_plain(
        conn,
        &crate::service::mail::NewMail {
            kind,
            to: &requester.email,
            language: &requester.language,
            params,
            case_id: Some(&row.id),
            dedupe_key: Some(format!("{kind}/{}", row.id)),
        },
        now,
    )
}

/// The request's contribution to the compliance rollup as it now stands (domain.md §6).
fn contribution(
    row: &RequestRow,
    request: &Request,
    calendar: &CalendarView,
    applicant_type: &str,
) -> crate::domain::compliance::Contribution {
    let wd = request.notice.as_ref().map(|n| calendar.working_days_between(request.received_on, n.notice_on));
    crate::domain::compliance::Contribution {
        key: crate::domain::compliance::RollupKey {
            body_id: row.body_id.clone(),
            unit_id: row.unit_id.clone().unwrap_or_default(),
            day: row.received_on,
            channel: row.channel.clone(),
            applicant_type: applicant_type.to_owned(),
        },
        metrics: crate::domain::compliance::request_metrics(request, wd),
    }
}

/// The rollup key of an objection: counted on the day it was received, body-wide.
fn objection_key(row: &ObjectionRow, applicant_type: String) -> crate::domain::compliance::RollupKey {
    crate::domain::compliance::RollupKey {
        body_id: row.body_id.clone(),
        unit_id: String::new(),
        day: row.received_on,
        channel: row.channel.clone(),
        applicant_type,
    }
}

/// Records `new` as the case's contribution (`compliance`, JSON) and returns the changes from the one it replaces.
fn replace_contribution(compliance: &mut String, new: crate::domain::compliance::Contribution) -> Vec<RollupDelta> {
    let old: Option<crate::domain::compliance::Contribution> = serde_json::from_str(compliance).ok();
    let changes = crate::domain::compliance::delta(old.as_ref(), &new);
    *compliance = serde_json::to_string(&new).expect("contributions serialize");
    changes
}

/// The applicant type of a case: the one its stored contribution was counted under, else its requester's.
fn applicant_of(conn: &mut DbConn, compliance: &str, requester_id: &str) -> Result<String, ServiceError> {
    match stored_applicant(compliance) {
        Some(a) => Ok(a),
        None => Ok(repo::requester(conn, requester_id)?.kind),
    }
}

/// Replaces an objection's contribution to the rollup: records the new one on the row and returns the changes.
pub(crate) fn rollup_objection(row: &mut ObjectionRow, objection: &Objection, applicant: String) -> Vec<RollupDelta> {
    let new = crate::domain::compliance::Contribution {
        key: objection_key(row, applicant),
        metrics: crate::domain::compliance::objection_metrics(objection),
    };
    replace_contribution(&mut row.compliance, new)
}

/// Replaces an objection's contribution to the rollup (in the caller's transaction).
pub(crate) fn update_objection_rollup(
    conn: &mut DbConn,
    row: &mut ObjectionRow,
    objection: &Objection,
) -> Result<(), ServiceError> {
    let applicant = applicant_of(conn, &row.compliance, &row.requester_id)?;
    crate::db::repo::compliance::add_all(conn, &rollup_objection(row, objection, applicant))?;
    Ok(())
}

/// A dispute's contribution to the rollup: counted on the day it was filed, body-wide; records the new one on the
/// row and returns the changes.
pub(crate) fn rollup_dispute(row: &mut DisputeRow, dispute: &Dispute) -> Vec<RollupDelta> {
    let key = crate::domain::compliance::RollupKey {
        body_id: row.body_id.clone(),
        unit_id: String::new(),
        day: row.filed_on,
        channel: String::new(),
        applicant_type: String::new(),
    };
    let new =
        crate::domain::compliance::Contribution { key, metrics: crate::domain::compliance::dispute_metrics(dispute) };
    replace_contribution(&mut row.compliance, new)
}

/// Replaces a dispute's contribution to the rollup (in the caller's transaction).
pub(crate) fn update_dispute_rollup(
    conn: &mut DbConn,
    row: &mut DisputeRow,
    dispute: &Dispute,
) -> Result<(), ServiceError> {
    crate::db::repo::compliance::add_all(conn, &rollup_dispute(row, dispute))?;
    Ok(())
}

/// The applicant type a case's stored contribution was counted under (`None` before its first).
fn stored_applicant(compliance: &str) -> Option<String> {
    serde_json::from_str::<crate::domain::compliance::Contribution>(compliance).ok().map(|c| c.key.applicant_type)
}

/// Replaces the request's contribution to the compliance rollup: records the new one on the row and returns the
/// changes to the counters.
pub(crate) fn rollup_request(
    row: &mut RequestRow,
    request: &Request,
    calendar: &CalendarView,
    applicant: &str,
) -> Vec<RollupDelta> {
    let new = contribution(row, request, calendar, applicant);
    replace_contribution(&mut row.compliance, new)
}

/// Replaces the request's contribution to the compliance rollup (in the caller's transaction) and records the new
/// one on the row. `applicant_type` is given at registration; later it comes from the stored contribution.
pub(crate) fn update_rollup(
    conn: &mut DbConn,
    row: &mut RequestRow,
    request: &Request,
    calendar: &CalendarView,
    applicant_type: Option<&str>,
) -> Result<(), ServiceError> {
    let applicant = match applicant_type {
        Some(a) => a.to_owned(),
        None => applicant_of(conn, &row.compliance, &row.requester_id)?,
    };
    crate::db::repo::compliance::add_all(conn, &rollup_request(row, request, calendar, &applicant))?;
    Ok(())
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

fn save_request(
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

// ---------------------------------------------------------------------------------------------------------------
// Objections
// ---------------------------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct NewObjection {
    /// The request objected to; `None` only for ground (b) alone.
    pub request_id: Option<String>,
    /// The body, when there is no request.
    pub body: Option<String>,
    /// The requester, when there is no request (otherwise the request's requester objects).
    pub requester: Option<RequesterInput>,
    pub grounds: Vec<ObjectionGround>,
    /// Ground (b): the date from which the periodic information should have been published.
    pub periodic_date: Option<NaiveDate>,
    pub summary: String,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    /// Filed through the portal or the API: a late objection is refused there (paper ones are flagged late).
    pub online: bool,
    /// The kuasa who files it on the requester's behalf, if any.
    pub representative_name: String,
}

pub fn file_objection(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    input: &NewObjection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ObjectionRow, ServiceError> {
    let mut p = Problems::default();
    required_text(&mut p, "summary", &input.summary, 10_000);
    if input.request_id.is_none() {
        if input.body.as_deref().is_none_or(|b| b.trim().is_empty()) {
            p.push(FieldProblem::new("body", "required", "an objection without a request must name the body"));
        }
        match &input.requester {
            None => p.push(FieldProblem::new(
                "requester_name",
                "required",
                "an objection without a request must name the requester",
            )),
            Some(r) => check_requester(&mut p, r, online(input.channel)),
        }
    }
    p.finish()?;

    with_retry(conn, now, |conn| {
        let (body, request, requester_id) = match &input.request_id {
            Some(id) => {
                let (row, request) = load_request(conn, id)?;
                (body_repo::body_by_id(conn, &row.body_id)?, Some(request), row.requester_id)
            }
            None => {
                let slug = input.body.as_deref().unwrap_or_default().trim();
                let body = body_repo::body_by_slug(conn, slug)?
                    .ok_or_else(|| ServiceError::NotFound { what: "public body", key: slug.to_owned() })?;
                let requester_id = insert_requester(conn, input.requester.as_ref().expect("checked"), secrets, now)?;
                (body, None, requester_id)
            }
        };
        let received_on = input.received_at.with_timezone(&zone_of(&body, None)).date_naive();
        let (calendar, calendar_version) = calendar_for(conn, settings, &body.id, received_on)?;
        let requester = repo::requester(conn, &requester_id)?;
        let place = Place { body: &body, unit: None, calendar: &calendar, calendar_version };
        let party = Party {
            id: requester_id,
            kind: requester.kind,
            mailable: crate::service::mail::is_mailable(&requester.email),
        };
        let (row, _, event, rollup) = objection_filing(&place, input, request.as_ref(), party, now, |year| {
            Ok(repo::next_seq(conn, &body.id, "objection", year)?)
        })?;
        crate::db::repo::compliance::add_all(conn, &rollup)?;
        repo::insert_objection(conn, &row)?;
        append(conn, &row.id, &body.id, &event, actor, "", now)?;
        notify_objector(
            conn,
            &row,
            &body,
            "objection_receipt",
            serde_json::json!({ "c4_due": row.c4_due.to_string() }),
            now,
        )?;
        let params = serde_json::json!({
            "number": row.registration_number,
            "body": body.name,
            "due": row.c4_due.to_string(),
            "path": format!("/ruang-kerja/keberatan/{}", row.id),
        });
        notify_staff(conn, &body.id, StaffAudience::NewObjection, "staff_new_objection", params, actor, now)?;
        Ok(row)
    })
}

/// The requester a case is for: id, applicant type, and whether mail can reach them.
pub(crate) struct Party {
    pub id: String,
    pub kind: String,
    pub mailable: bool,
}

/// Decides the filing of an objection from what was read (the request objected to, if any, and the requester):
/// the domain's transition, the number (`seq` gives the sequence for the year of receipt), the row and the
/// rollup changes. Writes nothing.
pub(crate) fn objection_filing(
    place: &Place<'_>,
    input: &NewObjection,
    request: Option<&Request>,
    party: Party,
    now: DateTime<Utc>,
    seq: impl FnOnce(i64) -> Result<i64, ServiceError>,
) -> Result<(ObjectionRow, Objection, ObjectionEvent, Vec<RollupDelta>), ServiceError> {
    let (body, calendar) = (place.body, place.calendar);
    let received_on = input.received_at.with_timezone(&zone_of(body, None)).date_naive();
    let facts = GroundFacts { request, periodic_date: input.periodic_date };
    let (objection, event) = Objection::file(&input.grounds, facts, received_on, input.online, calendar)
        .map_err(|e| refused(e.code(), e))?;
    let year = i64::from(chrono::Datelike::year(&received_on));
    let seq = seq(year)?;
    let format = NumberFormat::parse("objection_number_format", &body.objection_number_format)
        .map_err(|p| ServiceError::Invalid(vec![p]))?;
    let slug = Slug::parse(&body.slug).expect("stored slugs are valid");
    let mut row = ObjectionRow {
        id: new_id(),
        body_id: body.id.clone(),
        request_id: input.request_id.clone(),
        requester_id: party.id,
        registration_number: format.render(seq, received_on, &slug),
        registration_year: year,
        registration_seq: seq,
        channel: input.channel.as_str().to_owned(),
        received_at: input.received_at.naive_utc(),
        received_on,
        grounds: objection.grounds.iter().map(|g| g.ground.letter()).collect(),
        summary: input.summary.trim().to_owned(),
        late: objection.late,
        state: objection.state.as_str().to_owned(),
        c4_due: objection.c4_due,
        c5_due: objection.dispute_window_due(calendar),
        calendar_version: place.calendar_version,
        decided_on: None,
        outcome: None,
        version: 1,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        representative_name: input.representative_name.trim().chars().take(200).collect(),
        compliance: String::new(),
        requester_mailable: party.mailable,
    };
    let rollup = rollup_objection(&mut row, &objection, party.kind);
    Ok((row, objection, event, rollup))
}

#[derive(Debug, Clone)]
pub enum ObjectionCommand {
    Decide {
        decided_on: NaiveDate,
        outcome: AtasanOutcome,
        reasons: String,
        atasan_name: String,
        atasan_position: String,
        electronic: bool,
    },
    RecordDecisionReceived {
        received_on: NaiveDate,
    },
    Reaction {
        reaction: Reaction,
    },
    Withdraw {
        withdrawn_on: NaiveDate,
        reason: String,
    },
}

pub fn load_objection(conn: &mut DbConn, id: &str) -> Result<(ObjectionRow, Objection), ServiceError> {
    let row = repo::objection(conn, id)?;
    load_case(conn, "objection", id, row, Objection::replay)
}

fn project_objection(row: &mut ObjectionRow, o: &Objection, calendar: &CalendarView) {
    row.c5_due = o.dispute_window_due(calendar);
    row.state = o.state.as_str().to_owned();
    row.c4_due = o.c4_due;
    row.decided_on = o.decision.as_ref().map(|d| d.decided_on);
    row.outcome = o
        .decision
        .as_ref()
        .map(|d| serde_json::to_value(d.outcome).expect("serializes").as_str().unwrap_or_default().to_owned());
}

/// The row after a step: projection, contribution, version and time; returns the rollup changes.
pub(crate) fn settle_objection(
    row: &mut ObjectionRow,
    o: &Objection,
    calendar: &CalendarView,
    applicant: String,
    now: DateTime<Utc>,
) -> Vec<RollupDelta> {
    project_objection(row, o, calendar);
    let changes = rollup_objection(row, o, applicant);
    row.version += 1;
    row.updated_at = now.naive_utc();
    changes
}

fn save_objection(
    conn: &mut DbConn,
    row: &mut ObjectionRow,
    o: &Objection,
    calendar: &CalendarView,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let applicant = applicant_of(conn, &row.compliance, &row.requester_id)?;
    let changes = settle_objection(row, o, calendar, applicant, now);
    crate::db::repo::compliance::add_all(conn, &changes)?;
    if !repo::update_objection(conn, row)? {
        return Err(ServiceError::Conflict { what: "the objection", current: row.version });
    }
    Ok(())
}

/// The event of an objection's step, with its reason.
pub(crate) fn objection_step<'c>(
    objection: &Objection,
    command: &'c ObjectionCommand,
) -> Result<(ObjectionEvent, &'c str), ServiceError> {
    let err = |e: crate::domain::objection::ObjectionError| refused(e.code(), e);
    Ok(match command {
        ObjectionCommand::Decide { decided_on, outcome, reasons, atasan_name, atasan_position, electronic } => (
            objection.decide(*decided_on, *outcome, reasons, atasan_name, atasan_position, *electronic).map_err(err)?,
            reasons.as_str(),
        ),
        ObjectionCommand::RecordDecisionReceived { received_on } => {
            (objection.record_decision_received(*received_on).map_err(err)?, "")
        }
        ObjectionCommand::Reaction { reaction } => (objection.record_reaction(*reaction).map_err(err)?, ""),
        ObjectionCommand::Withdraw { withdrawn_on, reason } => {
            (objection.withdraw(*withdrawn_on, reason).map_err(err)?, reason.as_str())
        }
    })
}

pub fn objection_command(
    conn: &mut DbConn,
    settings: CalendarSettings,
    id: &str,
    expected_version: Option<i64>,
    command: &ObjectionCommand,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ObjectionRow, ServiceError> {
    transition(conn, now, |conn| {
        let (mut row, mut objection) = load_objection(conn, id)?;
        check_version("the objection", row.version, expected_version)?;
        let (calendar, _) = calendar_for(conn, settings, &row.body_id, row.received_on)?;
        let (event, reason) = objection_step(&objection, command)?;
        append(conn, &row.id, &row.body_id, &event, actor, reason, now)?;
        objection.apply(&event);
        save_objection(conn, &mut row, &objection, &calendar, now)?;
        if let ObjectionEvent::Decided { decision } = &event {
            let body = body_repo::body_by_id(conn, &row.body_id)?;
            let ki = body_repo::competent_ki(conn, &row.body_id, decision.decided_on)?;
            let params = serde_json::json!({
                "outcome": row.outcome.clone().unwrap_or_default(),
                "dispute_by": row.c5_due.map(|d| d.to_string()).unwrap_or_default(),
                "ki": ki.name,
            });
            notify_objector(conn, &row, &body, "atasan_decision", params, now)?;
        }
        Ok(row)
    })
}

/// The objection's receipt and the atasan's decision by email, to the requester who objected (statutory).
fn notify_objector(
    conn: &mut DbConn,
    row: &ObjectionRow,
    body: &BodyRow,
    kind: &str,
    mut params: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let requester = repo::requester(conn, &row.requester_id)?;
    if requester.email.trim().is_empty() {
        return Ok(());
    }
    params["number"] = row.registration_number.clone().into();
    params["body"] = body.name.clone().into();
    params["body_email"] = body.ppid_email.clone().into();
    crate::service::mail::enqueue_plain(
        conn,
        &crate::service::mail::NewMail {
            kind,
            to: &requester.email,
            language: &requester.language,
            params,
            case_id: Some(&row.id),
            dedupe_key: Some(format!("{kind}/{}", row.id)),
        },
        now,
    )
}

// ---------------------------------------------------------------------------------------------------------------
// Disputes
// ---------------------------------------------------------------------------------------------------------------

/// Decides a dispute's filing against objection `orow` with the body's competent KI (`ki_id`): the domain's
/// transition, the row and the rollup changes. Writes nothing.
pub(crate) fn dispute_filing(
    orow: &ObjectionRow,
    objection: &Objection,
    filed_on: NaiveDate,
    by_officer: bool,
    calendar: &CalendarView,
    ki_id: String,
    now: DateTime<Utc>,
) -> Result<(DisputeRow, Dispute, crate::domain::dispute::DisputeEvent, Vec<RollupDelta>), ServiceError> {
    let (dispute, event) =
        Dispute::file(objection, filed_on, by_officer, calendar).map_err(|e| refused(e.code(), e))?;
    let mut row = DisputeRow {
        id: new_id(),
        body_id: orow.body_id.clone(),
        objection_id: orow.id.clone(),
        jurisdiction_id: ki_id,
        filed_on,
        late: dispute.late,
        c5_due: dispute.c5_due,
        confirmed: dispute.confirmed,
        ki_number: None,
        version: 1,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        compliance: String::new(),
    };
    let rollup = rollup_dispute(&mut row, &dispute);
    Ok((row, dispute, event, rollup))
}

/// Records a dispute filing with the body's competent KI. `by_officer: false` is the requester's claim.
pub fn file_dispute(
    conn: &mut DbConn,
    settings: CalendarSettings,
    objection_id: &str,
    filed_on: NaiveDate,
    by_officer: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<DisputeRow, ServiceError> {
    transition(conn, now, |conn| {
        let (orow, objection) = load_objection(conn, objection_id)?;
        let (calendar, _) = calendar_for(conn, settings, &orow.body_id, filed_on)?;
        let ki = body_repo::competent_ki(conn, &orow.body_id, filed_on)?;
        let (row, _, event, rollup) = dispute_filing(&orow, &objection, filed_on, by_officer, &calendar, ki.id, now)?;
        crate::db::repo::compliance::add_all(conn, &rollup)?;
        repo::insert_dispute(conn, &row)?;
        append(conn, &row.id, &row.body_id, &event, actor, "", now)?;
        Ok(row)
    })
}

#[derive(Debug, Clone)]
pub enum DisputeCommand {
    Confirm,
    RegisterAtKi { ki_number: String, received_by_ki_on: NaiveDate },
    FirstSession { on: NaiveDate },
    ExtendMediation,
    MediationAgreement { on: NaiveDate },
    AdjudicationDecision { decided_on: NaiveDate, received_on: NaiveDate, outcome: AdjudicationOutcome },
    Compliance { complied: bool, on: NaiveDate },
    CourtChallenge { filed_on: NaiveDate, court: String },
    CourtDecision { received_on: NaiveDate },
}

pub fn load_dispute(conn: &mut DbConn, id: &str) -> Result<(DisputeRow, Dispute), ServiceError> {
    let row = repo::dispute(conn, id)?;
    load_case(conn, "dispute", id, row, Dispute::replay)
}

/// The event of a dispute's step.
pub(crate) fn dispute_step(
    dispute: &Dispute,
    command: &DisputeCommand,
) -> Result<crate::domain::dispute::DisputeEvent, ServiceError> {
    match command {
        DisputeCommand::Confirm => dispute.confirm(),
        DisputeCommand::RegisterAtKi { ki_number, received_by_ki_on } => {
            dispute.register_at_ki(ki_number, *received_by_ki_on)
        }
        DisputeCommand::FirstSession { on } => dispute.first_session(*on),
        DisputeCommand::ExtendMediation => dispute.extend_mediation(),
        DisputeCommand::MediationAgreement { on } => dispute.mediation_agreement(*on),
        DisputeCommand::AdjudicationDecision { decided_on, received_on, outcome } => {
            dispute.adjudication_decision(*decided_on, *received_on, *outcome)
        }
        DisputeCommand::Compliance { complied, on } => dispute.record_compliance(*complied, *on),
        DisputeCommand::CourtChallenge { filed_on, court } => dispute.court_challenge(*filed_on, court),
        DisputeCommand::CourtDecision { received_on } => dispute.court_decision(*received_on),
    }
    .map_err(|e| refused(e.code(), e))
}

/// The row after a step (the applied `dispute`): what it shows, contribution, version and time; returns the
/// rollup changes.
pub(crate) fn settle_dispute(row: &mut DisputeRow, dispute: &Dispute, now: DateTime<Utc>) -> Vec<RollupDelta> {
    row.confirmed = dispute.confirmed;
    row.ki_number = dispute.ki_number.clone();
    let changes = rollup_dispute(row, dispute);
    row.version += 1;
    row.updated_at = now.naive_utc();
    changes
}

pub fn dispute_command(
    conn: &mut DbConn,
    id: &str,
    expected_version: Option<i64>,
    command: &DisputeCommand,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<DisputeRow, ServiceError> {
    transition(conn, now, |conn| {
        let (mut row, mut dispute) = load_dispute(conn, id)?;
        check_version("the dispute", row.version, expected_version)?;
        let event = dispute_step(&dispute, command)?;
        append(conn, &row.id, &row.body_id, &event, actor, "", now)?;
        dispute.apply(&event);
        let changes = settle_dispute(&mut row, &dispute, now);
        crate::db::repo::compliance::add_all(conn, &changes)?;
        if !repo::update_dispute(conn, &row)? {
            return Err(ServiceError::Conflict { what: "the dispute", current: row.version });
        }
        Ok(row)
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar changes
// ---------------------------------------------------------------------------------------------------------------

/// One open deadline that a calendar change recomputed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineMove {
    pub case_kind: &'static str,
    pub case_id: String,
    pub registration_number: String,
    pub clock: &'static str,
    pub old: NaiveDate,
    pub new: NaiveDate,
    /// `false` when the new date is earlier than one already told to a party: the move is refused and logged.
    pub applied: bool,
}

/// Recomputes every open clock whose deadline is on or after `from` (the change's earliest `known_from`), with
/// the calendar as now loaded. Later dates are applied, each as an event with old and new dates; earlier ones
/// are refused (the deadline was already told to the requester on the receipt or notice) and logged. Closed
/// clocks keep what they were measured against. Call inside the calendar change's transaction.
pub fn recompute_deadlines(
    conn: &mut DbConn,
    settings: CalendarSettings,
    from: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<DeadlineMove>, ServiceError> {
    let actor = Actor::system();
    let mut moves = Vec::new();
    for mut row in repo::open_requests_due_from(conn, from)? {
        let (_, mut request) = load_request(conn, &row.id)?;
        let (calendar, version) = calendar_for(conn, settings, &row.body_id, row.received_on)?;
        let mut events = Vec::new();
        let c1 = calendar.add_working_days(request.received_on, C1_WRITTEN_NOTICE).due;
        events.extend(clock_event(&mut moves, "request", &row, "c1", request.c1_due, c1, version));
        if let Some(e) = events.last() {
            request.apply(e);
        }
        if let Some(ext) = &request.extension {
            let c2 = calendar.add_working_days(request.c1_due, C2_EXTENSION).due;
            let old = ext.c2_due;
            if let Some(e) = clock_event(&mut moves, "request", &row, "c2", old, c2, version) {
                request.apply(&e);
                events.push(e);
            }
        }
        if events.is_empty() {
            continue;
        }
        let reason = format!("calendar version {version}");
        for e in &events {
            append(conn, &row.id, &row.body_id, e, &actor, &reason, now)?;
        }
        row.calendar_version = version;
        save_request(conn, &mut row, &request, &calendar, now)?;
    }
    for mut row in repo::open_objections_due_from(conn, from)? {
        let (_, mut objection) = load_objection(conn, &row.id)?;
        if objection.state != ObjectionState::Registered {
            continue;
        }
        let (calendar, version) = calendar_for(conn, settings, &row.body_id, row.received_on)?;
        let c4 = calendar.add_working_days(objection.received_on, C4_ATASAN_DECISION).due;
        let old = objection.c4_due;
        if c4 == old {
            continue;
        }
        let applied = c4 > old;
        moves.push(DeadlineMove {
            case_kind: "objection",
            case_id: row.id.clone(),
            registration_number: row.registration_number.clone(),
            clock: "c4",
            old,
            new: c4,
            applied,
        });
        let event = if applied {
            ObjectionEvent::DeadlineMoved { clock: "c4".into(), old, new: c4, calendar_version: version }
        } else {
            ObjectionEvent::DeadlineMoveRefused { clock: "c4".into(), old, proposed: c4, calendar_version: version }
        };
        append(conn, &row.id, &row.body_id, &event, &actor, &format!("calendar version {version}"), now)?;
        objection.apply(&event);
        row.calendar_version = version;
        save_objection(conn, &mut row, &objection, &calendar, now)?;
    }
    Ok(moves)
}

fn clock_event(
    moves: &mut Vec<DeadlineMove>,
    case_kind: &'static str,
    row: &RequestRow,
    clock: &'static str,
    old: NaiveDate,
    new: NaiveDate,
    version: i64,
) -> Option<RequestEvent> {
    if new == old {
        return None;
    }
    let applied = new > old;
    moves.push(DeadlineMove {
        case_kind,
        case_id: row.id.clone(),
        registration_number: row.registration_number.clone(),
        clock,
        old,
        new,
        applied,
    });
    Some(if applied {
        RequestEvent::DeadlineMoved { clock: clock.into(), old, new, calendar_version: version }
    } else {
        RequestEvent::DeadlineMoveRefused { clock: clock.into(), old, proposed: new, calendar_version: version }
    })
}

/// Who among a body's staff hears of something.
#[derive(Debug, Clone, Copy)]
pub(crate) enum StaffAudience<'a> {
    /// A new request: the PPID Utama, and the unit's PPID Pelaksana when it was registered to a unit.
    NewRequest { unit_id: Option<&'a str> },
    /// Routed to a unit (its PPID Pelaksana) or back to the PPID Utama.
    Routed { unit_id: Option<&'a str> },
    /// A new objection: the atasan PPID.
    NewObjection,
}

/// Mail to the body's staff about a case, in each person's language, in the transition's transaction. The person
/// who took the step is not told of it; accounts without an email address are skipped.
pub(crate) fn notify_staff(
    conn: &mut DbConn,
    body_id: &str,
    audience: StaffAudience<'_>,
    kind: &str,
    params: serde_json::Value,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use crate::domain::account::Role;
    for user in crate::db::repo::accounts::active_users_of_body(conn, body_id)? {
        if user.email.trim().is_empty() || actor.id.as_deref() == Some(user.id.as_str()) {
            continue;
        }
        let role = Role::parse(&user.role);
        let unit_matches = |unit: Option<&str>| unit.is_some() && user.unit_id.as_deref() == unit;
        let told = match audience {
            StaffAudience::NewRequest { unit_id } => {
                role == Some(Role::PpidUtama) || (role == Some(Role::PpidPelaksana) && unit_matches(unit_id))
            }
            StaffAudience::Routed { unit_id: Some(unit) } => {
                role == Some(Role::PpidPelaksana) && unit_matches(Some(unit))
            }
            StaffAudience::Routed { unit_id: None } => role == Some(Role::PpidUtama),
            StaffAudience::NewObjection => role == Some(Role::AtasanPpid),
        };
        if !told {
            continue;
        }
        crate::service::mail::enqueue_plain(
            conn,
            &crate::service::mail::NewMail {
                kind,
                to: &user.email,
                language: &user.language,
                params: params.clone(),
                // `case_id` marks mail to the case's requester (an undelivered one becomes an officer's task);
                // staff mail carries the case in its link instead.
                case_id: None,
                dedupe_key: None,
            },
            now,
        )?;
    }
    Ok(())
}
