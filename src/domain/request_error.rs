//! What the law (or a request's state) does not allow, as errors with stable codes.

use chrono::NaiveDate;

/// What the law (or the request's state) does not allow. Each has a stable code for the API and translations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("a request may be extended only once (UU 22(8))")]
    SecondExtension,
    #[error("an extension must be notified on or before the C1 deadline {deadline}; a late extension moves nothing")]
    ExtensionAfterDeadline { deadline: NaiveDate },
    #[error("an extension needs written reasons")]
    ExtensionReasonRequired,
    #[error("a refusal or redaction needs the Art. 17 ground (a–j)")]
    Art17GroundRequired,
    #[error("the Art. 17 ground must be one letter from a to j")]
    InvalidArt17Ground,
    #[error("a refusal or redaction needs the summary of the consequence test (PP 61/2010)")]
    ConsequenceTestRequired,
    #[error("a partial grant must say which parts are blacked out and why")]
    RedactionReasonsRequired,
    #[error("\"not held\" must say whether the body knows who holds the information")]
    HolderKnowledgeRequired,
    #[error("\"not held\" with a known holder must name the holder")]
    HolderNameRequired,
    #[error("\"not yet documented\" must give the date by which it will be")]
    ExpectedDateRequired,
    #[error("the notice must say in which form the information is given")]
    FormRequired,
    #[error("the notice must say when the information will be provided")]
    ProvisionDateRequired,
    #[error("{field} cannot be before the notice")]
    DateBeforeNotice { field: &'static str },
    #[error("unknown decision; expected granted, granted_in_part, refused_exempt, not_held or not_yet_documented")]
    UnknownDecision,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the fee must be a whole number of rupiah, not negative")]
    FeeInvalid,
    #[error("a fee must say what it is for (copying or delivery only) and how to pay it")]
    FeeBasisRequired,
    #[error("a fee can be charged only when information is provided")]
    FeeWithoutProvision,
    #[error("the date {date} is before the request was received ({received})")]
    BeforeReceipt { date: NaiveDate, received: NaiveDate },
    #[error("this decision provides no information to deliver")]
    NothingToProvide,
    #[error("a request in state {state} cannot be {action}")]
    InvalidTransition { state: &'static str, action: &'static str },
}

impl RequestError {
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::SecondExtension => "second_extension",
            RequestError::ExtensionAfterDeadline { .. } => "extension_after_deadline",
            RequestError::ExtensionReasonRequired => "extension_reason_required",
            RequestError::Art17GroundRequired => "art17_ground_required",
            RequestError::InvalidArt17Ground => "invalid_art17_ground",
            RequestError::ConsequenceTestRequired => "consequence_test_required",
            RequestError::RedactionReasonsRequired => "redaction_reasons_required",
            RequestError::HolderKnowledgeRequired => "holder_knowledge_required",
            RequestError::HolderNameRequired => "holder_name_required",
            RequestError::ExpectedDateRequired => "expected_date_required",
            RequestError::FormRequired => "form_required",
            RequestError::ProvisionDateRequired => "provision_date_required",
            RequestError::DateBeforeNotice { .. } => "date_before_notice",
            RequestError::UnknownDecision => "unknown_decision",
            RequestError::ReasonRequired => "reason_required",
            RequestError::FeeInvalid => "fee_invalid",
            RequestError::FeeBasisRequired => "fee_basis_required",
            RequestError::FeeWithoutProvision => "fee_without_provision",
            RequestError::BeforeReceipt { .. } => "before_receipt",
            RequestError::NothingToProvide => "nothing_to_provide",
            RequestError::InvalidTransition { .. } => "invalid_transition",
        }
    }
}

impl super::Refusal for RequestError {
    fn code(&self) -> &'static str {
        RequestError::code(self)
    }

    /// The input a refusal is about, by the name the notice's decision and the step's command give it.
    fn field(&self) -> Option<&'static str> {
        Some(match self {
            RequestError::Art17GroundRequired | RequestError::InvalidArt17Ground => "art17_ground",
            RequestError::ConsequenceTestRequired => "consequence_test",
            RequestError::RedactionReasonsRequired => "redacted_parts",
            RequestError::HolderKnowledgeRequired => "holder_known",
            RequestError::HolderNameRequired => "holder_name",
            RequestError::ExpectedDateRequired => "expected_by",
            RequestError::FormRequired => "form",
            RequestError::ProvisionDateRequired => "provide_by",
            RequestError::DateBeforeNotice { field } => field,
            RequestError::FeeInvalid | RequestError::FeeWithoutProvision => "fee_rupiah",
            RequestError::FeeBasisRequired => "fee_basis",
            RequestError::UnknownDecision => "decision",
            RequestError::ExtensionReasonRequired | RequestError::ReasonRequired => "reason",
            RequestError::ExtensionAfterDeadline { .. } | RequestError::BeforeReceipt { .. } => "date",
            RequestError::SecondExtension | RequestError::NothingToProvide | RequestError::InvalidTransition { .. } => {
                return None;
            }
        })
    }
}
