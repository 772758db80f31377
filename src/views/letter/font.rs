//! The letters' fonts: Noto Serif (regular and bold) for the text, and Noto Sans Math for the symbols Noto Serif
//! lacks ("≤", "≥", "→"), built into the binary (SIL Open Font License, `fonts/OFL.txt`). Text is mapped to glyphs
//! character by character (no shaping: every script the fonts cover that needs none, which is all of Indonesian and
//! its regional languages' Latin letters, Greek and Cyrillic), and each PDF embeds only the glyphs it uses
//! (subset with `subsetter`), as Type 0 fonts with a ToUnicode map so the text can be copied, searched and read
//! aloud. See docs/adr/0004-letters-and-pdf.md.

use std::sync::LazyLock;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use sha2::{Digest, Sha256};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::{GlyphMetrics, Metrics};
use skrifa::{FontRef, MetadataProvider};
use subsetter::GlyphRemapper;

const SERIF: &[u8] = include_bytes!("fonts/NotoSerif-Regular.ttf");
const SERIF_BOLD: &[u8] = include_bytes!("fonts/NotoSerif-Bold.ttf");
const MATH: &[u8] = include_bytes!("fonts/NotoSansMath-Regular.ttf");

/// One of the built-in font files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Face {
    Serif,
    SerifBold,
    Math,
}

impl Face {
    pub(super) const ALL: [Face; 3] = [Face::Serif, Face::SerifBold, Face::Math];

    fn data(self) -> &'static [u8] {
        match self {
            Face::Serif => SERIF,
            Face::SerifBold => SERIF_BOLD,
            Face::Math => MATH,
        }
    }

    fn postscript_name(self) -> &'static str {
        match self {
            Face::Serif => "NotoSerif-Regular",
            Face::SerifBold => "NotoSerif-Bold",
            Face::Math => "NotoSansMath-Regular",
        }
    }

    /// The name a page's resources give the font.
    pub(super) fn resource(self) -> Name<'static> {
        match self {
            Face::Serif => Name(b"F1"),
            Face::SerifBold => Name(b"F2"),
            Face::Math => Name(b"F3"),
        }
    }

    /// Its place in [`Face::ALL`] (and in any array kept per face).
    pub(super) fn index(self) -> usize {
        self as usize
    }

    fn loaded(self) -> &'static Loaded {
        &LOADED[self.index()]
    }
}

/// A font file, parsed once.
struct Loaded {
    /// The character map, selected once (not per character looked up).
    charmap: Charmap<'static>,
    metrics: Metrics,
    glyphs: GlyphMetrics<'static>,
}

static LOADED: LazyLock<[Loaded; 3]> = LazyLock::new(|| {
    Face::ALL.map(|face| {
        let font = FontRef::new(face.data()).expect("a built-in font parses");
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        Loaded { charmap: font.charmap(), metrics, glyphs }
    })
});

/// One character set in a face: the glyph, its advance (1/1000 em) and the character it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Glyph {
    pub face: Face,
    pub id: u16,
    pub advance: f32,
    pub ch: char,
}

impl Loaded {
    fn advance(&self, id: u16) -> f32 {
        let units = self.glyphs.advance_width(skrifa::GlyphId::new(u32::from(id))).unwrap_or(0.0);
        units * 1000.0 / f32::from(self.metrics.units_per_em)
    }

    fn glyph(&self, face: Face, ch: char) -> Option<Glyph> {
        let id = self.charmap.map(ch)?;
        let id = u16::try_from(id.to_u32()).ok()?;
        Some(Glyph { face, id, advance: self.advance(id), ch })
    }
}

/// The glyphs of `text` in the text face (bold or not), falling back to the symbol face; a character neither has
/// is the text face's "missing glyph" box, never a silent "?". Tabs are spaces; other control characters are
/// dropped.
pub(super) fn glyphs(text: &str, bold: bool) -> Vec<Glyph> {
    let main = if bold { Face::SerifBold } else { Face::Serif };
    text.chars()
        .filter_map(|c| {
            let c = if c == '\t' { ' ' } else { c };
            if c.is_control() {
                return None;
            }
            main.loaded().glyph(main, c).or_else(|| Face::Math.loaded().glyph(Face::Math, c)).or(Some(Glyph {
                face: main,
                id: 0,
                advance: main.loaded().advance(0),
                ch: c,
            }))
        })
        .collect()
}

/// The glyphs one PDF uses of one face, in the order first used, renumbered for its subset.
#[derive(Debug, Default)]
pub(super) struct Used {
    remapper: GlyphRemapper,
    chars: Vec<(u16, char)>,
}

impl Used {
    /// Records the glyph and gives the bytes that show it (its two-byte number in the subset).
    pub(super) fn encode(&mut self, glyph: &Glyph) -> [u8; 2] {
        let known = self.remapper.get(glyph.id).is_some();
        let new = self.remapper.remap(glyph.id);
        if !known && glyph.id != 0 {
            self.chars.push((new, glyph.ch));
        }
        new.to_be_bytes()
    }
}

/// Writes the face's subset (font, descendant font, descriptor, file and ToUnicode map) at `font` and the refs
/// after `next`, which it advances.
pub(super) fn write(pdf: &mut Pdf, face: Face, used: &Used, font: Ref, next: &mut Ref) {
    let loaded = face.loaded();
    let [cid, descriptor, file, cmap] = [(); 4].map(|_| next.bump());
    let subset = subsetter::subset(face.data(), 0, &used.remapper).expect("a built-in font subsets");
    let name = format!("{}+{}", tag(face, &used.remapper), face.postscript_name());

    pdf.type0_font(font)
        .base_font(Name(name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    let system = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(Name(name.as_bytes()))
        .system_info(system)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let widths: Vec<f32> = used.remapper.remapped_gids().map(|old| loaded.advance(old)).collect();
    cid_font.widths().consecutive(0, widths);
    cid_font.finish();

    let m = &loaded.metrics;
    let scale = 1000.0 / f32::from(m.units_per_em);
    let bounds = m.bounds.unwrap_or_default();
    let mut flags = FontFlags::NON_SYMBOLIC;
    if face != Face::Math {
        flags |= FontFlags::SERIF;
    }
    pdf.font_descriptor(descriptor)
        .name(Name(name.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(bounds.x_min * scale, bounds.y_min * scale, bounds.x_max * scale, bounds.y_max * scale))
        .italic_angle(m.italic_angle)
        .ascent(m.ascent * scale)
        .descent(m.descent * scale)
        .cap_height(m.cap_height.unwrap_or(m.ascent) * scale)
        .stem_v(if face == Face::SerifBold { 140.0 } else { 80.0 })
        .font_file2(file);

    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 9);
    pdf.stream(file, &compressed).filter(Filter::FlateDecode).pair(Name(b"Length1"), subset.len() as i32);

    let mut unicode = UnicodeCmap::new(Name(b"Terbuka-UCS"), system);
    for (new, ch) in &used.chars {
        unicode.pair(*new, *ch);
    }
    pdf.cmap(cmap, &unicode.finish());
}

/// The six capital letters that name a subset (PDF 9.6.4), from the glyphs in it: the same letter gets the same
/// name, so the same bytes.
fn tag(face: Face, remapper: &GlyphRemapper) -> String {
    let mut hash = Sha256::new();
    hash.update(face.postscript_name());
    for gid in remapper.remapped_gids() {
        hash.update(gid.to_be_bytes());
    }
    hash.finalize().iter().take(6).map(|b| char::from(b'A' + b % 26)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_names_symbols_and_dashes_have_real_glyphs() {
        for text in [
            "Pasal 17 huruf a – “dikecualikan” — ≤ 10 hari kerja ≥ 2 → €5",
            "Ṣalāḥ Ḍewi Ñoman Ëkå Ǝ ə ŋ Ťomáš Łukasz Ğül İstanbul",
            "Κώστας Αθανασίου · Дмитрий Петров № 7 · ±3 × 2 ° ²",
        ] {
            let missing: String = glyphs(text, false).iter().filter(|g| g.id == 0).map(|g| g.ch).collect();
            assert!(missing.is_empty(), "{text}: no glyph for {missing:?}");
            assert!(glyphs(text, true).iter().all(|g| g.id != 0));
        }
        assert_eq!(glyphs("≤", false)[0].face, Face::Math, "the symbol face fills what Noto Serif lacks");
        assert_eq!(glyphs("a", true)[0].face, Face::SerifBold);
    }

    #[test]
    fn a_character_no_face_has_is_the_missing_glyph_box_and_controls_are_dropped() {
        let g = glyphs("a\u{0E01}\u{7}\tb", false);
        assert_eq!(g.iter().map(|g| g.ch).collect::<String>(), "a\u{0E01} b");
        assert_eq!(g[1].id, 0, "Thai is not covered: the box, not a question mark");
        assert!(g[1].advance > 0.0);
        assert!(glyphs("Dewi Kusumawardhani", false).iter().all(|g| g.id != 0));
    }

    #[test]
    fn advances_are_in_thousandths_of_an_em() {
        let space = glyphs(" ", false)[0].advance;
        let m = glyphs("m", false)[0].advance;
        assert!((200.0..400.0).contains(&space), "{space}");
        assert!(m > space && m < 1000.0, "{m}");
    }
}
