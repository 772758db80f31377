//! The Nomor Induk Kependudukan (NIK, UU 24/2013), checked without guessing.
//!
//! A NIK has no check digit, so the only sound checks are its structure: 16 digits; a province code that exists
//! (digits 1–2); a date of birth part (digits 7–12, `DDMMYY`) whose day is 01–31, or 41–71 for women (day + 40),
//! and whose month is 01–12; and a non-zero serial (digits 13–16). Regency and district codes change with
//! regional splits and old cards stay valid, so they are not checked: a real NIK is never rejected on a guess.

use std::fmt;

/// Province codes (Kemendagri), including the Papua provinces created in 2022. Cards issued before a split keep
/// the old code, which stays in the table.
pub const PROVINCES: [(&str, &str); 38] = [
    ("11", "Aceh"),
    ("12", "Sumatera Utara"),
    ("13", "Sumatera Barat"),
    ("14", "Riau"),
    ("15", "Jambi"),
    ("16", "Sumatera Selatan"),
    ("17", "Bengkulu"),
    ("18", "Lampung"),
    ("19", "Kepulauan Bangka Belitung"),
    ("21", "Kepulauan Riau"),
    ("31", "DKI Jakarta"),
    ("32", "Jawa Barat"),
    ("33", "Jawa Tengah"),
    ("34", "DI Yogyakarta"),
    ("35", "Jawa Timur"),
    ("36", "Banten"),
    ("51", "Bali"),
    ("52", "Nusa Tenggara Barat"),
    ("53", "Nusa Tenggara Timur"),
    ("61", "Kalimantan Barat"),
    ("62", "Kalimantan Tengah"),
    ("63", "Kalimantan Selatan"),
    ("64", "Kalimantan Timur"),
    ("65", "Kalimantan Utara"),
    ("71", "Sulawesi Utara"),
    ("72", "Sulawesi Tengah"),
    ("73", "Sulawesi Selatan"),
    ("74", "Sulawesi Tenggara"),
    ("75", "Gorontalo"),
    ("76", "Sulawesi Barat"),
    ("81", "Maluku"),
    ("82", "Maluku Utara"),
    ("91", "Papua"),
    ("92", "Papua Barat"),
    ("93", "Papua Selatan"),
    ("94", "Papua Tengah"),
    ("95", "Papua Pegunungan"),
    ("96", "Papua Barat Daya"),
];

/// Why a NIK is not valid; each is shown to the citizen as a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("a NIK has exactly 16 digits")]
    Length,
    #[error("a NIK has digits only")]
    NotDigits,
    #[error("the first two digits are not a province code")]
    Province,
    #[error("digits 7-12 are not a date of birth (DDMMYY, with 40 added to the day for women)")]
    BirthDate,
    #[error("the last four digits cannot all be zero")]
    Serial,
}

impl NikError {
    pub fn code(self) -> &'static str {
        match self {
            NikError::Length => "nik_length",
            NikError::NotDigits => "nik_digits",
            NikError::Province => "nik_province",
            NikError::BirthDate => "nik_birth_date",
            NikError::Serial => "nik_serial",
        }
    }
}

/// A structurally valid NIK. Its `Debug` form is masked so it never reaches a log whole.
#[derive(Clone, PartialEq, Eq)]
pub struct Nik(String);

impl Nik {
    /// Accepts spaces, dots and hyphens between digits, as people type them from the card.
    pub fn parse(input: &str) -> Result<Nik, NikError> {
        let s: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(NikError::NotDigits);
        }
        if s.len() != 16 {
            return Err(NikError::Length);
        }
        if !PROVINCES.iter().any(|(code, _)| *code == &s[0..2]) {
            return Err(NikError::Province);
        }
        let day: u32 = s[6..8].parse().expect("digits");
        let month: u32 = s[8..10].parse().expect("digits");
        if !((1..=31).contains(&day) || (41..=71).contains(&day)) || !(1..=12).contains(&month) {
            return Err(NikError::BirthDate);
        }
        if &s[12..16] == "0000" {
            return Err(NikError::Serial);
        }
        Ok(Nik(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province the card was issued in.
    pub fn province(&self) -> &'static str {
        PROVINCES.iter().find(|(code, _)| *code == &self.0[0..2]).map(|(_, name)| *name).unwrap_or_default()
    }

    /// "3273••••••••0001": enough for a person to recognise their own number.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "•".repeat(8), &self.0[12..])
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_shapes_are_accepted() {
        // A man born 12 Aug 1985 in Bandung; a woman (day + 40) born 1 Jan 2000 in Jayapura (a pre-2022 code).
        assert!(Nik::parse("3273011208850001").is_ok());
        assert!(Nik::parse("9171014101000002").is_ok());
        assert!(Nik::parse("3273 0112 0885 0001").is_ok(), "spaces as typed from the card");
        assert!(Nik::parse("9601017112990003").is_ok(), "day 71 (31 + 40) in Papua Barat Daya");
        assert_eq!(Nik::parse("3273011208850001").unwrap().province(), "Jawa Barat");
    }

    #[test]
    fn each_rule_has_its_error() {
        assert_eq!(Nik::parse("327301120885001"), Err(NikError::Length));
        assert_eq!(Nik::parse("32730112088500011"), Err(NikError::Length));
        assert_eq!(Nik::parse("3273O11208850001"), Err(NikError::NotDigits));
        assert_eq!(Nik::parse("9973011208850001"), Err(NikError::Province));
        assert_eq!(Nik::parse("2073011208850001"), Err(NikError::Province));
        assert_eq!(Nik::parse("3273013208850001"), Err(NikError::BirthDate), "day 32");
        assert_eq!(Nik::parse("3273017208850001"), Err(NikError::BirthDate), "day 72");
        assert_eq!(Nik::parse("3273010008850001"), Err(NikError::BirthDate), "day 00");
        assert_eq!(Nik::parse("3273011213850001"), Err(NikError::BirthDate), "month 13");
        assert_eq!(Nik::parse("3273011200850001"), Err(NikError::BirthDate), "month 00");
        assert_eq!(Nik::parse("3273011208850000"), Err(NikError::Serial));
    }

    #[test]
    fn the_number_never_shows_whole_in_debug_output() {
        let nik = Nik::parse("3273011208850001").unwrap();
        assert_eq!(nik.masked(), "3273••••••••0001");
        assert!(!format!("{nik:?}").contains("3273011208850001"));
    }
}
