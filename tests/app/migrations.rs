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
    revert_and_reapply(&mut conn, "20261124000027");
    assert_eq!(flags(&mut conn), [true, false, false, false], "as the migration fills them");
}

/// Reverts migrations from the last down to `version` (which must be among the last twenty), then applies them all again.
pub fn revert_and_reapply(conn: &mut terbuka::db::DbConn, version: &str) {
    use diesel_migrations::MigrationHarness;
    // The migration sets are constants: each use below is a fresh value.
    macro_rules! back {
        ($c:expr, $migrations:path) => {{
            for _ in 0..20 {
                if $c.revert_last_migration($migrations).unwrap().to_string() == version {
                    $c.run_pending_migrations($migrations).unwrap();
                    return;
                }
            }
            panic!("migration {version} is not among the last twenty");
        }};
    }
    match conn {
        terbuka::db::DbConn::Pg(c) => back!(c, terbuka::db::POSTGRES_MIGRATIONS),
        terbuka::db::DbConn::Sqlite(c) => back!(c, terbuka::db::SQLITE_MIGRATIONS),
    }
}

/// Both migration trees build the same schema: the same tables, each with the same columns, and the same
/// indexes (by name, table and columns). Needs PostgreSQL (the suite's second pass under `.ci/run`).
#[test]
fn both_backends_migrate_to_the_same_tables_columns_and_indexes() {
    use std::collections::BTreeSet;

    use diesel::prelude::*;
    use diesel::sql_types::Text;

    use crate::helpers::{TestDb, postgres_url};

    #[derive(QueryableByName, PartialEq, Eq, PartialOrd, Ord, Debug)]
    struct Item {
        #[diesel(sql_type = Text)]
        a: String,
        #[diesel(sql_type = Text)]
        b: String,
    }
    if postgres_url().is_none() {
        // `.ci/run`'s second pass, on PostgreSQL, runs it.
        println!("SKIPPED: the schema comparison needs PostgreSQL ({})", crate::helpers::DATABASE_VAR);
        return;
    }
    let clock = terbuka::domain::clock::FixedClock::new(crate::helpers::default_now());
    let (sqlite, postgres) = (TestDb::sqlite(), TestDb::new());
    for db in [&sqlite, &postgres] {
        terbuka::startup::open_database(&db.settings(), &clock).expect("migrate");
    }
    let set = |items: Vec<Item>| items.into_iter().map(|i| (i.a, i.b)).collect::<BTreeSet<_>>();
    let skip = "__diesel_schema_migrations";

    let mut lite = SqliteConnection::establish(sqlite.url.trim_start_matches("sqlite://")).unwrap();
    let lite_columns = set(diesel::sql_query(format!(
        "SELECT m.name AS a, c.name AS b FROM sqlite_master m, pragma_table_info(m.name) c \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '{skip}'"
    ))
    .load(&mut lite)
    .unwrap());
    // Indexes made by CREATE INDEX (not those SQLite makes for PRIMARY KEY and UNIQUE), with their columns.
    let lite_indexes = set(diesel::sql_query(
        "SELECT m.name || ' ON ' || m.tbl_name AS a, group_concat(i.name, ',') AS b \
         FROM sqlite_master m, pragma_index_info(m.name) i WHERE m.type = 'index' AND m.sql IS NOT NULL \
         GROUP BY m.name, m.tbl_name",
    )
    .load(&mut lite)
    .unwrap());

    let mut pg = PgConnection::establish(&postgres.url).unwrap();
    let pg_columns = set(diesel::sql_query(format!(
        "SELECT c.table_name::text AS a, c.column_name::text AS b FROM information_schema.columns c \
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> '{skip}'"
    ))
    .load(&mut pg)
    .unwrap());
    // Indexes not behind a constraint (primary key, unique), with their columns in order (expressions as written).
    let pg_indexes = set(diesel::sql_query(
        "SELECT ci.relname || ' ON ' || ct.relname AS a, \
                string_agg(pg_get_indexdef(x.indexrelid, k.n::int, true), ',' ORDER BY k.n) AS b \
         FROM pg_index x JOIN pg_class ci ON ci.oid = x.indexrelid JOIN pg_class ct ON ct.oid = x.indrelid \
         JOIN pg_namespace ns ON ns.oid = ct.relnamespace \
         CROSS JOIN LATERAL generate_series(1, x.indnkeyatts) AS k(n) \
         WHERE ns.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) \
         GROUP BY ci.relname, ct.relname",
    )
    .load(&mut pg)
    .unwrap());

    let tables = |cols: &BTreeSet<(String, String)>| cols.iter().map(|(t, _)| t.clone()).collect::<BTreeSet<_>>();
    assert!(tables(&lite_columns).len() > 20, "the comparison read no tables");
    assert_eq!(tables(&lite_columns), tables(&pg_columns), "tables differ between the backends");
    let only =
        |a: &BTreeSet<(String, String)>, b: &BTreeSet<(String, String)>| a.difference(b).cloned().collect::<Vec<_>>();
    assert!(
        lite_columns == pg_columns,
        "columns only on SQLite: {:?}; only on PostgreSQL: {:?}",
        only(&lite_columns, &pg_columns),
        only(&pg_columns, &lite_columns)
    );
    assert!(!lite_indexes.is_empty(), "the comparison read no indexes");
    // Where the backends differ on purpose. Migration 21: SQLite keeps the compliance totals in key order (WITHOUT
    // ROWID); PostgreSQL has no clustered tables, so a covering index gives it the same index-only reads.
    let pg_only = ["compliance_totals_covering ON compliance_totals"];
    let pg_indexes: BTreeSet<(String, String)> =
        pg_indexes.into_iter().filter(|(name, _)| !pg_only.contains(&name.as_str())).collect();
    assert!(
        lite_indexes == pg_indexes,
        "indexes only on SQLite: {:?}; only on PostgreSQL: {:?}",
        only(&lite_indexes, &pg_indexes),
        only(&pg_indexes, &lite_indexes)
    );
}

/// Several instances starting at once on an empty database: all start, one migrates, one makes the first
/// administrator, and the calendar is loaded once.
#[test]
fn four_instances_starting_at_once_on_an_empty_database_all_start_with_one_administrator() {
    use terbuka::domain::clock::{Clock, FixedClock};
    let test_db = crate::helpers::TestDb::new();
    let settings = test_db.settings();
    let clock = FixedClock::new(crate::helpers::default_now());
    let barrier = std::sync::Barrier::new(4);
    let results: Vec<Result<bool, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let opened = terbuka::startup::open_database(&settings, &clock).map_err(|e| format!("{e:#}"))?;
                    let mut conn = opened.db.get().map_err(|e| e.to_string())?;
                    terbuka::service::accounts::bootstrap_first_admin(&mut conn, clock.now())
                        .map(|invitation| invitation.is_some())
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(results.iter().all(Result::is_ok), "every instance starts: {results:?}");
    assert_eq!(results.iter().filter(|r| *r == &Ok(true)).count(), 1, "one first administrator: {results:?}");
    let opened = terbuka::startup::open_database(&settings, &clock).unwrap();
    let mut conn = opened.db.get().unwrap();
    assert_eq!(terbuka::service::accounts::list_users(&mut conn).unwrap().len(), 1);
    let versions = terbuka::db::repo::calendar::versions(&mut conn).unwrap();
    assert_eq!(versions.len(), 1, "the built-in calendar loaded once");
}
