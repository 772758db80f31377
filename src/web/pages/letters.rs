//! Official letters as printable HTML and as PDF (`…/surat/{kind}` and `…/surat/{kind}.pdf`), for the requester
//! (through the tracking token) and for officers (within their scope; KI auditors get identity masked).

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::domain::letter::LetterKind;
use crate::i18n::{Locale, t_args};
use crate::service::letters::{self, LetterData};
use crate::service::{ServiceError, officer, portal};
use crate::views::PageMeta;
use crate::views::letter::Letter;
use crate::views::letter::compose::compose;
use crate::views::letter::pdf::render_pdf;
use crate::web::auth::{CaseScope, Officers};
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
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

/// The kind asked for, and whether as PDF.
fn parse_kind(raw: &str) -> Option<(LetterKind, bool)> {
    match raw.strip_suffix(".pdf") {
        Some(slug) => LetterKind::parse(slug).map(|k| (k, true)),
        None => LetterKind::parse(raw).map(|k| (k, false)),
    }
}

/// The letter as a page or a PDF.
fn respond(
    state: &AppState,
    locale: Locale,
    data: &LetterData,
    pdf: bool,
    path: &str,
    back: &str,
    mask: bool,
) -> HttpResponse {
    let letter = compose(locale, data, &state.settings.instance_name, mask);
    let base = path.trim_end_matches(".pdf");
    if pdf {
        let bytes = render_pdf(&letter, |page, pages| {
            t_args(locale, "letter-page", &[("page", page.to_string()), ("pages", pages.to_string())])
        });
        let name: String = format!("{}-{}", data.kind.slug(), data.letter.number)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' })
            .collect();
        return HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}.pdf\"")))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::REFERRER_POLICY, "no-referrer"))
            .body(bytes);
    }
    let page = LetterPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, base).with_title(letter.title.clone()),
        number: data.letter.number.clone(),
        letter,
        back: back.to_owned(),
        pdf_href: format!("{base}.pdf"),
    };
    let mut res = state.views.page(StatusCode::OK, "letters/letter", &page);
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    res
}

/// A letter of the requester's request: `/lacak/{token}/surat/{kind}`.
pub async fn citizen_request_letter(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (locale, (token, raw)) = (locale.0, path.into_inner());
    let here = req.path().to_owned();
    let Some((kind, pdf)) = parse_kind(&raw).filter(|(k, _)| !k.of_objection()) else {
        return PageError::not_found().into();
    };
    let (calendar, now, lookup) = (state.settings.calendar, state.clock.now(), token.clone());
    let result = state
        .db
        .run(move |conn| {
            let Some(request) = portal::request_by_token(conn, &lookup)? else { return Ok(None) };
            letters::request_letter(conn, calendar, kind, &request.id, now)
        })
        .await;
    match result {
        Ok(Some(data)) => respond(&state, locale, &data, pdf, &here, &format!("/lacak/{token}"), false),
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}

/// A letter of one of the request's objections: `/lacak/{token}/keberatan/{objection}/surat/{kind}`.
pub async fn citizen_objection_letter(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String, String)>,
) -> HttpResponse {
    let (locale, (token, objection, raw)) = (locale.0, path.into_inner());
    let here = req.path().to_owned();
    let Some((kind, pdf)) = parse_kind(&raw).filter(|(k, _)| k.of_objection()) else {
        return PageError::not_found().into();
    };
    let (calendar, now, lookup) = (state.settings.calendar, state.clock.now(), token.clone());
    let result = state
        .db
        .run(move |conn| {
            let Some(request) = portal::request_by_token(conn, &lookup)? else { return Ok(None) };
            // Only an objection to this very request.
            let belongs = crate::db::repo::cases::objection(conn, &objection)?
                .is_some_and(|o| o.request_id.as_deref() == Some(request.id.as_str()));
            if !belongs {
                return Ok(None);
            }
            letters::objection_letter(conn, calendar, kind, &objection, now)
        })
        .await;
    match result {
        Ok(Some(data)) => respond(&state, locale, &data, pdf, &here, &format!("/lacak/{token}"), false),
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}

/// A request's letter for officers: `/ruang-kerja/permohonan/{id}/surat/{kind}`.
pub async fn officer_request_letter(
    me: CaseScope<Officers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (locale, (id, raw)) = (locale.0, path.into_inner());
    let here = req.path().to_owned();
    let user = me.user;
    let Some((kind, pdf)) = parse_kind(&raw).filter(|(k, _)| !k.of_objection()) else {
        return PageError::not_found().into();
    };
    let (calendar, now, target) = (state.settings.calendar, state.clock.now(), id.clone());
    let result = state
        .db
        .run(move |conn| {
            let permission = officer::request_permission(conn, &user, &target, now)?;
            Ok::<_, ServiceError>(
                letters::request_letter(conn, calendar, kind, &target, now)?.map(|d| (d, !permission.identity)),
            )
        })
        .await;
    match result {
        Ok(Some((data, mask))) => {
            respond(&state, locale, &data, pdf, &here, &format!("/ruang-kerja/permohonan/{id}"), mask)
        }
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}

/// An objection's letter for officers: `/ruang-kerja/keberatan/{objection}/surat/{kind}`.
pub async fn officer_objection_letter(
    me: CaseScope<Officers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (locale, (id, raw)) = (locale.0, path.into_inner());
    let here = req.path().to_owned();
    let user = me.user;
    let Some((kind, pdf)) = parse_kind(&raw).filter(|(k, _)| k.of_objection()) else {
        return PageError::not_found().into();
    };
    let (calendar, now, target) = (state.settings.calendar, state.clock.now(), id.clone());
    let result = state
        .db
        .run(move |conn| {
            let permission = officer::objection_permission_by_id(conn, &user, &target, now)?;
            Ok::<_, ServiceError>(
                letters::objection_letter(conn, calendar, kind, &target, now)?.map(|d| (d, !permission.identity)),
            )
        })
        .await;
    match result {
        Ok(Some((data, mask))) => {
            respond(&state, locale, &data, pdf, &here, &format!("/ruang-kerja/keberatan/{id}"), mask)
        }
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}
