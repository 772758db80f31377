//! The text of one of Terbuka's PDFs as a reader extracts it: each text object's glyph codes mapped through its
//! font's ToUnicode map (what copying, searching and screen readers use), one line per text object. Written for
//! the PDFs Terbuka makes (pdf-writer's layout: uncompressed page content, Type 0 fonts), not for any PDF.

use std::collections::HashMap;

/// The PDF's bytes as Latin-1 text: one char per byte, so offsets and binary streams survive.
fn latin1(pdf: &[u8]) -> String {
    pdf.iter().map(|b| char::from(*b)).collect()
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits.chunks(2).map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap()).collect()
}

/// Every object's number and body (between `N 0 obj` and `endobj`).
fn objects(text: &str) -> HashMap<u32, &str> {
    let mut out = HashMap::new();
    let mut rest = text;
    while let Some(at) = rest.find(" 0 obj") {
        let head = &rest[..at];
        let number = head.rsplit(|c: char| !c.is_ascii_digit()).next().unwrap_or_default();
        let body_start = at + " 0 obj".len();
        let Some(end) = rest[body_start..].find("endobj") else { break };
        if let Ok(n) = number.parse() {
            out.insert(n, &rest[body_start..body_start + end]);
        }
        rest = &rest[body_start + end..];
    }
    out
}

fn reference_after(body: &str, key: &str) -> Option<u32> {
    let at = body.find(key)? + key.len();
    body[at..].split_whitespace().next()?.parse().ok()
}

fn stream(body: &str) -> &str {
    let start = body.find("stream").map(|s| s + "stream".len()).unwrap_or(0);
    let end = body.rfind("endstream").unwrap_or(body.len());
    body[start..end].trim_start_matches(['\r', '\n'])
}

/// A ToUnicode CMap's `bfchar` entries: code → text.
fn unicode_map(cmap: &str) -> HashMap<Vec<u8>, String> {
    let mut map = HashMap::new();
    for section in cmap.split("beginbfchar").skip(1) {
        let section = section.split("endbfchar").next().unwrap_or_default();
        let hexes: Vec<&str> = section.split('<').skip(1).map(|h| h.split('>').next().unwrap_or_default()).collect();
        for pair in hexes.chunks(2) {
            let code = hex_bytes(pair[0]);
            let units: Vec<u16> = hex_bytes(pair[1]).chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            map.insert(code, String::from_utf16_lossy(&units));
        }
    }
    map
}

/// A literal string `( … )` from `at` (just after its opening parenthesis): its bytes and where it ends.
fn literal(chars: &[char], mut at: usize) -> (Vec<u8>, usize) {
    let (mut out, mut depth) = (Vec::new(), 0);
    while at < chars.len() {
        let c = chars[at];
        match c {
            '\\' => {
                at += 1;
                let e = chars[at];
                match e {
                    'n' => out.push(b'\n'),
                    'r' => out.push(b'\r'),
                    't' => out.push(b'\t'),
                    'b' => out.push(8),
                    'f' => out.push(12),
                    '0'..='7' => {
                        let digits: String = chars[at..].iter().take(3).take_while(|d| d.is_digit(8)).collect();
                        out.push(u8::from_str_radix(&digits, 8).unwrap());
                        at += digits.len() - 1;
                    }
                    other => out.push(other as u8),
                }
            }
            '(' => {
                depth += 1;
                out.push(b'(');
            }
            ')' if depth == 0 => return (out, at + 1),
            ')' => {
                depth -= 1;
                out.push(b')');
            }
            other => out.push(other as u8),
        }
        at += 1;
    }
    (out, at)
}

/// The text of every page, one line per text object.
pub fn pdf_text(pdf: &[u8]) -> String {
    let text = latin1(pdf);
    let objects = objects(&text);
    // Resource name → font object → its ToUnicode map.
    let mut maps: HashMap<u32, HashMap<Vec<u8>, String>> = HashMap::new();
    for (n, body) in &objects {
        if body.contains("/Subtype /Type0") {
            let cmap = reference_after(body, "/ToUnicode").and_then(|r| objects.get(&r)).map(|b| stream(b));
            maps.insert(*n, cmap.map(unicode_map).unwrap_or_default());
        }
    }
    let mut resources: HashMap<String, u32> = HashMap::new();
    for body in objects.values().filter(|b| b.contains("/Type /Page\n") || b.contains("/Type /Page ")) {
        let Some(fonts) = body.split("/Font").nth(1) else { continue };
        let fonts = fonts.split(">>").next().unwrap_or_default();
        let words: Vec<&str> = fonts.split_whitespace().collect();
        for w in words.windows(2) {
            if let (Some(name), Ok(id)) = (w[0].strip_prefix('/'), w[1].parse()) {
                resources.insert(name.trim_start_matches('<').to_owned(), id);
            }
        }
    }
    let mut pages: Vec<(u32, &str)> = objects
        .iter()
        .filter(|(_, b)| b.contains("stream") && stream(b).contains("BT"))
        .map(|(n, b)| (*n, stream(b)))
        .collect();
    pages.sort_by_key(|(n, _)| *n);
    let mut lines = Vec::new();
    for (_, content) in pages {
        let chars: Vec<char> = content.chars().collect();
        let (mut at, mut line, mut font, mut last_name) = (0, String::new(), None::<u32>, String::new());
        let mut pending: Vec<Vec<u8>> = Vec::new();
        while at < chars.len() {
            match chars[at] {
                '(' => {
                    let (bytes, end) = literal(&chars, at + 1);
                    pending.push(bytes);
                    at = end;
                    continue;
                }
                '<' if chars.get(at + 1) != Some(&'<') => {
                    let end = chars[at..].iter().position(|c| *c == '>').map_or(chars.len(), |e| at + e);
                    pending.push(hex_bytes(&chars[at + 1..end].iter().collect::<String>()));
                    at = end + 1;
                    continue;
                }
                c if c.is_whitespace() => {
                    at += 1;
                    continue;
                }
                _ => {}
            }
            let word: String = chars[at..].iter().take_while(|c| !c.is_whitespace() && **c != '(').collect();
            at += word.len().max(1);
            match word.as_str() {
                "Tf" => font = resources.get(&last_name).copied(),
                "Tj" => {
                    let map = font.and_then(|f| maps.get(&f));
                    for bytes in pending.drain(..) {
                        for code in bytes.chunks(2) {
                            match map.and_then(|m| m.get(code)) {
                                Some(s) => line.push_str(s),
                                None => line.push('\u{FFFD}'),
                            }
                        }
                    }
                }
                "ET" => lines.push(std::mem::take(&mut line)),
                w if w.starts_with('/') => last_name = w[1..].to_owned(),
                _ => {}
            }
            // Another operator: strings before it were not shown text.
            if !(word.starts_with('/') || word.parse::<f32>().is_ok()) {
                pending.clear();
            }
        }
    }
    lines.join("\n")
}

/// Whether the PDF shows `s`, wherever its lines happen to break.
pub fn pdf_shows(pdf: &[u8], s: &str) -> bool {
    pdf_text(pdf).split_whitespace().collect::<Vec<_>>().join(" ").contains(s)
}
