//! Languages: Bahasa Indonesia first (the default and the fallback), English second.
//!
//! Message text lives in Fluent files under `templates/locales/<tag>/`; this module looks messages up and formats
//! dates the way people read them ("Selasa, 15 April 2025"). Every sentence a citizen, officer or auditor reads
//! goes through here.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use serde::Serialize;

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./templates/locales",
        fallback_language: "id-ID",
        // Bidi isolation marks around placeables would leak into JSON and plain-text output.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum Locale {
    #[default]
    #[serde(rename = "id-ID")]
    Id,
    #[serde(rename = "en-US")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Id, Locale::En];

    /// The BCP 47 tag, also the Fluent directory name.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Id => "id-ID",
            Locale::En => "en-US",
        }
    }

    /// The short code used in `?lang=` links and the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Id => "id",
            Locale::En => "en",
        }
    }

    /// Accepts `id`, `id-ID`, `en`, `en-US`, `en-GB`… (case-insensitive).
    pub fn parse(s: &str) -> Option<Locale> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "id" | "in" => Some(Locale::Id),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The best supported language from an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }

    pub fn langid(self) -> LanguageIdentifier {
        self.tag().parse().expect("static language tags are valid")
    }
}

/// Looks up a message.
pub fn t(locale: Locale, key: &str) -> String {
    LOCALES.lookup(&locale.langid(), key)
}

/// A message if it exists (for optional labels).
pub fn try_t(locale: Locale, key: &str) -> Option<String> {
    LOCALES.try_lookup(&locale.langid(), key)
}

/// Looks up a message with named arguments.
pub fn t_args(locale: Locale, key: &str, args: &[(&'static str, String)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> =
        args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
    LOCALES.lookup_with_args(&locale.langid(), key, &map)
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday_name(locale: Locale, w: Weekday) -> &'static str {
    let i = w.num_days_from_monday() as usize;
    match locale {
        Locale::Id => ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"][i],
        Locale::En => ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][i],
    }
}

fn month_name(locale: Locale, month: u32) -> &'static str {
    let i = month as usize - 1;
    match locale {
        Locale::Id => MONTHS_ID[i],
        Locale::En => MONTHS_EN[i],
    }
}

/// "Selasa, 15 April 2025" / "Tuesday, 15 April 2025".
pub fn date_long(locale: Locale, d: NaiveDate) -> String {
    format!("{}, {} {} {}", weekday_name(locale, d.weekday()), d.day(), month_name(locale, d.month()), d.year())
}

/// WIB, WITA or WIT.
pub fn zone_abbreviation(zone: chrono_tz::Tz) -> &'static str {
    match zone {
        chrono_tz::Asia::Makassar => "WITA",
        chrono_tz::Asia::Jayapura => "WIT",
        _ => "WIB",
    }
}

/// "Jumat, 21 Maret 2025 pukul 10.00 WIB" / "Friday, 21 March 2025 at 10:00 WIB", in the given zone.
pub fn datetime_long(locale: Locale, at: chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz) -> String {
    use chrono::Timelike;
    let local = at.with_timezone(&zone);
    let (h, m) = (local.hour(), local.minute());
    let abbr = zone_abbreviation(zone);
    match locale {
        Locale::Id => format!("{} pukul {h:02}.{m:02} {abbr}", date_long(locale, local.date_naive())),
        Locale::En => format!("{} at {h:02}:{m:02} {abbr}", date_long(locale, local.date_naive())),
    }
}

/// "15 April 2025".
pub fn date_medium(locale: Locale, d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(locale, d.month()), d.year())
}

/// "Jan 2025", "Agu 2025" / "Aug 2025": a month in tables and charts.
pub fn month_year_short(locale: Locale, year: i32, month: u32) -> String {
    let name = month_name(locale, month);
    let abbrev = match (locale, month) {
        (Locale::Id, 8) => "Agu",
        _ => &name[..3],
    };
    format!("{abbrev} {year}")
}

/// "15 Apr" (year omitted), for lists of skipped days.
pub fn date_short(locale: Locale, d: NaiveDate) -> String {
    let name = month_name(locale, d.month());
    let abbrev = match (locale, d.month()) {
        (Locale::Id, 8) => "Agu",
        _ => &name[..3],
    };
    format!("{} {}", d.day(), abbrev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2025, 4, 15).unwrap();
        assert_eq!(date_long(Locale::Id, d), "Selasa, 15 April 2025");
        assert_eq!(date_long(Locale::En, d), "Tuesday, 15 April 2025");
        assert_eq!(date_short(Locale::Id, NaiveDate::from_ymd_opt(2025, 8, 18).unwrap()), "18 Agu");
        assert_eq!(date_short(Locale::Id, NaiveDate::from_ymd_opt(2025, 5, 1).unwrap()), "1 Mei");
    }

    #[test]
    fn times_are_shown_in_the_bodys_zone() {
        use chrono::TimeZone;
        let at = chrono::Utc.with_ymd_and_hms(2025, 3, 21, 3, 0, 0).unwrap();
        assert_eq!(datetime_long(Locale::Id, at, chrono_tz::Asia::Jakarta), "Jumat, 21 Maret 2025 pukul 10.00 WIB");
        assert_eq!(datetime_long(Locale::En, at, chrono_tz::Asia::Jayapura), "Friday, 21 March 2025 at 12:00 WIT");
    }

    #[test]
    fn accept_language_prefers_the_highest_quality() {
        assert_eq!(Locale::from_accept_language("en-GB,en;q=0.9,id;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("fr, id;q=0.5, en;q=0.4"), Some(Locale::Id));
        assert_eq!(Locale::from_accept_language("fr, de"), None);
        assert_eq!(Locale::from_accept_language("en;q=0, id;q=0.1"), Some(Locale::Id));
    }

    /// Every message exists in every language, so nobody is shown a bare key.
    #[test]
    fn every_locale_has_every_message() {
        fn keys(tag: &str) -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/locales").join(tag);
            let mut keys = std::collections::BTreeSet::new();
            for file in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((key, _)) = line.split_once(" =")
                        && !key.starts_with([' ', '#', '.', '-'])
                        && !key.is_empty()
                    {
                        keys.insert(key.to_owned());
                    }
                }
            }
            keys
        }
        let id = keys("id-ID");
        assert!(!id.is_empty());
        assert_eq!(id, keys("en-US"));
    }
}
