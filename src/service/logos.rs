//! A body's letterhead logo: kept after `domain::logo::check`, replaced whole, removed; read for letters, reports
//! and its public address.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::db::models::bodies::LogoRow;
use crate::db::repo::bodies as repo;
use crate::db::{DbConn, write_tx};
use crate::domain::body::FieldProblem;
use crate::domain::logo::{LogoInfo, check};
use crate::service::ServiceError;

fn body_id(conn: &mut DbConn, slug: &str) -> Result<String, ServiceError> {
    repo::body_by_slug(conn, slug)?
        .map(|b| b.id)
        .ok_or_else(|| ServiceError::NotFound { what: "public body", key: slug.to_owned() })
}

/// Keeps `bytes` as the body's logo, replacing any before it; a file that cannot be a logo changes nothing.
pub fn set_logo(conn: &mut DbConn, slug: &str, bytes: Vec<u8>, now: DateTime<Utc>) -> Result<LogoInfo, ServiceError> {
    let info =
        check(&bytes).map_err(|p| ServiceError::Invalid(vec![FieldProblem::new("logo", p.code(), "not a logo")]))?;
    let body_id = body_id(conn, slug)?;
    let row = LogoRow {
        body_id,
        content_type: info.format.content_type().to_owned(),
        width: info.width as i32,
        height: info.height as i32,
        components: i32::from(info.components),
        sha256: hex::encode(Sha256::digest(&bytes)),
        data: bytes,
        updated_at: now.naive_utc(),
    };
    write_tx(conn, |conn| repo::put_logo(conn, &row))?;
    Ok(info)
}

/// Removes the body's logo; `false` when it had none.
pub fn remove_logo(conn: &mut DbConn, slug: &str) -> Result<bool, ServiceError> {
    let body_id = body_id(conn, slug)?;
    Ok(repo::delete_logo(conn, &body_id)?)
}

/// The logo of the body with this slug, if it has one.
pub fn logo_of(conn: &mut DbConn, slug: &str) -> Result<Option<LogoRow>, ServiceError> {
    let body_id = body_id(conn, slug)?;
    Ok(repo::logo(conn, &body_id)?)
}

/// The logo of the body with this id, if it has one.
pub fn logo_of_body(conn: &mut DbConn, body_id: &str) -> Result<Option<LogoRow>, ServiceError> {
    Ok(repo::logo(conn, body_id)?)
}
