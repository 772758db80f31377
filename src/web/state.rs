//! What every handler can reach.

use std::sync::Arc;

use crate::config::Settings;
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::views::Views;

#[derive(Debug)]
pub struct AppState {
    pub settings: Settings,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub views: Views,
    pub secrets: crate::crypto::Secrets,
    pub files: crate::files::FileStore,
    /// Absolute base for links, without a trailing slash.
    pub base_url: String,
    /// Rendered tracking pages, checked against the database on every visit (web::page_cache).
    pub pages: crate::web::page_cache::PageCache,
    /// Reads the stamps those pages are checked against (batched on PostgreSQL).
    pub stamps: crate::service::portal::TrackingStamps,
}

impl AppState {
    /// The state of the app that is answering `req`.
    pub fn of(req: &actix_web::HttpRequest) -> actix_web::web::Data<AppState> {
        req.app_data::<actix_web::web::Data<AppState>>().cloned().expect("AppState is registered with the app")
    }

    /// Whether the instance is served over HTTPS (its `public_base_url`): cookies are then `Secure`, the session
    /// and CSRF cookies carry the `__Host-` prefix, and every answer sends `Strict-Transport-Security`.
    pub fn over_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// A cookie's name here: with the `__Host-` prefix over HTTPS (a browser then keeps it only if it is `Secure`,
    /// for path `/` and this host alone, so a sibling subdomain cannot plant or overwrite it).
    pub fn host_cookie(&self, name: &'static str) -> std::borrow::Cow<'static, str> {
        if self.over_https() { format!("__Host-{name}").into() } else { name.into() }
    }

    /// Today in the instance's time zone (a body's own zone may differ: case pages use the body's).
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.now().with_timezone(&self.settings.time_zone).date_naive()
    }
}
