//! The body's annual service report (laporan tahunan layanan informasi publik, Perki 1/2021): when it is due.

use chrono::NaiveDate;

/// When the report for `year` is due: 31 March of the next year.
pub fn due_date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 3, 31).expect("31 March exists")
}
