//! A calendar change recomputes open deadlines, records each move, never moves a told deadline earlier, and
//! leaves closed clocks alone; "as known on" still answers with the old calendar.

use terbuka::db::repo;
use terbuka::domain::calendar::DeadlineQuery;
use terbuka::domain::calendar_seed;
use terbuka::domain::clock::Clock;
use terbuka::service::calendar::deadline;
use terbuka::service::calendar_change::import_csv;
use terbuka::service::cases::RequestCommand;

use crate::cases::{CAL, Office, d, refusal, wib_morning};
use crate::helpers::TestDb;

const AMENDMENT: &str = "date,kind,name,source,known_from\n\
    2025-08-18,cuti_bersama,Cuti Bersama Hari Kemerdekaan Republik Indonesia,SKB 3 Menteri 933/2025,2025-08-07\n";

/// A database loaded with the 2024–2026 calendar as it was before the amendment of 7 August 2025.
fn office_before_the_amendment() -> Office {
    let office = Office::with_db(TestDb::new(), false);
    let without: String =
        calendar_seed::CSV.lines().filter(|l| !l.starts_with("2025-08-18")).map(|l| format!("{l}\n")).collect();
    import_csv(&mut office.db.get().unwrap(), CAL, &without, "seed without the amendment", office.clock.now(), false)
        .unwrap();
    office
}

#[test]
fn importing_the_august_2025_amendment_moves_open_deadlines_and_records_the_move() {
    let office = office_before_the_amendment();
    office.clock.set(wib_morning("2025-08-04"));
    let open = office.register(wib_morning("2025-08-04"));
    assert_eq!(open.c1_due, d("2025-08-18"));
    // A request answered before the change keeps what it was measured against.
    let answered = office.register(wib_morning("2025-08-04"));
    office
        .request_cmd(
            &answered.id,
            RequestCommand::GiveNotice { notice_on: d("2025-08-06"), decision: refusal(), electronic: true },
        )
        .unwrap();

    office.clock.set(wib_morning("2025-08-07"));
    let outcome =
        import_csv(&mut office.db.get().unwrap(), CAL, AMENDMENT, "SKB 933/2025", office.clock.now(), false).unwrap();
    assert_eq!(outcome.version, Some(2));
    assert_eq!(outcome.moves.len(), 1, "{:?}", outcome.moves);
    let m = &outcome.moves[0];
    assert_eq!(
        (m.case_id.as_str(), m.clock, m.old, m.new, m.applied),
        (open.id.as_str(), "c1", d("2025-08-18"), d("2025-08-19"), true)
    );

    let mut conn = office.db.get().unwrap();
    let row = repo::cases::request(&mut conn, &open.id).unwrap().unwrap();
    assert_eq!((row.c1_due, row.notice_due, row.calendar_version), (d("2025-08-19"), d("2025-08-19"), 2));
    let events = office.events(&open.id);
    let moved = events.last().unwrap();
    assert_eq!(
        (moved.event_type.as_str(), moved.actor_kind.as_str(), moved.reason.as_str()),
        ("deadline_moved", "system", "calendar version 2")
    );
    assert!(
        moved.payload.contains("\"old\":\"2025-08-18\"") && moved.payload.contains("\"new\":\"2025-08-19\""),
        "{}",
        moved.payload
    );
    let closed = repo::cases::request(&mut conn, &answered.id).unwrap().unwrap();
    assert_eq!((closed.c1_due, closed.calendar_version), (d("2025-08-18"), 1), "closed clocks are not recomputed");

    // Evidence and what-if questions still see the calendar as it was known.
    let q = DeadlineQuery::parse(Some("2025-08-04"), Some("10"), Some("2025-08-06"), None).unwrap();
    assert_eq!(deadline(&mut conn, CAL, &q).unwrap().due, d("2025-08-18"));
}

#[test]
fn a_told_deadline_is_never_moved_earlier() {
    let office = Office::new();
    office.clock.set(wib_morning("2025-08-04"));
    let open = office.register(wib_morning("2025-08-04"));
    assert_eq!(open.c1_due, d("2025-08-19"));
    office.clock.set(wib_morning("2025-08-11"));
    let removal =
        "date,kind,name,source,known_from\n2025-08-18,removed,Cuti bersama dibatalkan,SKB perubahan (uji),2025-08-10\n";
    let outcome = import_csv(&mut office.db.get().unwrap(), CAL, removal, "test", office.clock.now(), false).unwrap();
    assert_eq!(outcome.moves.len(), 1);
    assert!(!outcome.moves[0].applied);
    assert_eq!(outcome.moves[0].new, d("2025-08-18"));
    let row = repo::cases::request(&mut office.db.get().unwrap(), &open.id).unwrap().unwrap();
    assert_eq!(row.c1_due, d("2025-08-19"), "kept");
    assert_eq!(office.events(&open.id).last().unwrap().event_type, "deadline_move_refused");
}
