//! Managing KI jurisdictions, public bodies (with their competent KI over time) and units. The admin CLI uses
//! these now, the admin pages later: the same validation either way.

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::models::bodies::{AssignmentRow, BodyRow, JurisdictionRow, UnitRow};
use crate::db::repo::bodies as repo;
use crate::db::{DbConn, write_tx};
use crate::domain::body::{
    BodyLevel, DEFAULT_OBJECTION_NUMBER_FORMAT, DEFAULT_REQUEST_NUMBER_FORMAT, FieldProblem, JurisdictionLevel,
    NumberFormat, parse_email, parse_letter_text, parse_name, parse_nip, parse_phone, parse_slug, parse_time_zone,
};
use crate::service::{Problems, ServiceError};

/// UU 14/2008 came into force on 30 April 2010: the default start of a body's first KI assignment.
pub fn uu_kip_in_force() -> NaiveDate {
    NaiveDate::from_ymd_opt(2010, 4, 30).expect("valid date")
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn level<T>(field: &'static str, s: &str, parse: fn(&str) -> Option<T>, choices: String) -> Result<T, FieldProblem> {
    parse(s.trim()).ok_or_else(|| FieldProblem::new(field, "invalid_choice", format!("expected one of {choices}")))
}

fn check_version(what: &'static str, current: i64, expected: Option<i64>) -> Result<(), ServiceError> {
    match expected {
        Some(v) if v != current => Err(ServiceError::Conflict { what, current }),
        _ => Ok(()),
    }
}

/// Where a KI level stands: the central KI above the provincial ones, those above the regency/city ones.
fn rank(level: &str) -> Option<u8> {
    match JurisdictionLevel::parse(level)? {
        JurisdictionLevel::Pusat => Some(0),
        JurisdictionLevel::Provinsi => Some(1),
        JurisdictionLevel::KabupatenKota => Some(2),
    }
}

/// The KI above one must stand above it: none above the central KI, a provincial KI (or the central one) above a
/// regency/city KI.
fn check_parent(level: &str, parent: Option<&JurisdictionRow>, p: &mut Problems) {
    let (Some(own), Some(parent)) = (rank(level), parent) else { return };
    if rank(&parent.level).is_none_or(|above| above >= own) {
        p.push(FieldProblem::new(
            "parent",
            "not_above",
            format!("`{}` ({}) is not above a {level} KI", parent.code, parent.level),
        ));
    }
}

#[derive(Debug, Clone, Default)]
pub struct JurisdictionInput {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
    pub contact: KiContact,
}

/// Where and how a requester files a dispute with a KI. Every part is optional; an email must look like one and
/// the website and online form must be `http(s)://` addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KiContact {
    pub address: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub dispute_form_url: String,
}

impl KiContact {
    /// The contact trimmed, or the problems with it (each under its field).
    fn checked(&self, p: &mut Problems) -> KiContact {
        let c = KiContact {
            address: self.address.trim().chars().take(500).collect(),
            email: self.email.trim().to_owned(),
            phone: self.phone.trim().chars().take(100).collect(),
            website: self.website.trim().to_owned(),
            dispute_form_url: self.dispute_form_url.trim().to_owned(),
        };
        if !c.email.is_empty()
            && let Err(problem) = crate::domain::body::parse_email("email", &c.email)
        {
            p.push(problem);
        }
        for (field, url) in [("website", &c.website), ("dispute_form_url", &c.dispute_form_url)] {
            let ok = url.starts_with("https://") || url.starts_with("http://");
            if !url.is_empty() && (!ok || url.len() > 500 || url.chars().any(char::is_whitespace)) {
                p.push(FieldProblem::new(field, "invalid_url", "expected an address starting with https://"));
            }
        }
        c
    }

    fn apply(self, row: &mut JurisdictionRow) {
        row.address = self.address;
        row.email = self.email;
        row.phone = self.phone;
        row.website = self.website;
        row.dispute_form_url = self.dispute_form_url;
    }
}

pub fn create_jurisdiction(
    conn: &mut DbConn,
    input: &JurisdictionInput,
    now: DateTime<Utc>,
) -> Result<JurisdictionRow, ServiceError> {
    write_tx(conn, |conn| {
        let mut p = Problems::default();
        let code = p.take(parse_slug("code", &input.code));
        let name = p.take(parse_name("name", &input.name));
        let lvl = p.take(level("level", &input.level, JurisdictionLevel::parse, JurisdictionLevel::choices()));
        let parent_id = match input.parent.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(code) => match repo::jurisdiction_by_code(conn, code)? {
                Some(j) => {
                    check_parent(input.level.trim(), Some(&j), &mut p);
                    Some(j.id)
                }
                None => {
                    p.push(FieldProblem::new("parent", "not_found", format!("there is no jurisdiction `{code}`")));
                    None
                }
            },
        };
        if let Some(c) = &code
            && repo::jurisdiction_by_code(conn, c.as_str())?.is_some()
        {
            p.push(FieldProblem::new("code", "taken", format!("a jurisdiction `{c}` already exists")));
        }
        let contact = input.contact.checked(&mut p);
        p.finish()?;
        let mut row = JurisdictionRow {
            id: new_id(),
            code: code.expect("checked").to_string(),
            name: name.expect("checked"),
            level: lvl.expect("checked").as_str().to_owned(),
            parent_id,
            version: 1,
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
            address: String::new(),
            email: String::new(),
            phone: String::new(),
            website: String::new(),
            dispute_form_url: String::new(),
        };
        contact.apply(&mut row);
        repo::insert_jurisdiction(conn, &row)?;
        Ok(row)
    })
}

#[derive(Debug, Clone, Default)]
pub struct JurisdictionChanges {
    pub name: Option<String>,
    pub level: Option<String>,
    /// `Some("")` removes the parent.
    pub parent: Option<String>,
    /// The whole contact, when it changes.
    pub contact: Option<KiContact>,
}

/// A KI's contact as stored.
pub fn contact_of(row: &JurisdictionRow) -> KiContact {
    KiContact {
        address: row.address.clone(),
        email: row.email.clone(),
        phone: row.phone.clone(),
        website: row.website.clone(),
        dispute_form_url: row.dispute_form_url.clone(),
    }
}

pub fn update_jurisdiction(
    conn: &mut DbConn,
    code: &str,
    changes: &JurisdictionChanges,
    expected_version: Option<i64>,
    now: DateTime<Utc>,
) -> Result<JurisdictionRow, ServiceError> {
    write_tx(conn, |conn| {
        let mut row = repo::jurisdiction_by_code(conn, code)?
            .ok_or_else(|| ServiceError::NotFound { what: "jurisdiction", key: code.to_owned() })?;
        check_version("the jurisdiction", row.version, expected_version)?;
        let mut p = Problems::default();
        if let Some(n) = &changes.name {
            row.name = p.take(parse_name("name", n)).unwrap_or_default();
        }
        if let Some(l) = &changes.level {
            row.level = p
                .take(level("level", l, JurisdictionLevel::parse, JurisdictionLevel::choices()))
                .map(|l| l.as_str().to_owned())
                .unwrap_or_default();
        }
        if let Some(parent) = changes.parent.as_deref().map(str::trim) {
            row.parent_id = if parent.is_empty() {
                None
            } else if parent == row.code {
                p.push(FieldProblem::new("parent", "invalid_parent", "a jurisdiction cannot be its own parent"));
                None
            } else {
                match repo::jurisdiction_by_code(conn, parent)? {
                    Some(j) => Some(j.id),
                    None => {
                        p.push(FieldProblem::new(
                            "parent",
                            "not_found",
                            format!("there is no jurisdiction `{parent}`"),
                        ));
                        None
                    }
                }
            };
        }
        if let Some(parent_id) = &row.parent_id {
            let parent = repo::jurisdiction_by_id(conn, parent_id)?;
            check_parent(&row.level, Some(&parent), &mut p);
        }
        let contact = changes.contact.as_ref().map(|c| c.checked(&mut p));
        p.finish()?;
        if let Some(c) = contact {
            c.apply(&mut row);
        }
        row.version += 1;
        row.updated_at = now.naive_utc();
        if !repo::update_jurisdiction(conn, &row)? {
            return Err(ServiceError::Conflict { what: "the jurisdiction", current: row.version });
        }
        Ok(row)
    })
}

#[derive(Debug, Clone, Default)]
pub struct BodyInput {
    pub slug: String,
    pub name: String,
    pub level: String,
    pub time_zone: String,
    pub ki: String,
    /// Default: 30 April 2010, when UU 14/2008 came into force.
    pub ki_from: Option<NaiveDate>,
    pub ppid_email: String,
    pub ppid_phone: String,
    pub ppid_address: String,
    pub request_number_format: Option<String>,
    pub objection_number_format: Option<String>,
    /// What the body's letters carry (all optional; see [`LetterSettings`]).
    pub letters: LetterSettings,
    /// Made by `terbuka demo` (never set by the administration pages or commands).
    pub demo: bool,
}

/// The letterhead, the outgoing letter number format and the signatories of a body's letters. `None` leaves a
/// setting as it is (at creation: empty, or the default number format).
#[derive(Debug, Clone, Default)]
pub struct LetterSettings {
    /// Lines separated by newlines (or " | " on the command line).
    pub letterhead: Option<String>,
    pub letter_number_format: Option<String>,
    pub ppid_signatory_name: Option<String>,
    pub ppid_signatory_nip: Option<String>,
    pub ppid_signatory_position: Option<String>,
    pub atasan_signatory_nip: Option<String>,
    /// The place on the place-and-date line ("Sukamaju").
    pub letter_place: Option<String>,
}

/// Applies the given letter settings to a body row, recording problems.
fn apply_letter_settings(row: &mut BodyRow, l: &LetterSettings, p: &mut Problems) {
    let mut set = |target: &mut String, value: Option<Result<String, FieldProblem>>| {
        if let Some(v) = value.and_then(|r| p.take(r)) {
            *target = v;
        }
    };
    set(
        &mut row.letterhead,
        l.letterhead.as_deref().map(|v| {
            let lines: Vec<&str> = v.split(['\n', '|']).map(str::trim).filter(|s| !s.is_empty()).collect();
            parse_letter_text("letterhead", &lines.join("\n"), 500)
        }),
    );
    set(
        &mut row.letter_number_format,
        l.letter_number_format
            .as_deref()
            .map(|v| NumberFormat::parse("letter_number_format", v).map(|f| f.as_str().to_owned())),
    );
    set(
        &mut row.ppid_signatory_name,
        l.ppid_signatory_name.as_deref().map(|v| parse_letter_text("ppid_signatory_name", v, 200)),
    );
    set(&mut row.ppid_signatory_nip, l.ppid_signatory_nip.as_deref().map(|v| parse_nip("ppid_signatory_nip", v)));
    set(
        &mut row.ppid_signatory_position,
        l.ppid_signatory_position.as_deref().map(|v| parse_letter_text("ppid_signatory_position", v, 200)),
    );
    set(&mut row.atasan_signatory_nip, l.atasan_signatory_nip.as_deref().map(|v| parse_nip("atasan_signatory_nip", v)));
    set(&mut row.letter_place, l.letter_place.as_deref().map(|v| parse_letter_text("letter_place", v, 100)));
}

/// A body with its current competent KI.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BodyView {
    pub body: BodyRow,
    pub ki: JurisdictionRow,
    pub ki_from: NaiveDate,
}

pub fn create_body(conn: &mut DbConn, input: &BodyInput, now: DateTime<Utc>) -> Result<BodyView, ServiceError> {
    write_tx(conn, |conn| {
        let mut p = Problems::default();
        let slug = p.take(parse_slug("slug", &input.slug));
        let name = p.take(parse_name("name", &input.name));
        let lvl = p.take(level("level", &input.level, BodyLevel::parse, BodyLevel::choices()));
        let zone = p.take(parse_time_zone("time_zone", &input.time_zone));
        let email = p.take(parse_email("ppid_email", &input.ppid_email));
        let phone = p.take(parse_phone("ppid_phone", &input.ppid_phone));
        let address = p.take(parse_name("ppid_address", &input.ppid_address));
        let request_format = p.take(NumberFormat::parse(
            "request_number_format",
            input.request_number_format.as_deref().unwrap_or(DEFAULT_REQUEST_NUMBER_FORMAT),
        ));
        let objection_format = p.take(NumberFormat::parse(
            "objection_number_format",
            input.objection_number_format.as_deref().unwrap_or(DEFAULT_OBJECTION_NUMBER_FORMAT),
        ));
        let ki = repo::jurisdiction_by_code(conn, input.ki.trim())?;
        if ki.is_none() {
            p.push(FieldProblem::new(
                "ki",
                "not_found",
                format!("there is no jurisdiction `{}`; create it first", input.ki.trim()),
            ));
        }
        if let Some(s) = &slug
            && repo::body_by_slug(conn, s.as_str())?.is_some()
        {
            p.push(FieldProblem::new("slug", "taken", format!("a body `{s}` already exists")));
        }
        // The letter settings are checked with the rest: every problem is reported at once.
        let mut letters_probe = BodyRow::letters_default();
        apply_letter_settings(&mut letters_probe, &input.letters, &mut p);
        p.finish()?;
        let (ki, ki_from) = (ki.expect("checked"), input.ki_from.unwrap_or_else(uu_kip_in_force));
        let body = BodyRow {
            id: new_id(),
            slug: slug.expect("checked").to_string(),
            name: name.expect("checked"),
            level: lvl.expect("checked").as_str().to_owned(),
            time_zone: zone.expect("checked").name().to_owned(),
            ppid_email: email.expect("checked"),
            ppid_phone: phone.expect("checked"),
            ppid_address: address.expect("checked"),
            request_number_format: request_format.expect("checked").as_str().to_owned(),
            objection_number_format: objection_format.expect("checked").as_str().to_owned(),
            version: 1,
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
            demo: input.demo,
            ..letters_probe
        };
        repo::insert_body(conn, &body)?;
        repo::insert_assignment(
            conn,
            &AssignmentRow {
                id: new_id(),
                body_id: body.id.clone(),
                jurisdiction_id: ki.id.clone(),
                applies_from: ki_from,
                created_at: now.naive_utc(),
            },
        )?;
        Ok(BodyView { body, ki, ki_from })
    })
}

#[derive(Debug, Clone, Default)]
pub struct BodyChanges {
    pub name: Option<String>,
    pub level: Option<String>,
    pub time_zone: Option<String>,
    pub ppid_email: Option<String>,
    pub ppid_phone: Option<String>,
    pub ppid_address: Option<String>,
    pub request_number_format: Option<String>,
    pub objection_number_format: Option<String>,
    /// A new competent KI and the date from which it applies.
    pub ki: Option<(String, NaiveDate)>,
    pub letters: LetterSettings,
}

pub fn update_body(
    conn: &mut DbConn,
    slug: &str,
    changes: &BodyChanges,
    expected_version: Option<i64>,
    now: DateTime<Utc>,
) -> Result<BodyView, ServiceError> {
    write_tx(conn, |conn| {
        let mut row = repo::body_by_slug(conn, slug)?
            .ok_or_else(|| ServiceError::NotFound { what: "public body", key: slug.to_owned() })?;
        check_version("the public body", row.version, expected_version)?;
        let mut p = Problems::default();
        let set = |target: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *target = v;
            }
        };
        set(&mut row.name, changes.name.as_deref().and_then(|v| p.take(parse_name("name", v))));
        set(
            &mut row.level,
            changes
                .level
                .as_deref()
                .and_then(|v| p.take(level("level", v, BodyLevel::parse, BodyLevel::choices())))
                .map(|l| l.as_str().to_owned()),
        );
        set(
            &mut row.time_zone,
            changes
                .time_zone
                .as_deref()
                .and_then(|v| p.take(parse_time_zone("time_zone", v)))
                .map(|z| z.name().to_owned()),
        );
        set(&mut row.ppid_email, changes.ppid_email.as_deref().and_then(|v| p.take(parse_email("ppid_email", v))));
        set(&mut row.ppid_phone, changes.ppid_phone.as_deref().and_then(|v| p.take(parse_phone("ppid_phone", v))));
        set(&mut row.ppid_address, changes.ppid_address.as_deref().and_then(|v| p.take(parse_name("ppid_address", v))));
        set(
            &mut row.request_number_format,
            changes
                .request_number_format
                .as_deref()
                .and_then(|v| p.take(NumberFormat::parse("request_number_format", v)))
                .map(|f| f.as_str().to_owned()),
        );
        set(
            &mut row.objection_number_format,
            changes
                .objection_number_format
                .as_deref()
                .and_then(|v| p.take(NumberFormat::parse("objection_number_format", v)))
                .map(|f| f.as_str().to_owned()),
        );
        apply_letter_settings(&mut row, &changes.letters, &mut p);
        let new_ki = match &changes.ki {
            None => None,
            Some((code, from)) => match repo::jurisdiction_by_code(conn, code.trim())? {
                None => {
                    p.push(FieldProblem::new("ki", "not_found", format!("there is no jurisdiction `{}`", code.trim())));
                    None
                }
                Some(j) => {
                    if repo::assignments(conn, &row.id)?.iter().any(|a| a.applies_from >= *from) {
                        p.push(FieldProblem::new(
                            "ki_from",
                            "not_after_current",
                            "a new competent KI must apply from a date after the current assignment's",
                        ));
                    }
                    Some((j, *from))
                }
            },
        };
        p.finish()?;
        row.version += 1;
        row.updated_at = now.naive_utc();
        if !repo::update_body(conn, &row)? {
            return Err(ServiceError::Conflict { what: "the public body", current: row.version });
        }
        if let Some((j, from)) = new_ki {
            repo::insert_assignment(
                conn,
                &AssignmentRow {
                    id: new_id(),
                    body_id: row.id.clone(),
                    jurisdiction_id: j.id,
                    applies_from: from,
                    created_at: now.naive_utc(),
                },
            )?;
        }
        body_view(conn, row, now.date_naive())
    })
}

fn body_view(conn: &mut DbConn, body: BodyRow, on: NaiveDate) -> Result<BodyView, ServiceError> {
    let assignments = repo::assignments(conn, &body.id)?;
    let current = assignments
        .iter()
        .rev()
        .find(|a| a.applies_from <= on)
        .or(assignments.last())
        .ok_or(diesel::result::Error::NotFound)?;
    let ki = repo::jurisdiction_by_id(conn, &current.jurisdiction_id)?;
    Ok(BodyView { ki_from: current.applies_from, body, ki })
}

/// A body's competent KIs over time: each assignment (oldest first) with its KI.
pub fn assignments_of(conn: &mut DbConn, body_id: &str) -> Result<Vec<(AssignmentRow, JurisdictionRow)>, ServiceError> {
    let mut out = Vec::new();
    for a in repo::assignments(conn, body_id)? {
        let ki = repo::jurisdiction_by_id(conn, &a.jurisdiction_id)?;
        out.push((a, ki));
    }
    Ok(out)
}

/// The bodies a KI is competent for on `on`, and those it will be from a later date: (name, from, scheduled).
pub fn bodies_of_jurisdiction(
    conn: &mut DbConn,
    jurisdiction_id: &str,
    on: NaiveDate,
) -> Result<Vec<(String, NaiveDate, bool)>, ServiceError> {
    let mut out = Vec::new();
    for body in repo::bodies(conn)? {
        let assignments = repo::assignments(conn, &body.id)?;
        let current = assignments.iter().rev().find(|a| a.applies_from <= on).or(assignments.first());
        for a in &assignments {
            let is_current = current.is_some_and(|c| c.id == a.id);
            if a.jurisdiction_id == jurisdiction_id && (is_current || a.applies_from > on) {
                out.push((body.name.clone(), a.applies_from, a.applies_from > on));
            }
        }
    }
    Ok(out)
}

/// Every body with its competent KI as of `on`.
pub fn list_bodies(conn: &mut DbConn, on: NaiveDate) -> Result<Vec<BodyView>, ServiceError> {
    repo::bodies(conn)?.into_iter().map(|b| body_view(conn, b, on)).collect()
}

#[derive(Debug, Clone, Default)]
pub struct UnitInput {
    pub slug: String,
    pub name: String,
    pub time_zone: Option<String>,
}

fn body_or_not_found(conn: &mut DbConn, slug: &str) -> Result<BodyRow, ServiceError> {
    repo::body_by_slug(conn, slug)?.ok_or_else(|| ServiceError::NotFound { what: "public body", key: slug.to_owned() })
}

pub fn create_unit(
    conn: &mut DbConn,
    body_slug: &str,
    input: &UnitInput,
    now: DateTime<Utc>,
) -> Result<UnitRow, ServiceError> {
    write_tx(conn, |conn| {
        let body = body_or_not_found(conn, body_slug)?;
        let mut p = Problems::default();
        let slug = p.take(parse_slug("slug", &input.slug));
        let name = p.take(parse_name("name", &input.name));
        let zone = match input.time_zone.as_deref().map(str::trim).filter(|z| !z.is_empty()) {
            None => None,
            Some(z) => p.take(parse_time_zone("time_zone", z)).map(|z| z.name().to_owned()),
        };
        if let Some(s) = &slug
            && repo::unit_by_slug(conn, &body.id, s.as_str())?.is_some()
        {
            p.push(FieldProblem::new("slug", "taken", format!("{} already has a unit `{s}`", body.slug)));
        }
        p.finish()?;
        let row = UnitRow {
            id: new_id(),
            body_id: body.id,
            slug: slug.expect("checked").to_string(),
            name: name.expect("checked"),
            time_zone: zone,
            version: 1,
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        };
        repo::insert_unit(conn, &row)?;
        Ok(row)
    })
}

#[derive(Debug, Clone, Default)]
pub struct UnitChanges {
    pub name: Option<String>,
    /// `Some("")` returns the unit to the body's zone.
    pub time_zone: Option<String>,
}

pub fn update_unit(
    conn: &mut DbConn,
    body_slug: &str,
    unit_slug: &str,
    changes: &UnitChanges,
    expected_version: Option<i64>,
    now: DateTime<Utc>,
) -> Result<UnitRow, ServiceError> {
    write_tx(conn, |conn| {
        let body = body_or_not_found(conn, body_slug)?;
        let mut row = repo::unit_by_slug(conn, &body.id, unit_slug)?
            .ok_or_else(|| ServiceError::NotFound { what: "unit", key: format!("{body_slug}/{unit_slug}") })?;
        check_version("the unit", row.version, expected_version)?;
        let mut p = Problems::default();
        if let Some(n) = &changes.name
            && let Some(n) = p.take(parse_name("name", n))
        {
            row.name = n;
        }
        if let Some(z) = changes.time_zone.as_deref().map(str::trim) {
            row.time_zone =
                if z.is_empty() { None } else { p.take(parse_time_zone("time_zone", z)).map(|z| z.name().to_owned()) };
        }
        p.finish()?;
        row.version += 1;
        row.updated_at = now.naive_utc();
        if !repo::update_unit(conn, &row)? {
            return Err(ServiceError::Conflict { what: "the unit", current: row.version });
        }
        Ok(row)
    })
}

pub fn list_units(conn: &mut DbConn, body_slug: &str) -> Result<Vec<UnitRow>, ServiceError> {
    let body = body_or_not_found(conn, body_slug)?;
    Ok(repo::units_of(conn, &body.id)?)
}

pub fn list_jurisdictions(conn: &mut DbConn) -> Result<Vec<JurisdictionRow>, ServiceError> {
    Ok(repo::jurisdictions(conn)?)
}
