//! The written notice's decision (pemberitahuan tertulis, UU 14/2008 Art. 22(7), domain.md §4): what it may decide,
//! the Art. 17 ground of an exemption, the form information is given in, the fee, and reading its raw fields.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::request_error::RequestError;

/// The exemption grounds of UU 14/2008 Art. 17, letters a–j.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Art17Ground(char);

impl Art17Ground {
    pub fn parse(s: &str) -> Option<Art17Ground> {
        let mut chars = s.trim().chars();
        match (chars.next(), chars.next()) {
            (Some(c @ 'a'..='j'), None) => Some(Art17Ground(c)),
            _ => None,
        }
    }

    pub fn letter(self) -> char {
        self.0
    }
}

/// In which form the information is held or given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InfoForm {
    Softcopy,
    Hardcopy,
    Inspection,
}

impl InfoForm {
    pub fn as_str(self) -> &'static str {
        match self {
            InfoForm::Softcopy => "softcopy",
            InfoForm::Hardcopy => "hardcopy",
            InfoForm::Inspection => "inspection",
        }
    }
}

/// Whether the body that holds information the body does not hold is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "holder", rename_all = "snake_case")]
pub enum HolderKnowledge {
    Unknown,
    Known { name: String },
}

/// The one decision a written notice carries (UU 22(7), domain.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Granted {
        form: InfoForm,
        provide_by: NaiveDate,
    },
    GrantedInPart {
        form: InfoForm,
        provide_by: NaiveDate,
        redacted_parts: String,
        ground: Art17Ground,
        consequence_test: String,
    },
    RefusedExempt {
        ground: Art17Ground,
        consequence_test: String,
    },
    NotHeld {
        holder: HolderKnowledge,
    },
    NotYetDocumented {
        expected_by: NaiveDate,
    },
}

impl Decision {
    pub fn kind(&self) -> &'static str {
        match self {
            Decision::Granted { .. } => "granted",
            Decision::GrantedInPart { .. } => "granted_in_part",
            Decision::RefusedExempt { .. } => "refused_exempt",
            Decision::NotHeld { .. } => "not_held",
            Decision::NotYetDocumented { .. } => "not_yet_documented",
        }
    }

    /// The date by which the notice promised the information, if it promised any.
    pub fn promised_by(&self) -> Option<NaiveDate> {
        match self {
            Decision::Granted { provide_by, .. } | Decision::GrantedInPart { provide_by, .. } => Some(*provide_by),
            Decision::NotYetDocumented { expected_by } => Some(*expected_by),
            Decision::RefusedExempt { .. } | Decision::NotHeld { .. } => None,
        }
    }

    pub(crate) fn provides_information(&self) -> bool {
        self.promised_by().is_some()
    }
}

/// The raw fields of a written notice, as a form or the API gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = DecisionBody)]
pub struct DecisionInput {
    /// `granted`, `granted_in_part`, `refused_exempt`, `not_held` or `not_yet_documented`.
    pub kind: String,
    /// `softcopy`, `hardcopy` or `inspection` (when information is given).
    pub form: Option<InfoForm>,
    pub provide_by: Option<NaiveDate>,
    pub redacted_parts: Option<String>,
    /// One letter a–j of UU 14/2008 Art. 17.
    pub art17_ground: Option<String>,
    pub consequence_test: Option<String>,
    /// For "not held": does the body know who holds it?
    pub holder_known: Option<bool>,
    pub holder_name: Option<String>,
    pub expected_by: Option<NaiveDate>,
    /// The fee for copying or delivery, in rupiah (none or 0: free).
    #[serde(default)]
    pub fee_rupiah: Option<i64>,
    /// What the fee is for and how to pay it.
    #[serde(default)]
    pub fee_basis: Option<String>,
}

/// What the requester pays: only the cost of copying or delivery (UU 14/2008 Art. 21), and how to pay it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub rupiah: i64,
    pub basis: String,
}

fn required_text(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

impl DecisionInput {
    /// The fee, if any: not negative, and a fee needs its basis and how to pay.
    pub fn fee(&self) -> Result<Option<Fee>, Vec<RequestError>> {
        match self.fee_rupiah {
            None | Some(0) => Ok(None),
            Some(n) if n < 0 => Err(vec![RequestError::FeeInvalid]),
            Some(rupiah) => match required_text(&self.fee_basis) {
                Some(basis) => Ok(Some(Fee { rupiah, basis })),
                None => Err(vec![RequestError::FeeBasisRequired]),
            },
        }
    }

    /// Turns raw fields into a lawful decision, or says every rule that is not met.
    pub fn parse(&self, notice_on: NaiveDate) -> Result<Decision, Vec<RequestError>> {
        let mut errors = Vec::new();
        let ground = match self.art17_ground.as_deref() {
            Some(g) => match Art17Ground::parse(g) {
                Some(g) => Some(g),
                None => {
                    errors.push(RequestError::InvalidArt17Ground);
                    None
                }
            },
            None => None,
        };
        let consequence_test = required_text(&self.consequence_test);
        let need_provision = |errors: &mut Vec<RequestError>| -> Option<(InfoForm, NaiveDate)> {
            let form = self.form.or_else(|| {
                errors.push(RequestError::FormRequired);
                None
            });
            let by = match self.provide_by {
                Some(d) if d < notice_on => {
                    errors.push(RequestError::DateBeforeNotice { field: "provide_by" });
                    None
                }
                Some(d) => Some(d),
                None => {
                    errors.push(RequestError::ProvisionDateRequired);
                    None
                }
            };
            Some((form?, by?))
        };
        let decision = match self.kind.as_str() {
            "granted" => need_provision(&mut errors).map(|(form, provide_by)| Decision::Granted { form, provide_by }),
            "granted_in_part" => {
                let provision = need_provision(&mut errors);
                let redacted = required_text(&self.redacted_parts);
                if redacted.is_none() {
                    errors.push(RequestError::RedactionReasonsRequired);
                }
                if ground.is_none() && self.art17_ground.is_none() {
                    errors.push(RequestError::Art17GroundRequired);
                }
                if consequence_test.is_none() {
                    errors.push(RequestError::ConsequenceTestRequired);
                }
                match (provision, redacted, ground, consequence_test) {
                    (Some((form, provide_by)), Some(redacted_parts), Some(ground), Some(consequence_test)) => {
                        Some(Decision::GrantedInPart { form, provide_by, redacted_parts, ground, consequence_test })
                    }
                    _ => None,
                }
            }
            "refused_exempt" => {
                if ground.is_none() && self.art17_ground.is_none() {
                    errors.push(RequestError::Art17GroundRequired);
                }
                if consequence_test.is_none() {
                    errors.push(RequestError::ConsequenceTestRequired);
                }
                match (ground, consequence_test) {
                    (Some(ground), Some(consequence_test)) => {
                        Some(Decision::RefusedExempt { ground, consequence_test })
                    }
                    _ => None,
                }
            }
            "not_held" => match (self.holder_known, required_text(&self.holder_name)) {
                (None, _) => {
                    errors.push(RequestError::HolderKnowledgeRequired);
                    None
                }
                (Some(true), None) => {
                    errors.push(RequestError::HolderNameRequired);
                    None
                }
                (Some(true), Some(name)) => Some(Decision::NotHeld { holder: HolderKnowledge::Known { name } }),
                (Some(false), _) => Some(Decision::NotHeld { holder: HolderKnowledge::Unknown }),
            },
            "not_yet_documented" => match self.expected_by {
                None => {
                    errors.push(RequestError::ExpectedDateRequired);
                    None
                }
                Some(d) if d < notice_on => {
                    errors.push(RequestError::DateBeforeNotice { field: "expected_by" });
                    None
                }
                Some(expected_by) => Some(Decision::NotYetDocumented { expected_by }),
            },
            _ => {
                errors.push(RequestError::UnknownDecision);
                None
            }
        };
        match decision {
            Some(d) if errors.is_empty() => Ok(d),
            _ => Err(errors),
        }
    }
}
