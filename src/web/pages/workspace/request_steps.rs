//! A step posted on a request's page read into a command (field problems by the form's field names), and which
//! field a refusal of the law or a service problem is about.

use std::collections::HashMap;

use actix_web::http::StatusCode;

use crate::db::models::accounts::UserRow;
use crate::domain::request::{DecisionInput, InfoForm, TerminalOutcome};
use crate::i18n::{Locale, t};
use crate::service::ServiceError;
use crate::service::cases::RequestCommand;
use crate::web::form::{FieldErrors, date_field, field_message, optional_date};

/// An amount in rupiah as people write it ("25000", "25.000", "Rp 25.000"); empty is none.
pub(super) fn rupiah(
    input: &HashMap<String, String>,
    name: &str,
    errors: &mut FieldErrors,
    locale: Locale,
) -> Option<i64> {
    let raw = input.get(name).map(|s| s.trim()).unwrap_or_default();
    let digits: String = raw.trim_start_matches("Rp").chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if digits.is_empty() {
        return None;
    }
    match digits.parse::<i64>() {
        Ok(n) if (0..=1_000_000_000).contains(&n) => Some(n),
        _ => {
            errors.insert(name.to_owned(), t(locale, "case-error-fee"));
            None
        }
    }
}

/// Reads a posted step into a command. Field problems are reported by field name.
pub(super) fn command(
    locale: Locale,
    action: &str,
    input: &HashMap<String, String>,
    user: &UserRow,
) -> Result<RequestCommand, FieldErrors> {
    let mut errors = FieldErrors::new();
    let text = |k: &str| input.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let opt = |k: &str| Some(text(k)).filter(|s| !s.is_empty());
    let cmd = match action {
        "perpanjang" => {
            let date = date_field(input, "tanggal", &mut errors, locale);
            date.map(|notified_on| RequestCommand::Extend { notified_on, reason: text("alasan") })
        }
        "pemberitahuan" => {
            let date = date_field(input, "tanggal", &mut errors, locale);
            let kind = text("keputusan");
            if kind.is_empty() {
                errors.insert("keputusan".into(), t(locale, "form-error-required"));
            }
            let form = match text("bentuk").as_str() {
                "softcopy" => Some(InfoForm::Softcopy),
                "hardcopy" => Some(InfoForm::Hardcopy),
                "inspection" => Some(InfoForm::Inspection),
                _ => None,
            };
            let decision = DecisionInput {
                kind,
                form,
                provide_by: optional_date(input, "diberikan_paling_lambat", &mut errors, locale),
                redacted_parts: opt("bagian_dihitamkan"),
                art17_ground: opt("pasal17"),
                consequence_test: opt("uji_konsekuensi"),
                holder_known: match text("pemegang_diketahui").as_str() {
                    "ya" => Some(true),
                    "tidak" => Some(false),
                    _ => None,
                },
                holder_name: opt("nama_pemegang"),
                expected_by: optional_date(input, "didokumentasikan_paling_lambat", &mut errors, locale),
                fee_rupiah: rupiah(input, "biaya", &mut errors, locale),
                fee_basis: opt("cara_bayar"),
            };
            let electronic = input.get("elektronik").is_some_and(|v| v == "ya");
            date.map(|notice_on| RequestCommand::GiveNotice { notice_on, decision, electronic })
        }
        "pemberitahuan_diterima" => date_field(input, "tanggal", &mut errors, locale)
            .map(|received_on| RequestCommand::RecordNoticeReceived { received_on }),
        "diberikan" => {
            date_field(input, "tanggal", &mut errors, locale).map(|provided_on| RequestCommand::Provide { provided_on })
        }
        "selesai" => {
            date_field(input, "tanggal", &mut errors, locale).map(|closed_on| RequestCommand::Close { closed_on })
        }
        "tutup_tanpa_keputusan" => {
            let date = date_field(input, "tanggal", &mut errors, locale);
            let outcome = match text("hasil").as_str() {
                "spam" => Some(TerminalOutcome::Spam),
                "duplicate" => {
                    let of = text("duplikat_dari");
                    if of.is_empty() {
                        errors.insert("duplikat_dari".into(), t(locale, "form-error-required"));
                    }
                    Some(TerminalOutcome::Duplicate { of })
                }
                "not_kip" => Some(TerminalOutcome::NotKip),
                "not_eligible" => Some(TerminalOutcome::NotEligible),
                _ => {
                    errors.insert("hasil".into(), t(locale, "form-error-invalid-choice"));
                    None
                }
            };
            match (date, outcome) {
                (Some(closed_on), Some(outcome)) => {
                    Some(RequestCommand::CloseWithoutDecision { closed_on, outcome, reason: text("alasan") })
                }
                _ => None,
            }
        }
        "alihkan" => Some(RequestCommand::Route { unit: opt("unit"), reason: text("alasan") }),
        "catatan" => Some(RequestCommand::AddNote { author_id: user.id.clone(), text: text("catatan") }),
        "sembunyikan" | "tampilkan" => {
            Some(RequestCommand::SetTextHidden { hidden: action == "sembunyikan", reason: text("alasan") })
        }
        _ => None,
    };
    match cmd {
        Some(c) if errors.is_empty() => Ok(c),
        _ => {
            if errors.is_empty() {
                errors.insert("aksi".into(), t(locale, "form-error-invalid-choice"));
            }
            Err(errors)
        }
    }
}

/// The form field a refusal is about, when it is about one.
pub(super) fn refusal_field(code: &str) -> Option<&'static str> {
    match code {
        "extension_reason_required" | "reason_required" => Some("alasan"),
        "before_receipt" | "date_before_notice" | "extension_after_deadline" => Some("tanggal"),
        _ => None,
    }
}

/// The form field a service problem belongs to.
pub(super) fn form_field(service_field: &str) -> &str {
    match service_field {
        "notice_on" | "notified_on" | "received_on" | "provided_on" | "closed_on" => "tanggal",
        "decision" => "keputusan",
        "form" => "bentuk",
        "provide_by" => "diberikan_paling_lambat",
        "redacted_parts" => "bagian_dihitamkan",
        "art17_ground" => "pasal17",
        "consequence_test" => "uji_konsekuensi",
        "holder_known" => "pemegang_diketahui",
        "holder_name" => "nama_pemegang",
        "expected_by" => "didokumentasikan_paling_lambat",
        "fee_rupiah" => "biaya",
        "fee_basis" => "cara_bayar",
        "reason" => "alasan",
        "note" => "catatan",
        "document" => "dokumen",
        other => other,
    }
}

/// What a step that did not happen means for its form: the status, the summary and the field errors (the
/// messages under `{prefix}-conflict` and `{prefix}-refused-{code}`); `Err` for what is not about the form
/// (forbidden, not found, the database).
pub(super) fn step_failure(
    locale: Locale,
    failure: ServiceError,
    prefix: &str,
    field_of: fn(&str) -> &str,
    refusal_default: Option<&str>,
) -> Result<(StatusCode, String, FieldErrors), ServiceError> {
    let mut errors = FieldErrors::new();
    match failure {
        ServiceError::Conflict { .. } => Ok((StatusCode::CONFLICT, t(locale, &format!("{prefix}-conflict")), errors)),
        ServiceError::Invalid(problems) => {
            for p in problems {
                errors.insert(field_of(p.field).to_owned(), field_message(locale, p.field, p.code));
            }
            Ok((StatusCode::BAD_REQUEST, t(locale, "form-error-summary"), errors))
        }
        ServiceError::Refused { code, .. } => {
            let message = t(locale, &format!("{prefix}-refused-{}", code.replace('_', "-")));
            if let Some(field) = refusal_field(code).or(refusal_default) {
                errors.insert(field.to_owned(), message.clone());
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, message, errors))
        }
        other => Err(other),
    }
}
