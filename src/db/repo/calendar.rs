//! Calendar entries and versions.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::calendar::{CalendarEntryRow, CalendarVersionRow, NewCalendarEntry};
use crate::db::schema::{calendar_entries, calendar_versions};
use crate::domain::calendar::{Calendar, CalendarEntry};

/// Calendars read recently, by (database, latest version, number of entries): entries are only ever added with a
/// new version, so a key that matches means the same calendar. Read after every transition, the calendar is
/// otherwise the most expensive part of one (a few hundred rows with dates to parse).
static CACHE: std::sync::Mutex<Vec<(CacheKey, Calendar)>> = std::sync::Mutex::new(Vec::new());

/// (database, latest version, number of entries).
type CacheKey = (String, i64, i64);

/// What identifies a calendar's content in a database: the database itself (its file, or its name and server
/// start), the latest version, and how many entries there are. `None` for an in-memory SQLite database.
fn cache_key(conn: &mut DbConn) -> QueryResult<Option<CacheKey>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{BigInt, Nullable, Text};
    let (identity, version, count): (String, Option<i64>, i64) = match conn {
        DbConn::Pg(c) => diesel::select((
            sql::<Text>(
                "current_database() || '@' || inet_server_port()::text || '@' || pg_postmaster_start_time()::text",
            ),
            sql::<Nullable<BigInt>>("(SELECT max(version) FROM calendar_versions)"),
            sql::<BigInt>("(SELECT count(*) FROM calendar_entries)"),
        ))
        .get_result(c)?,
        DbConn::Sqlite(c) => diesel::select((
            sql::<Text>("(SELECT file FROM pragma_database_list WHERE name = 'main')"),
            sql::<Nullable<BigInt>>("(SELECT max(version) FROM calendar_versions)"),
            sql::<BigInt>("(SELECT count(*) FROM calendar_entries)"),
        ))
        .get_result(c)?,
    };
    Ok((!identity.is_empty()).then_some((identity, version.unwrap_or(0), count)))
}

/// Every entry with the current version: what the deadline engine works from.
pub fn load(conn: &mut DbConn) -> QueryResult<Calendar> {
    let key = cache_key(conn)?;
    if let Some(key) = &key
        && let Some((_, hit)) = CACHE.lock().expect("calendar cache").iter().find(|(k, _)| k == key)
    {
        return Ok(hit.clone());
    }
    let calendar = load_uncached(conn)?;
    if let Some((identity, _, _)) = key {
        // Keyed by what was actually read (a version added in between must not be filed under the older key).
        let key = (identity, calendar.version(), calendar.entries().len() as i64);
        let mut cache = CACHE.lock().expect("calendar cache");
        cache.retain(|(k, _)| k.0 != key.0);
        cache.push((key, calendar.clone()));
        if cache.len() > 16 {
            cache.remove(0);
        }
    }
    Ok(calendar)
}

fn load_uncached(conn: &mut DbConn) -> QueryResult<Calendar> {
    let rows: Vec<CalendarEntryRow> = calendar_entries::table
        .select(CalendarEntryRow::as_select())
        .order((calendar_entries::day, calendar_entries::known_from))
        .load(conn)?;
    let entries = rows.iter().map(CalendarEntryRow::to_entry).collect::<QueryResult<Vec<_>>>()?;
    Ok(Calendar::new(entries, current_version(conn)?))
}

/// The latest version number, 0 when the calendar was never loaded.
pub fn current_version(conn: &mut DbConn) -> QueryResult<i64> {
    let v: Option<i64> = calendar_versions::table.select(diesel::dsl::max(calendar_versions::version)).first(conn)?;
    Ok(v.unwrap_or(0))
}

pub fn latest_version(conn: &mut DbConn) -> QueryResult<Option<CalendarVersionRow>> {
    calendar_versions::table
        .select(CalendarVersionRow::as_select())
        .order(calendar_versions::version.desc())
        .first(conn)
        .optional()
}

/// Entries dated in one year, with the version that added each.
pub fn entries_in_year(conn: &mut DbConn, year: i32) -> QueryResult<Vec<(CalendarEntry, i64)>> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    let rows: Vec<CalendarEntryRow> = calendar_entries::table
        .filter(calendar_entries::day.between(first, last))
        .select(CalendarEntryRow::as_select())
        .order((calendar_entries::day, calendar_entries::jurisdiction, calendar_entries::known_from))
        .load(conn)?;
    rows.iter().map(|r| Ok((r.to_entry()?, r.version))).collect()
}

/// Distinct years that have entries, ascending.
pub fn years_with_entries(conn: &mut DbConn) -> QueryResult<Vec<i32>> {
    let days: Vec<NaiveDate> = calendar_entries::table.select(calendar_entries::day).load(conn)?;
    let mut years: Vec<i32> = days.iter().map(|d| d.year()).collect();
    years.sort_unstable();
    years.dedup();
    Ok(years)
}

/// Records a new version and its entries. Call inside a write transaction.
/// Serializes changes of the calendar for the rest of the transaction: on PostgreSQL a transaction-scoped
/// advisory lock (two imports would otherwise read the same latest version and both insert the next one); on
/// SQLite the write transaction is already immediate, so nothing is needed.
pub fn lock_for_change(conn: &mut DbConn) -> QueryResult<()> {
    crate::db::lock_for_transaction(conn, 7301)
}

pub fn insert_version(
    conn: &mut DbConn,
    entries: &[CalendarEntry],
    source: &str,
    note: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let version = current_version(conn)? + 1;
    diesel::insert_into(calendar_versions::table)
        .values(CalendarVersionRow {
            version,
            created_at: now,
            source: source.to_owned(),
            note: note.to_owned(),
            entries_added: entries.len() as i64,
        })
        .execute(conn)?;
    // One statement per row: multi-row inserts are not expressible through MultiConnection, and a year is ~30 rows.
    for e in entries {
        diesel::insert_into(calendar_entries::table)
            .values(NewCalendarEntry::from_entry(e, version, now))
            .execute(conn)?;
    }
    Ok(version)
}

/// Every calendar version, newest first.
pub fn versions(conn: &mut DbConn) -> QueryResult<Vec<CalendarVersionRow>> {
    calendar_versions::table.select(CalendarVersionRow::as_select()).order(calendar_versions::version.desc()).load(conn)
}
