//! A letter or report (a `views::letter::Letter`) as a printable page or as a PDF: the one way every official
//! letter, draft report and published report is answered.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use serde::Serialize;

use crate::domain::letter::LetterKind;
use crate::i18n::{Locale, t_args};
use crate::service::letters::LetterData;
use crate::views::PageMeta;
use crate::views::format::safe_file_name;
use crate::views::letter::Letter;
use crate::views::letter::compose::compose;
use crate::views::letter::pdf::render_pdf;
use crate::web::state::AppState;

#[derive(Serialize)]
struct LetterPage {
    #[serde(flatten)]
    meta: PageMeta,
    letter: Letter,
    number: String,
    back: String,
    pdf_href: String,
}

/// Who may keep a copy of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// A published document: browsers and proxies may keep it five minutes.
    Public,
    /// A case's letter or a draft: never stored, and its address never sent on.
    Private,
}

/// Where a rendered letter goes: the page's path (with or without `.pdf`), the link back, the PDF's file name.
pub struct Target<'a> {
    pub here: &'a str,
    pub back: &'a str,
    pub file_name: &'a str,
    pub caching: Caching,
}

/// The kind of letter asked for in the path (`tanda-terima`, `tanda-terima.pdf`), and whether as PDF.
pub fn parse_kind(raw: &str) -> Option<(LetterKind, bool)> {
    match raw.strip_suffix(".pdf") {
        Some(slug) => LetterKind::parse(slug).map(|k| (k, true)),
        None => LetterKind::parse(raw).map(|k| (k, false)),
    }
}

/// The letter with its body's logo on the letterhead (a document whose data does not carry it: the annual
/// report). A logo that cannot be read leaves the letterhead text alone rather than failing the document.
pub async fn with_body_logo(state: &AppState, letter: Letter, body_id: &str, slug: &str) -> Letter {
    let id = body_id.to_owned();
    let logo = state.db.run(move |conn| crate::service::logos::logo_of_body(conn, &id)).await;
    match logo {
        Ok(row) => letter.with_logo(slug, row.as_ref()),
        Err(e) => {
            tracing::warn!(error = %e, "the body's logo could not be read; the letter is printed without it");
            letter
        }
    }
}

/// `letter` as a printable page or a PDF; `number` is the letter's number as its page heads it.
pub fn respond(
    state: &AppState,
    locale: Locale,
    letter: Letter,
    number: String,
    pdf: bool,
    to: Target<'_>,
) -> HttpResponse {
    let caching = match to.caching {
        Caching::Public => "public, max-age=300",
        Caching::Private => "no-store",
    };
    let mut res = if pdf {
        let bytes = render_pdf(&letter, |page, pages| {
            t_args(locale, "letter-page", &[("page", page.to_string()), ("pages", pages.to_string())])
        });
        HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{}.pdf\"", to.file_name)))
            .body(bytes)
    } else {
        let base = to.here.trim_end_matches(".pdf");
        let page = LetterPage {
            meta: PageMeta::new(locale, &state.settings.instance_name, base).with_title(letter.title.clone()),
            number,
            letter,
            back: to.back.to_owned(),
            pdf_href: format!("{base}.pdf"),
        };
        state.views.page(StatusCode::OK, "letters/letter", &page)
    };
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static(caching));
    if to.caching == Caching::Private {
        res.headers_mut().insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    }
    res
}

/// A case's official letter (identity masked for readers who may not see it), never stored.
pub fn respond_letter(
    state: &AppState,
    locale: Locale,
    data: &LetterData,
    pdf: bool,
    here: &str,
    back: &str,
    mask: bool,
) -> HttpResponse {
    let letter = compose(locale, data, &state.settings.instance_name, mask);
    let file_name = safe_file_name(&format!("{}-{}", data.kind.slug(), data.letter.number));
    let to = Target { here, back, file_name: &file_name, caching: Caching::Private };
    respond(state, locale, letter, data.letter.number.clone(), pdf, to)
}
