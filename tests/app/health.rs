use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::Value;

use crate::helpers::{DATABASE_VAR, spawn_app};

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["status"], "ok");
    let backend = if app.test_db.is_postgres() { "postgres" } else { "sqlite" };
    assert_eq!(body["database"]["backend"], backend);
}

#[tokio::test]
async fn healthz_is_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    if app.test_db.is_postgres() {
        let admin = std::env::var(DATABASE_VAR).unwrap();
        let name = app.test_db.url.rsplit('/').next().unwrap().split('?').next().unwrap().to_owned();
        let mut conn = PgConnection::establish(&admin).unwrap();
        diesel::sql_query(format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut conn).unwrap();
    } else {
        let path = app.test_db.url.strip_prefix("sqlite://").unwrap().to_owned();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 503);
    let text = res.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"]["status"], "unreachable");
    assert!(!text.contains("terbuka_test") && !text.contains(".sqlite"), "the cause is logged, not shown: {text}");
}
