//! Requests, objections and disputes through the service layer: one transaction per transition, stored
//! deadlines, registration numbers, optimistic concurrency, identity kept out of events.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use terbuka::db::repo::events::{Actor, ActorKind};
use terbuka::db::{Db, repo};
use terbuka::domain::calendar::{CalendarSettings, parse_iso_date};
use terbuka::domain::clock::{Clock, FixedClock};
use terbuka::domain::objection::{AtasanOutcome, DisclosureOrder, ObjectionGround as G};
use terbuka::domain::request::{Channel, DecisionInput, InfoForm, TerminalOutcome};
use terbuka::service::ServiceError;
use terbuka::service::bodies::{self, UnitInput};
use terbuka::service::cases::{
    self, DisputeCommand, NewObjection, NewRequest, ObjectionCommand, RequestCommand, RequesterInput,
};
use terbuka::startup::open_database;

use crate::helpers::{TestDb, create_standard_body, default_now, test_secrets};

/// A throwaway upload store for service-level tests that give no documents.
pub fn files_for_tests() -> terbuka::files::FileStore {
    terbuka::files::FileStore::new(std::env::temp_dir().join("terbuka-test-uploads"))
}

pub fn d(s: &str) -> NaiveDate {
    parse_iso_date(s).unwrap()
}

/// 10:00 WIB on a date.
pub fn wib_morning(s: &str) -> DateTime<Utc> {
    let day = d(s);
    Utc.from_utc_datetime(&day.and_hms_opt(3, 0, 0).unwrap())
}

pub const CAL: CalendarSettings = CalendarSettings { exclude_cuti_bersama: true };

/// A database with one KI, one body (`kota-contoh`, WIB) and two units (one in WIT).
pub struct Office {
    pub test_db: TestDb,
    pub db: Db,
    pub clock: Arc<FixedClock>,
}

impl Office {
    pub fn new() -> Office {
        Office::with_db(TestDb::new(), true)
    }

    /// `seeded: false` gives a database whose calendar is still empty, for tests that load their own.
    pub fn with_db(test_db: TestDb, seeded: bool) -> Office {
        let settings = test_db.settings();
        let clock = Arc::new(FixedClock::new(default_now()));
        let db = if seeded {
            open_database(&settings, &*clock).unwrap().db
        } else {
            Db::open(
                &settings.database,
                settings.database_pool_size,
                terbuka::db::SqliteMemory::SINGLE,
                terbuka::db::NewDatabase::Create,
            )
            .unwrap()
            .0
        };
        let office = Office { test_db, db, clock };
        office.setup_body();
        office
    }

    fn setup_body(&self) {
        let now = self.clock.now();
        create_standard_body(&self.db, now);
        let mut conn = self.db.get().unwrap();
        for (slug, zone) in [("dinas-pendidikan", None), ("kantor-papua", Some("Asia/Jayapura"))] {
            let unit = UnitInput { slug: slug.into(), name: format!("Unit {slug}"), time_zone: zone.map(Into::into) };
            bodies::create_unit(&mut conn, "kota-contoh", &unit, now).unwrap();
        }
    }

    pub fn officer() -> Actor {
        Actor::new(ActorKind::Officer, "officer-1")
    }

    pub fn new_request(received_at: DateTime<Utc>) -> NewRequest {
        NewRequest {
            body: "kota-contoh".into(),
            unit: None,
            requester: RequesterInput {
                kind: "individual".into(),
                name: "Siti Rahmawati".into(),
                email: "siti.rahmawati@example.com".into(),
                phone: "0812 3456 7890".into(),
                address: "Jl. Melati 7, Kota Contoh".into(),
                occupation: "Guru".into(),
                nik: "3273011208850001".into(),
                language: "id".into(),
                ..Default::default()
            },
            channel: Channel::Web,
            received_at,
            information: "Daftar penerima beasiswa daerah tahun 2024.".into(),
            purpose: "Penelitian tentang pemerataan pendidikan.".into(),
            obtain_method: "softcopy".into(),
            delivery_method: "email".into(),
            publish_consent: true,
            documents: vec![],
        }
    }

    pub fn register(&self, received_at: DateTime<Utc>) -> terbuka::db::models::cases::RequestRow {
        let mut conn = self.db.get().unwrap();
        cases::register_request(
            &mut conn,
            CAL,
            &test_secrets(),
            &files_for_tests(),
            &Office::new_request(received_at),
            &Office::officer(),
            self.clock.now(),
        )
        .unwrap()
        .request
    }

    pub fn request_cmd(
        &self,
        id: &str,
        cmd: RequestCommand,
    ) -> Result<terbuka::db::models::cases::RequestRow, ServiceError> {
        let mut conn = self.db.get().unwrap();
        cases::request_command(&mut conn, CAL, id, None, &cmd, &Office::officer(), self.clock.now())
    }

    pub fn events(&self, case_id: &str) -> Vec<terbuka::db::models::cases::EventRow> {
        repo::events::for_case(&mut self.db.get().unwrap(), case_id).unwrap()
    }
}

pub fn refusal() -> DecisionInput {
    DecisionInput {
        kind: "refused_exempt".into(),
        art17_ground: Some("h".into()),
        consequence_test: Some("Membuka daftar itu mengungkap data pribadi anak.".into()),
        ..Default::default()
    }
}

fn refused_code<T: std::fmt::Debug>(r: Result<T, ServiceError>) -> &'static str {
    match r {
        Err(ServiceError::Refused { code, .. }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn registration_numbers_the_request_and_stores_its_deadline() {
    let office = Office::new();
    office.clock.set(wib_morning("2025-03-21"));
    let row = office.register(wib_morning("2025-03-21"));
    assert_eq!(row.registration_number, "0001/PPID/KOTA-CONTOH/III/2025");
    assert_eq!(row.received_on, d("2025-03-21"));
    assert_eq!(row.c1_due, d("2025-04-15"));
    assert_eq!(row.notice_due, d("2025-04-15"));
    assert_eq!(row.calendar_version, 1);
    assert_eq!(row.state.as_str(), "registered");
    // C3 while unanswered: 30 wd from the notice deadline (ground (c)).
    assert_eq!(row.c3_due, Some(d("2025-06-04")));
    let second = office.register(wib_morning("2025-03-21"));
    assert_eq!(second.registration_number, "0002/PPID/KOTA-CONTOH/III/2025");

    let events = office.events(&row.id);
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].seq, events[0].event_type.as_str(), events[0].actor_kind.as_str()),
        (1, "registered", "officer")
    );
    assert_eq!(events[0].prev_hash, "0".repeat(64));
    // Identity lives in `requesters` only: the event never carries it.
    for needle in ["Siti", "siti.rahmawati", "0812", "Melati", "Guru"] {
        assert!(!events[0].payload.contains(needle), "{needle} leaked into {}", events[0].payload);
    }
}

#[test]
fn the_local_date_of_receipt_is_counted_in_the_bodys_or_units_zone() {
    let office = Office::new();
    // 18:00 UTC on Friday is 01:00 WIB on Saturday: day 0 is Saturday 22 March.
    let late_friday = Utc.with_ymd_and_hms(2025, 3, 21, 18, 0, 0).unwrap();
    office.clock.set(late_friday);
    let row = office.register(late_friday);
    assert_eq!(row.received_on, d("2025-03-22"));
    assert_eq!(row.c1_due, d("2025-04-15"), "day 0 on a Saturday: Monday is day 1");
    // 16:00 UTC is still Friday in Jakarta but already Saturday 01:00 in Jayapura (WIT).
    let afternoon = Utc.with_ymd_and_hms(2025, 3, 21, 16, 0, 0).unwrap();
    office.clock.set(afternoon);
    let mut papua = Office::new_request(afternoon);
    papua.unit = Some("kantor-papua".into());
    let mut conn = office.db.get().unwrap();
    let row = cases::register_request(
        &mut conn,
        CAL,
        &test_secrets(),
        &files_for_tests(),
        &papua,
        &Office::officer(),
        afternoon,
    )
    .unwrap()
    .request;
    assert_eq!(row.received_on, d("2025-03-22"));
    assert_eq!(office.register(afternoon).received_on, d("2025-03-21"));
}

#[test]
fn numbers_follow_the_bodys_year_even_for_a_unit_in_another_zone() {
    let office = Office::new();
    // 31 Dec 2025, 16:00 UTC: 23:00 WIB (the body) but already 1 Jan 2026, 01:00 WIT (the unit).
    let eve = Utc.with_ymd_and_hms(2025, 12, 31, 16, 0, 0).unwrap();
    office.clock.set(eve);
    let mut papua = Office::new_request(eve);
    papua.unit = Some("kantor-papua".into());
    let mut conn = office.db.get().unwrap();
    let row =
        cases::register_request(&mut conn, CAL, &test_secrets(), &files_for_tests(), &papua, &Office::officer(), eve)
            .unwrap()
            .request;
    assert_eq!(row.received_on, d("2026-01-01"), "the clock counts from the unit's local date");
    assert_eq!((row.registration_year, row.registration_number.as_str()), (2025, "0001/PPID/KOTA-CONTOH/XII/2025"));
}

#[test]
fn bad_input_is_refused_field_by_field_and_nothing_is_saved() {
    let office = Office::new();
    let mut input = Office::new_request(default_now());
    input.purpose = "  ".into();
    input.requester.email = "bukan-email".into();
    input.requester.kind = "robot".into();
    input.received_at = default_now() + chrono::Duration::days(2);
    let mut conn = office.db.get().unwrap();
    match cases::register_request(
        &mut conn,
        CAL,
        &test_secrets(),
        &files_for_tests(),
        &input,
        &Office::officer(),
        default_now(),
    ) {
        Err(ServiceError::Invalid(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
            assert_eq!(fields, ["requester_kind", "requester_email", "purpose", "received_at"]);
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    assert!(repo::cases::requests_of_body(&mut conn, &body.id).unwrap().is_empty());
    let mut unknown = Office::new_request(default_now());
    unknown.body = "kota-lain".into();
    assert!(matches!(
        cases::register_request(
            &mut conn,
            CAL,
            &test_secrets(),
            &files_for_tests(),
            &unknown,
            &Office::officer(),
            default_now()
        ),
        Err(ServiceError::NotFound { what: "public body", .. })
    ));
}

#[test]
fn a_request_moves_through_its_lifecycle_one_event_per_step() {
    let office = Office::new();
    let row = office.register(wib_morning("2025-03-21"));
    office.clock.set(wib_morning("2025-04-10"));
    let extended = office
        .request_cmd(
            &row.id,
            RequestCommand::Extend { notified_on: d("2025-04-10"), reason: "Data tersebar di tiga unit.".into() },
        )
        .unwrap();
    assert_eq!(
        (extended.state.as_str(), extended.c2_due, extended.notice_due),
        ("extended", Some(d("2025-04-25")), d("2025-04-25"))
    );
    assert_eq!(extended.version, 2);
    assert_eq!(
        refused_code(
            office.request_cmd(&row.id, RequestCommand::Extend { notified_on: d("2025-04-11"), reason: "Lagi".into() })
        ),
        "second_extension"
    );

    let decision = DecisionInput {
        kind: "granted".into(),
        form: Some(InfoForm::Softcopy),
        provide_by: Some(d("2025-04-28")),
        ..Default::default()
    };
    let noticed = office
        .request_cmd(&row.id, RequestCommand::GiveNotice { notice_on: d("2025-04-24"), decision, electronic: true })
        .unwrap();
    assert_eq!(noticed.notice_on, Some(d("2025-04-24")));
    assert!(noticed.decision.as_deref().unwrap().contains("\"decision\":\"granted\""));
    office.request_cmd(&row.id, RequestCommand::Provide { provided_on: d("2025-04-25") }).unwrap();
    let closed = office.request_cmd(&row.id, RequestCommand::Close { closed_on: d("2025-04-28") }).unwrap();
    assert_eq!((closed.state.as_str(), closed.ended_on, closed.version), ("closed", Some(d("2025-04-28")), 5));

    let events = office.events(&row.id);
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types, ["registered", "extended", "notice_given", "information_provided", "closed"]);
    assert_eq!(events[1].reason, "Data tersebar di tiga unit.");
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash, "each event stores its predecessor's hash");
    }
    assert_eq!(
        refused_code(
            office.request_cmd(
                &row.id,
                RequestCommand::Withdraw { withdrawn_on: d("2025-04-29"), reason: String::new() }
            )
        ),
        "invalid_transition"
    );
}

#[test]
fn what_the_law_forbids_is_refused_with_its_code_and_changes_nothing() {
    let office = Office::new();
    let row = office.register(wib_morning("2025-03-21"));
    assert_eq!(
        refused_code(
            office.request_cmd(
                &row.id,
                RequestCommand::Extend { notified_on: d("2025-04-16"), reason: "Terlambat".into() }
            )
        ),
        "extension_after_deadline"
    );
    let bad_refusal = DecisionInput { kind: "refused_exempt".into(), ..Default::default() };
    match office.request_cmd(
        &row.id,
        RequestCommand::GiveNotice { notice_on: d("2025-04-01"), decision: bad_refusal, electronic: true },
    ) {
        Err(ServiceError::Invalid(p)) => {
            let codes: Vec<&str> = p.iter().map(|p| p.code).collect();
            assert_eq!(codes, ["art17_ground_required", "consequence_test_required"]);
        }
        other => panic!("{other:?}"),
    }
    let not_held = DecisionInput { kind: "not_held".into(), holder_known: Some(true), ..Default::default() };
    assert!(
        office
            .request_cmd(
                &row.id,
                RequestCommand::GiveNotice { notice_on: d("2025-04-01"), decision: not_held, electronic: true }
            )
            .is_err()
    );
    let undocumented = DecisionInput { kind: "not_yet_documented".into(), ..Default::default() };
    assert!(
        office
            .request_cmd(
                &row.id,
                RequestCommand::GiveNotice { notice_on: d("2025-04-01"), decision: undocumented, electronic: true }
            )
            .is_err()
    );
    assert_eq!(office.events(&row.id).len(), 1, "no refused step left an event");
    let mut conn = office.db.get().unwrap();
    assert_eq!(repo::cases::request(&mut conn, &row.id).unwrap().unwrap().version, 1);

    let spam = office
        .request_cmd(
            &row.id,
            RequestCommand::CloseWithoutDecision {
                closed_on: d("2025-03-24"),
                outcome: TerminalOutcome::Spam,
                reason: "Iklan judi".into(),
            },
        )
        .unwrap();
    assert_eq!(spam.state.as_str(), "closed_without_decision");
    assert_eq!(office.events(&row.id)[1].reason, "Iklan judi");
}

#[test]
fn a_stale_write_is_a_conflict_not_a_lost_update() {
    let office = Office::new();
    let row = office.register(wib_morning("2025-03-21"));
    let mut conn = office.db.get().unwrap();
    let cmd = RequestCommand::Extend { notified_on: d("2025-04-01"), reason: "Koordinasi".into() };
    cases::request_command(&mut conn, CAL, &row.id, Some(1), &cmd, &Office::officer(), default_now()).unwrap();
    let stale = RequestCommand::GiveNotice { notice_on: d("2025-04-02"), decision: refusal(), electronic: true };
    match cases::request_command(&mut conn, CAL, &row.id, Some(1), &stale, &Office::officer(), default_now()) {
        Err(ServiceError::Conflict { current: 2, .. }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(office.events(&row.id).len(), 2);
}

#[test]
fn objections_open_on_grounds_that_have_arisen_and_get_their_own_numbers() {
    let office = Office::new();
    let row = office.register(wib_morning("2025-03-21"));
    let mut conn = office.db.get().unwrap();
    let objection = |grounds: Vec<G>, at: &str, online: bool| NewObjection {
        request_id: Some(row.id.clone()),
        body: None,
        requester: None,
        grounds,
        periodic_date: None,
        summary: "Tidak ada jawaban sampai batas waktu.".into(),
        channel: if online { Channel::Web } else { Channel::Letter },
        received_at: wib_morning(at),
        online,
        representative_name: String::new(),
    };
    let early = cases::file_objection(
        &mut conn,
        CAL,
        &test_secrets(),
        &objection(vec![G::NoResponse], "2025-04-15", true),
        &Office::officer(),
        default_now(),
    );
    assert_eq!(refused_code(early), "ground_not_arisen");
    let o = cases::file_objection(
        &mut conn,
        CAL,
        &test_secrets(),
        &objection(vec![G::NoResponse], "2025-04-16", true),
        &Office::officer(),
        default_now(),
    )
    .unwrap();
    assert_eq!(o.registration_number, "0001/KEB/KOTA-CONTOH/IV/2025");
    assert_eq!((o.grounds.as_str(), o.late, o.c4_due), ("c", false, d("2025-06-05")));
    // C5 if the atasan stays silent: 14 wd after C4 (Thu 5 June), skipping Idul Adha (6 June) with its cuti
    // bersama (9 June) and Islamic New Year (27 June).
    assert_eq!(o.c5_due, Some(d("2025-06-30")));
    let late_online = cases::file_objection(
        &mut conn,
        CAL,
        &test_secrets(),
        &objection(vec![G::NoResponse], "2025-06-30", true),
        &Office::officer(),
        default_now(),
    );
    assert_eq!(refused_code(late_online), "objection_late");
    let paper = cases::file_objection(
        &mut conn,
        CAL,
        &test_secrets(),
        &objection(vec![G::NoResponse], "2025-06-30", false),
        &Office::officer(),
        default_now(),
    )
    .unwrap();
    assert!(paper.late);
    assert_eq!(paper.registration_number, "0002/KEB/KOTA-CONTOH/VI/2025");

    // Ground (b) needs no request, but a body and a requester.
    let periodic = NewObjection {
        request_id: None,
        body: Some("kota-contoh".into()),
        requester: Some(Office::new_request(default_now()).requester),
        grounds: vec![G::PeriodicNotPublished],
        periodic_date: Some(d("2025-05-01")),
        summary: "Laporan keuangan semester tidak diumumkan.".into(),
        channel: Channel::Web,
        received_at: wib_morning("2025-06-02"),
        online: true,
        representative_name: String::new(),
    };
    let b =
        cases::file_objection(&mut conn, CAL, &test_secrets(), &periodic, &Office::officer(), default_now()).unwrap();
    assert_eq!(b.c4_due, d("2025-07-17"), "domain.md's worked example");
}

#[test]
fn the_atasan_decides_and_the_requester_may_then_go_to_the_ki() {
    let office = Office::new();
    let row = office.register(wib_morning("2025-03-21"));
    let mut conn = office.db.get().unwrap();
    let input = NewObjection {
        request_id: Some(row.id.clone()),
        body: None,
        requester: None,
        grounds: vec![G::NoResponse],
        periodic_date: None,
        summary: "Tidak dijawab.".into(),
        channel: Channel::Web,
        received_at: wib_morning("2025-04-16"),
        online: true,
        representative_name: String::new(),
    };
    let o = cases::file_objection(&mut conn, CAL, &test_secrets(), &input, &Office::officer(), default_now()).unwrap();
    let requester = Actor::new(ActorKind::Requester, row.requester_id.clone());
    let too_early = cases::file_dispute(&mut conn, CAL, &o.id, d("2025-04-20"), false, &requester, default_now());
    assert_eq!(refused_code(too_early), "dispute_too_early");

    let atasan = Actor::new(ActorKind::Atasan, "atasan-1");
    let decide = ObjectionCommand::Decide {
        decided_on: d("2025-05-05"),
        outcome: AtasanOutcome::Overturned,
        reasons: "Informasi terbuka; PPID wajib memberikan.".into(),
        atasan_name: "Drs. Budi Santoso".into(),
        atasan_position: "Sekretaris Daerah".into(),
        // Given the same day: the window to go to the KI still runs from the decision.
        order: Some(DisclosureOrder { what: "Salinan dokumen yang dimohon.".into(), by: d("2025-05-05") }),
        electronic: true,
    };
    let decided = cases::objection_command(&mut conn, CAL, &o.id, Some(1), &decide, &atasan, default_now()).unwrap();
    assert_eq!((decided.state.as_str(), decided.outcome.as_deref()), ("decided", Some("overturned")));
    // Decided in time and sent electronically: C5 runs 14 wd from Mon 5 May 2025 (12 and 13 May are Waisak).
    assert_eq!(decided.c5_due, Some(d("2025-05-27")));
    let dispute =
        cases::file_dispute(&mut conn, CAL, &o.id, d("2025-05-08"), false, &requester, default_now()).unwrap();
    assert!(!dispute.confirmed, "the requester's record is a claim until an officer confirms it");
    assert!(!dispute.late);
    let confirmed = cases::dispute_command(
        &mut conn,
        &dispute.id,
        Some(1),
        &DisputeCommand::Confirm,
        &Office::officer(),
        default_now(),
    )
    .unwrap();
    assert!(confirmed.confirmed);
    let registered = cases::dispute_command(
        &mut conn,
        &dispute.id,
        None,
        &DisputeCommand::RegisterAtKi {
            ki_number: "012/V/KI-JABAR-PS/2025".into(),
            received_by_ki_on: d("2025-05-09"),
        },
        &Office::officer(),
        default_now(),
    )
    .unwrap();
    assert_eq!(registered.ki_number.as_deref(), Some("012/V/KI-JABAR-PS/2025"));
    let kinds: Vec<String> = office.events(&dispute.id).into_iter().map(|e| e.event_type).collect();
    assert_eq!(kinds, ["filed", "confirmed", "ki_registered"]);
}

#[test]
fn withdrawal_ends_an_open_request() {
    let office = Office::new();
    let row = office.register(wib_morning("2025-03-21"));
    let requester = Actor::new(ActorKind::Requester, row.requester_id.clone());
    let mut conn = office.db.get().unwrap();
    let cmd =
        RequestCommand::Withdraw { withdrawn_on: d("2025-03-25"), reason: "Sudah mendapat dari sumber lain".into() };
    let w = cases::request_command(&mut conn, CAL, &row.id, None, &cmd, &requester, default_now()).unwrap();
    assert_eq!(w.state.as_str(), "withdrawn");
    let events = office.events(&row.id);
    assert_eq!(
        (events[1].actor_kind.as_str(), events[1].actor_id.as_deref()),
        ("requester", Some(row.requester_id.as_str()))
    );
}

/// The transition table of the domain tests, through the service and the database: every state is reached by
/// real transitions and rebuilt from stored events before each attempt.
#[test]
fn every_request_transition_through_the_database() {
    let office = Office::new();
    let granted = || DecisionInput {
        kind: "granted".into(),
        form: Some(InfoForm::Softcopy),
        provide_by: Some(d("2025-04-20")),
        ..Default::default()
    };
    let notice =
        |decision: DecisionInput| RequestCommand::GiveNotice { notice_on: d("2025-04-14"), decision, electronic: true };
    let paths: Vec<(&str, Vec<RequestCommand>)> = vec![
        ("registered", vec![]),
        ("extended", vec![RequestCommand::Extend { notified_on: d("2025-04-10"), reason: "Koordinasi".into() }]),
        ("notice_granted", vec![notice(granted())]),
        ("notice_refused", vec![notice(refusal())]),
        ("provided", vec![notice(granted()), RequestCommand::Provide { provided_on: d("2025-04-18") }]),
        (
            "closed",
            vec![
                notice(granted()),
                RequestCommand::Provide { provided_on: d("2025-04-18") },
                RequestCommand::Close { closed_on: d("2025-04-21") },
            ],
        ),
        ("withdrawn", vec![RequestCommand::Withdraw { withdrawn_on: d("2025-03-24"), reason: String::new() }]),
        (
            "closed_without_decision",
            vec![RequestCommand::CloseWithoutDecision {
                closed_on: d("2025-03-24"),
                outcome: TerminalOutcome::Spam,
                reason: "Iklan".into(),
            }],
        ),
    ];
    let actions: Vec<(&str, RequestCommand)> = vec![
        ("extend", RequestCommand::Extend { notified_on: d("2025-04-10"), reason: "alasan".into() }),
        ("notice", notice(granted())),
        ("provide", RequestCommand::Provide { provided_on: d("2025-04-20") }),
        ("close", RequestCommand::Close { closed_on: d("2025-04-22") }),
        ("withdraw", RequestCommand::Withdraw { withdrawn_on: d("2025-04-22"), reason: String::new() }),
        (
            "not_kip",
            RequestCommand::CloseWithoutDecision {
                closed_on: d("2025-04-22"),
                outcome: TerminalOutcome::NotKip,
                reason: "Pengaduan".into(),
            },
        ),
    ];
    let inv = "invalid_transition";
    let expected: [[&str; 6]; 8] = [
        ["ok", "ok", inv, inv, "ok", "ok"],
        ["second_extension", "ok", inv, inv, "ok", "ok"],
        [inv, inv, "ok", inv, "ok", inv],
        [inv, inv, "nothing_to_provide", "ok", "ok", inv],
        [inv, inv, inv, "ok", inv, inv],
        [inv; 6],
        [inv; 6],
        [inv; 6],
    ];
    for ((state, path), row) in paths.iter().zip(expected) {
        for ((action, cmd), want) in actions.iter().zip(row) {
            let request = office.register(wib_morning("2025-03-21"));
            for step in path {
                office.request_cmd(&request.id, step.clone()).unwrap_or_else(|e| panic!("reaching {state}: {e}"));
            }
            let events_before = office.events(&request.id).len();
            let got = match office.request_cmd(&request.id, cmd.clone()) {
                Ok(_) => "ok",
                Err(ServiceError::Refused { code, .. }) => code,
                Err(other) => panic!("{action} from {state}: {other:?}"),
            };
            assert_eq!(got, want, "{action} from {state}");
            let events_after = office.events(&request.id).len();
            assert_eq!(
                events_after,
                events_before + usize::from(got == "ok"),
                "{action} from {state}: one event per step, none when refused"
            );
        }
    }
}
