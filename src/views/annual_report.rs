//! The annual service report as a document (a `Letter`): the figures of the year in the order of Perki 1/2021,
//! the free texts, and the signatory.

use crate::i18n::{Locale, date_long, t, t_args};
use crate::service::reports::{Report, Row};
use crate::views::compliance::sections;
use crate::views::format::{number, percent};
use crate::views::letter::compose::{contact_line, letterhead_lines, nip_line};
use crate::views::letter::{Block, Letter, Signatory};

/// How a report is labelled under its title: a published version with its digest, or a draft.
pub enum Label<'a> {
    Published { version: i64, digest: &'a str },
    Draft,
}

fn breakdown_rows(locale: Locale, rows: &[Row], name: impl Fn(&str) -> String) -> Vec<(String, String)> {
    rows.iter()
        .map(|r| {
            let due = r.on_time + r.on_time_with_extension + r.late;
            (
                name(&r.key),
                t_args(
                    locale,
                    "report-breakdown-row",
                    &[
                        ("received", number(locale, r.received)),
                        ("notices", number(locale, r.notices)),
                        ("on_time", number(locale, r.on_time + r.on_time_with_extension)),
                        ("share", percent(locale, r.on_time + r.on_time_with_extension, due).unwrap_or("—".into())),
                        ("late", number(locale, r.late)),
                        ("refused", number(locale, r.refused)),
                    ],
                ),
            )
        })
        .collect()
}

fn text_blocks(locale: Locale, text: &str) -> Vec<Block> {
    if text.trim().is_empty() {
        return vec![Block::paragraph(t(locale, "report-empty"))];
    }
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| Block::paragraph(p.trim())).collect()
}

/// The report as a letter-like document, printable as HTML and PDF.
pub fn document(locale: Locale, report: &Report, label: Label<'_>, instance_name: &str) -> Letter {
    let b = &report.body;
    let year = report.year.to_string();
    let mut blocks = Vec::new();
    let heading = |key: &str| Block::heading(t(locale, key));
    blocks.push(heading("report-section-general"));
    blocks.push(Block::paragraph(t_args(
        locale,
        "report-intro",
        &[
            ("body", b.name.clone()),
            ("from", date_long(locale, report.from)),
            ("to", date_long(locale, report.to)),
            ("instance", instance_name.to_owned()),
            ("asof", date_long(locale, report.as_of)),
            ("method", report.method_version.to_string()),
        ],
    )));
    if let Some(f) = &report.frozen {
        blocks.push(Block::paragraph(t_args(
            locale,
            "report-frozen",
            &[("version", f.version.to_string()), ("digest", f.digest.clone())],
        )));
    }
    // The few figures first, as the compliance pages open with them.
    blocks.push(heading("report-section-headline"));
    blocks.push(Block::fields(
        crate::views::compliance::headline(locale, &report.figures)
            .into_iter()
            .map(|h| match h.note {
                Some(note) => (h.label, format!("{} ({note})", h.value)),
                None => (h.label, h.value),
            })
            .collect(),
    ));
    let texts = report.texts.parts();
    for (field, text) in &texts[..3] {
        blocks.push(heading(&format!("report-section-{field}")));
        blocks.extend(text_blocks(locale, text));
    }
    // The figures: the same sections, labels and percentages as the public compliance page.
    blocks.push(heading("report-section-figures"));
    for section in sections(locale, &report.figures) {
        blocks.push(Block::heading(section.title));
        if let Some(warning) = section.small {
            blocks.push(Block::paragraph(warning));
        }
        blocks.push(Block::fields(
            section
                .rows
                .into_iter()
                .map(|r| {
                    let value = match r.percent {
                        Some(p) => format!("{} ({p})", r.value),
                        None => r.value,
                    };
                    (r.label, value)
                })
                .collect(),
        ));
    }
    blocks.push(heading("report-section-breakdown"));
    blocks.push(Block::paragraph(t(locale, "report-breakdown-hint")));
    for (title, rows) in [
        (
            "report-by-unit",
            breakdown_rows(locale, &report.by_unit, |k| {
                if k.is_empty() { t(locale, "report-unit-body") } else { k.to_owned() }
            }),
        ),
        (
            "report-by-channel",
            breakdown_rows(locale, &report.by_channel, |k| t(locale, &format!("channel-{}", k.replace('_', "-")))),
        ),
        (
            "report-by-applicant",
            breakdown_rows(locale, &report.by_applicant_type, |k| {
                t(locale, &format!("report-applicant-{}", k.replace('_', "-")))
            }),
        ),
    ] {
        blocks.push(Block::heading(t(locale, title)));
        if rows.is_empty() {
            blocks.push(Block::paragraph(t(locale, "report-none")));
        } else {
            blocks.push(Block::fields(rows));
        }
    }
    for (field, text) in &texts[3..] {
        blocks.push(heading(&format!("report-section-{field}")));
        blocks.extend(text_blocks(locale, text));
    }
    let number_line = match label {
        Label::Published { version, digest } => t_args(
            locale,
            "report-number-published",
            &[("year", year.clone()), ("version", version.to_string()), ("digest", digest.to_owned())],
        ),
        Label::Draft => t_args(locale, "report-number-draft", &[("year", year.clone())]),
    };
    Letter {
        lang: locale.code().to_owned(),
        letterhead: letterhead_lines(locale, &b.name, &b.letterhead),
        logo: None,
        logo_href: None,
        contact: contact_line(locale, &b.ppid_address, &b.ppid_phone, &b.ppid_email),
        title: t_args(locale, "report-title", &[("year", year.clone())]),
        number_line,
        recipient: Vec::new(),
        blocks,
        place_date: date_long(locale, report.as_of),
        signatory: Signatory {
            position: if b.signatory_position.trim().is_empty() {
                "PPID".to_owned()
            } else {
                b.signatory_position.clone()
            },
            name: b.signatory_name.clone(),
            nip_line: nip_line(locale, &b.signatory_nip),
        },
        footer: t_args(locale, "report-footer", &[("body", b.name.clone()), ("year", year)]),
    }
}

/// The report's file name: the body, the year, and the version (or "draf").
pub fn file_name(slug: &str, year: i32, version: Option<i64>) -> String {
    let name = match version {
        Some(v) => format!("laporan-layanan-{slug}-{year}-v{v}"),
        None => format!("laporan-layanan-{slug}-{year}-draf"),
    };
    crate::views::format::safe_file_name(&name)
}

/// A report's year from the path: 2000–2100.
pub fn parse_year(raw: &str) -> Option<i32> {
    raw.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y))
}
