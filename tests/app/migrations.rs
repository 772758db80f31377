use diesel::RunQueryDsl;

use crate::helpers::spawn_app;

/// Both migration trees must have the same versions, so both backends have the same schema history.
#[test]
fn both_backends_have_the_same_migration_versions() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |backend: &str| {
        let mut v: Vec<String> = std::fs::read_dir(root.join(backend))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
    for name in &sqlite {
        for backend in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                assert!(root.join(backend).join(name).join(file).is_file(), "{backend}/{name}/{file}");
            }
        }
    }
}

/// Calendar history is evidence: the database itself refuses to edit or delete it.
#[tokio::test]
async fn calendar_rows_cannot_be_updated_or_deleted() {
    let app = spawn_app().await;
    let mut conn = app.db.get().unwrap();
    for sql in [
        "UPDATE calendar_entries SET name = 'x'",
        "DELETE FROM calendar_entries",
        "UPDATE calendar_versions SET note = 'x'",
        "DELETE FROM calendar_versions",
    ] {
        let err = diesel::sql_query(sql).execute(&mut **conn).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    let out = app.cli(&["calendar", "list", "--year", "2025"]);
    assert!(out.ok().ends_with("28 entries.\n"));
}

/// Migration 27 fills `requester_mailable` for the requests made before it with the rule new requests get from
/// `service::mail::is_mailable`: an address, not in the reserved `.invalid` domain.
#[tokio::test]
async fn migration_27_marks_existing_requests_by_whether_their_requester_can_be_mailed() {
    use diesel::prelude::*;
    use diesel_migrations::MigrationHarness;
    use terbuka::db::schema::requests;

    use crate::cases::{Office, wib_morning};

    let office = Office::new();
    let mut ids = Vec::new();
    for email in ["siti@example.com", "pemohon@demo.invalid", "Pemohon@Contoh.INVALID", ""] {
        let mut input = Office::new_request(wib_morning("2025-03-21"));
        input.requester.email = email.into();
        if email.is_empty() {
            // At the desk, without an address (as `bench register-export` registers).
            input.channel = terbuka::domain::request::Channel::Desk;
            (input.obtain_method, input.delivery_method) = (String::new(), String::new());
        }
        let mut conn = office.db.get().unwrap();
        let registered = terbuka::service::cases::register_request(
            &mut conn,
            crate::cases::CAL,
            &crate::helpers::test_secrets(),
            &crate::cases::files_for_tests(),
            &input,
            &Office::officer(),
            wib_morning("2025-03-21"),
        )
        .unwrap();
        ids.push(registered.request.id);
    }
    let flags = |conn: &mut terbuka::db::DbConn| -> Vec<bool> {
        ids.iter()
            .map(|id| requests::table.find(id).select(requests::requester_mailable).first(&mut *conn).unwrap())
            .collect()
    };
    let mut conn = office.db.get().unwrap();
    assert_eq!(flags(&mut conn), [true, false, false, false], "as registered");
    match &mut **conn {
        terbuka::db::DbConn::Pg(c) => {
            let reverted = c.revert_last_migration(terbuka::db::POSTGRES_MIGRATIONS).unwrap().to_string();
            assert_eq!(reverted, "20261124000027", "this test reverts migration 27 only while it is the last");
            c.run_pending_migrations(terbuka::db::POSTGRES_MIGRATIONS).unwrap();
        }
        terbuka::db::DbConn::Sqlite(c) => {
            let reverted = c.revert_last_migration(terbuka::db::SQLITE_MIGRATIONS).unwrap().to_string();
            assert_eq!(reverted, "20261124000027", "this test reverts migration 27 only while it is the last");
            c.run_pending_migrations(terbuka::db::SQLITE_MIGRATIONS).unwrap();
        }
    }
    assert_eq!(flags(&mut conn), [true, false, false, false], "as the migration fills them");
}
