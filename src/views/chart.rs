//! Bar charts drawn on the server as SVG: no script, readable by screen readers (`role="img"` with a title and a
//! description that states the figures), and always shown beside a table of the same data. Stacked series are told
//! apart by colour and by a legend in text; each bar carries a `<title>` with its value.

use std::fmt::Write;

use super::escape_html as esc;

/// One series of a chart: a legend label, a fill colour, one value per category.
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub colour: &'static str,
    pub values: Vec<i64>,
}

/// Colours with at least 3:1 contrast against white (WCAG 1.4.11), distinct from each other.
pub const GREEN: &str = "#00703c";
pub const BLUE: &str = "#00536b";
pub const RED: &str = "#b52a17";

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 56.0;

/// The smallest "nice" axis maximum (1, 2 or 5 × 10ⁿ, times up to 10) at or above `max`.
fn nice_max(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut step = 1i64;
    loop {
        for m in [1, 2, 5] {
            if m * step * 4 >= max {
                return m * step * 4;
            }
        }
        step *= 10;
    }
}

/// A stacked bar chart: one bar per category, the series stacked bottom up. `id` makes the element ids unique on
/// the page; `title` and `description` are what a screen reader says.
pub fn stacked_bars(id: &str, title: &str, description: &str, categories: &[String], series: &[Series]) -> String {
    let n = categories.len().max(1);
    let totals: Vec<i64> =
        (0..categories.len()).map(|i| series.iter().map(|s| s.values.get(i).copied().unwrap_or(0)).sum()).collect();
    let max = nice_max(totals.iter().copied().max().unwrap_or(0));
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / n as f64;
    let bar = (slot * 0.7).max(1.0);
    let y = |v: i64| TOP + plot_h - plot_h * v as f64 / max as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(description)
    );
    // Grid lines and the value axis, in quarters of the maximum.
    for q in 0..=4 {
        let v = max * q / 4;
        let yy = y(v);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#b1b4b6" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" font-size="12" fill="#0b0c0c">{v}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0
        );
    }
    // Label every category when there is room, else every third (quarters) or twelfth (years).
    let every = match n {
        0..=18 => 1,
        19..=48 => 3,
        _ => 12,
    };
    for (i, label) in categories.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let mut base = 0i64;
        for s in series {
            let v = s.values.get(i).copied().unwrap_or(0);
            if v > 0 {
                let (top, bottom) = (y(base + v), y(base));
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.1}" y="{top:.1}" width="{bar:.1}" height="{:.1}" fill="{}"><title>{}: {} {v}</title></rect>"#,
                    (bottom - top).max(0.5),
                    s.colour,
                    esc(label),
                    esc(&s.label)
                );
            }
            base += v;
        }
        if i % every == 0 {
            let cx = LEFT + slot * i as f64 + slot / 2.0;
            let _ = write!(
                svg,
                r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="#0b0c0c">{}</text>"##,
                TOP + plot_h + 16.0,
                esc(label)
            );
        }
    }
    // The legend, in text, below the axis.
    let mut lx = LEFT;
    let ly = HEIGHT - 14.0;
    for s in series {
        let _ = write!(
            svg,
            r##"<rect x="{lx:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{ly:.1}" font-size="12" fill="#0b0c0c">{}</text>"##,
            ly - 10.0,
            s.colour,
            lx + 16.0,
            esc(&s.label)
        );
        lx += 24.0 + 7.0 * s.label.chars().count() as f64;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_rounds_up_to_a_readable_maximum() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(3), 4);
        assert_eq!(nice_max(7), 8);
        assert_eq!(nice_max(9), 20);
        assert_eq!(nice_max(40), 40);
        assert_eq!(nice_max(41), 80);
        assert_eq!(nice_max(1234), 2000);
    }

    #[test]
    fn a_chart_names_itself_escapes_text_and_draws_one_rect_per_non_zero_value() {
        let svg = stacked_bars(
            "c",
            "Judul <x>",
            "Deskripsi",
            &["2025-01".into(), "2025-02".into()],
            &[
                Series { label: "A".into(), colour: GREEN, values: vec![3, 0] },
                Series { label: "B&C".into(), colour: RED, values: vec![1, 2] },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#) && svg.contains(r#"aria-labelledby="c-title c-desc""#));
        assert!(svg.contains("Judul &lt;x&gt;") && svg.contains("B&amp;C"));
        assert_eq!(svg.matches("<title>").count(), 3, "three non-zero values: {svg}");
    }
}
