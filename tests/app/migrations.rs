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
