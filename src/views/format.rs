//! How numbers, amounts, sizes and percentages are written for people, in the locale's notation. Dates are in
//! `crate::i18n` (`date_long` and friends), beside the month names.

use crate::i18n::Locale;

/// `n` with `separator` between each group of three digits: 1.250.000.
pub fn thousands(n: i64, separator: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A count in the locale's notation: 1.250 (Indonesian), 1,250 (English).
pub fn number(locale: Locale, n: i64) -> String {
    thousands(n, if locale == Locale::Id { '.' } else { ',' })
}

/// Rupiah written the Indonesian way whatever the page's language (amounts in letters are Indonesian): 1.250.000.
pub fn rupiah_text(n: i64) -> String {
    thousands(n, '.')
}

/// `part` of `whole` as a percentage with one decimal, in the locale's notation.
pub fn percent(locale: Locale, part: i64, whole: i64) -> Option<String> {
    if whole <= 0 {
        return None;
    }
    let value = format!("{:.1}", part as f64 * 100.0 / whole as f64);
    Some(match locale {
        Locale::Id => format!("{} %", value.replace('.', ",")),
        Locale::En => format!("{value}%"),
    })
}

/// A file's size: "1.5 MB", "12 KB".
pub fn file_size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// A download's file name of ASCII letters, digits and `-` (anything else becomes `-`), safe in any header and file
/// system.
pub fn safe_file_name(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}
