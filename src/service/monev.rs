//! The monev band a Komisi Informasi gave each body per year (domain.md §7), recorded by the KI's auditors for
//! the bodies in their jurisdiction and shown publicly beside the body's request-handling figures. A correction is
//! the next version; earlier versions are kept.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::db::DbConn;
use crate::db::models::accounts::UserRow;
use crate::db::models::bodies::BodyRow;
use crate::db::models::reports::MonevRow;
use crate::db::repo::bodies as body_repo;
use crate::db::repo::reports as repo;
use crate::domain::account::Role;
use crate::domain::body::FieldProblem;
use crate::domain::monev::{Band, parse_score};
use crate::service::ServiceError;

/// The longest reference and note, in characters.
pub const REFERENCE_MAX: usize = 300;
pub const NOTE_MAX: usize = 2000;

/// What the auditor typed.
#[derive(Debug, Clone, Default)]
pub struct MonevInput {
    pub body: String,
    pub year: String,
    /// A band code; may be empty when a score is given.
    pub band: String,
    /// "85,5"; may be empty.
    pub score: String,
    pub reference: String,
    pub note: String,
}

/// The standing result of one body for one year.
#[derive(Debug, Clone, Serialize)]
pub struct MonevResult {
    pub year: i32,
    pub version: i64,
    pub band: String,
    pub score_hundredths: Option<i64>,
    pub reference: String,
    pub note: String,
    pub recorded_at: DateTime<Utc>,
}

fn result_of(row: &MonevRow) -> MonevResult {
    MonevResult {
        year: i32::try_from(row.year).unwrap_or_default(),
        version: row.version,
        band: row.band.clone(),
        score_hundredths: row.score_hundredths,
        reference: row.reference.clone(),
        note: row.note.clone(),
        recorded_at: row.recorded_at.and_utc(),
    }
}

/// The latest result of each (body, year) of `bodies`: body id → year → result.
pub fn standing(
    conn: &mut DbConn,
    bodies: &[String],
) -> Result<BTreeMap<String, BTreeMap<i32, MonevResult>>, ServiceError> {
    let mut out: BTreeMap<String, BTreeMap<i32, MonevResult>> = BTreeMap::new();
    for row in repo::monev_of(conn, bodies)? {
        // Oldest version first: a later one replaces it.
        let r = result_of(&row);
        out.entry(row.body_id).or_default().insert(r.year, r);
    }
    Ok(out)
}

/// The results of one body, newest year first.
pub fn of_body(conn: &mut DbConn, body_id: &str) -> Result<Vec<MonevResult>, ServiceError> {
    let years = standing(conn, &[body_id.to_owned()])?.remove(body_id).unwrap_or_default();
    Ok(years.into_values().rev().collect())
}

/// The auditor's jurisdiction's bodies (competent on `today`), by name, with their result for `year` if any.
pub fn jurisdiction(
    conn: &mut DbConn,
    user: &UserRow,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<(BodyRow, Option<MonevResult>)>, ServiceError> {
    let ki = auditor_jurisdiction(user)?;
    let mut bodies = crate::service::compliance::bodies_of(conn, &ki, today)?;
    bodies.sort_by(|a, b| a.name.cmp(&b.name));
    let ids: Vec<String> = bodies.iter().map(|b| b.id.clone()).collect();
    let mut results = standing(conn, &ids)?;
    Ok(bodies
        .into_iter()
        .map(|b| {
            let r = results.get_mut(&b.id).and_then(|years| years.remove(&year));
            (b, r)
        })
        .collect())
}

fn auditor_jurisdiction(user: &UserRow) -> Result<String, ServiceError> {
    match (user.role, &user.jurisdiction_id) {
        (Role::KiAuditor, Some(ki)) => Ok(ki.clone()),
        _ => Err(ServiceError::Forbidden {
            why: "only a KI auditor records monev results, for the bodies of their jurisdiction",
        }),
    }
}

/// Records (or corrects) the result of a body in the auditor's jurisdiction; returns the version stored.
pub fn record(
    conn: &mut DbConn,
    user: &UserRow,
    input: &MonevInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let ki = auditor_jurisdiction(user)?;
    let mut problems = Vec::new();
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) if (2010..=today.year()).contains(&y) => Some(y),
        _ => {
            problems.push(FieldProblem::new("year", "monev-error-year", "a year from 2010 to this year"));
            None
        }
    };
    let score = match input.score.trim() {
        "" => None,
        s => match parse_score(s) {
            Some(v) => Some(v),
            None => {
                problems.push(FieldProblem::new("score", "monev-error-score", "a score from 0 to 100"));
                None
            }
        },
    };
    let band = match (input.band.trim(), score) {
        ("", Some(v)) => Some(Band::of_score(v)),
        ("", None) => {
            if problems.iter().all(|p| p.field != "score") {
                problems.push(FieldProblem::new("band", "monev-error-band-required", "a band or a score"));
            }
            None
        }
        (b, s) => match Band::parse(b) {
            Some(band) if s.is_none_or(|v| Band::of_score(v) == band) => Some(band),
            Some(_) => {
                problems.push(FieldProblem::new(
                    "band",
                    "monev-error-band-mismatch",
                    "the band does not match the score",
                ));
                None
            }
            None => {
                problems.push(FieldProblem::new("band", "monev-error-band", "not a monev band"));
                None
            }
        },
    };
    let (reference, note) = (input.reference.trim().to_owned(), input.note.trim().replace("\r\n", "\n"));
    if reference.chars().count() > REFERENCE_MAX {
        problems.push(FieldProblem::new("reference", "monev-error-reference", "too long"));
    }
    if note.chars().count() > NOTE_MAX {
        problems.push(FieldProblem::new("note", "monev-error-note", "too long"));
    }
    let body = body_repo::body_by_slug(conn, input.body.trim())?;
    let in_jurisdiction = match &body {
        Some(b) => body_repo::competent_ki(conn, &b.id, today)?.id == ki,
        None => false,
    };
    if !in_jurisdiction {
        problems.push(FieldProblem::new("body", "monev-error-body", "not a body of your jurisdiction"));
    }
    let (Some(year), Some(band), Some(body), true) = (year, band, body, problems.is_empty()) else {
        return Err(ServiceError::Invalid(problems));
    };
    crate::db::write_tx(conn, |conn| {
        let previous = repo::monev_of(conn, std::slice::from_ref(&body.id))?
            .into_iter()
            .filter(|r| r.year == i64::from(year))
            .max_by_key(|r| r.version);
        if let Some(p) = &previous
            && p.band == band.as_str()
            && p.score_hundredths == score
            && p.reference == reference
            && p.note == note
        {
            return Err(ServiceError::Refused {
                code: "monev_unchanged",
                field: None,
                message: format!("version {} already says this", p.version),
            });
        }
        let version = previous.map_or(1, |p| p.version + 1);
        let row = MonevRow {
            id: uuid::Uuid::now_v7().to_string(),
            body_id: body.id.clone(),
            year: i64::from(year),
            version,
            band: band.as_str().to_owned(),
            score_hundredths: score,
            reference: reference.clone(),
            note: note.clone(),
            recorded_by: Some(user.id.clone()),
            recorded_at: now.naive_utc(),
        };
        if !repo::insert_monev(conn, &row)? {
            return Err(ServiceError::Conflict { what: "the monev result", current: version });
        }
        Ok(version)
    })
}
