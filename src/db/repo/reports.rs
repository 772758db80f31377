//! The annual service report's drafts and publications, and the breakdowns its tables need.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::reports::{DraftRow, PublicationRow};
use crate::db::schema::{annual_report_publications as p, annual_reports as d, compliance_rollup as r};

pub fn draft(conn: &mut DbConn, body_id: &str, year: i64) -> QueryResult<Option<DraftRow>> {
    d::table.find((body_id, year)).select(DraftRow::as_select()).first(conn).optional()
}

/// The years of one body that have a saved draft.
pub fn draft_years(conn: &mut DbConn, body_id: &str) -> QueryResult<Vec<i64>> {
    d::table.filter(d::body_id.eq(body_id)).select(d::year).load(conn)
}

/// Saves the draft: replaces the row of that body and year, or inserts it.
pub fn save_draft(conn: &mut DbConn, row: &DraftRow) -> QueryResult<()> {
    let updated = diesel::update(d::table.find((&row.body_id, row.year))).set(row).execute(conn)?;
    if updated == 0 {
        diesel::insert_into(d::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Every published version of one body's report for one year, oldest first.
pub fn publications(conn: &mut DbConn, body_id: &str, year: i64) -> QueryResult<Vec<PublicationRow>> {
    p::table
        .filter(p::body_id.eq(body_id))
        .filter(p::year.eq(year))
        .order(p::version.asc())
        .select(PublicationRow::as_select())
        .load(conn)
}

/// The years of one body that have a published report, newest first, with the latest version of each.
pub fn published_years(conn: &mut DbConn, body_id: &str) -> QueryResult<Vec<(i64, i64)>> {
    p::table
        .filter(p::body_id.eq(body_id))
        .group_by(p::year)
        .select((p::year, diesel::dsl::max(p::version).assume_not_null()))
        .order(p::year.desc())
        .load(conn)
}

/// Stores a publication; `false` when that version exists already (someone published at the same moment).
pub fn insert_publication(conn: &mut DbConn, row: &PublicationRow) -> QueryResult<bool> {
    let n = match conn {
        DbConn::Pg(c) => diesel::insert_into(p::table).values(row).on_conflict_do_nothing().execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(p::table).values(row).on_conflict_do_nothing().execute(c)?,
    };
    Ok(n == 1)
}

/// Which dimension of the rollup a breakdown is by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Unit,
    Channel,
    ApplicantType,
}

/// The counters of one body for requests received from `from` to `to`, summed per value of `dimension`
/// (the unit's id, `""` for the body itself; the channel; the applicant type): `(value, metric, total)`.
pub fn sums_by(
    conn: &mut DbConn,
    body_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    dimension: Dimension,
) -> QueryResult<Vec<(String, String, i64)>> {
    let summed = diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(SUM(value) AS BIGINT)");
    let rows = r::table.filter(r::body_id.eq(body_id)).filter(r::day.ge(from)).filter(r::day.le(to));
    match dimension {
        Dimension::Unit => rows.group_by((r::unit_id, r::metric)).select((r::unit_id, r::metric, summed)).load(conn),
        Dimension::Channel => rows.group_by((r::channel, r::metric)).select((r::channel, r::metric, summed)).load(conn),
        Dimension::ApplicantType => {
            rows.group_by((r::applicant_type, r::metric)).select((r::applicant_type, r::metric, summed)).load(conn)
        }
    }
}

/// Bodies whose report for `year` has no published version, with their id and name (the reminder's candidates).
pub fn bodies_without_report(conn: &mut DbConn, year: i64) -> QueryResult<Vec<(String, String)>> {
    use crate::db::schema::public_bodies as b;
    b::table
        .filter(diesel::dsl::not(diesel::dsl::exists(p::table.filter(p::body_id.eq(b::id)).filter(p::year.eq(year)))))
        .filter(b::demo.eq(false))
        .order(b::name)
        .select((b::id, b::name))
        .load(conn)
}

/// Every recorded monev result of `bodies`, oldest version first (the caller keeps the latest per body and year).
pub fn monev_of(conn: &mut DbConn, bodies: &[String]) -> QueryResult<Vec<crate::db::models::reports::MonevRow>> {
    use crate::db::schema::monev_results as m;
    m::table
        .filter(m::body_id.eq_any(bodies.to_vec()))
        .order((m::body_id, m::year.desc(), m::version.asc()))
        .select(crate::db::models::reports::MonevRow::as_select())
        .load(conn)
}

/// Stores a monev result; `false` when that version exists already (recorded at the same moment by someone else).
pub fn insert_monev(conn: &mut DbConn, row: &crate::db::models::reports::MonevRow) -> QueryResult<bool> {
    use crate::db::schema::monev_results as m;
    let n = match conn {
        DbConn::Pg(c) => diesel::insert_into(m::table).values(row).on_conflict_do_nothing().execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(m::table).values(row).on_conflict_do_nothing().execute(c)?,
    };
    Ok(n == 1)
}
