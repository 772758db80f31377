//! A body's letterhead logo on its admin page: upload (PNG or JPEG, checked first) and removal.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};

use crate::domain::body::FieldProblem;
use crate::domain::logo::MAX_LOGO_BYTES;
use crate::service::{ServiceError, logos};
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::form::{FileField, NoFields, read_multipart};
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::Feedback;
use crate::web::pages::admin::bodies::body_page;
use crate::web::respond::redirect;
use crate::web::state::AppState;

/// `POST /admin/badan/{slug}/logo` (multipart: `csrf_token`, `logo`): keeps the file as the body's logo.
pub async fn upload(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    payload: Multipart,
) -> HttpResponse {
    let (locale, session, slug) = (locale.0, me.session, path.into_inner());
    let refused = |feedback| body_page(&state, locale, &session, &slug, HashMap::new(), feedback);
    let field = FileField { name: "logo", limit: MAX_LOGO_BYTES };
    let Ok(mut posted) = read_multipart(payload, &[field]).await else {
        return refused(Feedback::expired(locale)).await;
    };
    if !crate::web::csrf::session_form_ok(&session, &posted.text) {
        return refused(Feedback::expired(locale)).await;
    }
    let problem = |code| ServiceError::Invalid(vec![FieldProblem::new("logo", code, "not a logo")]);
    if !posted.too_large.is_empty() {
        return refused(Feedback::failed(locale, &problem("too_large"))).await;
    }
    let Some(file) = posted.take_file("logo") else {
        return refused(Feedback::failed(locale, &problem("required"))).await;
    };
    let (target, now) = (slug.clone(), state.clock.now());
    match state.db.run(move |conn| logos::set_logo(conn, &target, file.bytes, now)).await {
        Ok(_) => redirect(&format!("/admin/badan/{slug}?logo=1#kop-logo")),
        Err(e) => refused(Feedback::failed(locale, &e)).await,
    }
}

/// `POST /admin/badan/{slug}/logo/hapus`: the letters go back to a letterhead of text alone.
pub async fn remove(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<NoFields>,
) -> HttpResponse {
    let (locale, session, slug) = (locale.0, me.session, path.into_inner());
    let (_, fresh) = form.checked_for_session(&session);
    if !fresh {
        return body_page(&state, locale, &session, &slug, HashMap::new(), Feedback::expired(locale)).await;
    }
    let target = slug.clone();
    match state.db.run(move |conn| logos::remove_logo(conn, &target)).await {
        Ok(_) => redirect(&format!("/admin/badan/{slug}?logo_dihapus=1#kop-logo")),
        Err(e) => body_page(&state, locale, &session, &slug, HashMap::new(), Feedback::failed(locale, &e)).await,
    }
}
