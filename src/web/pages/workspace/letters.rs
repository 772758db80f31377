//! Official letters for officers, within their scope (KI auditors get identity masked), as printable HTML and PDF.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::db::models::accounts::UserRow;
use crate::service::officer;
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
    let (id, raw) = path.into_inner();
    case_letter(me.user, &req, &state, locale, id, &raw, false).await
}

/// An objection's letter for officers: `/ruang-kerja/keberatan/{objection}/surat/{kind}`.
pub async fn officer_objection_letter(
    me: CaseScope<Officers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (id, raw) = path.into_inner();
    case_letter(me.user, &req, &state, locale, id, &raw, true).await
}

/// The letter `raw` names (`{kind}` or `{kind}.pdf`) of the case `id`, when it is a letter of that kind of case;
/// its page leads back to the case's page.
async fn case_letter(
    user: UserRow,
    req: &HttpRequest,
    state: &AppState,
    locale: RequestLocale,
    id: String,
    raw: &str,
    of_objection: bool,
) -> HttpResponse {
    let back = format!("/ruang-kerja/{}/{id}", if of_objection { "keberatan" } else { "permohonan" });
    let Some((kind, pdf)) = parse_kind(raw).filter(|(k, _)| k.of_objection() == of_objection) else {
        return PageError::not_found().into();
    };
    let (calendar, now) = (state.settings.calendar, state.clock.now());
    let result = state.db.run(move |conn| officer::case_letter(conn, calendar, &user, kind, &id, now)).await;
    match result {
        Ok(Some((data, mask))) => respond_letter(state, locale.0, &data, pdf, req.path(), &back, mask),
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}
