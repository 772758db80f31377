//! Reading and checking a calendar CSV (`date,kind,name,source,known_from[,jurisdiction]`).
//!
//! An import is all or nothing: every row is checked, every bad row is reported with its line number and the
//! reason, and nothing is written unless all rows are good. Entries are append-only, so a row either adds a new
//! entry, repeats one that is already loaded (reported as unchanged, which makes re-importing a file harmless), or
//! is refused because it contradicts a loaded entry: a change to a day is a new row with a later `known_from`
//! (or a `removed` row), never an edit of history.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;

use super::calendar::{CalendarEntry, DayKind, JurisdictionCode, parse_iso_date, supported_range};

pub const HEADER: [&str; 6] = ["date", "kind", "name", "source", "known_from", "jurisdiction"];
const MAX_NAME: usize = 200;
const MAX_SOURCE: usize = 300;

/// One bad row (or the header), with its 1-based line number in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub problem: RowProblem,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("the file is empty; expected the header `date,kind,name,source,known_from[,jurisdiction]`")]
    Empty,
    #[error("the header must be `date,kind,name,source,known_from` with an optional `,jurisdiction`, found `{0}`")]
    Header(String),
    #[error("expected {expected} columns, found {found}")]
    ColumnCount { expected: usize, found: usize },
    #[error("the file has no entries after the header")]
    NoRows,
    #[error("unreadable CSV: {0}")]
    Unreadable(String),
    #[error("{column}: expected a date as YYYY-MM-DD, found `{found}`")]
    InvalidDate { column: &'static str, found: String },
    #[error("{column}: the date must be between 2000-01-01 and 2199-12-31")]
    DateOutOfRange { column: &'static str },
    #[error("kind: expected one of holiday, cuti_bersama, keppres, local, removed, found `{0}`")]
    InvalidKind(String),
    #[error("{column}: must not be empty")]
    Missing { column: &'static str },
    #[error("{column}: at most {max} characters")]
    TooLong { column: &'static str, max: usize },
    #[error("jurisdiction: expected a code of lowercase letters, digits and hyphens, found `{0}`")]
    InvalidJurisdiction(String),
    #[error("jurisdiction: a local holiday must name its jurisdiction")]
    JurisdictionRequired,
    #[error("jurisdiction: a {0} entry is national and must leave jurisdiction empty")]
    JurisdictionNotAllowed(DayKind),
    #[error("the same date, jurisdiction and known_from already appear on line {0}")]
    DuplicateInFile(u64),
    #[error(
        "contradicts the loaded entry for this date, jurisdiction and known_from ({0}); entries are never edited: \
         to change a day, import a row with a later known_from, or a `removed` row"
    )]
    ConflictsWithLoaded(String),
    #[error("removed: there is no earlier entry for this date and jurisdiction to withdraw")]
    NothingToRemove,
}

/// What an import would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub added: Vec<CalendarEntry>,
    pub unchanged: Vec<CalendarEntry>,
}

/// Parses and checks every row of a calendar CSV on its own (no comparison with loaded entries yet).
pub fn parse_csv(text: &str) -> Result<Vec<(u64, CalendarEntry)>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();

    let header = match records.next() {
        None => {
            return Err(vec![RowError { line: 1, problem: RowProblem::Empty }]);
        }
        Some(Err(e)) => {
            return Err(vec![RowError { line: 1, problem: RowProblem::Unreadable(e.to_string()) }]);
        }
        Some(Ok(h)) => h,
    };
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let columns = names.len();
    if !(columns == 5 || columns == 6) || names[..] != HEADER[..columns] {
        return Err(vec![RowError { line: 1, problem: RowProblem::Header(names.join(",")) }]);
    }

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<(NaiveDate, Option<JurisdictionCode>, NaiveDate), u64> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError { line, problem: RowProblem::Unreadable(e.to_string()) });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != columns {
            errors.push(RowError { line, problem: RowProblem::ColumnCount { expected: columns, found: record.len() } });
            continue;
        }
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        match parse_row(&fields) {
            Ok(entry) => {
                let key = (entry.date, entry.jurisdiction.clone(), entry.known_from);
                if let Some(first) = seen.get(&key) {
                    errors.push(RowError { line, problem: RowProblem::DuplicateInFile(*first) });
                } else {
                    seen.insert(key, line);
                    rows.push((line, entry));
                }
            }
            Err(problems) => errors.extend(problems.into_iter().map(|problem| RowError { line, problem })),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(RowError { line: 2, problem: RowProblem::NoRows });
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

fn parse_row(f: &[&str]) -> Result<CalendarEntry, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let date = date_column(f[0], "date").map_err(|p| problems.push(p)).ok();
    let kind = match DayKind::parse(f[1]) {
        Some(k) => Some(k),
        None => {
            problems.push(RowProblem::InvalidKind(f[1].to_owned()));
            None
        }
    };
    let name = text_column(f[2], "name", MAX_NAME).map_err(|p| problems.push(p)).ok();
    let source = text_column(f[3], "source", MAX_SOURCE).map_err(|p| problems.push(p)).ok();
    let known_from = date_column(f[4], "known_from").map_err(|p| problems.push(p)).ok();
    let raw_jurisdiction = f.get(5).copied().unwrap_or("");
    let jurisdiction = if raw_jurisdiction.is_empty() {
        None
    } else {
        match JurisdictionCode::parse(raw_jurisdiction) {
            Some(j) => Some(j),
            None => {
                problems.push(RowProblem::InvalidJurisdiction(raw_jurisdiction.to_owned()));
                None
            }
        }
    };
    match kind {
        Some(DayKind::Local) if raw_jurisdiction.is_empty() => problems.push(RowProblem::JurisdictionRequired),
        Some(k @ (DayKind::Holiday | DayKind::CutiBersama | DayKind::Keppres)) if !raw_jurisdiction.is_empty() => {
            problems.push(RowProblem::JurisdictionNotAllowed(k))
        }
        _ => {}
    }
    match (date, kind, name, source, known_from) {
        (Some(date), Some(kind), Some(name), Some(source), Some(known_from)) if problems.is_empty() => {
            Ok(CalendarEntry { date, kind, name, source, known_from, jurisdiction })
        }
        _ => Err(problems),
    }
}

fn date_column(s: &str, column: &'static str) -> Result<NaiveDate, RowProblem> {
    if s.is_empty() {
        return Err(RowProblem::Missing { column });
    }
    let date = parse_iso_date(s).ok_or_else(|| RowProblem::InvalidDate { column, found: s.to_owned() })?;
    let (min, max) = supported_range();
    if date < min || date > max {
        return Err(RowProblem::DateOutOfRange { column });
    }
    Ok(date)
}

fn text_column(s: &str, column: &'static str, max: usize) -> Result<String, RowProblem> {
    if s.is_empty() {
        return Err(RowProblem::Missing { column });
    }
    if s.chars().count() > max {
        return Err(RowProblem::TooLong { column, max });
    }
    Ok(s.to_owned())
}

/// Compares parsed rows with the loaded entries: what is new, what is already there, and what contradicts history.
pub fn plan_import(loaded: &[CalendarEntry], rows: Vec<(u64, CalendarEntry)>) -> Result<ImportPlan, Vec<RowError>> {
    let by_key: HashMap<_, &CalendarEntry> = loaded.iter().map(|e| (e.key(), e)).collect();
    let mut plan = ImportPlan::default();
    let mut errors = Vec::new();
    for (line, entry) in &rows {
        match by_key.get(&entry.key()) {
            Some(existing) if *existing == entry => plan.unchanged.push(entry.clone()),
            Some(existing) => errors.push(RowError {
                line: *line,
                problem: RowProblem::ConflictsWithLoaded(format!(
                    "{}, {}, source {}",
                    existing.kind, existing.name, existing.source
                )),
            }),
            None => {
                if entry.kind == DayKind::Removed {
                    let withdrawable = |e: &CalendarEntry| {
                        e.date == entry.date
                            && e.jurisdiction == entry.jurisdiction
                            && e.kind != DayKind::Removed
                            && e.known_from < entry.known_from
                    };
                    let found = loaded.iter().any(withdrawable) || rows.iter().any(|(_, e)| withdrawable(e));
                    if !found {
                        errors.push(RowError { line: *line, problem: RowProblem::NothingToRemove });
                        continue;
                    }
                }
                plan.added.push(entry.clone());
            }
        }
    }
    if errors.is_empty() { Ok(plan) } else { Err(errors) }
}

/// Writes entries as CSV in the import format, sorted by date, scope and known_from.
pub fn to_csv(entries: &[CalendarEntry]) -> String {
    let mut sorted: Vec<&CalendarEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.key().cmp(&b.key()));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).expect("write to memory");
    for e in sorted {
        let date = e.date.to_string();
        let known_from = e.known_from.to_string();
        let jurisdiction = e.jurisdiction.as_ref().map_or("", |j| j.as_str());
        w.write_record([date.as_str(), e.kind.as_str(), &e.name, &e.source, &known_from, jurisdiction])
            .expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("CSV of UTF-8 fields is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "date,kind,name,source,known_from,jurisdiction\n\
        2027-01-01,holiday,Tahun Baru 2027 Masehi,SKB 2027,2026-10-01,\n\
        2027-03-10,local,Hari jadi,Perda,2026-10-01,jawa-barat\n";

    fn problems(text: &str) -> Vec<(u64, RowProblem)> {
        parse_csv(text).unwrap_err().into_iter().map(|e| (e.line, e.problem)).collect()
    }

    #[test]
    fn a_good_file_parses_with_line_numbers() {
        let rows = parse_csv(GOOD).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, 3);
        assert_eq!(rows[1].1.jurisdiction.as_ref().unwrap().as_str(), "jawa-barat");
    }

    #[test]
    fn five_columns_and_a_byte_order_mark_are_accepted() {
        let rows = parse_csv("\u{feff}date,kind,name,source,known_from\r\n2027-01-01,holiday,X,Y,2026-10-01\r\n");
        assert_eq!(rows.unwrap().len(), 1);
    }

    #[test]
    fn every_kind_of_bad_row_is_reported_with_its_line() {
        let text = "date,kind,name,source,known_from,jurisdiction\n\
            2027-02-30,holiday,Bad date,S,2026-10-01,\n\
            2027-01-02,libur,Bad kind,S,2026-10-01,\n\
            2027-01-03,holiday,,S,2026-10-01,\n\
            2027-01-04,holiday,No source,,2026-10-01,\n\
            2027-01-05,holiday,Bad known,S,soon,\n\
            2027-01-06,local,No jurisdiction,S,2026-10-01,\n\
            2027-01-07,holiday,National with one,S,2026-10-01,aceh\n\
            2027-01-08,local,Bad code,S,2026-10-01,Jawa Barat\n\
            2027-01-09,holiday,Too few\n\
            1999-01-01,holiday,Too old,S,2026-10-01,\n\
            2027-01-11,holiday,Fine,S,2026-10-01,\n\
            2027-01-11,holiday,Again,S,2026-10-01,\n";
        let got = problems(text);
        let lines: Vec<u64> = got.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
        assert!(matches!(got[0].1, RowProblem::InvalidDate { column: "date", .. }));
        assert!(matches!(got[1].1, RowProblem::InvalidKind(_)));
        assert!(matches!(got[2].1, RowProblem::Missing { column: "name" }));
        assert!(matches!(got[3].1, RowProblem::Missing { column: "source" }));
        assert!(matches!(got[4].1, RowProblem::InvalidDate { column: "known_from", .. }));
        assert_eq!(got[5].1, RowProblem::JurisdictionRequired);
        assert_eq!(got[6].1, RowProblem::JurisdictionNotAllowed(DayKind::Holiday));
        assert!(matches!(got[7].1, RowProblem::InvalidJurisdiction(_)));
        assert_eq!(got[8].1, RowProblem::ColumnCount { expected: 6, found: 3 });
        assert_eq!(got[9].1, RowProblem::DateOutOfRange { column: "date" });
        assert_eq!(got[10].1, RowProblem::DuplicateInFile(12));
    }

    #[test]
    fn header_and_empty_files_are_refused() {
        assert_eq!(problems(""), [(1, RowProblem::Empty)]);
        assert!(matches!(problems("tanggal,jenis\n2027-01-01,holiday\n")[0], (1, RowProblem::Header(_))));
        assert_eq!(problems("date,kind,name,source,known_from\n"), [(2, RowProblem::NoRows)]);
        let long = format!("date,kind,name,source,known_from\n2027-01-01,holiday,{},S,2026-10-01\n", "x".repeat(201));
        assert_eq!(problems(&long), [(2, RowProblem::TooLong { column: "name", max: 200 })]);
    }

    #[test]
    fn planning_separates_new_unchanged_and_conflicting_rows() {
        let loaded: Vec<CalendarEntry> = parse_csv(GOOD).unwrap().into_iter().map(|(_, e)| e).collect();
        let again = parse_csv(GOOD).unwrap();
        let plan = plan_import(&loaded, again).unwrap();
        assert_eq!((plan.added.len(), plan.unchanged.len()), (0, 2));

        let conflicting = "date,kind,name,source,known_from\n2027-01-01,holiday,Renamed,SKB 2027,2026-10-01\n";
        let err = plan_import(&loaded, parse_csv(conflicting).unwrap()).unwrap_err();
        assert!(matches!(err[0], RowError { line: 2, problem: RowProblem::ConflictsWithLoaded(_) }));
    }

    #[test]
    fn a_removal_needs_an_earlier_entry() {
        let loaded: Vec<CalendarEntry> = parse_csv(GOOD).unwrap().into_iter().map(|(_, e)| e).collect();
        let ok = "date,kind,name,source,known_from\n2027-01-01,removed,Dibatalkan,SKB 2027 rev,2026-12-01\n";
        assert_eq!(plan_import(&loaded, parse_csv(ok).unwrap()).unwrap().added.len(), 1);
        let orphan = "date,kind,name,source,known_from\n2027-05-05,removed,Dibatalkan,SKB 2027 rev,2026-12-01\n";
        let err = plan_import(&loaded, parse_csv(orphan).unwrap()).unwrap_err();
        assert_eq!(err[0].problem, RowProblem::NothingToRemove);
        // Withdrawing a day in the same file that adds it is fine.
        let same_file = "date,kind,name,source,known_from\n\
            2027-05-05,holiday,X,S,2026-10-01\n2027-05-05,removed,Dibatalkan,S,2026-12-01\n";
        assert_eq!(plan_import(&[], parse_csv(same_file).unwrap()).unwrap().added.len(), 2);
    }

    #[test]
    fn export_round_trips() {
        let entries: Vec<CalendarEntry> = parse_csv(GOOD).unwrap().into_iter().map(|(_, e)| e).collect();
        let again: Vec<CalendarEntry> = parse_csv(&to_csv(&entries)).unwrap().into_iter().map(|(_, e)| e).collect();
        assert_eq!(entries, again);
    }
}
