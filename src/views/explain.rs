//! Deadlines in words: "due Tuesday, 15 April 2025 = 10 working days after Friday, 21 March 2025, skipping
//! 28 Mar, 31 Mar–1 Apr, 2–4 Apr, 7 Apr".

use chrono::Datelike;

use crate::domain::calendar::Deadline;
use crate::i18n::{Locale, date_long, date_short, t_args};

/// The skipped weekdays as short ranges: "28 Mar, 31 Mar–1 Apr, 2–4 Apr".
pub fn skipped_list(locale: Locale, deadline: &Deadline) -> String {
    deadline
        .skipped_runs()
        .into_iter()
        .map(|(start, end, _)| {
            if start == end {
                date_short(locale, start)
            } else if start.month() == end.month() {
                format!("{}–{}", start.day(), date_short(locale, end))
            } else {
                format!("{}–{}", date_short(locale, start), date_short(locale, end))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn explain_deadline(locale: Locale, deadline: &Deadline) -> String {
    let mut text = t_args(
        locale,
        "deadline-explanation",
        &[
            ("due", date_long(locale, deadline.due)),
            ("days", deadline.working_days.to_string()),
            ("from", date_long(locale, deadline.from)),
        ],
    );
    if !deadline.skipped.is_empty() {
        text.push_str(&t_args(locale, "deadline-skipping", &[("days", skipped_list(locale, deadline))]));
    }
    text.push('.');
    if deadline.provisional {
        text.push(' ');
        text.push_str(&t_args(locale, "deadline-provisional", &[]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{Calendar, CalendarSettings, parse_iso_date};
    use crate::domain::calendar_seed;

    #[test]
    fn the_worked_example_reads_as_in_domain_md() {
        let view = Calendar::new(calendar_seed::entries(), 1).view(None, None, CalendarSettings::default());
        let d = view.add_working_days(parse_iso_date("2025-03-21").unwrap(), 10);
        assert_eq!(
            explain_deadline(Locale::En, &d),
            "Due Tuesday, 15 April 2025 = 10 working days after Friday, 21 March 2025, \
             skipping 28 Mar, 31 Mar–1 Apr, 2–4 Apr, 7 Apr."
        );
        assert_eq!(
            explain_deadline(Locale::Id, &d),
            "Jatuh tempo Selasa, 15 April 2025 = 10 hari kerja setelah Jumat, 21 Maret 2025, \
             melewati 28 Mar, 31 Mar–1 Apr, 2–4 Apr, 7 Apr."
        );
    }
}
