//! A step on a request, typed once. The officers' API takes it as JSON; the workspace's form is read into it
//! ([`crate::web::pages::workspace::request_steps`]); both become the service's command through the one
//! `TryFrom` below, so the two cannot drift, and a problem carries the same field name on both (the API's).

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::IntoDeserializer;
use utoipa::ToSchema;

use crate::domain::body::FieldProblem;
use crate::domain::request::{DecisionInput, TerminalOutcome};
use crate::service::ServiceError;
use crate::service::cases::RequestCommand;

/// What a step does, by the API's name for it and (alias) the workspace form's `aksi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum StepKind {
    #[serde(rename = "extend", alias = "perpanjang")]
    Extend,
    #[serde(rename = "notice", alias = "pemberitahuan")]
    Notice,
    #[serde(rename = "notice_received", alias = "pemberitahuan_diterima")]
    NoticeReceived,
    #[serde(rename = "provide", alias = "diberikan")]
    Provide,
    #[serde(rename = "close", alias = "selesai")]
    Close,
    #[serde(rename = "close_without_decision", alias = "tutup_tanpa_keputusan")]
    CloseWithoutDecision,
    #[serde(rename = "route", alias = "alihkan")]
    Route,
    #[serde(rename = "note", alias = "catatan")]
    Note,
    #[serde(rename = "hide_text", alias = "sembunyikan")]
    HideText,
    #[serde(rename = "show_text", alias = "tampilkan")]
    ShowText,
}

impl StepKind {
    /// The step a name (the API's or the form's) stands for.
    pub fn parse(name: &str) -> Option<StepKind> {
        choice(name)
    }
}

/// A plain-text choice read as the enum it names (its serde name), or none.
pub fn choice<T: for<'de> Deserialize<'de>>(value: &str) -> Option<T> {
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = value.trim().into_deserializer();
    T::deserialize(de).ok()
}

/// One step on a request.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, ToSchema)]
#[schema(as = StepBody)]
pub struct RequestStep {
    /// The version read; the step is refused with 409 if the request changed since.
    pub version: i64,
    /// `extend`, `notice`, `notice_received`, `provide`, `close`, `close_without_decision`, `route`, `note`,
    /// `hide_text` or `show_text`.
    pub step: String,
    /// The date of the step (extension notified, notice given, received, provided, closed).
    pub date: Option<NaiveDate>,
    pub reason: Option<String>,
    pub decision: Option<DecisionInput>,
    /// The notice went by the portal or email (received the same day).
    #[serde(default)]
    pub electronic: bool,
    /// For `close_without_decision`: `spam`, `duplicate`, `not_kip` or `not_eligible`.
    pub outcome: Option<String>,
    /// For a duplicate: the earlier request's number.
    pub duplicate_of: Option<String>,
    /// For `route`: the unit's slug (none: back to the PPID Utama).
    pub unit: Option<String>,
    /// For `note`.
    pub text: Option<String>,
}

fn problem(field: &'static str, code: &'static str, message: &str) -> FieldProblem {
    FieldProblem::new(field, code, message)
}

impl TryFrom<RequestStep> for RequestCommand {
    type Error = ServiceError;

    /// Every problem at once, by the API's field names.
    fn try_from(step: RequestStep) -> Result<RequestCommand, ServiceError> {
        let mut problems = Vec::new();
        let Some(kind) = StepKind::parse(&step.step) else {
            return Err(ServiceError::Invalid(vec![problem("step", "invalid_choice", "no such step")]));
        };
        let dated = !matches!(kind, StepKind::Route | StepKind::Note | StepKind::HideText | StepKind::ShowText);
        if dated && step.date.is_none() {
            problems.push(problem("date", "required", "the step's date is required"));
        }
        if kind == StepKind::Notice && step.decision.is_none() {
            problems.push(problem("decision", "required", "a notice states its decision"));
        }
        let outcome = match (kind, step.outcome.as_deref().map(str::trim)) {
            (StepKind::CloseWithoutDecision, Some("duplicate")) => {
                let of = step.duplicate_of.as_deref().map(str::trim).unwrap_or_default().to_owned();
                if of.is_empty() {
                    problems.push(problem("duplicate_of", "required", "name the request this one repeats"));
                }
                Some(TerminalOutcome::Duplicate { of })
            }
            (StepKind::CloseWithoutDecision, Some(plain)) => {
                let outcome = choice::<PlainOutcome>(plain).map(PlainOutcome::outcome);
                if outcome.is_none() {
                    problems.push(problem("outcome", "invalid_choice", "no such outcome"));
                }
                outcome
            }
            (StepKind::CloseWithoutDecision, None) => {
                problems.push(problem("outcome", "required", "say how the request ends"));
                None
            }
            _ => None,
        };
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let date = step.date.unwrap_or_default();
        let reason = step.reason.unwrap_or_default();
        Ok(match kind {
            StepKind::Extend => RequestCommand::Extend { notified_on: date, reason },
            StepKind::Notice => RequestCommand::GiveNotice {
                notice_on: date,
                decision: step.decision.unwrap_or_default(),
                electronic: step.electronic,
            },
            StepKind::NoticeReceived => RequestCommand::RecordNoticeReceived { received_on: date },
            StepKind::Provide => RequestCommand::Provide { provided_on: date },
            StepKind::Close => RequestCommand::Close { closed_on: date },
            StepKind::CloseWithoutDecision => RequestCommand::CloseWithoutDecision {
                closed_on: date,
                outcome: outcome.expect("checked above"),
                reason,
            },
            StepKind::Route => RequestCommand::Route { unit: step.unit, reason },
            StepKind::Note => RequestCommand::AddNote { text: step.text.unwrap_or_default() },
            StepKind::HideText | StepKind::ShowText => {
                RequestCommand::SetTextHidden { hidden: kind == StepKind::HideText, reason }
            }
        })
    }
}

/// The ends without a decision that carry nothing more (a duplicate names its original).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum PlainOutcome {
    Spam,
    NotKip,
    NotEligible,
}

impl PlainOutcome {
    fn outcome(self) -> TerminalOutcome {
        match self {
            PlainOutcome::Spam => TerminalOutcome::Spam,
            PlainOutcome::NotKip => TerminalOutcome::NotKip,
            PlainOutcome::NotEligible => TerminalOutcome::NotEligible,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(json: serde_json::Value) -> Result<RequestCommand, ServiceError> {
        RequestCommand::try_from(serde_json::from_value::<RequestStep>(json).expect("a step"))
    }

    fn fields(e: ServiceError) -> Vec<&'static str> {
        match e {
            ServiceError::Invalid(p) => p.iter().map(|p| p.field).collect(),
            other => panic!("not invalid: {other:?}"),
        }
    }

    #[test]
    fn the_form_and_the_api_name_the_same_steps() {
        assert_eq!(StepKind::parse("perpanjang"), Some(StepKind::Extend));
        assert_eq!(StepKind::parse("extend"), Some(StepKind::Extend));
        assert_eq!(StepKind::parse("tampilkan"), Some(StepKind::ShowText));
        assert_eq!(StepKind::parse("terbang"), None);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let e = step(serde_json::json!({"version": 1, "step": "close_without_decision", "outcome": "duplicate"}));
        assert_eq!(fields(e.unwrap_err()), ["date", "duplicate_of"]);
        let e = step(serde_json::json!({"version": 1, "step": "notice"}));
        assert_eq!(fields(e.unwrap_err()), ["date", "decision"]);
        let e = step(serde_json::json!({"version": 1, "step": "close_without_decision", "date": "2025-03-21",
            "outcome": "lost"}));
        assert_eq!(fields(e.unwrap_err()), ["outcome"]);
    }

    #[test]
    fn a_plain_end_and_a_note_become_their_commands() {
        let c = step(serde_json::json!({"version": 1, "step": "tutup_tanpa_keputusan", "date": "2025-03-21",
            "outcome": "not_kip", "reason": "Pengaduan"}));
        assert!(matches!(c, Ok(RequestCommand::CloseWithoutDecision { outcome: TerminalOutcome::NotKip, .. })));
        let c = step(serde_json::json!({"version": 1, "step": "note", "text": "Cek arsip"}));
        assert!(matches!(c, Ok(RequestCommand::AddNote { text }) if text == "Cek arsip"));
    }
}
