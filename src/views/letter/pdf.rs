//! A small typesetter for letters: lays the [`Letter`] out on A4 pages in the built-in fonts ([`super::font`]),
//! then writes the PDF. Layout runs first so that every footer can say "page n of m".

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::font::{self, Face, Glyph, Used, glyphs};
use super::image;
use super::{Block, Letter};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 72.0;
const RIGHT: f32 = PAGE_W - 72.0;
const TOP: f32 = PAGE_H - 56.0;
const BOTTOM: f32 = 64.0;
const BODY: f32 = 11.0;
const LEADING: f32 = 1.38;
/// The label column of label–value rows: at least this, wider for longer labels up to the second bound.
const LABEL_W: f32 = 150.0;
const LABEL_MAX_W: f32 = 260.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

/// A run of text set in one style: its glyphs (each knows its face and advance).
type Line = Vec<Glyph>;

fn shape(text: &str, font: Font) -> Line {
    glyphs(text, font == Font::Bold)
}

fn width(line: &[Glyph], size: f32) -> f32 {
    line.iter().map(|g| g.advance).sum::<f32>() * size / 1000.0
}

/// Breaks text into lines no wider than `max`, at spaces (and inside words longer than a line). Newlines in the
/// text start new lines.
fn wrap(text: &str, font: Font, size: f32, max: f32) -> Vec<Line> {
    let space = shape(" ", font);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line: Line = Vec::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut word = shape(word, font);
            if !line.is_empty() && line_width + width(&space, size) + width(&word, size) > max {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            // A word wider than the line is broken where it must be.
            while width(&word, size) > max {
                let mut cut = word.len();
                while cut > 1 && width(&word[..cut], size) > max {
                    cut -= 1;
                }
                lines.push(word[..cut].to_vec());
                word = word[cut..].to_vec();
            }
            if !line.is_empty() {
                line.extend_from_slice(&space);
                line_width += width(&space, size);
            }
            line_width += width(&word, size);
            line.extend(word);
        }
        lines.push(line);
    }
    lines
}

#[derive(Debug, Clone)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        glyphs: Line,
    },
    Rule {
        y: f32,
        width: f32,
    },
    /// The logo, its lower left corner at (x, y).
    Logo {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
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

    fn text(&mut self, x: f32, size: f32, glyphs: Line) {
        let y = self.y - size;
        self.pages.last_mut().expect("a page").push(Op::Text { x, y, size, glyphs });
    }

    fn advance(&mut self, height: f32) {
        self.y -= height;
    }

    /// Wrapped text from `x` to the right margin, each line placed by `align`.
    fn lines(&mut self, text: &str, font: Font, size: f32, x: f32, right: f32, align: Align) {
        for line in wrap(text, font, size, right - x) {
            self.ensure(size * LEADING);
            let w = width(&line, size);
            let at = match align {
                Align::Left => x,
                Align::Center => x + (right - x - w) / 2.0,
            };
            self.text(at, size, line);
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

/// The logo's height on the letterhead (about 2.3 cm), and the widest it may be.
const LOGO_H: f32 = 64.0;
const LOGO_MAX_W: f32 = 110.0;

/// The letter on pages; `logo` is the size in pixels of the logo to draw, if one can be.
fn lay_out(letter: &Letter, logo: Option<(u32, u32)>) -> Vec<Vec<Op>> {
    let mut l = Layout::new();
    // The kop surat: the logo at the left, the letterhead centred in the room beside it.
    let top = l.y;
    let text_left = match logo {
        Some((width, height)) => {
            let ratio = width as f32 / height.max(1) as f32;
            let (w, h) =
                if LOGO_H * ratio > LOGO_MAX_W { (LOGO_MAX_W, LOGO_MAX_W / ratio) } else { (LOGO_H * ratio, LOGO_H) };
            l.pages[0].push(Op::Logo { x: LEFT, y: top - h - (LOGO_H - h) / 2.0, w, h });
            LEFT + w + 10.0
        }
        None => LEFT,
    };
    for (i, line) in letter.letterhead.iter().enumerate() {
        let size = if i == 0 { 14.0 } else { 12.5 };
        l.lines(line, Font::Bold, size, text_left, RIGHT, Align::Center);
    }
    if !letter.contact.is_empty() {
        l.lines(&letter.contact, Font::Regular, 9.5, text_left, RIGHT, Align::Center);
    }
    if logo.is_some() && l.y > top - LOGO_H {
        l.y = top - LOGO_H;
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
                // The label column is as wide as the longest label needs ("Ditutup: bukan permohonan informasi
                // publik"), within bounds, so labels wrap only when they must.
                let widest = rows.iter().map(|r| width(&shape(&r.label, Font::Regular), BODY)).fold(0.0, f32::max);
                let label_w = (widest + 14.0).clamp(LABEL_W, LABEL_MAX_W);
                for row in rows {
                    let label = wrap(&row.label, Font::Regular, BODY, label_w - 8.0);
                    let value = wrap(&row.value, Font::Regular, BODY, RIGHT - LEFT - label_w - 10.0);
                    let n = label.len().max(value.len());
                    for i in 0..n {
                        l.ensure(BODY * LEADING);
                        if let Some(text) = label.get(i) {
                            l.text(LEFT, BODY, text.clone());
                        }
                        if i == 0 {
                            l.text(LEFT + label_w - 6.0, BODY, shape(":", Font::Regular));
                        }
                        if let Some(text) = value.get(i) {
                            l.text(LEFT + label_w + 4.0, BODY, text.clone());
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
                            l.text(LEFT + 4.0, BODY, shape("•", Font::Regular));
                        }
                        l.text(LEFT + 16.0, BODY, line);
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

/// Shows a line: one text object, switching fonts where the glyphs' face changes.
fn show(content: &mut Content, used: &mut [Used; 3], x: f32, y: f32, size: f32, glyphs: &[Glyph]) {
    content.begin_text();
    content.next_line(x, y);
    let mut rest = glyphs;
    while let Some(first) = rest.first() {
        let face = first.face;
        let run = rest.iter().take_while(|g| g.face == face).count();
        let bytes: Vec<u8> = rest[..run].iter().flat_map(|g| used[face.index()].encode(g)).collect();
        content.set_font(face.resource(), size);
        content.show(Str(&bytes));
        rest = &rest[run..];
    }
    content.end_text();
}

/// The letter as a PDF document, its fonts embedded (only the glyphs it uses).
pub fn render_pdf(letter: &Letter, page_label: impl Fn(usize, usize) -> String) -> Vec<u8> {
    let logo_image = letter.logo.as_ref().and_then(image::prepare);
    let pages = lay_out(letter, logo_image.as_ref().map(|i| (i.width, i.height)));
    let total = pages.len();
    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree = next.bump();
    let info = next.bump();
    let fonts = Face::ALL.map(|_| next.bump());
    let logo = next.bump();
    pdf.catalog(catalog).pages(tree);
    let page_ids: Vec<(Ref, Ref)> = (0..total).map(|_| (next.bump(), next.bump())).collect();
    pdf.pages(tree).kids(page_ids.iter().map(|(page, _)| *page)).count(total as i32);
    pdf.document_info(info).title(TextStr(&letter.title)).producer(TextStr("Terbuka"));

    let mut used: [Used; 3] = Default::default();
    for (i, (ops, (page_id, content_id))) in pages.iter().zip(&page_ids).enumerate() {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(tree).contents(*content_id);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (face, id) in Face::ALL.iter().zip(fonts) {
            font_dict.pair(face.resource(), id);
        }
        font_dict.finish();
        if logo_image.is_some() {
            resources.x_objects().pair(Name(b"Logo"), logo);
        }
        resources.finish();
        page.finish();

        let mut content = Content::new();
        for op in ops {
            match op {
                Op::Text { x, y, size, glyphs } => show(&mut content, &mut used, *x, *y, *size, glyphs),
                Op::Rule { y, width } => {
                    content.set_line_width(*width);
                    content.move_to(LEFT, *y);
                    content.line_to(RIGHT, *y);
                    content.stroke();
                }
                Op::Logo { x, y, w, h } => {
                    content.save_state();
                    content.transform([*w, 0.0, 0.0, *h, *x, *y]);
                    content.x_object(Name(b"Logo"));
                    content.restore_state();
                }
            }
        }
        // The footer: what this is, and the page. A footer too long for its line wraps above the page number
        // rather than being cut.
        let footer_size = 8.0;
        let label = shape(&page_label(i + 1, total), Font::Regular);
        let label_w = width(&label, footer_size);
        let room = RIGHT - LEFT - label_w - 12.0;
        let lines = wrap(&letter.footer, Font::Regular, footer_size, room);
        let mut y = BOTTOM - 28.0 + (lines.len().saturating_sub(1)) as f32 * footer_size * 1.25;
        for line in &lines {
            show(&mut content, &mut used, LEFT, y, footer_size, line);
            y -= footer_size * 1.25;
        }
        show(&mut content, &mut used, RIGHT - label_w, BOTTOM - 28.0, footer_size, &label);
        pdf.stream(*content_id, &content.finish());
    }
    for (face, id) in Face::ALL.iter().zip(fonts) {
        font::write(&mut pdf, *face, &used[face.index()], id, &mut next);
    }
    if let Some(prepared) = &logo_image {
        image::write(&mut pdf, prepared, logo, &mut next);
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::letter::{Block, LetterLogo, Signatory};

    fn letter(paragraphs: usize) -> Letter {
        Letter {
            lang: "id".into(),
            letterhead: vec!["PEMERINTAH KOTA CONTOH".into(), "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI".into()],
            logo: None,
            logo_href: None,
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

    fn text(line: &[Glyph]) -> String {
        line.iter().map(|g| g.ch).collect()
    }

    #[test]
    fn words_keep_their_characters_and_symbols_come_from_the_symbol_face() {
        let lines = wrap("Nilai ≤ 10 – Ñoman “ya”", Font::Regular, BODY, 400.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(text(&lines[0]), "Nilai ≤ 10 – Ñoman “ya”");
        assert!(lines[0].iter().all(|g| g.id != 0));
        assert!(lines[0].iter().any(|g| g.face == Face::Math) && lines[0].iter().any(|g| g.face == Face::Serif));
    }

    #[test]
    fn lines_never_run_past_the_margin() {
        let long = "Informasi yang dimohon termasuk informasi yang dikecualikan berdasarkan Pasal 17 huruf a. "
            .repeat(5)
            + "Sebuahkatayangsangatpanjangsekalisehinggatidakmuatdalamsatubarisdanharusdipotongdiantarahurufnya";
        let lines = wrap(&long, Font::Regular, BODY, 300.0);
        for line in &lines {
            assert!(width(line, BODY) <= 300.0, "{}", text(line));
        }
        let again: String = lines.iter().map(|l| text(l)).collect::<Vec<_>>().join(" ");
        assert_eq!(again.replace(' ', ""), long.replace(' ', ""), "nothing lost or added in wrapping");
    }

    #[test]
    fn the_signature_never_stands_alone_on_a_page() {
        let page_of = |pages: &[Vec<Op>], needle: &str| {
            pages.iter().rposition(|ops| {
                ops.iter().any(|op| matches!(op, Op::Text { glyphs, .. } if text(glyphs).contains(needle)))
            })
        };
        for n in 1..40 {
            let mut l = letter(n);
            l.blocks.push(Block::paragraph("Demikian pemberitahuan ini kami sampaikan."));
            let pages = lay_out(&l, None);
            let closing = page_of(&pages, "Demikian").unwrap();
            let signature = page_of(&pages, "Budi").unwrap();
            assert_eq!(closing, signature, "{n} paragraphs: the closing paragraph and the signature share a page");
        }
    }

    #[test]
    fn a_long_letter_flows_onto_more_pages_and_is_the_same_every_time() {
        let short = render_pdf(&letter(2), |n, m| format!("{n}/{m}"));
        let long = render_pdf(&letter(40), |n, m| format!("{n}/{m}"));
        assert!(short.starts_with(b"%PDF-"));
        let count = |pdf: &[u8]| pdf.windows(b"/Type /Page\n".len()).filter(|w| *w == b"/Type /Page\n").count();
        assert_eq!(lay_out(&letter(2), None).len(), 1);
        assert!(lay_out(&letter(40), None).len() > 1);
        assert!(count(&long) >= 1 && long.len() > short.len());
        assert_eq!(short, render_pdf(&letter(2), |n, m| format!("{n}/{m}")), "no timestamps: the same bytes");
    }

    #[test]
    fn the_logo_is_drawn_beside_the_letterhead_and_only_the_used_glyphs_are_embedded() {
        let png = crate::domain::logo::tests_support::png(90, 120, &[10, 80, 160, 200]);
        let mut l = letter(1);
        l.recipient = vec!["Kepada Yth. Ṣalāḥ Ñoman — nilai ≤ 10".into()];
        let plain = render_pdf(&l, |n, m| format!("{n}/{m}"));
        l.logo = Some(LetterLogo {
            format: crate::domain::logo::LogoFormat::Png,
            width: 90,
            height: 120,
            components: 3,
            bytes: std::sync::Arc::new(png),
        });
        let pages = lay_out(&l, Some((90, 120)));
        let logo = pages[0].iter().find_map(|op| match op {
            Op::Logo { x, w, h, .. } => Some((*x, *w, *h)),
            _ => None,
        });
        assert_eq!(logo, Some((LEFT, LOGO_H * 90.0 / 120.0, LOGO_H)), "the logo keeps its proportions");
        let head = pages[0].iter().find_map(|op| match op {
            Op::Text { x, glyphs, .. } if text(glyphs).starts_with("PEMERINTAH") => Some(*x),
            _ => None,
        });
        assert!(head.unwrap() > LEFT + LOGO_H * 0.75, "the letterhead stands right of the logo");
        let with_logo = render_pdf(&l, |n, m| format!("{n}/{m}"));
        let has = |pdf: &[u8], s: &[u8]| pdf.windows(s.len()).any(|w| w == s);
        assert!(has(&with_logo, b"/SMask") && has(&with_logo, b"/Logo") && !has(&plain, b"/Logo"));
        for face in [b"NotoSerif-Regular".as_slice(), b"NotoSerif-Bold", b"NotoSansMath-Regular"] {
            assert!(has(&plain, face), "{}", String::from_utf8_lossy(face));
        }
        assert!(plain.len() < 120_000, "subset fonts, not whole ones: {} bytes", plain.len());
        // A logo that does not decode is left out whole: no reference to an image that is not written.
        l.logo = Some(LetterLogo { bytes: std::sync::Arc::new(b"\x89PNG\r\n\x1a\nrusak".to_vec()), ..l.logo.unwrap() });
        let broken = render_pdf(&l, |n, m| format!("{n}/{m}"));
        assert!(!has(&broken, b"/Logo") && !has(&broken, b"/XObject"));
    }
}
