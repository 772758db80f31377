//! The national working-day calendar for 2024–2026 (domain.md §9), shipped with the product and loaded into an
//! empty database as calendar version 1. It is an ordinary import file, checked by the same code as any other.

use super::calendar::CalendarEntry;
use super::calendar_import::parse_csv;

/// The seed file, in the import format.
pub const CSV: &str = include_str!("calendar_seed_2024_2026.csv");

/// Where the seed came from, recorded on its calendar version.
pub const SOURCE: &str = "built-in seed 2024-2026 (SKB 3 Menteri and Keppres, domain.md §9)";

pub fn entries() -> Vec<CalendarEntry> {
    parse_csv(CSV).expect("the built-in calendar seed is a valid import file").into_iter().map(|(_, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::DayKind;

    #[test]
    fn the_seed_has_every_listed_day() {
        let entries = entries();
        assert_eq!(entries.len(), 82);
        let cuti = entries.iter().filter(|e| e.kind == DayKind::CutiBersama).count();
        let keppres = entries.iter().filter(|e| e.kind == DayKind::Keppres).count();
        assert_eq!((cuti, keppres), (29, 2));
    }
}
