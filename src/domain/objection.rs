//! The objection (keberatan) to the atasan PPID (UU 35–36, domain.md §5).
//!
//! A requester may object on one or more of the grounds of UU 35(1), each of which *arises* on a day fixed by
//! domain.md §5 (day 0 of its 30-working-day window, C3). An objection on a ground that has not arisen is refused.
//! A late objection is refused when filed online (with the reason); one received on paper is registered, flagged
//! late, for the atasan to rule on. The atasan decides within 30 working days of receipt (C4), and the requester
//! may then go to the Komisi Informasi within 14 working days (C5).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::CalendarView;
use super::clocks::{C3_OBJECTION_WINDOW, C4_ATASAN_DECISION, C5_DISPUTE_WINDOW};
use super::request::{Decision, Request};

/// The grounds of UU 35(1), letters a–g.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionGround {
    /// (a) refused under Art. 17.
    RefusedExempt,
    /// (b) periodic information not published (needs no request).
    PeriodicNotPublished,
    /// (c) no response to the request.
    NoResponse,
    /// (d) response not as requested.
    NotAsRequested,
    /// (e) request not fulfilled.
    NotFulfilled,
    /// (f) unreasonable fees.
    UnreasonableFees,
    /// (g) delivery later than the law allows.
    LateDelivery,
}

impl ObjectionGround {
    pub const ALL: [ObjectionGround; 7] = [
        ObjectionGround::RefusedExempt,
        ObjectionGround::PeriodicNotPublished,
        ObjectionGround::NoResponse,
        ObjectionGround::NotAsRequested,
        ObjectionGround::NotFulfilled,
        ObjectionGround::UnreasonableFees,
        ObjectionGround::LateDelivery,
    ];

    pub fn letter(self) -> char {
        match self {
            ObjectionGround::RefusedExempt => 'a',
            ObjectionGround::PeriodicNotPublished => 'b',
            ObjectionGround::NoResponse => 'c',
            ObjectionGround::NotAsRequested => 'd',
            ObjectionGround::NotFulfilled => 'e',
            ObjectionGround::UnreasonableFees => 'f',
            ObjectionGround::LateDelivery => 'g',
        }
    }

    pub fn from_letter(c: char) -> Option<ObjectionGround> {
        ObjectionGround::ALL.into_iter().find(|g| g.letter() == c)
    }

    /// Mediation at the KI is possible for grounds (b)–(g); Art. 17 refusals go to adjudication.
    pub fn mediable(self) -> bool {
        self != ObjectionGround::RefusedExempt
    }
}

/// What is known when deciding whether a ground has arisen.
#[derive(Debug, Clone, Copy)]
pub struct GroundFacts<'a> {
    /// The request objected to; `None` only for ground (b).
    pub request: Option<&'a Request>,
    /// For ground (b): the date the requester gives.
    pub periodic_date: Option<NaiveDate>,
    /// The atasan's latest order to disclose on this request, if an objection to it was overturned: grounds (e)
    /// and (g) then run from the order (domain.md §5).
    pub order: Option<OrderFacts>,
    /// The objections already filed against this request (not withdrawn or closed as duplicates): a ground one of
    /// them covers is not filed again online until a new occasion for it arises.
    pub earlier: &'a [EarlierObjection],
}

/// An objection already filed against the same request, as far as new filings need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierObjection {
    pub number: String,
    pub grounds: Vec<ObjectionGround>,
    pub received_on: NaiveDate,
}

/// The earlier objection that already covers `ground` on the occasion that began on `day0`: it names the ground
/// and was filed on or after that day. A later occasion (an atasan's order not carried out, for (e)) is new.
pub fn covering(ground: ObjectionGround, day0: NaiveDate, earlier: &[EarlierObjection]) -> Option<&EarlierObjection> {
    earlier.iter().find(|e| e.received_on >= day0 && e.grounds.contains(&ground))
}

/// An atasan's order as the grounds see it: its deadline, and when it was carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderFacts {
    pub by: NaiveDate,
    pub carried_out_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectionError {
    #[error("choose at least one ground")]
    NoGrounds,
    #[error("ground ({}) has not arisen", .0.letter())]
    GroundNotArisen(ObjectionGround),
    #[error("ground ({}) needs the request it objects to", .0.letter())]
    RequestRequired(ObjectionGround),
    #[error("ground (b) needs the date from which the periodic information should have been published")]
    PeriodicDateRequired,
    #[error("the objection window for ground ({}) closed on {due}", .ground.letter())]
    Late { ground: ObjectionGround, due: NaiveDate },
    #[error("the atasan's decision needs written reasons")]
    ReasonsRequired,
    #[error("the atasan's name and position are required")]
    AtasanRequired,
    #[error("the date {date} is before the objection was received ({received})")]
    BeforeReceipt { date: NaiveDate, received: NaiveDate },
    #[error("an objection in state {state} cannot be {action}")]
    InvalidTransition { state: &'static str, action: &'static str },
    #[error("an overturn orders disclosure: say what is to be given")]
    OrderRequired,
    #[error("the order's deadline {by} is before the decision ({decided_on})")]
    OrderBeforeDecision { by: NaiveDate, decided_on: NaiveDate },
    #[error("the decision ordered nothing to carry out")]
    NoOrder,
    #[error("the order was already carried out on {on}")]
    OrderAlreadyCarriedOut { on: NaiveDate },
    #[error("the date {date} is before the atasan's decision ({decided_on})")]
    BeforeDecision { date: NaiveDate, decided_on: NaiveDate },
    #[error("say what was given, and how")]
    CarriedOutNoteRequired,
    #[error("ground ({}) was already objected to on this occasion", .0.letter())]
    AlreadyObjected(ObjectionGround),
    #[error("a duplicate names the objection it repeats and why")]
    DuplicateReasonRequired,
    #[error("an objection cannot duplicate itself")]
    DuplicateOfItself,
}

impl ObjectionError {
    pub fn code(&self) -> &'static str {
        match self {
            ObjectionError::NoGrounds => "no_grounds",
            ObjectionError::GroundNotArisen(_) => "ground_not_arisen",
            ObjectionError::RequestRequired(_) => "request_required",
            ObjectionError::PeriodicDateRequired => "periodic_date_required",
            ObjectionError::Late { .. } => "objection_late",
            ObjectionError::ReasonsRequired => "reasons_required",
            ObjectionError::AtasanRequired => "atasan_required",
            ObjectionError::BeforeReceipt { .. } => "before_receipt",
            ObjectionError::InvalidTransition { .. } => "invalid_transition",
            ObjectionError::OrderRequired => "order_required",
            ObjectionError::OrderBeforeDecision { .. } => "order_before_decision",
            ObjectionError::NoOrder => "no_order",
            ObjectionError::OrderAlreadyCarriedOut { .. } => "order_already_carried_out",
            ObjectionError::BeforeDecision { .. } => "before_decision",
            ObjectionError::CarriedOutNoteRequired => "carried_out_note_required",
            ObjectionError::AlreadyObjected(_) => "already_objected",
            ObjectionError::DuplicateReasonRequired => "duplicate_reason_required",
            ObjectionError::DuplicateOfItself => "duplicate_of_itself",
        }
    }
}

impl super::Refusal for ObjectionError {
    fn code(&self) -> &'static str {
        ObjectionError::code(self)
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            ObjectionError::ReasonsRequired => Some("reasons"),
            ObjectionError::AtasanRequired => Some("atasan_name"),
            ObjectionError::BeforeReceipt { .. } | ObjectionError::BeforeDecision { .. } => Some("date"),
            ObjectionError::OrderRequired => Some("order_what"),
            ObjectionError::OrderBeforeDecision { .. } => Some("order_by"),
            ObjectionError::CarriedOutNoteRequired => Some("note"),
            ObjectionError::DuplicateReasonRequired => Some("reasons"),
            ObjectionError::DuplicateOfItself => Some("original"),
            _ => None,
        }
    }
}

/// Day 0 of a ground's window, as of `as_of`; an error when it has not arisen (domain.md §5).
pub fn ground_day0(
    ground: ObjectionGround,
    facts: GroundFacts<'_>,
    as_of: NaiveDate,
) -> Result<NaiveDate, ObjectionError> {
    let not_arisen = Err(ObjectionError::GroundNotArisen(ground));
    if ground == ObjectionGround::PeriodicNotPublished {
        return match facts.periodic_date {
            None => Err(ObjectionError::PeriodicDateRequired),
            Some(d) if d > as_of => not_arisen,
            Some(d) => Ok(d),
        };
    }
    let request = facts.request.ok_or(ObjectionError::RequestRequired(ground))?;
    let notice_received = request.notice.as_ref().and_then(|n| n.received_on).filter(|d| *d <= as_of);
    let decision = request.notice.as_ref().filter(|n| n.notice_on <= as_of).map(|n| &n.decision);
    let deadline = request.notice_due();
    match ground {
        ObjectionGround::RefusedExempt => match (decision, notice_received) {
            (Some(Decision::RefusedExempt { .. } | Decision::GrantedInPart { .. }), Some(d)) => Ok(d),
            _ => not_arisen,
        },
        ObjectionGround::NotAsRequested => notice_received.map_or(not_arisen, Ok),
        ObjectionGround::UnreasonableFees => match (decision, notice_received) {
            (Some(d), Some(day)) if d.promised_by().is_some() => Ok(day),
            _ => not_arisen,
        },
        ObjectionGround::NoResponse => {
            let answered_in_time = request.notice.as_ref().is_some_and(|n| n.notice_on <= deadline);
            if !answered_in_time && as_of > deadline { Ok(deadline) } else { not_arisen }
        }
        // An atasan's order to disclose is the new occasion for (e) and (g): they run from its deadline and from
        // when it was carried out.
        ObjectionGround::NotFulfilled | ObjectionGround::LateDelivery if facts.order.is_some() => {
            let OrderFacts { by, carried_out_on } = facts.order.expect("checked");
            let carried = carried_out_on.filter(|c| *c <= as_of);
            match (ground, carried) {
                (ObjectionGround::NotFulfilled, c) if as_of > by && c.is_none_or(|c| c > by) => {
                    Ok(by.succ_opt().expect("date in range"))
                }
                (ObjectionGround::LateDelivery, Some(c)) if c > by => Ok(c),
                (ObjectionGround::LateDelivery, None) if as_of > by => Ok(by),
                _ => not_arisen,
            }
        }
        ObjectionGround::NotFulfilled => match decision.and_then(Decision::promised_by) {
            Some(promised) if as_of > promised && request.provided_on.is_none_or(|p| p > promised) => {
                Ok(promised.succ_opt().expect("date in range"))
            }
            _ => not_arisen,
        },
        ObjectionGround::LateDelivery => {
            if decision.is_some_and(|d| d.promised_by().is_none()) {
                return not_arisen;
            }
            match request.provided_on.filter(|p| *p <= as_of) {
                Some(p) if p > deadline => Ok(p),
                Some(_) => not_arisen,
                None if as_of > deadline => Ok(deadline),
                None => not_arisen,
            }
        }
        ObjectionGround::PeriodicNotPublished => unreachable!("handled above"),
    }
}

/// One ground of an objection with its window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroundWindow {
    pub ground: ObjectionGround,
    pub day0: NaiveDate,
    /// C3: the last day to object on this ground.
    pub due: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionState {
    Registered,
    Decided,
    Withdrawn,
    /// Closed by the PPID as the same objection as another one (with the reason, shown to the requester).
    Duplicate,
}

impl std::fmt::Display for ObjectionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ObjectionState {
    pub const ALL: [ObjectionState; 4] =
        [ObjectionState::Registered, ObjectionState::Decided, ObjectionState::Withdrawn, ObjectionState::Duplicate];

    pub fn parse(s: &str) -> Option<ObjectionState> {
        ObjectionState::ALL.into_iter().find(|state| state.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionState::Registered => "registered",
            ObjectionState::Decided => "decided",
            ObjectionState::Withdrawn => "withdrawn",
            ObjectionState::Duplicate => "duplicate",
        }
    }
}

/// The atasan PPID's ruling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AtasanOutcome {
    /// The PPID's response stands.
    Upheld,
    /// Overturned wholly: disclosure ordered.
    Overturned,
    /// Overturned in part.
    OverturnedInPart,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtasanDecision {
    pub decided_on: NaiveDate,
    /// When the requester received it (portal/email: the day it was sent; post: recorded later).
    pub received_on: Option<NaiveDate>,
    pub outcome: AtasanOutcome,
    pub reasons: String,
    pub atasan_name: String,
    pub atasan_position: String,
    /// An overturn's order to the PPID: what to give, by when (absent when the PPID's response is upheld, and in
    /// decisions recorded before orders were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<DisclosureOrder>,
}

/// What an overturning atasan orders the PPID to give, and the last day to give it (domain.md §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureOrder {
    pub what: String,
    pub by: NaiveDate,
}

/// Where an atasan's order stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Not yet carried out; its deadline has not passed.
    Pending {
        by: NaiveDate,
    },
    /// Not carried out and past its deadline.
    Overdue {
        by: NaiveDate,
    },
    CarriedOut {
        on: NaiveDate,
        by: NaiveDate,
    },
}

impl OrderStatus {
    pub fn by(self) -> NaiveDate {
        match self {
            OrderStatus::Pending { by } | OrderStatus::Overdue { by } | OrderStatus::CarriedOut { by, .. } => by,
        }
    }

    /// Carried out by its deadline (`None` while not carried out).
    pub fn on_time(self) -> Option<bool> {
        match self {
            OrderStatus::CarriedOut { on, by } => Some(on <= by),
            _ => None,
        }
    }
}

/// What the requester did after the atasan's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    Accepts,
    GoesToKi,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ObjectionEvent {
    Registered {
        received_on: NaiveDate,
        grounds: Vec<GroundWindow>,
        late: bool,
        c4_due: NaiveDate,
    },
    Decided {
        decision: AtasanDecision,
    },
    DecisionReceived {
        received_on: NaiveDate,
    },
    /// The PPID gave what the atasan ordered.
    OrderCarriedOut {
        on: NaiveDate,
        note: String,
    },
    ReactionRecorded {
        reaction: Reaction,
    },
    Withdrawn {
        withdrawn_on: NaiveDate,
        reason: String,
    },
    /// Closed by the PPID as the same objection as `original_number` (the objection `original_id`).
    ClosedAsDuplicate {
        closed_on: NaiveDate,
        original_id: String,
        original_number: String,
        reason: String,
    },
    DeadlineMoved {
        clock: String,
        old: NaiveDate,
        new: NaiveDate,
        calendar_version: i64,
    },
    DeadlineMoveRefused {
        clock: String,
        old: NaiveDate,
        proposed: NaiveDate,
        calendar_version: i64,
    },
}

impl super::CaseEvent for ObjectionEvent {
    const CASE_KIND: &'static str = "objection";

    fn type_name(&self) -> &'static str {
        match self {
            ObjectionEvent::Registered { .. } => "registered",
            ObjectionEvent::Decided { .. } => "decided",
            ObjectionEvent::DecisionReceived { .. } => "decision_received",
            ObjectionEvent::OrderCarriedOut { .. } => "order_carried_out",
            ObjectionEvent::ReactionRecorded { .. } => "reaction_recorded",
            ObjectionEvent::Withdrawn { .. } => "withdrawn",
            ObjectionEvent::ClosedAsDuplicate { .. } => "closed_as_duplicate",
            ObjectionEvent::DeadlineMoved { .. } => "deadline_moved",
            ObjectionEvent::DeadlineMoveRefused { .. } => "deadline_move_refused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    pub state: ObjectionState,
    pub received_on: NaiveDate,
    pub grounds: Vec<GroundWindow>,
    /// Filed after a ground's window closed (only possible on paper); the atasan rules on it.
    pub late: bool,
    pub c4_due: NaiveDate,
    pub decision: Option<AtasanDecision>,
    pub reaction: Option<Reaction>,
    /// When the PPID carried out the atasan's order, and what they said was given and how.
    pub order_carried_out_on: Option<NaiveDate>,
    pub order_note: Option<String>,
    /// The objection this one repeats, once closed as a duplicate.
    pub duplicate_of: Option<DuplicateOf>,
}

/// The objection a duplicate repeats, and the PPID's reason (shown to the requester).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateOf {
    pub number: String,
    pub reason: String,
}

/// The window to bring a dispute to the KI (C5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DisputeWindow {
    pub day0: NaiveDate,
    pub due: NaiveDate,
}

impl Objection {
    /// Registers an objection received on `received_on`. `online` objections that are late are refused; paper
    /// ones are registered with `late` set.
    pub fn file(
        grounds: &[ObjectionGround],
        facts: GroundFacts<'_>,
        received_on: NaiveDate,
        online: bool,
        calendar: &CalendarView,
    ) -> Result<(Objection, ObjectionEvent), ObjectionError> {
        let mut chosen: Vec<ObjectionGround> = grounds.to_vec();
        chosen.sort();
        chosen.dedup();
        if chosen.is_empty() {
            return Err(ObjectionError::NoGrounds);
        }
        let mut windows = Vec::new();
        for ground in chosen {
            let day0 = ground_day0(ground, facts, received_on)?;
            let due = calendar.add_working_days(day0, C3_OBJECTION_WINDOW).due;
            windows.push(GroundWindow { ground, day0, due });
        }
        let late_ground = windows.iter().find(|w| received_on > w.due);
        if let (true, Some(w)) = (online, late_ground) {
            return Err(ObjectionError::Late { ground: w.ground, due: w.due });
        }
        // Online, a ground (in time) an earlier objection already covers is refused (the same form sent twice, or the same
        // grounds again); on paper it is registered as received, and the PPID may close it as a duplicate.
        if let (true, Some(w)) = (online, windows.iter().find(|w| covering(w.ground, w.day0, facts.earlier).is_some()))
        {
            return Err(ObjectionError::AlreadyObjected(w.ground));
        }
        let late = late_ground.is_some();
        let c4_due = calendar.add_working_days(received_on, C4_ATASAN_DECISION).due;
        let event = ObjectionEvent::Registered { received_on, grounds: windows, late, c4_due };
        let objection = Objection::replay(std::slice::from_ref(&event)).expect("a registration starts an objection");
        Ok((objection, event))
    }

    fn invalid(&self, action: &'static str) -> ObjectionError {
        ObjectionError::InvalidTransition { state: self.state.as_str(), action }
    }

    fn not_before_receipt(&self, date: NaiveDate) -> Result<(), ObjectionError> {
        if date < self.received_on {
            return Err(ObjectionError::BeforeReceipt { date, received: self.received_on });
        }
        Ok(())
    }

    /// The atasan decides, with written reasons. A late decision is recorded (and shifts C5, see
    /// [`Objection::dispute_window`]). An overturn (wholly or in part) is an order to the PPID: it must say what is
    /// to be given and by when, not before the decision; an upheld response orders nothing (any order is dropped).
    #[allow(clippy::too_many_arguments)] // the decision's parts, each a line of the atasan's letter
    pub fn decide(
        &self,
        decided_on: NaiveDate,
        outcome: AtasanOutcome,
        reasons: &str,
        atasan_name: &str,
        atasan_position: &str,
        order: Option<DisclosureOrder>,
        electronic: bool,
    ) -> Result<ObjectionEvent, ObjectionError> {
        if self.state != ObjectionState::Registered {
            return Err(self.invalid("decided"));
        }
        self.not_before_receipt(decided_on)?;
        let reasons = reasons.trim();
        if reasons.is_empty() {
            return Err(ObjectionError::ReasonsRequired);
        }
        if atasan_name.trim().is_empty() || atasan_position.trim().is_empty() {
            return Err(ObjectionError::AtasanRequired);
        }
        let order = match (outcome, order) {
            (AtasanOutcome::Upheld, _) => None,
            (_, None) => return Err(ObjectionError::OrderRequired),
            (_, Some(o)) if o.what.trim().is_empty() => return Err(ObjectionError::OrderRequired),
            (_, Some(o)) if o.by < decided_on => {
                return Err(ObjectionError::OrderBeforeDecision { by: o.by, decided_on });
            }
            (_, Some(o)) => Some(DisclosureOrder { what: o.what.trim().to_owned(), by: o.by }),
        };
        Ok(ObjectionEvent::Decided {
            decision: AtasanDecision {
                decided_on,
                received_on: electronic.then_some(decided_on),
                outcome,
                reasons: reasons.to_owned(),
                atasan_name: atasan_name.trim().to_owned(),
                atasan_position: atasan_position.trim().to_owned(),
                order,
            },
        })
    }

    /// The PPID records that what the atasan ordered was given, on `on`, saying what and how.
    pub fn carry_out_order(&self, on: NaiveDate, note: &str) -> Result<ObjectionEvent, ObjectionError> {
        let decision = self.decision.as_ref().filter(|_| self.state == ObjectionState::Decided);
        let Some(decision) = decision else { return Err(self.invalid("carried out")) };
        if decision.order.is_none() {
            return Err(ObjectionError::NoOrder);
        }
        if let Some(on) = self.order_carried_out_on {
            return Err(ObjectionError::OrderAlreadyCarriedOut { on });
        }
        if on < decision.decided_on {
            return Err(ObjectionError::BeforeDecision { date: on, decided_on: decision.decided_on });
        }
        let note = note.trim();
        if note.is_empty() {
            return Err(ObjectionError::CarriedOutNoteRequired);
        }
        Ok(ObjectionEvent::OrderCarriedOut { on, note: note.to_owned() })
    }

    /// The atasan's order and where it stands on `today`; `None` when the decision ordered nothing.
    pub fn order_status(&self, today: NaiveDate) -> Option<OrderStatus> {
        let by = self.decision.as_ref()?.order.as_ref()?.by;
        Some(match self.order_carried_out_on {
            Some(on) => OrderStatus::CarriedOut { on, by },
            None if today > by => OrderStatus::Overdue { by },
            None => OrderStatus::Pending { by },
        })
    }

    /// Records when a posted decision reached the requester.
    pub fn record_decision_received(&self, received_on: NaiveDate) -> Result<ObjectionEvent, ObjectionError> {
        match &self.decision {
            Some(d) if d.received_on.is_none() && received_on >= d.decided_on => {
                Ok(ObjectionEvent::DecisionReceived { received_on })
            }
            Some(d) if d.received_on.is_none() => {
                Err(ObjectionError::BeforeReceipt { date: received_on, received: d.decided_on })
            }
            _ => Err(self.invalid("recorded as received by the requester")),
        }
    }

    pub fn record_reaction(&self, reaction: Reaction) -> Result<ObjectionEvent, ObjectionError> {
        if self.state != ObjectionState::Decided {
            return Err(self.invalid("answered by the requester"));
        }
        Ok(ObjectionEvent::ReactionRecorded { reaction })
    }

    /// The PPID closes an objection that repeats another (`original_id`, numbered `original_number`), saying why;
    /// only while the atasan has not decided it.
    pub fn close_as_duplicate(
        &self,
        id: &str,
        closed_on: NaiveDate,
        original_id: &str,
        original_number: &str,
        reason: &str,
    ) -> Result<ObjectionEvent, ObjectionError> {
        if self.state != ObjectionState::Registered {
            return Err(self.invalid("closed as a duplicate"));
        }
        if original_id == id {
            return Err(ObjectionError::DuplicateOfItself);
        }
        if reason.trim().is_empty() {
            return Err(ObjectionError::DuplicateReasonRequired);
        }
        self.not_before_receipt(closed_on)?;
        Ok(ObjectionEvent::ClosedAsDuplicate {
            closed_on,
            original_id: original_id.to_owned(),
            original_number: original_number.to_owned(),
            reason: reason.trim().to_owned(),
        })
    }

    pub fn withdraw(&self, withdrawn_on: NaiveDate, reason: &str) -> Result<ObjectionEvent, ObjectionError> {
        if self.state != ObjectionState::Registered {
            return Err(self.invalid("withdrawn"));
        }
        self.not_before_receipt(withdrawn_on)?;
        Ok(ObjectionEvent::Withdrawn { withdrawn_on, reason: reason.trim().to_owned() })
    }

    pub fn apply(&mut self, event: &ObjectionEvent) {
        match event {
            ObjectionEvent::Registered { received_on, grounds, late, c4_due } => {
                self.received_on = *received_on;
                self.grounds = grounds.clone();
                self.late = *late;
                self.c4_due = *c4_due;
                self.state = ObjectionState::Registered;
            }
            ObjectionEvent::Decided { decision } => {
                self.decision = Some(decision.clone());
                self.state = ObjectionState::Decided;
            }
            ObjectionEvent::DecisionReceived { received_on } => {
                if let Some(d) = &mut self.decision {
                    d.received_on = Some(*received_on);
                }
            }
            ObjectionEvent::OrderCarriedOut { on, note } => {
                self.order_carried_out_on = Some(*on);
                self.order_note = Some(note.clone());
            }
            ObjectionEvent::ReactionRecorded { reaction } => self.reaction = Some(*reaction),
            ObjectionEvent::Withdrawn { .. } => self.state = ObjectionState::Withdrawn,
            ObjectionEvent::ClosedAsDuplicate { original_number, reason, .. } => {
                self.state = ObjectionState::Duplicate;
                self.duplicate_of = Some(DuplicateOf { number: original_number.clone(), reason: reason.clone() });
            }
            ObjectionEvent::DeadlineMoveRefused { .. } => {}
            ObjectionEvent::DeadlineMoved { clock, new, .. } => {
                if clock == "c4" {
                    self.c4_due = *new;
                }
            }
        }
    }

    /// Rebuilds an objection from its events (the first must be `Registered`).
    pub fn replay(events: &[ObjectionEvent]) -> Option<Objection> {
        let (first, rest) = events.split_first()?;
        let ObjectionEvent::Registered { received_on, grounds, late, c4_due } = first else { return None };
        let mut o = Objection {
            state: ObjectionState::Registered,
            received_on: *received_on,
            grounds: grounds.clone(),
            late: *late,
            c4_due: *c4_due,
            decision: None,
            reaction: None,
            order_carried_out_on: None,
            order_note: None,
            duplicate_of: None,
        };
        rest.iter().for_each(|e| o.apply(e));
        Some(o)
    }

    /// Whether the atasan decided within C4.
    pub fn decided_on_time(&self) -> Option<bool> {
        self.decision.as_ref().map(|d| d.decided_on <= self.c4_due)
    }

    /// The C5 window to go to the KI, once it has opened as of `as_of`: from the requester's receipt of the
    /// decision, or from the end of C4 without one. When the atasan decided late, the later of
    /// (C4 deadline + 14 wd) and (receipt of the late decision + 14 wd) — domain.md §5, a product reading [L].
    /// `None` while the atasan may still decide in time, or while a posted decision's receipt is unknown.
    ///
    /// After an overturn, the window also runs from the order: its last day is never before 14 wd after the order
    /// was carried out (or, while it is not, after the order's deadline), so a requester whose order is not carried
    /// out can still go to the KI.
    pub fn dispute_window(&self, as_of: NaiveDate, calendar: &CalendarView) -> Option<DisputeWindow> {
        let mut window = self.decision_window(as_of, calendar)?;
        if let Some(order) = self.decision.as_ref().and_then(|d| d.order.as_ref()) {
            let anchor = self.order_carried_out_on.unwrap_or(order.by);
            window.due = window.due.max(calendar.add_working_days(anchor, C5_DISPUTE_WINDOW).due);
        }
        Some(window)
    }

    /// C5 from the decision alone (see [`Objection::dispute_window`]).
    fn decision_window(&self, as_of: NaiveDate, calendar: &CalendarView) -> Option<DisputeWindow> {
        if matches!(self.state, ObjectionState::Withdrawn | ObjectionState::Duplicate) {
            return None;
        }
        let after_c4 = calendar.add_working_days(self.c4_due, C5_DISPUTE_WINDOW).due;
        match &self.decision {
            Some(d) if d.decided_on <= as_of => {
                let received = d.received_on.filter(|r| *r <= as_of);
                match received {
                    Some(r) => {
                        let after_decision = calendar.add_working_days(r, C5_DISPUTE_WINDOW).due;
                        if d.decided_on > self.c4_due {
                            Some(DisputeWindow { day0: self.c4_due, due: after_decision.max(after_c4) })
                        } else {
                            Some(DisputeWindow { day0: r, due: after_decision })
                        }
                    }
                    // Decided late and not yet received: the window opened at the end of C4.
                    None if d.decided_on > self.c4_due => Some(DisputeWindow { day0: self.c4_due, due: after_c4 }),
                    None => None,
                }
            }
            _ if as_of > self.c4_due => Some(DisputeWindow { day0: self.c4_due, due: after_c4 }),
            _ => None,
        }
    }

    /// C5 as far as the record decides it: from the decision's receipt (with the late-decision rule), or from
    /// the end of C4 while the atasan has not decided. `None` when withdrawn, or while a posted in-time decision's
    /// receipt is not yet recorded.
    /// The last day of C5 from the decision alone, as the atasan's letter states it (the letter is issued once
    /// and never changes; the order's extension of the window is stated there in words).
    pub fn decision_dispute_due(&self, calendar: &CalendarView) -> Option<NaiveDate> {
        let far = self.c4_due.checked_add_days(chrono::Days::new(36_500)).unwrap_or(self.c4_due);
        self.decision.as_ref().and_then(|_| self.decision_window(far, calendar)).map(|w| w.due)
    }

    pub fn dispute_window_due(&self, calendar: &CalendarView) -> Option<NaiveDate> {
        let far = self.c4_due.checked_add_days(chrono::Days::new(36_500)).unwrap_or(self.c4_due);
        match &self.decision {
            None if self.state == ObjectionState::Registered => {
                Some(calendar.add_working_days(self.c4_due, C5_DISPUTE_WINDOW).due)
            }
            None => None,
            Some(_) => self.dispute_window(far, calendar).map(|w| w.due),
        }
    }

    /// The clocks a calendar change may move: C4 while the atasan has not decided.
    pub fn open_clocks(&self) -> Vec<(&'static str, NaiveDate, u32, NaiveDate)> {
        if self.state == ObjectionState::Registered {
            vec![("c4", self.received_on, C4_ATASAN_DECISION, self.c4_due)]
        } else {
            Vec::new()
        }
    }
}
