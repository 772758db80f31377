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
    /// Today in the instance's time zone (a body's own zone may differ: case pages use the body's).
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.now().with_timezone(&self.settings.time_zone).date_naive()
    }
}
