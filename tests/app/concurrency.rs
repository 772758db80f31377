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
