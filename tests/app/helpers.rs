//! Test harness: every test gets its own database (a temporary SQLite file, or a fresh PostgreSQL database when
//! `TERBUKA_TEST_DATABASE_URL` is set) and, when it needs one, its own application on a free port.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use clap::Parser;
use diesel::{Connection, PgConnection, RunQueryDsl};
use terbuka::cli::{Cli, CliError};
use terbuka::config::Settings;
use terbuka::db::Db;
use terbuka::domain::clock::FixedClock;
use terbuka::startup::{Application, open_database};

pub const DATABASE_VAR: &str = "TERBUKA_TEST_DATABASE_URL";

/// The PostgreSQL server for this run, if any. Without one the suite runs on SQLite, which is a supported backend
/// in its own right; `.ci/run` runs the suite a second time with this set.
pub fn postgres_url() -> Option<String> {
    std::env::var(DATABASE_VAR).ok().filter(|v| !v.trim().is_empty())
}

/// An outside component's address from the environment (SMTP, WebDriver). Under CI (`CI=true`) a missing one
/// fails the test, so a CI run cannot pass without covering it.
#[allow(dead_code)] // the SMTP and WebDriver tests use it
pub fn component(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.trim().is_empty() => Some(v),
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "{var} is not set, and CI=true requires every outside component"
            );
            None
        }
    }
}

/// A database of its own for one test, removed afterwards.
pub struct TestDb {
    pub url: String,
    /// Where this test's uploads go.
    pub uploads: tempfile::TempDir,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDb {
    pub fn new() -> TestDb {
        match postgres_url() {
            Some(admin_url) => {
                let name = format!("terbuka_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = PgConnection::establish(&admin_url)
                    .unwrap_or_else(|e| panic!("cannot connect to {DATABASE_VAR}: {e}"));
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create test database");
                let url = with_database(&admin_url, &name);
                TestDb { url, uploads: tempfile::tempdir().unwrap(), _dir: None, postgres: Some((admin_url, name)) }
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("terbuka.sqlite").display());
                TestDb { url, uploads: tempfile::tempdir().unwrap(), _dir: Some(dir), postgres: None }
            }
        }
    }

    /// A SQLite database whatever the run's backend (to compare the two schemas).
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("terbuka.sqlite").display());
        TestDb { url, uploads: tempfile::tempdir().unwrap(), _dir: Some(dir), postgres: None }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    pub fn settings(&self) -> Settings {
        let mut s = Settings::with_database_url(&self.url).expect("test settings");
        s.port = 0;
        s.secrets = Some(test_secrets());
        s.upload_dir = self.uploads.path().to_path_buf();
        s
    }

    pub fn files(&self) -> terbuka::files::FileStore {
        terbuka::files::FileStore::new(self.uploads.path())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
        }
    }
}

/// A fixed key for tests (never a real instance's).
pub const TEST_KEY: &str = "dGVyYnVrYS10ZXN0LWtleS10ZXJidWthLXRlc3Qta2V5LTMyYnl0ZXM=";

pub fn test_secrets() -> terbuka::crypto::Secrets {
    terbuka::crypto::Secrets::from_base64(TEST_KEY).expect("a valid test key")
}

/// A sign-in from a client the tests do not care about (an address of the documentation range, no known browser).
pub const NO_CLIENT: terbuka::service::accounts::Client<'static> =
    terbuka::service::accounts::Client { address: "192.0.2.1", device: None };

/// The same URL with another database name (the path), keeping user, host and query.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// The worked examples of domain.md §9 (trigger, working days, deadline), exclusive counting, cuti bersama excluded.
pub const WORKED_EXAMPLES: [(&str, u32, &str); 11] = [
    ("2025-03-21", 10, "2025-04-15"),
    ("2025-03-21", 17, "2025-04-25"),
    ("2025-03-15", 10, "2025-04-08"),
    ("2025-02-06", 30, "2025-03-20"),
    ("2025-06-02", 30, "2025-07-17"),
    ("2025-12-19", 10, "2026-01-07"),
    ("2025-12-19", 17, "2026-01-19"),
    ("2026-02-02", 10, "2026-02-18"),
    ("2026-02-02", 17, "2026-02-27"),
    ("2024-11-20", 10, "2024-12-05"),
    ("2024-11-20", 17, "2024-12-16"),
];

/// Friday 21 March 2025, 10:00 WIB: the day of domain.md's first worked example.
pub fn default_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 21, 3, 0, 0).unwrap()
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub clock: Arc<FixedClock>,
    pub test_db: TestDb,
}

impl TestApp {
    /// Registers `input` as the standard office's officer, at the app's clock.
    pub fn register(&self, input: &terbuka::service::cases::NewRequest) -> terbuka::service::cases::Registration {
        use terbuka::domain::clock::Clock;
        let mut conn = self.db.get().unwrap();
        let (files, now) = (self.test_db.files(), self.clock.now());
        terbuka::service::cases::register_request(
            &mut conn,
            crate::cases::CAL,
            &test_secrets(),
            &files,
            input,
            &crate::cases::Office::officer(),
            now,
        )
        .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request")
    }

    pub async fn get_lang(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header("Accept-Language", accept_language)
            .send()
            .await
            .expect("request")
    }

    /// Runs a CLI command in-process against this app's database.
    pub fn cli(&self, args: &[&str]) -> CliOutput {
        run_cli(&self.test_db.url, self.clock.clone(), args)
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// An app whose settings the test adjusts first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let test_db = TestDb::new();
    let mut settings = test_db.settings();
    adjust(&mut settings);
    let clock = Arc::new(FixedClock::new(default_now()));
    spawn_app_on(test_db, settings, clock).await
}

/// An app over a database the test prepared first (e.g. with a command).
pub async fn spawn_app_on(test_db: TestDb, settings: Settings, clock: Arc<FixedClock>) -> TestApp {
    let opened = open_database(&settings, &*clock).expect("open test database");
    let app = Application::build(settings, opened.db.clone(), clock.clone()).expect("build app");
    // Where the test reaches it: the port it bound on this host, whatever public address it was given.
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { address, client, db: opened.db, clock, test_db }
}

pub struct CliOutput {
    pub result: Result<(), CliError>,
    pub stdout: String,
    pub stderr: String,
}

impl CliOutput {
    #[track_caller]
    pub fn ok(&self) -> &str {
        if let Err(e) = &self.result {
            panic!("command failed: {e}\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        }
        &self.stdout
    }

    #[track_caller]
    pub fn err(&self) -> String {
        match &self.result {
            Ok(()) => panic!("command succeeded but should have failed\nstdout:\n{}", self.stdout),
            Err(e) => e.to_string(),
        }
    }

    pub fn last_line(&self) -> &str {
        self.stdout.lines().last().unwrap_or_default()
    }
}

pub fn run_cli(database_url: &str, clock: Arc<FixedClock>, args: &[&str]) -> CliOutput {
    // The same key as the test's app (an instance refuses a database encrypted with another).
    let config = tempfile::NamedTempFile::with_suffix(".toml").unwrap();
    std::fs::write(config.path(), format!("secret_key = \"{TEST_KEY}\"\n")).unwrap();
    let config_path = config.path().to_string_lossy().into_owned();
    let mut argv = vec!["terbuka", "--config", config_path.as_str(), "--database-url", database_url];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).expect("valid arguments");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = terbuka::cli::run(cli, false, &mut out, &mut err, clock);
    CliOutput { result, stdout: String::from_utf8(out).unwrap(), stderr: String::from_utf8(err).unwrap() }
}

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(with_database("postgres://u:p@h:5432/postgres", "x"), "postgres://u:p@h:5432/x");
    assert_eq!(with_database("postgres://u@h/db?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    assert_eq!(with_database("postgresql://h", "x"), "postgresql://h/x");
}

/// The standard fixture: the KI of Jawa Barat and one body under it, `kota-contoh` (WIB).
pub fn create_standard_body(db: &terbuka::db::Db, now: DateTime<Utc>) {
    use terbuka::service::bodies::{self, BodyInput, JurisdictionInput};
    let mut conn = db.get().unwrap();
    let ki = JurisdictionInput {
        code: "jawa-barat".into(),
        name: "KI Provinsi Jawa Barat".into(),
        level: "provinsi".into(),
        parent: None,
        contact: Default::default(),
    };
    bodies::create_jurisdiction(&mut conn, &ki, now).unwrap();
    let body = BodyInput {
        slug: "kota-contoh".into(),
        name: "Pemerintah Kota Contoh".into(),
        level: "pemerintah_kabupaten_kota".into(),
        time_zone: "Asia/Jakarta".into(),
        ki: "jawa-barat".into(),
        ppid_email: "ppid@kota-contoh.go.id".into(),
        ppid_phone: "+62 22 4234567".into(),
        ppid_address: "Jl. Merdeka No. 1".into(),
        ..Default::default()
    };
    bodies::create_body(&mut conn, &body, now).unwrap();
}

/// A new account with this role and scope, with its password set; returns its session cookie.
pub fn signed_in_account(
    app: &TestApp,
    username: &str,
    role: terbuka::domain::account::Role,
    body: Option<&str>,
    unit: Option<&str>,
    jurisdiction: Option<&str>,
) -> String {
    use terbuka::domain::clock::Clock;
    use terbuka::service::accounts;
    let mut conn = app.db.get().unwrap();
    let input = accounts::NewUser {
        username: username.into(),
        name: format!("Petugas {username}"),
        role: role.as_str().into(),
        body: body.map(Into::into),
        unit: unit.map(Into::into),
        jurisdiction: jurisdiction.map(Into::into),
        ..Default::default()
    };
    let now = app.clock.now();
    let token = accounts::create_user(&mut conn, &input, now).unwrap().token;
    let password = "kuda batang merah sembilan";
    match accounts::set_password_with_link(&mut conn, &token, password, password, now).unwrap().unwrap() {
        accounts::SignedIn::Session(session) => format!("terbuka_sesi={}", session.token),
        accounts::SignedIn::SecondFactor { .. } => unreachable!("a new account has no second factor"),
    }
}
