//! The dispute (sengketa informasi) at the Komisi Informasi (UU 37–38, 48; Perki 1/2013; domain.md §5).
//!
//! Terbuka does not run the KI's procedure; it tracks it as evidence. What the requester records about a filing
//! is their claim until an officer confirms it. The dates the KI's steps happened are recorded; the clocks C6–C9
//! are computed from them for display and evidence (C9 counts working days; kasasi's 14 days are calendar days).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::CalendarView;
use super::objection::{Objection, ObjectionGround};

/// C6: the KI starts settling within 14 wd of receipt (UU 38(1)).
pub const C6_KI_START: u32 = 14;
/// C7: the KI finishes within 100 wd of receipt, a target ("dapat", UU 38(2)).
pub const C7_KI_FINISH: u32 = 100;
/// C8: mediation runs 14 wd from the first session, extendable once by 7 wd (Perki 1/2013).
pub const C8_MEDIATION: u32 = 14;
pub const C8_MEDIATION_EXTENSION: u32 = 7;
/// C9: a court challenge of an adjudication decision within 14 wd of its receipt (UU 48(1)).
pub const C9_COURT_CHALLENGE: u32 = 14;
/// Kasasi to the Supreme Court: 14 calendar days.
pub const KASASI_CALENDAR_DAYS: u64 = 14;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisputeError {
    #[error(
        "a dispute can be filed only after the atasan's decision reached the requester, or after the C4 deadline ({c4_due})"
    )]
    TooEarly { c4_due: NaiveDate },
    #[error("the objection was withdrawn")]
    ObjectionWithdrawn,
    #[error("the objection was closed as a duplicate of another")]
    ObjectionDuplicate,
    #[error("the KI's registration number is required")]
    KiNumberRequired,
    #[error("mediation is only for grounds (b)–(g); a dispute over an Art. 17 refusal goes to adjudication")]
    MediationNotAllowed,
    #[error("mediation may be extended only once")]
    SecondMediationExtension,
    #[error("{step} needs {needs} first")]
    OutOfOrder { step: &'static str, needs: &'static str },
    #[error("{step} was already recorded")]
    AlreadyRecorded { step: &'static str },
    #[error("the date {date} is before {before} ({earlier})")]
    DateOrder { date: NaiveDate, before: &'static str, earlier: NaiveDate, field: &'static str },
}

impl super::CaseEvent for DisputeEvent {
    const CASE_KIND: &'static str = "dispute";

    fn type_name(&self) -> &'static str {
        match self {
            DisputeEvent::Filed { .. } => "filed",
            DisputeEvent::Confirmed => "confirmed",
            DisputeEvent::KiRegistered { .. } => "ki_registered",
            DisputeEvent::FirstSession { .. } => "first_session",
            DisputeEvent::MediationExtended => "mediation_extended",
            DisputeEvent::MediationAgreement { .. } => "mediation_agreement",
            DisputeEvent::AdjudicationDecision { .. } => "adjudication_decision",
            DisputeEvent::ComplianceRecorded { .. } => "compliance_recorded",
            DisputeEvent::CourtChallenge { .. } => "court_challenge",
            DisputeEvent::CourtDecision { .. } => "court_decision",
        }
    }
}

impl DisputeError {
    pub fn code(&self) -> &'static str {
        match self {
            DisputeError::TooEarly { .. } => "dispute_too_early",
            DisputeError::ObjectionWithdrawn => "objection_withdrawn",
            DisputeError::ObjectionDuplicate => "objection_duplicate",
            DisputeError::KiNumberRequired => "ki_number_required",
            DisputeError::MediationNotAllowed => "mediation_not_allowed",
            DisputeError::SecondMediationExtension => "second_mediation_extension",
            DisputeError::OutOfOrder { .. } => "out_of_order",
            DisputeError::AlreadyRecorded { .. } => "already_recorded",
            DisputeError::DateOrder { .. } => "date_order",
        }
    }
}

impl super::Refusal for DisputeError {
    fn code(&self) -> &'static str {
        DisputeError::code(self)
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            DisputeError::TooEarly { .. } => Some("date"),
            DisputeError::DateOrder { field, .. } => Some(field),
            DisputeError::KiNumberRequired => Some("ki_number"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjudicationOutcome {
    /// The requester's claim is granted (wholly or partly).
    Granted,
    GrantedInPart,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DisputeEvent {
    /// The requester (or an officer) records a filing with the KI.
    Filed {
        filed_on: NaiveDate,
        late: bool,
        c5_due: NaiveDate,
        by_officer: bool,
        mediable: bool,
    },
    /// An officer confirms the requester's claim.
    Confirmed,
    KiRegistered {
        ki_number: String,
        received_by_ki_on: NaiveDate,
    },
    FirstSession {
        on: NaiveDate,
    },
    MediationExtended,
    MediationAgreement {
        on: NaiveDate,
    },
    AdjudicationDecision {
        decided_on: NaiveDate,
        received_on: NaiveDate,
        outcome: AdjudicationOutcome,
    },
    ComplianceRecorded {
        complied: bool,
        on: NaiveDate,
    },
    CourtChallenge {
        filed_on: NaiveDate,
        court: String,
    },
    CourtDecision {
        received_on: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub filed_on: NaiveDate,
    /// Filed after C5 closed; the KI's preliminary examination decides.
    pub late: bool,
    pub c5_due: NaiveDate,
    /// The requester's record is a claim until an officer confirms it.
    pub confirmed: bool,
    pub ki_number: Option<String>,
    pub received_by_ki_on: Option<NaiveDate>,
    pub first_session_on: Option<NaiveDate>,
    pub mediation_extended: bool,
    pub mediation_agreement_on: Option<NaiveDate>,
    pub adjudication: Option<(NaiveDate, NaiveDate, AdjudicationOutcome)>,
    pub complied: Option<bool>,
    pub court_challenge: Option<(NaiveDate, String)>,
    pub court_decision_received_on: Option<NaiveDate>,
    /// Whether mediation is possible (some ground in (b)–(g)).
    pub mediable: bool,
}

/// The step's date (`date`) is not before `earlier`, the date of what it follows.
fn not_before(date: NaiveDate, before: &'static str, earlier: NaiveDate) -> Result<(), DisputeError> {
    not_before_in("date", date, before, earlier)
}

/// The date typed as `field` is not before `earlier`.
fn not_before_in(
    field: &'static str,
    date: NaiveDate,
    before: &'static str,
    earlier: NaiveDate,
) -> Result<(), DisputeError> {
    if date < earlier {
        return Err(DisputeError::DateOrder { date, before, earlier, field });
    }
    Ok(())
}

impl Dispute {
    /// Records a filing with the KI. Refused before the atasan's decision reached the requester or C4 ended;
    /// a filing after C5 is recorded as late.
    pub fn file(
        objection: &Objection,
        filed_on: NaiveDate,
        by_officer: bool,
        calendar: &CalendarView,
    ) -> Result<(Dispute, DisputeEvent), DisputeError> {
        if objection.state == super::objection::ObjectionState::Duplicate {
            return Err(DisputeError::ObjectionDuplicate);
        }
        if objection.state == super::objection::ObjectionState::Withdrawn {
            return Err(DisputeError::ObjectionWithdrawn);
        }
        let window =
            objection.dispute_window(filed_on, calendar).ok_or(DisputeError::TooEarly { c4_due: objection.c4_due })?;
        let late = filed_on > window.due;
        let mediable = objection.grounds.iter().any(|g| ObjectionGround::mediable(g.ground));
        let event = DisputeEvent::Filed { filed_on, late, c5_due: window.due, by_officer, mediable };
        let dispute = Dispute::replay(std::slice::from_ref(&event)).expect("a filing starts a dispute");
        Ok((dispute, event))
    }

    pub fn confirm(&self) -> Result<DisputeEvent, DisputeError> {
        if self.confirmed {
            return Err(DisputeError::AlreadyRecorded { step: "confirmation" });
        }
        Ok(DisputeEvent::Confirmed)
    }

    pub fn register_at_ki(&self, ki_number: &str, received_by_ki_on: NaiveDate) -> Result<DisputeEvent, DisputeError> {
        if self.ki_number.is_some() {
            return Err(DisputeError::AlreadyRecorded { step: "the KI registration" });
        }
        let ki_number = ki_number.trim();
        if ki_number.is_empty() {
            return Err(DisputeError::KiNumberRequired);
        }
        not_before(received_by_ki_on, "the filing", self.filed_on)?;
        Ok(DisputeEvent::KiRegistered { ki_number: ki_number.to_owned(), received_by_ki_on })
    }

    pub fn first_session(&self, on: NaiveDate) -> Result<DisputeEvent, DisputeError> {
        let received = self
            .received_by_ki_on
            .ok_or(DisputeError::OutOfOrder { step: "a session", needs: "the KI registration" })?;
        if self.first_session_on.is_some() {
            return Err(DisputeError::AlreadyRecorded { step: "the first session" });
        }
        not_before(on, "the KI's receipt", received)?;
        Ok(DisputeEvent::FirstSession { on })
    }

    pub fn extend_mediation(&self) -> Result<DisputeEvent, DisputeError> {
        if !self.mediable {
            return Err(DisputeError::MediationNotAllowed);
        }
        if self.first_session_on.is_none() {
            return Err(DisputeError::OutOfOrder { step: "extending mediation", needs: "the first session" });
        }
        if self.mediation_extended {
            return Err(DisputeError::SecondMediationExtension);
        }
        Ok(DisputeEvent::MediationExtended)
    }

    pub fn mediation_agreement(&self, on: NaiveDate) -> Result<DisputeEvent, DisputeError> {
        if !self.mediable {
            return Err(DisputeError::MediationNotAllowed);
        }
        let first = self
            .first_session_on
            .ok_or(DisputeError::OutOfOrder { step: "a mediation agreement", needs: "the first session" })?;
        if self.mediation_agreement_on.is_some() || self.adjudication.is_some() {
            return Err(DisputeError::AlreadyRecorded { step: "the outcome" });
        }
        not_before(on, "the first session", first)?;
        Ok(DisputeEvent::MediationAgreement { on })
    }

    pub fn adjudication_decision(
        &self,
        decided_on: NaiveDate,
        received_on: NaiveDate,
        outcome: AdjudicationOutcome,
    ) -> Result<DisputeEvent, DisputeError> {
        let received_by_ki = self
            .received_by_ki_on
            .ok_or(DisputeError::OutOfOrder { step: "a decision", needs: "the KI registration" })?;
        if self.mediation_agreement_on.is_some() || self.adjudication.is_some() {
            return Err(DisputeError::AlreadyRecorded { step: "the outcome" });
        }
        not_before(decided_on, "the KI's receipt", received_by_ki)?;
        not_before_in("decision_received_on", received_on, "the decision", decided_on)?;
        Ok(DisputeEvent::AdjudicationDecision { decided_on, received_on, outcome })
    }

    pub fn record_compliance(&self, complied: bool, on: NaiveDate) -> Result<DisputeEvent, DisputeError> {
        let outcome_on = self
            .mediation_agreement_on
            .or(self.adjudication.map(|(d, _, _)| d))
            .ok_or(DisputeError::OutOfOrder { step: "compliance", needs: "a mediation agreement or a decision" })?;
        not_before(on, "the outcome", outcome_on)?;
        Ok(DisputeEvent::ComplianceRecorded { complied, on })
    }

    pub fn court_challenge(&self, filed_on: NaiveDate, court: &str) -> Result<DisputeEvent, DisputeError> {
        let (_, received, _) = self
            .adjudication
            .ok_or(DisputeError::OutOfOrder { step: "a court challenge", needs: "an adjudication decision" })?;
        if self.court_challenge.is_some() {
            return Err(DisputeError::AlreadyRecorded { step: "the court challenge" });
        }
        not_before(filed_on, "the decision's receipt", received)?;
        Ok(DisputeEvent::CourtChallenge { filed_on, court: court.trim().to_owned() })
    }

    pub fn court_decision(&self, received_on: NaiveDate) -> Result<DisputeEvent, DisputeError> {
        let (filed, _) = self
            .court_challenge
            .clone()
            .ok_or(DisputeError::OutOfOrder { step: "a court decision", needs: "a court challenge" })?;
        not_before(received_on, "the court challenge", filed)?;
        Ok(DisputeEvent::CourtDecision { received_on })
    }

    pub fn apply(&mut self, event: &DisputeEvent) {
        match event {
            DisputeEvent::Filed { filed_on, late, c5_due, by_officer, mediable } => {
                self.filed_on = *filed_on;
                self.late = *late;
                self.c5_due = *c5_due;
                self.confirmed = *by_officer;
                self.mediable = *mediable;
            }
            DisputeEvent::Confirmed => self.confirmed = true,
            DisputeEvent::KiRegistered { ki_number, received_by_ki_on } => {
                self.ki_number = Some(ki_number.clone());
                self.received_by_ki_on = Some(*received_by_ki_on);
            }
            DisputeEvent::FirstSession { on } => self.first_session_on = Some(*on),
            DisputeEvent::MediationExtended => self.mediation_extended = true,
            DisputeEvent::MediationAgreement { on } => self.mediation_agreement_on = Some(*on),
            DisputeEvent::AdjudicationDecision { decided_on, received_on, outcome } => {
                self.adjudication = Some((*decided_on, *received_on, *outcome))
            }
            DisputeEvent::ComplianceRecorded { complied, .. } => self.complied = Some(*complied),
            DisputeEvent::CourtChallenge { filed_on, court } => self.court_challenge = Some((*filed_on, court.clone())),
            DisputeEvent::CourtDecision { received_on } => self.court_decision_received_on = Some(*received_on),
        }
    }

    /// Rebuilds a dispute from its events (the first must be `Filed`).
    pub fn replay(events: &[DisputeEvent]) -> Option<Dispute> {
        let first = events.first()?;
        let DisputeEvent::Filed { .. } = first else { return None };
        let day = NaiveDate::MIN;
        let mut d = Dispute {
            filed_on: day,
            late: false,
            c5_due: day,
            confirmed: false,
            ki_number: None,
            received_by_ki_on: None,
            first_session_on: None,
            mediation_extended: false,
            mediation_agreement_on: None,
            adjudication: None,
            complied: None,
            court_challenge: None,
            court_decision_received_on: None,
            mediable: false,
        };
        events.iter().for_each(|e| d.apply(e));
        Some(d)
    }

    /// The computed clocks C6–C9 and kasasi, from the dates recorded so far.
    pub fn clocks(&self, calendar: &CalendarView) -> DisputeClocks {
        let wd = |from: Option<NaiveDate>, n: u32| from.map(|d| calendar.add_working_days(d, n).due);
        let mediation_days = C8_MEDIATION + if self.mediation_extended { C8_MEDIATION_EXTENSION } else { 0 };
        DisputeClocks {
            c6_ki_start_due: wd(self.received_by_ki_on, C6_KI_START),
            c7_ki_finish_due: wd(self.received_by_ki_on, C7_KI_FINISH),
            c8_mediation_due: if self.mediable { wd(self.first_session_on, mediation_days) } else { None },
            c9_court_challenge_due: wd(self.adjudication.map(|(_, received, _)| received), C9_COURT_CHALLENGE),
            kasasi_due: self
                .court_decision_received_on
                .and_then(|d| d.checked_add_days(Days::new(KASASI_CALENDAR_DAYS))),
            court_challenge_late: match (self.court_challenge.as_ref(), self.adjudication) {
                (Some((filed, _)), Some((_, received, _))) => {
                    Some(*filed > calendar.add_working_days(received, C9_COURT_CHALLENGE).due)
                }
                _ => None,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisputeClocks {
    pub c6_ki_start_due: Option<NaiveDate>,
    pub c7_ki_finish_due: Option<NaiveDate>,
    pub c8_mediation_due: Option<NaiveDate>,
    pub c9_court_challenge_due: Option<NaiveDate>,
    pub kasasi_due: Option<NaiveDate>,
    pub court_challenge_late: Option<bool>,
}
