//! The compliance rollup: counters per body × unit × day of receipt × channel × applicant type × metric, changed
//! only inside the transaction of the transition that changes a request (see `domain::compliance`).

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{compliance_rollup, requests};
use crate::domain::compliance::RollupKey;

/// Adds `delta` to one counter, creating it at zero first. Two transactions adding to the same new counter at
/// once both succeed: the insert does nothing if the row exists, the update adds under the row lock.
pub fn add(conn: &mut DbConn, key: &RollupKey, metric: &str, delta: i64) -> QueryResult<()> {
    let zero = (
        compliance_rollup::body_id.eq(&key.body_id),
        compliance_rollup::unit_id.eq(&key.unit_id),
        compliance_rollup::day.eq(key.day),
        compliance_rollup::channel.eq(&key.channel),
        compliance_rollup::applicant_type.eq(&key.applicant_type),
        compliance_rollup::metric.eq(metric),
        compliance_rollup::value.eq(0i64),
    );
    match conn {
        DbConn::Pg(c) => {
            diesel::insert_into(compliance_rollup::table).values(zero).on_conflict_do_nothing().execute(c)?;
        }
        DbConn::Sqlite(c) => {
            diesel::insert_into(compliance_rollup::table).values(zero).on_conflict_do_nothing().execute(c)?;
        }
    }
    diesel::update(
        compliance_rollup::table
            .filter(compliance_rollup::body_id.eq(&key.body_id))
            .filter(compliance_rollup::day.eq(key.day))
            .filter(compliance_rollup::unit_id.eq(&key.unit_id))
            .filter(compliance_rollup::channel.eq(&key.channel))
            .filter(compliance_rollup::applicant_type.eq(&key.applicant_type))
            .filter(compliance_rollup::metric.eq(metric)),
    )
    .set(compliance_rollup::value.eq(compliance_rollup::value + delta))
    .execute(conn)
    .map(drop)
}

/// The counters summed over `bodies` (and one unit, if given) for requests received from `from` to `to`.
pub fn sums(
    conn: &mut DbConn,
    bodies: &[String],
    unit_id: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(String, i64)>> {
    let mut q = compliance_rollup::table
        .filter(compliance_rollup::body_id.eq_any(bodies.to_vec()))
        .filter(compliance_rollup::day.ge(from))
        .filter(compliance_rollup::day.le(to))
        .into_boxed();
    if let Some(u) = unit_id {
        q = q.filter(compliance_rollup::unit_id.eq(u.to_owned()));
    }
    let rows: Vec<(String, i64)> = q.select((compliance_rollup::metric, compliance_rollup::value)).load(conn)?;
    let mut totals: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for (metric, value) in rows {
        *totals.entry(metric).or_insert(0) += value;
    }
    Ok(totals.into_iter().collect())
}

/// Requests received from `from` to `to` still waiting for their written notice after the deadline that
/// applies, as of `today` (a live figure: it changes with the date, not with a transition).
pub fn open_overdue(
    conn: &mut DbConn,
    bodies: &[String],
    unit_id: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> QueryResult<i64> {
    let mut q = requests::table
        .filter(requests::body_id.eq_any(bodies.to_vec()))
        .filter(requests::received_on.ge(from))
        .filter(requests::received_on.le(to))
        .filter(requests::state.eq_any(["registered", "extended"]))
        .filter(requests::notice_due.lt(today))
        .into_boxed();
    if let Some(u) = unit_id {
        q = q.filter(requests::unit_id.eq(u.to_owned()));
    }
    q.count().get_result(conn)
}

/// The counters per body over `bodies` for requests received from `from` to `to`.
pub fn sums_by_body(
    conn: &mut DbConn,
    bodies: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<std::collections::HashMap<String, Vec<(String, i64)>>> {
    let rows: Vec<(String, String, i64)> = compliance_rollup::table
        .filter(compliance_rollup::body_id.eq_any(bodies.to_vec()))
        .filter(compliance_rollup::day.ge(from))
        .filter(compliance_rollup::day.le(to))
        .select((compliance_rollup::body_id, compliance_rollup::metric, compliance_rollup::value))
        .load(conn)?;
    let mut totals: std::collections::HashMap<String, std::collections::BTreeMap<String, i64>> =
        std::collections::HashMap::new();
    for (body, metric, value) in rows {
        *totals.entry(body).or_default().entry(metric).or_insert(0) += value;
    }
    Ok(totals.into_iter().map(|(b, m)| (b, m.into_iter().collect())).collect())
}

/// [`open_overdue`] per body.
pub fn open_overdue_by_body(
    conn: &mut DbConn,
    bodies: &[String],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> QueryResult<std::collections::HashMap<String, i64>> {
    let rows: Vec<String> = requests::table
        .filter(requests::body_id.eq_any(bodies.to_vec()))
        .filter(requests::received_on.ge(from))
        .filter(requests::received_on.le(to))
        .filter(requests::state.eq_any(["registered", "extended"]))
        .filter(requests::notice_due.lt(today))
        .select(requests::body_id)
        .load(conn)?;
    let mut counts = std::collections::HashMap::new();
    for body in rows {
        *counts.entry(body).or_insert(0) += 1;
    }
    Ok(counts)
}

/// The counters named in `metrics`, summed per month of receipt (the first day of the month), over `bodies` (and
/// one unit, if given) for requests received from `from` to `to`.
pub fn sums_by_month(
    conn: &mut DbConn,
    bodies: &[String],
    unit_id: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    metrics: &[&str],
) -> QueryResult<std::collections::BTreeMap<NaiveDate, std::collections::BTreeMap<String, i64>>> {
    use chrono::Datelike;
    let mut q = compliance_rollup::table
        .filter(compliance_rollup::body_id.eq_any(bodies.to_vec()))
        .filter(compliance_rollup::day.ge(from))
        .filter(compliance_rollup::day.le(to))
        .filter(compliance_rollup::metric.eq_any(metrics.iter().map(|m| (*m).to_owned()).collect::<Vec<_>>()))
        .into_boxed();
    if let Some(u) = unit_id {
        q = q.filter(compliance_rollup::unit_id.eq(u.to_owned()));
    }
    let rows: Vec<(NaiveDate, String, i64)> =
        q.select((compliance_rollup::day, compliance_rollup::metric, compliance_rollup::value)).load(conn)?;
    let mut out: std::collections::BTreeMap<NaiveDate, std::collections::BTreeMap<String, i64>> = Default::default();
    for (day, metric, value) in rows {
        let month = day.with_day(1).expect("the first of a month exists");
        *out.entry(month).or_default().entry(metric).or_insert(0) += value;
    }
    Ok(out)
}

/// Every version of the snapshot of `scope` for `period`, oldest first.
pub fn snapshots(
    conn: &mut DbConn,
    scope_kind: &str,
    scope: &str,
    period: &str,
) -> QueryResult<Vec<crate::db::models::compliance::SnapshotRow>> {
    use crate::db::schema::compliance_snapshots as s;
    s::table
        .filter(s::scope_kind.eq(scope_kind))
        .filter(s::scope.eq(scope))
        .filter(s::period.eq(period))
        .order(s::version.asc())
        .select(crate::db::models::compliance::SnapshotRow::as_select())
        .load(conn)
}

/// The periods of `scope` that have a snapshot, newest first.
pub fn snapshot_periods(conn: &mut DbConn, scope_kind: &str, scope: &str) -> QueryResult<Vec<String>> {
    use crate::db::schema::compliance_snapshots as s;
    s::table
        .filter(s::scope_kind.eq(scope_kind))
        .filter(s::scope.eq(scope))
        .select(s::period)
        .distinct()
        .order(s::period.desc())
        .load(conn)
}

/// Stores a snapshot; `false` when that version exists already (another instance froze it first).
pub fn insert_snapshot(conn: &mut DbConn, row: &crate::db::models::compliance::SnapshotRow) -> QueryResult<bool> {
    use crate::db::schema::compliance_snapshots as s;
    let n = match conn {
        DbConn::Pg(c) => diesel::insert_into(s::table).values(row).on_conflict_do_nothing().execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(s::table).values(row).on_conflict_do_nothing().execute(c)?,
    };
    Ok(n == 1)
}

/// The calendar versions the requests of `bodies` received from `from` to `to` were given their deadlines by.
pub fn calendar_versions(
    conn: &mut DbConn,
    bodies: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<i64>> {
    requests::table
        .filter(requests::body_id.eq_any(bodies.to_vec()))
        .filter(requests::received_on.ge(from))
        .filter(requests::received_on.le(to))
        .select(requests::calendar_version)
        .distinct()
        .order(requests::calendar_version.asc())
        .load(conn)
}

/// The first day any request of `bodies` was received, if any.
pub fn first_received(conn: &mut DbConn, bodies: &[String]) -> QueryResult<Option<NaiveDate>> {
    requests::table
        .filter(requests::body_id.eq_any(bodies.to_vec()))
        .select(diesel::dsl::min(requests::received_on))
        .first(conn)
}
