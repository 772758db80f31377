//! Official letters (Perki 1/2010 annex style): one document model, rendered as printable HTML and as PDF.
//!
//! The PDF is written directly with `pdf-writer`, laid out here (A4, word-wrapped, paginated, the page number in
//! every footer) in the built-in Noto fonts, subset into each file ([`font`]), with the body's logo at the left
//! of the letterhead. The same letter always gives the same bytes. See docs/adr/0004-letters-and-pdf.md.

pub mod compose;
mod font;
mod image;
pub mod pdf;

use std::sync::Arc;

use serde::Serialize;

use crate::db::models::bodies::LogoRow;
use crate::domain::logo::LogoFormat;

/// One letter.
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    /// The language tag of the text (`id` or `en`).
    pub lang: String,
    /// The body's letterhead, top line first (e.g. "PEMERINTAH KOTA CONTOH").
    pub letterhead: Vec<String>,
    /// The body's logo, at the left of the letterhead in the PDF.
    #[serde(skip)]
    pub logo: Option<LetterLogo>,
    /// Where the printable page finds the logo.
    pub logo_href: Option<String>,
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

/// A body's logo as kept: checked when it was uploaded (`domain::logo::check`).
#[derive(Debug, Clone)]
pub struct LetterLogo {
    pub format: LogoFormat,
    pub width: u32,
    pub height: u32,
    pub components: u8,
    pub bytes: Arc<Vec<u8>>,
}

impl LetterLogo {
    /// The logo kept for a body; `None` for a row whose type is not one a logo can have.
    pub fn from_row(row: &LogoRow) -> Option<LetterLogo> {
        Some(LetterLogo {
            format: LogoFormat::from_content_type(&row.content_type)?,
            width: u32::try_from(row.width).ok()?,
            height: u32::try_from(row.height).ok()?,
            components: u8::try_from(row.components).ok()?,
            bytes: Arc::new(row.data.clone()),
        })
    }
}

/// The public address of a body's logo, naming its version so that a new logo is never an old cached one.
pub fn logo_href(slug: &str, digest: &str) -> String {
    format!("/badan/{slug}/logo?v={}", &digest[..digest.len().min(12)])
}

impl Letter {
    /// The letter with the body's logo on its letterhead (when it has one).
    pub fn with_logo(mut self, slug: &str, row: Option<&LogoRow>) -> Letter {
        if let Some(row) = row {
            self.logo = LetterLogo::from_row(row);
            self.logo_href = self.logo.as_ref().map(|_| logo_href(slug, &row.sha256));
        }
        self
    }
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
