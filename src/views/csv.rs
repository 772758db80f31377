//! CSV for spreadsheet programs (Excel, LibreOffice, Google Sheets), the one guard every CSV download goes
//! through: a cell a spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage return) gets
//! a `'` in front (OWASP "CSV injection"), and a cell is quoted where its text needs it.

/// `cell` as a spreadsheet reads it safely: never a formula; quoted when it holds the separator, a quote or a line
/// break (or always, with `always_quote`).
pub fn cell(cell: &str, separator: char, always_quote: bool) -> String {
    let neutral = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() };
    if always_quote || neutral.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// One CSV line (ending in CRLF), each cell through [`cell`].
pub fn csv_line(cells: &[String], separator: char) -> String {
    let mut line = cells.iter().map(|c| cell(c, separator, false)).collect::<Vec<_>>().join(&separator.to_string());
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        let cells = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(csv_line(&cells(&["a", "b,c", "say \"hi\""]), ','), "a,\"b,c\",\"say \"\"hi\"\"\"\r\n");
        assert_eq!(csv_line(&cells(&["=1+1", "+62 812", "-5", "@SUM(A1)"]), ';'), "'=1+1;'+62 812;'-5;'@SUM(A1)\r\n");
        assert_eq!(csv_line(&cells(&["a;b", "line\nbreak"]), ';'), "\"a;b\";\"line\nbreak\"\r\n");
        assert_eq!(csv_line(&cells(&["a;b"]), ','), "a;b\r\n");
    }

    #[test]
    fn a_quoted_cell_is_neutralised_too() {
        assert_eq!(cell("=HYPERLINK(\"x\")", ',', true), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("\tcmd", ',', true), "\"'\tcmd\"");
        assert_eq!(cell("\r=1", ',', false), "\"'\r=1\"");
        assert_eq!(cell("Kota Contoh", ',', true), "\"Kota Contoh\"");
    }
}
