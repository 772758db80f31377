//! The annual service report (Laporan Layanan Informasi Publik; UU 14/2008 Art. 12, domain.md §6), due by
//! 31 March for the year before. Its figures come from the record — the same compliance summary as the public page,
//! with tables per unit, channel and applicant type — and its free-text parts (facilities, staff, budget,
//! obstacles, recommendations) are the PPID Utama's draft. Publishing stores the whole report as it stands, in
//! canonical JSON (RFC 8785) with its SHA-256, as the next version; a published version never changes, so what
//! the public and the KI read is what was published, even after the record or the draft moves on.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::db::DbConn;
use crate::db::models::accounts::UserRow;
use crate::db::models::bodies::BodyRow;
use crate::db::models::reports::{DraftRow, PublicationRow};
use crate::db::repo::bodies as body_repo;
use crate::db::repo::reports::{self as repo, Dimension};
use crate::domain::account::Role;
use crate::domain::compliance::Period;
use crate::domain::evidence::{canonical_json, sha256_hex};
use crate::service::ServiceError;
use crate::service::compliance::{self as figures, METHOD_VERSION, Summary};

/// The free-text parts, in the report's order.
pub const TEXT_FIELDS: [&str; 5] = ["facilities", "staff", "budget", "obstacles", "recommendations"];
/// The longest text a part may have, in characters (about ten printed pages).
pub const TEXT_MAX_CHARS: usize = 20_000;

/// The PPID's free-text parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts {
    pub facilities: String,
    pub staff: String,
    pub budget: String,
    pub obstacles: String,
    pub recommendations: String,
}

impl Texts {
    /// The parts with their field names, in the report's order.
    pub fn parts(&self) -> [(&'static str, &str); 5] {
        [
            ("facilities", &self.facilities),
            ("staff", &self.staff),
            ("budget", &self.budget),
            ("obstacles", &self.obstacles),
            ("recommendations", &self.recommendations),
        ]
    }

    /// From form fields named as in [`TEXT_FIELDS`]; a missing field is empty.
    pub fn from_fields(get: impl Fn(&str) -> Option<String>) -> Texts {
        let f = |name: &str| get(name).unwrap_or_default().replace("\r\n", "\n").trim().to_owned();
        Texts {
            facilities: f("facilities"),
            staff: f("staff"),
            budget: f("budget"),
            obstacles: f("obstacles"),
            recommendations: f("recommendations"),
        }
    }

    fn check(&self) -> Result<(), ServiceError> {
        let mut problems = Vec::new();
        for (field, text) in self.parts() {
            if text.chars().count() > TEXT_MAX_CHARS {
                problems.push(crate::domain::body::FieldProblem::new(
                    field,
                    "report-error-too-long",
                    format!("at most {TEXT_MAX_CHARS} characters"),
                ));
            }
            if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                problems.push(crate::domain::body::FieldProblem::new(
                    field,
                    "report-error-control",
                    "control characters are not allowed",
                ));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(problems)) }
    }
}

/// The body as the report's letterhead and signature show it (kept in the published document, so a later change
/// of the body's settings does not change a published report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportBody {
    pub slug: String,
    pub name: String,
    pub letterhead: String,
    pub ppid_address: String,
    pub ppid_phone: String,
    pub ppid_email: String,
    pub signatory_position: String,
    pub signatory_name: String,
    pub signatory_nip: String,
}

impl ReportBody {
    fn of(body: &BodyRow) -> ReportBody {
        ReportBody {
            slug: body.slug.clone(),
            name: body.name.clone(),
            letterhead: body.letterhead.clone(),
            ppid_address: body.ppid_address.clone(),
            ppid_phone: body.ppid_phone.clone(),
            ppid_email: body.ppid_email.clone(),
            signatory_position: body.ppid_signatory_position.clone(),
            signatory_name: body.ppid_signatory_name.clone(),
            signatory_nip: body.ppid_signatory_nip.clone(),
        }
    }
}

/// One row of a breakdown table: requests received under one unit, channel or applicant type, and how their
/// written notices stood against the deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The unit's name (empty: the body itself, PPID Utama), the channel's code, or the applicant type's code.
    pub key: String,
    pub received: i64,
    pub notices: i64,
    pub on_time: i64,
    pub on_time_with_extension: i64,
    pub late: i64,
    pub refused: i64,
}

/// The frozen compliance figures of the year, when they were frozen before the report was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenRef {
    pub version: i64,
    pub digest: String,
}

/// A whole report: what is published, and what the PPID previews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub format: String,
    pub body: ReportBody,
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day the figures were read (the open-and-overdue count depends on it).
    pub as_of: NaiveDate,
    pub method_version: u32,
    pub figures: Summary,
    pub by_unit: Vec<Row>,
    pub by_channel: Vec<Row>,
    pub by_applicant_type: Vec<Row>,
    pub frozen: Option<FrozenRef>,
    pub texts: Texts,
}

/// The rows of one breakdown, biggest first; units named, the body itself first.
fn breakdown(
    conn: &mut DbConn,
    body_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    dimension: Dimension,
) -> Result<Vec<Row>, ServiceError> {
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for (key, metric, total) in repo::sums_by(conn, body_id, from, to, dimension)? {
        let row = rows.entry(key.clone()).or_insert_with(|| Row { key, ..Row::default() });
        match metric.as_str() {
            "received" => row.received += total,
            "timely.on_time" => row.on_time += total,
            "timely.with_extension" => row.on_time_with_extension += total,
            "timely.late" => row.late += total,
            m if m.starts_with("outcome.") => {
                row.notices += total;
                if m == "outcome.refused_exempt" {
                    row.refused += total;
                }
            }
            _ => {}
        }
    }
    let mut rows: Vec<Row> = rows.into_values().filter(|r| r.received > 0 || r.notices > 0).collect();
    if dimension == Dimension::Unit {
        let names: BTreeMap<String, String> =
            body_repo::units_of(conn, body_id)?.into_iter().map(|u| (u.id, u.name)).collect();
        for row in &mut rows {
            row.key = names.get(&row.key).cloned().unwrap_or_default();
        }
        rows.sort_by(|a, b| (!a.key.is_empty()).cmp(&!b.key.is_empty()).then_with(|| a.key.cmp(&b.key)));
    } else {
        rows.sort_by(|a, b| b.received.cmp(&a.received).then_with(|| a.key.cmp(&b.key)));
    }
    Ok(rows)
}

/// The report of `body` for `year` with the figures as the record stands on `today` and the given texts.
pub fn compute(
    conn: &mut DbConn,
    body: &BodyRow,
    year: i32,
    texts: Texts,
    today: NaiveDate,
) -> Result<Report, ServiceError> {
    let period = Period::parse(&year.to_string())
        .ok_or_else(|| ServiceError::invalid("year", "report-error-year", "a year from 2000 to 2100"))?;
    let ids = vec![body.id.clone()];
    let summary = figures::summary(conn, &ids, None, period.from, period.to, today)?;
    let frozen = crate::db::repo::compliance::snapshots(conn, "body", &body.id, &year.to_string())?
        .pop()
        .map(|v| FrozenRef { version: v.version, digest: v.digest });
    Ok(Report {
        format: "terbuka-annual-report".into(),
        body: ReportBody::of(body),
        year,
        from: period.from,
        to: period.to,
        as_of: today,
        method_version: METHOD_VERSION,
        figures: summary,
        by_unit: breakdown(conn, &body.id, period.from, period.to, Dimension::Unit)?,
        by_channel: breakdown(conn, &body.id, period.from, period.to, Dimension::Channel)?,
        by_applicant_type: breakdown(conn, &body.id, period.from, period.to, Dimension::ApplicantType)?,
        frozen,
        texts,
    })
}

/// A published version, as listed and shown.
#[derive(Debug, Clone)]
pub struct Publication {
    pub version: i64,
    pub digest: String,
    pub published_at: DateTime<Utc>,
    pub report: Report,
    /// The exact bytes the digest is of.
    pub document: String,
}

fn publication(row: PublicationRow) -> Result<Publication, ServiceError> {
    let report: Report = serde_json::from_str(&row.document)
        .map_err(|e| ServiceError::Db(crate::db::DbError::Unavailable(format!("stored report {}: {e}", row.id))))?;
    Ok(Publication {
        version: row.version,
        digest: row.digest,
        published_at: row.published_at.and_utc(),
        report,
        document: row.document,
    })
}

/// What an officer sees of one year's report: the draft texts, the figures now, and what was published.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub body: BodyRow,
    pub year: i32,
    pub preview: Report,
    pub saved_at: Option<DateTime<Utc>>,
    pub publications: Vec<Publication>,
    /// Whether this person may change and publish it (the body's PPID Utama).
    pub editable: bool,
    /// Whether the year has ended (a report is published only after).
    pub year_ended: bool,
}

/// The body whose report `user` works on: their own (PPID Utama, PPID Pelaksana, atasan).
fn body_of(conn: &mut DbConn, user: &UserRow) -> Result<BodyRow, ServiceError> {
    match (&user.body_id, user.role) {
        (Some(id), Role::PpidUtama | Role::PpidPelaksana | Role::AtasanPpid) => Ok(body_repo::body_by_id(conn, id)?),
        _ => Err(ServiceError::Forbidden { why: "only the officers of a public body have its annual report" }),
    }
}

fn may_edit(user: &UserRow) -> bool {
    user.role == Role::PpidUtama
}

/// The year's report for `user`'s body.
pub fn workspace(conn: &mut DbConn, user: &UserRow, year: i32, today: NaiveDate) -> Result<Workspace, ServiceError> {
    let body = body_of(conn, user)?;
    let draft = repo::draft(conn, &body.id, i64::from(year))?;
    let texts = draft.as_ref().map(texts_of).unwrap_or_default();
    let preview = compute(conn, &body, year, texts, today)?;
    let publications =
        repo::publications(conn, &body.id, i64::from(year))?.into_iter().map(publication).collect::<Result<_, _>>()?;
    Ok(Workspace {
        saved_at: draft.map(|d| d.updated_at.and_utc()),
        editable: may_edit(user),
        year_ended: year < today.year(),
        body,
        year,
        preview,
        publications,
    })
}

fn texts_of(d: &DraftRow) -> Texts {
    Texts {
        facilities: d.facilities.clone(),
        staff: d.staff.clone(),
        budget: d.budget.clone(),
        obstacles: d.obstacles.clone(),
        recommendations: d.recommendations.clone(),
    }
}

/// One year in the officer's list of reports.
#[derive(Debug, Clone, Serialize)]
pub struct YearStatus {
    pub year: i32,
    /// The latest published version, if any.
    pub published: Option<i64>,
    pub draft_saved: bool,
    /// 31 March of the next year.
    pub due: NaiveDate,
}

/// The years of `user`'s body that have or should have a report, newest first: from the year of its first request
/// (or the year it was created) to the current year.
pub fn years(conn: &mut DbConn, user: &UserRow, today: NaiveDate) -> Result<(BodyRow, Vec<YearStatus>), ServiceError> {
    let body = body_of(conn, user)?;
    let first = crate::db::repo::compliance::first_received(conn, std::slice::from_ref(&body.id))?
        .map_or(body.created_at.year(), |d| d.year().min(body.created_at.year()))
        .max(2000);
    let published: BTreeMap<i64, i64> = repo::published_years(conn, &body.id)?.into_iter().collect();
    let drafts = repo::draft_years(conn, &body.id)?;
    let out = (first..=today.year())
        .rev()
        .map(|year| YearStatus {
            year,
            published: published.get(&i64::from(year)).copied(),
            draft_saved: drafts.contains(&i64::from(year)),
            due: crate::domain::annual_report::due_date(year),
        })
        .collect();
    Ok((body, out))
}

/// Saves the draft texts of `user`'s body's report for `year` (the PPID Utama only).
pub fn save(
    conn: &mut DbConn,
    user: &UserRow,
    year: i32,
    texts: &Texts,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let body = body_of(conn, user)?;
    store_draft(conn, &body, user, year, texts, now)
}

/// Stores the draft texts of `body`'s report for `year`, checked, as written by `user` (its PPID Utama only).
fn store_draft(
    conn: &mut DbConn,
    body: &BodyRow,
    user: &UserRow,
    year: i32,
    texts: &Texts,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if !may_edit(user) {
        return Err(ServiceError::Forbidden { why: "only the PPID Utama writes the annual report" });
    }
    if Period::parse(&year.to_string()).is_none() {
        return Err(ServiceError::invalid("year", "report-error-year", "a year from 2000 to 2100"));
    }
    texts.check()?;
    let row = DraftRow {
        body_id: body.id.clone(),
        year: i64::from(year),
        facilities: texts.facilities.clone(),
        staff: texts.staff.clone(),
        budget: texts.budget.clone(),
        obstacles: texts.obstacles.clone(),
        recommendations: texts.recommendations.clone(),
        updated_by: Some(user.id.clone()),
        updated_at: now.naive_utc(),
    };
    crate::db::write_tx(conn, |conn| Ok::<_, ServiceError>(repo::save_draft(conn, &row)?))
}

/// Saves the texts and publishes the report of `user`'s body for `year` as the next version: the figures as the
/// record stands on `today`. Refused before the year has ended and when nothing changed since the last version.
/// Returns the version published.
pub fn publish(
    conn: &mut DbConn,
    user: &UserRow,
    year: i32,
    texts: &Texts,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    if year >= today.year() {
        return Err(ServiceError::Refused {
            code: "report_year_open",
            field: None,
            message: format!("the year {year} has not ended; its report is published from 1 January {}", year + 1),
        });
    }
    let body = body_of(conn, user)?;
    store_draft(conn, &body, user, year, texts, now)?;
    crate::db::write_tx(conn, |conn| {
        let report = compute(conn, &body, year, texts.clone(), today)?;
        let previous = repo::publications(conn, &body.id, i64::from(year))?.pop();
        // The day the figures were read is not a change in itself.
        if let Some(p) = &previous {
            let before: Report = publication(p.clone())?.report;
            if (Report { as_of: report.as_of, ..before }) == report {
                return Err(ServiceError::Refused {
                    code: "report_unchanged",
                    field: None,
                    message: format!("nothing changed since version {}", p.version),
                });
            }
        }
        let document =
            canonical_json(&serde_json::to_value(&report).map_err(|e| {
                ServiceError::Db(crate::db::DbError::Unavailable(format!("report serialisation: {e}")))
            })?);
        let version = previous.map_or(1, |p| p.version + 1);
        let row = PublicationRow {
            id: uuid::Uuid::now_v7().to_string(),
            body_id: body.id.clone(),
            year: i64::from(year),
            version,
            digest: sha256_hex(&document),
            document,
            published_by: Some(user.id.clone()),
            published_at: now.naive_utc(),
        };
        if !repo::insert_publication(conn, &row)? {
            return Err(ServiceError::Conflict { what: "the annual report", current: version });
        }
        Ok(version)
    })
}

/// What the public sees of a body's report for a year: every published version, oldest first (empty: none).
pub fn published(
    conn: &mut DbConn,
    slug: &str,
    year: i32,
) -> Result<Option<(BodyRow, Vec<Publication>)>, ServiceError> {
    let Some(body) = body_repo::body_by_slug(conn, slug)? else { return Ok(None) };
    let versions =
        repo::publications(conn, &body.id, i64::from(year))?.into_iter().map(publication).collect::<Result<_, _>>()?;
    Ok(Some((body, versions)))
}

/// The years of a body with a published report and the latest version of each, newest first.
pub fn published_years(conn: &mut DbConn, body_id: &str) -> Result<Vec<(i32, i64)>, ServiceError> {
    Ok(repo::published_years(conn, body_id)?
        .into_iter()
        .filter_map(|(y, v)| i32::try_from(y).ok().map(|y| (y, v)))
        .collect())
}
