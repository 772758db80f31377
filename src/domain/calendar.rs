//! The working-day calendar and the deadline engine (domain.md §3).
//!
//! Every statutory clock in UU 14/2008 counts *hari kerja* (working days). A day is not a working day when it is
//! a Saturday or Sunday (Perpres 21/2023), or when a calendar entry makes it one: a national holiday, a cuti
//! bersama (unless the instance counts those as working days), an ad-hoc Keppres holiday, or a local holiday of
//! the jurisdiction being counted for.
//!
//! The calendar is versioned, append-only data. Each entry says from which date it was *known* (`known_from`), so
//! the engine can answer "what was the deadline as known on X" for evidence and what-if questions. A `removed`
//! entry withdraws an earlier entry for the same date and scope from its own `known_from` on: for one date and
//! scope, the entry with the latest `known_from` wins.
//!
//! Counting is exclusive: the trigger date is day 0 (even when it is not a working day) and the deadline is the
//! N-th working day after it. When the count reaches into a year whose calendar is not loaded, the engine counts
//! weekends and the fixed-date national holidays as non-working, and marks the result **provisional**.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

/// The kind of a calendar entry. `removed` withdraws an earlier entry for the same date and scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A national public holiday (hari libur nasional) set by the yearly SKB.
    Holiday,
    /// Collective leave (cuti bersama) set by the yearly SKB.
    CutiBersama,
    /// An ad-hoc holiday set by a Keputusan Presiden (e.g. a polling day).
    Keppres,
    /// A holiday that applies only in one jurisdiction.
    Local,
    /// Withdraws an earlier entry for the same date and scope.
    Removed,
}

impl DayKind {
    pub const ALL: [DayKind; 5] =
        [DayKind::Holiday, DayKind::CutiBersama, DayKind::Keppres, DayKind::Local, DayKind::Removed];

    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::CutiBersama => "cuti_bersama",
            DayKind::Keppres => "keppres",
            DayKind::Local => "local",
            DayKind::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<DayKind> {
        DayKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for DayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The code of a Komisi Informasi jurisdiction, used to scope local holidays (e.g. `jawa-barat`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct JurisdictionCode(String);

impl JurisdictionCode {
    /// The same rules as any slug: lowercase ASCII letters, digits and single hyphens, 2 to 64 characters.
    pub fn parse(s: &str) -> Option<JurisdictionCode> {
        super::body::Slug::parse(s).map(|slug| JurisdictionCode(slug.as_str().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JurisdictionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One row of the calendar, as imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarEntry {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    pub source: String,
    pub known_from: NaiveDate,
    /// `None` for national entries; local holidays (and removals of them) name their jurisdiction.
    pub jurisdiction: Option<JurisdictionCode>,
}

impl CalendarEntry {
    /// Entries are unique per (date, scope, known_from).
    pub fn key(&self) -> (NaiveDate, Option<&JurisdictionCode>, NaiveDate) {
        (self.date, self.jurisdiction.as_ref(), self.known_from)
    }
}

/// Instance settings that change what counts as a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarSettings {
    /// Cuti bersama are not working days (the default, domain.md §3).
    pub exclude_cuti_bersama: bool,
}

impl Default for CalendarSettings {
    fn default() -> Self {
        CalendarSettings { exclude_cuti_bersama: true }
    }
}

/// The fixed-date national holidays used for years whose calendar is not loaded (domain.md §3).
pub const FIXED_DATE_HOLIDAYS: [(u32, u32, &str); 5] = [
    (1, 1, "Tahun Baru Masehi"),
    (5, 1, "Hari Buruh Internasional"),
    (6, 1, "Hari Lahir Pancasila"),
    (8, 17, "Hari Kemerdekaan Republik Indonesia"),
    (12, 25, "Hari Raya Natal"),
];

/// The source named for a fixed-date holiday assumed in a year that is not loaded.
pub const PROVISIONAL_SOURCE: &str = "fixed-date holiday assumed until the year's SKB is loaded";

/// All calendar entries as loaded, with the version of the data.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Shared: a calendar is read after every transition and cloned from a cache (db::repo::calendar).
    entries: std::sync::Arc<Vec<CalendarEntry>>,
    version: i64,
    /// The views with every loaded entry (`as_of` = `None`) made so far, per jurisdiction and settings: shared by
    /// the clones of this calendar, so a cached calendar resolves each scope once.
    views: std::sync::Arc<std::sync::Mutex<Vec<ViewKey>>>,
}

/// A memoised view: its jurisdiction, whether cuti bersama are excluded, and the view.
type ViewKey = (Option<JurisdictionCode>, bool, CalendarView);

impl Calendar {
    pub fn new(entries: Vec<CalendarEntry>, version: i64) -> Calendar {
        Calendar { entries: std::sync::Arc::new(entries), version, views: Default::default() }
    }

    pub fn entries(&self) -> &[CalendarEntry] {
        &self.entries
    }

    pub fn version(&self) -> i64 {
        self.version
    }

    /// The local holidays in force with every loaded entry: for each date and jurisdiction, the latest entry, when
    /// it is a local holiday (not withdrawn), by date.
    pub fn local_holidays(&self) -> Vec<&CalendarEntry> {
        let mut latest: HashMap<(NaiveDate, &JurisdictionCode), &CalendarEntry> = HashMap::new();
        for e in self.entries.iter() {
            let Some(j) = e.jurisdiction.as_ref() else { continue };
            let slot = latest.entry((e.date, j)).or_insert(e);
            if e.known_from > slot.known_from {
                *slot = e;
            }
        }
        let mut held: Vec<&CalendarEntry> = latest.into_values().filter(|e| e.kind == DayKind::Local).collect();
        held.sort_by(|a, b| (a.date, &a.jurisdiction).cmp(&(b.date, &b.jurisdiction)));
        held
    }

    /// The calendar as it applies to one jurisdiction (or national only), as known on `as_of` (or with every
    /// loaded entry when `None`: that is how stored deadlines are computed).
    pub fn view(
        &self,
        as_of: Option<NaiveDate>,
        jurisdiction: Option<&JurisdictionCode>,
        settings: CalendarSettings,
    ) -> CalendarView {
        if as_of.is_some() {
            return self.resolve(as_of, jurisdiction, settings);
        }
        let memo = |views: &Vec<ViewKey>| {
            views
                .iter()
                .find(|(j, cuti, _)| j.as_ref() == jurisdiction && *cuti == settings.exclude_cuti_bersama)
                .map(|(_, _, v)| v.clone())
        };
        if let Some(v) = memo(&self.views.lock().expect("calendar views")) {
            return v;
        }
        let view = self.resolve(None, jurisdiction, settings);
        let mut views = self.views.lock().expect("calendar views");
        if memo(&views).is_none() {
            views.push((jurisdiction.cloned(), settings.exclude_cuti_bersama, view.clone()));
        }
        view
    }

    fn resolve(
        &self,
        as_of: Option<NaiveDate>,
        jurisdiction: Option<&JurisdictionCode>,
        settings: CalendarSettings,
    ) -> CalendarView {
        let known = |e: &&CalendarEntry| as_of.is_none_or(|d| e.known_from <= d);
        let in_scope = |e: &&CalendarEntry| e.jurisdiction.is_none() || e.jurisdiction.as_ref() == jurisdiction;

        // For each (date, scope), the entry with the latest known_from is the one in force.
        let mut winners: HashMap<(NaiveDate, bool), &CalendarEntry> = HashMap::new();
        for e in self.entries.iter().filter(known).filter(in_scope) {
            let slot = winners.entry((e.date, e.jurisdiction.is_some())).or_insert(e);
            if e.known_from > slot.known_from {
                *slot = e;
            }
        }

        let mut non_working: HashMap<NaiveDate, DayInfo> = HashMap::new();
        // National entries first, so that a national name wins over a local one on the same date.
        let mut ordered: Vec<_> = winners.into_iter().collect();
        ordered.sort_by_key(|((date, local), _)| (*date, *local));
        for (_, e) in ordered {
            let counts = match e.kind {
                DayKind::Removed => false,
                DayKind::CutiBersama => settings.exclude_cuti_bersama,
                DayKind::Holiday | DayKind::Keppres | DayKind::Local => true,
            };
            if counts {
                non_working.entry(e.date).or_insert_with(|| DayInfo {
                    kind: e.kind,
                    name: e.name.clone(),
                    source: e.source.clone(),
                    provisional: false,
                });
            }
        }

        let loaded_years = self
            .entries
            .iter()
            .filter(known)
            .filter(|e| e.jurisdiction.is_none() && e.kind == DayKind::Holiday)
            .map(|e| e.date.year())
            .collect();

        CalendarView {
            non_working: std::sync::Arc::new(non_working),
            loaded_years: std::sync::Arc::new(loaded_years),
            version: self.version,
        }
    }
}

/// Why a weekday is not a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayInfo {
    pub kind: DayKind,
    pub name: String,
    pub source: String,
    /// Assumed by the provisional rule for a year that is not loaded.
    pub provisional: bool,
}

/// What one date is, under a calendar view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayStatus {
    Working,
    Weekend,
    NonWorking(DayInfo),
}

/// The calendar resolved for one scope and one "as known on" date (cheap to clone: its tables are shared).
#[derive(Debug, Clone)]
pub struct CalendarView {
    non_working: std::sync::Arc<HashMap<NaiveDate, DayInfo>>,
    loaded_years: std::sync::Arc<BTreeSet<i32>>,
    version: i64,
}

/// The largest count the engine accepts; statutory clocks are at most 100 working days.
pub const MAX_WORKING_DAYS: u32 = 1000;

impl CalendarView {
    pub fn version(&self) -> i64 {
        self.version
    }

    pub fn loaded_years(&self) -> &BTreeSet<i32> {
        &self.loaded_years
    }

    pub fn is_year_loaded(&self, year: i32) -> bool {
        self.loaded_years.contains(&year)
    }

    pub fn day(&self, date: NaiveDate) -> DayStatus {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return DayStatus::Weekend;
        }
        if let Some(info) = self.non_working.get(&date) {
            return DayStatus::NonWorking(info.clone());
        }
        if !self.is_year_loaded(date.year())
            && let Some((_, _, name)) =
                FIXED_DATE_HOLIDAYS.iter().find(|(m, d, _)| *m == date.month() && *d == date.day())
        {
            return DayStatus::NonWorking(DayInfo {
                kind: DayKind::Holiday,
                name: (*name).to_owned(),
                source: PROVISIONAL_SOURCE.to_owned(),
                provisional: true,
            });
        }
        DayStatus::Working
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day(date) == DayStatus::Working
    }

    /// The N-th working day after `from` (exclusive counting: `from` is day 0).
    ///
    /// # Panics
    /// When `working_days` exceeds [`MAX_WORKING_DAYS`] or the count runs past the end of chrono's dates;
    /// callers validate input first (see [`DeadlineQuery::parse`]).
    pub fn add_working_days(&self, from: NaiveDate, working_days: u32) -> Deadline {
        assert!(working_days <= MAX_WORKING_DAYS, "working_days above MAX_WORKING_DAYS");
        let mut date = from;
        let mut counted = 0;
        let mut skipped = Vec::new();
        let mut provisional = false;
        while counted < working_days {
            date = date.checked_add_days(Days::new(1)).expect("date in range");
            provisional |= !self.is_year_loaded(date.year());
            match self.day(date) {
                DayStatus::Working => counted += 1,
                DayStatus::Weekend => {}
                DayStatus::NonWorking(info) => skipped.push(SkippedDay { date, info }),
            }
        }
        Deadline { from, working_days, due: date, skipped, calendar_version: self.version, provisional }
    }

    /// Working days in `(from, to]`: how many working days after `from` the date `to` is (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as u32
    }
}

/// A weekday that the count passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedDay {
    pub date: NaiveDate,
    #[serde(flatten)]
    pub info: DayInfo,
}

/// A computed deadline with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub from: NaiveDate,
    pub working_days: u32,
    pub due: NaiveDate,
    /// Weekdays in `(from, due]` that were not working days.
    pub skipped: Vec<SkippedDay>,
    pub calendar_version: i64,
    /// The count reached into a year whose calendar is not loaded.
    pub provisional: bool,
}

impl Deadline {
    /// Skipped days grouped into runs of consecutive dates with the same kind and name, for explanations such
    /// as "skipping 28 Mar, 31 Mar, 1 Apr, 2–4 Apr, 7 Apr".
    pub fn skipped_runs(&self) -> Vec<(NaiveDate, NaiveDate, &DayInfo)> {
        let mut runs: Vec<(NaiveDate, NaiveDate, &DayInfo)> = Vec::new();
        for s in &self.skipped {
            match runs.last_mut() {
                Some((_, end, info))
                    if end.succ_opt() == Some(s.date) && info.kind == s.info.kind && info.name == s.info.name =>
                {
                    *end = s.date
                }
                _ => runs.push((s.date, s.date, &s.info)),
            }
        }
        runs
    }
}

/// The earliest and latest dates the engine accepts as a trigger or an "as known on" date.
pub fn supported_range() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"),
        NaiveDate::from_ymd_opt(2199, 12, 31).expect("valid date"),
    )
}

/// Why a deadline question cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineInputError {
    #[error("{field}: expected a date as YYYY-MM-DD")]
    InvalidDate { field: &'static str },
    #[error("{field}: the date must be between 2000-01-01 and 2199-12-31")]
    DateOutOfRange { field: &'static str },
    #[error("{field}: expected a whole number of working days from 1 to {MAX_WORKING_DAYS}")]
    InvalidWorkingDays { field: &'static str },
    #[error("{field}: expected a jurisdiction code (lowercase letters, digits and hyphens)")]
    InvalidJurisdiction { field: &'static str },
}

impl DeadlineInputError {
    pub fn field(&self) -> &'static str {
        match self {
            DeadlineInputError::InvalidDate { field }
            | DeadlineInputError::DateOutOfRange { field }
            | DeadlineInputError::InvalidWorkingDays { field }
            | DeadlineInputError::InvalidJurisdiction { field } => field,
        }
    }

    /// A stable snake_case code for API clients and translations.
    pub fn code(&self) -> &'static str {
        match self {
            DeadlineInputError::InvalidDate { .. } => "invalid_date",
            DeadlineInputError::DateOutOfRange { .. } => "date_out_of_range",
            DeadlineInputError::InvalidWorkingDays { .. } => "invalid_working_days",
            DeadlineInputError::InvalidJurisdiction { .. } => "invalid_jurisdiction",
        }
    }
}

/// A validated deadline question: "N working days after `from`, with the calendar as known on `as_of`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineQuery {
    pub from: NaiveDate,
    pub working_days: u32,
    pub as_of: Option<NaiveDate>,
    pub jurisdiction: Option<JurisdictionCode>,
}

impl DeadlineQuery {
    /// Parses raw inputs (from the CLI or the API); every invalid field is reported, not just the first.
    pub fn parse(
        from: Option<&str>,
        working_days: Option<&str>,
        as_of: Option<&str>,
        jurisdiction: Option<&str>,
    ) -> Result<DeadlineQuery, Vec<DeadlineInputError>> {
        let mut errors = Vec::new();
        let from = match from.map(str::trim) {
            None | Some("") => {
                errors.push(DeadlineInputError::InvalidDate { field: "from" });
                None
            }
            Some(s) => parse_date_field(s, "from").map_err(|e| errors.push(e)).ok(),
        };
        let working_days = match working_days.map(str::trim).and_then(|s| s.parse::<u32>().ok()) {
            Some(n) if (1..=MAX_WORKING_DAYS).contains(&n) => Some(n),
            _ => {
                errors.push(DeadlineInputError::InvalidWorkingDays { field: "working_days" });
                None
            }
        };
        let as_of = match as_of.map(str::trim) {
            None | Some("") => None,
            Some(s) => parse_date_field(s, "as_of").map_err(|e| errors.push(e)).ok(),
        };
        let jurisdiction = match jurisdiction.map(str::trim) {
            None | Some("") => None,
            Some(s) => match JurisdictionCode::parse(s) {
                Some(j) => Some(j),
                None => {
                    errors.push(DeadlineInputError::InvalidJurisdiction { field: "jurisdiction" });
                    None
                }
            },
        };
        match (from, working_days) {
            (Some(from), Some(working_days)) if errors.is_empty() => {
                Ok(DeadlineQuery { from, working_days, as_of, jurisdiction })
            }
            _ => Err(errors),
        }
    }
}

fn parse_date_field(s: &str, field: &'static str) -> Result<NaiveDate, DeadlineInputError> {
    let date = parse_iso_date(s).ok_or(DeadlineInputError::InvalidDate { field })?;
    let (min, max) = supported_range();
    if date < min || date > max {
        return Err(DeadlineInputError::DateOutOfRange { field });
    }
    Ok(date)
}

/// Strict `YYYY-MM-DD` (chrono alone would also accept `2025-3-1`).
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar_seed;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso_date(s).unwrap()
    }

    fn seeded() -> Calendar {
        Calendar::new(calendar_seed::entries(), 1)
    }

    fn view() -> CalendarView {
        seeded().view(None, None, CalendarSettings::default())
    }

    #[test]
    fn worked_examples_from_domain_md() {
        let v = view();
        let cases = [
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
        for (from, n, due) in cases {
            let got = v.add_working_days(d(from), n);
            assert_eq!(got.due, d(due), "{from} + {n} wd");
            assert!(!got.provisional, "{from} + {n} wd is inside loaded years");
        }
    }

    #[test]
    fn extension_is_seven_working_days_after_the_c1_deadline() {
        let v = view();
        let c1 = v.add_working_days(d("2025-03-21"), 10).due;
        assert_eq!(v.add_working_days(c1, 7).due, d("2025-04-25"));
    }

    #[test]
    fn explanation_lists_the_skipped_weekdays() {
        let got = view().add_working_days(d("2025-03-21"), 10);
        let dates: Vec<String> = got.skipped.iter().map(|s| s.date.to_string()).collect();
        assert_eq!(
            dates,
            ["2025-03-28", "2025-03-31", "2025-04-01", "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07"]
        );
        // Saturday 29 March (Nyepi) falls on a weekend and is not listed.
        let runs = got.skipped_runs();
        assert_eq!(runs.len(), 4, "28 Mar; 31 Mar–1 Apr (Idul Fitri); 2–4 Apr; 7 Apr: {runs:?}");
        assert_eq!((runs[2].0, runs[2].1), (d("2025-04-02"), d("2025-04-04")));
    }

    #[test]
    fn the_august_2025_amendment_applies_from_its_known_from_date() {
        let cal = seeded();
        let before = cal.view(Some(d("2025-08-06")), None, CalendarSettings::default());
        let after = cal.view(Some(d("2025-08-07")), None, CalendarSettings::default());
        assert_eq!(before.add_working_days(d("2025-08-04"), 10).due, d("2025-08-18"));
        assert_eq!(after.add_working_days(d("2025-08-04"), 10).due, d("2025-08-19"));
        assert_eq!(view().add_working_days(d("2025-08-04"), 10).due, d("2025-08-19"));
    }

    #[test]
    fn a_removed_entry_withdraws_the_day_from_its_known_from() {
        let mut entries = calendar_seed::entries();
        entries.push(CalendarEntry {
            date: d("2025-08-18"),
            kind: DayKind::Removed,
            name: "Dibatalkan".into(),
            source: "test".into(),
            known_from: d("2025-08-10"),
            jurisdiction: None,
        });
        let cal = Calendar::new(entries, 2);
        let s = CalendarSettings::default();
        assert!(!cal.view(Some(d("2025-08-08")), None, s).is_working_day(d("2025-08-18")));
        assert!(cal.view(Some(d("2025-08-10")), None, s).is_working_day(d("2025-08-18")));
        assert!(cal.view(None, None, s).is_working_day(d("2025-08-18")));
    }

    #[test]
    fn local_holidays_apply_only_to_their_jurisdiction() {
        let mut entries = calendar_seed::entries();
        let aceh = JurisdictionCode::parse("aceh").unwrap();
        entries.push(CalendarEntry {
            date: d("2025-03-24"),
            kind: DayKind::Local,
            name: "Libur daerah".into(),
            source: "test".into(),
            known_from: d("2025-01-01"),
            jurisdiction: Some(aceh.clone()),
        });
        let cal = Calendar::new(entries, 2);
        let s = CalendarSettings::default();
        assert!(cal.view(None, None, s).is_working_day(d("2025-03-24")));
        assert!(!cal.view(None, Some(&aceh), s).is_working_day(d("2025-03-24")));
        let other = JurisdictionCode::parse("bali").unwrap();
        assert!(cal.view(None, Some(&other), s).is_working_day(d("2025-03-24")));
    }

    #[test]
    fn cuti_bersama_can_be_counted_as_working_days() {
        let cal = seeded();
        let counting = CalendarSettings { exclude_cuti_bersama: false };
        assert!(cal.view(None, None, counting).is_working_day(d("2025-03-28")));
        assert!(!cal.view(None, None, CalendarSettings::default()).is_working_day(d("2025-03-28")));
    }

    #[test]
    fn counts_past_the_loaded_years_are_provisional() {
        let v = view();
        let got = v.add_working_days(d("2026-12-18"), 10);
        assert!(got.provisional);
        // 24 Dec (cuti bersama) and 25 Dec (loaded), then 1 Jan 2027 by the fixed-date rule.
        assert_eq!(got.due, d("2027-01-06"));
        let fixed = got.skipped.iter().find(|s| s.date == d("2027-01-01")).unwrap();
        assert!(fixed.info.provisional);
        assert!(!v.add_working_days(d("2026-12-01"), 10).provisional);
        // A count that stays in 2026 but starts before it is not provisional.
        assert!(!v.add_working_days(d("2025-12-31"), 1).provisional);
    }

    #[test]
    fn years_are_loaded_only_as_known_on_the_as_of_date() {
        let cal = seeded();
        let s = CalendarSettings::default();
        // The 2025 SKB is known from 1 October 2024.
        assert!(!cal.view(Some(d("2024-09-30")), None, s).is_year_loaded(2025));
        assert!(cal.view(Some(d("2024-10-01")), None, s).is_year_loaded(2025));
    }

    #[test]
    fn working_days_per_month_match_the_fixture() {
        let table: [(i32, [u32; 12], u32); 3] = [
            (2024, [22, 18, 18, 16, 18, 18, 23, 22, 20, 23, 20, 20], 238),
            (2025, [19, 20, 19, 16, 17, 18, 23, 20, 21, 23, 20, 21], 237),
            (2026, [20, 18, 17, 21, 16, 20, 23, 19, 22, 22, 21, 21], 240),
        ];
        let v = view();
        for (year, months, total) in table {
            let mut sum = 0;
            for (i, expected) in months.iter().enumerate() {
                let m = i as u32 + 1;
                let first = NaiveDate::from_ymd_opt(year, m, 1).unwrap();
                let last = first.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap();
                let got = v.working_days_between(first.pred_opt().unwrap(), last);
                assert_eq!(got, *expected, "{year}-{m:02}");
                sum += got;
            }
            assert_eq!(sum, total, "{year}");
        }
    }

    #[test]
    fn parse_reports_every_bad_field() {
        let errs =
            DeadlineQuery::parse(Some("2025-13-01"), Some("0"), Some("yesterday"), Some("Bad Code")).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field()).collect();
        assert_eq!(fields, ["from", "working_days", "as_of", "jurisdiction"]);
        assert!(DeadlineQuery::parse(Some("2025-3-1"), Some("10"), None, None).is_err());
        assert!(DeadlineQuery::parse(Some("1999-12-31"), Some("10"), None, None).is_err());
        assert!(DeadlineQuery::parse(Some("2025-03-01"), Some("1001"), None, None).is_err());
        let ok = DeadlineQuery::parse(Some("2025-03-01"), Some("10"), Some(""), None).unwrap();
        assert_eq!((ok.working_days, ok.as_of), (10, None));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..(365 * 5)).prop_map(|n| d("2023-06-01") + chrono::Duration::days(n))
    }

    proptest! {
        #[test]
        fn the_due_date_is_a_working_day(from in any_date(), n in 1u32..120) {
            let v = view();
            prop_assert!(v.is_working_day(v.add_working_days(from, n).due));
        }

        #[test]
        fn adding_a_then_b_equals_adding_a_plus_b(from in any_date(), a in 1u32..60, b in 1u32..60) {
            let v = view();
            let stepwise = v.add_working_days(v.add_working_days(from, a).due, b).due;
            prop_assert_eq!(stepwise, v.add_working_days(from, a + b).due);
        }

        #[test]
        fn later_starts_never_give_earlier_deadlines(from in any_date(), gap in 0i64..40, n in 1u32..60) {
            let v = view();
            let later = from + chrono::Duration::days(gap);
            prop_assert!(v.add_working_days(later, n).due >= v.add_working_days(from, n).due);
        }

        #[test]
        fn counting_back_gives_the_working_days(from in any_date(), n in 1u32..120) {
            let v = view();
            let due = v.add_working_days(from, n).due;
            prop_assert_eq!(v.working_days_between(from, due), n);
        }
    }
}
