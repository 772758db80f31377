//! What each letter says, in the Perki 1/2010 annex's order, from the record. Identity is replaced by a mask
//! for readers who may not see it (KI auditors, domain.md §8).

use crate::domain::letter::LetterKind;
use crate::domain::objection::AtasanOutcome;
use crate::domain::request::{Decision, HolderKnowledge, InfoForm};
use crate::i18n::{Locale, date_long, datetime_long, t, t_args};
use crate::service::letters::{LetterData, Subject};
use crate::views::letter::{Block, Letter, Signatory};

/// "NIP. 19800101 200501 2 001": a NIP of 18 digits in its standard grouping (birth date, appointment month, sex,
/// serial) however it was typed; anything else as it was written.
pub fn nip_line(locale: Locale, nip: &str) -> String {
    if nip.trim().is_empty() {
        return String::new();
    }
    let digits: String = nip.chars().filter(|c| !c.is_whitespace()).collect();
    let grouped = if digits.len() == 18 && digits.chars().all(|c| c.is_ascii_digit()) {
        format!("{} {} {} {}", &digits[..8], &digits[8..14], &digits[14..15], &digits[15..])
    } else {
        nip.trim().to_owned()
    };
    t_args(locale, "letter-nip", &[("nip", grouped)])
}

fn rupiah(n: i64) -> String {
    crate::views::format::rupiah_text(n)
}

/// A body's letterhead: its own lines, or its name in capitals over the PPID line.
pub fn letterhead_lines(locale: Locale, name: &str, letterhead: &str) -> Vec<String> {
    if letterhead.trim().is_empty() {
        vec![name.to_uppercase(), t(locale, "letter-ppid-line")]
    } else {
        letterhead.lines().map(str::to_owned).collect()
    }
}

/// The PPID's address, phone and email under the letterhead (empty parts left out).
pub fn contact_line(locale: Locale, address: &str, phone: &str, email: &str) -> String {
    [address.to_owned(), t_args(locale, "letter-phone", &[("phone", phone.to_owned())]), email.to_owned()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The letter for `data`, in `locale`. `instance_url` is where the letter can be checked.
pub fn compose(locale: Locale, data: &LetterData, instance_name: &str, mask_identity: bool) -> Letter {
    let body = &data.body;
    let r = &data.requester;
    let masked = t(locale, "letter-masked");
    let who = |v: &str| if mask_identity { masked.clone() } else { v.to_owned() };
    let letterhead = letterhead_lines(locale, &body.name, &body.letterhead);
    let contact = contact_line(locale, &body.ppid_address, &body.ppid_phone, &body.ppid_email);
    // "Sukamaju, 7 Desember 2026": the place the body writes from, then the date (no weekday), as letters are dated.
    let date = crate::i18n::date_medium(locale, data.letter.letter_date);
    let place_date = match body.letter_place.trim() {
        "" => date.clone(),
        place => format!("{place}, {date}"),
    };
    let ppid = Signatory {
        position: if body.ppid_signatory_position.trim().is_empty() {
            "PPID".to_owned()
        } else {
            body.ppid_signatory_position.clone()
        },
        name: body.ppid_signatory_name.clone(),
        nip_line: nip_line(locale, &body.ppid_signatory_nip),
    };
    let recipient = vec![t(locale, "letter-to"), who(&r.name), who(&r.address)]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let identity_rows = || {
        vec![
            (t(locale, "letter-field-name"), who(&r.name)),
            (t(locale, "letter-field-address"), who(&r.address)),
            (t(locale, "letter-field-phone"), who(&r.phone)),
            (t(locale, "letter-field-email"), who(&r.email)),
        ]
    };
    let title = t(locale, &format!("letter-title-{}", data.kind.slug()));
    let mut blocks = Vec::new();
    let mut signatory = ppid.clone();
    let case_number;
    match (&data.subject, data.kind) {
        (Subject::Request(q), kind) => {
            let req = &q.request;
            case_number = req.registration_number.clone();
            let received = datetime_long(locale, req.received_at.and_utc(), data.zone);
            let intro = t_args(
                locale,
                "letter-based-on-request",
                &[("date", date_long(locale, req.received_on)), ("number", req.registration_number.clone())],
            );
            let object_right = || {
                let mut text = t(locale, "letter-right-to-object");
                if let Some(due) = q.objection_due {
                    text.push(' ');
                    text.push_str(&t_args(locale, "letter-until", &[("date", date_long(locale, due))]));
                }
                Block::paragraph(text)
            };
            match kind {
                LetterKind::RequestReceipt => {
                    let mut rows = vec![(t(locale, "letter-registration-number"), req.registration_number.clone())];
                    rows.extend(identity_rows());
                    rows.extend([
                        (t(locale, "letter-field-occupation"), who(&r.occupation)),
                        (t(locale, "form-information"), req.information.clone()),
                        (t(locale, "form-purpose"), req.purpose.clone()),
                        (t(locale, "letter-obtain"), opt_label(locale, "form-obtain", &req.obtain_method)),
                        (t(locale, "letter-delivery"), opt_label(locale, "form-delivery", &req.delivery_method)),
                        (t(locale, "letter-channel"), t(locale, &format!("channel-{}", req.channel.replace('_', "-")))),
                        (t(locale, "letter-received-at"), received),
                    ]);
                    if let Some(unit) = &q.unit_name {
                        rows.push((t(locale, "queue-filter-unit"), unit.clone()));
                    }
                    blocks.push(Block::fields(rows));
                    blocks.push(Block::paragraph(t_args(
                        locale,
                        "letter-receipt-deadline",
                        &[("date", date_long(locale, req.c1_due))],
                    )));
                }
                LetterKind::ExtensionNotice => {
                    let ext = q.aggregate.extension.as_ref().expect("an extension letter has an extension");
                    blocks.push(Block::paragraph(t_args(
                        locale,
                        "letter-extension",
                        &[
                            ("date", date_long(locale, req.received_on)),
                            ("number", req.registration_number.clone()),
                            ("due", date_long(locale, ext.c2_due)),
                        ],
                    )));
                    blocks.push(Block::heading(t(locale, "letter-extension-reason")));
                    blocks.push(Block::paragraph(ext.reason.clone()));
                }
                LetterKind::WrittenNotice => {
                    let notice = q.aggregate.notice.as_ref().expect("a notice letter has a notice");
                    blocks.push(Block::paragraph(intro));
                    blocks.push(Block::fields(identity_rows()));
                    blocks.push(Block::paragraph(t(locale, "letter-notice-as-follows")));
                    let fee = match &notice.fee {
                        Some(f) => format!("Rp {} — {}", rupiah(f.rupiah), f.basis),
                        None => t(locale, "letter-no-fee"),
                    };
                    let form = |f: &InfoForm| {
                        t(
                            locale,
                            match f {
                                InfoForm::Softcopy => "info-form-softcopy",
                                InfoForm::Hardcopy => "info-form-hardcopy",
                                InfoForm::Inspection => "info-form-inspection",
                            },
                        )
                    };
                    match &notice.decision {
                        Decision::Granted { form: f, provide_by } => {
                            blocks.push(Block::heading(t(locale, "letter-granted")));
                            blocks.push(Block::fields(vec![
                                (t(locale, "letter-held-by"), t(locale, "letter-held-by-us")),
                                (t(locale, "case-notice-form"), form(f)),
                                (t(locale, "letter-fee"), fee),
                                (t(locale, "letter-provide-by"), date_long(locale, *provide_by)),
                            ]));
                        }
                        Decision::GrantedInPart { form: f, provide_by, redacted_parts, ground, consequence_test } => {
                            blocks.push(Block::heading(t(locale, "letter-granted-in-part")));
                            blocks.push(Block::fields(vec![
                                (t(locale, "letter-held-by"), t(locale, "letter-held-by-us")),
                                (t(locale, "case-notice-form"), form(f)),
                                (t(locale, "letter-fee"), fee),
                                (t(locale, "letter-provide-by"), date_long(locale, *provide_by)),
                                (t(locale, "case-notice-redacted"), redacted_parts.clone()),
                                (t(locale, "letter-exemption"), art17(locale, ground.letter())),
                                (t(locale, "case-notice-consequence-test"), consequence_test.clone()),
                            ]));
                        }
                        Decision::RefusedExempt { ground, consequence_test } => {
                            blocks.push(Block::heading(t(locale, "letter-not-given")));
                            blocks.push(Block::Bullets {
                                items: vec![t_args(
                                    locale,
                                    "letter-refused-exempt",
                                    &[("ground", art17(locale, ground.letter()))],
                                )],
                            });
                            blocks.push(Block::fields(vec![(
                                t(locale, "case-notice-consequence-test"),
                                consequence_test.clone(),
                            )]));
                        }
                        Decision::NotHeld { holder } => {
                            blocks.push(Block::heading(t(locale, "letter-not-given")));
                            let mut items = vec![t(locale, "letter-not-held")];
                            items.push(match holder {
                                HolderKnowledge::Known { name } => {
                                    t_args(locale, "letter-held-elsewhere", &[("holder", name.clone())])
                                }
                                HolderKnowledge::Unknown => t(locale, "letter-holder-unknown"),
                            });
                            blocks.push(Block::Bullets { items });
                        }
                        Decision::NotYetDocumented { expected_by } => {
                            blocks.push(Block::heading(t(locale, "letter-not-given")));
                            blocks.push(Block::Bullets {
                                items: vec![t_args(
                                    locale,
                                    "letter-not-yet-documented",
                                    &[("date", date_long(locale, *expected_by))],
                                )],
                            });
                        }
                    }
                    blocks.push(object_right());
                }
                LetterKind::RefusalDecision => {
                    let notice = q.aggregate.notice.as_ref().expect("a refusal letter has a notice");
                    let mut rows = vec![(t(locale, "letter-registration-number"), req.registration_number.clone())];
                    rows.extend(identity_rows());
                    blocks.push(Block::fields(rows));
                    blocks.push(Block::paragraph(t_args(
                        locale,
                        "letter-ppid-decides",
                        &[("body", body.name.clone())],
                    )));
                    let (what, ground, test) = match &notice.decision {
                        Decision::RefusedExempt { ground, consequence_test } => {
                            (t(locale, "letter-exempt-whole"), ground, consequence_test)
                        }
                        Decision::GrantedInPart { ground, consequence_test, redacted_parts, .. } => (
                            t_args(locale, "letter-exempt-part", &[("parts", redacted_parts.clone())]),
                            ground,
                            consequence_test,
                        ),
                        _ => unreachable!("a refusal letter exists only for refusals"),
                    };
                    blocks.push(Block::fields(vec![
                        (t(locale, "form-information"), req.information.clone()),
                        (t(locale, "letter-is"), what),
                        (t(locale, "letter-exemption"), art17(locale, ground.letter())),
                        (t(locale, "case-notice-consequence-test"), test.clone()),
                    ]));
                    blocks.push(object_right());
                }
                LetterKind::ObjectionReceipt | LetterKind::AtasanDecision => unreachable!("request letters only"),
            }
        }
        (Subject::Objection(o), kind) => {
            let obj = &o.objection;
            case_number = obj.registration_number.clone();
            match kind {
                LetterKind::ObjectionReceipt => {
                    let mut rows = vec![(t(locale, "letter-objection-number"), obj.registration_number.clone())];
                    if let Some(n) = &o.request_number {
                        rows.push((t(locale, "letter-registration-number"), n.clone()));
                    }
                    rows.extend(identity_rows());
                    rows.push((t(locale, "objection-kuasa"), who(&obj.representative_name)));
                    rows.push((
                        t(locale, "letter-channel"),
                        t(locale, &format!("channel-{}", obj.channel.replace('_', "-"))),
                    ));
                    rows.push((
                        t(locale, "letter-received-at"),
                        datetime_long(locale, obj.received_at.and_utc(), data.zone),
                    ));
                    blocks.push(Block::fields(rows));
                    blocks.push(Block::heading(t(locale, "objection-grounds")));
                    blocks.push(Block::Bullets {
                        items: o
                            .aggregate
                            .grounds
                            .iter()
                            .map(|g| crate::views::case::ground_label(locale, g.ground))
                            .collect(),
                    });
                    blocks.push(Block::heading(t(locale, "letter-case-summary")));
                    blocks.push(Block::paragraph(obj.summary.clone()));
                    blocks.push(Block::paragraph(t_args(
                        locale,
                        "letter-atasan-due",
                        &[("date", date_long(locale, o.aggregate.c4_due))],
                    )));
                    if o.aggregate.late {
                        blocks.push(Block::paragraph(t(locale, "objection-late-flag")));
                    }
                }
                LetterKind::AtasanDecision => {
                    let d = o.aggregate.decision.as_ref().expect("a decision letter has a decision");
                    blocks.push(Block::paragraph(t_args(
                        locale,
                        "letter-based-on-objection",
                        &[
                            ("number", obj.registration_number.clone()),
                            ("date", date_long(locale, obj.received_on)),
                            ("request", o.request_number.clone().unwrap_or_else(|| "—".into())),
                        ],
                    )));
                    blocks.push(Block::fields(identity_rows()));
                    let outcome = match d.outcome {
                        AtasanOutcome::Upheld => "atasan-outcome-upheld",
                        AtasanOutcome::Overturned => "atasan-outcome-overturned",
                        AtasanOutcome::OverturnedInPart => "atasan-outcome-overturned-in-part",
                    };
                    blocks.push(Block::fields(vec![(t(locale, "objection-decision-outcome"), t(locale, outcome))]));
                    blocks.push(Block::heading(t(locale, "objection-decision-reasons")));
                    blocks.push(Block::paragraph(d.reasons.clone()));
                    if let Some(order) = &d.order {
                        blocks.push(Block::heading(t(locale, "objection-order-legend")));
                        blocks.push(Block::paragraph(t_args(
                            locale,
                            "letter-order",
                            &[("date", date_long(locale, order.by))],
                        )));
                        blocks.push(Block::paragraph(order.what.clone()));
                        blocks.push(Block::paragraph(t_args(
                            locale,
                            "letter-order-not-given",
                            &[("date", date_long(locale, order.by)), ("ki", o.ki_name.clone())],
                        )));
                    }
                    let mut text = t_args(locale, "letter-right-to-dispute", &[("ki", o.ki_name.clone())]);
                    if let Some(due) = o.dispute_due {
                        text.push(' ');
                        text.push_str(&t_args(locale, "letter-until", &[("date", date_long(locale, due))]));
                    }
                    blocks.push(Block::paragraph(text));
                    signatory = Signatory {
                        position: d.atasan_position.clone(),
                        name: d.atasan_name.clone(),
                        nip_line: nip_line(locale, &body.atasan_signatory_nip),
                    };
                }
                _ => unreachable!("objection letters only"),
            }
        }
    }
    Letter {
        lang: locale.code().to_owned(),
        letterhead,
        logo: None,
        logo_href: None,
        contact,
        number_line: t_args(locale, "letter-number", &[("number", data.letter.number.clone())]),
        title,
        recipient,
        blocks,
        place_date,
        signatory,
        footer: t_args(locale, "letter-footer", &[("case", case_number), ("instance", instance_name.to_owned())]),
    }
    .with_logo(&body.slug, data.logo.as_ref())
}

fn opt_label(locale: Locale, prefix: &str, value: &str) -> String {
    if value.trim().is_empty() { String::new() } else { t(locale, &format!("{prefix}-{value}")) }
}

fn art17(locale: Locale, letter: char) -> String {
    t_args(locale, "letter-art17", &[("letter", letter.to_string()), ("what", t(locale, &format!("art17-{letter}")))])
}

#[cfg(test)]
mod tests {
    use super::nip_line;
    use crate::i18n::Locale;

    #[test]
    fn a_nip_is_printed_in_its_standard_grouping_however_it_was_typed() {
        for typed in ["197001012000031002", "19700101 200003 1 002", "1970 0101 2000 0310 02"] {
            assert_eq!(nip_line(Locale::Id, typed), "NIP. 19700101 200003 1 002", "{typed}");
        }
        assert_eq!(nip_line(Locale::Id, ""), "");
    }
}
