//! The signed-in person in the header of every page (name, role, start page, sign out).

/// Middleware: the person signed in, if the request carries a session cookie, for the header of every page
/// rendered while answering it (their name and role, their start page, sign out). The lookup is the one the
/// extractors then reuse (`session_of` keeps it on the request).
pub async fn with_viewer(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let path = req.path();
    let skip = path.starts_with("/api/")
        || path.starts_with("/static/")
        || req
            .cookie(&crate::web::state::AppState::of(req.request()).host_cookie(crate::web::auth::SESSION_COOKIE))
            .is_none();
    let viewer = match skip {
        true => None,
        false => crate::web::auth::session_of(req.request()).await.map(|found| {
            let (user, session, _) = &*found;
            let locale = crate::web::locale::resolve(req.request());
            let home_href = crate::web::session::home_of(user);
            let home_key = if home_href == "/admin" {
                "header-admin"
            } else if home_href == "/ruang-kerja" {
                "header-workspace"
            } else {
                "header-account"
            };
            crate::views::Viewer {
                name: user.name.clone(),
                role: crate::i18n::t(locale, &format!("role-{}", user.role.as_str().replace('_', "-"))),
                home_href,
                home_label: crate::i18n::t(locale, home_key),
                csrf: session.csrf_token.clone(),
            }
        }),
    };
    crate::views::VIEWER.scope(viewer, next.call(req)).await
}
