//! Facts about the instance itself (one row each), and a sample of what its key encrypted.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{instance_facts, requesters};

pub fn fact(conn: &mut DbConn, name: &str) -> QueryResult<Option<String>> {
    instance_facts::table.find(name).select(instance_facts::value).first(conn).optional()
}

/// Records a fact unless one of that name is there already (two instances starting at once: the first one wins,
/// and the caller reads again what was kept).
pub fn record_fact_once(conn: &mut DbConn, name: &str, value: &str, at: NaiveDateTime) -> QueryResult<()> {
    if fact(conn, name)?.is_some() {
        return Ok(());
    }
    let inserted = diesel::insert_into(instance_facts::table)
        .values((instance_facts::name.eq(name), instance_facts::value.eq(value), instance_facts::recorded_at.eq(at)))
        .execute(conn);
    match inserted {
        Ok(_) | Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// One encrypted NIK and the requester it belongs to, if any is stored: proof of which key the data was
/// encrypted with.
pub fn encrypted_sample(conn: &mut DbConn) -> QueryResult<Option<(String, String)>> {
    requesters::table
        .filter(requesters::nik_encrypted.is_not_null())
        .select((requesters::id, requesters::nik_encrypted.assume_not_null()))
        .first(conn)
        .optional()
}
