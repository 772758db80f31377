//! Rows of the calendar tables.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{calendar_entries, calendar_versions};
use crate::domain::calendar::{CalendarEntry, DayKind, JurisdictionCode};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_versions)]
pub struct CalendarVersionRow {
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub source: String,
    pub note: String,
    pub entries_added: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = calendar_entries)]
pub struct CalendarEntryRow {
    pub id: String,
    pub day: NaiveDate,
    pub kind: String,
    pub name: String,
    pub source: String,
    pub known_from: NaiveDate,
    pub jurisdiction: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
}

impl CalendarEntryRow {
    /// The domain entry. The CHECK constraint keeps `kind` valid; a row that is not is reported, not guessed at.
    pub fn to_entry(&self) -> Result<CalendarEntry, diesel::result::Error> {
        let kind = DayKind::parse(&self.kind).ok_or_else(|| corrupt(format!("kind `{}`", self.kind)))?;
        let jurisdiction = if self.jurisdiction.is_empty() {
            None
        } else {
            Some(
                JurisdictionCode::parse(&self.jurisdiction)
                    .ok_or_else(|| corrupt(format!("jurisdiction `{}`", self.jurisdiction)))?,
            )
        };
        Ok(CalendarEntry {
            date: self.day,
            kind,
            name: self.name.clone(),
            source: self.source.clone(),
            known_from: self.known_from,
            jurisdiction,
        })
    }
}

fn corrupt(what: String) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(format!("calendar_entries holds an invalid {what}").into())
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = calendar_entries)]
pub struct NewCalendarEntry<'a> {
    pub id: String,
    pub day: NaiveDate,
    pub kind: &'a str,
    pub name: &'a str,
    pub source: &'a str,
    pub known_from: NaiveDate,
    pub jurisdiction: &'a str,
    pub version: i64,
    pub created_at: NaiveDateTime,
}

impl<'a> NewCalendarEntry<'a> {
    pub fn from_entry(e: &'a CalendarEntry, version: i64, created_at: NaiveDateTime) -> NewCalendarEntry<'a> {
        NewCalendarEntry {
            id: uuid::Uuid::now_v7().to_string(),
            day: e.date,
            kind: e.kind.as_str(),
            name: &e.name,
            source: &e.source,
            known_from: e.known_from,
            jurisdiction: e.jurisdiction.as_ref().map_or("", |j| j.as_str()),
            version,
            created_at,
        }
    }
}
