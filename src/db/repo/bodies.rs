//! Jurisdictions, public bodies, their KI assignments, and units.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::bodies::{AssignmentRow, BodyRow, JurisdictionRow, LogoRow, UnitRow};
use crate::db::schema::{body_ki_assignments, body_logos, ki_jurisdictions, public_bodies, units};

pub fn jurisdiction_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<JurisdictionRow>> {
    ki_jurisdictions::table
        .filter(ki_jurisdictions::code.eq(code))
        .select(JurisdictionRow::as_select())
        .first(conn)
        .optional()
}

pub fn jurisdiction_by_id(conn: &mut DbConn, id: &str) -> QueryResult<JurisdictionRow> {
    ki_jurisdictions::table.find(id).select(JurisdictionRow::as_select()).first(conn)
}

pub fn jurisdictions(conn: &mut DbConn) -> QueryResult<Vec<JurisdictionRow>> {
    ki_jurisdictions::table.select(JurisdictionRow::as_select()).order(ki_jurisdictions::code).load(conn)
}

pub fn insert_jurisdiction(conn: &mut DbConn, row: &JurisdictionRow) -> QueryResult<()> {
    diesel::insert_into(ki_jurisdictions::table).values(row).execute(conn).map(drop)
}

/// Writes a changed jurisdiction if nobody changed it since `row.version - 1` was read; `false` on a conflict.
pub fn update_jurisdiction(conn: &mut DbConn, row: &JurisdictionRow) -> QueryResult<bool> {
    let n = diesel::update(
        ki_jurisdictions::table
            .filter(ki_jurisdictions::id.eq(&row.id))
            .filter(ki_jurisdictions::version.eq(row.version - 1)),
    )
    .set((
        ki_jurisdictions::name.eq(&row.name),
        ki_jurisdictions::level.eq(&row.level),
        ki_jurisdictions::parent_id.eq(&row.parent_id),
        ki_jurisdictions::address.eq(&row.address),
        ki_jurisdictions::email.eq(&row.email),
        ki_jurisdictions::phone.eq(&row.phone),
        ki_jurisdictions::website.eq(&row.website),
        ki_jurisdictions::dispute_form_url.eq(&row.dispute_form_url),
        ki_jurisdictions::version.eq(row.version),
        ki_jurisdictions::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn body_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<BodyRow>> {
    public_bodies::table.filter(public_bodies::slug.eq(slug)).select(BodyRow::as_select()).first(conn).optional()
}

pub fn body_by_id(conn: &mut DbConn, id: &str) -> QueryResult<BodyRow> {
    public_bodies::table.find(id).select(BodyRow::as_select()).first(conn)
}

pub fn bodies(conn: &mut DbConn) -> QueryResult<Vec<BodyRow>> {
    public_bodies::table.select(BodyRow::as_select()).order(public_bodies::slug).load(conn)
}

pub fn insert_body(conn: &mut DbConn, row: &BodyRow) -> QueryResult<()> {
    diesel::insert_into(public_bodies::table).values(row).execute(conn).map(drop)
}

/// Optimistic update, as for jurisdictions.
pub fn update_body(conn: &mut DbConn, row: &BodyRow) -> QueryResult<bool> {
    let n = diesel::update(
        public_bodies::table.filter(public_bodies::id.eq(&row.id)).filter(public_bodies::version.eq(row.version - 1)),
    )
    .set((
        public_bodies::name.eq(&row.name),
        public_bodies::level.eq(&row.level),
        public_bodies::time_zone.eq(&row.time_zone),
        public_bodies::ppid_email.eq(&row.ppid_email),
        public_bodies::ppid_phone.eq(&row.ppid_phone),
        public_bodies::ppid_address.eq(&row.ppid_address),
        public_bodies::request_number_format.eq(&row.request_number_format),
        public_bodies::objection_number_format.eq(&row.objection_number_format),
        public_bodies::letterhead.eq(&row.letterhead),
        public_bodies::letter_number_format.eq(&row.letter_number_format),
        public_bodies::ppid_signatory_name.eq(&row.ppid_signatory_name),
        public_bodies::ppid_signatory_nip.eq(&row.ppid_signatory_nip),
        public_bodies::ppid_signatory_position.eq(&row.ppid_signatory_position),
        public_bodies::atasan_signatory_nip.eq(&row.atasan_signatory_nip),
        public_bodies::letter_place.eq(&row.letter_place),
        public_bodies::version.eq(row.version),
        public_bodies::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn insert_assignment(conn: &mut DbConn, row: &AssignmentRow) -> QueryResult<()> {
    diesel::insert_into(body_ki_assignments::table).values(row).execute(conn).map(drop)
}

pub fn assignments(conn: &mut DbConn, body_id: &str) -> QueryResult<Vec<AssignmentRow>> {
    body_ki_assignments::table
        .filter(body_ki_assignments::body_id.eq(body_id))
        .select(AssignmentRow::as_select())
        .order(body_ki_assignments::applies_from)
        .load(conn)
}

/// The competent KI of a body on a date: the latest assignment that applies from that date or earlier. Before
/// the first assignment, the first one (a body always has one).
/// One statement: read after every transition (its calendar's local days), on PostgreSQL a round trip each.
pub fn competent_ki(conn: &mut DbConn, body_id: &str, on: NaiveDate) -> QueryResult<JurisdictionRow> {
    let mut all: Vec<(NaiveDate, JurisdictionRow)> = body_ki_assignments::table
        .inner_join(ki_jurisdictions::table)
        .filter(body_ki_assignments::body_id.eq(body_id))
        .select((body_ki_assignments::applies_from, JurisdictionRow::as_select()))
        .order((body_ki_assignments::applies_from, body_ki_assignments::id))
        .load(conn)?;
    let chosen = crate::domain::body::competent_assignment(&all, on);
    Ok(all.swap_remove(chosen.ok_or(diesel::result::Error::NotFound)?).1)
}

/// The competent KI's id of every body on a date (the rule of [`competent_ki`]), in one query.
pub fn competent_ki_ids(conn: &mut DbConn, on: NaiveDate) -> QueryResult<std::collections::HashMap<String, String>> {
    let all: Vec<AssignmentRow> = body_ki_assignments::table
        .select(AssignmentRow::as_select())
        .order((body_ki_assignments::body_id, body_ki_assignments::applies_from, body_ki_assignments::id))
        .load(conn)?;
    let mut out: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for a in &all {
        // In order of `applies_from`: a later assignment that applies replaces the earlier; the first stands in
        // until one applies.
        if a.applies_from <= on || !out.contains_key(&a.body_id) {
            out.insert(a.body_id.clone(), a.jurisdiction_id.clone());
        }
    }
    Ok(out)
}

pub fn units_of(conn: &mut DbConn, body_id: &str) -> QueryResult<Vec<UnitRow>> {
    units::table.filter(units::body_id.eq(body_id)).select(UnitRow::as_select()).order(units::slug).load(conn)
}

pub fn unit_by_slug(conn: &mut DbConn, body_id: &str, slug: &str) -> QueryResult<Option<UnitRow>> {
    units::table
        .filter(units::body_id.eq(body_id))
        .filter(units::slug.eq(slug))
        .select(UnitRow::as_select())
        .first(conn)
        .optional()
}

pub fn unit_by_id(conn: &mut DbConn, id: &str) -> QueryResult<UnitRow> {
    units::table.find(id).select(UnitRow::as_select()).first(conn)
}

pub fn insert_unit(conn: &mut DbConn, row: &UnitRow) -> QueryResult<()> {
    diesel::insert_into(units::table).values(row).execute(conn).map(drop)
}

pub fn update_unit(conn: &mut DbConn, row: &UnitRow) -> QueryResult<bool> {
    let n = diesel::update(units::table.filter(units::id.eq(&row.id)).filter(units::version.eq(row.version - 1)))
        .set((
            units::name.eq(&row.name),
            units::time_zone.eq(&row.time_zone),
            units::version.eq(row.version),
            units::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Whether any body was made by `terbuka demo`.
pub fn any_demo(conn: &mut DbConn) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(public_bodies::table.filter(public_bodies::demo.eq(true)))).get_result(conn)
}

/// Every KI assignment with its KI, by body and date (one statement; the competent KI of each body on a day is
/// then picked in memory, as [`competent_ki`] picks it for one).
pub fn all_assignments(conn: &mut DbConn) -> QueryResult<Vec<(String, NaiveDate, JurisdictionRow)>> {
    body_ki_assignments::table
        .inner_join(ki_jurisdictions::table)
        .select((body_ki_assignments::body_id, body_ki_assignments::applies_from, JurisdictionRow::as_select()))
        .order((body_ki_assignments::body_id, body_ki_assignments::applies_from, body_ki_assignments::id))
        .load(conn)
}

pub fn logo(conn: &mut DbConn, body_id: &str) -> QueryResult<Option<LogoRow>> {
    body_logos::table.find(body_id).select(LogoRow::as_select()).first(conn).optional()
}

/// The logo's digest only (to name its address), without the image.
pub fn logo_digest(conn: &mut DbConn, body_id: &str) -> QueryResult<Option<String>> {
    body_logos::table.find(body_id).select(body_logos::sha256).first(conn).optional()
}

/// Replaces the body's logo (call inside a transaction).
pub fn put_logo(conn: &mut DbConn, row: &LogoRow) -> QueryResult<()> {
    delete_logo(conn, &row.body_id)?;
    diesel::insert_into(body_logos::table).values(row).execute(conn).map(drop)
}

pub fn delete_logo(conn: &mut DbConn, body_id: &str) -> QueryResult<bool> {
    Ok(diesel::delete(body_logos::table.find(body_id)).execute(conn)? == 1)
}
