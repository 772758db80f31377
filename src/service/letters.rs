//! The official letters of a case: everything a letter says, read from the record, and its outgoing number.
//!
//! A letter's number is given the first time the letter is produced (by anyone who may read it) from the body's
//! letter series for the year of the letter's date, stored, and never changed; the letter bears the date of the
//! step it records. So a letter printed twice is the same letter.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::db::models::bodies::{BodyRow, LogoRow};
use crate::db::models::cases::{LetterRow, ObjectionRow, RequestRow, RequesterRow};
use crate::db::repo::{bodies as body_repo, cases as repo};
use crate::db::{DbConn, write_tx};
use crate::domain::body::{NumberFormat, Slug};
use crate::domain::calendar::CalendarSettings;
use crate::domain::letter::LetterKind;
use crate::domain::objection::Objection;
use crate::domain::request::Request;
use crate::service::ServiceError;
use crate::service::cases;

/// What a request's letter is about.
#[derive(Debug, Clone)]
pub struct RequestLetter {
    pub request: RequestRow,
    pub aggregate: Request,
    pub unit_name: Option<String>,
    /// The last day to object to a refusal (C3 of ground a), when the notice has reached the requester.
    pub objection_due: Option<NaiveDate>,
}

/// What an objection's letter is about.
#[derive(Debug, Clone)]
pub struct ObjectionLetter {
    pub objection: ObjectionRow,
    pub aggregate: Objection,
    pub request_number: Option<String>,
    /// The competent Komisi Informasi's name, and the last day to bring a dispute to it.
    pub ki_name: String,
    pub dispute_due: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub enum Subject {
    Request(Box<RequestLetter>),
    Objection(Box<ObjectionLetter>),
}

/// One letter's data.
#[derive(Debug, Clone)]
pub struct LetterData {
    pub kind: LetterKind,
    pub letter: LetterRow,
    pub body: BodyRow,
    pub zone: Tz,
    pub requester: RequesterRow,
    pub subject: Subject,
    /// The body's letterhead logo, if it has one.
    pub logo: Option<LogoRow>,
}

/// The letter's row: the existing one, or a new one with the next number of the body's series.
fn issue(
    conn: &mut DbConn,
    body: &BodyRow,
    case_id: &str,
    kind: LetterKind,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<LetterRow, ServiceError> {
    if let Some(row) = repo::letter(conn, case_id, kind.slug())? {
        return Ok(row);
    }
    let issued = write_tx(conn, |conn| {
        if let Some(row) = repo::letter(conn, case_id, kind.slug())? {
            return Ok(row);
        }
        let seq = repo::next_seq(conn, &body.id, "letter", i64::from(date.year()))?;
        let format = NumberFormat::parse("letter_number_format", &body.letter_number_format)
            .map_err(|p| ServiceError::Invalid(vec![p]))?;
        let slug = Slug::parse(&body.slug).expect("stored slugs are valid");
        let row = LetterRow {
            id: uuid::Uuid::now_v7().to_string(),
            body_id: body.id.clone(),
            case_id: case_id.to_owned(),
            kind: kind.slug().to_owned(),
            number: format.render(seq, date, &slug),
            letter_date: date,
            issued_at: now.naive_utc(),
        };
        repo::insert_letter(conn, &row)?;
        Ok::<_, ServiceError>(row)
    });
    match issued {
        Ok(row) => Ok(row),
        // Two first prints at once on PostgreSQL: the other one's number stands.
        Err(e) => repo::letter(conn, case_id, kind.slug())?.ok_or(e),
    }
}

/// The letters a request has so far (request kinds whose step has happened).
pub fn request_letters(r: &Request) -> Vec<LetterKind> {
    LetterKind::ALL.into_iter().filter(|k| !k.of_objection() && k.request_date(r).is_some()).collect()
}

/// The letters an objection has so far.
pub fn objection_letters(o: &Objection) -> Vec<LetterKind> {
    LetterKind::ALL.into_iter().filter(|k| k.of_objection() && k.objection_date(o).is_some()).collect()
}

/// The letters an objection has so far, from its row alone.
pub fn objection_letters_of_row(row: &ObjectionRow) -> Vec<LetterKind> {
    let mut kinds = vec![LetterKind::ObjectionReceipt];
    if row.decided_on.is_some() {
        kinds.push(LetterKind::AtasanDecision);
    }
    kinds
}

/// A request's letter of this kind; `None` when the request has no such letter (yet).
pub fn request_letter(
    conn: &mut DbConn,
    settings: CalendarSettings,
    kind: LetterKind,
    request_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<LetterData>, ServiceError> {
    let (request, aggregate) = cases::load_request(conn, request_id)?;
    let Some(date) = kind.request_date(&aggregate).filter(|_| !kind.of_objection()) else { return Ok(None) };
    let body = body_repo::body_by_id(conn, &request.body_id)?;
    let unit = request.unit_id.as_deref().map(|u| body_repo::unit_by_id(conn, u)).transpose()?;
    let zone = crate::service::calendar::zone_of(&body, unit.as_ref());
    let requester = repo::requester(conn, &request.requester_id)?;
    let (calendar, _) = crate::service::calendar::calendar_for(conn, settings, &request.body_id, request.received_on)?;
    let objection_due = aggregate
        .notice
        .as_ref()
        .and_then(|n| n.received_on)
        .map(|day0| calendar.add_working_days(day0, crate::domain::clocks::C3_OBJECTION_WINDOW).due);
    let letter = issue(conn, &body, &request.id, kind, date, now)?;
    Ok(Some(LetterData {
        logo: body_repo::logo(conn, &body.id)?,
        kind,
        letter,
        zone,
        requester,
        subject: Subject::Request(Box::new(RequestLetter {
            request,
            aggregate,
            unit_name: unit.map(|u| u.name),
            objection_due,
        })),
        body,
    }))
}

/// An objection's letter of this kind; `None` when the objection has no such letter (yet).
pub fn objection_letter(
    conn: &mut DbConn,
    settings: CalendarSettings,
    kind: LetterKind,
    objection_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<LetterData>, ServiceError> {
    let (objection, aggregate) = cases::load_objection(conn, objection_id)?;
    let Some(date) = kind.objection_date(&aggregate).filter(|_| kind.of_objection()) else { return Ok(None) };
    let body = body_repo::body_by_id(conn, &objection.body_id)?;
    let zone = crate::service::calendar::zone_of(&body, None);
    let requester = repo::requester(conn, &objection.requester_id)?;
    let request_number = match &objection.request_id {
        Some(id) => repo::request(conn, id)?.map(|r| r.registration_number),
        None => None,
    };
    let ki = body_repo::competent_ki(conn, &body.id, date)?;
    let (calendar, _) =
        crate::service::calendar::calendar_for(conn, settings, &objection.body_id, objection.received_on)?;
    // The decision letter states the window from the decision itself: it must not change once issued.
    let dispute_due = match kind {
        LetterKind::AtasanDecision => aggregate.decision_dispute_due(&calendar),
        _ => aggregate.dispute_window_due(&calendar),
    };
    let letter = issue(conn, &body, &objection.id, kind, date, now)?;
    Ok(Some(LetterData {
        logo: body_repo::logo(conn, &body.id)?,
        kind,
        letter,
        zone,
        requester,
        subject: Subject::Objection(Box::new(ObjectionLetter {
            objection,
            aggregate,
            request_number,
            ki_name: ki.name,
            dispute_due,
        })),
        body,
    }))
}

/// The numbers of the letters already issued, by (case id, kind slug): a letter link names its number once it
/// has one (a letter is numbered when it is first produced, ADR 0004).
pub type LetterNumbers = std::collections::HashMap<(String, String), String>;

pub fn numbers(conn: &mut DbConn, case_ids: &[String]) -> Result<LetterNumbers, ServiceError> {
    Ok(repo::letters_of_cases(conn, case_ids)?.into_iter().map(|l| ((l.case_id, l.kind), l.number)).collect())
}
