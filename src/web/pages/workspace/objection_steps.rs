//! The objection page's step forms: what each posts (`ObjectionStepForm`), and how a posted step is read into a
//! command, every problem named under its posted field; which dispute steps can be recorded next.

use chrono::NaiveDate;

use crate::domain::dispute::AdjudicationOutcome;
use crate::domain::objection::{AtasanOutcome, DisclosureOrder, Reaction};
use crate::i18n::{Locale, t};
use crate::service::cases::{DisputeCommand, ObjectionCommand};
use crate::web::form::{self, FieldErrors, posted_form};
use crate::web::steps::choice;

posted_form! {
    /// A step posted on an objection's page: the fields of every step's form (each form posts the ones it has).
    pub struct ObjectionStepForm {
        action = "aksi",
        version = "versi",
        date = "tanggal" for "decided_on" | "received_on" | "filed_on" | "on",
        outcome = "hasil",
        reasons = "alasan",
        atasan_name = "nama_atasan",
        atasan_position = "jabatan_atasan",
        electronic = "elektronik",
        reaction = "reaksi",
        dispute = "sengketa",
        dispute_version = "versi_sengketa",
        dispute_step = "langkah",
        decision_received_on = "tanggal_diterima",
        ki_number = "nomor",
        court = "pengadilan",
        order_what = "yang_diberikan",
        order_by = "paling_lambat",
        note = "keterangan",
        original = "asli",
    }
}

/// The fields of each form on an objection's page as its error summary names them (by the form's `aksi`).
pub(super) fn summary_fields(form: &str) -> &'static [form::SummaryField] {
    match form {
        "putuskan" => &[
            ("hasil", "hasil", "objection-decision-outcome"),
            ("alasan", "alasan", "objection-decision-reasons"),
            ("nama_atasan", "nama_atasan", "objection-atasan-name"),
            ("jabatan_atasan", "jabatan_atasan", "objection-atasan-position"),
            ("tanggal", "decide-tanggal", "objection-decision-date"),
            ("yang_diberikan", "yang_diberikan", "objection-order-what"),
            ("paling_lambat", "paling_lambat", "objection-order-by"),
        ],
        "laksanakan" => &[
            ("tanggal", "carry-tanggal", "objection-carried-out-on"),
            ("keterangan", "keterangan", "objection-carried-out-note"),
        ],
        "tutup_duplikat" => &[
            ("asli", "asli", "objection-duplicate-original"),
            ("alasan", "duplicate-alasan", "objection-duplicate-reason"),
            ("tanggal", "duplicate-tanggal", "objection-duplicate-date"),
        ],
        "putusan_diterima" => &[("tanggal", "received-tanggal", "case-notice-received-date")],
        "tanggapan_pemohon" => &[("reaksi", "reaksi", "objection-reaction")],
        "sengketa" => &[("tanggal", "dispute-tanggal", "dispute-date")],
        "langkah_sengketa" => &[
            ("langkah", "langkah", "dispute-step"),
            ("tanggal", "step-tanggal", "dispute-step-date"),
            ("nomor", "nomor", "dispute-ki-number-label"),
            ("hasil", "adjudication-hasil", "dispute-adjudication-outcome"),
            ("tanggal_diterima", "tanggal_diterima", "dispute-adjudication-received"),
            ("pengadilan", "pengadilan", "dispute-court"),
        ],
        _ => &[],
    }
}

/// The step forms on the page, by the `aksi` they post.
pub(super) const STEP_FORMS: [&str; 7] = [
    "putuskan",
    "laksanakan",
    "tutup_duplikat",
    "putusan_diterima",
    "tanggapan_pemohon",
    "sengketa",
    "langkah_sengketa",
];

pub(super) const OUTCOMES: [&str; 3] = ["upheld", "overturned", "overturned_in_part"];
pub(super) const REACTIONS: [&str; 2] = ["accepts", "goes_to_ki"];
pub(super) const ADJUDICATION: [&str; 3] = ["granted", "granted_in_part", "rejected"];

/// The steps of a dispute that can be recorded now, in the order they happen.
pub(super) fn dispute_steps(d: &crate::domain::dispute::Dispute) -> Vec<&'static str> {
    let mut steps = Vec::new();
    if !d.confirmed {
        steps.push("confirm");
    }
    if d.ki_number.is_none() {
        steps.push("ki_registered");
    }
    if d.first_session_on.is_none() {
        steps.push("first_session");
    }
    if d.mediable && d.first_session_on.is_some() && !d.mediation_extended && d.mediation_agreement_on.is_none() {
        steps.push("mediation_extended");
    }
    if d.mediable && d.mediation_agreement_on.is_none() && d.adjudication.is_none() {
        steps.push("mediation_agreement");
    }
    if d.adjudication.is_none() {
        steps.push("adjudication");
    }
    if d.complied.is_none() && (d.adjudication.is_some() || d.mediation_agreement_on.is_some()) {
        steps.push("complied");
        steps.push("not_complied");
    }
    if d.adjudication.is_some() && d.court_challenge.is_none() {
        steps.push("court_challenge");
    }
    if d.court_challenge.is_some() && d.court_decision_received_on.is_none() {
        steps.push("court_decision");
    }
    steps
}

/// What a posted step asks for.
pub(super) enum Step {
    Objection(ObjectionCommand),
    DisputeFiled { filed_on: NaiveDate },
    DisputeProgress { dispute_id: String, version: i64, command: DisputeCommand },
}

pub(super) fn read_step(locale: Locale, posted: &ObjectionStepForm) -> Result<Step, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = |raw: &str, name: &str, errors: &mut FieldErrors| form::date_text(raw, name, errors, locale);
    let step = match posted.action.as_str() {
        "putuskan" => {
            let date = date(&posted.date, "tanggal", &mut errors);
            let outcome = choice::<AtasanOutcome>(&posted.outcome);
            if outcome.is_none() {
                errors.insert("hasil".into(), t(locale, "form-error-invalid-choice"));
            }
            for (name, value) in [
                ("alasan", &posted.reasons),
                ("nama_atasan", &posted.atasan_name),
                ("jabatan_atasan", &posted.atasan_position),
            ] {
                if value.trim().is_empty() {
                    errors.insert(name.into(), t(locale, "form-error-required"));
                }
            }
            // An overturn orders the PPID to give something by a date; an upheld response orders nothing.
            let order = match outcome {
                Some(AtasanOutcome::Upheld) | None => None,
                Some(_) => {
                    if posted.order_what.trim().is_empty() {
                        errors.insert("yang_diberikan".into(), t(locale, "objection-order-what-required"));
                    }
                    let by = form::date_text(&posted.order_by, "paling_lambat", &mut errors, locale);
                    by.map(|by| DisclosureOrder { what: posted.order_what.trim().to_owned(), by })
                }
            };
            match (date, outcome) {
                (Some(decided_on), Some(outcome)) => Some(Step::Objection(ObjectionCommand::Decide {
                    decided_on,
                    outcome,
                    reasons: posted.reasons.trim().to_owned(),
                    atasan_name: posted.atasan_name.trim().to_owned(),
                    atasan_position: posted.atasan_position.trim().to_owned(),
                    order,
                    electronic: posted.electronic == "ya",
                })),
                _ => None,
            }
        }
        "laksanakan" => {
            let on = date(&posted.date, "tanggal", &mut errors);
            if posted.note.trim().is_empty() {
                errors.insert("keterangan".into(), t(locale, "form-error-required"));
            }
            on.map(|on| Step::Objection(ObjectionCommand::CarryOutOrder { on, note: posted.note.trim().to_owned() }))
        }
        "tutup_duplikat" => {
            let on = date(&posted.date, "tanggal", &mut errors);
            if posted.original.trim().is_empty() {
                errors.insert("asli".into(), t(locale, "objection-duplicate-original-required"));
            }
            if posted.reasons.trim().is_empty() {
                errors.insert("alasan".into(), t(locale, "form-error-required"));
            }
            on.map(|closed_on| {
                Step::Objection(ObjectionCommand::CloseAsDuplicate {
                    closed_on,
                    original_id: posted.original.trim().to_owned(),
                    original_number: String::new(),
                    reason: posted.reasons.trim().to_owned(),
                })
            })
        }
        "putusan_diterima" => date(&posted.date, "tanggal", &mut errors)
            .map(|received_on| Step::Objection(ObjectionCommand::RecordDecisionReceived { received_on })),
        "tanggapan_pemohon" => {
            let reaction = choice::<Reaction>(&posted.reaction);
            if reaction.is_none() {
                errors.insert("reaksi".into(), t(locale, "form-error-invalid-choice"));
            }
            reaction.map(|reaction| Step::Objection(ObjectionCommand::Reaction { reaction }))
        }
        "sengketa" => date(&posted.date, "tanggal", &mut errors).map(|filed_on| Step::DisputeFiled { filed_on }),
        "langkah_sengketa" => {
            let dispute_id = posted.dispute.trim().to_owned();
            let version = posted.dispute_version.trim().parse::<i64>().ok();
            let command = match posted.dispute_step.trim() {
                "confirm" => Some(DisputeCommand::Confirm),
                "ki_registered" => {
                    let number = posted.ki_number.trim().to_owned();
                    if number.is_empty() {
                        errors.insert("nomor".into(), t(locale, "form-error-required"));
                    }
                    date(&posted.date, "tanggal", &mut errors)
                        .map(|on| DisputeCommand::RegisterAtKi { ki_number: number, received_by_ki_on: on })
                }
                "first_session" => {
                    date(&posted.date, "tanggal", &mut errors).map(|on| DisputeCommand::FirstSession { on })
                }
                "mediation_extended" => Some(DisputeCommand::ExtendMediation),
                "mediation_agreement" => {
                    date(&posted.date, "tanggal", &mut errors).map(|on| DisputeCommand::MediationAgreement { on })
                }
                "adjudication" => {
                    let decided = date(&posted.date, "tanggal", &mut errors);
                    let received = date(&posted.decision_received_on, "tanggal_diterima", &mut errors);
                    let outcome = choice::<AdjudicationOutcome>(&posted.outcome);
                    if outcome.is_none() {
                        errors.insert("hasil".into(), t(locale, "form-error-invalid-choice"));
                    }
                    match (decided, received, outcome) {
                        (Some(decided_on), Some(received_on), Some(outcome)) => {
                            Some(DisputeCommand::AdjudicationDecision { decided_on, received_on, outcome })
                        }
                        _ => None,
                    }
                }
                "complied" | "not_complied" => {
                    let complied = posted.dispute_step.trim() == "complied";
                    date(&posted.date, "tanggal", &mut errors).map(|on| DisputeCommand::Compliance { complied, on })
                }
                "court_challenge" => {
                    let court = posted.court.trim().to_owned();
                    if court.is_empty() {
                        errors.insert("pengadilan".into(), t(locale, "form-error-required"));
                    }
                    date(&posted.date, "tanggal", &mut errors)
                        .map(|filed_on| DisputeCommand::CourtChallenge { filed_on, court })
                }
                "court_decision" => date(&posted.date, "tanggal", &mut errors)
                    .map(|received_on| DisputeCommand::CourtDecision { received_on }),
                _ => {
                    errors.insert("langkah".into(), t(locale, "form-error-invalid-choice"));
                    None
                }
            };
            match (command, version) {
                (Some(command), Some(version)) => Some(Step::DisputeProgress { dispute_id, version, command }),
                _ => None,
            }
        }
        _ => None,
    };
    match step {
        Some(s) if errors.is_empty() => Ok(s),
        _ => {
            if errors.is_empty() {
                errors.insert("aksi".into(), t(locale, "form-error-invalid-choice"));
            }
            Err(errors)
        }
    }
}
