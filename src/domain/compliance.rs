//! The compliance figures of domain.md §6 as additive counters.
//!
//! Every request contributes a small set of counters ("metrics") to the rollup row of its key (body, unit, day of
//! receipt, channel, applicant type). Figures for any period, unit or set of bodies are sums of those counters,
//! and the working-days-used histogram (`wd.NN`) sums too, so medians and p90 of any combination come from the
//! summed histogram. A transition replaces the request's contribution; the difference is what the rollup gains.
//!
//! The request is counted in the period of the day it was received (a cohort): its outcome and timeliness, when
//! they come later, are added to that day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::request::{Decision, Request, RequestState, Timeliness};

/// Working days used are counted up to this; more counts here (the "> 17" bucket holds them all anyway).
pub const WD_CAP: u32 = 99;

/// Where a request's counters go.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RollupKey {
    pub body_id: String,
    /// `""` when the request is with the PPID Utama.
    pub unit_id: String,
    pub day: NaiveDate,
    pub channel: String,
    pub applicant_type: String,
}

/// What one request adds: its key and its counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub key: RollupKey,
    pub metrics: BTreeMap<String, i64>,
}

/// The metric name of a working-days-used value.
pub fn wd_metric(working_days: u32) -> String {
    format!("wd.{:02}", working_days.min(WD_CAP))
}

/// The counters of one request as it stands. `working_days_used` is from receipt to the written notice by the
/// request's calendar (exclusive counting), when there is a notice.
pub fn request_metrics(r: &Request, working_days_used: Option<u32>) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    let mut add = |k: String, v: i64| *m.entry(k).or_insert(0) += v;
    add("received".into(), 1);
    match r.state {
        RequestState::Withdrawn => add("withdrawn".into(), 1),
        RequestState::ClosedWithoutDecision => {
            let kind = r.terminal.as_ref().map(|t| t.kind()).unwrap_or("other");
            add(format!("closed.{kind}"), 1);
        }
        _ => {}
    }
    if r.extension.is_some() {
        add("extended".into(), 1);
    }
    if let Some(n) = &r.notice {
        add(format!("outcome.{}", n.decision.kind()), 1);
        if let Decision::RefusedExempt { ground, .. } = &n.decision {
            add(format!("refused.{}", ground.letter()), 1);
        }
        let timeliness = match r.timeliness(n.notice_on) {
            Timeliness::OnTime => "on_time",
            Timeliness::OnTimeWithExtension => "with_extension",
            _ => "late",
        };
        add(format!("timely.{timeliness}"), 1);
        if let Some(wd) = working_days_used {
            add(wd_metric(wd), 1);
        }
        if let Some(fee) = &n.fee {
            add("fee.count".into(), 1);
            add("fee.rupiah".into(), fee.rupiah);
        }
    }
    m
}

/// The counters of one objection as it stands (counted on the day it was received).
pub fn objection_metrics(o: &super::objection::Objection) -> BTreeMap<String, i64> {
    use super::objection::ObjectionState;
    let mut m = BTreeMap::new();
    let mut add = |k: String| *m.entry(k).or_insert(0) += 1;
    add("objection.received".into());
    for g in &o.grounds {
        add(format!("objection.ground.{}", g.ground.letter()));
    }
    if o.late {
        add("objection.late_filed".into());
    }
    if o.state == ObjectionState::Withdrawn {
        add("objection.withdrawn".into());
    }
    if o.state == ObjectionState::Duplicate {
        add("objection.duplicate".into());
    }
    if let Some(d) = &o.decision {
        let outcome = serde_json::to_value(d.outcome).ok().and_then(|v| v.as_str().map(str::to_owned));
        add(format!("objection.outcome.{}", outcome.unwrap_or_default()));
        add(if d.decided_on <= o.c4_due { "objection.atasan_on_time".into() } else { "objection.atasan_late".into() });
        if let Some(order) = &d.order {
            add("objection.order.given".into());
            match o.order_carried_out_on {
                Some(on) if on <= order.by => add("objection.order.on_time".into()),
                Some(_) => add("objection.order.late".into()),
                None => {}
            }
        }
    }
    m
}

/// The counters of one dispute as it stands (counted on the day it was filed).
pub fn dispute_metrics(d: &super::dispute::Dispute) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    let mut add = |k: String| *m.entry(k).or_insert(0) += 1;
    add("dispute.filed".into());
    if d.late {
        add("dispute.late".into());
    }
    if d.mediation_agreement_on.is_some() {
        add("dispute.mediated".into());
    }
    if let Some((_, _, outcome)) = &d.adjudication {
        add("dispute.adjudicated".into());
        let outcome = serde_json::to_value(outcome).ok().and_then(|v| v.as_str().map(str::to_owned));
        add(format!("dispute.outcome.{}", outcome.unwrap_or_default()));
    }
    match d.complied {
        Some(true) => add("dispute.complied".into()),
        Some(false) => add("dispute.not_complied".into()),
        None => {}
    }
    if d.court_challenge.is_some() {
        add("dispute.court".into());
    }
    m
}

/// What the rollup must gain when a request's contribution changes from `old` to `new`: per key, per metric, the
/// non-zero differences.
pub fn delta(old: Option<&Contribution>, new: &Contribution) -> Vec<(RollupKey, String, i64)> {
    let mut out: Vec<(RollupKey, String, i64)> = Vec::new();
    let mut push = |key: &RollupKey, metric: &str, d: i64| {
        if d == 0 {
            return;
        }
        match out.iter_mut().find(|(k, m, _)| k == key && m == metric) {
            Some((_, _, v)) => *v += d,
            None => out.push((key.clone(), metric.to_owned(), d)),
        }
    };
    if let Some(old) = old {
        for (metric, v) in &old.metrics {
            push(&old.key, metric, -v);
        }
    }
    for (metric, v) in &new.metrics {
        push(&new.key, metric, *v);
    }
    out.retain(|(_, _, v)| *v != 0);
    out
}

/// The value at percentile `p` (0–100) by nearest rank of a histogram of working days (value → count).
pub fn nearest_rank(histogram: &BTreeMap<u32, i64>, p: u32) -> Option<u32> {
    let total: i64 = histogram.values().sum();
    if total <= 0 {
        return None;
    }
    // Nearest rank: the smallest value whose cumulative count reaches ceil(p/100 × N) (at least the first).
    let rank = ((i64::from(p) * total + 99) / 100).max(1);
    let mut seen = 0;
    for (value, count) in histogram {
        seen += count;
        if seen >= rank {
            return Some(*value);
        }
    }
    histogram.keys().next_back().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_follows_the_textbook_definition() {
        let h: BTreeMap<u32, i64> = [(3, 1), (10, 1), (12, 1), (14, 1)].into();
        assert_eq!(nearest_rank(&h, 50), Some(10));
        assert_eq!(nearest_rank(&h, 90), Some(14));
        assert_eq!(nearest_rank(&h, 100), Some(14));
        assert_eq!(nearest_rank(&h, 25), Some(3));
        let one: BTreeMap<u32, i64> = [(7, 1)].into();
        assert_eq!(nearest_rank(&one, 90), Some(7));
        assert_eq!(nearest_rank(&BTreeMap::new(), 50), None);
    }

    #[test]
    fn a_routing_moves_every_counter_to_the_new_unit() {
        let key = |unit: &str| RollupKey {
            body_id: "b".into(),
            unit_id: unit.into(),
            day: NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
            channel: "web".into(),
            applicant_type: "individual".into(),
        };
        let metrics: BTreeMap<String, i64> = [("received".to_owned(), 1)].into();
        let old = Contribution { key: key(""), metrics: metrics.clone() };
        let new = Contribution { key: key("dinas"), metrics };
        let d = delta(Some(&old), &new);
        assert_eq!(d, vec![(key(""), "received".into(), -1), (key("dinas"), "received".into(), 1)]);
        assert!(delta(Some(&new), &new).is_empty(), "no change, nothing to write");
    }
}

/// A reporting period: a year, a semester, a quarter, a month, or a custom range of days (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// `2025`, `2025-S1`/`2025-S2`, `2025-Q1`…`Q4`, `2025-03`; `None` for anything else.
    pub fn parse(code: &str) -> Option<Period> {
        let code = code.trim().to_ascii_uppercase();
        let (year, rest) = match code.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (code.as_str(), None),
        };
        if year.len() != 4 {
            return None;
        }
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let months = |first: u32, last: u32| {
            let from = NaiveDate::from_ymd_opt(year, first, 1)?;
            let next = if last == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, last + 1, 1)?
            };
            Some(Period { from, to: next.pred_opt()? })
        };
        match rest {
            None => months(1, 12),
            Some("S1") => months(1, 6),
            Some("S2") => months(7, 12),
            Some(q) if q.len() == 2 && q.starts_with('Q') => {
                let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n))?;
                months(n * 3 - 2, n * 3)
            }
            Some(m) if m.len() == 2 => {
                let n: u32 = m.parse().ok().filter(|n| (1..=12).contains(n))?;
                months(n, n)
            }
            _ => None,
        }
    }

    /// A custom range; `None` when it ends before it starts or spans more than ten years.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        (from <= to && (to - from).num_days() <= 3660).then_some(Period { from, to })
    }

    /// The calendar year of `day`.
    pub fn year_of(day: NaiveDate) -> Period {
        use chrono::Datelike;
        Period::parse(&day.year().to_string()).expect("a year in range")
    }
}

#[cfg(test)]
mod period_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_cover_whole_months() {
        assert_eq!(Period::parse("2025"), Some(Period { from: d("2025-01-01"), to: d("2025-12-31") }));
        assert_eq!(Period::parse("2025-s2"), Some(Period { from: d("2025-07-01"), to: d("2025-12-31") }));
        assert_eq!(Period::parse("2025-Q1"), Some(Period { from: d("2025-01-01"), to: d("2025-03-31") }));
        assert_eq!(Period::parse("2024-02"), Some(Period { from: d("2024-02-01"), to: d("2024-02-29") }));
        for bad in ["", "25", "2025-Q5", "2025-13", "2025-S3", "abcd", "2025-1"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::range(d("2025-02-01"), d("2025-01-01")), None);
    }
}
