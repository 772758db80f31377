//! The requester's official letters as printable HTML and PDF (`/lacak/{token}/surat/{kind}`, `….pdf`).

use actix_web::{HttpRequest, HttpResponse, web};

use crate::service::letters;
use crate::service::portal;
use crate::web::error::PageError;
use crate::web::letter_page::{parse_kind, respond_letter};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

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
        Ok(Some(data)) => respond_letter(&state, locale, &data, pdf, &here, &format!("/lacak/{token}"), false),
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
        Ok(Some(data)) => respond_letter(&state, locale, &data, pdf, &here, &format!("/lacak/{token}"), false),
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}
