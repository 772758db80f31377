//! Official letters (Perki 1/2010 annex style): one document model, rendered as printable HTML and as PDF.
//!
//! The PDF is written directly with `pdf-writer` in the PDF standard fonts Times-Roman and Times-Bold (no font
//! files to ship or embed; every PDF reader has them), laid out here: A4, word-wrapped, paginated, with the page
//! number in every footer. The same letter always gives the same bytes. See docs/adr/0004-letters-and-pdf.md.

pub mod compose;
pub mod pdf;
mod widths;

use serde::Serialize;

/// One letter.
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    /// The language tag of the text (`id` or `en`).
    pub lang: String,
    /// The body's letterhead, top line first (e.g. "PEMERINTAH KOTA CONTOH").
    pub letterhead: Vec<String>,
    /// Address, phone and email of the PPID, under the letterhead.
    pub contact: String,
    /// The title, e.g. "PEMBERITAHUAN TERTULIS".
    pub title: String,
    /// "Nomor: …" under the title.
    pub number_line: String,
    /// To whom (the requester), above the text.
    pub recipient: Vec<String>,
    pub blocks: Vec<Block>,
    /// Place and date above the signature, e.g. "Kota Contoh, 21 Maret 2025".
    pub place_date: String,
    pub signatory: Signatory,
    /// A small line at the foot of every page (what the letter is and where it can be checked).
    pub footer: String,
}

/// A part of a letter's text.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    Heading {
        text: String,
    },
    /// Label–value rows (the annex forms' "Nama : …" lines).
    Fields {
        rows: Vec<Field>,
    },
    Bullets {
        items: Vec<String>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// Who signs: position, name and NIP (Nomor Induk Pegawai); empty parts are left out.
#[derive(Debug, Clone, Serialize)]
pub struct Signatory {
    pub position: String,
    pub name: String,
    /// "NIP. 19800101 200501 1 001", or empty.
    pub nip_line: String,
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph { text: text.into() }
    }

    pub fn heading(text: impl Into<String>) -> Block {
        Block::Heading { text: text.into() }
    }

    pub fn fields(rows: Vec<(String, String)>) -> Block {
        Block::Fields {
            rows: rows
                .into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(label, value)| Field { label, value })
                .collect(),
        }
    }
}
