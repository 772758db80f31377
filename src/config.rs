//! Typed settings, layered: embedded defaults → `terbuka.toml` (or `--config FILE`) → `DATABASE_URL` →
//! `TERBUKA_*` environment variables → command-line overrides. Everything is validated at start, and every
//! problem is reported with the key, where it came from, and what was expected. There is no global config: the
//! `Settings` value is passed to whatever needs it.

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::Deserialize;

use crate::domain::calendar::CalendarSettings;

/// The embedded defaults, also the reference for every key (README's configuration table mirrors it).
pub const DEFAULTS: &str = r#"
mode = "development"
host = "127.0.0.1"
port = 8080
database_url = "sqlite://data/terbuka.sqlite"
database_pool_size = 8
sqlite_cache_mib = 32
sqlite_mmap_mib = 0
instance_name = "Terbuka"
time_zone = "Asia/Jakarta"
exclude_cuti_bersama = true
log = "info"
requests_per_ip_per_hour = 10
requests_per_email_per_day = 5
trusted_proxies = []
upload_dir = ""
due_soon_working_days = 3
reminder_working_days = 5
order_working_days = 10
ki_weekly_digest = true
require_two_step_for_admins = true
mail_transport = "file"
mail_dir = ""
mail_from = "Terbuka <noreply@terbuka.invalid>"
smtp_host = ""
smtp_port = 587
smtp_security = "starttls"
smtp_username = ""
smtp_password = ""
smtp_timeout_seconds = 20
smtp_connections = 8
allow_file_mail = false
"#;

/// The file read when no `--config` is given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "terbuka.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Development,
    Production,
}

/// Every setting, before validation.
#[derive(Debug)]
struct RawSettings {
    mode: Mode,
    host: String,
    port: u16,
    database_url: String,
    database_pool_size: u32,
    sqlite_cache_mib: u32,
    sqlite_mmap_mib: u32,
    public_base_url: Option<String>,
    instance_name: String,
    time_zone: String,
    exclude_cuti_bersama: bool,
    log: String,
    secret_key: Option<String>,
    requests_per_ip_per_hour: u32,
    requests_per_email_per_day: u32,
    trusted_proxies: Vec<String>,
    upload_dir: String,
    due_soon_working_days: u32,
    reminder_working_days: u32,
    order_working_days: u32,
    ki_weekly_digest: bool,
    require_two_step_for_admins: bool,
    mail_transport: String,
    mail_dir: String,
    mail_from: String,
    smtp_host: String,
    smtp_port: u16,
    smtp_security: String,
    smtp_username: String,
    smtp_password: String,
    smtp_timeout_seconds: u64,
    smtp_connections: u32,
    allow_file_mail: bool,
}

/// The keys a configuration may set.
pub const KEYS: [&str; 33] = [
    "mail_transport",
    "mail_dir",
    "mail_from",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_username",
    "smtp_password",
    "smtp_timeout_seconds",
    "smtp_connections",
    "allow_file_mail",
    "require_two_step_for_admins",
    "due_soon_working_days",
    "reminder_working_days",
    "order_working_days",
    "ki_weekly_digest",
    "upload_dir",
    "secret_key",
    "requests_per_ip_per_hour",
    "requests_per_email_per_day",
    "trusted_proxies",
    "mode",
    "host",
    "port",
    "database_url",
    "database_pool_size",
    "sqlite_cache_mib",
    "sqlite_mmap_mib",
    "public_base_url",
    "instance_name",
    "time_zone",
    "exclude_cuti_bersama",
    "log",
];

/// Which database, chosen from the URL's scheme and nothing else.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite { path: PathBuf },
    Postgres { url: String },
}

impl DatabaseTarget {
    /// `sqlite://PATH` or `sqlite:PATH` → SQLite; `postgres://` or `postgresql://` → PostgreSQL.
    pub fn parse(url: &str) -> Result<DatabaseTarget, String> {
        let url = url.trim();
        if let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err("expected a file path after `sqlite://`, e.g. sqlite://data/terbuka.sqlite".into());
            }
            if path == ":memory:" || path.starts_with("file::memory:") {
                return Err("an in-memory SQLite database would lose every request on restart; give a file path".into());
            }
            return Ok(DatabaseTarget::Sqlite { path: PathBuf::from(path) });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseTarget::Postgres { url: url.to_owned() });
        }
        let scheme = url.split_once(':').map_or("(none)", |(s, _)| s);
        Err(format!(
            "expected a URL starting with sqlite://, sqlite:, postgres:// or postgresql://, found scheme `{scheme}`"
        ))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseTarget::Sqlite { .. } => "sqlite",
            DatabaseTarget::Postgres { .. } => "postgres",
        }
    }
}

/// Shows where the database is without its password.
impl fmt::Display for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseTarget::Sqlite { path } => write!(f, "SQLite {}", path.display()),
            DatabaseTarget::Postgres { url } => write!(f, "PostgreSQL {}", redact_password(url)),
        }
    }
}

impl fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, None), |(a, t)| (a, Some(t)));
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let tail = tail.map(|t| t.split('?').next().unwrap_or_default());
    match tail {
        Some(t) => format!("{scheme}://{authority}/{t}"),
        None => format!("{scheme}://{authority}"),
    }
}

/// The validated settings of one instance.
#[derive(Debug, Clone)]
pub struct Settings {
    pub mode: Mode,
    pub host: IpAddr,
    pub port: u16,
    pub database: DatabaseTarget,
    pub database_pool_size: u32,
    /// SQLite: the page cache of all the pool's connections together, MiB (each gets its share).
    pub sqlite_cache_mib: u32,
    /// SQLite: memory-mapped I/O per connection, MiB (0: off; mapped pages count as the process's file-backed
    /// memory).
    pub sqlite_mmap_mib: u32,
    /// Absolute base for links (no trailing slash); `None` means "where the server listens" (development only).
    pub public_base_url: Option<String>,
    pub instance_name: String,
    pub time_zone: Tz,
    pub calendar: CalendarSettings,
    pub log: String,
    /// From `secret_key`; `None` in development means "use the key file beside the database".
    pub secrets: Option<crate::crypto::Secrets>,
    pub limits: Limits,
    /// Where uploaded documents are stored (encrypted). Empty: `uploads/` beside the SQLite database, or
    /// `data/uploads` with PostgreSQL. With several instances, a shared folder.
    pub upload_dir: PathBuf,
    /// How many working days ahead the officers' queue marks work as "due soon".
    pub due_soon_working_days: u32,
    /// How many working days before an objection or dispute window closes the requester is reminded.
    pub reminder_working_days: u32,
    /// The deadline the atasan's form suggests for carrying out an overturning decision, in working days after it
    /// (the atasan may set another).
    pub order_working_days: u32,
    /// KI auditors get a weekly digest of overdue work in their jurisdiction.
    pub ki_weekly_digest: bool,
    /// Administrators must turn on two-step sign-in (an authenticator app) before they can do anything else.
    pub require_two_step_for_admins: bool,
    /// How email leaves the instance.
    pub mail: MailSettings,
}

/// Where email goes: files (development) or an SMTP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTransport {
    /// Each message as an `.eml` file in this folder.
    File { dir: PathBuf },
    Smtp {
        host: String,
        port: u16,
        security: SmtpSecurity,
        credentials: Option<(String, String)>,
        /// For each exchange with the server (connecting, each command and answer), at most
        /// [`MAX_SMTP_TIMEOUT_SECONDS`]: a hung server fails the message well within its lease.
        timeout: std::time::Duration,
        /// How many messages are sent at once, each over its own kept-open connection (1 to 32).
        connections: u32,
    },
}

/// The longest `smtp_timeout_seconds` allowed (the outbox's lease is sized for it; see `service::outbox`).
pub const MAX_SMTP_TIMEOUT_SECONDS: u64 = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (required).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this machine.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    pub transport: MailTransport,
    /// The From address, e.g. `PPID Kota Contoh <ppid@kota-contoh.go.id>`.
    pub from: String,
}

/// Submission limits for the citizen forms (0 turns a limit off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub requests_per_ip_per_hour: u32,
    pub requests_per_email_per_day: u32,
    /// Reverse proxies whose `X-Forwarded-For` header is believed; any other peer is the client itself.
    pub trusted_proxies: Vec<IpAddr>,
}

/// One configuration problem: the key, where its value came from, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub key: String,
    pub origin: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.key)?;
        if let Some(origin) = &self.origin {
            write!(f, " (from {origin})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in the configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError(pub Vec<ConfigProblem>);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the configuration is not valid:")?;
        for p in &self.0 {
            writeln!(f, "  - {p}")?;
        }
        write!(f, "See the configuration table in README.md.")
    }
}

/// Values given on the command line, which win over every other layer.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub database_url: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
}

/// Where to look for the configuration file and which environment to read.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// An explicit file (must exist); otherwise `terbuka.toml` in the working directory if present.
    pub file: Option<PathBuf>,
    /// Read `DATABASE_URL` and `TERBUKA_*` from the process environment.
    pub environment: bool,
}

impl Settings {
    /// The embedded defaults alone, with another database; for tests and tools.
    pub fn with_database_url(url: &str) -> Result<Settings, ConfigError> {
        Settings::load(&Sources::default(), &Overrides { database_url: Some(url.to_owned()), ..Default::default() })
    }

    pub fn load(sources: &Sources, overrides: &Overrides) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        match &sources.file {
            Some(path) if !path.is_file() => {
                return Err(ConfigError(vec![ConfigProblem {
                    key: "--config".into(),
                    origin: None,
                    message: format!("no configuration file at {}", path.display()),
                }]));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE))
            }
            None => {}
        }
        if sources.environment {
            figment = figment.merge(Env::raw().only(&["DATABASE_URL"])).merge(
                // TERBUKA_TEST_* belong to the test suite and TERBUKA_CONFIG names the file; neither is a setting.
                Env::prefixed("TERBUKA_").filter(|k| !k.as_str().starts_with("test_") && k.as_str() != "config"),
            );
        }
        if let Some(url) = &overrides.database_url {
            figment = figment.merge(Serialized::default("database_url", url));
        }
        if let Some(host) = &overrides.host {
            figment = figment.merge(Serialized::default("host", host));
        }
        if let Some(port) = overrides.port {
            figment = figment.merge(Serialized::default("port", port));
        }

        let (raw, problems) = extract(&figment);
        validate(raw, problems)
    }

    /// The instance's secrets: from `secret_key`, or in development from a key file beside the SQLite database
    /// (`./data/secret.key` for PostgreSQL), created on first use.
    pub fn resolve_secrets(&self) -> anyhow::Result<crate::crypto::Secrets> {
        if let Some(s) = &self.secrets {
            return Ok(s.clone());
        }
        let dir = match &self.database {
            DatabaseTarget::Sqlite { path } => path.parent().map(Path::to_path_buf).unwrap_or_default(),
            DatabaseTarget::Postgres { .. } => PathBuf::from("data"),
        };
        crate::crypto::Secrets::load_or_create(&dir.join("secret.key"))
    }

    /// The absolute base URL for links, given the port the server actually bound.
    pub fn base_url(&self, bound_port: u16) -> String {
        self.public_base_url.clone().unwrap_or_else(|| match self.host {
            IpAddr::V6(h) => format!("http://[{h}]:{bound_port}"),
            IpAddr::V4(h) => format!("http://{h}:{bound_port}"),
        })
    }
}

/// Reads every key on its own, so that one wrong value does not hide the others.
fn extract(figment: &Figment) -> (RawSettings, Vec<ConfigProblem>) {
    let mut problems = Vec::new();
    if let Ok(data) = figment::Provider::data(figment) {
        for dict in data.values() {
            for key in dict.keys().filter(|k| !KEYS.contains(&k.as_str())) {
                let origin = figment.find_metadata(key).map(|m| describe_origin(m, key));
                problems.push(ConfigProblem {
                    key: key.to_string(),
                    origin,
                    message: "unknown setting; the settings are listed in README.md".into(),
                });
            }
        }
    }
    // A value that cannot be read falls back to its default, so the other keys are still checked.
    let defaults = Figment::from(Toml::string(DEFAULTS));
    fn read<T: serde::de::DeserializeOwned>(
        figment: &Figment,
        defaults: &Figment,
        key: &str,
        problems: &mut Vec<ConfigProblem>,
    ) -> T {
        match figment.extract_inner::<T>(key) {
            Ok(v) => v,
            Err(e) => {
                problems.extend(e.into_iter().map(|e| ConfigProblem {
                    key: key.to_owned(),
                    origin: e.metadata.as_ref().map(|m| describe_origin(m, key)),
                    message: match &e.kind {
                        figment::error::Kind::MissingField(_) => "missing setting".to_owned(),
                        other => other.to_string(),
                    },
                }));
                defaults.extract_inner::<T>(key).expect("the embedded defaults are valid")
            }
        }
    }
    let public_base_url = match figment.find_value("public_base_url") {
        Err(_) => None,
        Ok(_) => match figment.extract_inner::<String>("public_base_url") {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(ConfigProblem {
                    key: "public_base_url".into(),
                    origin: e.metadata.as_ref().map(|m| describe_origin(m, "public_base_url")),
                    message: e.kind.to_string(),
                });
                None
            }
        },
    };
    let secret_key = match figment.find_value("secret_key") {
        Err(_) => None,
        Ok(_) => match figment.extract_inner::<String>("secret_key") {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(ConfigProblem {
                    key: "secret_key".into(),
                    origin: e.metadata.as_ref().map(|m| describe_origin(m, "secret_key")),
                    message: "expected a base64 string".into(),
                });
                None
            }
        },
    };
    let raw = RawSettings {
        secret_key,
        mode: read(figment, &defaults, "mode", &mut problems),
        host: read(figment, &defaults, "host", &mut problems),
        port: read(figment, &defaults, "port", &mut problems),
        database_url: read(figment, &defaults, "database_url", &mut problems),
        database_pool_size: read(figment, &defaults, "database_pool_size", &mut problems),
        sqlite_cache_mib: read(figment, &defaults, "sqlite_cache_mib", &mut problems),
        sqlite_mmap_mib: read(figment, &defaults, "sqlite_mmap_mib", &mut problems),
        public_base_url,
        instance_name: read(figment, &defaults, "instance_name", &mut problems),
        time_zone: read(figment, &defaults, "time_zone", &mut problems),
        exclude_cuti_bersama: read(figment, &defaults, "exclude_cuti_bersama", &mut problems),
        log: read(figment, &defaults, "log", &mut problems),
        requests_per_ip_per_hour: read(figment, &defaults, "requests_per_ip_per_hour", &mut problems),
        requests_per_email_per_day: read(figment, &defaults, "requests_per_email_per_day", &mut problems),
        trusted_proxies: read(figment, &defaults, "trusted_proxies", &mut problems),
        upload_dir: read(figment, &defaults, "upload_dir", &mut problems),
        due_soon_working_days: read(figment, &defaults, "due_soon_working_days", &mut problems),
        reminder_working_days: read(figment, &defaults, "reminder_working_days", &mut problems),
        order_working_days: read(figment, &defaults, "order_working_days", &mut problems),
        ki_weekly_digest: read(figment, &defaults, "ki_weekly_digest", &mut problems),
        require_two_step_for_admins: read(figment, &defaults, "require_two_step_for_admins", &mut problems),
        mail_transport: read(figment, &defaults, "mail_transport", &mut problems),
        mail_dir: read(figment, &defaults, "mail_dir", &mut problems),
        mail_from: read(figment, &defaults, "mail_from", &mut problems),
        smtp_host: read(figment, &defaults, "smtp_host", &mut problems),
        smtp_port: read(figment, &defaults, "smtp_port", &mut problems),
        smtp_security: read(figment, &defaults, "smtp_security", &mut problems),
        smtp_username: read(figment, &defaults, "smtp_username", &mut problems),
        smtp_password: read(figment, &defaults, "smtp_password", &mut problems),
        smtp_timeout_seconds: read(figment, &defaults, "smtp_timeout_seconds", &mut problems),
        smtp_connections: read(figment, &defaults, "smtp_connections", &mut problems),
        allow_file_mail: read(figment, &defaults, "allow_file_mail", &mut problems),
    };
    (raw, problems)
}

/// "environment variable TERBUKA_PORT", "file /etc/terbuka.toml", …
fn describe_origin(m: &figment::Metadata, key: &str) -> String {
    let name = m.name.to_string();
    if name.contains("TERBUKA_") {
        format!("environment variable TERBUKA_{}", key.to_ascii_uppercase())
    } else if name.contains("environment") {
        format!("environment variable {}", key.to_ascii_uppercase())
    } else if let Some(src) = &m.source {
        format!("file {src}")
    } else {
        name
    }
}

/// Checks meaning, adding to the problems found while reading (a key already reported is not reported twice).
fn validate(raw: RawSettings, mut problems: Vec<ConfigProblem>) -> Result<Settings, ConfigError> {
    let unreadable: Vec<String> = problems.iter().map(|p| p.key.clone()).collect();
    let mut problem = |key: &str, message: String| {
        if !unreadable.iter().any(|k| k == key) {
            problems.push(ConfigProblem { key: key.to_owned(), origin: None, message });
        }
    };

    let host = raw
        .host
        .trim()
        .parse::<IpAddr>()
        .map_err(|_| {
            problem("host", format!("expected an IP address such as 127.0.0.1 or 0.0.0.0, found `{}`", raw.host))
        })
        .ok();
    let database = DatabaseTarget::parse(&raw.database_url).map_err(|m| problem("database_url", m)).ok();
    if !(1..=100).contains(&raw.database_pool_size) {
        problem("database_pool_size", format!("expected a number from 1 to 100, found {}", raw.database_pool_size));
    }
    if !(1..=4096).contains(&raw.sqlite_cache_mib) {
        problem("sqlite_cache_mib", format!("expected 1 to 4096 MiB in all, found {}", raw.sqlite_cache_mib));
    }
    if raw.sqlite_mmap_mib > 4096 {
        problem("sqlite_mmap_mib", format!("expected 0 (off) to 4096 MiB, found {}", raw.sqlite_mmap_mib));
    }
    let public_base_url = match raw.public_base_url.as_deref().map(str::trim) {
        None | Some("") => {
            if raw.mode == Mode::Production {
                problem(
                    "public_base_url",
                    "production mode needs the public address people use, e.g. https://ppid.example.go.id".into(),
                );
            }
            None
        }
        Some(url) => {
            let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
            match rest {
                Some(r) if !r.is_empty() && !r.contains(char::is_whitespace) && !r.contains(['?', '#']) => {
                    Some(url.trim_end_matches('/').to_owned())
                }
                _ => {
                    problem("public_base_url", format!("expected an absolute http:// or https:// URL, found `{url}`"));
                    None
                }
            }
        }
    };
    let instance_name = raw.instance_name.trim().to_owned();
    if instance_name.is_empty() || instance_name.chars().count() > 120 {
        problem("instance_name", "expected a name of 1 to 120 characters".into());
    }
    let time_zone = if crate::domain::body::SUPPORTED_ZONES.contains(&raw.time_zone.as_str()) {
        raw.time_zone.parse::<Tz>().ok()
    } else {
        problem(
            "time_zone",
            format!(
                "expected one of {} (WIB, WITA, WIT), found `{}`",
                crate::domain::body::SUPPORTED_ZONES.join(", "),
                raw.time_zone
            ),
        );
        None
    };
    let secrets = match raw.secret_key.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => match crate::crypto::Secrets::from_base64(k) {
            Ok(s) => Some(s),
            Err(e) => {
                problem("secret_key", e.to_string());
                None
            }
        },
        None => {
            if raw.mode == Mode::Production {
                problem(
                    "secret_key",
                    "production mode needs a secret key to encrypt identity data; generate one with `terbuka secret generate`"
                        .into(),
                );
            }
            None
        }
    };
    let mail_dir = |database: &DatabaseTarget| -> PathBuf {
        if raw.mail_dir.trim().is_empty() {
            match database {
                DatabaseTarget::Sqlite { path } => {
                    path.parent().map(Path::to_path_buf).unwrap_or_default().join("mail")
                }
                DatabaseTarget::Postgres { .. } => PathBuf::from("data/mail"),
            }
        } else {
            PathBuf::from(raw.mail_dir.trim())
        }
    };
    let mail_transport = match raw.mail_transport.trim() {
        "file" => {
            if raw.mode == Mode::Production && !raw.allow_file_mail {
                problem(
                    "mail_transport",
                    "production mode sends email by SMTP; set mail_transport = \"smtp\" and smtp_host, or allow_file_mail = true to keep mail in files on purpose".into(),
                );
            }
            Some(None)
        }
        "smtp" => {
            let security = match raw.smtp_security.trim() {
                "starttls" => Some(SmtpSecurity::StartTls),
                "tls" => Some(SmtpSecurity::Tls),
                "none" => Some(SmtpSecurity::None),
                other => {
                    problem("smtp_security", format!("expected starttls, tls or none, found `{other}`"));
                    None
                }
            };
            if raw.smtp_host.trim().is_empty() {
                problem("smtp_host", "the SMTP server's host name is required with mail_transport = \"smtp\"".into());
            }
            if security == Some(SmtpSecurity::None)
                && !matches!(raw.smtp_host.trim(), "localhost" | "127.0.0.1" | "::1")
            {
                problem(
                    "smtp_security",
                    "unencrypted SMTP is allowed only to a relay on this machine (localhost)".into(),
                );
            }
            if !(1..=MAX_SMTP_TIMEOUT_SECONDS).contains(&raw.smtp_timeout_seconds) {
                problem(
                    "smtp_timeout_seconds",
                    format!("expected 1 to {MAX_SMTP_TIMEOUT_SECONDS} seconds, found {}", raw.smtp_timeout_seconds),
                );
            }
            if !(1..=32).contains(&raw.smtp_connections) {
                problem("smtp_connections", format!("expected 1 to 32 connections, found {}", raw.smtp_connections));
            }
            let credentials = (!raw.smtp_username.trim().is_empty())
                .then(|| (raw.smtp_username.trim().to_owned(), raw.smtp_password.clone()));
            security.map(|security| {
                Some(MailTransport::Smtp {
                    host: raw.smtp_host.trim().to_owned(),
                    port: raw.smtp_port,
                    security,
                    credentials,
                    timeout: std::time::Duration::from_secs(raw.smtp_timeout_seconds),
                    connections: raw.smtp_connections,
                })
            })
        }
        other => {
            problem("mail_transport", format!("expected file or smtp, found `{other}`"));
            None
        }
    };
    if raw.mail_from.parse::<lettre::message::Mailbox>().is_err() {
        problem(
            "mail_from",
            format!("expected an address such as `PPID <ppid@example.go.id>`, found `{}`", raw.mail_from),
        );
    }
    if raw.due_soon_working_days > 30 {
        problem("due_soon_working_days", format!("expected 0 to 30 working days, found {}", raw.due_soon_working_days));
    }
    if !(1..=20).contains(&raw.reminder_working_days) {
        problem("reminder_working_days", format!("expected 1 to 20 working days, found {}", raw.reminder_working_days));
    }
    if !(1..=60).contains(&raw.order_working_days) {
        problem("order_working_days", format!("expected 1 to 60 working days, found {}", raw.order_working_days));
    }
    let mut trusted_proxies = Vec::new();
    for p in &raw.trusted_proxies {
        match p.trim().parse::<IpAddr>() {
            Ok(ip) => trusted_proxies.push(ip),
            Err(_) => problem("trusted_proxies", format!("expected IP addresses such as 10.0.0.2, found `{p}`")),
        }
    }
    if tracing_subscriber::EnvFilter::try_new(&raw.log).is_err() {
        problem("log", format!("expected a log filter such as `info` or `terbuka=debug,info`, found `{}`", raw.log));
    }

    match (host, database, time_zone) {
        (Some(host), Some(database), Some(time_zone)) if problems.is_empty() => Ok(Settings {
            mode: raw.mode,
            host,
            port: raw.port,
            database: database.clone(),
            database_pool_size: raw.database_pool_size,
            sqlite_cache_mib: raw.sqlite_cache_mib,
            sqlite_mmap_mib: raw.sqlite_mmap_mib,
            public_base_url,
            instance_name,
            time_zone,
            calendar: CalendarSettings { exclude_cuti_bersama: raw.exclude_cuti_bersama },
            log: raw.log,
            secrets,
            due_soon_working_days: raw.due_soon_working_days,
            reminder_working_days: raw.reminder_working_days,
            order_working_days: raw.order_working_days,
            ki_weekly_digest: raw.ki_weekly_digest,
            require_two_step_for_admins: raw.require_two_step_for_admins,
            mail: MailSettings {
                transport: mail_transport.flatten().unwrap_or_else(|| MailTransport::File { dir: mail_dir(&database) }),
                from: raw.mail_from.clone(),
            },
            upload_dir: if raw.upload_dir.trim().is_empty() {
                match &database {
                    DatabaseTarget::Sqlite { path } => {
                        path.parent().map(Path::to_path_buf).unwrap_or_default().join("uploads")
                    }
                    DatabaseTarget::Postgres { .. } => PathBuf::from("data/uploads"),
                }
            } else {
                PathBuf::from(raw.upload_dir.trim())
            },
            limits: Limits {
                requests_per_ip_per_hour: raw.requests_per_ip_per_hour,
                requests_per_email_per_day: raw.requests_per_email_per_day,
                trusted_proxies,
            },
        }),
        _ => Err(ConfigError(problems)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_pick_the_backend_by_scheme() {
        assert_eq!(
            DatabaseTarget::parse("sqlite://data/x.sqlite").unwrap(),
            DatabaseTarget::Sqlite { path: "data/x.sqlite".into() }
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite:/tmp/x.db").unwrap(),
            DatabaseTarget::Sqlite { path: "/tmp/x.db".into() }
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite:///var/lib/t.sqlite").unwrap(),
            DatabaseTarget::Sqlite { path: "/var/lib/t.sqlite".into() }
        );
        assert!(matches!(DatabaseTarget::parse("postgresql://u@h/db").unwrap(), DatabaseTarget::Postgres { .. }));
        assert!(matches!(DatabaseTarget::parse("postgres://u@h/db").unwrap(), DatabaseTarget::Postgres { .. }));
        for bad in ["mysql://u@h/db", "data/terbuka.sqlite", "postgre://x", "sqlite://", "sqlite::memory:", ""] {
            assert!(DatabaseTarget::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_never_show() {
        let t = DatabaseTarget::parse("postgres://terbuka:s3cret@db.internal:5432/terbuka?sslmode=require").unwrap();
        let shown = t.to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert_eq!(shown, "PostgreSQL postgres://terbuka:***@db.internal:5432/terbuka");
        assert!(!format!("{t:?}").contains("s3cret"));
    }

    #[test]
    fn defaults_are_valid() {
        let s = Settings::load(&Sources::default(), &Overrides::default()).unwrap();
        assert_eq!(s.port, 8080);
        assert_eq!(s.database, DatabaseTarget::Sqlite { path: "data/terbuka.sqlite".into() });
        assert!(s.calendar.exclude_cuti_bersama);
        assert_eq!(s.base_url(8080), "http://127.0.0.1:8080");
    }
}
