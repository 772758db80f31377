//! Corrections of frozen compliance figures.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, t, t_args};
use crate::service::ServiceError;
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::posted_form;
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::*;
use crate::web::state::AppState;

#[derive(Serialize)]
struct CorrectionPage {
    /// The version just stored: its archive page.
    archive_href: Option<String>,
    values: HashMap<String, String>,
    /// (value, label, chosen)
    kinds: Vec<(String, String, bool)>,
}

posted_form! {
    /// A correction of a closed year's frozen figures: a body's (`badan`) or a jurisdiction's (`ki`).
    pub struct CorrectionForm {
        scope = "cakupan",
        code = "kode",
        year = "tahun",
        reason = "alasan",
    }
}

fn correction_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    form: &CorrectionForm,
    outcome: Result<Option<(String, String)>, Vec<String>>,
) -> HttpResponse {
    let chosen = if form.scope.trim() == "ki" { "ki" } else { "badan" };
    let (feedback, archive_href) = match outcome {
        Ok(Some((notice, href))) => (Feedback::done(notice), Some(href)),
        Ok(None) => (Feedback::none(), None),
        Err(errors) => (Feedback::refused(errors), None),
    };
    let data = CorrectionPage {
        archive_href,
        values: form.entered(),
        kinds: ["badan", "ki"]
            .into_iter()
            .map(|k| (k.to_owned(), t(locale, &format!("admin-snapshots-scope-{k}")), k == chosen))
            .collect(),
    };
    let place =
        Place { path: "/admin/kepatuhan", title: t(locale, "admin-snapshots"), template: "pages/admin/snapshots" };
    render(state, locale, session, place, feedback, data)
}

/// `/admin/kepatuhan`: correcting a closed year's frozen figures after the record was corrected.
pub async fn snapshots(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    correction_page(&state, locale, &session, &CorrectionForm::default(), Ok(None))
}

/// Stores a corrected version (`cakupan` = `badan` or `ki`, `kode`, `tahun`, `alasan`).
pub async fn snapshot_correct(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<CorrectionForm>,
) -> HttpResponse {
    use crate::service::snapshots::{self, Scope};
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let (values, fresh) = form.checked_for_session(&session);
    if !fresh {
        return correction_page(&state, locale, &session, &values, Err(vec![t(locale, "form-error-expired")]));
    }
    let code = values.code.trim().to_owned();
    let scope = match values.scope.trim() {
        "ki" => Scope::Jurisdiction(code.clone()),
        _ => Scope::Body(code.clone()),
    };
    let Some(year) = values.year.trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)) else {
        return correction_page(&state, locale, &session, &values, Err(vec![t(locale, "compliance-error-period")]));
    };
    let (reason, now, today) = (values.reason.trim().to_owned(), state.clock.now(), state.today());
    let actor = user.id.clone();
    let target = scope.clone();
    let result =
        state.db.run(move |conn| snapshots::correct(conn, &target, year, &reason, Some(&actor), today, now)).await;
    let href = match &scope {
        Scope::Body(slug) => format!("/badan/{slug}/kepatuhan/arsip/{year}"),
        Scope::Jurisdiction(code) => format!("/ki/{code}/kepatuhan/arsip/{year}"),
    };
    let message = |key: &str| vec![t(locale, key)];
    let outcome = match result {
        Ok(version) => Ok(Some((
            t_args(
                locale,
                "admin-snapshots-stored",
                &[("version", version.version.to_string()), ("digest", version.digest.clone())],
            ),
            href,
        ))),
        Err(ServiceError::Invalid(_)) => Err(message("admin-snapshots-reason-required")),
        Err(ServiceError::NotFound { .. }) => Err(message("admin-snapshots-unknown")),
        Err(ServiceError::Refused { code: "snapshot-error-not-frozen", .. }) => {
            Err(message("admin-snapshots-not-frozen"))
        }
        Err(ServiceError::Refused { code: "snapshot-error-unchanged", .. }) => {
            Err(message("admin-snapshots-unchanged"))
        }
        Err(ServiceError::Refused { message, .. }) => Err(vec![message]),
        Err(ServiceError::Conflict { .. }) => Err(message("error-conflict")),
        Err(e) => return PageError::from(e).into(),
    };
    correction_page(&state, locale, &session, &values, outcome)
}
