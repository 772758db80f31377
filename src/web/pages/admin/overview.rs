//! The administrator's overview: bodies, accounts, the calendar's warnings, undelivered mail.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::i18n::{t, t_args};
use crate::service::bodies;
use crate::service::calendar as calendar_service;
use crate::service::{ServiceError, accounts};
use crate::web::auth::Admin;
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::*;
use crate::web::state::AppState;

#[derive(Serialize)]
struct Overview {
    bodies: usize,
    users: usize,
    warnings: Vec<String>,
    calendar_version: i64,
    years: Vec<i32>,
    /// "3 surel gagal terkirim", when there is dead mail.
    dead_mail: Option<String>,
}

pub async fn overview(admin: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let (settings, now, zone) = (state.settings.calendar, state.clock.now(), state.settings.time_zone);
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            let status = calendar_service::status(conn, settings, now, zone)?;
            let bodies = bodies::list_bodies(conn, now.date_naive())?.len();
            let users = accounts::list_users(conn)?.len();
            let dead = crate::service::mail::dead_mail(conn)?.len();
            Ok((status, bodies, users, dead))
        })
        .await;
    let (status, bodies, users, dead) = match result {
        Ok(r) => r,
        Err(e) => return PageError::from(e).into(),
    };
    let data = Overview {
        bodies,
        users,
        warnings: status.warnings.iter().map(|w| calendar_warning(locale, w)).collect(),
        calendar_version: status.version,
        years: status.years.iter().map(|y| y.year).collect(),
        dead_mail: (dead > 0).then(|| t_args(locale, "admin-mail-dead-count", &[("count", dead.to_string())])),
    };
    let place = Place { path: "/admin", title: t(locale, "admin-title"), template: "pages/admin/overview" };
    render(&state, locale, &admin.session, place, Feedback::none(), data)
}
