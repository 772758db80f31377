//! What the citizen portal reads: a body's public page, and a request's private receipt and tracking page
//! (reached only with its tracking token).

use chrono_tz::Tz;

use crate::config::DatabaseTarget;
use crate::crypto::{ct_eq, token_hash};
use crate::db::batch::BatchedRead;
use crate::db::models::bodies::BodyRow;
use crate::db::models::cases::{EventRow, ObjectionRow, RequestRow, RequesterRow};
use crate::db::repo::{bodies as body_repo, cases as repo, events as event_repo};
use crate::db::{Db, DbConn};
use crate::domain::calendar::{CalendarSettings, Deadline, JurisdictionCode};
use crate::domain::clocks::C3_OBJECTION_WINDOW;
use crate::domain::clocks::{C1_WRITTEN_NOTICE, C2_EXTENSION};
use crate::domain::objection::{GroundFacts, ObjectionGround, covering, ground_day0};
use crate::domain::request::{Request, RequestEvent, RequestState};
use crate::service::ServiceError;

/// A body as the public sees it.
pub fn body(conn: &mut DbConn, slug: &str) -> Result<Option<BodyRow>, ServiceError> {
    Ok(body_repo::body_by_slug(conn, slug)?)
}

/// Every body this instance hosts, by name.
pub fn bodies(conn: &mut DbConn) -> Result<Vec<BodyRow>, ServiceError> {
    let mut all = body_repo::bodies(conn)?;
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

/// Every body under the KI competent for it on `on` (the rule of [`body_repo::competent_ki`]), KIs by level (the
/// central one first) then name, bodies by name: the home page's list of an instance with hundreds of bodies.
pub fn bodies_by_ki(
    conn: &mut DbConn,
    on: chrono::NaiveDate,
) -> Result<Vec<(crate::db::models::bodies::JurisdictionRow, Vec<BodyRow>)>, ServiceError> {
    use std::collections::BTreeMap;
    let mut by_body: BTreeMap<String, Vec<(chrono::NaiveDate, crate::db::models::bodies::JurisdictionRow)>> =
        BTreeMap::new();
    for (body_id, from, ki) in body_repo::all_assignments(conn)? {
        by_body.entry(body_id).or_default().push((from, ki));
    }
    let current: BTreeMap<String, crate::db::models::bodies::JurisdictionRow> = by_body
        .into_iter()
        .filter_map(|(body_id, mut all)| {
            let chosen = crate::domain::body::competent_assignment(&all, on)?;
            Some((body_id, all.swap_remove(chosen).1))
        })
        .collect();
    let mut groups: BTreeMap<(u8, String, String), (crate::db::models::bodies::JurisdictionRow, Vec<BodyRow>)> =
        BTreeMap::new();
    for body in bodies(conn)? {
        let Some(ki) = current.get(&body.id) else { continue };
        let rank = match ki.level.as_str() {
            "central" | "pusat" => 0,
            "province" | "provinsi" => 1,
            _ => 2,
        };
        groups.entry((rank, ki.name.clone(), ki.id.clone())).or_insert_with(|| (ki.clone(), Vec::new())).1.push(body);
    }
    Ok(groups.into_values().collect())
}

/// An objection to the tracked request: its row, the case rebuilt from its events (the atasan's decision and
/// order), and its dispute window if it is open today.
#[derive(Debug, Clone)]
pub struct TrackedObjection {
    pub row: ObjectionRow,
    pub objection: crate::domain::objection::Objection,
    pub window: Option<crate::domain::objection::DisputeWindow>,
    /// Whether the atasan's deadline and the dispute window's last day fall in a year whose holidays are not
    /// loaded yet (counted provisionally, like any other deadline).
    pub c4_provisional: bool,
    pub window_provisional: bool,
}

/// Everything the receipt and the tracking page show.
#[derive(Debug, Clone)]
pub struct Tracking {
    /// The numbers of the request's and its objections' letters issued so far.
    pub letter_numbers: crate::service::letters::LetterNumbers,
    /// The KI competent when the request was received: its local holidays count in the deadlines, with the
    /// calendar version the request keeps (`request.calendar_version`).
    pub ki_name: String,
    /// The KI a dispute goes to today (the body's competent KI now), with where and how to file.
    pub dispute_ki: crate::db::models::bodies::JurisdictionRow,
    pub request: RequestRow,
    pub aggregate: Request,
    pub body: BodyRow,
    pub unit_name: Option<String>,
    pub zone: Tz,
    pub requester: RequesterRow,
    pub events: Vec<(EventRow, RequestEvent)>,
    /// C1 as stored, with its explanation when the current calendar still gives the same date.
    pub c1: (chrono::NaiveDate, Option<Deadline>),
    /// C2: as stored once extended; otherwise the latest date an extension could give.
    pub c2: (chrono::NaiveDate, Option<Deadline>),
    pub extended: bool,
    /// Objection grounds that have arisen as of today, with their windows (C3).
    pub grounds: Vec<GroundStatus>,
    /// This request's objections, each with its dispute window if it is open today.
    pub objections: Vec<TrackedObjection>,
    /// Documents the body provided.
    pub documents: Vec<crate::db::models::cases::ResponseDocumentRow>,
    /// Disputes recorded for this request's objections.
    pub disputes: Vec<crate::db::models::cases::DisputeRow>,
    /// Today in the body's zone.
    pub today: chrono::NaiveDate,
}

/// A ground the requester may object on, or could have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroundStatus {
    pub ground: ObjectionGround,
    pub day0: chrono::NaiveDate,
    pub due: chrono::NaiveDate,
    /// The window is still open today and no objection covers this occasion yet.
    pub open: bool,
    /// The number of the objection already filed on this ground for this occasion, if any.
    pub objected_in: Option<String>,
    /// How `due` was counted (the days skipped, and whether the count is provisional).
    pub deadline: crate::domain::calendar::Deadline,
}

/// Finds a request by its tracking token. `None` for an unknown token (the caller answers 404 either way).
pub fn tracking(
    conn: &mut DbConn,
    settings: CalendarSettings,
    token: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Tracking>, ServiceError> {
    let Some(request) = request_by_token(conn, token)? else { return Ok(None) };
    case_view(conn, settings, request, now).map(Some)
}

/// The stamp of the request a tracking token opens (see `repo::TrackingStamp`): one statement, for the
/// rendered-page cache to tell whether a page it holds is still the page.
pub fn tracking_stamp(conn: &mut DbConn, token: &str) -> Result<Option<repo::TrackingStamp>, ServiceError> {
    let hash = token_hash(token);
    let Some(stamp) = repo::tracking_stamp(conn, &hash)? else { return Ok(None) };
    Ok(ct_eq(&stamp.token_hash, &hash).then_some(stamp))
}

/// Reads tracking stamps for the rendered-page cache, every visit's by a statement that starts after the visit
/// arrived (ADR 0008). SQLite: one indexed read on the calling thread ([`Db::read_quick`]). PostgreSQL: the stamps
/// of concurrent visits in one statement per round trip ([`BatchedRead`]), so a server answers many cached pages
/// per round trip instead of one.
#[derive(Debug, Clone)]
pub struct TrackingStamps {
    db: Db,
    batched: Option<BatchedRead<String, repo::TrackingStamp>>,
}

impl TrackingStamps {
    pub fn new(db: &Db) -> std::io::Result<Self> {
        let batched = match db.target() {
            DatabaseTarget::Postgres { .. } => Some(BatchedRead::start(db, "stamps", repo::tracking_stamps)?),
            DatabaseTarget::Sqlite { .. } => None,
        };
        Ok(TrackingStamps { db: db.clone(), batched })
    }

    /// The stamp of the request `token` opens; `None` for an unknown token.
    pub async fn get(&self, token: &str) -> Result<Option<repo::TrackingStamp>, ServiceError> {
        match &self.batched {
            Some(batched) => {
                let hash = token_hash(token);
                Ok(batched.get(hash.clone()).await?.filter(|s| ct_eq(&s.token_hash, &hash)))
            }
            None => {
                let lookup = token.to_owned();
                self.db.read_quick(move |conn| tracking_stamp(conn, &lookup)).await
            }
        }
    }
}

/// The request a tracking token opens, without anything else (for document downloads).
pub fn request_by_token(conn: &mut DbConn, token: &str) -> Result<Option<RequestRow>, ServiceError> {
    let hash = token_hash(token);
    let Some((request, stored)) = repo::request_by_token_hash(conn, &hash)? else { return Ok(None) };
    if !ct_eq(&stored, &hash) {
        return Ok(None);
    }
    Ok(Some(request))
}

/// Everything known about one request as of `now`: what the tracking page and the officers' case page show (each
/// then leaves out what its reader may not see).
pub fn case_view(
    conn: &mut DbConn,
    settings: CalendarSettings,
    request: RequestRow,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Tracking, ServiceError> {
    let body = body_repo::body_by_id(conn, &request.body_id)?;
    let unit = request.unit_id.as_deref().map(|id| body_repo::unit_by_id(conn, id)).transpose()?;
    let zone: Tz = unit
        .as_ref()
        .and_then(|u| u.time_zone.as_deref())
        .unwrap_or(&body.time_zone)
        .parse()
        .unwrap_or(chrono_tz::Asia::Jakarta);
    let requester = repo::requester(conn, &request.requester_id)?;
    let today = now.with_timezone(&zone).date_naive();
    let rows = event_repo::for_case(conn, &request.id)?;
    let mut events = Vec::new();
    for row in rows {
        let event: RequestEvent = serde_json::from_str(&row.payload).map_err(|e| {
            ServiceError::Db(crate::db::DbError::Query(diesel::result::Error::DeserializationError(
                e.to_string().into(),
            )))
        })?;
        events.push((row, event));
    }
    let aggregate = Request::replay(&events.iter().map(|(_, e)| e.clone()).collect::<Vec<_>>())
        .ok_or_else(|| ServiceError::NotFound { what: "request", key: request.id.clone() })?;

    let ki = body_repo::competent_ki(conn, &body.id, request.received_on)?;
    let calendar =
        crate::db::repo::calendar::load(conn)?.view(None, JurisdictionCode::parse(&ki.code).as_ref(), settings);
    let explain = |stored: chrono::NaiveDate, from: chrono::NaiveDate, n: u32| {
        let d = calendar.add_working_days(from, n);
        (stored, (d.due == stored).then_some(d))
    };
    let c1 = explain(request.c1_due, request.received_on, C1_WRITTEN_NOTICE);
    let extended = request.c2_due.is_some();
    let c2_stored = request.c2_due.unwrap_or_else(|| calendar.add_working_days(request.c1_due, C2_EXTENSION).due);
    let c2 = explain(c2_stored, request.c1_due, C2_EXTENSION);
    let objection_rows = repo::objections_of_request(conn, &request.id)?;
    let prior = crate::service::cases::prior_of(&objection_rows);
    let facts = GroundFacts { request: Some(&aggregate), periodic_date: None, order: prior.order, earlier: &[] };
    let grounds = ObjectionGround::ALL
        .into_iter()
        .filter(|g| *g != ObjectionGround::PeriodicNotPublished)
        .filter_map(|ground| {
            let day0 = ground_day0(ground, facts, today).ok()?;
            let deadline = calendar.add_working_days(day0, C3_OBJECTION_WINDOW);
            let due = deadline.due;
            // The objection that already covers this occasion, if any (the same rule filing applies).
            let objected_in = covering(ground, day0, &prior.objections).map(|e| e.number.clone());
            let open = today <= due && objected_in.is_none();
            Some(GroundStatus { ground, day0, due, open, objected_in, deadline })
        })
        .collect();
    let mut objections = Vec::new();
    let mut disputes = Vec::new();
    for row in objection_rows {
        disputes.extend(repo::disputes_of_objection(conn, &row.id)?);
        let (_, objection) = crate::service::cases::load_objection(conn, &row.id)?;
        let window = objection.dispute_window(today, &calendar);
        let provisional = |d: chrono::NaiveDate| !calendar.is_year_loaded(chrono::Datelike::year(&d));
        let (c4_provisional, window_provisional) =
            (provisional(row.c4_due), window.is_some_and(|w| provisional(w.due)));
        objections.push(TrackedObjection { row, objection, window, c4_provisional, window_provisional });
    }
    let documents = repo::response_documents_of(conn, &request.id)?;
    let dispute_ki = body_repo::competent_ki(conn, &request.body_id, today)?;
    let case_ids: Vec<String> =
        std::iter::once(request.id.clone()).chain(objections.iter().map(|o| o.row.id.clone())).collect();
    let letter_numbers = crate::service::letters::numbers(conn, &case_ids)?;
    Ok(Tracking {
        letter_numbers,
        documents,
        disputes,
        today,
        grounds,
        objections,
        request,
        aggregate,
        unit_name: unit.map(|u| u.name),
        body,
        zone,
        requester,
        events,
        c1,
        c2,
        extended,
        ki_name: ki.name,
        dispute_ki,
    })
}

/// An officer gives the requester of request `id` a new tracking link (a receipt lost, a link given to the wrong
/// person): it replaces the receipt's link and every link sent again stops working. Recorded in the request's
/// history as a note by that officer. Returns the new token, shown once on the printed receipt.
pub fn reissue_tracking_link(
    conn: &mut DbConn,
    settings: CalendarSettings,
    id: &str,
    actor: &crate::db::repo::events::Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, ServiceError> {
    crate::db::write_tx(conn, |conn| {
        let request =
            repo::request(conn, id)?.ok_or_else(|| ServiceError::NotFound { what: "request", key: id.to_owned() })?;
        let token = crate::crypto::new_token();
        repo::set_tracking_token_hash(conn, &request.id, &token_hash(&token))?;
        repo::drop_tracking_links(conn, &request.id)?;
        let note = crate::service::cases::RequestCommand::AddNote {
            text: "Tautan pemantauan baru dibuat untuk pemohon; tautan sebelumnya tidak berlaku lagi.".into(),
        };
        crate::service::cases::request_command(conn, settings, id, None, &note, actor, now)?;
        Ok(token)
    })
}

/// A request as the public register shows it: never identity; the request text only where the requester
/// consented and no officer hid it (domain.md §8).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PublicEntry {
    pub id: String,
    pub number: String,
    pub received_on: chrono::NaiveDate,
    pub state: String,
    pub notice_due: chrono::NaiveDate,
    pub notice_on: Option<chrono::NaiveDate>,
    pub decision: Option<String>,
    /// The Art. 17 letter of a refusal or partial grant.
    pub art17_ground: Option<char>,
    pub text: Option<String>,
    pub overdue: bool,
    pub updated_at: chrono::NaiveDateTime,
}

impl PublicEntry {
    pub fn from_row(row: &RequestRow, today: chrono::NaiveDate) -> PublicEntry {
        let decision: Option<crate::domain::request::Decision> =
            row.decision.as_deref().and_then(|d| serde_json::from_str(d).ok());
        let art17_ground = decision.as_ref().and_then(|d| match d {
            crate::domain::request::Decision::RefusedExempt { ground, .. }
            | crate::domain::request::Decision::GrantedInPart { ground, .. } => Some(ground.letter()),
            _ => None,
        });
        let open = matches!(row.state, RequestState::Registered | RequestState::Extended);
        PublicEntry {
            id: row.id.clone(),
            number: row.registration_number.clone(),
            received_on: row.received_on,
            state: row.state.to_string(),
            notice_due: row.notice_due,
            notice_on: row.notice_on,
            decision: decision.map(|d| d.kind().to_owned()),
            art17_ground,
            text: (row.publish_consent && !row.text_hidden).then(|| row.information.clone()),
            overdue: open && today > row.notice_due,
            updated_at: row.updated_at,
        }
    }
}

/// One page of the public register.
#[derive(Debug, Clone)]
pub struct RegisterPage {
    pub body: BodyRow,
    pub entries: Vec<PublicEntry>,
    pub total: i64,
    pub years: Vec<i64>,
}

pub const REGISTER_PAGE_SIZE: i64 = 25;

pub fn register(
    conn: &mut DbConn,
    slug: &str,
    year: Option<i64>,
    state: Option<&str>,
    page: i64,
    today: chrono::NaiveDate,
) -> Result<Option<RegisterPage>, ServiceError> {
    let Some(body) = body_repo::body_by_slug(conn, slug)? else { return Ok(None) };
    let offset = (page.max(1) - 1) * REGISTER_PAGE_SIZE;
    let (rows, total) = repo::register_page(conn, &body.id, year, state, REGISTER_PAGE_SIZE, offset)?;
    let years = repo::register_years(conn, &body.id)?;
    let entries = rows.iter().map(|r| PublicEntry::from_row(r, today)).collect();
    Ok(Some(RegisterPage { body, entries, total, years }))
}

/// "Send me my tracking link again": when `email` is the requester's address on the request numbered `number`, a
/// further tracking link is mailed to that address, in the same transaction. The links the requester already has
/// keep working (only the oldest sent-again link goes beyond a few), so whoever knows an address and a number can
/// no longer break someone's link. The caller answers the same whether or not anything matched.
pub fn resend_tracking_link(
    conn: &mut DbConn,
    secrets: &crate::crypto::Secrets,
    email: &str,
    number: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, ServiceError> {
    let (email, number) = (email.trim().to_lowercase(), number.trim().to_owned());
    if email.is_empty() || number.is_empty() {
        return Ok(false);
    }
    crate::db::write_tx(conn, |conn| {
        let Some(request) = repo::request_by_number_anywhere(conn, &number)? else { return Ok(false) };
        let requester = repo::requester(conn, &request.requester_id)?;
        if requester.email.trim().to_lowercase() != email {
            return Ok(false);
        }
        let token = crate::crypto::new_token();
        repo::add_tracking_link(conn, &request.id, &token_hash(&token), now.naive_utc())?;
        let body = body_repo::body_by_id(conn, &request.body_id)?;
        crate::service::mail::enqueue(
            conn,
            secrets,
            &crate::service::mail::NewMail {
                kind: "tracking_link",
                to: &requester.email,
                language: &requester.language,
                params: serde_json::json!({
                    "number": request.registration_number,
                    "body": body.name,
                    "tracking_token": token,
                }),
                case_id: Some(&request.id),
                dedupe_key: None,
            },
            now,
        )?;
        Ok(true)
    })
}
