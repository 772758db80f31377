//! The demo's batch writer: it makes each transition with the services' own decisions (`service::cases`: the
//! domain's rules, the rows, the event chain, the rollup changes) but keeps the cases it still needs in memory and
//! writes a simulated day in one transaction of a few statements of many rows per table, where the services read
//! and write row by row. A case's row is written once, with the day of its last planned step (or at the end), not
//! at every step: on PostgreSQL every update of a row is a new version of it in the table and in each index. A
//! million requests are 2.6 million transitions; at a dozen round trips each, the row-by-row way takes hours
//! (docs/performance.md, ADR 0009).
//!
//! What it writes is what the services write for the same steps: requesters, requests, objections, disputes, each
//! event of each case's hash chain, the compliance rollup, the registration counters, and the daily anchors (by
//! the same `audit::anchor_due` the services call after every transition). It writes no mail: the demo's requesters
//! have addresses on `.invalid` (a deliverable one is refused here), and the demo's bodies have no staff accounts.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::models::bodies::{BodyRow, UnitRow};
use crate::db::models::cases::{DisputeRow, EventRow, ObjectionRow, RequestRow, RequesterRow};
use crate::db::repo::events::{self as event_repo, Actor, NewEvent};
use crate::db::repo::{bodies as body_repo, calendar as calendar_repo, cases as repo};
use crate::domain::calendar::{CalendarSettings, CalendarView, JurisdictionCode};
use crate::domain::dispute::Dispute;
use crate::domain::evidence::GENESIS;
use crate::domain::objection::Objection;
use crate::domain::request::Request;
use crate::service::ServiceError;
use crate::service::cases::plumbing::new_event;
use crate::service::cases::rollup::RollupDelta;
use crate::service::cases::{
    self, DisputeCommand, NewObjection, NewRequest, ObjectionCommand, Party, Place, RequestCommand,
};

/// A case the demo still has steps for: its row, its state, the head of its chain, and its applicant type.
struct Case<R, S> {
    row: R,
    state: S,
    head: (i64, String),
    applicant: String,
}

/// A body as its transitions need it: row, units by slug, the calendar counting its deadlines (by its competent KI)
/// and that KI's id.
struct BodyCtx {
    row: BodyRow,
    units: HashMap<String, UnitRow>,
    calendar: usize,
    ki_id: String,
}

pub(crate) struct Batch<'a> {
    secrets: &'a Secrets,
    actor: Actor,
    bodies: HashMap<String, BodyCtx>,
    body_by_slug: HashMap<String, String>,
    calendars: Vec<CalendarView>,
    calendar_version: i64,
    requests: HashMap<String, Case<RequestRow, Request>>,
    objections: HashMap<String, Case<ObjectionRow, Objection>>,
    disputes: HashMap<String, Case<DisputeRow, Dispute>>,
    counters: HashMap<(String, &'static str, i64), i64>,
    // The day's writes.
    changed_counters: BTreeSet<(String, &'static str, i64)>,
    requesters: Vec<RequesterRow>,
    events: Vec<EventRow>,
    rollup: Vec<RollupDelta>,
    forgotten: Vec<String>,
    last_at: Option<DateTime<Utc>>,
}

fn not_found(what: &'static str, id: &str) -> ServiceError {
    ServiceError::NotFound { what, key: id.to_owned() }
}

/// The body a case belongs to (a free function, so callers keep their other fields free to borrow).
fn body_of<'b>(bodies: &'b HashMap<String, BodyCtx>, id: &str) -> Result<&'b BodyCtx, ServiceError> {
    bodies.get(id).ok_or_else(|| not_found("public body", id))
}

/// Starts a new case's chain with event `e`, into the day's events; returns the chain's head.
fn open_chain(events: &mut Vec<EventRow>, e: NewEvent<'_>) -> (i64, String) {
    let mut head = (0, GENESIS.to_owned());
    chain(events, &mut head, e);
    head
}

/// Appends event `e` to the chain whose head is `head`, into the day's events.
fn chain(events: &mut Vec<EventRow>, head: &mut (i64, String), e: NewEvent<'_>) {
    let row = event_repo::event_row(e, head.0 + 1, std::mem::take(&mut head.1));
    *head = (row.seq, row.hash.clone());
    events.push(row);
}

/// The next number of a body's series for a year.
fn next_seq(
    counters: &mut HashMap<(String, &'static str, i64), i64>,
    changed: &mut BTreeSet<(String, &'static str, i64)>,
    body_id: &str,
    series: &'static str,
    year: i64,
) -> i64 {
    let key = (body_id.to_owned(), series, year);
    let seq = counters.entry(key.clone()).or_insert(0);
    *seq += 1;
    changed.insert(key);
    *seq
}

impl<'a> Batch<'a> {
    /// Reads the demo's bodies (made just before, each with one competent KI) and the calendar.
    pub(crate) fn new(
        conn: &mut DbConn,
        settings: CalendarSettings,
        secrets: &'a Secrets,
        actor: Actor,
        on: NaiveDate,
    ) -> Result<Batch<'a>, ServiceError> {
        let calendar = calendar_repo::load(conn)?;
        let mut calendars = Vec::new();
        let mut calendar_of_ki: HashMap<String, usize> = HashMap::new();
        let mut bodies = HashMap::new();
        let mut body_by_slug = HashMap::new();
        for row in body_repo::bodies(conn)? {
            let ki = body_repo::competent_ki(conn, &row.id, on)?;
            let calendar = *calendar_of_ki.entry(ki.code.clone()).or_insert_with(|| {
                calendars.push(calendar.view(None, JurisdictionCode::parse(&ki.code).as_ref(), settings));
                calendars.len() - 1
            });
            let units = body_repo::units_of(conn, &row.id)?.into_iter().map(|u| (u.slug.clone(), u)).collect();
            body_by_slug.insert(row.slug.clone(), row.id.clone());
            bodies.insert(row.id.clone(), BodyCtx { row, units, calendar, ki_id: ki.id });
        }
        Ok(Batch {
            secrets,
            actor,
            bodies,
            body_by_slug,
            calendars,
            calendar_version: calendar.version(),
            requests: HashMap::new(),
            objections: HashMap::new(),
            disputes: HashMap::new(),
            counters: HashMap::new(),
            changed_counters: BTreeSet::new(),
            requesters: Vec::new(),
            events: Vec::new(),
            rollup: Vec::new(),
            forgotten: Vec::new(),
            last_at: None,
        })
    }

    /// `register_request` without files.
    pub(crate) fn register(&mut self, input: &NewRequest, at: DateTime<Utc>) -> Result<String, ServiceError> {
        cases::check_new_request(input, at)?;
        if crate::service::mail::is_mailable(&input.requester.email) {
            return Err(ServiceError::invalid(
                "requester_email",
                "demo-error-options",
                "the demo's batch writer keeps no outbox: demo requesters have no deliverable address",
            ));
        }
        let body_id = self.body_by_slug.get(input.body.trim()).ok_or_else(|| not_found("public body", &input.body))?;
        let body = self.bodies.get(body_id).expect("indexed");
        let unit = match input.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(u) => Some(body.units.get(u).ok_or_else(|| not_found("unit", u))?),
        };
        let place = Place {
            body: &body.row,
            unit,
            calendar: &self.calendars[body.calendar],
            calendar_version: self.calendar_version,
        };
        let (counters, changed) = (&mut self.counters, &mut self.changed_counters);
        let token = crate::crypto::new_token();
        let r = cases::registration(&place, input, self.secrets, &token, at, |year, _, _, _| {
            Ok(next_seq(counters, changed, &body.row.id, "request", year))
        })?;
        let head = open_chain(&mut self.events, new_event(&r.row.id, &body.row.id, &r.event, &self.actor, "", at)?);
        let id = r.row.id.clone();
        self.requesters.push(r.requester);
        self.rollup.extend(r.rollup);
        self.requests.insert(
            id.clone(),
            Case { row: r.row, state: r.request, head, applicant: input.requester.kind.trim().to_owned() },
        );
        self.last_at = Some(at);
        Ok(id)
    }

    /// `request_command` for the steps that need nothing but the case.
    pub(crate) fn request(
        &mut self,
        id: &str,
        command: &RequestCommand,
        at: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let case = self.requests.get_mut(id).ok_or_else(|| not_found("request", id))?;
        let calendar = &self.calendars[body_of(&self.bodies, &case.row.body_id)?.calendar];
        // A refused step leaves the row as it was (`request_step`), so nothing needs undoing.
        let step = cases::request_step(&mut case.row, &case.state, command, calendar, self.calendar_version);
        let (event, reason) = step.ok_or_else(|| {
            ServiceError::invalid("command", "demo-error-options", "the demo routes and notes nothing")
        })??;
        chain(
            &mut self.events,
            &mut case.head,
            new_event(&case.row.id, &case.row.body_id, &event, &self.actor, reason, at)?,
        );
        case.state.apply(&event);
        self.rollup.extend(cases::settle_request(&mut case.row, &case.state, calendar, &case.applicant, at));
        self.last_at = Some(at);
        Ok(())
    }

    /// `file_objection` against a request.
    pub(crate) fn object(&mut self, input: &NewObjection, at: DateTime<Utc>) -> Result<String, ServiceError> {
        let request_id = input.request_id.as_deref().unwrap_or_default();
        let request = self.requests.get(request_id).ok_or_else(|| not_found("request", request_id))?;
        let body = body_of(&self.bodies, &request.row.body_id)?;
        let place = Place {
            body: &body.row,
            unit: None,
            calendar: &self.calendars[body.calendar],
            calendar_version: self.calendar_version,
        };
        let party = Party {
            id: request.row.requester_id.clone(),
            kind: request.applicant.clone(),
            mailable: request.row.requester_mailable,
        };
        let earlier = self.objections.values().filter(|o| o.row.request_id.as_deref() == Some(request_id));
        let prior = cases::prior_of(earlier.map(|o| &o.row));
        let (counters, changed) = (&mut self.counters, &mut self.changed_counters);
        let (row, state, event, rollup) =
            cases::objection_filing(&place, input, Some(&request.state), &prior, party, at, |year| {
                Ok(next_seq(counters, changed, &body.row.id, "objection", year))
            })?;
        let head = open_chain(&mut self.events, new_event(&row.id, &row.body_id, &event, &self.actor, "", at)?);
        let (id, applicant) = (row.id.clone(), request.applicant.clone());
        self.rollup.extend(rollup);
        self.objections.insert(id.clone(), Case { row, state, head, applicant });
        self.last_at = Some(at);
        Ok(id)
    }

    /// `objection_command`.
    pub(crate) fn objection(
        &mut self,
        id: &str,
        command: &ObjectionCommand,
        at: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let case = self.objections.get_mut(id).ok_or_else(|| not_found("objection", id))?;
        let body = body_of(&self.bodies, &case.row.body_id)?;
        let (event, reason) = cases::objection_step(&case.state, &case.row.id, command)?;
        chain(
            &mut self.events,
            &mut case.head,
            new_event(&case.row.id, &case.row.body_id, &event, &self.actor, reason, at)?,
        );
        case.state.apply(&event);
        let calendar = &self.calendars[body.calendar];
        self.rollup.extend(cases::settle_objection(&mut case.row, &case.state, calendar, case.applicant.clone(), at));
        self.last_at = Some(at);
        Ok(())
    }

    /// `file_dispute` by an officer.
    pub(crate) fn file_dispute(
        &mut self,
        objection_id: &str,
        filed_on: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<String, ServiceError> {
        let objection = self.objections.get(objection_id).ok_or_else(|| not_found("objection", objection_id))?;
        let body = body_of(&self.bodies, &objection.row.body_id)?;
        let calendar = &self.calendars[body.calendar];
        let (row, state, event, rollup) =
            cases::dispute_filing(&objection.row, &objection.state, filed_on, true, calendar, body.ki_id.clone(), at)?;
        let head = open_chain(&mut self.events, new_event(&row.id, &row.body_id, &event, &self.actor, "", at)?);
        let id = row.id.clone();
        self.rollup.extend(rollup);
        self.disputes.insert(id.clone(), Case { row, state, head, applicant: String::new() });
        self.last_at = Some(at);
        Ok(id)
    }

    /// `dispute_command`.
    pub(crate) fn dispute(
        &mut self,
        id: &str,
        command: &DisputeCommand,
        at: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let case = self.disputes.get_mut(id).ok_or_else(|| not_found("dispute", id))?;
        let event = cases::dispute_step(&case.state, command)?;
        chain(
            &mut self.events,
            &mut case.head,
            new_event(&case.row.id, &case.row.body_id, &event, &self.actor, "", at)?,
        );
        case.state.apply(&event);
        self.rollup.extend(cases::settle_dispute(&mut case.row, &case.state, at));
        self.last_at = Some(at);
        Ok(())
    }

    /// The demo has no further step for this case: its row is written with the day, and it leaves memory.
    pub(crate) fn forget(&mut self, id: &str) {
        self.forgotten.push(id.to_owned());
    }

    /// Writes the day, in the caller's transaction: the requesters registered, the rows of the cases with no step
    /// left (all cases when `last`), every event, the rollup changes and the counters; then records the anchor the
    /// services would have recorded after the day's last transition.
    pub(crate) fn write_day(&mut self, conn: &mut DbConn, last: bool) -> Result<(), ServiceError> {
        if last {
            let live = self.requests.keys().chain(self.objections.keys()).chain(self.disputes.keys());
            self.forgotten.extend(live.cloned().collect::<Vec<_>>());
        }
        // Parents first: an objection whose request is still live (a provision planned after it, say) waits for
        // it, as does a dispute for its objection.
        let ids: Vec<String> = self.forgotten.drain(..).collect();
        let requests: Vec<RequestRow> = ids.iter().filter_map(|id| self.requests.remove(id)).map(|c| c.row).collect();
        let (mut objections, mut disputes, mut waiting) = (Vec::new(), Vec::new(), Vec::new());
        for id in &ids {
            match self.objections.get(id) {
                Some(c) if c.row.request_id.as_ref().is_some_and(|r| self.requests.contains_key(r)) => {
                    waiting.push(id.clone())
                }
                Some(_) => objections.push(self.objections.remove(id).expect("present").row),
                None => {}
            }
        }
        for id in &ids {
            match self.disputes.get(id) {
                Some(c) if self.objections.contains_key(&c.row.objection_id) => waiting.push(id.clone()),
                Some(_) => disputes.push(self.disputes.remove(id).expect("present").row),
                None => {}
            }
        }
        self.forgotten = waiting;
        repo::insert_requesters(conn, &self.requesters)?;
        repo::save_requests(conn, &requests)?;
        repo::save_objections(conn, &objections)?;
        repo::save_disputes(conn, &disputes)?;
        event_repo::insert_all(conn, &self.events)?;
        crate::db::repo::compliance::add_all(conn, &self.rollup)?;
        let counters: Vec<(String, &'static str, i64, i64)> =
            self.changed_counters.iter().map(|k| (k.0.clone(), k.1, k.2, self.counters[k])).collect();
        repo::set_counters(conn, &counters)?;
        if let Some(at) = self.last_at.take() {
            crate::service::audit::anchor_due(conn, at);
        }
        self.requesters.clear();
        self.events.clear();
        self.rollup.clear();
        self.changed_counters.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::config::DatabaseTarget;
    use crate::db::repo::events::ActorKind;
    use crate::domain::objection::ObjectionGround;
    use crate::domain::request::{Channel, DecisionInput, InfoForm};
    use crate::service::cases::RequesterInput;

    /// An objection the atasan never decides has no step left once filed, while its request may still have one (a
    /// provision planned after the objection): the objection's row waits for its request's, which the foreign key
    /// requires (the first million-request run on PostgreSQL stopped on it).
    #[test]
    fn a_case_done_with_before_the_case_it_belongs_to_waits_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = DatabaseTarget::Sqlite { path: dir.path().join("demo.sqlite") };
        let mut conn = crate::db::establish(&target).unwrap();
        crate::db::migrate(&mut conn).unwrap();
        // Monday 3 March 2025, 09:00 WIB, and the following days.
        let day = |n: i64| Utc.with_ymd_and_hms(2025, 3, 3, 2, 0, 0).unwrap() + Duration::days(n);
        let date = |n: i64| day(n).date_naive();
        let secrets = Secrets::from_base64(&crate::crypto::generate_key()).unwrap();
        // The demo's own KIs and one body ("demo-0001", under KI Jawa Barat), without requests.
        let options = crate::demo::generate::Options {
            bodies: 1,
            provinces: 1,
            requests: 0,
            first_year: 2025,
            last_year: 2025,
            seed: 1,
            through_services: false,
        };
        let files = crate::files::FileStore::new(dir.path().join("files"));
        crate::demo::generate::generate(
            &mut conn,
            CalendarSettings::default(),
            &secrets,
            &files,
            &options,
            day(0),
            &mut |_, _| {},
        )
        .unwrap();
        let actor = Actor::new(ActorKind::Officer, "demo");
        let mut batch = Batch::new(&mut conn, CalendarSettings::default(), &secrets, actor, date(0)).unwrap();

        let request = NewRequest {
            body: "demo-0001".into(),
            unit: None,
            requester: RequesterInput {
                kind: "individual".into(),
                name: "Siti Rahmawati".into(),
                email: "pemohon1@demo.invalid".into(),
                language: "id".into(),
                ..Default::default()
            },
            channel: Channel::Letter,
            received_at: day(0),
            information: "Mohon salinan kontrak pengadaan barang dan jasa tahun 2024.".into(),
            purpose: "Pengawasan anggaran".into(),
            obtain_method: String::new(),
            delivery_method: String::new(),
            publish_consent: false,
            documents: Vec::new(),
        };
        let id = batch.register(&request, day(0)).unwrap();
        let decision = DecisionInput {
            kind: "granted_in_part".into(),
            form: Some(InfoForm::Softcopy),
            provide_by: Some(date(8)),
            redacted_parts: Some("Nomor rekening dihitamkan".into()),
            art17_ground: Some("h".into()),
            consequence_test: Some("Membuka bagian itu merugikan perlindungan data pribadi.".into()),
            ..Default::default()
        };
        let notice = RequestCommand::GiveNotice { notice_on: date(1), decision, electronic: true };
        batch.request(&id, &notice, day(1)).unwrap();
        let objection = NewObjection {
            request_id: Some(id.clone()),
            body: None,
            requester: None,
            grounds: vec![ObjectionGround::RefusedExempt],
            periodic_date: None,
            summary: "Pemohon keberatan atas bagian yang dihitamkan.".into(),
            channel: Channel::Letter,
            received_at: day(2),
            online: false,
            representative_name: String::new(),
        };
        let objection = batch.object(&objection, day(2)).unwrap();
        batch.forget(&objection);
        batch.write_day(&mut conn, false).unwrap();
        assert!(repo::objection(&mut conn, &objection).unwrap().is_none(), "it waits for its request");

        batch.request(&id, &RequestCommand::Provide { provided_on: date(7) }, day(7)).unwrap();
        batch.forget(&id);
        batch.write_day(&mut conn, false).unwrap();
        let written = repo::request(&mut conn, &id).unwrap().expect("the request is written");
        assert_eq!((written.state.as_str(), written.version), ("information_provided", 3));
        let written = repo::objection(&mut conn, &objection).unwrap().expect("then the objection");
        assert_eq!(written.request_id.as_deref(), Some(id.as_str()));
        assert!(batch.requests.is_empty() && batch.objections.is_empty() && batch.forgotten.is_empty());
        assert_eq!(event_repo::for_case(&mut conn, &id).unwrap().len(), 3);
    }
}
