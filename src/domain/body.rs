//! Public bodies (badan publik), their units (PPID Pelaksana), and the Komisi Informasi jurisdictions that
//! oversee them (domain.md §2). Every body answers to exactly one competent KI at a time.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A lowercase identifier used in links: ASCII letters, digits and single hyphens, 2–64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Option<Slug> {
        let ok = (2..=64).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        ok.then(|| Slug(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// The accepted values, for error messages.
            pub fn choices() -> String {
                $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

text_enum!(
    /// The level of a Komisi Informasi.
    JurisdictionLevel {
        Pusat => "pusat",
        Provinsi => "provinsi",
        KabupatenKota => "kabupaten_kota",
    }
);

text_enum!(
    /// What kind of public body (UU 14/2008 Art. 1(3)).
    BodyLevel {
        Kementerian => "kementerian",
        Lembaga => "lembaga",
        PemerintahProvinsi => "pemerintah_provinsi",
        PemerintahKabupatenKota => "pemerintah_kabupaten_kota",
        PemerintahDesa => "pemerintah_desa",
        BumnBumd => "bumn_bumd",
        PerguruanTinggi => "perguruan_tinggi",
        PartaiPolitik => "partai_politik",
        OrganisasiNonpemerintah => "organisasi_nonpemerintah",
        Lainnya => "lainnya",
    }
);

/// A problem with one input field: the field, a stable code, and an English sentence for the operator CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> FieldProblem {
        FieldProblem { field, code, message: message.into() }
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A required name: trimmed, 2–200 characters.
pub fn parse_name(field: &'static str, s: &str) -> Result<String, FieldProblem> {
    let s = s.trim();
    match s.chars().count() {
        0 => Err(FieldProblem::new(field, "required", "must not be empty")),
        1 | 201.. => Err(FieldProblem::new(field, "invalid_length", "must be 2 to 200 characters")),
        _ => Ok(s.to_owned()),
    }
}

pub fn parse_slug(field: &'static str, s: &str) -> Result<Slug, FieldProblem> {
    Slug::parse(s.trim()).ok_or_else(|| {
        FieldProblem::new(
            field,
            "invalid_slug",
            "expected 2-64 lowercase letters, digits and single hyphens, e.g. kota-bandung",
        )
    })
}

/// An email address a mail server will take, checked strictly (RFC 5321's `Mailbox` in its common form): a
/// dot-atom local part of at most 64 characters (letters, digits and ``!#$%&'*+-/=?^_`{|}~``, dots between
/// them), `@`, and a domain of at least two labels (letters, digits and inner hyphens, 1–63 each) whose last is
/// at least two letters (or an `xn--` name). Nothing else: no display name (`Siti <siti@x.id>`), no list
/// (`a@x.id; b@x.id`), no quotes, spaces or control characters; each of those would turn into dead mail.
/// Surrounding whitespace is trimmed.
pub fn parse_email(field: &'static str, s: &str) -> Result<String, FieldProblem> {
    let s = s.trim();
    if s.len() <= 254 && s.rsplit_once('@').is_some_and(|(local, domain)| local_part_ok(local) && domain_ok(domain)) {
        Ok(s.to_owned())
    } else {
        Err(FieldProblem::new(field, "invalid_email", "expected an email address such as ppid@example.go.id"))
    }
}

fn local_part_ok(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~";
    (1..=64).contains(&local.len())
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c)))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let top = labels.last().copied().unwrap_or_default();
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && ((top.len() >= 2 && top.chars().all(|c| c.is_ascii_alphabetic())) || top.starts_with("xn--"))
}

/// A phone number: digits with optional `+`, spaces, hyphens, dots and parentheses; 6–15 digits.
pub fn parse_phone(field: &'static str, s: &str) -> Result<String, FieldProblem> {
    let s = s.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let ok = (6..=15).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(FieldProblem::new(field, "invalid_phone", "expected a phone number such as +62 22 1234567"))
    }
}

/// The zones of Indonesian public bodies: WIB, WITA, WIT.
pub const SUPPORTED_ZONES: [&str; 3] = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"];

pub fn parse_time_zone(field: &'static str, s: &str) -> Result<chrono_tz::Tz, FieldProblem> {
    SUPPORTED_ZONES.contains(&s.trim()).then(|| s.trim().parse().ok()).flatten().ok_or_else(|| {
        FieldProblem::new(
            field,
            "invalid_time_zone",
            "expected Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
        )
    })
}

/// The format of registration numbers, e.g. `{seq:04}/PPID/{body}/{month_roman}/{year}`.
///
/// Placeholders: `{seq}` or `{seq:N}` (the sequence, zero-padded to N digits), `{year}`, `{month}` (01–12),
/// `{month_roman}` (I–XII), `{body}` (the body's slug in capitals). `{seq}` and `{year}` are required, so numbers
/// never repeat across years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NumberFormat(String);

pub const DEFAULT_REQUEST_NUMBER_FORMAT: &str = "{seq:04}/PPID/{body}/{month_roman}/{year}";
pub const DEFAULT_OBJECTION_NUMBER_FORMAT: &str = "{seq:04}/KEB/{body}/{month_roman}/{year}";
pub const DEFAULT_LETTER_NUMBER_FORMAT: &str = "{seq:04}/SURAT-PPID/{body}/{month_roman}/{year}";

/// A civil servant's NIP (Nomor Induk Pegawai): 18 digits, commonly written in groups ("19800101 200501 1 001").
/// Kept as written; empty means none.
pub fn parse_nip(field: &'static str, input: &str) -> Result<String, FieldProblem> {
    let written = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let digits: String = written.chars().filter(|c| *c != ' ').collect();
    if digits.is_empty() {
        return Ok(String::new());
    }
    if digits.len() != 18 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldProblem::new(field, "invalid_nip", "a NIP has 18 digits"));
    }
    Ok(written)
}

/// Free text of a letter setting: trimmed, at most `max` characters.
pub fn parse_letter_text(field: &'static str, input: &str, max: usize) -> Result<String, FieldProblem> {
    let text = input.trim();
    if text.chars().count() > max {
        return Err(FieldProblem::new(field, "too_long", format!("at most {max} characters")));
    }
    Ok(text.to_owned())
}

enum Piece<'a> {
    Text(&'a str),
    Seq(usize),
    Year,
    Month,
    MonthRoman,
    Body,
}

fn pieces(format: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        if rest[..open].contains('}') {
            return Err("a `}` without its `{`".into());
        }
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let close = rest[open..].find('}').ok_or("a `{` without its `}`")? + open;
        let name = &rest[open + 1..close];
        out.push(match name {
            "seq" => Piece::Seq(1),
            "year" => Piece::Year,
            "month" => Piece::Month,
            "month_roman" => Piece::MonthRoman,
            "body" => Piece::Body,
            _ => match name.strip_prefix("seq:").and_then(|w| w.parse::<usize>().ok()) {
                Some(w) if (1..=9).contains(&w) => Piece::Seq(w),
                _ => {
                    return Err(format!(
                        "unknown placeholder `{{{name}}}`; use seq, seq:N, year, month, month_roman, body"
                    ));
                }
            },
        });
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err("a `}` without its `{`".into());
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

impl NumberFormat {
    pub fn parse(field: &'static str, s: &str) -> Result<NumberFormat, FieldProblem> {
        let s = s.trim();
        let invalid = |m: String| FieldProblem::new(field, "invalid_number_format", m);
        if s.is_empty() || s.len() > 100 {
            return Err(invalid("must be 1 to 100 characters".into()));
        }
        let parts = pieces(s).map_err(invalid)?;
        if !parts.iter().any(|p| matches!(p, Piece::Seq(_))) || !parts.iter().any(|p| matches!(p, Piece::Year)) {
            return Err(invalid("must contain {seq} (or {seq:N}) and {year}".into()));
        }
        Ok(NumberFormat(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number for sequence `seq` of a case received on `received_on` (local date) at `body`.
    pub fn render(&self, seq: i64, received_on: NaiveDate, body: &Slug) -> String {
        let parts = pieces(&self.0).expect("validated when parsed");
        parts.iter().map(|p| render_piece(p, seq, received_on, body)).collect()
    }

    /// The sequence number inside `number`, if it is what this format gives for a case received on
    /// `received_on` at `body` (for importing an existing register).
    pub fn seq_of(&self, number: &str, received_on: NaiveDate, body: &Slug) -> Option<i64> {
        // Render with a marker for the sequence, then match the text around it.
        const MARK: &str = "\u{1}";
        let parts = pieces(&self.0).expect("validated when parsed");
        let with_mark: String = parts
            .iter()
            .map(|p| if matches!(p, Piece::Seq(_)) { MARK.to_owned() } else { render_piece(p, 0, received_on, body) })
            .collect();
        let (prefix, suffix) = with_mark.split_once(MARK)?;
        let middle = number.strip_prefix(prefix)?.strip_suffix(suffix)?;
        if middle.is_empty() || !middle.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        middle.parse().ok().filter(|n| *n > 0)
    }
}

fn render_piece(p: &Piece<'_>, seq: i64, received_on: NaiveDate, body: &Slug) -> String {
    const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
    match p {
        Piece::Text(t) => (*t).to_owned(),
        Piece::Seq(w) => format!("{seq:0w$}", w = *w),
        Piece::Year => received_on.year().to_string(),
        Piece::Month => format!("{:02}", received_on.month()),
        Piece::MonthRoman => ROMAN[received_on.month0() as usize].to_owned(),
        Piece::Body => body.as_str().to_ascii_uppercase(),
    }
}

/// Which of a body's KI assignments (ordered by the date each applies from) is competent on `on`: the latest that
/// applies by then; before the first, the first (a body always has one). `None` only for no assignments.
pub fn competent_assignment<T>(assignments: &[(chrono::NaiveDate, T)], on: chrono::NaiveDate) -> Option<usize> {
    assignments.iter().rposition(|(from, _)| *from <= on).or((!assignments.is_empty()).then_some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_read_back_from_a_number() {
        let f = NumberFormat::parse("format", DEFAULT_REQUEST_NUMBER_FORMAT).unwrap();
        let body = Slug::parse("kota-contoh").unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 11, 5).unwrap();
        assert_eq!(f.seq_of("0042/PPID/KOTA-CONTOH/XI/2024", day, &body), Some(42));
        assert_eq!(f.seq_of("12345/PPID/KOTA-CONTOH/XI/2024", day, &body), Some(12345));
        assert_eq!(f.seq_of("0042/PPID/KOTA-CONTOH/X/2024", day, &body), None, "another month");
        assert_eq!(f.seq_of("PPID-42", day, &body), None);
        assert_eq!(f.seq_of("0000/PPID/KOTA-CONTOH/XI/2024", day, &body), None);
    }

    #[test]
    fn registration_numbers_render_from_the_format() {
        let f = NumberFormat::parse("format", DEFAULT_REQUEST_NUMBER_FORMAT).unwrap();
        let body = Slug::parse("kota-contoh").unwrap();
        let day = NaiveDate::from_ymd_opt(2025, 3, 21).unwrap();
        assert_eq!(f.render(7, day, &body), "0007/PPID/KOTA-CONTOH/III/2025");
        let f = NumberFormat::parse("format", "REQ-{year}-{month}-{seq}").unwrap();
        assert_eq!(f.render(12345, day, &body), "REQ-2025-03-12345");
    }

    #[test]
    fn bad_formats_are_refused() {
        for bad in ["{seq}", "{year}", "{seq}/{yr}", "{seq}/{year", "seq}/{year}", "{seq:0}/{year}", ""] {
            assert!(NumberFormat::parse("format", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn contact_details_are_checked() {
        assert!(parse_email("e", "ppid@kota-contoh.go.id").is_ok());
        for good in ["ppid@kota-contoh.go.id", "siti.r+ppid@mail.example.com", "o'brien@x.id", " a@b.co.id "] {
            assert!(parse_email("e", good).is_ok(), "{good}");
        }
        for bad in [
            "ppid",
            "ppid@",
            "@x.id",
            "a b@x.id",
            "a@x",
            "a@x..id",
            "a@@x.id",
            "Siti<siti@x.id>",
            "Siti <siti@x.id>",
            "siti@x.id>",
            "a@b.org;",
            "a@b.org, c@d.org",
            "a@b.org\0",
            "a\0b@x.id",
            "\"siti\"@x.id",
            ".siti@x.id",
            "siti.@x.id",
            "si..ti@x.id",
            "siti@-x.id",
            "siti@x-.id",
            "siti@x.1",
            "siti@x.i",
            "siti@[127.0.0.1]",
            "siti@x.id\r\nBcc: y@z.id",
            "siti@rahmawati@x.id",
        ] {
            assert!(parse_email("e", bad).is_err(), "{bad:?}");
        }
        assert!(parse_email("e", &format!("{}@x.id", "a".repeat(65))).is_err(), "local part over 64");
        assert!(parse_phone("p", "+62 (22) 423-4567").is_ok());
        assert!(parse_phone("p", "12345").is_err());
        assert!(parse_phone("p", "0812-ABC").is_err());
        assert!(parse_slug("s", "Kota Contoh").is_err());
        assert!(parse_name("n", " ").is_err());
        assert!(parse_time_zone("z", "Asia/Makassar").is_ok());
        assert!(parse_time_zone("z", "Asia/Singapore").is_err());
    }
}
