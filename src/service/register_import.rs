//! Moving a body's history in: an existing register of requests (the Perki 1/2010 columns) from CSV. Each row
//! becomes a request under its own number, with its steps (extension, written notice, provision, closing) as
//! domain transitions, so deadlines, statistics and the evidence chain treat it like any other.
//!
//! All or nothing: every row is checked (a dry run checks and imports nothing), every bad row is reported with
//! its line and column, and nothing is imported if any row is bad.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::crypto::Secrets;
use crate::db::repo::bodies as body_repo;
use crate::db::repo::events::Actor;
use crate::db::{DbConn, write_tx};
use crate::domain::calendar::CalendarSettings;
use crate::domain::request::{Channel, DecisionInput, InfoForm};
use crate::service::ServiceError;
use crate::service::cases::{self, NewRequest, RequestCommand, RequesterInput};

/// The columns an import file may have (its header row names them; order is free, unknown columns are refused).
pub const COLUMNS: [&str; 29] = [
    "nomor",
    "tanggal_diterima",
    "saluran",
    "jenis_pemohon",
    "nama",
    "alamat",
    "telepon",
    "email",
    "pekerjaan",
    "informasi",
    "tujuan",
    "cara_memperoleh",
    "cara_salinan",
    "unit",
    "tanggal_perpanjangan",
    "alasan_perpanjangan",
    "keputusan",
    "tanggal_pemberitahuan",
    "bentuk",
    "diberikan_paling_lambat",
    "pasal17",
    "uji_konsekuensi",
    "bagian_dihitamkan",
    "dikuasai_oleh",
    "didokumentasikan_paling_lambat",
    "biaya",
    "cara_bayar",
    "tanggal_diberikan",
    "tanggal_selesai",
];

/// Required in every row.
const REQUIRED: [&str; 6] = ["nomor", "tanggal_diterima", "saluran", "nama", "informasi", "tujuan"];

/// A register row's time of receipt when only its date is known: 08:00 local time, the start of office hours.
pub const ASSUMED_TIME: (u32, u32) = (8, 0);

/// One problem in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub column: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct ImportReport {
    pub rows: usize,
    pub problems: Vec<RowProblem>,
    /// Whether the rows were written (not a dry run, and no problem).
    pub imported: bool,
}

/// The file's rows as column → value maps, with their line numbers; `Err` for a file that is not a CSV
/// with a known header.
/// A row of the file: its line, and its values by column.
type Row = (usize, std::collections::HashMap<String, String>);

fn read(text: &str) -> Result<Vec<Row>, RowProblem> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let separator = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(separator).flexible(false).from_reader(text.as_bytes());
    let problem = |line: usize, code: &str, message: String| RowProblem {
        line,
        column: String::new(),
        code: code.to_owned(),
        message,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| problem(1, "not_csv", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(problem(1, "unknown_column", format!("unknown column `{unknown}`; known: {}", COLUMNS.join(", "))));
    }
    if let Some(missing) = REQUIRED.iter().find(|r| !headers.iter().any(|h| h == *r)) {
        return Err(problem(1, "missing_column", format!("the column `{missing}` is required")));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            problem(line, "not_csv", e.to_string())
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let map = headers.iter().cloned().zip(record.iter().map(|v| v.trim().to_owned())).collect();
        rows.push((line, map));
    }
    Ok(rows)
}

/// The problems of one row, from a service refusal or invalid input.
fn problems_of(line: usize, e: ServiceError) -> Vec<RowProblem> {
    match e {
        ServiceError::Invalid(ps) => ps
            .into_iter()
            .map(|p| RowProblem { line, column: p.field.to_owned(), code: p.code.to_owned(), message: p.message })
            .collect(),
        ServiceError::Refused { code, message, .. } => {
            vec![RowProblem { line, column: String::new(), code: code.to_owned(), message }]
        }
        ServiceError::NotFound { what, key } => vec![RowProblem {
            line,
            column: if what == "unit" { "unit".into() } else { String::new() },
            code: "not_found".into(),
            message: format!("there is no {what} `{key}`"),
        }],
        other => {
            vec![RowProblem { line, column: String::new(), code: other.code().to_owned(), message: other.to_string() }]
        }
    }
}

/// Rolls the whole import back (dry run, or a bad row) while keeping the report.
struct Discard(Result<ImportReport, ServiceError>);

impl From<diesel::result::Error> for Discard {
    fn from(e: diesel::result::Error) -> Self {
        Discard(Err(e.into()))
    }
}

/// Checks (and, unless `dry_run`, imports) a register for the body `body_slug`.
#[allow(clippy::too_many_arguments)] // the file, where it goes, and who/when
pub fn import(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    body_slug: &str,
    text: &str,
    dry_run: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ImportReport, ServiceError> {
    let body = body_repo::body_by_slug(conn, body_slug)?
        .ok_or_else(|| ServiceError::NotFound { what: "public body", key: body_slug.to_owned() })?;
    let zone: chrono_tz::Tz = body.time_zone.parse().unwrap_or(chrono_tz::Asia::Jakarta);
    let rows = match read(text) {
        Ok(r) => r,
        Err(p) => return Ok(ImportReport { rows: 0, problems: vec![p], imported: false }),
    };
    let count = rows.len();
    let outcome = write_tx(conn, |conn| -> Result<ImportReport, Discard> {
        let mut problems = Vec::new();
        for (line, row) in &rows {
            // Each row in its own savepoint: a bad row leaves nothing behind and the others are still checked.
            let result = write_tx(conn, |conn| import_row(conn, settings, secrets, &body.slug, zone, row, actor, now));
            if let Err(e) = result {
                problems.extend(problems_of(*line, e));
            }
        }
        let report = ImportReport { rows: count, imported: !dry_run && problems.is_empty(), problems };
        if report.imported { Ok(report) } else { Err(Discard(Ok(report))) }
    });
    match outcome {
        Ok(report) => Ok(report),
        Err(Discard(result)) => result,
    }
}

fn date(
    row: &std::collections::HashMap<String, String>,
    column: &'static str,
) -> Result<Option<NaiveDate>, ServiceError> {
    match row.get(column).map(String::as_str).unwrap_or_default() {
        "" => Ok(None),
        v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ServiceError::invalid(column, "invalid_date", "expected YYYY-MM-DD")),
    }
}

#[allow(clippy::too_many_arguments)]
fn import_row(
    conn: &mut DbConn,
    settings: CalendarSettings,
    secrets: &Secrets,
    body: &str,
    zone: chrono_tz::Tz,
    row: &std::collections::HashMap<String, String>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let v = |k: &str| row.get(k).cloned().unwrap_or_default();
    let opt = |k: &str| Some(v(k)).filter(|s| !s.is_empty());
    let mut problems = Vec::new();
    for column in REQUIRED {
        if v(column).is_empty() {
            problems.push(crate::domain::body::FieldProblem::new(column, "required", "must not be empty"));
        }
    }
    let channel = Channel::parse(&v("saluran"));
    if channel.is_none() && !v("saluran").is_empty() {
        problems.push(crate::domain::body::FieldProblem::new(
            "saluran",
            "invalid_choice",
            "expected web, email, letter, desk, oral, social_media or api",
        ));
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    let received_on = date(row, "tanggal_diterima")?.expect("required");
    let received_at = zone
        .from_local_datetime(
            &received_on.and_time(NaiveTime::from_hms_opt(ASSUMED_TIME.0, ASSUMED_TIME.1, 0).expect("valid")),
        )
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| ServiceError::invalid("tanggal_diterima", "invalid_date", "no such local time"))?;
    let input = NewRequest {
        body: body.to_owned(),
        unit: opt("unit"),
        requester: RequesterInput {
            kind: opt("jenis_pemohon").unwrap_or_else(|| "individual".into()),
            name: v("nama"),
            email: v("email"),
            phone: v("telepon"),
            address: v("alamat"),
            occupation: v("pekerjaan"),
            language: "id".into(),
            ..Default::default()
        },
        channel: channel.expect("checked"),
        received_at,
        information: v("informasi"),
        purpose: v("tujuan"),
        obtain_method: v("cara_memperoleh"),
        delivery_method: v("cara_salinan"),
        publish_consent: false,
        documents: Vec::new(),
    };
    let registration = cases::register_with_number(conn, settings, secrets, &input, &v("nomor"), actor, now)?;
    let id = registration.request.id;
    let step = |conn: &mut DbConn, cmd: RequestCommand| {
        cases::request_command(conn, settings, &id, None, &cmd, actor, now).map(drop)
    };
    if let Some(on) = date(row, "tanggal_perpanjangan")? {
        step(conn, RequestCommand::Extend { notified_on: on, reason: v("alasan_perpanjangan") })?;
    }
    if let Some(kind) = opt("keputusan") {
        let notice_on = date(row, "tanggal_pemberitahuan")?
            .ok_or_else(|| ServiceError::invalid("tanggal_pemberitahuan", "required", "a decision needs its date"))?;
        let form = match v("bentuk").as_str() {
            "" => None,
            "softcopy" => Some(InfoForm::Softcopy),
            "hardcopy" => Some(InfoForm::Hardcopy),
            "inspection" => Some(InfoForm::Inspection),
            _ => {
                return Err(ServiceError::invalid(
                    "bentuk",
                    "invalid_choice",
                    "expected softcopy, hardcopy or inspection",
                ));
            }
        };
        let fee = match v("biaya").replace(['.', ' '], "").as_str() {
            "" => None,
            n => Some(n.parse::<i64>().map_err(|_| ServiceError::invalid("biaya", "invalid_number", "whole rupiah"))?),
        };
        let decision = DecisionInput {
            kind,
            form,
            provide_by: date(row, "diberikan_paling_lambat")?,
            redacted_parts: opt("bagian_dihitamkan"),
            art17_ground: opt("pasal17"),
            consequence_test: opt("uji_konsekuensi"),
            holder_known: Some(opt("dikuasai_oleh").is_some()),
            holder_name: opt("dikuasai_oleh"),
            expected_by: date(row, "didokumentasikan_paling_lambat")?,
            fee_rupiah: fee,
            fee_basis: opt("cara_bayar"),
        };
        // A register records the notice's date, not how it was sent: treat it as received that day.
        step(conn, RequestCommand::GiveNotice { notice_on, decision, electronic: true })?;
    }
    if let Some(on) = date(row, "tanggal_diberikan")? {
        step(conn, RequestCommand::Provide { provided_on: on })?;
    }
    if let Some(on) = date(row, "tanggal_selesai")? {
        step(conn, RequestCommand::Close { closed_on: on })?;
    }
    Ok(())
}
