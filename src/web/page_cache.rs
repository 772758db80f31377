//! Rendered tracking pages, kept in memory and checked against the database on every request.
//!
//! A tracking page reads eleven things (the request, its events, body, unit, requester, competent KI, calendar,
//! objections, disputes, documents) and renders some two hundred lines of HTML; most visits find it unchanged. The
//! cache keeps the rendered page with the stamp it was made from (`repo::cases::TrackingStamp`: numbers that grow
//! with every change to anything the page shows) and the day it was made for. Each visit still reads the stamp, in
//! one statement, from the database every instance shares, so a change made anywhere (another server, the command
//! line, a migration) shows on the next visit: the cache can be cold, never stale. The stamp is read before the
//! page's contents, so a page is never filed under a stamp newer than what it shows.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use actix_web::web::Bytes;
use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::db::repo::cases::TrackingStamp;
use crate::i18n::Locale;

/// How many rendered pages one server keeps (a tracking page is 10–20 KiB, so about 20 MiB at most).
pub const CAPACITY: usize = 1_000;

/// Which page: the request (by its token's hash), the language and the template (tracking page or receipt).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub token_hash: String,
    pub locale: Locale,
    pub template: &'static str,
}

/// One rendered page and what it was rendered from.
#[derive(Debug)]
pub struct CachedPage {
    pub stamp: TrackingStamp,
    /// The day in the request's zone the page was made for (objection windows and overdue marks depend on it).
    pub today: NaiveDate,
    pub zone: Tz,
    /// Whether the instance showed the demo banner.
    pub demo: bool,
    pub html: Bytes,
}

impl CachedPage {
    /// Whether this page is what rendering now would give: the same stamp, the same day, the same banner.
    pub fn is_current(&self, stamp: &TrackingStamp, now: chrono::DateTime<chrono::Utc>, demo: bool) -> bool {
        self.stamp == *stamp && self.demo == demo && now.with_timezone(&self.zone).date_naive() == self.today
    }
}

/// A bounded map of rendered pages; the oldest entry goes first when it is full.
pub struct PageCache {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    pages: HashMap<PageKey, Arc<CachedPage>>,
    order: VecDeque<PageKey>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache").field("capacity", &self.capacity).field("pages", &self.len()).finish()
    }
}

impl PageCache {
    pub fn new(capacity: usize) -> PageCache {
        PageCache { capacity, inner: Mutex::new(Inner::default()) }
    }

    pub fn get(&self, key: &PageKey) -> Option<Arc<CachedPage>> {
        self.inner.lock().expect("page cache").pages.get(key).cloned()
    }

    pub fn put(&self, key: PageKey, page: CachedPage) {
        if self.capacity == 0 {
            return;
        }
        let mut inner = self.inner.lock().expect("page cache");
        if inner.pages.insert(key.clone(), Arc::new(page)).is_none() {
            inner.order.push_back(key);
            while inner.order.len() > self.capacity {
                let Some(oldest) = inner.order.pop_front() else { break };
                inner.pages.remove(&oldest);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.inner.lock().expect("page cache").pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: i64) -> CachedPage {
        CachedPage {
            stamp: TrackingStamp { request_id: "r".into(), token_hash: "h".into(), parts: [n; 12] },
            today: NaiveDate::from_ymd_opt(2026, 12, 2).expect("valid"),
            zone: chrono_tz::Asia::Jakarta,
            demo: false,
            html: Bytes::from_static(b"<p>"),
        }
    }

    fn key(n: usize) -> PageKey {
        PageKey { token_hash: n.to_string(), locale: Locale::default(), template: "pages/citizen/tracking" }
    }

    #[test]
    fn the_oldest_page_goes_when_full_and_a_replaced_page_keeps_its_place() {
        let cache = PageCache::new(2);
        cache.put(key(1), page(1));
        cache.put(key(2), page(1));
        cache.put(key(1), page(2));
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get(&key(1)).expect("kept").stamp.parts[0], 2);
        cache.put(key(3), page(1));
        assert!(cache.get(&key(1)).is_none(), "the oldest key went");
        assert!(cache.get(&key(2)).is_some() && cache.get(&key(3)).is_some());
        let none = PageCache::new(0);
        none.put(key(1), page(1));
        assert!(none.is_empty());
    }

    #[test]
    fn a_page_is_current_only_for_its_stamp_day_and_banner() {
        let p = page(1);
        let noon = chrono::DateTime::parse_from_rfc3339("2026-12-02T05:00:00Z").expect("valid").to_utc();
        assert!(p.is_current(&p.stamp, noon, false));
        assert!(!p.is_current(&page(2).stamp, noon, false));
        assert!(!p.is_current(&p.stamp, noon, true));
        // 17:00 UTC is already the next day in Jakarta.
        let evening = chrono::DateTime::parse_from_rfc3339("2026-12-02T17:00:00Z").expect("valid").to_utc();
        assert!(!p.is_current(&p.stamp, evening, false));
    }
}
