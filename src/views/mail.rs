//! The text of every email: a subject, a plain-text part and an HTML part from one set of Fluent messages, so
//! both parts always say the same. Links are absolute (the instance's public base URL).

use serde::Serialize;
use serde_json::Value;

use crate::i18n::{Locale, date_long, t, t_args};
use crate::service::mail::{Compose, Rendered};
use crate::views::Views;

/// Every kind of mail the composer writes (the snapshot test checks each has a fixture).
pub const KINDS: [&str; 23] = [
    "ki_digest",
    "staff_report_reminder",
    "receipt",
    "tracking_link",
    "extension",
    "notice",
    "provided",
    "closed",
    "overdue",
    "objection_receipt",
    "atasan_decision",
    "order_carried_out",
    "objection_duplicate",
    "remind_objection",
    "remind_dispute",
    "staff_new_request",
    "staff_routed",
    "staff_new_objection",
    "staff_order",
    "staff_digest",
    "account_invitation",
    "account_reset",
    "password_reset",
];

pub struct Composer {
    pub views: Views,
    pub base_url: String,
    pub instance_name: String,
    /// The instance's time zone, for times in mail (a link's expiry).
    pub time_zone: chrono_tz::Tz,
}

#[derive(Serialize)]
struct Page<'a> {
    lang: &'a str,
    instance: &'a str,
    subject: &'a str,
    heading: &'a str,
    paragraphs: &'a [String],
    link_url: Option<&'a str>,
    link_label: &'a str,
    footer: &'a str,
    opt_out_url: Option<&'a str>,
    opt_out_label: &'a str,
}

fn text_of(params: &Value, key: &str) -> Result<String, String> {
    params.get(key).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| format!("the mail lacks `{key}`"))
}

fn date_of(locale: Locale, params: &Value, key: &str) -> Result<String, String> {
    let raw = text_of(params, key)?;
    let d = chrono::NaiveDate::parse_from_str(&raw, "%Y-%m-%d").map_err(|e| format!("`{key}`: {e}"))?;
    Ok(date_long(locale, d))
}

impl Compose for Composer {
    fn compose(&self, kind: &str, locale: Locale, params: &Value) -> Result<Rendered, String> {
        let (subject, heading, paragraphs, link) = match kind {
            "receipt" => {
                let number = text_of(params, "number")?;
                let body = text_of(params, "body")?;
                let due = date_of(locale, params, "c1_due")?;
                let token = text_of(params, "tracking_token")?;
                (
                    t_args(locale, "mail-receipt-subject", &[("number", number.clone())]),
                    t(locale, "mail-receipt-heading"),
                    vec![
                        t_args(locale, "mail-receipt-registered", &[("body", body), ("number", number)]),
                        t_args(locale, "mail-receipt-deadline", &[("date", due)]),
                    ],
                    Some((t(locale, "mail-receipt-link"), format!("{}/lacak/{token}", self.base_url))),
                )
            }
            "tracking_link" => {
                let number = text_of(params, "number")?;
                let body = text_of(params, "body")?;
                let token = text_of(params, "tracking_token")?;
                (
                    t_args(locale, "mail-link-subject", &[("number", number.clone())]),
                    t(locale, "mail-link-heading"),
                    vec![
                        t_args(locale, "mail-link-text", &[("body", body), ("number", number)]),
                        t(locale, "mail-link-old"),
                    ],
                    Some((t(locale, "mail-receipt-link"), format!("{}/lacak/{token}", self.base_url))),
                )
            }
            "overdue" => {
                let number = text_of(params, "number")?;
                let body = text_of(params, "body")?;
                let due = date_of(locale, params, "due")?;
                let mut paragraphs = vec![t_args(locale, "mail-overdue-text", &[("body", body), ("date", due)])];
                if !text_of(params, "object_by")?.is_empty() {
                    let by = date_of(locale, params, "object_by")?;
                    paragraphs.push(t_args(locale, "mail-overdue-object", &[("date", by)]));
                }
                paragraphs.push(t_args(
                    locale,
                    "mail-see-tracking",
                    &[("email", text_of(params, "body_email").unwrap_or_default())],
                ));
                (
                    t_args(locale, "mail-overdue-subject", &[("number", number)]),
                    t(locale, "mail-overdue-heading"),
                    paragraphs,
                    None,
                )
            }
            "objection_receipt" | "atasan_decision" => {
                let number = text_of(params, "number")?;
                let body = text_of(params, "body")?;
                let mut paragraphs = Vec::new();
                if kind == "objection_receipt" {
                    let due = date_of(locale, params, "c4_due")?;
                    paragraphs.push(t_args(
                        locale,
                        "mail-objection-text",
                        &[("body", body), ("number", number.clone()), ("date", due)],
                    ));
                } else {
                    let outcome = text_of(params, "outcome")?;
                    let label = t(locale, &format!("atasan-outcome-{}", outcome.replace('_', "-")));
                    paragraphs.push(t_args(locale, "mail-decision-text", &[("body", body), ("outcome", label)]));
                    // An overturn orders the PPID to give something by a date: the requester reads what and when.
                    if !text_of(params, "order_what").unwrap_or_default().is_empty() {
                        let by = date_of(locale, params, "order_by")?;
                        paragraphs.push(t_args(locale, "mail-decision-order", &[("date", by)]));
                        paragraphs.push(text_of(params, "order_what")?);
                    }
                    if !text_of(params, "dispute_by")?.is_empty() {
                        let by = date_of(locale, params, "dispute_by")?;
                        paragraphs.push(t_args(
                            locale,
                            "mail-decision-dispute",
                            &[("ki", text_of(params, "ki")?), ("date", by)],
                        ));
                    }
                }
                paragraphs.push(t_args(
                    locale,
                    "mail-see-tracking",
                    &[("email", text_of(params, "body_email").unwrap_or_default())],
                ));
                (
                    t_args(locale, &format!("mail-{}-subject", kind.replace('_', "-")), &[("number", number)]),
                    t(locale, &format!("mail-{}-heading", kind.replace('_', "-"))),
                    paragraphs,
                    None,
                )
            }
            "objection_duplicate" => {
                let number = text_of(params, "number")?;
                let paragraphs = vec![
                    t_args(
                        locale,
                        "mail-objection-duplicate-text",
                        &[
                            ("body", text_of(params, "body")?),
                            ("number", number.clone()),
                            ("original", text_of(params, "original")?),
                        ],
                    ),
                    t_args(locale, "mail-reason", &[("reason", text_of(params, "reason")?)]),
                    t_args(
                        locale,
                        "mail-see-tracking",
                        &[("email", text_of(params, "body_email").unwrap_or_default())],
                    ),
                ];
                (
                    t_args(locale, "mail-objection-duplicate-subject", &[("number", number)]),
                    t(locale, "mail-objection-duplicate-heading"),
                    paragraphs,
                    None,
                )
            }
            "order_carried_out" => {
                let number = text_of(params, "number")?;
                let paragraphs = vec![
                    t_args(
                        locale,
                        "mail-order-carried-out-text",
                        &[("body", text_of(params, "body")?), ("date", date_of(locale, params, "on")?)],
                    ),
                    text_of(params, "note")?,
                    t_args(
                        locale,
                        "mail-order-carried-out-not-received",
                        &[("email", text_of(params, "body_email").unwrap_or_default())],
                    ),
                ];
                (
                    t_args(locale, "mail-order-carried-out-subject", &[("number", number)]),
                    t(locale, "mail-order-carried-out-heading"),
                    paragraphs,
                    None,
                )
            }
            "extension" | "notice" | "provided" | "closed" => {
                let number = text_of(params, "number")?;
                let body = text_of(params, "body")?;
                let mut paragraphs = Vec::new();
                match kind {
                    "extension" => {
                        let due = date_of(locale, params, "c2_due")?;
                        paragraphs.push(t_args(
                            locale,
                            "mail-extension-text",
                            &[("body", body.clone()), ("date", due)],
                        ));
                        paragraphs.push(t_args(locale, "mail-reason", &[("reason", text_of(params, "reason")?)]));
                    }
                    "notice" => {
                        let decision = text_of(params, "decision")?;
                        let label = t(locale, &format!("decision-{}", decision.replace('_', "-")));
                        paragraphs.push(t_args(
                            locale,
                            "mail-notice-text",
                            &[("body", body.clone()), ("decision", label)],
                        ));
                        let art17 = text_of(params, "art17")?;
                        if !art17.is_empty() {
                            paragraphs.push(t_args(
                                locale,
                                "mail-notice-art17",
                                &[("letter", art17.clone()), ("what", t(locale, &format!("art17-{art17}")))],
                            ));
                        }
                        if !text_of(params, "provide_by")?.is_empty() {
                            let by = date_of(locale, params, "provide_by")?;
                            paragraphs.push(t_args(locale, "mail-notice-provide-by", &[("date", by)]));
                        }
                        let fee = text_of(params, "fee")?;
                        if !fee.is_empty() {
                            paragraphs.push(t_args(locale, "mail-notice-fee", &[("fee", fee)]));
                        }
                        if !text_of(params, "object_by")?.is_empty() {
                            let by = date_of(locale, params, "object_by")?;
                            paragraphs.push(t_args(locale, "mail-notice-object", &[("date", by)]));
                        }
                    }
                    "provided" => {
                        let on = date_of(locale, params, "provided_on")?;
                        paragraphs.push(t_args(locale, "mail-provided-text", &[("body", body.clone()), ("date", on)]));
                    }
                    _ => {
                        let outcome = text_of(params, "outcome")?;
                        paragraphs.push(t_args(
                            locale,
                            "mail-closed-text",
                            &[
                                ("body", body.clone()),
                                ("outcome", t(locale, &format!("outcome-{}", outcome.replace('_', "-")))),
                            ],
                        ));
                        paragraphs.push(t_args(locale, "mail-reason", &[("reason", text_of(params, "reason")?)]));
                    }
                }
                paragraphs.push(t_args(
                    locale,
                    "mail-see-tracking",
                    &[("email", text_of(params, "body_email").unwrap_or_default())],
                ));
                (
                    t_args(locale, &format!("mail-{kind}-subject"), &[("number", number)]),
                    t(locale, &format!("mail-{kind}-heading")),
                    paragraphs,
                    None,
                )
            }
            "staff_new_request" => {
                let number = text_of(params, "number")?;
                let channel = t(locale, &format!("channel-{}", text_of(params, "channel")?.replace('_', "-")));
                (
                    t_args(locale, "mail-staff-new-request-subject", &[("number", number.clone())]),
                    t(locale, "mail-staff-new-request-heading"),
                    vec![
                        t_args(
                            locale,
                            "mail-staff-new-request-text",
                            &[
                                ("body", text_of(params, "body")?),
                                ("number", number),
                                ("date", date_of(locale, params, "received_on")?),
                                ("channel", channel),
                            ],
                        ),
                        t_args(locale, "mail-staff-due", &[("date", date_of(locale, params, "due")?)]),
                    ],
                    Some((t(locale, "mail-staff-open"), format!("{}{}", self.base_url, text_of(params, "path")?))),
                )
            }
            "staff_routed" => {
                let number = text_of(params, "number")?;
                let unit = text_of(params, "unit")?;
                let mut paragraphs = vec![if unit.is_empty() {
                    t_args(locale, "mail-staff-routed-back", &[("number", number.clone())])
                } else {
                    t_args(locale, "mail-staff-routed-text", &[("number", number.clone()), ("unit", unit)])
                }];
                let reason = text_of(params, "reason")?;
                if !reason.is_empty() {
                    paragraphs.push(t_args(locale, "mail-reason", &[("reason", reason)]));
                }
                paragraphs.push(t_args(locale, "mail-staff-due", &[("date", date_of(locale, params, "due")?)]));
                (
                    t_args(locale, "mail-staff-routed-subject", &[("number", number)]),
                    t(locale, "mail-staff-routed-heading"),
                    paragraphs,
                    Some((t(locale, "mail-staff-open"), format!("{}{}", self.base_url, text_of(params, "path")?))),
                )
            }
            "staff_report_reminder" => {
                let year = text_of(params, "year")?;
                let due = date_of(locale, params, "due")?;
                (
                    t_args(locale, "mail-report-reminder-subject", &[("year", year.clone()), ("due", due.clone())]),
                    t(locale, "mail-report-reminder-heading"),
                    vec![t_args(
                        locale,
                        "mail-report-reminder-text",
                        &[("body", text_of(params, "body")?), ("year", year.clone()), ("due", due)],
                    )],
                    Some((
                        t(locale, "mail-report-reminder-open"),
                        format!("{}/ruang-kerja/laporan-tahunan/{year}", self.base_url),
                    )),
                )
            }
            "staff_order" => {
                let number = text_of(params, "number")?;
                (
                    t_args(locale, "mail-staff-order-subject", &[("number", number.clone())]),
                    t(locale, "mail-staff-order-heading"),
                    vec![
                        t_args(
                            locale,
                            "mail-staff-order-text",
                            &[("number", number), ("date", date_of(locale, params, "due")?)],
                        ),
                        text_of(params, "what")?,
                    ],
                    Some((t(locale, "mail-staff-open"), format!("{}{}", self.base_url, text_of(params, "path")?))),
                )
            }
            "staff_new_objection" => {
                let number = text_of(params, "number")?;
                (
                    t_args(locale, "mail-staff-new-objection-subject", &[("number", number.clone())]),
                    t(locale, "mail-staff-new-objection-heading"),
                    vec![
                        t_args(
                            locale,
                            "mail-staff-new-objection-text",
                            &[("body", text_of(params, "body")?), ("number", number)],
                        ),
                        t_args(locale, "mail-staff-objection-due", &[("date", date_of(locale, params, "due")?)]),
                    ],
                    Some((t(locale, "mail-staff-open"), format!("{}{}", self.base_url, text_of(params, "path")?))),
                )
            }
            "staff_digest" => {
                let items = params.get("items").and_then(Value::as_array).ok_or("the mail lacks `items`")?;
                let mut paragraphs = vec![t_args(
                    locale,
                    "mail-staff-digest-text",
                    &[("date", date_of(locale, params, "date")?), ("count", items.len().to_string())],
                )];
                for item in items {
                    let urgency = text_of(item, "urgency")?;
                    paragraphs.push(t_args(
                        locale,
                        "mail-staff-digest-item",
                        &[
                            ("kind", t(locale, &format!("queue-kind-{}", text_of(item, "kind")?))),
                            ("number", text_of(item, "number")?),
                            ("mark", t(locale, &format!("queue-mark-{}", urgency.replace('_', "-")))),
                            ("date", date_of(locale, item, "due")?),
                        ],
                    ));
                }
                (
                    t_args(
                        locale,
                        "mail-staff-digest-subject",
                        &[("date", date_of(locale, params, "date")?), ("count", items.len().to_string())],
                    ),
                    t(locale, "mail-staff-digest-heading"),
                    paragraphs,
                    Some((t(locale, "mail-staff-open-queue"), format!("{}/ruang-kerja", self.base_url))),
                )
            }
            "remind_objection" | "remind_dispute" => {
                let number = text_of(params, "number")?;
                let by = date_of(locale, params, "by")?;
                let text = if kind == "remind_objection" {
                    t_args(
                        locale,
                        "mail-remind-objection-text",
                        &[("body", text_of(params, "body")?), ("number", number.clone()), ("date", by)],
                    )
                } else {
                    t_args(
                        locale,
                        "mail-remind-dispute-text",
                        &[("ki", text_of(params, "ki")?), ("number", number.clone()), ("date", by)],
                    )
                };
                let slug = kind.replace('_', "-");
                (
                    t_args(locale, &format!("mail-{slug}-subject"), &[("number", number)]),
                    t(locale, &format!("mail-{slug}-heading")),
                    vec![
                        text,
                        t_args(
                            locale,
                            "mail-see-tracking",
                            &[("email", text_of(params, "body_email").unwrap_or_default())],
                        ),
                    ],
                    None,
                )
            }
            "account_invitation" | "account_reset" | "password_reset" => {
                let expires = chrono::DateTime::parse_from_rfc3339(&text_of(params, "expires_at")?)
                    .map_err(|e| format!("`expires_at`: {e}"))?
                    .with_timezone(&chrono::Utc);
                let expires = crate::i18n::datetime_long(locale, expires, self.time_zone);
                let slug = kind.replace('_', "-");
                let mut paragraphs = vec![t_args(
                    locale,
                    &format!("mail-{slug}-text"),
                    &[
                        ("name", text_of(params, "name")?),
                        ("instance", self.instance_name.clone()),
                        ("username", text_of(params, "username")?),
                        ("role", t(locale, &format!("role-{}", text_of(params, "role")?.replace('_', "-")))),
                    ],
                )];
                paragraphs.push(t_args(locale, "mail-account-expires", &[("date", expires)]));
                let api_tokens = params.get("api_tokens").and_then(Value::as_u64).unwrap_or(0);
                if api_tokens > 0 && kind != "account_invitation" {
                    let key = format!("mail-{slug}-tokens");
                    paragraphs.push(t_args(locale, &key, &[("count", api_tokens.to_string())]));
                }
                if kind == "password_reset" {
                    paragraphs.push(t(locale, "mail-password-reset-ignore"));
                }
                (
                    t_args(locale, &format!("mail-{slug}-subject"), &[("instance", self.instance_name.clone())]),
                    t(locale, &format!("mail-{slug}-heading")),
                    paragraphs,
                    Some((
                        t(locale, "mail-account-link"),
                        format!("{}/masuk/sandi/{}", self.base_url, text_of(params, "token")?),
                    )),
                )
            }
            "ki_digest" => {
                let bodies = params.get("bodies").and_then(Value::as_array).ok_or("the mail lacks `bodies`")?;
                let total = params.get("total").and_then(Value::as_u64).ok_or("the mail lacks `total`")?;
                let date = date_of(locale, params, "date")?;
                let mut paragraphs = vec![t_args(
                    locale,
                    "mail-ki-digest-text",
                    &[("date", date.clone()), ("count", total.to_string())],
                )];
                for b in bodies {
                    let n = b.get("overdue").and_then(Value::as_u64).unwrap_or_default();
                    paragraphs.push(t_args(
                        locale,
                        "mail-ki-digest-item",
                        &[("body", text_of(b, "body")?), ("count", n.to_string())],
                    ));
                }
                (
                    t_args(locale, "mail-ki-digest-subject", &[("date", date), ("count", total.to_string())]),
                    t(locale, "mail-ki-digest-heading"),
                    paragraphs,
                    Some((t(locale, "mail-staff-open-queue"), format!("{}/ruang-kerja", self.base_url))),
                )
            }
            other => return Err(format!("unknown mail kind `{other}`")),
        };
        let footer = if kind.starts_with("staff_")
            || kind.starts_with("account_")
            || kind == "password_reset"
            || kind == "ki_digest"
        {
            t_args(locale, "mail-footer-staff", &[("instance", self.instance_name.clone())])
        } else {
            t_args(locale, "mail-footer", &[("instance", self.instance_name.clone())])
        };
        let opt_out_url = params
            .get("opt_out")
            .and_then(Value::as_str)
            .map(|token| format!("{}/surel/berhenti/{token}", self.base_url));
        let opt_out_label = t(locale, "mail-opt-out");
        let page = Page {
            opt_out_url: opt_out_url.as_deref(),
            opt_out_label: &opt_out_label,
            lang: locale.code(),
            instance: &self.instance_name,
            subject: &subject,
            heading: &heading,
            paragraphs: &paragraphs,
            link_url: link.as_ref().map(|(_, url)| url.as_str()),
            link_label: link.as_ref().map(|(label, _)| label.as_str()).unwrap_or_default(),
            footer: &footer,
        };
        let html = self.views.render("mail/message", &page).map_err(|e| e.to_string())?;
        let mut text = format!("{heading}\n\n");
        for p in &paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
        }
        if let Some((label, url)) = &link {
            text.push_str(&format!("{label}:\n{url}\n\n"));
        }
        text.push_str("-- \n");
        text.push_str(&footer);
        text.push('\n');
        if let Some(url) = &opt_out_url {
            text.push_str(&format!("{opt_out_label}: {url}\n"));
        }
        Ok(Rendered { subject, text, html, opt_out_url })
    }
}
