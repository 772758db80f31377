//! What a case's pages show, whoever reads them (requester, officer, atasan, auditor): its deadlines and the
//! calendar that counted them, its timeline in words, objection grounds, document and letter links.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::CaseEvent;
use crate::domain::letter::LetterKind;
use crate::domain::objection::ObjectionGround;
use crate::i18n::{Locale, date_long, t, t_args};
use crate::views::explain::explain_deadline;
use crate::views::format::rupiah_text;

#[derive(Serialize)]
pub struct DeadlineView {
    pub label: String,
    pub date: String,
    pub explanation: Option<String>,
    /// Which calendar counted it: its version and the KI whose local holidays count.
    pub calendar: String,
}

#[derive(Serialize)]
pub struct TimelineItem {
    pub date: String,
    pub text: String,
    pub reason: Option<String>,
    /// Who took the step ("oleh Dewi Lestari (PPID Utama)"), on staff pages only.
    pub actor: Option<String>,
}

/// Who took a step, for staff pages: the person's name and role, "the requester", or "the system" for what happens
/// by itself (a deadline passing, a mail sent).
pub fn actor_text(
    locale: Locale,
    row: &crate::db::models::cases::EventRow,
    actors: &crate::service::officer::Actors,
) -> String {
    match row.actor_kind.as_str() {
        "system" => t(locale, "history-by-system"),
        "requester" => t(locale, "history-by-requester"),
        _ => match row.actor_id.as_deref().and_then(|id| actors.get(id)) {
            Some((name, role)) => t_args(
                locale,
                "history-by",
                &[("name", name.clone()), ("role", t(locale, &format!("role-{}", role.as_str().replace('_', "-"))))],
            ),
            None => t(locale, "history-by-officer"),
        },
    }
}

#[derive(Serialize)]
pub struct DocumentLink {
    pub name: String,
    pub href: String,
    pub size: String,
}

pub fn deadline_view(
    locale: Locale,
    label_key: &str,
    (date, deadline): &(chrono::NaiveDate, Option<crate::domain::calendar::Deadline>),
    calendar: &str,
) -> DeadlineView {
    DeadlineView {
        label: t(locale, label_key),
        date: date_long(locale, *date),
        explanation: deadline.as_ref().map(|d| explain_deadline(locale, d)),
        calendar: calendar.to_owned(),
    }
}

/// "Counted with working-day calendar version N (national days and the local days of KI X)".
pub fn calendar_used(locale: Locale, version: i64, ki_name: &str) -> String {
    t_args(locale, "deadline-calendar", &[("version", version.to_string()), ("ki", ki_name.to_owned())])
}

pub fn event_text(locale: Locale, event: &crate::domain::request::RequestEvent) -> String {
    use crate::domain::request::RequestEvent as E;
    match event {
        E::DeadlineMoved { new, .. } => t_args(locale, "event-deadline-moved", &[("date", date_long(locale, *new))]),
        E::NoticeGiven { decision, fee, .. } => {
            let mut text = t_args(
                locale,
                "event-notice-given",
                &[("decision", t(locale, &format!("decision-{}", decision.kind().replace('_', "-"))))],
            );
            if let Some(fee) = fee {
                text.push(' ');
                text.push_str(&t_args(
                    locale,
                    "event-fee",
                    &[("amount", rupiah_text(fee.rupiah)), ("basis", fee.basis.clone())],
                ));
            }
            text
        }
        other => t(locale, &format!("event-{}", other.type_name().replace('_', "-"))),
    }
}

pub fn ground_label(locale: Locale, g: ObjectionGround) -> String {
    t(locale, &format!("ground-{}", g.letter()))
}

/// A link to one of a case's letters, named by its kind and, once issued, its number.
#[derive(Serialize)]
pub struct LetterLink {
    pub title: String,
    pub number: Option<String>,
    pub href: String,
    pub pdf_href: String,
}

/// Links to the letters of `kinds` of case `case_id` under `base` (e.g. `/lacak/{token}/surat`), each with its
/// number where `numbers` has one.
pub fn links(
    locale: Locale,
    base: &str,
    kinds: &[LetterKind],
    case_id: &str,
    numbers: &crate::service::letters::LetterNumbers,
) -> Vec<LetterLink> {
    kinds
        .iter()
        .map(|k| LetterLink {
            title: t(locale, &format!("letter-title-{}", k.slug())),
            number: numbers.get(&(case_id.to_owned(), k.slug().to_owned())).cloned(),
            href: format!("{base}/{}", k.slug()),
            pdf_href: format!("{base}/{}.pdf", k.slug()),
        })
        .collect()
}

/// The translation key's part for an atasan's ruling (`atasan-outcome-…`).
pub fn outcome_key(o: crate::domain::objection::AtasanOutcome) -> &'static str {
    match o {
        crate::domain::objection::AtasanOutcome::Upheld => "upheld",
        crate::domain::objection::AtasanOutcome::Overturned => "overturned",
        crate::domain::objection::AtasanOutcome::OverturnedInPart => "overturned-in-part",
    }
}

/// A label and what it says, in a definition list.
#[derive(Serialize)]
pub struct Line {
    pub label: String,
    pub value: String,
}

/// The written notice as the requester reads it: the decision, what is given and by when, what was withheld and
/// on which letter of Art. 17 with the consequence test, who holds information the body does not, and any fee.
pub fn notice_details(locale: Locale, notice: &crate::domain::request::Notice) -> Vec<Line> {
    use crate::domain::notice::{Decision, HolderKnowledge};
    let mut out = Vec::new();
    let mut push = |key: &str, value: String| out.push(Line { label: t(locale, key), value });
    let d = &notice.decision;
    let decision = t(locale, &format!("decision-{}", d.kind().replace('_', "-")));
    let mut chars = decision.chars();
    let decision = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    push("case-notice-decision", decision);
    push("case-notice-date", date_long(locale, notice.notice_on));
    let ground = |g: crate::domain::notice::Art17Ground| {
        t_args(locale, "notice-art17-ground", &[("letter", g.letter().to_string())])
    };
    match d {
        Decision::Granted { form, provide_by } => {
            push("case-notice-form", t(locale, &format!("info-form-{}", form.as_str())));
            push("case-notice-provide-by", date_long(locale, *provide_by));
        }
        Decision::GrantedInPart { form, provide_by, redacted_parts, ground: g, consequence_test } => {
            push("case-notice-form", t(locale, &format!("info-form-{}", form.as_str())));
            push("case-notice-provide-by", date_long(locale, *provide_by));
            push("notice-withheld", redacted_parts.clone());
            push("notice-ground", ground(*g));
            push("case-notice-consequence-test", consequence_test.clone());
        }
        Decision::RefusedExempt { ground: g, consequence_test } => {
            push("notice-ground", ground(*g));
            push("case-notice-consequence-test", consequence_test.clone());
        }
        Decision::NotHeld { holder: HolderKnowledge::Known { name } } => push("case-notice-holder-name", name.clone()),
        Decision::NotHeld { holder: HolderKnowledge::Unknown } => {
            push("case-notice-holder-name", t(locale, "notice-holder-unknown"))
        }
        Decision::NotYetDocumented { expected_by } => push("case-notice-expected-by", date_long(locale, *expected_by)),
    }
    if let Some(fee) = &notice.fee {
        push("notice-fee", format!("{} — {}", rupiah_text(fee.rupiah), fee.basis));
    }
    out
}

/// The request an objection is about, as the atasan weighs it: what was asked, when, any extension and its reason,
/// and the PPID's written notice (or that there is none yet, and by when it was due).
pub fn request_answer(
    locale: Locale,
    row: &crate::db::models::cases::RequestRow,
    r: &crate::domain::request::Request,
) -> Vec<Line> {
    let mut out = vec![
        Line { label: t(locale, "answer-information"), value: row.information.clone() },
        Line { label: t(locale, "receipt-received"), value: date_long(locale, r.received_on) },
    ];
    if let Some(e) = &r.extension {
        let value = format!("{} — {}", date_long(locale, e.notified_on), e.reason);
        out.push(Line { label: t(locale, "answer-extended"), value });
    }
    match &r.notice {
        Some(notice) => out.extend(notice_details(locale, notice)),
        None => out.push(Line {
            label: t(locale, "answer-notice"),
            value: t_args(locale, "answer-no-notice", &[("due", date_long(locale, r.notice_due()))]),
        }),
    }
    out
}

/// Where an atasan's order stands, in a sentence: not yet (by when, or how many days late), or carried out (on
/// time or late).
pub fn order_status_text(locale: Locale, status: crate::domain::objection::OrderStatus, today: NaiveDate) -> String {
    use crate::domain::objection::OrderStatus;
    let late = |from: NaiveDate, to: NaiveDate| (to - from).num_days().to_string();
    match status {
        OrderStatus::Pending { by } => t_args(locale, "order-status-pending", &[("by", date_long(locale, by))]),
        OrderStatus::Overdue { by } => t_args(locale, "order-status-overdue", &[("days", late(by, today))]),
        OrderStatus::CarriedOut { on, by } if on <= by => {
            t_args(locale, "order-status-on-time", &[("on", date_long(locale, on))])
        }
        OrderStatus::CarriedOut { on, by } => {
            t_args(locale, "order-status-late", &[("on", date_long(locale, on)), ("days", late(by, on))])
        }
    }
}

/// A dispute's event as a sentence in the timeline.
pub fn dispute_event_text(locale: Locale, e: &crate::domain::dispute::DisputeEvent) -> String {
    let d = |date: &chrono::NaiveDate| date_long(locale, *date);
    match e {
        crate::domain::dispute::DisputeEvent::Filed { filed_on, .. } => {
            t_args(locale, "dispute-event-filed", &[("date", d(filed_on))])
        }
        crate::domain::dispute::DisputeEvent::Confirmed => t(locale, "dispute-event-confirmed"),
        crate::domain::dispute::DisputeEvent::KiRegistered { ki_number, received_by_ki_on } => t_args(
            locale,
            "dispute-event-ki-registered",
            &[("number", ki_number.clone()), ("date", d(received_by_ki_on))],
        ),
        crate::domain::dispute::DisputeEvent::FirstSession { on } => {
            t_args(locale, "dispute-event-first-session", &[("date", d(on))])
        }
        crate::domain::dispute::DisputeEvent::MediationExtended => t(locale, "dispute-event-mediation-extended"),
        crate::domain::dispute::DisputeEvent::MediationAgreement { on } => {
            t_args(locale, "dispute-event-mediation-agreement", &[("date", d(on))])
        }
        crate::domain::dispute::DisputeEvent::AdjudicationDecision { decided_on, outcome, .. } => t_args(
            locale,
            "dispute-event-adjudication",
            &[("date", d(decided_on)), ("outcome", t(locale, &format!("adjudication-{}", adjudication_key(*outcome))))],
        ),
        crate::domain::dispute::DisputeEvent::ComplianceRecorded { complied, on } => t_args(
            locale,
            if *complied { "dispute-event-complied" } else { "dispute-event-not-complied" },
            &[("date", d(on))],
        ),
        crate::domain::dispute::DisputeEvent::CourtChallenge { filed_on, court } => {
            t_args(locale, "dispute-event-court-challenge", &[("date", d(filed_on)), ("court", court.clone())])
        }
        crate::domain::dispute::DisputeEvent::CourtDecision { received_on } => {
            t_args(locale, "dispute-event-court-decision", &[("date", d(received_on))])
        }
    }
}

/// The translation key's part for the KI's adjudication (`adjudication-…`).
pub fn adjudication_key(o: crate::domain::dispute::AdjudicationOutcome) -> &'static str {
    match o {
        crate::domain::dispute::AdjudicationOutcome::Granted => "granted",
        crate::domain::dispute::AdjudicationOutcome::GrantedInPart => "granted-in-part",
        crate::domain::dispute::AdjudicationOutcome::Rejected => "rejected",
    }
}
