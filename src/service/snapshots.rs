//! Frozen compliance figures (issue 7). When a year closes — on 31 March of the next year, the day its annual
//! report is due — the figures of every body and every KI jurisdiction for that year are stored as canonical JSON
//! (RFC 8785) with their SHA-256, which an auditor can cite. A stored snapshot never changes: a correction is a new
//! version naming the one it replaces and why.
//!
//! The digested document holds the figures, the method version and the calendar versions used, and nothing that
//! changes when the figures do not (no timestamps, no names): computing it again from an unchanged record gives the
//! same digest, and any changed figure gives another. When and by whom a version was made is kept beside it.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::models::compliance::SnapshotRow;
use crate::db::repo::bodies as body_repo;
use crate::db::repo::compliance as repo;
use crate::domain::compliance::Period;
use crate::domain::evidence::{canonical_json, sha256_hex};
use crate::service::ServiceError;
use crate::service::compliance::{self as figures, METHOD_VERSION};

/// What is frozen: one body (by slug) or one KI jurisdiction (by code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Body(String),
    Jurisdiction(String),
}

impl Scope {
    fn kind(&self) -> &'static str {
        match self {
            Scope::Body(_) => "body",
            Scope::Jurisdiction(_) => "jurisdiction",
        }
    }
}

/// The last year that has closed on `today`: year Y closes on 31 March of Y + 1.
pub fn last_closed_year(today: NaiveDate) -> i32 {
    let closing = NaiveDate::from_ymd_opt(today.year(), 3, 31).expect("31 March exists");
    if today >= closing { today.year() - 1 } else { today.year() - 2 }
}

/// The document of `scope` for `year` as the record stands on `today`, in canonical form; `None` when there is
/// no such body or KI. The row key (body id or KI code) comes with it.
pub fn document(
    conn: &mut DbConn,
    scope: &Scope,
    year: i32,
    today: NaiveDate,
) -> Result<Option<(String, String)>, ServiceError> {
    let period = Period::parse(&year.to_string())
        .ok_or_else(|| ServiceError::invalid("period", "compliance-error-period", "a year from 2000 to 2100"))?;
    let (key, bodies, scope_json, figures_json, trend) = match scope {
        Scope::Body(slug) => {
            let Some(body) = body_repo::body_by_slug(conn, slug)? else { return Ok(None) };
            let ids = vec![body.id.clone()];
            let summary = figures::summary(conn, &ids, None, period.from, period.to, today)?;
            let trend = figures::trend(conn, &ids, None, period.from, period.to)?;
            (
                body.id,
                ids,
                json!({ "kind": "body", "slug": body.slug }),
                serde_json::to_value(summary).expect("figures serialize"),
                trend,
            )
        }
        Scope::Jurisdiction(code) => {
            let Some(j) = figures::jurisdiction(conn, code, period.from, period.to, today)? else { return Ok(None) };
            let ids = j.body_ids.clone();
            let trend = figures::trend(conn, &ids, None, period.from, period.to)?;
            let bodies: Vec<Value> = j.bodies.iter().map(|b| json!({ "slug": b.slug, "figures": b.summary })).collect();
            let figures = json!({ "total": j.total, "bodies": bodies });
            (j.code.clone(), ids, json!({ "kind": "jurisdiction", "code": j.code }), figures, trend)
        }
    };
    let calendar_versions = repo::calendar_versions(conn, &bodies, period.from, period.to)?;
    let doc = json!({
        "format": "terbuka-compliance-snapshot",
        "scope": scope_json,
        "period": { "code": year.to_string(), "from": period.from, "to": period.to },
        "method_version": METHOD_VERSION,
        "calendar_versions": calendar_versions,
        "figures": figures_json,
        "trend": trend,
    });
    Ok(Some((key, canonical_json(&doc))))
}

/// A stored version, as shown and cited.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub version: i64,
    pub digest: String,
    pub frozen_at: DateTime<Utc>,
    /// Empty for the first version; why the figures were corrected for later ones.
    pub reason: String,
    pub supersedes: Option<i64>,
    pub document: String,
}

/// The versions of the snapshot of `scope` for `period`, oldest first (empty when not frozen).
pub fn versions(conn: &mut DbConn, scope: &Scope, period: &str) -> Result<Vec<Version>, ServiceError> {
    let Some(key) = key_of(conn, scope)? else { return Ok(Vec::new()) };
    let rows = repo::snapshots(conn, scope.kind(), &key, period)?;
    Ok(rows
        .iter()
        .map(|r| Version {
            version: r.version,
            digest: r.digest.clone(),
            frozen_at: r.frozen_at.and_utc(),
            reason: r.reason.clone(),
            supersedes: r.supersedes.as_ref().and_then(|id| rows.iter().find(|p| &p.id == id)).map(|p| p.version),
            document: r.document.clone(),
        })
        .collect())
}

/// The periods of `scope` that have been frozen, newest first.
pub fn periods(conn: &mut DbConn, scope: &Scope) -> Result<Vec<String>, ServiceError> {
    let Some(key) = key_of(conn, scope)? else { return Ok(Vec::new()) };
    Ok(repo::snapshot_periods(conn, scope.kind(), &key)?)
}

fn key_of(conn: &mut DbConn, scope: &Scope) -> Result<Option<String>, ServiceError> {
    Ok(match scope {
        Scope::Body(slug) => body_repo::body_by_slug(conn, slug)?.map(|b| b.id),
        Scope::Jurisdiction(code) => body_repo::jurisdiction_by_code(conn, code)?.map(|k| k.code),
    })
}

/// A version to store.
struct NewVersion<'a> {
    scope: &'a Scope,
    key: String,
    year: i32,
    document: String,
    previous: Option<&'a SnapshotRow>,
    reason: &'a str,
    actor: Option<&'a str>,
}

fn store(conn: &mut DbConn, v: NewVersion<'_>, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    let NewVersion { scope, key, year, document, previous, reason, actor } = v;
    let row = SnapshotRow {
        id: uuid::Uuid::now_v7().to_string(),
        scope_kind: scope.kind().to_owned(),
        scope: key,
        period: year.to_string(),
        version: previous.map_or(1, |p| p.version + 1),
        supersedes: previous.map(|p| p.id.clone()),
        reason: reason.to_owned(),
        digest: sha256_hex(&document),
        document,
        frozen_by: actor.map(str::to_owned),
        frozen_at: now.naive_utc(),
    };
    Ok(repo::insert_snapshot(conn, &row)?)
}

/// Freezes the first version of every body's and every jurisdiction's figures for each closed year that has none,
/// from the year of the first request (or the year the body was created) up to the last closed year. Idempotent,
/// and safe on several instances at once (a version is stored once). Returns how many were frozen.
pub fn freeze_due(conn: &mut DbConn, today: NaiveDate, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    let last = last_closed_year(today);
    let mut frozen = 0;
    let mut scopes = Vec::new();
    for body in body_repo::bodies(conn)? {
        let first = repo::first_received(conn, std::slice::from_ref(&body.id))?
            .map_or(body.created_at.year(), |d| d.year().min(body.created_at.year()));
        scopes.push((Scope::Body(body.slug), first));
    }
    let first_of_all = scopes.iter().map(|(_, y)| *y).min();
    if let Some(first) = first_of_all {
        for ki in body_repo::jurisdictions(conn)? {
            scopes.push((Scope::Jurisdiction(ki.code), first));
        }
    }
    for (scope, first) in scopes {
        for year in first.max(2000)..=last {
            let Some(key) = key_of(conn, &scope)? else { continue };
            if !repo::snapshots(conn, scope.kind(), &key, &year.to_string())?.is_empty() {
                continue;
            }
            let Some((key, document)) = document(conn, &scope, year, today)? else { continue };
            let v = NewVersion { scope: &scope, key, year, document, previous: None, reason: "", actor: None };
            if crate::db::write_tx(conn, |conn| store(conn, v, now))? {
                frozen += 1;
            }
        }
    }
    Ok(frozen)
}

/// Stores a new version of the frozen figures of `scope` for `year` when the record has changed since the last
/// one, with the reason given; refused when the year is not frozen yet, when no reason is given, or when the
/// figures are the same (the digest would not change). Returns the new version.
pub fn correct(
    conn: &mut DbConn,
    scope: &Scope,
    year: i32,
    reason: &str,
    actor: Option<&str>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Version, ServiceError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::invalid("reason", "snapshot-error-reason", "say why the figures are corrected"));
    }
    let Some(key) = key_of(conn, scope)? else {
        return Err(ServiceError::NotFound { what: "body or jurisdiction", key: format!("{scope:?}") });
    };
    let rows = repo::snapshots(conn, scope.kind(), &key, &year.to_string())?;
    let Some(latest) = rows.last() else {
        return Err(ServiceError::Refused {
            code: "snapshot-error-not-frozen",
            field: None,
            message: format!("the figures for {year} are not frozen yet"),
        });
    };
    let (_, document) = document(conn, scope, year, today)?.expect("the scope exists");
    if sha256_hex(&document) == latest.digest {
        return Err(ServiceError::Refused {
            code: "snapshot-error-unchanged",
            field: None,
            message: format!("the figures for {year} are the same as in version {}", latest.version),
        });
    }
    let v = NewVersion { scope, key, year, document, previous: Some(latest), reason, actor };
    if !crate::db::write_tx(conn, |conn| store(conn, v, now))? {
        return Err(ServiceError::Conflict { what: "the snapshot", current: latest.version + 1 });
    }
    let versions = versions(conn, scope, &year.to_string())?;
    Ok(versions.last().cloned().expect("the version just stored"))
}
