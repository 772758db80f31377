//! The bands of the Komisi Informasi's yearly monitoring and evaluation (monev, domain.md §7). The product records
//! the band a KI gave a body; it never computes an official score.

/// A monev band, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Informatif,
    MenujuInformatif,
    CukupInformatif,
    KurangInformatif,
    TidakInformatif,
}

impl Band {
    pub const ALL: [Band; 5] = [
        Band::Informatif,
        Band::MenujuInformatif,
        Band::CukupInformatif,
        Band::KurangInformatif,
        Band::TidakInformatif,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Informatif => "informatif",
            Band::MenujuInformatif => "menuju_informatif",
            Band::CukupInformatif => "cukup_informatif",
            Band::KurangInformatif => "kurang_informatif",
            Band::TidakInformatif => "tidak_informatif",
        }
    }

    pub fn parse(s: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.as_str() == s.trim())
    }

    /// The band of a score in hundredths: Informatif 90–100, Menuju Informatif 80–89.9, Cukup Informatif 60–79.9,
    /// Kurang Informatif 40–59.9, Tidak Informatif below 40.
    pub fn of_score(hundredths: i64) -> Band {
        match hundredths {
            9000.. => Band::Informatif,
            8000..=8999 => Band::MenujuInformatif,
            6000..=7999 => Band::CukupInformatif,
            4000..=5999 => Band::KurangInformatif,
            _ => Band::TidakInformatif,
        }
    }
}

/// A score as people write it ("85,5", "85.50", "90") in hundredths; `None` unless it is from 0 to 100 with at most
/// two decimals.
pub fn parse_score(s: &str) -> Option<i64> {
    let s = s.trim().replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || whole.len() > 3
        || frac.len() > 2
        || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    let v = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
    (0..=10_000).contains(&v).then_some(v)
}

/// A score in hundredths as Indonesian writes it: 85,5 · 90 · 79,95 (`decimal` is `,` or `.`).
pub fn score_text(hundredths: i64, decimal: char) -> String {
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}{decimal}{}", f / 10),
        f => format!("{whole}{decimal}{f:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_published_score_ranges_at_their_edges() {
        assert_eq!(Band::of_score(10_000), Band::Informatif);
        assert_eq!(Band::of_score(9000), Band::Informatif);
        assert_eq!(Band::of_score(8999), Band::MenujuInformatif);
        assert_eq!(Band::of_score(8000), Band::MenujuInformatif);
        assert_eq!(Band::of_score(7999), Band::CukupInformatif);
        assert_eq!(Band::of_score(6000), Band::CukupInformatif);
        assert_eq!(Band::of_score(5999), Band::KurangInformatif);
        assert_eq!(Band::of_score(4000), Band::KurangInformatif);
        assert_eq!(Band::of_score(3999), Band::TidakInformatif);
        assert_eq!(Band::of_score(0), Band::TidakInformatif);
    }

    #[test]
    fn scores_are_read_as_written_and_refused_outside_0_to_100() {
        assert_eq!(parse_score("85,5"), Some(8550));
        assert_eq!(parse_score(" 90 "), Some(9000));
        assert_eq!(parse_score("79.95"), Some(7995));
        assert_eq!(parse_score("100"), Some(10_000));
        for bad in ["", "100,01", "-1", "85,555", "abc", "8 5", ".5", "1000"] {
            assert_eq!(parse_score(bad), None, "{bad}");
        }
        assert_eq!(score_text(8550, ','), "85,5");
        assert_eq!(score_text(7995, '.'), "79.95");
        assert_eq!(score_text(9000, ','), "90");
    }
}
