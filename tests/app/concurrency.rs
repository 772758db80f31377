//! Registration numbers under concurrent load: no gap, no duplicate, nothing lost, no "database is locked".

use std::collections::BTreeSet;

use terbuka::db::repo;
use terbuka::domain::clock::Clock;
use terbuka::service::cases;

use crate::cases::{CAL, Office, files_for_tests, wib_morning};
use crate::helpers::test_secrets;

#[test]
fn eight_threads_register_four_hundred_requests_without_gaps_or_duplicates() {
    let office = Office::new();
    let now = office.clock.now();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let db = office.db.clone();
                s.spawn(move || {
                    let mut conn = db.get().unwrap();
                    let mut numbers = Vec::new();
                    for _ in 0..50 {
                        let row = cases::register_request(
                            &mut conn,
                            CAL,
                            &test_secrets(),
                            &files_for_tests(),
                            &Office::new_request(wib_morning("2025-03-21")),
                            &Office::officer(),
                            now,
                        )
                        .unwrap_or_else(|e| panic!("registration failed: {e}"));
                        numbers.push(row.request.registration_seq);
                    }
                    numbers
                })
            })
            .collect();
        let seqs: Vec<i64> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
        assert_eq!(seqs.len(), 400);
        let unique: BTreeSet<i64> = seqs.iter().copied().collect();
        assert_eq!(unique.len(), 400, "no duplicate numbers");
        assert_eq!(unique, (1..=400).collect(), "1..400 with no gap");
    });
    let mut conn = office.db.get().unwrap();
    let body = repo::bodies::body_by_slug(&mut conn, "kota-contoh").unwrap().unwrap();
    let rows = repo::cases::requests_of_body(&mut conn, &body.id).unwrap();
    assert_eq!(rows.len(), 400, "every acknowledged registration is stored");
    assert_eq!(rows.last().unwrap().registration_number, "0400/PPID/KOTA-CONTOH/III/2025");
    assert!(terbuka::service::audit::verify(&mut conn).unwrap().is_intact());
}

/// Two administrators add a local holiday of the same day at the same moment: the same day twice is kept once;
/// two different names for it are two versions, the later known after the earlier; neither is refused.
#[test]
fn two_administrators_changing_the_same_local_holiday_at_once_are_both_kept_in_order() {
    use terbuka::domain::calendar::{CalendarEntry, DayKind, JurisdictionCode, parse_iso_date};
    use terbuka::service::calendar_change::change_local_day;
    let office = Office::new();
    let now = office.clock.now();
    let day = |name: &str| CalendarEntry {
        date: parse_iso_date("2025-06-02").unwrap(),
        kind: DayKind::Local,
        name: name.to_owned(),
        source: "Keputusan Gubernur 12/2025".to_owned(),
        known_from: now.date_naive(),
        jurisdiction: JurisdictionCode::parse("jawa-barat"),
    };
    for names in [["Hari jadi provinsi", "Hari jadi provinsi"], ["Hari jadi provinsi", "Hari jadi Jawa Barat"]] {
        let barrier = std::sync::Barrier::new(2);
        std::thread::scope(|s| {
            let handles: Vec<_> = names
                .iter()
                .map(|name| {
                    let (db, barrier, entry) = (office.db.clone(), &barrier, day(name));
                    s.spawn(move || {
                        let mut conn = db.get().unwrap();
                        barrier.wait();
                        change_local_day(&mut conn, CAL, entry, "admin", now, false)
                    })
                })
                .collect();
            for h in handles {
                h.join().unwrap().unwrap_or_else(|e| panic!("an administrator's change was refused: {e:?}"));
            }
        });
    }
    let mut conn = office.db.get().unwrap();
    let calendar = repo::calendar::load(&mut conn).unwrap();
    let mut kept: Vec<(String, chrono::NaiveDate)> = calendar
        .entries()
        .iter()
        .filter(|e| e.date == parse_iso_date("2025-06-02").unwrap() && e.kind == DayKind::Local)
        .map(|e| (e.name.clone(), e.known_from))
        .collect();
    kept.sort_by_key(|(_, k)| *k);
    let names: Vec<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.first(), Some(&"Hari jadi provinsi"), "{kept:?}");
    assert_eq!(
        names.iter().filter(|n| **n == "Hari jadi provinsi").count(),
        1,
        "the same day twice is kept once: {kept:?}"
    );
    assert!(names.contains(&"Hari jadi Jawa Barat"), "{kept:?}");
    let known: BTreeSet<chrono::NaiveDate> = kept.iter().map(|(_, k)| *k).collect();
    assert_eq!(known.len(), kept.len(), "each version known from its own day: {kept:?}");
}
