//! What the annual report's pages share, for officers and the public: file names, the year in the path, today.

use crate::web::state::AppState;

pub fn file_name(slug: &str, year: i32, version: Option<i64>) -> String {
    let name = match version {
        Some(v) => format!("laporan-layanan-{slug}-{year}-v{v}"),
        None => format!("laporan-layanan-{slug}-{year}-draf"),
    };
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}

pub fn today(state: &AppState) -> chrono::NaiveDate {
    state.clock.now().with_timezone(&state.settings.time_zone).date_naive()
}

/// A year from the path: 2000–2100.
pub fn parse_year(raw: &str) -> Option<i32> {
    raw.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y))
}
