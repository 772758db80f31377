//! The information request (permohonan informasi) as a state machine (domain.md §4).
//!
//! ```text
//! registered ──extend (once, reasons, on or before the C1 deadline)──► extended
//!     │                                                                   │
//!     └────────────── written notice (one decision) ◄────────────────────┘
//!                               │
//!                 information provided ──► closed      (refusals and "not held" close from the notice)
//! any open state ──► withdrawn;  registered/extended ──► spam | duplicate | not KIP | not eligible (with reason)
//! ```
//!
//! A request is registered when it is received (the statutory clock runs from receipt, not from data entry), so
//! the aggregate starts in `Registered`. Each command checks what the law allows and returns the event to
//! record; [`Request::apply`] is the only way state changes. Overdue is derived from the stored deadlines and a
//! date, never stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::CalendarView;
use super::clocks::{C1_WRITTEN_NOTICE, C2_EXTENSION};
pub use super::notice::{Art17Ground, Decision, DecisionInput, Fee, HolderKnowledge, InfoForm};
pub use super::request_error::RequestError;

/// How the request reached the body (one fixed list, domain.md §4). Oral requests are valid and are recorded by
/// the officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Email,
    Letter,
    Desk,
    Oral,
    SocialMedia,
    Api,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Web,
        Channel::Email,
        Channel::Letter,
        Channel::Desk,
        Channel::Oral,
        Channel::SocialMedia,
        Channel::Api,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Desk => "desk",
            Channel::Oral => "oral",
            Channel::SocialMedia => "social_media",
            Channel::Api => "api",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Ways a request ends without a decision, counted in statistics but outside the timeliness denominator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TerminalOutcome {
    Spam,
    /// A duplicate of another request (its public id).
    Duplicate {
        of: String,
    },
    /// Not a KIP request (e.g. a complaint for SP4N-LAPOR!).
    NotKip,
    /// The requester is not a WNI or an Indonesian legal entity (UU Art. 1(12)).
    NotEligible,
}

impl TerminalOutcome {
    pub fn kind(&self) -> &'static str {
        match self {
            TerminalOutcome::Spam => "spam",
            TerminalOutcome::Duplicate { .. } => "duplicate",
            TerminalOutcome::NotKip => "not_kip",
            TerminalOutcome::NotEligible => "not_eligible",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Registered,
    Extended,
    NoticeGiven,
    InformationProvided,
    Closed,
    Withdrawn,
    ClosedWithoutDecision,
}

impl std::fmt::Display for RequestState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl RequestState {
    pub const ALL: [RequestState; 7] = [
        RequestState::Registered,
        RequestState::Extended,
        RequestState::NoticeGiven,
        RequestState::InformationProvided,
        RequestState::Closed,
        RequestState::Withdrawn,
        RequestState::ClosedWithoutDecision,
    ];

    /// Every state's name, in the order of [`RequestState::ALL`] (the public register's status filter).
    pub const NAMES: [&'static str; 7] = {
        let mut names = [""; 7];
        let mut i = 0;
        while i < names.len() {
            names[i] = RequestState::ALL[i].as_str();
            i += 1;
        }
        names
    };

    pub fn parse(s: &str) -> Option<RequestState> {
        RequestState::ALL.into_iter().find(|state| state.as_str() == s)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            RequestState::Registered => "registered",
            RequestState::Extended => "extended",
            RequestState::NoticeGiven => "notice_given",
            RequestState::InformationProvided => "information_provided",
            RequestState::Closed => "closed",
            RequestState::Withdrawn => "withdrawn",
            RequestState::ClosedWithoutDecision => "closed_without_decision",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, RequestState::Registered | RequestState::Extended | RequestState::NoticeGiven)
    }
}

/// What happened to a request: the payload of its events. Carries ids and dates, never identity (domain.md §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RequestEvent {
    Registered {
        received_on: NaiveDate,
        channel: Channel,
        c1_due: NaiveDate,
    },
    Extended {
        notified_on: NaiveDate,
        reason: String,
        c2_due: NaiveDate,
    },
    /// `received_on` is the notice's date when it went by the portal or email; for post it is recorded later.
    NoticeGiven {
        notice_on: NaiveDate,
        decision: Decision,
        received_on: Option<NaiveDate>,
        /// Absent in notices without a fee (and in every notice recorded before fees were), so their hashes stay.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fee: Option<Fee>,
    },
    /// The date the requester received a notice sent by post, as the officer records it.
    NoticeReceived {
        received_on: NaiveDate,
    },
    InformationProvided {
        provided_on: NaiveDate,
    },
    Closed {
        closed_on: NaiveDate,
    },
    Withdrawn {
        withdrawn_on: NaiveDate,
        reason: String,
    },
    ClosedWithoutDecision {
        closed_on: NaiveDate,
        outcome: TerminalOutcome,
        reason: String,
    },
    /// The body attached a document for the requester (the file's SHA-256 is part of the record).
    DocumentAttached {
        document_id: String,
        file_name: String,
        sha256: String,
    },
    /// Routed to a unit's PPID Pelaksana, or back to the PPID Utama (`unit_id` none). The clock does not restart
    /// (domain.md §3).
    Routed {
        unit_id: Option<String>,
    },
    /// An officer added an internal note. Its text lives in `case_notes`, never in the chain or on public pages.
    NoteAdded {
        note_id: String,
    },
    /// An officer hid the request's text from the public register, or showed it again.
    TextVisibility {
        hidden: bool,
    },
    /// A calendar change moved an open deadline.
    DeadlineMoved {
        clock: String,
        old: NaiveDate,
        new: NaiveDate,
        calendar_version: i64,
    },
    /// A calendar change would have moved a deadline already told to a party earlier: refused, and logged.
    DeadlineMoveRefused {
        clock: String,
        old: NaiveDate,
        proposed: NaiveDate,
        calendar_version: i64,
    },
}

impl super::CaseEvent for RequestEvent {
    const CASE_KIND: &'static str = "request";

    fn type_name(&self) -> &'static str {
        match self {
            RequestEvent::Registered { .. } => "registered",
            RequestEvent::Extended { .. } => "extended",
            RequestEvent::NoticeGiven { .. } => "notice_given",
            RequestEvent::NoticeReceived { .. } => "notice_received",
            RequestEvent::InformationProvided { .. } => "information_provided",
            RequestEvent::Closed { .. } => "closed",
            RequestEvent::Withdrawn { .. } => "withdrawn",
            RequestEvent::ClosedWithoutDecision { .. } => "closed_without_decision",
            RequestEvent::DocumentAttached { .. } => "document_attached",
            RequestEvent::DeadlineMoved { .. } => "deadline_moved",
            RequestEvent::DeadlineMoveRefused { .. } => "deadline_move_refused",
            RequestEvent::Routed { .. } => "routed",
            RequestEvent::NoteAdded { .. } => "note_added",
            RequestEvent::TextVisibility { .. } => "text_visibility",
        }
    }
}

/// The request aggregate: its state and stored deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub state: RequestState,
    pub channel: Channel,
    /// The local date of receipt in the receiving body's (or unit's) zone: day 0 of C1.
    pub received_on: NaiveDate,
    pub c1_due: NaiveDate,
    pub extension: Option<Extension>,
    pub notice: Option<Notice>,
    pub provided_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub terminal: Option<TerminalOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub notified_on: NaiveDate,
    pub reason: String,
    pub c2_due: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub notice_on: NaiveDate,
    pub decision: Decision,
    /// When the requester received it: day 0 of objection grounds (a), (d) and (f).
    pub received_on: Option<NaiveDate>,
    pub fee: Option<Fee>,
}

/// How a written notice stood against the deadline that applied (domain.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    OnTime,
    OnTimeWithExtension,
    Late,
    OpenOverdue,
    Open,
    /// Withdrawn before a notice, or closed without a decision: outside the timeliness denominator.
    NotCounted,
}

fn nonblank(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl Request {
    /// Registers a request received on `received_on` (local date): the C1 deadline is 10 working days later.
    pub fn register(received_on: NaiveDate, channel: Channel, calendar: &CalendarView) -> (Request, RequestEvent) {
        let c1_due = calendar.add_working_days(received_on, C1_WRITTEN_NOTICE).due;
        let event = RequestEvent::Registered { received_on, channel, c1_due };
        let request = Request::replay(std::slice::from_ref(&event)).expect("a registration starts a request");
        (request, event)
    }

    fn invalid(&self, action: &'static str) -> RequestError {
        RequestError::InvalidTransition { state: self.state.as_str(), action }
    }

    fn not_before_receipt(&self, date: NaiveDate) -> Result<(), RequestError> {
        if date < self.received_on {
            return Err(RequestError::BeforeReceipt { date, received: self.received_on });
        }
        Ok(())
    }

    /// The deadline for the written notice that applies: C2 with a valid extension, else C1.
    pub fn notice_due(&self) -> NaiveDate {
        self.extension.as_ref().map_or(self.c1_due, |e| e.c2_due)
    }

    /// Extends once, with reasons, notified on or before the C1 deadline (UU 22(8)).
    pub fn extend(
        &self,
        notified_on: NaiveDate,
        reason: &str,
        calendar: &CalendarView,
    ) -> Result<RequestEvent, RequestError> {
        match self.state {
            RequestState::Registered => {}
            RequestState::Extended => return Err(RequestError::SecondExtension),
            _ => return Err(self.invalid("extended")),
        }
        self.not_before_receipt(notified_on)?;
        if notified_on > self.c1_due {
            return Err(RequestError::ExtensionAfterDeadline { deadline: self.c1_due });
        }
        let reason = nonblank(reason).ok_or(RequestError::ExtensionReasonRequired)?;
        let c2_due = calendar.add_working_days(self.c1_due, C2_EXTENSION).due;
        Ok(RequestEvent::Extended { notified_on, reason, c2_due })
    }

    /// Gives the written notice with its one decision. A late notice is allowed (and counted late). A notice
    /// sent by the portal or email is received the day it is sent; one sent by post is received when the officer
    /// records it ([`Request::record_notice_received`]).
    pub fn give_notice(
        &self,
        notice_on: NaiveDate,
        input: &DecisionInput,
        electronic: bool,
    ) -> Result<RequestEvent, Vec<RequestError>> {
        if !matches!(self.state, RequestState::Registered | RequestState::Extended) {
            return Err(vec![self.invalid("given a written notice")]);
        }
        self.not_before_receipt(notice_on).map_err(|e| vec![e])?;
        let fee = input.fee()?;
        let decision = input.parse(notice_on)?;
        if fee.is_some() && !decision.provides_information() {
            return Err(vec![RequestError::FeeWithoutProvision]);
        }
        Ok(RequestEvent::NoticeGiven { notice_on, decision, received_on: electronic.then_some(notice_on), fee })
    }

    /// Records when a posted notice reached the requester.
    pub fn record_notice_received(&self, received_on: NaiveDate) -> Result<RequestEvent, RequestError> {
        match &self.notice {
            Some(n) if n.received_on.is_none() => {
                if received_on < n.notice_on {
                    return Err(RequestError::DateBeforeNotice { field: "received_on" });
                }
                Ok(RequestEvent::NoticeReceived { received_on })
            }
            _ => Err(self.invalid("recorded as received by the requester")),
        }
    }

    /// Attaches a document for the requester; possible once a notice that provides information was given.
    pub fn attach_document(
        &self,
        document_id: &str,
        file_name: &str,
        sha256: &str,
    ) -> Result<RequestEvent, RequestError> {
        match &self.notice {
            Some(n) if n.decision.provides_information() && self.state != RequestState::Withdrawn => {
                Ok(RequestEvent::DocumentAttached {
                    document_id: document_id.to_owned(),
                    file_name: file_name.to_owned(),
                    sha256: sha256.to_owned(),
                })
            }
            Some(_) => Err(RequestError::NothingToProvide),
            None => Err(self.invalid("given documents before its written notice")),
        }
    }

    /// Records that the information was actually provided (tracked apart from the notice date).
    pub fn provide(&self, provided_on: NaiveDate) -> Result<RequestEvent, RequestError> {
        let notice = match (&self.state, &self.notice) {
            (RequestState::NoticeGiven, Some(n)) => n,
            _ => return Err(self.invalid("marked as provided")),
        };
        if !notice.decision.provides_information() {
            return Err(RequestError::NothingToProvide);
        }
        if provided_on < notice.notice_on {
            return Err(RequestError::DateBeforeNotice { field: "provided_on" });
        }
        Ok(RequestEvent::InformationProvided { provided_on })
    }

    /// Closes a decided request: after provision, or straight from a notice that provides nothing.
    pub fn close(&self, closed_on: NaiveDate) -> Result<RequestEvent, RequestError> {
        let ok = match (&self.state, &self.notice) {
            (RequestState::InformationProvided, _) => true,
            (RequestState::NoticeGiven, Some(n)) => !n.decision.provides_information(),
            _ => false,
        };
        if !ok {
            return Err(self.invalid("closed"));
        }
        self.not_before_receipt(closed_on)?;
        Ok(RequestEvent::Closed { closed_on })
    }

    /// The requester withdraws an open request.
    pub fn withdraw(&self, withdrawn_on: NaiveDate, reason: &str) -> Result<RequestEvent, RequestError> {
        if !self.state.is_open() {
            return Err(self.invalid("withdrawn"));
        }
        self.not_before_receipt(withdrawn_on)?;
        Ok(RequestEvent::Withdrawn { withdrawn_on, reason: reason.trim().to_owned() })
    }

    /// Ends a request without a decision (spam, duplicate, not KIP, not eligible); the reason is shown to the
    /// requester.
    pub fn close_without_decision(
        &self,
        closed_on: NaiveDate,
        outcome: TerminalOutcome,
        reason: &str,
    ) -> Result<RequestEvent, RequestError> {
        if !matches!(self.state, RequestState::Registered | RequestState::Extended) {
            return Err(self.invalid("closed without a decision"));
        }
        self.not_before_receipt(closed_on)?;
        if let TerminalOutcome::Duplicate { of } = &outcome
            && of.trim().is_empty()
        {
            return Err(RequestError::ReasonRequired);
        }
        let reason = nonblank(reason).ok_or(RequestError::ReasonRequired)?;
        Ok(RequestEvent::ClosedWithoutDecision { closed_on, outcome, reason })
    }

    /// Routes an open request to a unit (or back to the PPID Utama). Its receipt date and deadlines stay.
    pub fn route(&self, unit_id: Option<&str>) -> Result<RequestEvent, RequestError> {
        if !self.state.is_open() {
            return Err(self.invalid("routed"));
        }
        Ok(RequestEvent::Routed { unit_id: unit_id.map(str::to_owned) })
    }

    /// Hides the request's text from the public register (or shows it again), with a reason.
    pub fn set_text_hidden(&self, hidden: bool, reason: &str) -> Result<RequestEvent, RequestError> {
        nonblank(reason).ok_or(RequestError::ReasonRequired)?;
        Ok(RequestEvent::TextVisibility { hidden })
    }

    /// Applies an event produced by one of the commands above (or read back from the log).
    pub fn apply(&mut self, event: &RequestEvent) {
        match event {
            RequestEvent::Registered { received_on, channel, c1_due } => {
                self.received_on = *received_on;
                self.channel = *channel;
                self.c1_due = *c1_due;
                self.state = RequestState::Registered;
            }
            RequestEvent::Extended { notified_on, reason, c2_due } => {
                self.extension = Some(Extension { notified_on: *notified_on, reason: reason.clone(), c2_due: *c2_due });
                self.state = RequestState::Extended;
            }
            RequestEvent::NoticeGiven { notice_on, decision, received_on, fee } => {
                self.notice = Some(Notice {
                    notice_on: *notice_on,
                    decision: decision.clone(),
                    received_on: *received_on,
                    fee: fee.clone(),
                });
                self.state = RequestState::NoticeGiven;
            }
            RequestEvent::NoticeReceived { received_on } => {
                if let Some(n) = &mut self.notice {
                    n.received_on = Some(*received_on);
                }
            }
            RequestEvent::InformationProvided { provided_on } => {
                self.provided_on = Some(*provided_on);
                self.state = RequestState::InformationProvided;
            }
            RequestEvent::Closed { closed_on } => {
                self.ended_on = Some(*closed_on);
                self.state = RequestState::Closed;
            }
            RequestEvent::Withdrawn { withdrawn_on, .. } => {
                self.ended_on = Some(*withdrawn_on);
                self.state = RequestState::Withdrawn;
            }
            RequestEvent::ClosedWithoutDecision { closed_on, outcome, .. } => {
                self.ended_on = Some(*closed_on);
                self.terminal = Some(outcome.clone());
                self.state = RequestState::ClosedWithoutDecision;
            }
            RequestEvent::DeadlineMoveRefused { .. }
            | RequestEvent::DocumentAttached { .. }
            | RequestEvent::Routed { .. }
            | RequestEvent::NoteAdded { .. }
            | RequestEvent::TextVisibility { .. } => {}
            RequestEvent::DeadlineMoved { clock, new, .. } => match clock.as_str() {
                "c1" => self.c1_due = *new,
                "c2" => {
                    if let Some(e) = &mut self.extension {
                        e.c2_due = *new;
                    }
                }
                _ => {}
            },
        }
    }

    /// Rebuilds a request from its events (the first must be `Registered`).
    pub fn replay(events: &[RequestEvent]) -> Option<Request> {
        let (first, rest) = events.split_first()?;
        let RequestEvent::Registered { received_on, channel, c1_due } = first else { return None };
        let mut request = Request {
            state: RequestState::Registered,
            channel: *channel,
            received_on: *received_on,
            c1_due: *c1_due,
            extension: None,
            notice: None,
            provided_on: None,
            ended_on: None,
            terminal: None,
        };
        rest.iter().for_each(|e| request.apply(e));
        Some(request)
    }

    /// C3 as far as the record decides it: the last day to object on grounds (a)/(d)/(f) (30 wd from the
    /// requester's receipt of the notice) or (c) (30 wd from the notice deadline, when the notice did not come in
    /// time), whichever is later. Grounds (e) and (g) depend on later provision dates and are checked when an
    /// objection is filed. `None` for requests withdrawn or closed without a decision.
    pub fn objection_window_due(&self, calendar: &CalendarView) -> Option<NaiveDate> {
        if matches!(self.state, RequestState::Withdrawn | RequestState::ClosedWithoutDecision) {
            return None;
        }
        let window = |day0| calendar.add_working_days(day0, super::clocks::C3_OBJECTION_WINDOW).due;
        let after_notice = self.notice.as_ref().and_then(|n| n.received_on).map(window);
        let unanswered = match &self.notice {
            Some(n) if n.notice_on <= self.notice_due() => None,
            _ => Some(window(self.notice_due())),
        };
        after_notice.max(unanswered)
    }

    /// Overdue: no written notice by the deadline that applies, as of `today`. Derived, never stored.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.notice.is_none() && self.state.is_open() && today > self.notice_due()
    }

    /// How the notice stands against its deadline (domain.md §6).
    pub fn timeliness(&self, today: NaiveDate) -> Timeliness {
        match &self.notice {
            Some(n) if n.notice_on <= self.c1_due => Timeliness::OnTime,
            Some(n) if self.extension.as_ref().is_some_and(|e| n.notice_on <= e.c2_due) => {
                Timeliness::OnTimeWithExtension
            }
            Some(_) => Timeliness::Late,
            None if !self.state.is_open() => Timeliness::NotCounted,
            None if today > self.notice_due() => Timeliness::OpenOverdue,
            None => Timeliness::Open,
        }
    }

    /// The open clocks a calendar change may move, with their trigger dates and lengths: ("c1", received, 10) and,
    /// when extended, ("c2", C1 deadline, 7). Closed clocks keep what they were measured against.
    pub fn open_clocks(&self) -> Vec<(&'static str, NaiveDate, u32, NaiveDate)> {
        if self.notice.is_some() || !self.state.is_open() {
            return Vec::new();
        }
        let mut clocks = vec![("c1", self.received_on, C1_WRITTEN_NOTICE, self.c1_due)];
        if let Some(e) = &self.extension {
            clocks.push(("c2", self.c1_due, C2_EXTENSION, e.c2_due));
        }
        clocks
    }
}
