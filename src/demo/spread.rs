//! When demo requests arrive: how many on each day (by season, weekday and year), and at what moment of the day.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};

use crate::demo::names::Rng;

/// Month weights (January quiet, a peak from August to November, December quiet).
const SEASON: [f64; 12] = [0.7, 0.9, 1.0, 0.95, 1.0, 1.0, 1.05, 1.15, 1.2, 1.25, 1.15, 0.8];

/// A moment on `day` between `from_hour` and `to_hour` (Western Indonesia Time).
pub(super) fn moment(rng: &mut Rng, day: NaiveDate, from_hour: u32, to_hour: u32) -> DateTime<Utc> {
    let minute = rng.range(from_hour * 60, to_hour * 60 - 1);
    let local = day.and_hms_opt(minute / 60, minute % 60, rng.range(0, 59)).expect("a valid time");
    chrono_tz::Asia::Jakarta.from_local_datetime(&local).single().expect("WIB has no gaps").with_timezone(&Utc)
}

/// Bodies × days × requests: how many requests each day gets (by season, weekday and year), summing to `total`.
pub(super) fn per_day(days: &[(NaiveDate, bool)], total: usize, first_year: i32) -> Vec<usize> {
    let weights: Vec<f64> = days
        .iter()
        .map(|(d, working)| {
            let growth = 1.0 + 0.15 * f64::from(d.year() - first_year);
            SEASON[d.month0() as usize] * growth * if *working { 1.0 } else { 0.12 }
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut rest = total - counts.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by(|a, b| (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor())).then(a.cmp(b)));
    for i in order {
        if rest == 0 {
            break;
        }
        counts[i] += 1;
        rest -= 1;
    }
    counts
}

/// Midnight starting `day` in Western Indonesia Time.
pub(super) fn moment_start(day: NaiveDate) -> DateTime<Utc> {
    chrono_tz::Asia::Jakarta
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("WIB has no gaps")
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_spread_over_days_and_add_up() {
        let days: Vec<(NaiveDate, bool)> = NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .iter_days()
            .take(365)
            .map(|d| (d, d.weekday().num_days_from_monday() < 5))
            .collect();
        let counts = per_day(&days, 10_000, 2025);
        assert_eq!(counts.iter().sum::<usize>(), 10_000);
        let saturday = counts[3]; // 4 January 2025
        let monday = counts[5];
        assert!(monday > saturday * 5, "{monday} vs {saturday}");
        let (january, october) = (counts[..31].iter().sum::<usize>(), counts[273..304].iter().sum::<usize>());
        assert!(october > january, "the season");
    }
}
