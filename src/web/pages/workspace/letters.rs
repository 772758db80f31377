//! Official letters for officers, within their scope (KI auditors get identity masked), as printable HTML and PDF.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::service::letters;
use crate::service::{ServiceError, officer};
use crate::web::auth::{CaseScope, Officers};
use crate::web::error::PageError;
use crate::web::letter_page::{parse_kind, respond_letter};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

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
            respond_letter(&state, locale, &data, pdf, &here, &format!("/ruang-kerja/permohonan/{id}"), mask)
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
            respond_letter(&state, locale, &data, pdf, &here, &format!("/ruang-kerja/keberatan/{id}"), mask)
        }
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}
