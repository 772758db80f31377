//! Table-driven tests of the request, objection and dispute state machines against the seeded calendar.

use chrono::NaiveDate;

use super::calendar::{Calendar, CalendarSettings, CalendarView, parse_iso_date};
use super::calendar_seed;
use super::dispute::{AdjudicationOutcome, Dispute, DisputeError};
use super::objection::{
    AtasanOutcome, DisclosureOrder, GroundFacts, Objection, ObjectionError, ObjectionEvent, ObjectionGround as G,
    OrderFacts, OrderStatus, ground_day0,
};
use super::request::{
    Channel, DecisionInput, InfoForm, Request, RequestError, RequestEvent, RequestState, TerminalOutcome, Timeliness,
};

fn d(s: &str) -> NaiveDate {
    parse_iso_date(s).unwrap()
}

fn cal() -> CalendarView {
    Calendar::new(calendar_seed::entries(), 1).view(None, None, CalendarSettings::default())
}

fn granted(provide_by: &str) -> DecisionInput {
    DecisionInput {
        kind: "granted".into(),
        form: Some(InfoForm::Softcopy),
        provide_by: Some(d(provide_by)),
        ..Default::default()
    }
}

fn refused() -> DecisionInput {
    DecisionInput {
        kind: "refused_exempt".into(),
        art17_ground: Some("h".into()),
        consequence_test: Some("Membuka data pribadi pihak ketiga merugikan hak privasinya.".into()),
        ..Default::default()
    }
}

/// Received Fri 21 March 2025: C1 Tue 15 April, C2 Fri 25 April.
fn registered() -> Request {
    Request::register(d("2025-03-21"), Channel::Web, &cal()).0
}

fn after(mut r: Request, e: Result<RequestEvent, RequestError>) -> Request {
    r.apply(&e.expect("step is allowed"));
    r
}

fn noticed(input: DecisionInput) -> Request {
    let r = registered();
    let e = r.give_notice(d("2025-04-14"), &input, true).expect("notice is allowed");
    let mut r = r;
    r.apply(&e);
    r
}

fn states() -> Vec<(&'static str, Request)> {
    let extended =
        after(registered(), registered().extend(d("2025-04-10"), "Informasi tersebar di tiga unit.", &cal()));
    let provided = {
        let r = noticed(granted("2025-04-20"));
        let e = r.provide(d("2025-04-18"));
        after(r, e)
    };
    let closed = {
        let e = provided.close(d("2025-04-21"));
        after(provided.clone(), e)
    };
    let withdrawn = after(registered(), registered().withdraw(d("2025-03-24"), "Sudah tidak perlu"));
    let spam =
        after(registered(), registered().close_without_decision(d("2025-03-24"), TerminalOutcome::Spam, "Iklan"));
    vec![
        ("registered", registered()),
        ("extended", extended),
        ("notice_granted", noticed(granted("2025-04-20"))),
        ("notice_refused", noticed(refused())),
        ("provided", provided),
        ("closed", closed),
        ("withdrawn", withdrawn),
        ("closed_without_decision", spam),
    ]
}

/// The result code of each action from each state: "ok" or the error's code.
#[test]
fn every_request_transition() {
    let c = cal();
    type Action = fn(&Request, &CalendarView) -> Result<(), String>;
    let actions: [(&str, Action); 6] = [
        ("extend", |r, c| r.extend(d("2025-04-10"), "alasan", c).map(drop).map_err(|e| e.code().into())),
        ("notice", |r, _| {
            r.give_notice(d("2025-04-14"), &granted("2025-04-20"), true).map(drop).map_err(|e| e[0].code().into())
        }),
        ("provide", |r, _| r.provide(d("2025-04-20")).map(drop).map_err(|e| e.code().into())),
        ("close", |r, _| r.close(d("2025-04-22")).map(drop).map_err(|e| e.code().into())),
        ("withdraw", |r, _| r.withdraw(d("2025-04-22"), "").map(drop).map_err(|e| e.code().into())),
        ("not_kip", |r, _| {
            r.close_without_decision(d("2025-04-22"), TerminalOutcome::NotKip, "Pengaduan, bukan permohonan informasi")
                .map(drop)
                .map_err(|e| e.code().into())
        }),
    ];
    let inv = "invalid_transition";
    let expected: [(&str, [&str; 6]); 8] = [
        ("registered", ["ok", "ok", inv, inv, "ok", "ok"]),
        ("extended", ["second_extension", "ok", inv, inv, "ok", "ok"]),
        ("notice_granted", [inv, inv, "ok", inv, "ok", inv]),
        ("notice_refused", [inv, inv, "nothing_to_provide", "ok", "ok", inv]),
        ("provided", [inv, inv, inv, "ok", inv, inv]),
        ("closed", [inv; 6]),
        ("withdrawn", [inv; 6]),
        ("closed_without_decision", [inv; 6]),
    ];
    for ((name, request), (expected_name, results)) in states().into_iter().zip(expected) {
        assert_eq!(name, expected_name);
        for ((action, run), want) in actions.iter().zip(results) {
            let got = match run(&request, &c) {
                Ok(()) => "ok".to_owned(),
                Err(code) => code,
            };
            assert_eq!(got, want, "{action} from {name}");
        }
    }
}

#[test]
fn registration_sets_the_c1_deadline_and_the_extension_c2() {
    let (r, event) = Request::register(d("2025-03-21"), Channel::Oral, &cal());
    assert_eq!(r.c1_due, d("2025-04-15"));
    assert!(matches!(event, RequestEvent::Registered { channel: Channel::Oral, .. }));
    let ext = r.extend(d("2025-04-15"), "Perlu koordinasi", &cal()).expect("on the deadline day is in time");
    assert!(matches!(ext, RequestEvent::Extended { c2_due, .. } if c2_due == d("2025-04-25")));
}

#[test]
fn an_extension_after_the_c1_deadline_is_refused() {
    let r = registered();
    assert_eq!(
        r.extend(d("2025-04-16"), "Terlambat", &cal()),
        Err(RequestError::ExtensionAfterDeadline { deadline: d("2025-04-15") })
    );
    assert_eq!(r.extend(d("2025-04-01"), "   ", &cal()), Err(RequestError::ExtensionReasonRequired));
    assert!(matches!(r.extend(d("2025-03-20"), "x", &cal()), Err(RequestError::BeforeReceipt { .. })));
}

#[test]
fn decisions_need_what_the_law_requires() {
    let r = registered();
    let on = d("2025-04-14");
    let errors = |input: DecisionInput| -> Vec<&'static str> {
        r.give_notice(on, &input, true).unwrap_err().iter().map(RequestError::code).collect()
    };
    let refusal = DecisionInput { kind: "refused_exempt".into(), ..Default::default() };
    assert_eq!(errors(refusal), ["art17_ground_required", "consequence_test_required"]);
    let bad_letter = DecisionInput { art17_ground: Some("k".into()), ..refused() };
    assert_eq!(errors(bad_letter), ["invalid_art17_ground"]);
    let not_held = DecisionInput { kind: "not_held".into(), ..Default::default() };
    assert_eq!(errors(not_held.clone()), ["holder_knowledge_required"]);
    let known_unnamed = DecisionInput { holder_known: Some(true), holder_name: Some(" ".into()), ..not_held.clone() };
    assert_eq!(errors(known_unnamed), ["holder_name_required"]);
    assert!(r.give_notice(on, &DecisionInput { holder_known: Some(false), ..not_held }, true).is_ok());
    let undocumented = DecisionInput { kind: "not_yet_documented".into(), ..Default::default() };
    assert_eq!(errors(undocumented.clone()), ["expected_date_required"]);
    let in_past = DecisionInput { expected_by: Some(d("2025-04-01")), ..undocumented };
    assert_eq!(errors(in_past), ["date_before_notice"]);
    assert_eq!(
        errors(DecisionInput { kind: "granted".into(), ..Default::default() }),
        ["form_required", "provision_date_required"]
    );
    let partial = DecisionInput { kind: "granted_in_part".into(), ..granted("2025-04-20") };
    assert_eq!(errors(partial), ["redaction_reasons_required", "art17_ground_required", "consequence_test_required"]);
    assert_eq!(errors(DecisionInput { kind: "maybe".into(), ..Default::default() }), ["unknown_decision"]);
}

#[test]
fn terminal_outcomes_need_their_reason() {
    let r = registered();
    assert_eq!(
        r.close_without_decision(d("2025-03-24"), TerminalOutcome::Spam, " "),
        Err(RequestError::ReasonRequired)
    );
    let dup = TerminalOutcome::Duplicate { of: String::new() };
    assert_eq!(r.close_without_decision(d("2025-03-24"), dup, "Sama"), Err(RequestError::ReasonRequired));
    let dup = TerminalOutcome::Duplicate { of: "0193f6a0-0000-7000-8000-000000000001".into() };
    assert!(r.close_without_decision(d("2025-03-24"), dup, "Sama dengan permohonan sebelumnya").is_ok());
    let closed = after(r.clone(), r.close_without_decision(d("2025-03-24"), TerminalOutcome::NotEligible, "WNA"));
    assert_eq!(closed.state, RequestState::ClosedWithoutDecision);
    assert_eq!(closed.timeliness(d("2025-06-01")), Timeliness::NotCounted);
}

#[test]
fn timeliness_follows_the_deadline_that_applied() {
    let notice_on = |r: Request, day: &str| {
        let e = r.give_notice(d(day), &refused(), true).unwrap();
        after(r, Ok(e))
    };
    let today = d("2025-06-01");
    assert_eq!(notice_on(registered(), "2025-04-15").timeliness(today), Timeliness::OnTime);
    // Day 14 without a valid extension is late.
    assert_eq!(notice_on(registered(), "2025-04-22").timeliness(today), Timeliness::Late);
    let extended = after(registered(), registered().extend(d("2025-04-15"), "Koordinasi", &cal()));
    assert_eq!(notice_on(extended.clone(), "2025-04-25").timeliness(today), Timeliness::OnTimeWithExtension);
    assert_eq!(notice_on(extended.clone(), "2025-04-28").timeliness(today), Timeliness::Late);
    let open = registered();
    assert_eq!(open.timeliness(d("2025-04-15")), Timeliness::Open);
    assert!(!open.is_overdue(d("2025-04-15")));
    assert_eq!(open.timeliness(d("2025-04-16")), Timeliness::OpenOverdue);
    assert!(open.is_overdue(d("2025-04-16")));
    assert!(!extended.is_overdue(d("2025-04-25")));
    assert!(extended.is_overdue(d("2025-04-28")));
}

// ---- Objections: the day 0 of each ground (domain.md §5) ----

fn facts(r: &Request) -> GroundFacts<'_> {
    GroundFacts { request: Some(r), periodic_date: None, order: None, earlier: &[] }
}

#[test]
fn ground_a_counts_from_the_requesters_receipt_of_a_refusal() {
    // The worked example: an Art. 17 refusal received Thu 6 Feb 2025 gives until Thu 20 March 2025.
    let r = Request::register(d("2025-01-30"), Channel::Web, &cal()).0;
    let e = r.give_notice(d("2025-02-06"), &refused(), true).unwrap();
    let r = after(r, Ok(e));
    assert_eq!(ground_day0(G::RefusedExempt, facts(&r), d("2025-02-10")), Ok(d("2025-02-06")));
    let (o, _) = Objection::file(&[G::RefusedExempt], facts(&r), d("2025-02-10"), true, &cal()).unwrap();
    assert_eq!(o.grounds[0].due, d("2025-03-20"));
    assert_eq!(
        ground_day0(G::RefusedExempt, facts(&r), d("2025-02-05")),
        Err(ObjectionError::GroundNotArisen(G::RefusedExempt))
    );

    // By post, day 0 is the receipt date the officer records.
    let r = Request::register(d("2025-01-30"), Channel::Letter, &cal()).0;
    let e = r.give_notice(d("2025-02-06"), &refused(), false).unwrap();
    let r = after(r, Ok(e));
    assert_eq!(
        ground_day0(G::RefusedExempt, facts(&r), d("2025-02-20")),
        Err(ObjectionError::GroundNotArisen(G::RefusedExempt))
    );
    let e = r.record_notice_received(d("2025-02-11"));
    let r = after(r, e);
    assert_eq!(ground_day0(G::RefusedExempt, facts(&r), d("2025-02-20")), Ok(d("2025-02-11")));

    // A grant is no ground (a).
    let g = noticed(granted("2025-04-20"));
    assert!(ground_day0(G::RefusedExempt, facts(&g), d("2025-04-20")).is_err());
}

#[test]
fn ground_b_needs_a_date_and_no_request() {
    let none = GroundFacts { request: None, periodic_date: None, order: None, earlier: &[] };
    assert_eq!(ground_day0(G::PeriodicNotPublished, none, d("2025-05-01")), Err(ObjectionError::PeriodicDateRequired));
    let given = GroundFacts { request: None, periodic_date: Some(d("2025-04-01")), order: None, earlier: &[] };
    assert_eq!(ground_day0(G::PeriodicNotPublished, given, d("2025-05-01")), Ok(d("2025-04-01")));
    assert!(ground_day0(G::PeriodicNotPublished, given, d("2025-03-31")).is_err(), "a future date has not arisen");
    assert_eq!(ground_day0(G::NoResponse, none, d("2025-05-01")), Err(ObjectionError::RequestRequired(G::NoResponse)));
}

#[test]
fn ground_c_arises_when_the_applicable_deadline_passes_without_a_notice() {
    let r = registered();
    assert!(ground_day0(G::NoResponse, facts(&r), d("2025-04-15")).is_err());
    assert_eq!(ground_day0(G::NoResponse, facts(&r), d("2025-04-16")), Ok(d("2025-04-15")));
    let ext = after(registered(), registered().extend(d("2025-04-14"), "Koordinasi", &cal()));
    assert!(ground_day0(G::NoResponse, facts(&ext), d("2025-04-16")).is_err(), "a valid extension moves it to C2");
    assert_eq!(ground_day0(G::NoResponse, facts(&ext), d("2025-04-28")), Ok(d("2025-04-25")));
    // A notice in time: no ground (c). A late notice: the ground arose at the deadline.
    let on_time = noticed(granted("2025-04-20"));
    assert!(ground_day0(G::NoResponse, facts(&on_time), d("2025-05-01")).is_err());
    let late = {
        let r = registered();
        let e = r.give_notice(d("2025-04-18"), &refused(), true).unwrap();
        after(r, Ok(e))
    };
    assert_eq!(ground_day0(G::NoResponse, facts(&late), d("2025-05-01")), Ok(d("2025-04-15")));
}

#[test]
fn grounds_d_and_f_count_from_the_receipt_of_the_notice() {
    let g = noticed(granted("2025-04-20"));
    assert_eq!(ground_day0(G::NotAsRequested, facts(&g), d("2025-04-15")), Ok(d("2025-04-14")));
    assert_eq!(ground_day0(G::UnreasonableFees, facts(&g), d("2025-04-15")), Ok(d("2025-04-14")));
    assert!(ground_day0(G::NotAsRequested, facts(&registered()), d("2025-04-15")).is_err());
    let refusal = noticed(refused());
    assert!(ground_day0(G::UnreasonableFees, facts(&refusal), d("2025-04-15")).is_err(), "no fee without provision");
}

#[test]
fn ground_e_arises_the_day_after_the_promised_date_passes_unfulfilled() {
    let g = noticed(granted("2025-04-30"));
    assert!(ground_day0(G::NotFulfilled, facts(&g), d("2025-04-30")).is_err());
    assert_eq!(ground_day0(G::NotFulfilled, facts(&g), d("2025-05-02")), Ok(d("2025-05-01")));
    let on_time = after(g.clone(), g.provide(d("2025-04-29")));
    assert!(ground_day0(G::NotFulfilled, facts(&on_time), d("2025-05-02")).is_err());
}

#[test]
fn ground_g_counts_from_late_delivery_or_the_deadline() {
    let g = noticed(granted("2025-04-25"));
    // Provided after the C1 deadline (15 April): day 0 is the delivery.
    let late = after(g.clone(), g.provide(d("2025-04-22")));
    assert_eq!(ground_day0(G::LateDelivery, facts(&late), d("2025-04-23")), Ok(d("2025-04-22")));
    // Not provided and the deadline passed: day 0 is the deadline.
    assert_eq!(ground_day0(G::LateDelivery, facts(&g), d("2025-04-16")), Ok(d("2025-04-15")));
    let in_time = after(g.clone(), g.provide(d("2025-04-15")));
    assert!(ground_day0(G::LateDelivery, facts(&in_time), d("2025-04-23")).is_err());
    assert!(ground_day0(G::LateDelivery, facts(&noticed(refused())), d("2025-05-01")).is_err());
}

#[test]
fn objections_check_grounds_lateness_and_set_c4() {
    let c = cal();
    let r = registered();
    assert_eq!(Objection::file(&[], facts(&r), d("2025-04-16"), true, &c).unwrap_err(), ObjectionError::NoGrounds);
    assert_eq!(
        Objection::file(&[G::RefusedExempt], facts(&r), d("2025-04-16"), true, &c).unwrap_err(),
        ObjectionError::GroundNotArisen(G::RefusedExempt)
    );
    // Ground (c) arose on 15 April 2025: its window closes 30 wd later.
    let (o, _) =
        Objection::file(&[G::NoResponse, G::LateDelivery, G::NoResponse], facts(&r), d("2025-04-16"), true, &c)
            .unwrap();
    assert_eq!(o.grounds.len(), 2, "duplicates are dropped");
    let due = o.grounds[0].due;
    assert_eq!(due, c.add_working_days(d("2025-04-15"), 30).due);
    let too_late = c.add_working_days(due, 1).due;
    assert_eq!(
        Objection::file(&[G::NoResponse], facts(&r), too_late, true, &c).unwrap_err(),
        ObjectionError::Late { ground: G::NoResponse, due }
    );
    let (paper, event) = Objection::file(&[G::NoResponse], facts(&r), too_late, false, &c).unwrap();
    assert!(paper.late, "a late paper objection is registered, flagged late");
    assert!(matches!(event, ObjectionEvent::Registered { late: true, .. }));
    // The worked example: an objection received Mon 2 June 2025 must be decided by Thu 17 July 2025.
    let periodic = GroundFacts { request: None, periodic_date: Some(d("2025-05-20")), order: None, earlier: &[] };
    let (o, _) = Objection::file(&[G::PeriodicNotPublished], periodic, d("2025-06-02"), true, &c).unwrap();
    assert_eq!(o.c4_due, d("2025-07-17"));
}

/// An objection received Mon 2 June 2025 (C4: Thu 17 July 2025) on a request left unanswered.
fn objection_of(grounds: &[G]) -> Objection {
    let r = registered();
    let f = GroundFacts { request: Some(&r), periodic_date: Some(d("2025-05-20")), order: None, earlier: &[] };
    Objection::file(grounds, f, d("2025-06-02"), true, &cal()).unwrap().0
}

#[test]
fn the_atasan_decides_with_reasons_once() {
    let o = objection_of(&[G::NoResponse]);
    assert_eq!(
        o.decide(d("2025-06-10"), AtasanOutcome::Upheld, " ", "Sekda", "Atasan PPID", None, true),
        Err(ObjectionError::ReasonsRequired)
    );
    assert_eq!(
        o.decide(d("2025-06-10"), AtasanOutcome::Upheld, "Alasan", "", "Atasan PPID", None, true),
        Err(ObjectionError::AtasanRequired)
    );
    let e = o
        .decide(
            d("2025-06-10"),
            AtasanOutcome::Overturned,
            "Informasi wajib dibuka",
            "Budi",
            "Sekretaris Daerah",
            order("2025-06-24"),
            true,
        )
        .unwrap();
    let mut decided = o.clone();
    decided.apply(&e);
    assert_eq!(decided.decided_on_time(), Some(true));
    assert!(matches!(
        decided.decide(d("2025-06-11"), AtasanOutcome::Upheld, "x", "y", "z", None, true),
        Err(ObjectionError::InvalidTransition { .. })
    ));
    assert!(decided.withdraw(d("2025-06-11"), "").is_err());
    assert!(o.record_reaction(super::objection::Reaction::GoesToKi).is_err(), "no reaction before a decision");
    assert!(decided.record_reaction(super::objection::Reaction::GoesToKi).is_ok());
}

fn order(by: &str) -> Option<DisclosureOrder> {
    Some(DisclosureOrder { what: "Salinan kontrak pengadaan 2025".into(), by: d(by) })
}

#[test]
fn an_overturn_orders_what_to_give_and_by_when_and_the_ppid_records_carrying_it_out() {
    let o = objection_of(&[G::NoResponse]);
    let decide = |outcome, order| o.decide(d("2025-06-10"), outcome, "Alasan", "Budi", "Sekda", order, true);
    assert_eq!(decide(AtasanOutcome::Overturned, None), Err(ObjectionError::OrderRequired));
    let blank = Some(DisclosureOrder { what: "  ".into(), by: d("2025-06-24") });
    assert_eq!(decide(AtasanOutcome::OverturnedInPart, blank), Err(ObjectionError::OrderRequired));
    assert_eq!(
        decide(AtasanOutcome::Overturned, order("2025-06-09")),
        Err(ObjectionError::OrderBeforeDecision { by: d("2025-06-09"), decided_on: d("2025-06-10") })
    );
    // An upheld response orders nothing, whatever came with it.
    let mut upheld = o.clone();
    upheld.apply(&decide(AtasanOutcome::Upheld, order("2025-06-24")).unwrap());
    assert_eq!(upheld.decision.as_ref().unwrap().order, None);
    assert_eq!(upheld.order_status(d("2025-07-01")), None);
    assert_eq!(upheld.carry_out_order(d("2025-06-11"), "Dikirim"), Err(ObjectionError::NoOrder));
    assert!(matches!(o.carry_out_order(d("2025-06-11"), "Dikirim"), Err(ObjectionError::InvalidTransition { .. })));

    let mut decided = o.clone();
    decided.apply(&decide(AtasanOutcome::OverturnedInPart, order("2025-06-24")).unwrap());
    assert_eq!(decided.order_status(d("2025-06-24")), Some(OrderStatus::Pending { by: d("2025-06-24") }));
    assert_eq!(decided.order_status(d("2025-06-25")), Some(OrderStatus::Overdue { by: d("2025-06-24") }));
    assert_eq!(
        decided.carry_out_order(d("2025-06-09"), "Dikirim"),
        Err(ObjectionError::BeforeDecision { date: d("2025-06-09"), decided_on: d("2025-06-10") })
    );
    assert_eq!(decided.carry_out_order(d("2025-06-20"), " "), Err(ObjectionError::CarriedOutNoteRequired));
    decided.apply(&decided.carry_out_order(d("2025-06-26"), "Salinan dikirim lewat surel").unwrap());
    let status = decided.order_status(d("2025-07-01")).unwrap();
    assert_eq!(status, OrderStatus::CarriedOut { on: d("2025-06-26"), by: d("2025-06-24") });
    assert_eq!(status.on_time(), Some(false), "two days after its deadline");
    assert_eq!(
        decided.carry_out_order(d("2025-06-27"), "Lagi"),
        Err(ObjectionError::OrderAlreadyCarriedOut { on: d("2025-06-26") })
    );
}

#[test]
fn the_dispute_window_and_grounds_e_and_g_run_from_the_atasans_order() {
    let c = cal();
    let o = objection_of(&[G::NoResponse]);
    let mut decided = o.clone();
    let e = o.decide(d("2025-06-10"), AtasanOutcome::Overturned, "Alasan", "Budi", "Sekda", order("2025-06-24"), true);
    decided.apply(&e.unwrap());
    // Not carried out: the window closes no sooner than 14 working days after the order's deadline.
    let from_decision = c.add_working_days(d("2025-06-10"), 14).due;
    let from_order = c.add_working_days(d("2025-06-24"), 14).due;
    assert!(from_order > from_decision);
    assert_eq!(decided.dispute_window_due(&c), Some(from_order));
    // Carried out late: 14 working days from the day it was.
    let mut carried = decided.clone();
    carried.apply(&decided.carry_out_order(d("2025-07-03"), "Dikirim").unwrap());
    assert_eq!(carried.dispute_window_due(&c), Some(c.add_working_days(d("2025-07-03"), 14).due));
    // Carried out at once: the window from the decision still holds.
    let mut prompt = decided.clone();
    prompt.apply(&decided.carry_out_order(d("2025-06-10"), "Dikirim").unwrap());
    assert_eq!(prompt.dispute_window_due(&c), Some(from_decision));

    // A new objection to the same request: (e) arises the day after the order's deadline while it is not carried
    // out, (g) on the day of a late carrying out; an order carried out in time gives neither.
    let r = registered();
    let with = |carried_out_on| GroundFacts {
        request: Some(&r),
        periodic_date: None,
        order: Some(OrderFacts { by: d("2025-06-24"), carried_out_on }),
        earlier: &[],
    };
    let not_arisen = |g| Err(ObjectionError::GroundNotArisen(g));
    assert_eq!(ground_day0(G::NotFulfilled, with(None), d("2025-06-24")), not_arisen(G::NotFulfilled));
    assert_eq!(ground_day0(G::NotFulfilled, with(None), d("2025-06-25")), Ok(d("2025-06-25")));
    assert_eq!(ground_day0(G::LateDelivery, with(Some(d("2025-07-03"))), d("2025-07-04")), Ok(d("2025-07-03")));
    assert_eq!(ground_day0(G::LateDelivery, with(Some(d("2025-06-20"))), d("2025-07-04")), not_arisen(G::LateDelivery));
    assert_eq!(ground_day0(G::NotFulfilled, with(Some(d("2025-06-20"))), d("2025-07-04")), not_arisen(G::NotFulfilled));
    // The order replaces the request's own promise for (e): an unanswered request has none.
    assert_eq!(ground_day0(G::NotFulfilled, facts(&r), d("2025-06-25")), not_arisen(G::NotFulfilled));
}

// ---- Disputes ----

#[test]
fn a_dispute_needs_the_decision_or_the_end_of_c4() {
    let c = cal();
    let o = objection_of(&[G::NoResponse]); // received 2 June 2025, C4 17 July 2025
    assert_eq!(
        Dispute::file(&o, d("2025-07-17"), false, &c).unwrap_err(),
        DisputeError::TooEarly { c4_due: d("2025-07-17") }
    );
    let (dispute, _) = Dispute::file(&o, d("2025-07-18"), false, &c).unwrap();
    assert_eq!(dispute.c5_due, c.add_working_days(d("2025-07-17"), 14).due);
    assert!(!dispute.confirmed, "the requester's record is a claim");
    assert!(!dispute.late);
    let after_c5 = c.add_working_days(dispute.c5_due, 1).due;
    assert!(Dispute::file(&o, after_c5, false, &c).unwrap().0.late);

    // Decided in time: C5 runs from the requester's receipt of the decision.
    let mut decided = o.clone();
    decided.apply(
        &o.decide(d("2025-07-01"), AtasanOutcome::Upheld, "Pengecualian sah", "Budi", "Sekda", None, true).unwrap(),
    );
    let (dispute, _) = Dispute::file(&decided, d("2025-07-02"), true, &c).unwrap();
    assert_eq!(dispute.c5_due, c.add_working_days(d("2025-07-01"), 14).due);
    assert!(dispute.confirmed, "an officer's record needs no confirmation");

    // Decided late: the later of (C4 + 14 wd) and (receipt + 14 wd).
    let mut late = o.clone();
    late.apply(&o.decide(d("2025-07-25"), AtasanOutcome::Upheld, "Alasan", "Budi", "Sekda", None, true).unwrap());
    assert_eq!(late.decided_on_time(), Some(false));
    let (dispute, _) = Dispute::file(&late, d("2025-07-28"), false, &c).unwrap();
    assert_eq!(dispute.c5_due, c.add_working_days(d("2025-07-25"), 14).due);

    let mut withdrawn = o.clone();
    withdrawn.apply(&o.withdraw(d("2025-06-05"), "").unwrap());
    assert_eq!(Dispute::file(&withdrawn, d("2025-08-01"), false, &c).unwrap_err(), DisputeError::ObjectionWithdrawn);
}

fn registered_dispute(grounds: &[G]) -> Dispute {
    let c = cal();
    let o = objection_of(grounds);
    let (mut dispute, _) = Dispute::file(&o, d("2025-07-18"), false, &c).unwrap();
    dispute.apply(&dispute.confirm().unwrap());
    dispute.apply(&dispute.register_at_ki("001/VII/KIP-PS/2025", d("2025-07-21")).unwrap());
    dispute
}

#[test]
fn mediation_is_for_grounds_b_to_g_only() {
    // An objection on ground (a) alone: the refusal of 6 Feb 2025, objected to on 10 Feb 2025.
    let c = cal();
    let r = Request::register(d("2025-01-30"), Channel::Web, &c).0;
    let e = r.give_notice(d("2025-02-06"), &refused(), true).unwrap();
    let r = after(r, Ok(e));
    let (o, _) = Objection::file(&[G::RefusedExempt], facts(&r), d("2025-02-10"), true, &c).unwrap();
    let after_c4 = c.add_working_days(o.c4_due, 1).due;
    let (mut art17, _) = Dispute::file(&o, after_c4, false, &c).unwrap();
    assert!(!art17.mediable);
    art17.apply(&art17.register_at_ki("010/III/KIP-PS/2025", after_c4).unwrap());
    art17.apply(&art17.first_session(c.add_working_days(after_c4, 5).due).unwrap());
    assert_eq!(art17.mediation_agreement(d("2025-08-10")), Err(DisputeError::MediationNotAllowed));
    assert_eq!(art17.extend_mediation(), Err(DisputeError::MediationNotAllowed));

    let mut d2 = registered_dispute(&[G::NoResponse]);
    assert!(d2.mediable);
    assert!(matches!(d2.mediation_agreement(d("2025-08-10")), Err(DisputeError::OutOfOrder { .. })));
    d2.apply(&d2.first_session(d("2025-08-04")).unwrap());
    d2.apply(&d2.extend_mediation().unwrap());
    assert_eq!(d2.extend_mediation(), Err(DisputeError::SecondMediationExtension));
    let clocks = d2.clocks(&cal());
    assert_eq!(clocks.c8_mediation_due, Some(cal().add_working_days(d("2025-08-04"), 21).due));
    d2.apply(&d2.mediation_agreement(d("2025-08-20")).unwrap());
    assert!(d2.adjudication_decision(d("2025-08-25"), d("2025-08-25"), AdjudicationOutcome::Granted).is_err());
    assert!(d2.record_compliance(true, d("2025-09-01")).is_ok());
}

#[test]
fn dispute_clocks_are_computed_from_recorded_dates() {
    let c = cal();
    let mut dispute = registered_dispute(&[G::NoResponse, G::LateDelivery]);
    assert_eq!(
        dispute.register_at_ki("002", d("2025-07-22")),
        Err(DisputeError::AlreadyRecorded { step: "the KI registration" })
    );
    assert!(matches!(dispute.court_challenge(d("2025-09-01"), "PTUN"), Err(DisputeError::OutOfOrder { .. })));
    let clocks = dispute.clocks(&c);
    assert_eq!(clocks.c6_ki_start_due, Some(c.add_working_days(d("2025-07-21"), 14).due));
    assert_eq!(clocks.c7_ki_finish_due, Some(c.add_working_days(d("2025-07-21"), 100).due));
    assert_eq!(clocks.c9_court_challenge_due, None);
    dispute.apply(
        &dispute.adjudication_decision(d("2025-10-01"), d("2025-10-03"), AdjudicationOutcome::Rejected).unwrap(),
    );
    // C9: 14 working days from receipt of the decision, Fri 3 Oct 2025 → Thu 23 Oct 2025.
    assert_eq!(dispute.clocks(&c).c9_court_challenge_due, Some(d("2025-10-23")));
    dispute.apply(&dispute.court_challenge(d("2025-10-24"), "PTUN Bandung").unwrap());
    assert_eq!(dispute.clocks(&c).court_challenge_late, Some(true));
    dispute.apply(&dispute.court_decision(d("2025-12-19")).unwrap());
    // Kasasi: 14 calendar days, over the Christmas holidays regardless.
    assert_eq!(dispute.clocks(&c).kasasi_due, Some(d("2026-01-02")));
    assert!(matches!(dispute.register_at_ki("", d("2025-07-21")), Err(DisputeError::AlreadyRecorded { .. })));
}
