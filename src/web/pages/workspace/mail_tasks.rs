//! Mail that could not be delivered to a requester, as an officer's task on the case page: what it was, the
//! server's answer, and recording that it was sent another way (or why not).

use actix_web::HttpResponse;
use serde::Serialize;

use crate::db::models::accounts::{SessionRow, UserRow};
use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::ServiceError;
use crate::service::officer::{self};
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::posted_form;
use crate::web::state::AppState;

/// An undelivered mail on a case page: what it was, the server's answer, and how it was handled (or the form).
#[derive(Serialize)]
pub(super) struct MailTaskView {
    title: String,
    answer: String,
    handled: Option<String>,
    action: String,
}

pub(super) fn mail_task_views(
    locale: Locale,
    zone: chrono_tz::Tz,
    tasks: &[officer::MailTask],
    case_path: &str,
) -> Vec<MailTaskView> {
    tasks
        .iter()
        .map(|m| MailTaskView {
            title: t_args(
                locale,
                "case-mail-task-title",
                &[
                    ("kind", t(locale, &format!("mail-kind-{}", m.kind.replace('_', "-")))),
                    ("date", datetime_long(locale, m.created_at, zone)),
                ],
            ),
            answer: m.answer.clone(),
            handled: m.handled_at.map(|at| {
                t_args(
                    locale,
                    "case-mail-task-handled",
                    &[
                        ("date", datetime_long(locale, at, zone)),
                        ("name", m.handled_by.clone()),
                        ("note", m.handled_note.clone()),
                    ],
                )
            }),
            action: format!("{case_path}/surel/{}", m.id),
        })
        .collect()
}

posted_form! {
    /// How an undelivered mail was passed on another way (a call, a letter, a visit).
    pub struct MailTaskForm {
        note = "catatan",
    }
}

/// Records that an undelivered mail was sent another way, then back to the case page (`case_path`) with the
/// outcome; a missing note or an expired form comes back as a problem, and nothing changes.
pub(super) async fn record_mail_task(
    user: UserRow,
    session: SessionRow,
    state: &AppState,
    case_path: String,
    case_id: String,
    mail_id: String,
    form: CsrfForm<MailTaskForm>,
) -> HttpResponse {
    let back = |query: &str| crate::web::respond::redirect(&format!("{case_path}?{query}"));
    let (now, who, case) = (state.clock.now(), user.clone(), case_id.clone());
    if let Err(e) = state.db.run(move |conn| officer::may_handle_mail(conn, &who, &case, now.date_naive())).await {
        return PageError::from(e).into();
    }
    let Ok(input) = form.for_session(&session) else { return back("masalah=formulir") };
    let note = input.note.trim().to_owned();
    if note.is_empty() {
        return back("masalah=surel");
    }
    match state.db.run(move |conn| officer::handle_mail_task(conn, &user, &case_id, &mail_id, &note, now)).await {
        Ok(()) => back("selesai=surel"),
        Err(ServiceError::Conflict { .. }) => back("masalah=surel-sudah"),
        Err(e) => PageError::from(e).into(),
    }
}
