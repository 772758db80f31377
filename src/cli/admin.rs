//! `terbuka admin …`: KI jurisdictions, public bodies and their units. Same validation as the admin pages.

use std::io::Write;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::CliError;
use crate::config::Settings;
use crate::domain::calendar::parse_iso_date;
use crate::domain::clock::Clock;
use crate::service::ServiceError;
use crate::service::accounts;
use crate::service::bodies::{
    self as svc, BodyChanges, BodyInput, JurisdictionChanges, JurisdictionInput, KiContact, UnitChanges, UnitInput,
};
use crate::startup::open_database;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Komisi Informasi jurisdictions (pusat, provinsi, kabupaten/kota).
    #[command(subcommand)]
    Jurisdiction(JurisdictionCommand),
    /// Public bodies (badan publik).
    #[command(subcommand)]
    Body(Box<BodyCommand>),
    /// Units of a body (PPID Pelaksana).
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Accounts of officers, atasan PPID, KI auditors and administrators.
    #[command(subcommand)]
    User(UserCommand),
    /// A body's existing register of requests.
    #[command(subcommand)]
    Register(RegisterCommand),
}

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Import an existing register of requests from CSV (comma or semicolon, UTF-8). Checks every row and
    /// reports every problem; imports only with --apply and only if no row has a problem. See docs/guide-admin.md.
    Import {
        #[arg(long)]
        body: String,
        #[arg(long)]
        file: std::path::PathBuf,
        /// Write the rows (without it: a dry run that only checks).
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; prints a one-time link (72 hours) for its owner to set a password.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        email: String,
        /// admin, ppid_utama, ppid_pelaksana, atasan_ppid or ki_auditor.
        #[arg(long)]
        role: String,
        /// The body (PPID Utama, PPID Pelaksana, atasan PPID).
        #[arg(long)]
        body: Option<String>,
        /// The unit (PPID Pelaksana).
        #[arg(long)]
        unit: Option<String>,
        /// The KI jurisdiction (KI auditor).
        #[arg(long)]
        jurisdiction: Option<String>,
    },
    List,
    /// Disable an account and end its sessions (its history stays).
    Disable {
        username: String,
    },
    /// Print a new one-time link to set the password; the old password stops working.
    ResetPassword {
        username: String,
    },
    /// Turn off two-step sign-in for someone who lost their phone and recovery codes; their sessions end.
    ResetTwoStep {
        username: String,
    },
}

/// Where and how a requester files a dispute with the KI (shown on the requester's dispute page).
#[derive(Debug, Args)]
pub struct ContactArgs {
    /// Postal address of the KI's office.
    #[arg(long)]
    address: Option<String>,
    /// Email address for disputes.
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    /// The KI's website (https://…).
    #[arg(long)]
    website: Option<String>,
    /// The KI's online dispute form, if it has one (https://…).
    #[arg(long)]
    dispute_form_url: Option<String>,
}

impl ContactArgs {
    fn given(&self) -> bool {
        [&self.address, &self.email, &self.phone, &self.website, &self.dispute_form_url].iter().any(|a| a.is_some())
    }

    /// The contact with the given parts over `current` (the parts not given stay).
    fn over(self, current: KiContact) -> KiContact {
        KiContact {
            address: self.address.unwrap_or(current.address),
            email: self.email.unwrap_or(current.email),
            phone: self.phone.unwrap_or(current.phone),
            website: self.website.unwrap_or(current.website),
            dispute_form_url: self.dispute_form_url.unwrap_or(current.dispute_form_url),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum JurisdictionCommand {
    Create {
        /// Short code, e.g. jawa-barat.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// pusat, provinsi or kabupaten_kota.
        #[arg(long)]
        level: String,
        /// The code of the jurisdiction above it.
        #[arg(long)]
        parent: Option<String>,
        #[command(flatten)]
        contact: ContactArgs,
    },
    List,
    Update {
        code: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        level: Option<String>,
        /// The code of the jurisdiction above it ("" for none).
        #[arg(long)]
        parent: Option<String>,
        #[command(flatten)]
        contact: ContactArgs,
        /// Refuse the change if the record is no longer at this version.
        #[arg(long)]
        expect_version: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BodyCommand {
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// kementerian, lembaga, pemerintah_provinsi, pemerintah_kabupaten_kota, pemerintah_desa, bumn_bumd,
        /// perguruan_tinggi, partai_politik, organisasi_nonpemerintah or lainnya.
        #[arg(long)]
        level: String,
        /// Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).
        #[arg(long)]
        time_zone: String,
        /// The code of the competent Komisi Informasi.
        #[arg(long)]
        ki: String,
        /// From when that KI is competent (default 2010-04-30, when UU 14/2008 came into force).
        #[arg(long, value_name = "YYYY-MM-DD")]
        ki_from: Option<String>,
        #[arg(long)]
        ppid_email: String,
        #[arg(long)]
        ppid_phone: String,
        #[arg(long)]
        ppid_address: String,
        /// Placeholders {seq} or {seq:N}, {year}, {month}, {month_roman}, {body}.
        #[arg(long)]
        request_number_format: Option<String>,
        #[arg(long)]
        objection_number_format: Option<String>,
        #[command(flatten)]
        letters: LetterArgs,
    },
    List,
    Update {
        slug: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        level: Option<String>,
        #[arg(long)]
        time_zone: Option<String>,
        #[arg(long)]
        ppid_email: Option<String>,
        #[arg(long)]
        ppid_phone: Option<String>,
        #[arg(long)]
        ppid_address: Option<String>,
        #[arg(long)]
        request_number_format: Option<String>,
        #[arg(long)]
        objection_number_format: Option<String>,
        /// A new competent KI (needs --ki-from).
        #[arg(long, requires = "ki_from")]
        ki: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD", requires = "ki")]
        ki_from: Option<String>,
        #[arg(long)]
        expect_version: Option<i64>,
        #[command(flatten)]
        letters: LetterArgs,
    },
}

/// What the body's letters carry.
#[derive(Debug, clap::Args)]
pub struct LetterArgs {
    /// The letterhead's lines, separated by " | ", e.g. "PEMERINTAH KOTA CONTOH | SEKRETARIAT DAERAH".
    #[arg(long)]
    letterhead: Option<String>,
    /// Outgoing letter numbers; placeholders as for request numbers.
    #[arg(long)]
    letter_number_format: Option<String>,
    /// Who signs for the PPID: name, NIP (18 digits) and position.
    #[arg(long)]
    ppid_signatory_name: Option<String>,
    #[arg(long)]
    ppid_signatory_nip: Option<String>,
    #[arg(long)]
    ppid_signatory_position: Option<String>,
    /// The atasan PPID's NIP, printed under the name recorded with each decision.
    #[arg(long)]
    atasan_signatory_nip: Option<String>,
    /// The place on the place-and-date line above the signature, e.g. "Sukamaju".
    #[arg(long)]
    letter_place: Option<String>,
}

impl From<LetterArgs> for svc::LetterSettings {
    fn from(a: LetterArgs) -> Self {
        svc::LetterSettings {
            letterhead: a.letterhead,
            letter_number_format: a.letter_number_format,
            ppid_signatory_name: a.ppid_signatory_name,
            ppid_signatory_nip: a.ppid_signatory_nip,
            ppid_signatory_position: a.ppid_signatory_position,
            atasan_signatory_nip: a.atasan_signatory_nip,
            letter_place: a.letter_place,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    Create {
        #[arg(long)]
        body: String,
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// Only if the unit is in another zone than its body.
        #[arg(long)]
        time_zone: Option<String>,
    },
    List {
        #[arg(long)]
        body: String,
    },
    Update {
        #[arg(long)]
        body: String,
        slug: String,
        #[arg(long)]
        name: Option<String>,
        /// "" returns the unit to its body's zone.
        #[arg(long)]
        time_zone: Option<String>,
        #[arg(long)]
        expect_version: Option<i64>,
    },
}

impl From<ServiceError> for CliError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(problems) => CliError::Input(
                problems
                    .iter()
                    .map(|p| format!("--{}: {}", p.field.replace('_', "-"), p.message))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            ServiceError::Db(e) => CliError::Failed(e.into()),
            other => CliError::Input(other.to_string()),
        }
    }
}

/// The set-password link of an invitation, absolute when the public address is known.
pub fn print_link(out: &mut dyn Write, settings: &Settings, inv: &accounts::Invitation) -> std::io::Result<()> {
    let base = settings.public_base_url.clone().unwrap_or_else(|| settings.base_url(settings.port));
    writeln!(
        out,
        "Send this one-time link to its owner to set a password (valid until {} UTC):",
        inv.expires_at.format("%Y-%m-%d %H:%M")
    )?;
    writeln!(out, "  {base}/masuk/sandi/{}", inv.token)
}

fn date_arg(name: &str, value: Option<&str>) -> Result<Option<NaiveDate>, CliError> {
    value
        .map(|v| {
            parse_iso_date(v)
                .ok_or_else(|| CliError::Input(format!("--{name}: expected a date as YYYY-MM-DD, found `{v}`")))
        })
        .transpose()
}

pub fn run(cmd: AdminCommand, settings: &Settings, out: &mut dyn Write, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let opened = open_database(settings, &*clock)?;
    let mut conn = opened.db.get()?;
    let conn = &mut *conn;
    let now = clock.now();
    match cmd {
        AdminCommand::Jurisdiction(cmd) => match cmd {
            JurisdictionCommand::Create { code, name, level, parent, contact } => {
                let contact = contact.over(KiContact::default());
                let input = JurisdictionInput { code, name, level, parent, contact };
                let j = svc::create_jurisdiction(conn, &input, now)?;
                writeln!(out, "Created jurisdiction {} ({}, {}).", j.code, j.name, j.level)?;
            }
            JurisdictionCommand::List => {
                let all = svc::list_jurisdictions(conn)?;
                for j in &all {
                    let parent = j
                        .parent_id
                        .as_ref()
                        .and_then(|id| all.iter().find(|p| &p.id == id))
                        .map_or("-", |p| p.code.as_str());
                    writeln!(out, "{:<24} {:<15} parent {:<20} v{}  {}", j.code, j.level, parent, j.version, j.name)?;
                }
                writeln!(out, "{} jurisdiction(s).", all.len())?;
            }
            JurisdictionCommand::Update { code, name, level, parent, contact, expect_version } => {
                let contact = match contact.given() {
                    true => {
                        let current = svc::list_jurisdictions(conn)?.into_iter().find(|j| j.code == code);
                        Some(contact.over(current.map(|j| svc::contact_of(&j)).unwrap_or_default()))
                    }
                    false => None,
                };
                let j = svc::update_jurisdiction(
                    conn,
                    &code,
                    &JurisdictionChanges { name, level, parent, contact },
                    expect_version,
                    now,
                )?;
                writeln!(out, "Updated jurisdiction {} (now version {}).", j.code, j.version)?;
            }
        },
        AdminCommand::Body(cmd) => match *cmd {
            BodyCommand::Create {
                slug,
                name,
                level,
                time_zone,
                ki,
                ki_from,
                ppid_email,
                ppid_phone,
                ppid_address,
                request_number_format,
                objection_number_format,
                letters,
            } => {
                let ki_from = date_arg("ki-from", ki_from.as_deref())?;
                let input = BodyInput {
                    letters: letters.into(),
                    slug,
                    name,
                    level,
                    time_zone,
                    ki,
                    ki_from,
                    ppid_email,
                    ppid_phone,
                    ppid_address,
                    request_number_format,
                    objection_number_format,
                    demo: false,
                };
                let b = svc::create_body(conn, &input, now)?;
                writeln!(
                    out,
                    "Created public body {} ({}), answering to KI {} from {}.",
                    b.body.slug, b.body.name, b.ki.code, b.ki_from
                )?;
                writeln!(out, "Request numbers look like: {}", b.body.request_number_format)?;
            }
            BodyCommand::List => {
                let all = svc::list_bodies(conn, now.date_naive())?;
                for b in &all {
                    writeln!(
                        out,
                        "{:<28} {:<26} {:<14} KI {:<18} v{}  {}",
                        b.body.slug, b.body.level, b.body.time_zone, b.ki.code, b.body.version, b.body.name
                    )?;
                }
                writeln!(out, "{} public bod{}.", all.len(), if all.len() == 1 { "y" } else { "ies" })?;
            }
            BodyCommand::Update {
                slug,
                name,
                level,
                time_zone,
                ppid_email,
                ppid_phone,
                ppid_address,
                request_number_format,
                objection_number_format,
                ki,
                ki_from,
                expect_version,
                letters,
            } => {
                let ki_from = date_arg("ki-from", ki_from.as_deref())?;
                let changes = BodyChanges {
                    letters: letters.into(),
                    name,
                    level,
                    time_zone,
                    ppid_email,
                    ppid_phone,
                    ppid_address,
                    request_number_format,
                    objection_number_format,
                    ki: ki.zip(ki_from),
                };
                let b = svc::update_body(conn, &slug, &changes, expect_version, now)?;
                writeln!(
                    out,
                    "Updated public body {} (now version {}); competent KI: {} from {}.",
                    b.body.slug, b.body.version, b.ki.code, b.ki_from
                )?;
            }
        },
        AdminCommand::User(cmd) => match cmd {
            UserCommand::Create { username, name, email, role, body, unit, jurisdiction } => {
                let input = accounts::NewUser { username, name, email, role, body, unit, jurisdiction };
                let (inv, mailed) = accounts::invite_user(conn, &settings.resolve_secrets()?, &input, now)?;
                writeln!(out, "Created account {} ({}).", inv.user.username, inv.user.role)?;
                if mailed {
                    writeln!(out, "The invitation with its link is on its way to {}.", inv.user.email)?;
                }
                print_link(out, settings, &inv)?;
            }
            UserCommand::List => {
                let users = accounts::list_users(conn)?;
                for u in &users {
                    let status = if u.disabled_at.is_some() {
                        "disabled"
                    } else if u.password_hash.is_none() {
                        "no password yet"
                    } else {
                        "active"
                    };
                    writeln!(out, "{:<24} {:<15} {:<16} {}", u.username, u.role, status, u.name)?;
                }
                writeln!(out, "{} account(s).", users.len())?;
            }
            UserCommand::Disable { username } => {
                let u = accounts::disable_user(conn, &username, now)?;
                writeln!(out, "Disabled {}; its sessions have ended.", u.username)?;
            }
            UserCommand::ResetPassword { username } => {
                let (inv, mailed) =
                    accounts::reset_password_and_mail(conn, &settings.resolve_secrets()?, &username, now)?;
                writeln!(out, "The password of {} no longer works and its sessions have ended.", inv.user.username)?;
                if mailed {
                    writeln!(out, "The new link is on its way to {}.", inv.user.email)?;
                }
                print_link(out, settings, &inv)?;
            }
            UserCommand::ResetTwoStep { username } => {
                let u = accounts::reset_second_factor(conn, &username)?;
                writeln!(
                    out,
                    "Two-step sign-in is off for {}; its sessions have ended. They sign in with their password and turn it on again.",
                    u.username
                )?;
            }
        },
        AdminCommand::Register(RegisterCommand::Import { body, file, apply }) => {
            let text =
                std::fs::read(&file).map_err(|e| CliError::Input(format!("cannot read {}: {e}", file.display())))?;
            let text = String::from_utf8(text)
                .map_err(|_| CliError::Input(format!("{} is not UTF-8 text; save it as CSV UTF-8", file.display())))?;
            let secrets = settings.resolve_secrets()?;
            let actor = crate::db::repo::events::Actor::new(crate::db::repo::events::ActorKind::Admin, "import");
            let report = crate::service::register_import::import(
                conn,
                settings.calendar,
                &secrets,
                &body,
                &text,
                !apply,
                &actor,
                now,
            )?;
            for p in &report.problems {
                let column = if p.column.is_empty() { String::new() } else { format!(", column {}", p.column) };
                writeln!(out, "line {}{column}: {} — {}", p.line, p.code, p.message)?;
            }
            if !report.problems.is_empty() {
                return Err(CliError::Input(format!(
                    "{} problem(s) in {} row(s); nothing was imported. Fix the file and run again.",
                    report.problems.len(),
                    report.rows
                )));
            }
            if report.imported {
                // A bulk load: fresh planner statistics, so registers and queues stay fast right away.
                crate::db::refresh_statistics(conn).map_err(|e| CliError::Failed(e.into()))?;
                writeln!(out, "Imported {} request(s) into {body}; new numbers continue after them.", report.rows)?;
            } else {
                writeln!(
                    out,
                    "Dry run: all {} row(s) are fine; nothing was written. Run again with --apply to import.",
                    report.rows
                )?;
            }
        }
        AdminCommand::Unit(cmd) => match cmd {
            UnitCommand::Create { body, slug, name, time_zone } => {
                let u = svc::create_unit(conn, &body, &UnitInput { slug, name, time_zone }, now)?;
                writeln!(out, "Created unit {}/{} ({}).", body, u.slug, u.name)?;
            }
            UnitCommand::List { body } => {
                let all = svc::list_units(conn, &body)?;
                for u in &all {
                    writeln!(
                        out,
                        "{:<28} {:<14} v{}  {}",
                        u.slug,
                        u.time_zone.as_deref().unwrap_or("(body's zone)"),
                        u.version,
                        u.name
                    )?;
                }
                writeln!(out, "{} unit(s).", all.len())?;
            }
            UnitCommand::Update { body, slug, name, time_zone, expect_version } => {
                let u = svc::update_unit(conn, &body, &slug, &UnitChanges { name, time_zone }, expect_version, now)?;
                writeln!(out, "Updated unit {}/{} (now version {}).", body, u.slug, u.version)?;
            }
        },
    }
    Ok(())
}
