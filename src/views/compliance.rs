//! The compliance figures as people read them (domain.md §6): the sections of a body's or jurisdiction's summary,
//! the monthly trend, the monev bands a KI gave, and the links to the published annual reports. The public
//! compliance pages, the frozen yearly archive and the annual report all show them the same way.

use serde::Serialize;

use crate::domain::monev::score_text;
use crate::i18n::{Locale, t, t_args};
use crate::service::compliance::{self, Summary};
use crate::service::monev::MonevResult;
use crate::views::format::{number, percent};

/// Percentages resting on fewer than this many requests carry a warning.
pub const SMALL_NUMBER: i64 = 10;

#[derive(Serialize)]
pub struct Row {
    pub label: String,
    pub value: String,
    pub percent: Option<String>,
    /// The figure as a number (for spreadsheets): a count, working days, or rupiah.
    #[serde(skip)]
    pub count: Option<i64>,
    /// The share as a fraction of its base, when the base is not zero.
    #[serde(skip)]
    pub share: Option<f64>,
}

/// One of the few figures a compliance page opens with.
#[derive(Serialize)]
pub struct Headline {
    pub label: String,
    pub value: String,
    pub note: Option<String>,
}

/// A period to choose on a compliance page.
#[derive(Serialize)]
pub struct PeriodOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The periods of one year: the year, its semesters, quarters and months (those begun by `today`).
#[derive(Serialize)]
pub struct PeriodGroup {
    pub year: i32,
    pub options: Vec<PeriodOption>,
}

/// Every period from `first_year` (or this year) to `today`'s, newest year first; `chosen` is selected, and a
/// period asked for that the list does not hold (a range, an older year) comes first as it was asked.
pub fn period_groups(
    locale: Locale,
    first_year: Option<i32>,
    today: chrono::NaiveDate,
    chosen: &str,
    chosen_label: &str,
) -> (Option<PeriodOption>, Vec<PeriodGroup>) {
    use chrono::Datelike;
    let this_year = today.year();
    let from = first_year.unwrap_or(this_year).clamp(2010, this_year);
    let mut found = false;
    let mut option = |value: String, label: String| {
        let selected = value == chosen;
        found |= selected;
        PeriodOption { value, label, selected }
    };
    let mut groups = Vec::new();
    for year in (from..=this_year).rev() {
        let begun = |month: u32| year < this_year || month <= today.month();
        let mut options =
            vec![option(year.to_string(), t_args(locale, "compliance-period-year", &[("year", year.to_string())]))];
        for (half, first_month) in [(1, 1), (2, 7)] {
            if begun(first_month) {
                let label = t_args(
                    locale,
                    "compliance-period-semester",
                    &[("n", half.to_string()), ("year", year.to_string())],
                );
                options.push(option(format!("{year}-S{half}"), label));
            }
        }
        for q in 1..=4u32 {
            if begun(q * 3 - 2) {
                let label =
                    t_args(locale, "compliance-period-quarter", &[("n", q.to_string()), ("year", year.to_string())]);
                options.push(option(format!("{year}-Q{q}"), label));
            }
        }
        for m in (1..=12u32).filter(|m| begun(*m)) {
            options.push(option(format!("{year}-{m:02}"), crate::i18n::month_year_short(locale, year, m)));
        }
        groups.push(PeriodGroup { year, options });
    }
    let other = (!found && !chosen.is_empty()).then(|| PeriodOption {
        value: chosen.to_owned(),
        label: chosen_label.to_owned(),
        selected: true,
    });
    (other, groups)
}

/// "2025-01" as "Jan 2025".
pub fn month_label(locale: Locale, month: &str) -> String {
    let parsed = month.split_once('-').and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)));
    match parsed {
        Some((y, m)) if (1..=12).contains(&m) => crate::i18n::month_year_short(locale, y, m),
        _ => month.to_owned(),
    }
}

/// The headline figures: requests received, answered on time (of those due), the median working days to the
/// written notice, objections and disputes.
pub fn headline(locale: Locale, s: &Summary) -> Vec<Headline> {
    let due = s.notices + s.open_overdue;
    let timely = s.on_time + s.on_time_with_extension;
    let item = |key: &str, value: String, note: Option<String>| Headline { label: t(locale, key), value, note };
    vec![
        item("compliance-headline-received", number(locale, s.received), None),
        item(
            "compliance-headline-on-time",
            percent(locale, timely, due).unwrap_or_else(|| "—".into()),
            Some(t_args(
                locale,
                "compliance-headline-on-time-note",
                &[("timely", number(locale, timely)), ("due", number(locale, due))],
            )),
        ),
        item(
            "compliance-headline-median",
            s.working_days
                .median
                .map_or_else(|| "—".to_owned(), |d| t_args(locale, "compliance-wd", &[("count", d.to_string())])),
            None,
        ),
        item("compliance-headline-objections", number(locale, s.objections.received), None),
        item("compliance-headline-disputes", number(locale, s.disputes.filed), None),
    ]
}

#[derive(Serialize)]
pub struct Section {
    pub title: String,
    /// What the percentages are of.
    pub base: Option<String>,
    /// "Fewer than 10 objections: …", naming what the part counts, when it counts too few to compare.
    pub small: Option<String>,
    pub rows: Vec<Row>,
}

/// The monthly trend: two charts and the table they draw.
#[derive(Serialize)]
pub struct TrendView {
    pub received_svg: String,
    pub timeliness_svg: String,
    pub rows: Vec<[String; 5]>,
}

pub fn trend_view(locale: Locale, months: &[compliance::Month]) -> TrendView {
    use crate::views::chart::{BLUE, GREEN, RED, Series, stacked_bars};
    let labels: Vec<String> = months.iter().map(|m| month_label(locale, &m.month)).collect();
    let list = |f: &dyn Fn(&compliance::Month) -> i64| -> String {
        months
            .iter()
            .map(|m| format!("{} {}", month_label(locale, &m.month), number(locale, f(m))))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let received_svg = stacked_bars(
        "tren-diterima",
        &t(locale, "compliance-trend-received-title"),
        &t_args(locale, "compliance-trend-received-desc", &[("figures", list(&|m| m.received))]),
        &labels,
        &[Series {
            label: t(locale, "compliance-received"),
            colour: BLUE,
            values: months.iter().map(|m| m.received).collect(),
        }],
    );
    let timeliness_svg = stacked_bars(
        "tren-ketepatan",
        &t(locale, "compliance-trend-timeliness-title"),
        &t_args(
            locale,
            "compliance-trend-timeliness-desc",
            &[
                ("on_time", list(&|m| m.on_time)),
                ("extension", list(&|m| m.on_time_with_extension)),
                ("late", list(&|m| m.late)),
            ],
        ),
        &labels,
        &[
            Series {
                label: t(locale, "compliance-trend-on-time"),
                colour: GREEN,
                values: months.iter().map(|m| m.on_time).collect(),
            },
            Series {
                label: t(locale, "compliance-trend-extension"),
                colour: BLUE,
                values: months.iter().map(|m| m.on_time_with_extension).collect(),
            },
            Series {
                label: t(locale, "compliance-late"),
                colour: RED,
                values: months.iter().map(|m| m.late).collect(),
            },
        ],
    );
    let rows = months
        .iter()
        .map(|m| {
            [
                month_label(locale, &m.month),
                number(locale, m.received),
                number(locale, m.on_time),
                number(locale, m.on_time_with_extension),
                number(locale, m.late),
            ]
        })
        .collect();
    TrendView { received_svg, timeliness_svg, rows }
}

/// The warning for a part that counts fewer than [`SMALL_NUMBER`] of what its percentages are of (`what`).
fn small(locale: Locale, n: i64, what: &str) -> Option<String> {
    (n < SMALL_NUMBER)
        .then(|| t_args(locale, "compliance-small-number", &[("what", t(locale, &format!("compliance-small-{what}")))]))
}

pub fn sections(locale: Locale, s: &Summary) -> Vec<Section> {
    let row = |label: String, n: i64, of: i64| Row {
        label,
        value: number(locale, n),
        percent: percent(locale, n, of),
        count: Some(n),
        share: (of > 0).then(|| n as f64 / of as f64),
    };
    let mut out = Vec::new();

    let mut requests = vec![row(t(locale, "compliance-received"), s.received, 0)];
    requests.push(row(t(locale, "compliance-withdrawn"), s.withdrawn, s.received));
    for kind in ["spam", "duplicate", "not_kip", "not_eligible"] {
        let n = s.closed.get(kind).copied().unwrap_or_default();
        requests.push(row(t(locale, &format!("compliance-closed-{}", kind.replace('_', "-"))), n, s.received));
    }
    requests.push(row(t(locale, "compliance-extensions"), s.extensions, s.received));
    out.push(Section {
        title: t(locale, "compliance-section-requests"),
        base: Some(t(locale, "compliance-base-received")),
        small: small(locale, s.received, "requests"),
        rows: requests,
    });

    let mut outcomes = Vec::new();
    for kind in ["granted", "granted_in_part", "refused_exempt", "not_held", "not_yet_documented"] {
        let n = s.outcomes.get(kind).copied().unwrap_or_default();
        outcomes.push(row(t(locale, &format!("decision-{}", kind.replace('_', "-"))), n, s.notices));
    }
    for (letter, n) in &s.refused_by_letter {
        outcomes.push(row(t_args(locale, "compliance-refused-letter", &[("letter", letter.clone())]), *n, s.notices));
    }
    out.push(Section {
        title: t(locale, "compliance-section-outcomes"),
        base: Some(t(locale, "compliance-base-notices")),
        small: small(locale, s.notices, "notices"),
        rows: outcomes,
    });

    let due = s.notices + s.open_overdue;
    out.push(Section {
        title: t(locale, "compliance-section-timeliness"),
        base: Some(t(locale, "compliance-base-due")),
        small: small(locale, due, "due"),
        rows: vec![
            row(t(locale, "compliance-on-time"), s.on_time, due),
            row(t(locale, "compliance-on-time-extension"), s.on_time_with_extension, due),
            row(t(locale, "compliance-late"), s.late, due),
            row(t(locale, "compliance-open-overdue"), s.open_overdue, due),
        ],
    });

    let wd = &s.working_days;
    let days = |v: Option<u32>| {
        v.map_or_else(|| "—".to_owned(), |d| t_args(locale, "compliance-wd", &[("count", d.to_string())]))
    };
    let counted: i64 = wd.buckets.iter().sum();
    let day_row = |key: &str, v: Option<u32>| Row {
        label: t(locale, key),
        value: days(v),
        percent: None,
        count: v.map(i64::from),
        share: None,
    };
    let mut working = vec![
        day_row("compliance-wd-median", wd.median),
        day_row("compliance-wd-p90", wd.p90),
        day_row("compliance-wd-max", wd.max),
    ];
    for (i, key) in ["le5", "6-10", "11-17", "gt17"].iter().enumerate() {
        working.push(row(t(locale, &format!("compliance-wd-bucket-{key}")), wd.buckets[i], counted));
    }
    out.push(Section {
        title: t(locale, "compliance-section-working-days"),
        base: Some(t(locale, "compliance-base-notices")),
        small: small(locale, counted, "answered"),
        rows: working,
    });

    let o = &s.objections;
    let decided = o.atasan_on_time + o.atasan_late;
    let mut objections = vec![
        row(t(locale, "compliance-objections-received"), o.received, 0),
        row(t(locale, "compliance-objections-late-filed"), o.late_filed, o.received),
        row(t(locale, "compliance-withdrawn"), o.withdrawn, o.received),
        row(t(locale, "compliance-objections-duplicate"), o.duplicates, o.received),
    ];
    for (ground, n) in &o.by_ground {
        objections.push(row(
            t_args(locale, "compliance-objection-ground", &[("letter", ground.clone())]),
            *n,
            o.received,
        ));
    }
    objections.push(row(t(locale, "compliance-atasan-on-time"), o.atasan_on_time, decided));
    objections.push(row(t(locale, "compliance-atasan-late"), o.atasan_late, decided));
    for kind in ["upheld", "overturned", "overturned_in_part"] {
        let n = o.outcomes.get(kind).copied().unwrap_or_default();
        objections.push(row(t(locale, &format!("atasan-outcome-{}", kind.replace('_', "-"))), n, decided));
    }
    out.push(Section {
        title: t(locale, "compliance-section-objections"),
        base: Some(t(locale, "compliance-base-objections")),
        small: small(locale, o.received, "objections"),
        rows: objections,
    });
    let orders = &o.orders;
    out.push(Section {
        title: t(locale, "compliance-section-orders"),
        base: Some(t(locale, "compliance-base-orders")),
        small: small(locale, orders.given, "orders"),
        rows: vec![
            row(t(locale, "compliance-orders-given"), orders.given, 0),
            row(t(locale, "compliance-orders-on-time"), orders.on_time, orders.given),
            row(t(locale, "compliance-orders-late"), orders.late, orders.given),
            row(t(locale, "compliance-orders-not-yet"), orders.not_yet, orders.given),
            row(t(locale, "compliance-orders-overdue"), orders.overdue, orders.given),
        ],
    });
    let d = &s.disputes;
    let mut disputes = vec![
        row(t(locale, "compliance-disputes-filed"), d.filed, 0),
        row(t(locale, "compliance-disputes-mediated"), d.mediated, d.filed),
        row(t(locale, "compliance-disputes-adjudicated"), d.adjudicated, d.filed),
    ];
    for kind in ["granted", "granted_in_part", "rejected"] {
        let n = d.outcomes.get(kind).copied().unwrap_or_default();
        disputes.push(row(t(locale, &format!("compliance-adjudication-{}", kind.replace('_', "-"))), n, d.filed));
    }
    disputes.push(row(t(locale, "compliance-disputes-complied"), d.complied, d.filed));
    disputes.push(row(t(locale, "compliance-disputes-not-complied"), d.not_complied, d.filed));
    disputes.push(row(t(locale, "compliance-disputes-court"), d.court, d.filed));
    out.push(Section {
        title: t(locale, "compliance-section-disputes"),
        base: Some(t(locale, "compliance-base-disputes")),
        small: small(locale, d.filed, "disputes"),
        rows: disputes,
    });

    out.push(Section {
        title: t(locale, "compliance-section-fees"),
        base: None,
        small: None,
        rows: vec![
            Row {
                label: t(locale, "compliance-fees-count"),
                value: number(locale, s.fees_count),
                percent: None,
                count: Some(s.fees_count),
                share: None,
            },
            Row {
                label: t(locale, "compliance-fees-total"),
                value: format!("Rp {}", number(locale, s.fees_rupiah)),
                percent: None,
                count: Some(s.fees_rupiah),
                share: None,
            },
        ],
    });
    out
}

/// A result as a table row.
#[derive(Serialize)]
pub struct MonevView {
    pub year: String,
    pub band: String,
    pub score: String,
    pub reference: String,
}

pub fn band_label(locale: Locale, band: &str) -> String {
    t(locale, &format!("monev-band-{}", band.replace('_', "-")))
}

pub fn view(locale: Locale, m: &MonevResult) -> MonevView {
    let decimal = if locale == Locale::Id { ',' } else { '.' };
    MonevView {
        year: m.year.to_string(),
        band: band_label(locale, &m.band),
        score: m.score_hundredths.map(|v| score_text(v, decimal)).unwrap_or_else(|| "—".into()),
        reference: m.reference.clone(),
    }
}

/// A published report as the body's public pages list it.
#[derive(Serialize)]
pub struct PublicLink {
    pub year: String,
    pub version: String,
    pub href: String,
    pub pdf_href: String,
    /// The exact bytes of the latest version (what its digest is of).
    pub json_href: String,
}

/// The years with a published report, for the body's public pages, newest first.
pub fn public_links(slug: &str, years: &[(i32, i64)]) -> Vec<PublicLink> {
    years
        .iter()
        .map(|(y, v)| PublicLink {
            year: y.to_string(),
            version: v.to_string(),
            href: format!("/badan/{slug}/laporan/{y}"),
            pdf_href: format!("/badan/{slug}/laporan/{y}.pdf"),
            json_href: format!("/badan/{slug}/laporan/{y}-v{v}.json"),
        })
        .collect()
}
