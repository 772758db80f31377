//! The compliance summary (domain.md §6) of a set of bodies (one body, or every body of a KI's jurisdiction),
//! optionally one unit, for the requests received in a period. Read from the rollup kept current by every
//! transition, plus one live figure (open and overdue, which changes with the date).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::db::DbConn;
use crate::db::repo::compliance as repo;
use crate::domain::compliance::nearest_rank;
use crate::service::ServiceError;

/// The method's version: it changes whenever a figure is computed differently (frozen snapshots cite it).
pub const METHOD_VERSION: u32 = 1;

/// Working days used from receipt to the written notice, over the notices given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct WorkingDays {
    pub median: Option<u32>,
    /// Nearest rank.
    pub p90: Option<u32>,
    pub max: Option<u32>,
    /// ≤ 5, 6–10, 11–17, > 17 working days.
    pub buckets: [i64; 4],
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Summary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub received: i64,
    pub withdrawn: i64,
    /// Closed without a decision, by why: spam, duplicate, not_kip, not_eligible.
    pub closed: BTreeMap<String, i64>,
    /// Written notices by decision: granted, granted_in_part, refused_exempt, not_held, not_yet_documented.
    pub outcomes: BTreeMap<String, i64>,
    /// Refusals (whole) by Art. 17 letter.
    pub refused_by_letter: BTreeMap<String, i64>,
    /// Written notices given, and how each stood against its deadline.
    pub notices: i64,
    pub on_time: i64,
    pub on_time_with_extension: i64,
    pub late: i64,
    /// Still without a notice after the deadline that applies, as of the day asked.
    pub open_overdue: i64,
    pub extensions: i64,
    pub working_days: WorkingDays,
    pub fees_count: i64,
    pub fees_rupiah: i64,
    pub objections: Objections,
    pub disputes: Disputes,
}

/// Objections received in the period (domain.md §5, §6).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Objections {
    pub received: i64,
    /// By ground, Art. 35(1) letters a–g (an objection may have several).
    pub by_ground: BTreeMap<String, i64>,
    pub late_filed: i64,
    pub withdrawn: i64,
    /// Closed by the PPID as the same as another objection.
    #[serde(default)]
    pub duplicates: i64,
    /// The atasan's written response within 30 working days, or after.
    pub atasan_on_time: i64,
    pub atasan_late: i64,
    /// upheld, overturned, overturned_in_part.
    pub outcomes: BTreeMap<String, i64>,
    /// The atasan's orders to disclose (every overturn gives one) and how each was carried out.
    #[serde(default)]
    pub orders: Orders,
}

/// The atasan's orders to disclose, like notices against their deadline: carried out on time, late, or not yet (and
/// of those, how many are past their deadline today).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Orders {
    pub given: i64,
    pub on_time: i64,
    pub late: i64,
    /// Not carried out yet (`given − on_time − late`).
    pub not_yet: i64,
    /// Of those not carried out, past their deadline as of the day asked (a live figure).
    pub overdue: i64,
}

/// Disputes filed with the Komisi Informasi in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Disputes {
    pub filed: i64,
    pub late: i64,
    pub mediated: i64,
    pub adjudicated: i64,
    /// granted, granted_in_part, rejected.
    pub outcomes: BTreeMap<String, i64>,
    pub complied: i64,
    pub not_complied: i64,
    pub court: i64,
}

/// The summary for the requests of `bodies` (one unit of them, if given) received from `from` to `to`.
pub fn summary(
    conn: &mut DbConn,
    bodies: &[String],
    unit_id: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Summary, ServiceError> {
    let sums = repo::sums(conn, bodies, unit_id, from, to)?;
    let requests = repo::open_overdue(conn, bodies, unit_id, from, to, today)?;
    // Objections count body-wide (a unit's summary has none).
    let orders = if unit_id.is_none() { repo::orders_overdue(conn, bodies, from, to, today)? } else { 0 };
    Ok(from_sums(from, to, sums, Live { requests, orders }))
}

/// The figures that change with the date rather than with a transition: requests waiting for their notice past
/// its deadline, and atasan's orders not carried out past theirs.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Live {
    pub requests: i64,
    pub orders: i64,
}

/// A summary from summed counters and the live figures.
fn from_sums(from: NaiveDate, to: NaiveDate, sums: Vec<(String, i64)>, live: Live) -> Summary {
    let mut s = Summary { from, to, open_overdue: live.requests, ..Default::default() };
    let mut histogram: BTreeMap<u32, i64> = BTreeMap::new();
    for (metric, total) in sums {
        if total == 0 {
            continue;
        }
        let (group, name) = metric.split_once('.').unwrap_or((metric.as_str(), ""));
        match (group, name) {
            ("received", _) => s.received = total,
            ("withdrawn", _) => s.withdrawn = total,
            ("extended", _) => s.extensions = total,
            ("closed", kind) => {
                s.closed.insert(kind.to_owned(), total);
            }
            ("outcome", kind) => {
                s.outcomes.insert(kind.to_owned(), total);
                s.notices += total;
            }
            ("refused", letter) => {
                s.refused_by_letter.insert(letter.to_owned(), total);
            }
            ("timely", "on_time") => s.on_time = total,
            ("timely", "with_extension") => s.on_time_with_extension = total,
            ("timely", "late") => s.late = total,
            ("wd", n) => {
                if let Ok(n) = n.parse::<u32>() {
                    histogram.insert(n, total);
                }
            }
            ("fee", "count") => s.fees_count = total,
            ("fee", "rupiah") => s.fees_rupiah = total,
            ("objection", rest) => {
                let o = &mut s.objections;
                match rest.split_once('.') {
                    Some(("ground", g)) => {
                        o.by_ground.insert(g.to_owned(), total);
                    }
                    Some(("outcome", kind)) => {
                        o.outcomes.insert(kind.to_owned(), total);
                    }
                    Some(("order", "given")) => o.orders.given = total,
                    Some(("order", "on_time")) => o.orders.on_time = total,
                    Some(("order", "late")) => o.orders.late = total,
                    _ => match rest {
                        "received" => o.received = total,
                        "late_filed" => o.late_filed = total,
                        "withdrawn" => o.withdrawn = total,
                        "duplicate" => o.duplicates = total,
                        "atasan_on_time" => o.atasan_on_time = total,
                        "atasan_late" => o.atasan_late = total,
                        _ => {}
                    },
                }
            }
            ("dispute", rest) => {
                let d = &mut s.disputes;
                match rest.split_once('.') {
                    Some(("outcome", kind)) => {
                        d.outcomes.insert(kind.to_owned(), total);
                    }
                    _ => match rest {
                        "filed" => d.filed = total,
                        "late" => d.late = total,
                        "mediated" => d.mediated = total,
                        "adjudicated" => d.adjudicated = total,
                        "complied" => d.complied = total,
                        "not_complied" => d.not_complied = total,
                        "court" => d.court = total,
                        _ => {}
                    },
                }
            }
            _ => {}
        }
    }
    let bucket = |wd: u32| match wd {
        0..=5 => 0,
        6..=10 => 1,
        11..=17 => 2,
        _ => 3,
    };
    for (wd, count) in &histogram {
        s.working_days.buckets[bucket(*wd)] += count;
    }
    s.working_days.median = nearest_rank(&histogram, 50);
    s.working_days.p90 = nearest_rank(&histogram, 90);
    s.working_days.max = histogram.keys().next_back().copied();
    let orders = &mut s.objections.orders;
    orders.not_yet = (orders.given - orders.on_time - orders.late).max(0);
    orders.overdue = live.orders.min(orders.not_yet);
    s
}

impl Summary {
    /// Notices on time (with or without a valid extension) as a share of the notices given plus the requests past
    /// their deadline without one; `None` when there are none.
    pub fn timely_share(&self) -> Option<f64> {
        let due = self.notices + self.open_overdue;
        (due > 0).then(|| (self.on_time + self.on_time_with_extension) as f64 / due as f64)
    }

    /// Objections per request received; `None` without requests.
    pub fn objection_rate(&self) -> Option<f64> {
        (self.received > 0).then(|| self.objections.received as f64 / self.received as f64)
    }
}

/// One month of the trend: requests received in it, and how their written notices stood against the deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub received: i64,
    pub on_time: i64,
    pub on_time_with_extension: i64,
    pub late: i64,
}

/// The months from `from` to `to` (every month, with zeros where nothing was received), for `bodies` and one unit
/// if given; cohorts by the day of receipt, like the summary.
pub fn trend(
    conn: &mut DbConn,
    bodies: &[String],
    unit_id: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Month>, ServiceError> {
    use chrono::Datelike;
    const METRICS: [&str; 4] = ["received", "timely.on_time", "timely.with_extension", "timely.late"];
    let sums = repo::sums_by_month(conn, bodies, unit_id, from, to, &METRICS)?;
    let mut out = Vec::new();
    let mut month = from.with_day(1).expect("the first of a month exists");
    while month <= to {
        let get = |m: &str| sums.get(&month).and_then(|s| s.get(m)).copied().unwrap_or_default();
        out.push(Month {
            month: month.format("%Y-%m").to_string(),
            received: get(METRICS[0]),
            on_time: get(METRICS[1]),
            on_time_with_extension: get(METRICS[2]),
            late: get(METRICS[3]),
        });
        month = month.checked_add_months(chrono::Months::new(1)).expect("a month within range");
    }
    Ok(out)
}

/// A KI's jurisdiction for a period: its bodies (those for which it is the competent KI at the period's end, or
/// today if earlier), each body's summary, and the total.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Jurisdiction {
    pub code: String,
    pub name: String,
    pub total: Summary,
    pub bodies: Vec<BodySummary>,
    /// The ids of the bodies, in the order of `bodies` (for callers that read more about the same set).
    #[serde(skip)]
    #[schema(ignore)]
    pub body_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct BodySummary {
    /// Not published (the slug names the body); read to join other records of the body.
    #[serde(skip)]
    pub id: String,
    pub slug: String,
    pub name: String,
    pub summary: Summary,
}

/// The bodies for which KI `ki_id` is the competent commission on `on`.
/// The first year the instance has figures for (the period list starts there); `None` before any request.
pub fn first_year(conn: &mut DbConn) -> Result<Option<i32>, ServiceError> {
    Ok(crate::db::repo::compliance::first_period(conn)?.map(|d| chrono::Datelike::year(&d)))
}

pub fn bodies_of(
    conn: &mut DbConn,
    ki_id: &str,
    on: NaiveDate,
) -> Result<Vec<crate::db::models::bodies::BodyRow>, ServiceError> {
    use crate::db::repo::bodies as body_repo;
    let competent = body_repo::competent_ki_ids(conn, on)?;
    Ok(body_repo::bodies(conn)?
        .into_iter()
        .filter(|b| competent.get(&b.id).map(String::as_str) == Some(ki_id))
        .collect())
}

/// The jurisdiction `code` for requests received from `from` to `to`; `None` if there is no such KI.
pub fn jurisdiction(
    conn: &mut DbConn,
    code: &str,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Option<Jurisdiction>, ServiceError> {
    use crate::db::repo::bodies as body_repo;
    let Some(ki) = body_repo::jurisdiction_by_code(conn, code)? else { return Ok(None) };
    let bodies = bodies_of(conn, &ki.id, to.min(today))?;
    let ids: Vec<String> = bodies.iter().map(|b| b.id.clone()).collect();
    let mut per_body = repo::sums_by_body(conn, &ids, from, to)?;
    let mut overdue = repo::open_overdue_by_body(conn, &ids, from, to, today)?;
    let mut orders_overdue = repo::orders_overdue_by_body(conn, &ids, from, to, today)?;
    let mut all: BTreeMap<String, i64> = BTreeMap::new();
    let mut out = Vec::new();
    for body in bodies {
        let sums = per_body.remove(&body.id).unwrap_or_default();
        for (metric, total) in &sums {
            *all.entry(metric.clone()).or_insert(0) += total;
        }
        let live = Live {
            requests: overdue.remove(&body.id).unwrap_or_default(),
            orders: orders_overdue.remove(&body.id).unwrap_or_default(),
        };
        let summary = from_sums(from, to, sums, live);
        out.push(BodySummary { id: body.id, slug: body.slug, name: body.name, summary });
    }
    let total = Live {
        requests: out.iter().map(|b| b.summary.open_overdue).sum(),
        orders: out.iter().map(|b| b.summary.objections.orders.overdue).sum(),
    };
    Ok(Some(Jurisdiction {
        code: ki.code,
        name: ki.name,
        total: from_sums(from, to, all.into_iter().collect(), total),
        bodies: out,
        body_ids: ids,
    }))
}

/// Adds to the rollup every request, objection and dispute that has not contributed yet (requests made before the rollup existed),
/// a few hundred per transaction; returns how many. Idempotent: a request that contributed is skipped. Run by
/// `terbuka serve` at start, so an upgraded instance's figures include its history.
pub fn backfill(conn: &mut DbConn, settings: crate::domain::calendar::CalendarSettings) -> Result<usize, ServiceError> {
    use crate::db::repo::cases as case_repo;
    let mut done = 0;
    loop {
        let ids = case_repo::objections_without_compliance(conn, 500)?;
        if ids.is_empty() {
            break;
        }
        crate::db::write_tx(conn, |conn| -> Result<(), ServiceError> {
            for id in &ids {
                let (mut row, objection) = crate::service::cases::load_objection(conn, id)?;
                crate::service::cases::rollup::update_objection_rollup(conn, &mut row, &objection)?;
                case_repo::set_objection_compliance(conn, id, &row.compliance)?;
            }
            Ok(())
        })?;
        done += ids.len();
    }
    loop {
        let ids = case_repo::disputes_without_compliance(conn, 500)?;
        if ids.is_empty() {
            break;
        }
        crate::db::write_tx(conn, |conn| -> Result<(), ServiceError> {
            for id in &ids {
                let (mut row, dispute) = crate::service::cases::load_dispute(conn, id)?;
                crate::service::cases::rollup::update_dispute_rollup(conn, &mut row, &dispute)?;
                case_repo::set_dispute_compliance(conn, id, &row.compliance)?;
            }
            Ok(())
        })?;
        done += ids.len();
    }
    loop {
        let ids = crate::db::repo::cases::without_compliance(conn, 500)?;
        if ids.is_empty() {
            return Ok(done);
        }
        crate::db::write_tx(conn, |conn| -> Result<(), ServiceError> {
            for id in &ids {
                let (mut row, request) = crate::service::cases::load_request(conn, id)?;
                let (calendar, _) =
                    crate::service::calendar::calendar_for(conn, settings, &row.body_id, row.received_on)?;
                crate::service::cases::rollup::update_rollup(conn, &mut row, &request, &calendar, None)?;
                crate::db::repo::cases::set_compliance(conn, id, &row.compliance)?;
            }
            Ok(())
        })?;
        done += ids.len();
    }
}
