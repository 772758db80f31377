//! A step posted on a request's page, read into the API's typed step (which becomes the command the one way both
//! take), and what a step that did not happen means for its form.

use actix_web::http::StatusCode;

use crate::domain::request::{DecisionInput, InfoForm};
use crate::i18n::{Locale, t};
use crate::service::ServiceError;
use crate::service::cases::RequestCommand;
use crate::web::form::{
    FieldErrors, SummaryField, date_text, field_message, optional_date_text, optional_text, posted_form,
};
use crate::web::steps::{RequestStep, StepKind, choice};

posted_form! {
    /// A step posted on a request's page: the fields of every step's form (each form posts the ones it has). A
    /// problem the service or the API names by the command's field is shown under the posted field listed here.
    pub struct RequestStepForm {
        action = "aksi",
        version = "versi",
        date = "tanggal" for "notice_on" | "notified_on" | "received_on" | "provided_on" | "closed_on",
        reason = "alasan",
        kind = "keputusan" for "decision",
        form = "bentuk",
        provide_by = "diberikan_paling_lambat",
        redacted_parts = "bagian_dihitamkan",
        art17_ground = "pasal17",
        consequence_test = "uji_konsekuensi",
        holder_known = "pemegang_diketahui",
        holder_name = "nama_pemegang",
        expected_by = "didokumentasikan_paling_lambat",
        fee_rupiah = "biaya",
        fee_basis = "cara_bayar",
        electronic = "elektronik",
        outcome = "hasil",
        duplicate_of = "duplikat_dari",
        unit = "unit",
        text = "catatan" for "note",
    }
}

posted_form! {
    /// An objection received on paper, registered from the request's page (its grounds, `alasan_keberatan`, are
    /// posted once per ground and read apart).
    pub struct PaperObjectionForm {
        channel = "saluran",
        date = "tanggal" for "received_at",
        time = "jam",
        summary = "ringkasan",
        representative_name = "kuasa",
        grounds = "alasan_keberatan",
    }
}

/// The fields of each form on a request's page as its error summary names them (by the form's `aksi`).
pub(super) fn summary_fields(form: &str) -> &'static [SummaryField] {
    match form {
        "perpanjang" => {
            &[("tanggal", "extend-tanggal", "case-extend-date"), ("alasan", "extend-alasan", "case-extend-reason")]
        }
        "pemberitahuan" => &[
            ("tanggal", "notice-tanggal", "case-notice-date"),
            ("keputusan", "keputusan", "case-notice-decision"),
            ("bentuk", "bentuk", "case-notice-form"),
            ("diberikan_paling_lambat", "diberikan_paling_lambat", "case-notice-provide-by"),
            ("biaya", "biaya", "case-notice-fee-amount"),
            ("cara_bayar", "cara_bayar", "case-notice-fee-basis"),
            ("pasal17", "pasal17", "case-notice-art17"),
            ("uji_konsekuensi", "uji_konsekuensi", "case-notice-consequence-test"),
            ("bagian_dihitamkan", "bagian_dihitamkan", "case-notice-redacted"),
            ("pemegang_diketahui", "pemegang_diketahui", "case-notice-holder-known"),
            ("nama_pemegang", "nama_pemegang", "case-notice-holder-name"),
            ("didokumentasikan_paling_lambat", "didokumentasikan_paling_lambat", "case-notice-expected-by"),
        ],
        "pemberitahuan_diterima" => &[("tanggal", "received-tanggal", "case-notice-received-date")],
        "diberikan" => &[("tanggal", "provide-tanggal", "case-provide-date")],
        "selesai" => &[("tanggal", "close-tanggal", "case-close-date")],
        "tutup_tanpa_keputusan" => &[
            ("hasil", "hasil", "case-terminal-outcome"),
            ("duplikat_dari", "duplikat_dari", "case-terminal-duplicate-of"),
            ("alasan", "terminal-alasan", "case-terminal-reason"),
            ("tanggal", "terminal-tanggal", "case-close-date"),
        ],
        "alihkan" => &[("unit", "route-unit", "queue-filter-unit"), ("alasan", "route-alasan", "case-route-reason")],
        "catatan" => &[("catatan", "catatan", "case-note-new")],
        "keberatan" => &[
            ("alasan_keberatan", "alasan_keberatan", "objection-grounds"),
            ("ringkasan", "ringkasan", "objection-summary"),
            ("saluran", "saluran", "desk-channel"),
            ("tanggal", "objection-tanggal", "desk-received"),
            ("jam", "objection-jam", "desk-received-time"),
            ("kuasa", "kuasa", "objection-kuasa"),
        ],
        "dokumen" => &[("dokumen", "dokumen", "case-upload-file")],
        _ => &[],
    }
}

/// An amount in rupiah as people write it ("25000", "25.000", "Rp 25.000"); empty is none.
fn rupiah(raw: &str, name: &str, errors: &mut FieldErrors, locale: Locale) -> Option<i64> {
    let digits: String = raw.trim().trim_start_matches("Rp").chars().filter(|c| !matches!(c, '.' | ' ')).collect();
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

impl RequestStepForm {
    /// The step as the API would send it: the typed text, or the problems of what does not read (dates, the
    /// fee, the choices), by posted name. What is missing for the step is for the one conversion to a command.
    pub fn read(self, locale: Locale) -> Result<RequestStep, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(kind) = StepKind::parse(&self.action) else {
            errors.insert("aksi".into(), t(locale, "form-error-invalid-choice"));
            return Err(errors);
        };
        let dated = !matches!(kind, StepKind::Route | StepKind::Note | StepKind::HideText | StepKind::ShowText);
        let date = if dated { date_text(&self.date, "tanggal", &mut errors, locale) } else { None };
        let decision = (kind == StepKind::Notice).then(|| {
            if self.kind.trim().is_empty() {
                errors.insert("keputusan".into(), t(locale, "form-error-required"));
            }
            let form = optional_text(&self.form).and_then(|f| {
                let form = choice::<InfoForm>(&f);
                if form.is_none() {
                    errors.insert("bentuk".into(), t(locale, "form-error-invalid-choice"));
                }
                form
            });
            DecisionInput {
                kind: self.kind.trim().to_owned(),
                form,
                provide_by: optional_date_text(&self.provide_by, "diberikan_paling_lambat", &mut errors, locale),
                redacted_parts: optional_text(&self.redacted_parts),
                art17_ground: optional_text(&self.art17_ground),
                consequence_test: optional_text(&self.consequence_test),
                holder_known: match self.holder_known.trim() {
                    "ya" => Some(true),
                    "tidak" => Some(false),
                    _ => None,
                },
                holder_name: optional_text(&self.holder_name),
                expected_by: optional_date_text(
                    &self.expected_by,
                    "didokumentasikan_paling_lambat",
                    &mut errors,
                    locale,
                ),
                fee_rupiah: rupiah(&self.fee_rupiah, "biaya", &mut errors, locale),
                fee_basis: optional_text(&self.fee_basis),
            }
        });
        if kind == StepKind::CloseWithoutDecision && self.outcome.trim().is_empty() {
            errors.insert("hasil".into(), t(locale, "form-error-invalid-choice"));
        }
        let step = RequestStep {
            version: self.version.trim().parse().unwrap_or_default(),
            step: self.action,
            date,
            reason: Some(self.reason.trim().to_owned()),
            decision,
            electronic: self.electronic == "ya",
            outcome: optional_text(&self.outcome),
            duplicate_of: optional_text(&self.duplicate_of),
            unit: optional_text(&self.unit),
            text: Some(self.text.trim().to_owned()),
        };
        if errors.is_empty() {
            return Ok(step);
        }
        // What the step itself needs is named with the rest, at once (a field keeps the first problem found).
        if let Err(ServiceError::Invalid(problems)) = RequestCommand::try_from(step) {
            for p in problems {
                let posted = RequestStepForm::field_of(p.field).unwrap_or(p.field);
                errors.entry(posted.to_owned()).or_insert_with(|| field_message(locale, p.field, p.code));
            }
        }
        Err(errors)
    }
}

/// What a step that did not happen means for its form: the status, the summary and the field errors (the
/// messages under `{prefix}-conflict` and `{prefix}-refused-{code}`); `Err` for what is not about the form
/// (forbidden, not found, the database).
pub(super) fn step_failure(
    locale: Locale,
    failure: ServiceError,
    prefix: &str,
    field_of: fn(&str) -> Option<&'static str>,
    refusal_default: Option<&str>,
) -> Result<(StatusCode, String, FieldErrors), ServiceError> {
    let mut errors = FieldErrors::new();
    match failure {
        ServiceError::Conflict { .. } => Ok((StatusCode::CONFLICT, t(locale, &format!("{prefix}-conflict")), errors)),
        ServiceError::Invalid(problems) => {
            for p in problems {
                let posted = field_of(p.field).unwrap_or(p.field);
                errors.insert(posted.to_owned(), field_message(locale, p.field, p.code));
            }
            Ok((StatusCode::BAD_REQUEST, t(locale, "form-error-summary"), errors))
        }
        ServiceError::Refused { code, field, .. } => {
            let message = t(locale, &format!("{prefix}-refused-{}", code.replace('_', "-")));
            if let Some(field) = field.and_then(field_of).or(refusal_default) {
                errors.insert(field.to_owned(), message.clone());
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, message, errors))
        }
        other => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> RequestStepForm {
        crate::web::form::read_pairs(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
    }

    #[test]
    fn every_problem_of_a_step_is_named_at_once_under_its_posted_field() {
        let form = posted(&[("aksi", "tutup_tanpa_keputusan"), ("tanggal", ""), ("hasil", "duplicate")]);
        let errors = form.read(Locale::Id).expect_err("an empty date and no original");
        let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        fields.sort();
        assert_eq!(fields, ["duplikat_dari", "tanggal"]);
    }

    #[test]
    fn a_field_emptied_is_shown_empty_again() {
        let form = posted(&[("aksi", "perpanjang"), ("tanggal", ""), ("alasan", "Data di unit lain")]);
        let entered = form.entered();
        assert_eq!(entered.get("tanggal").map(String::as_str), Some(""));
        assert_eq!(entered.get("alasan").map(String::as_str), Some("Data di unit lain"));
    }

    #[test]
    fn a_refusal_about_the_date_or_the_reason_is_shown_under_that_field() {
        assert_eq!(RequestStepForm::field_of("received_on"), Some("tanggal"));
        assert_eq!(RequestStepForm::field_of("reason"), Some("alasan"));
        assert_eq!(RequestStepForm::field_of("duplicate_of"), Some("duplikat_dari"));
        assert_eq!(RequestStepForm::field_of("document"), None);
    }
}
