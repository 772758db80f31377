//! Who is asking: the requester's details as given, their checks (NIK, contact, power of attorney), and the
//! checks of a new request before anything is written.

use chrono::{DateTime, Utc};

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::db::models::cases::{RequestRow, RequesterRow};
use crate::db::repo::cases as repo;
use crate::domain::body::{FieldProblem, parse_email, parse_name, parse_phone};
use crate::domain::nik::Nik;
use crate::domain::request::Channel;
use crate::domain::upload::DocumentKind;
use crate::service::cases::plumbing::*;
use crate::service::{Problems, ServiceError};

/// Who is asking. Stored in `requesters` only; the NIK encrypted.
#[derive(Debug, Clone, Default)]
pub struct RequesterInput {
    /// individual, legal_entity, group or represented.
    pub kind: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub occupation: String,
    /// The NIK of an individual, of a group's representative, or of a represented person, as typed.
    pub nik: String,
    /// A legal entity's decree number (SK pengesahan badan hukum).
    pub entity_decree_number: String,
    /// The kuasa (representative) of a represented person.
    pub representative_name: String,
    pub representative_nik: String,
    /// The language the requester used ("id" or "en"), for later messages.
    pub language: String,
}

pub const REQUESTER_KINDS: [&str; 4] = ["individual", "legal_entity", "group", "represented"];
pub const OBTAIN_METHODS: [&str; 3] = ["inspect", "softcopy", "hardcopy"];
pub const DELIVERY_METHODS: [&str; 5] = ["pickup", "courier", "post", "fax", "email"];

pub(crate) fn nik_problem(field: &'static str, value: &str, required: bool, p: &mut Problems) {
    if value.trim().is_empty() {
        if required {
            p.push(FieldProblem::new(field, "required", "must not be empty"));
        }
        return;
    }
    if let Err(e) = Nik::parse(value) {
        p.push(FieldProblem::new(field, e.code(), e.to_string()));
    }
}

/// How a requester must be reachable: online requests give an email address, unless the answer comes on paper
/// (picked up, by post or courier) or is inspected at the office; then a phone number will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Contact {
    /// An officer's registration: whatever the person gave.
    AsGiven,
    EmailRequired,
    EmailOrPhone,
}

/// The delivery methods that need no email address: the answer is handed over or sent on paper.
pub const PAPER_DELIVERY: [&str; 3] = ["pickup", "post", "courier"];

/// The requester's details. `online` (portal or API) asks for everything the Perki form asks; an officer
/// registering an oral or desk request may leave out what the person did not give.
pub(crate) fn check_requester(p: &mut Problems, r: &RequesterInput, online: bool) {
    check_requester_as(p, r, online, if online { Contact::EmailRequired } else { Contact::AsGiven });
}

pub(crate) fn check_requester_as(p: &mut Problems, r: &RequesterInput, online: bool, contact: Contact) {
    let kind = r.kind.trim();
    if !REQUESTER_KINDS.contains(&kind) {
        p.push(FieldProblem::new(
            "requester_kind",
            "invalid_choice",
            "expected individual, legal_entity, group or represented",
        ));
    }
    p.take(parse_name("requester_name", &r.name));
    if kind == "legal_entity" {
        if online && r.entity_decree_number.trim().is_empty() {
            p.push(FieldProblem::new("entity_decree_number", "required", "must not be empty"));
        }
    } else {
        nik_problem("requester_nik", &r.nik, online, p);
    }
    if kind == "represented" {
        p.take(parse_name("representative_name", &r.representative_name));
        nik_problem("representative_nik", &r.representative_nik, online, p);
    }
    if online || !r.address.trim().is_empty() {
        p.take(parse_name("requester_address", &r.address));
    }
    if online && r.occupation.trim().is_empty() {
        p.push(FieldProblem::new("requester_occupation", "required", "must not be empty"));
    }
    let (email, phone) = (r.email.trim(), r.phone.trim());
    if !phone.is_empty() {
        p.take(parse_phone("requester_phone", &r.phone));
    }
    match contact {
        Contact::EmailRequired if email.is_empty() => {
            p.push(FieldProblem::new("requester_email", "required", "must not be empty"));
        }
        Contact::EmailRequired => {
            p.take(parse_email("requester_email", &r.email));
        }
        Contact::EmailOrPhone if email.is_empty() && phone.is_empty() => {
            p.push(FieldProblem::new("requester_phone", "required_without_email", "give a phone number or an email"));
        }
        _ if !email.is_empty() => {
            p.take(parse_email("requester_email", &r.email));
        }
        _ => {}
    }
}

/// The stored row of a requester (trimmed, the NIKs encrypted and blind-indexed), under a new id.
pub(crate) fn requester_row(r: &RequesterInput, secrets: &Secrets, now: DateTime<Utc>) -> RequesterRow {
    let id = new_id();
    let nik = Nik::parse(&r.nik).ok();
    let representative_nik = Nik::parse(&r.representative_nik).ok();
    RequesterRow {
        kind: r.kind.trim().to_owned(),
        name: r.name.trim().to_owned(),
        email: r.email.trim().to_owned(),
        phone: r.phone.trim().to_owned(),
        address: r.address.trim().to_owned(),
        occupation: r.occupation.trim().to_owned(),
        created_at: now.naive_utc(),
        purged_at: None,
        nik_encrypted: nik.as_ref().map(|n| secrets.encrypt(n.as_str().as_bytes(), &format!("requester/{id}/nik"))),
        nik_blind_index: nik.as_ref().map(|n| secrets.blind_index(n.as_str())),
        entity_decree_number: r.entity_decree_number.trim().to_owned(),
        representative_name: r.representative_name.trim().to_owned(),
        representative_nik_encrypted: representative_nik
            .map(|n| secrets.encrypt(n.as_str().as_bytes(), &format!("requester/{id}/representative_nik"))),
        language: if r.language == "en" { "en".into() } else { "id".into() },
        id,
    }
}

pub(crate) fn insert_requester(
    conn: &mut DbConn,
    r: &RequesterInput,
    secrets: &Secrets,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let row = requester_row(r, secrets, now);
    repo::insert_requester(conn, &row)?;
    Ok(row.id)
}

#[derive(Debug, Clone)]
pub struct NewRequest {
    pub body: String,
    pub unit: Option<String>,
    pub requester: RequesterInput,
    pub channel: Channel,
    /// When the body received it: the statutory clock starts here, not at data entry.
    pub received_at: DateTime<Utc>,
    pub information: String,
    /// Required by UU 14/2008 Art. 4(3).
    pub purpose: String,
    /// inspect, softcopy or hardcopy.
    pub obtain_method: String,
    /// pickup, courier, post, fax or email (not needed to inspect).
    pub delivery_method: String,
    /// The requester agrees that the request text may appear in the public register.
    pub publish_consent: bool,
    /// An identity scan and, for groups and represented persons, the power of attorney.
    pub documents: Vec<Upload>,
}

/// A file given with a request.
#[derive(Debug, Clone)]
pub struct Upload {
    pub kind: DocumentKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A registered request and its private tracking token, which is shown once and never stored.
#[derive(Debug, Clone)]
pub struct Registration {
    pub request: RequestRow,
    pub tracking_token: String,
}

pub(crate) fn online(channel: Channel) -> bool {
    matches!(channel, Channel::Web | Channel::Api)
}

pub(crate) fn check_choice(p: &mut Problems, field: &'static str, value: &str, choices: &[&str], required: bool) {
    let v = value.trim();
    if v.is_empty() {
        if required {
            p.push(FieldProblem::new(field, "required", "choose one"));
        }
    } else if !choices.contains(&v) {
        p.push(FieldProblem::new(field, "invalid_choice", format!("expected one of {}", choices.join(", "))));
    }
}

pub(crate) fn required_text(p: &mut Problems, field: &'static str, s: &str, max: usize) {
    let n = s.trim().chars().count();
    if n == 0 {
        p.push(FieldProblem::new(field, "required", "must not be empty"));
    } else if n > max {
        p.push(FieldProblem::new(field, "too_long", format!("at most {max} characters")));
    }
}

/// Registers a request at once: number, local receipt date, C1 deadline, first event, and a tracking token.
/// The checks of a new request's own fields (not its files); returns whether it came in online.
pub(crate) fn check_request_fields(p: &mut Problems, input: &NewRequest) -> bool {
    let is_online = online(input.channel);
    let on_paper = input.obtain_method.trim() == "inspect" || PAPER_DELIVERY.contains(&input.delivery_method.trim());
    let contact = match (is_online, on_paper) {
        (false, _) => Contact::AsGiven,
        (true, false) => Contact::EmailRequired,
        (true, true) => Contact::EmailOrPhone,
    };
    check_requester_as(p, &input.requester, is_online, contact);
    required_text(p, "information", &input.information, 10_000);
    required_text(p, "purpose", &input.purpose, 5_000);
    check_choice(p, "obtain_method", &input.obtain_method, &OBTAIN_METHODS, is_online);
    let needs_delivery = is_online && input.obtain_method.trim() != "inspect";
    check_choice(p, "delivery_method", &input.delivery_method, &DELIVERY_METHODS, needs_delivery);
    is_online
}

/// The checks after the files': the power of attorney a group or a represented person sends online, and the time.
pub(crate) fn check_after_files(p: &mut Problems, input: &NewRequest, is_online: bool, now: DateTime<Utc>) {
    let needs_attorney = is_online && matches!(input.requester.kind.trim(), "group" | "represented");
    if needs_attorney && !input.documents.iter().any(|d| d.kind == DocumentKind::PowerOfAttorney) {
        p.push(FieldProblem::new(
            "power_of_attorney",
            "required",
            "a group or a represented person needs the power of attorney",
        ));
    }
    if input.received_at > now + chrono::Duration::minutes(5) {
        p.push(FieldProblem::new("received_at", "in_future", "the time of receipt cannot be in the future"));
    }
}

/// The checks of [`register_request`] but the files' types, for writers that decide many registrations
/// before writing them (the demo).
pub(crate) fn check_new_request(input: &NewRequest, now: DateTime<Utc>) -> Result<(), ServiceError> {
    let mut p = Problems::default();
    let is_online = check_request_fields(&mut p, input);
    check_after_files(&mut p, input, is_online, now);
    p.finish()
}
