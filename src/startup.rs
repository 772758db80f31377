//! Building and running the application. [`Application::build`] binds its own listener (port 0 in tests), so
//! the caller learns the real port before serving.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use tracing_actix_web::TracingLogger;

use crate::config::Settings;
use crate::db::{Db, NewDatabase};
use crate::domain::clock::Clock;
use crate::service;
use crate::views::Views;
use crate::web::locale::remember_choice;
use crate::web::routes::routes;
use crate::web::state::AppState;

/// What opening the database did.
#[derive(Debug)]
pub struct OpenedDb {
    pub db: Db,
    /// Migration versions applied now (empty when the schema was current).
    pub migrations_applied: Vec<String>,
    /// The calendar version created by loading the built-in calendar into a new database.
    pub calendar_seeded: Option<i64>,
}

/// Creates (for SQLite) and migrates the database, checks that the configured secret key is the one its data is
/// encrypted with (see [`service::instance`]), and loads the built-in calendar into a new one.
/// A new, empty SQLite database is made only on a path that never held one, and never in production (see
/// [`create_database`]).
pub fn open_database(settings: &Settings, clock: &dyn Clock) -> anyhow::Result<OpenedDb> {
    let new = match settings.mode {
        crate::config::Mode::Production => NewDatabase::Never,
        _ => NewDatabase::IfNeverUsed,
    };
    open_with(settings, clock, new)
}

/// [`open_database`], creating the SQLite database if there is none: what `terbuka migrate` and `terbuka demo`
/// do when asked.
pub fn create_database(settings: &Settings, clock: &dyn Clock) -> anyhow::Result<OpenedDb> {
    open_with(settings, clock, NewDatabase::Create)
}

fn open_with(settings: &Settings, clock: &dyn Clock, new: NewDatabase) -> anyhow::Result<OpenedDb> {
    let memory = crate::db::SqliteMemory::shared(
        settings.sqlite_cache_mib,
        settings.sqlite_mmap_mib,
        settings.database_pool_size,
    );
    let (db, migrations_applied) = Db::open(&settings.database, settings.database_pool_size, memory, new)?;
    let mut conn = db.get()?;
    let secrets = settings.resolve_secrets()?;
    if let Err(mismatch) = service::instance::check_key(&mut conn, &secrets, clock.now())? {
        anyhow::bail!("{mismatch}");
    }
    let calendar_seeded = service::calendar::seed_if_empty(&mut conn, clock.now())?;
    drop(conn);
    Ok(OpenedDb { db, migrations_applied, calendar_seeded })
}

pub struct Application {
    port: u16,
    base_url: String,
    server: Server,
}

impl Application {
    /// Binds `settings.host:settings.port` and prepares the server over an open database.
    pub fn build(settings: Settings, db: Db, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        let listener = TcpListener::bind((settings.host, settings.port))
            .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", settings.host, settings.port))?;
        let port = listener.local_addr()?.port();
        let base_url = settings.base_url(port);
        let views = Views::new()?;
        views.set_demo(db.get().ok().and_then(|mut c| crate::db::repo::bodies::any_demo(&mut c).ok()).unwrap_or(false));
        let secrets = settings.resolve_secrets()?;
        let files = crate::files::FileStore::new(settings.upload_dir.clone());
        let stamps = crate::service::portal::TrackingStamps::new(&db)
            .map_err(|e| anyhow::anyhow!("cannot start the tracking-stamp reader: {e}"))?;
        let state = web::Data::new(AppState {
            settings,
            db,
            stamps,
            clock,
            views,
            secrets,
            files,
            base_url: base_url.clone(),
            pages: crate::web::page_cache::PageCache::new(crate::web::page_cache::CAPACITY),
        });
        let server = HttpServer::new(move || {
            App::new()
                // Innermost, so that the error pages it renders get the security headers too.
                .wrap(from_fn(crate::web::viewer::with_viewer))
                .wrap(from_fn(crate::web::error::render_errors))
                .wrap(security_headers())
                .wrap(from_fn(crate::web::respond::private_api_answers))
                .wrap(from_fn(remember_choice))
                // Outside every middleware that sets a cookie, so that all of them are made `Secure` over HTTPS.
                .wrap(from_fn(crate::web::respond::transport_security))
                .wrap(TracingLogger::<crate::telemetry::RedactingSpans>::new())
                .app_data(state.clone())
                // Forms are small, but an annual report's five texts may reach 20,000 characters each: the
                // default 16 KiB would answer a long text with a bare 413.
                .app_data(actix_web::web::FormConfig::default().limit(1 << 20))
                .configure(routes)
        })
        .listen(listener)?
        .run();
        Ok(Application { port, base_url, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Headers every response carries: no inline scripts or framing, no MIME sniffing, no referrer leaks.
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
}
