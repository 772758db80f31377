//! Undelivered email: what failed and sending it again.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::posted_form;
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::*;
use crate::web::state::AppState;

#[derive(Serialize)]
struct DeadItem {
    id: String,
    kind: String,
    recipient: String,
    attempts: i64,
    error: String,
    when: String,
}

#[derive(Serialize)]
struct MailPage {
    dead: Vec<DeadItem>,
}

async fn mail_page(state: &AppState, locale: Locale, session: &SessionRow, feedback: Feedback) -> HttpResponse {
    let dead = match state.db.run(crate::service::mail::dead_mail).await {
        Ok(d) => d,
        Err(e) => return PageError::from(e).into(),
    };
    let zone = state.settings.time_zone;
    let data = MailPage {
        dead: dead
            .into_iter()
            .map(|d| DeadItem {
                id: d.id,
                kind: t(locale, &format!("mail-kind-{}", d.kind.replace('_', "-"))),
                recipient: d.recipient_masked,
                attempts: d.attempts,
                error: d.last_error,
                when: datetime_long(locale, d.created_at, zone),
            })
            .collect(),
    };
    let place = Place { path: "/admin/surel", title: t(locale, "admin-mail"), template: "pages/admin/mail" };
    render(state, locale, session, place, feedback, data)
}

pub async fn mail(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    mail_page(&state, locale, &session, Feedback::none()).await
}

posted_form! {
    /// Sending dead mail again: one (its `id`) or, left empty, all.
    pub struct RetryForm {
        id = "id",
    }
}

/// Sends dead mail again: one (`id`) or all.
pub async fn mail_retry(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<RetryForm>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let Ok(form) = form.for_session(&session) else {
        return mail_page(&state, locale, &session, Feedback::expired(locale)).await;
    };
    let ids: Vec<String> = Some(form.id.trim().to_owned()).filter(|v| !v.is_empty()).into_iter().collect();
    let now = state.clock.now();
    match state.db.run(move |conn| crate::service::mail::retry_dead(conn, &ids, now)).await {
        Ok(n) => {
            let done = Feedback::done(t_args(locale, "admin-mail-requeued", &[("count", n.to_string())]));
            mail_page(&state, locale, &session, done).await
        }
        Err(e) => PageError::from(e).into(),
    }
}
