//! Configuration problems are reported with the key, where it came from, and what was expected.

use std::path::Path;
use std::process::Command;

use terbuka::config::{Overrides, Settings, Sources};

fn load_file(content: &str) -> Result<Settings, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terbuka.toml");
    std::fs::write(&path, content).unwrap();
    Settings::load(&Sources { file: Some(path), environment: false }, &Overrides::default()).map_err(|e| e.to_string())
}

#[test]
fn a_file_overrides_the_defaults() {
    let s = load_file("port = 9090\ninstance_name = \"PPID Kota Contoh\"\nexclude_cuti_bersama = false\n").unwrap();
    assert_eq!(s.port, 9090);
    assert_eq!(s.instance_name, "PPID Kota Contoh");
    assert!(!s.calendar.exclude_cuti_bersama);
}

#[test]
fn unknown_keys_and_wrong_types_name_the_key_and_the_file() {
    let err = load_file("prot = 8080\n").unwrap_err();
    assert!(err.contains("`prot`"), "{err}");
    assert!(err.contains("unknown setting"), "{err}");
    assert!(err.contains("terbuka.toml"), "{err}");

    let err = load_file("port = \"eighty\"\n").unwrap_err();
    assert!(err.contains("`port`"), "{err}");
    assert!(err.contains("u16"), "{err}");

    let err = load_file("mode = \"prod\"\n").unwrap_err();
    assert!(err.contains("`mode`") && err.contains("development"), "{err}");
}

#[test]
fn semantic_problems_are_all_reported_at_once() {
    let err = load_file(
        "database_url = \"mysql://root@localhost/terbuka\"\ntime_zone = \"Europe/Paris\"\nhost = \"localhost\"\n\
         public_base_url = \"ppid.example.go.id\"\ndatabase_pool_size = 0\nlog = \"info,[\"\n",
    )
    .unwrap_err();
    for key in ["`database_url`", "`time_zone`", "`host`", "`public_base_url`", "`database_pool_size`", "`log`"] {
        assert!(err.contains(key), "{key} missing from: {err}");
    }
    assert!(err.contains("found scheme `mysql`"), "{err}");
    assert!(!err.contains("root@localhost"), "URLs are not echoed back: {err}");
}

#[test]
fn production_needs_a_public_address_a_secret_key_and_a_mail_server() {
    let err = load_file("mode = \"production\"\n").unwrap_err();
    assert!(err.contains("`public_base_url`"), "{err}");
    assert!(err.contains("`secret_key`") && err.contains("terbuka secret generate"), "{err}");
    assert!(err.contains("`mail_transport`") && err.contains("allow_file_mail"), "{err}");
    let key = terbuka::crypto::generate_key();
    let ok = load_file(&format!(
        "mode = \"production\"\npublic_base_url = \"https://ppid.example.go.id/\"\nsecret_key = \"{key}\"\n\
         mail_transport = \"smtp\"\nsmtp_host = \"smtp.example.go.id\"\n"
    ))
    .unwrap();
    assert!(matches!(ok.mail.transport, terbuka::config::MailTransport::Smtp { port: 587, .. }));
    let plain = load_file("mail_transport = \"smtp\"\nsmtp_host = \"smtp.example.go.id\"\nsmtp_security = \"none\"\n")
        .unwrap_err();
    assert!(plain.contains("only to a relay on this machine"), "{plain}");
    let bad = load_file("mail_transport = \"pigeon\"\nmail_from = \"bukan alamat\"\n").unwrap_err();
    assert!(bad.contains("`mail_transport`") && bad.contains("`mail_from`"), "{bad}");
    assert_eq!(ok.public_base_url.as_deref(), Some("https://ppid.example.go.id"));
    assert!(ok.secrets.is_some());
    let short = load_file("secret_key = \"c2hvcnQ=\"\n").unwrap_err();
    assert!(short.contains("at least 32 random bytes"), "{short}");
    assert!(!short.contains("c2hvcnQ="), "the key is not echoed back: {short}");
}

#[test]
fn secret_generate_prints_a_usable_key() {
    let dir = tempfile::tempdir().unwrap();
    let out = terbuka(dir.path()).args(["secret", "generate"]).output().unwrap();
    assert!(out.status.success());
    let key = String::from_utf8(out.stdout).unwrap();
    assert!(terbuka::crypto::Secrets::from_base64(key.trim()).is_ok());
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "it touches no database");
}

#[test]
fn a_missing_config_file_is_an_error() {
    let err = Settings::load(
        &Sources { file: Some("/no/such/terbuka.toml".into()), environment: false },
        &Overrides::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no configuration file at /no/such/terbuka.toml"));
}

fn terbuka(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terbuka"));
    cmd.current_dir(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("TERBUKA_") || k == "DATABASE_URL" || k == "RUST_LOG" {
            cmd.env_remove(k);
        }
    }
    cmd
}

#[test]
fn environment_variables_are_validated_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = terbuka(dir.path())
        .args(["migrate"])
        .env("TERBUKA_PORT", "abc")
        .env("TERBUKA_DATABASE_URL", "postgre://typo@localhost/terbuka")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("TERBUKA_PORT"), "{stderr}");
    assert!(stderr.contains("`database_url`"), "{stderr}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "a bad URL never creates a file");
}

#[test]
fn database_url_is_an_alias_and_terbuka_database_url_wins() {
    let dir = tempfile::tempdir().unwrap();
    let out = terbuka(dir.path()).args(["migrate"]).env("DATABASE_URL", "sqlite://alias.sqlite").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("alias.sqlite").is_file());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("applied"), "{stdout}");
    assert!(stdout.contains("calendar version 1"), "{stdout}");

    let out = terbuka(dir.path())
        .args(["migrate"])
        .env("DATABASE_URL", "sqlite://alias.sqlite")
        .env("TERBUKA_DATABASE_URL", "sqlite:main.sqlite")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("main.sqlite").is_file());

    let again = terbuka(dir.path()).args(["migrate"]).env("DATABASE_URL", "sqlite://alias.sqlite").output().unwrap();
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("the schema is up to date"), "{stdout}");
    assert!(!stdout.contains("calendar version"), "the calendar is loaded once: {stdout}");
}

/// A wrong `secret_key` is refused at start, with what to do, before anything is written with it; so is one that
/// cannot read a database made before fingerprints were kept.
#[test]
fn an_instance_refuses_to_start_with_another_secret_key_and_says_what_to_do() {
    use terbuka::domain::clock::Clock;
    let test_db = crate::helpers::TestDb::new();
    let clock = terbuka::domain::clock::FixedClock::new(crate::helpers::default_now());
    let mut settings = test_db.settings();
    let opened = terbuka::startup::open_database(&settings, &clock).unwrap();
    crate::helpers::create_standard_body(&opened.db, clock.now());
    let mut conn = opened.db.get().unwrap();
    let input = crate::cases::Office::new_request(crate::cases::wib_morning("2025-03-21"));
    terbuka::service::cases::register_request(
        &mut conn,
        crate::cases::CAL,
        &crate::helpers::test_secrets(),
        &test_db.files(),
        &input,
        &crate::cases::Office::officer(),
        clock.now(),
    )
    .unwrap();
    drop(conn);

    let right = settings.secrets.clone();
    settings.secrets = Some(terbuka::crypto::Secrets::from_base64(&terbuka::crypto::generate_key()).unwrap());
    let wrong = terbuka::startup::open_database(&settings, &clock).map(drop).expect_err("refused").to_string();
    assert!(wrong.contains("set up with another secret key (fingerprint "), "{wrong}");
    assert!(wrong.contains("Start with the original `secret_key`") && wrong.contains("Nothing was changed"), "{wrong}");

    // A database from before fingerprints were kept: the key is tried on its data, then its fingerprint kept.
    let mut conn = opened.db.get().unwrap();
    let clear = diesel::sql_query("DELETE FROM instance_facts");
    match &mut **conn {
        terbuka::db::DbConn::Sqlite(c) => diesel::RunQueryDsl::execute(clear, c).unwrap(),
        terbuka::db::DbConn::Pg(c) => diesel::RunQueryDsl::execute(clear, c).unwrap(),
    };
    drop(conn);
    let wrong = terbuka::startup::open_database(&settings, &clock).map(drop).expect_err("refused").to_string();
    assert!(wrong.contains("encrypted with another secret key"), "{wrong}");
    settings.secrets = right;
    terbuka::startup::open_database(&settings, &clock).expect("the right key starts and is kept");
    settings.secrets = Some(terbuka::crypto::Secrets::from_base64(&terbuka::crypto::generate_key()).unwrap());
    assert!(terbuka::startup::open_database(&settings, &clock).is_err(), "and is checked from then on");
}

/// SQLite's memory is a budget for the whole pool (before, 64 MiB of page cache per connection and a 256 MiB map:
/// up to 768 MiB with eight connections): by default 32 MiB of cache shared by the pool and no map, both settings.
#[tokio::test]
async fn sqlite_connections_share_one_memory_budget() {
    use diesel::QueryableByName;
    #[derive(QueryableByName)]
    struct Cache {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        cache_size: i64,
    }
    #[derive(QueryableByName)]
    struct Mmap {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        mmap_size: i64,
    }
    // A pooled connection's page cache (negative: KiB) and memory map (bytes); `None` on PostgreSQL.
    let read = |app: &crate::helpers::TestApp| {
        use diesel::RunQueryDsl;
        let mut conn = app.db.get().unwrap();
        let terbuka::db::DbConn::Sqlite(c) = &mut **conn else { return None };
        let cache: Cache = diesel::sql_query("PRAGMA cache_size").get_result(c).unwrap();
        let mmap: Mmap = diesel::sql_query("PRAGMA mmap_size").get_result(c).unwrap();
        Some((cache.cache_size, mmap.mmap_size))
    };
    let defaults = Settings::load(&Sources::default(), &Overrides::default()).unwrap();
    assert_eq!((defaults.sqlite_cache_mib, defaults.sqlite_mmap_mib, defaults.database_pool_size), (32, 0, 8));
    let app = crate::helpers::spawn_app_with(|s| s.database_pool_size = 8).await;
    let Some(pragmas) = read(&app) else { return };
    assert_eq!(pragmas, (-4096, 0), "a negative cache_size is KiB: 32 MiB over 8 connections; no map");
    let app = crate::helpers::spawn_app_with(|s| {
        s.database_pool_size = 4;
        s.sqlite_cache_mib = 64;
        s.sqlite_mmap_mib = 16;
    })
    .await;
    assert_eq!(read(&app), Some((-16384, 16 * 1024 * 1024)));
}
