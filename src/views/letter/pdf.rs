//! A small typesetter for letters: lays the [`Letter`] out on A4 pages in Times (WinAnsi encoding), then writes
//! the PDF. Layout runs first so that every footer can say "page n of m".

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::widths::{TIMES_BOLD, TIMES_ROMAN};
use super::{Block, Letter};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 72.0;
const RIGHT: f32 = PAGE_W - 72.0;
const TOP: f32 = PAGE_H - 56.0;
const BOTTOM: f32 = 64.0;
const BODY: f32 = 11.5;
const LEADING: f32 = 1.38;
/// The label column of label–value rows.
const LABEL_W: f32 = 150.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }

    fn widths(self) -> &'static [u16; 256] {
        match self {
            Font::Regular => &TIMES_ROMAN,
            Font::Bold => &TIMES_BOLD,
        }
    }
}

/// One character in WinAnsiEncoding (Windows-1252); characters it lacks become '?'.
fn win_ansi(c: char) -> u8 {
    const SPECIAL: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match c as u32 {
        0x20..=0x7E | 0xA0..=0xFF => c as u8,
        _ => SPECIAL.iter().find(|(s, _)| *s == c).map(|(_, b)| *b).unwrap_or(b'?'),
    }
}

fn encode(text: &str) -> Vec<u8> {
    text.chars().map(|c| if c == '\t' { b' ' } else { win_ansi(c) }).collect()
}

fn width(bytes: &[u8], font: Font, size: f32) -> f32 {
    let w = font.widths();
    bytes.iter().map(|b| f32::from(w[usize::from(*b)])).sum::<f32>() * size / 1000.0
}

/// Breaks text into lines no wider than `max`, at spaces (and inside words longer than a line). Newlines in the
/// text start new lines.
fn wrap(text: &str, font: Font, size: f32, max: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line: Vec<u8> = Vec::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut word = encode(word);
            let candidate_width = width(&line, font, size) + width(b" ", font, size) + width(&word, font, size);
            if !line.is_empty() && candidate_width > max {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is broken where it must be.
            while width(&word, font, size) > max {
                let mut cut = word.len();
                while cut > 1 && width(&word[..cut], font, size) > max {
                    cut -= 1;
                }
                lines.push(word[..cut].to_vec());
                word = word[cut..].to_vec();
            }
            if !line.is_empty() {
                line.push(b' ');
            }
            line.extend_from_slice(&word);
        }
        lines.push(line);
    }
    lines
}

#[derive(Debug, Clone)]
enum Op {
    Text { x: f32, y: f32, font: Font, size: f32, bytes: Vec<u8> },
    Rule { y: f32, width: f32 },
}

/// Places text and rules on pages, top to bottom.
struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout {
    fn new() -> Layout {
        Layout { pages: vec![Vec::new()], y: TOP }
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
    }

    fn text(&mut self, x: f32, font: Font, size: f32, bytes: Vec<u8>) {
        let y = self.y - size;
        self.pages.last_mut().expect("a page").push(Op::Text { x, y, font, size, bytes });
    }

    fn advance(&mut self, height: f32) {
        self.y -= height;
    }

    /// Wrapped text from `x` to the right margin, each line placed by `align`.
    fn lines(&mut self, text: &str, font: Font, size: f32, x: f32, right: f32, align: Align) {
        for line in wrap(text, font, size, right - x) {
            self.ensure(size * LEADING);
            let w = width(&line, font, size);
            let at = match align {
                Align::Left => x,
                Align::Center => x + (right - x - w) / 2.0,
            };
            self.text(at, font, size, line);
            self.advance(size * LEADING);
        }
    }

    fn rule(&mut self, line_width: f32) {
        let y = self.y;
        self.pages.last_mut().expect("a page").push(Op::Rule { y, width: line_width });
    }
}

#[derive(Debug, Clone, Copy)]
enum Align {
    Left,
    Center,
}

fn lay_out(letter: &Letter) -> Vec<Vec<Op>> {
    let mut l = Layout::new();
    for (i, line) in letter.letterhead.iter().enumerate() {
        let size = if i == 0 { 14.0 } else { 12.5 };
        l.lines(line, Font::Bold, size, LEFT, RIGHT, Align::Center);
    }
    if !letter.contact.is_empty() {
        l.lines(&letter.contact, Font::Regular, 9.5, LEFT, RIGHT, Align::Center);
    }
    l.advance(3.0);
    l.rule(1.6);
    l.advance(2.5);
    l.rule(0.5);
    l.advance(16.0);

    l.lines(&letter.title, Font::Bold, 12.5, LEFT, RIGHT, Align::Center);
    if !letter.number_line.is_empty() {
        l.lines(&letter.number_line, Font::Regular, BODY, LEFT, RIGHT, Align::Center);
    }
    l.advance(12.0);
    for line in &letter.recipient {
        l.lines(line, Font::Regular, BODY, LEFT, RIGHT, Align::Left);
    }
    if !letter.recipient.is_empty() {
        l.advance(8.0);
    }
    let s = &letter.signatory;
    let signature_lines = 6.0 + if s.nip_line.is_empty() { 0.0 } else { 1.0 };
    let signature_height = BODY * LEADING * signature_lines + 48.0;
    let last = letter.blocks.len().saturating_sub(1);
    for (n, block) in letter.blocks.iter().enumerate() {
        match block {
            Block::Paragraph { text } => {
                // The last paragraph keeps with the signature: a signature alone on a page signs nothing.
                if n == last {
                    let lines = wrap(text, Font::Regular, BODY, RIGHT - LEFT).len() as f32;
                    let together = lines * BODY * LEADING + 6.0 + 10.0 + signature_height;
                    if together < TOP - BOTTOM {
                        l.ensure(together);
                    }
                }
                l.lines(text, Font::Regular, BODY, LEFT, RIGHT, Align::Left);
                l.advance(6.0);
            }
            Block::Heading { text } => {
                l.ensure(BODY * LEADING * 3.0);
                l.advance(2.0);
                l.lines(text, Font::Bold, BODY, LEFT, RIGHT, Align::Left);
                l.advance(2.0);
            }
            Block::Fields { rows } => {
                for row in rows {
                    let label = wrap(&row.label, Font::Regular, BODY, LABEL_W - 8.0);
                    let value = wrap(&row.value, Font::Regular, BODY, RIGHT - LEFT - LABEL_W - 10.0);
                    let n = label.len().max(value.len());
                    for i in 0..n {
                        l.ensure(BODY * LEADING);
                        if let Some(text) = label.get(i) {
                            l.text(LEFT, Font::Regular, BODY, text.clone());
                        }
                        if i == 0 {
                            l.text(LEFT + LABEL_W - 6.0, Font::Regular, BODY, b":".to_vec());
                        }
                        if let Some(text) = value.get(i) {
                            l.text(LEFT + LABEL_W + 4.0, Font::Regular, BODY, text.clone());
                        }
                        l.advance(BODY * LEADING);
                    }
                }
                l.advance(6.0);
            }
            Block::Bullets { items } => {
                for item in items {
                    let lines = wrap(item, Font::Regular, BODY, RIGHT - LEFT - 16.0);
                    for (i, line) in lines.into_iter().enumerate() {
                        l.ensure(BODY * LEADING);
                        if i == 0 {
                            l.text(LEFT + 4.0, Font::Regular, BODY, vec![0x95]);
                        }
                        l.text(LEFT + 16.0, Font::Regular, BODY, line);
                        l.advance(BODY * LEADING);
                    }
                }
                l.advance(6.0);
            }
        }
    }

    // The signature block keeps together, in the right half.
    let x = LEFT + (RIGHT - LEFT) * 0.52;
    l.ensure(signature_height);
    l.advance(10.0);
    l.lines(&letter.place_date, Font::Regular, BODY, x, RIGHT, Align::Left);
    l.lines(&s.position, Font::Regular, BODY, x, RIGHT, Align::Left);
    l.advance(52.0);
    l.lines(
        if s.name.is_empty() { "........................................" } else { &s.name },
        Font::Bold,
        BODY,
        x,
        RIGHT,
        Align::Left,
    );
    if !s.nip_line.is_empty() {
        l.lines(&s.nip_line, Font::Regular, BODY, x, RIGHT, Align::Left);
    }
    l.pages
}

/// The letter as a PDF document.
pub fn render_pdf(letter: &Letter, page_label: impl Fn(usize, usize) -> String) -> Vec<u8> {
    let pages = lay_out(letter);
    let total = pages.len();
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first = 6;
    pdf.catalog(catalog).pages(tree);
    let page_ids: Vec<Ref> = (0..total).map(|i| Ref::new(first + 2 * i as i32)).collect();
    pdf.pages(tree).kids(page_ids.iter().copied()).count(total as i32);
    pdf.type1_font(regular).base_font(Name(b"Times-Roman")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Times-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info).title(TextStr(&letter.title)).producer(TextStr("Terbuka"));

    for (i, ops) in pages.iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(tree).contents(content_id);
        page.resources().fonts().pair(Font::Regular.name(), regular).pair(Font::Bold.name(), bold);
        page.finish();

        let mut content = Content::new();
        for op in ops {
            match op {
                Op::Text { x, y, font, size, bytes } => {
                    content.begin_text();
                    content.set_font(font.name(), *size);
                    content.next_line(*x, *y);
                    content.show(Str(bytes));
                    content.end_text();
                }
                Op::Rule { y, width } => {
                    content.set_line_width(*width);
                    content.move_to(LEFT, *y);
                    content.line_to(RIGHT, *y);
                    content.stroke();
                }
            }
        }
        // The footer: what this is, and the page.
        let footer_size = 8.0;
        let mut footer = encode(&letter.footer);
        let label = encode(&page_label(i + 1, total));
        let room = RIGHT - LEFT - width(&label, Font::Regular, footer_size) - 12.0;
        while width(&footer, Font::Regular, footer_size) > room && !footer.is_empty() {
            footer.pop();
        }
        content.begin_text();
        content.set_font(Font::Regular.name(), footer_size);
        content.next_line(LEFT, BOTTOM - 28.0);
        content.show(Str(&footer));
        content.end_text();
        content.begin_text();
        content.set_font(Font::Regular.name(), footer_size);
        content.next_line(RIGHT - width(&label, Font::Regular, footer_size), BOTTOM - 28.0);
        content.show(Str(&label));
        content.end_text();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::letter::{Block, Signatory};

    fn letter(paragraphs: usize) -> Letter {
        Letter {
            lang: "id".into(),
            letterhead: vec!["PEMERINTAH KOTA CONTOH".into(), "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI".into()],
            contact: "Jl. Merdeka 1 · 022 1234567 · ppid@kota-contoh.go.id".into(),
            title: "PEMBERITAHUAN TERTULIS".into(),
            number_line: "Nomor: 001/PPID/III/2025".into(),
            recipient: vec!["Kepada Yth. Siti Rahmawati".into()],
            blocks: (0..paragraphs)
                .map(|i| Block::paragraph(format!("Paragraf {i}: informasi publik yang dimohon dapat diberikan — “dalam bentuk salinan” — sesuai Pasal 22 UU 14/2008. ").repeat(3)))
                .collect(),
            place_date: "Kota Contoh, 21 Maret 2025".into(),
            signatory: Signatory { position: "PPID Utama".into(), name: "Budi".into(), nip_line: "NIP. 1980".into() },
            footer: "Nomor pendaftaran 0001".into(),
        }
    }

    #[test]
    fn text_is_encoded_in_win_ansi_and_unknown_characters_become_question_marks() {
        assert_eq!(encode("Rp 5.000 — “ya” é"), b"Rp 5.000 \x97 \x93ya\x94 \xe9".to_vec());
        assert_eq!(encode("≤ 10"), b"? 10".to_vec());
    }

    #[test]
    fn lines_never_run_past_the_margin() {
        let text = "Informasi yang dimohon termasuk informasi yang dikecualikan berdasarkan Pasal 17 huruf a. "
            .repeat(5)
            + "Sebuahkatayangsangatpanjangsekalisehinggatidakmuatdalamsatubarisdanharusdipotongdiantarahurufnya";
        for line in wrap(&text, Font::Regular, BODY, 300.0) {
            assert!(width(&line, Font::Regular, BODY) <= 300.0, "{}", String::from_utf8_lossy(&line));
        }
    }

    #[test]
    fn the_signature_never_stands_alone_on_a_page() {
        let page_of = |pages: &[Vec<Op>], needle: &[u8]| {
            pages.iter().rposition(|ops| {
                ops.iter()
                    .any(|op| matches!(op, Op::Text { bytes, .. } if bytes.windows(needle.len()).any(|w| w == needle)))
            })
        };
        for n in 1..40 {
            let mut l = letter(n);
            l.blocks.push(Block::paragraph("Demikian pemberitahuan ini kami sampaikan."));
            let pages = lay_out(&l);
            let closing = page_of(&pages, b"Demikian").unwrap();
            let signature = page_of(&pages, b"Budi").unwrap();
            assert_eq!(closing, signature, "{n} paragraphs: the closing paragraph and the signature share a page");
        }
    }

    #[test]
    fn a_long_letter_flows_onto_more_pages_and_is_the_same_every_time() {
        let short = render_pdf(&letter(2), |n, m| format!("{n}/{m}"));
        let long = render_pdf(&letter(40), |n, m| format!("{n}/{m}"));
        assert!(short.starts_with(b"%PDF-"));
        let count = |pdf: &[u8]| pdf.windows(b"/Type /Page\n".len()).filter(|w| *w == b"/Type /Page\n").count();
        assert_eq!(lay_out(&letter(2)).len(), 1);
        assert!(lay_out(&letter(40)).len() > 1);
        assert!(count(&long) >= 1 && long.len() > short.len());
        assert_eq!(short, render_pdf(&letter(2), |n, m| format!("{n}/{m}")), "no timestamps: the same bytes");
    }
}
