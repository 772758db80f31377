//! Accounts: creating them, one-time links, two-step reset, disabling.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, t, t_args};
use crate::service::bodies;
use crate::service::{ServiceError, accounts};
use crate::views::PageMeta;
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{NoFields, posted_form};
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::*;
use crate::web::state::AppState;

#[derive(Serialize)]
struct UserItem {
    username: String,
    name: String,
    role: String,
    scope: String,
    disabled: bool,
    two_step: bool,
}

posted_form! {
    /// A new account, as the administrator's form posts it.
    pub struct NewUserForm {
        username = "username",
        name = "name",
        email = "email",
        role = "role",
        body = "body",
        unit = "unit",
        jurisdiction = "jurisdiction",
    }
}

impl NewUserForm {
    fn input(&self) -> accounts::NewUser {
        let chosen = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        accounts::NewUser {
            username: self.username.trim().to_owned(),
            name: self.name.trim().to_owned(),
            email: self.email.trim().to_owned(),
            role: self.role.trim().to_owned(),
            body: chosen(&self.body),
            unit: chosen(&self.unit),
            jurisdiction: chosen(&self.jurisdiction),
        }
    }
}

#[derive(Serialize)]
struct UsersPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    users: Vec<UserItem>,
    bodies: Vec<(String, String)>,
    jurisdictions: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    values: HashMap<String, String>,
    errors: Vec<String>,
    notice: Option<String>,
    /// A one-time link to hand to the account's owner (shown once).
    link: Option<String>,
}

async fn users_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    form: &NewUserForm,
    errors: Vec<String>,
    (notice, link): (Option<String>, Option<String>),
    status: StatusCode,
) -> HttpResponse {
    let today = state.clock.now().date_naive();
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            let users = accounts::list_users(conn)?;
            let mut on = Vec::new();
            for u in &users {
                on.push(accounts::second_factor_status(conn, &u.id)?.0);
            }
            let bodies = bodies::list_bodies(conn, today)?;
            let jurisdictions = bodies::list_jurisdictions(conn)?;
            let mut units = HashMap::new();
            for b in &bodies {
                for u in bodies::list_units(conn, &b.body.slug)? {
                    units.insert(u.id.clone(), format!("{} / {}", b.body.name, u.name));
                }
            }
            Ok((users, on, bodies, jurisdictions, units))
        })
        .await;
    let (users, on, all_bodies, jurisdictions, units) = match result {
        Ok(r) => r,
        Err(e) => return PageError::from(e).into(),
    };
    let body_name = |id: &str| all_bodies.iter().find(|b| b.body.id == id).map(|b| b.body.name.clone());
    let ki_name = |id: &str| jurisdictions.iter().find(|j| j.id == id).map(|j| j.name.clone());
    let data = UsersPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/admin/pengguna")
            .with_title(t(locale, "admin-users")),
        csrf: session.csrf_token.clone(),
        users: users
            .iter()
            .zip(on)
            .map(|(u, two_step)| UserItem {
                username: u.username.clone(),
                name: u.name.clone(),
                role: t(locale, &format!("role-{}", u.role.as_str().replace('_', "-"))),
                scope: u
                    .unit_id
                    .as_deref()
                    .and_then(|id| units.get(id).cloned())
                    .or_else(|| u.body_id.as_deref().and_then(body_name))
                    .or_else(|| u.jurisdiction_id.as_deref().and_then(ki_name))
                    .unwrap_or_default(),
                disabled: u.disabled_at.is_some(),
                two_step,
            })
            .collect(),
        bodies: all_bodies.iter().map(|b| (b.body.slug.clone(), b.body.name.clone())).collect(),
        jurisdictions: jurisdictions.iter().map(|j| (j.code.clone(), j.name.clone())).collect(),
        roles: ["ppid_utama", "ppid_pelaksana", "atasan_ppid", "ki_auditor", "admin"]
            .iter()
            .map(|r| ((*r).to_owned(), t(locale, &format!("role-{}", r.replace('_', "-")))))
            .collect(),
        values: form.entered(),
        errors,
        notice,
        link,
    };
    page(state, status, "pages/admin/users", &data)
}

pub async fn users_list(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    users_page(&state, locale, &session, &NewUserForm::default(), Vec::new(), (None, None), StatusCode::OK).await
}

fn link_of(state: &AppState, inv: &accounts::Invitation) -> String {
    format!("{}/masuk/sandi/{}", state.base_url, inv.token)
}

pub async fn user_create(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<NewUserForm>,
) -> HttpResponse {
    let (locale, session) = (locale.0, me.session);
    let (form, fresh) = form.checked_for_session(&session);
    if !fresh {
        let e = vec![t(locale, "form-error-expired")];
        return users_page(&state, locale, &session, &form, e, (None, None), StatusCode::BAD_REQUEST).await;
    }
    let (new, now, secrets) = (form.input(), state.clock.now(), state.secrets.clone());
    match state.db.run(move |conn| accounts::invite_user(conn, &secrets, &new, now).map(|(inv, _)| inv)).await {
        Ok(inv) => {
            let notice = Some(t_args(locale, "admin-user-created", &[("username", inv.user.username.clone())]));
            let link = Some(link_of(&state, &inv));
            users_page(&state, locale, &session, &NewUserForm::default(), Vec::new(), (notice, link), StatusCode::OK)
                .await
        }
        Err(e) => {
            let errors = problems(locale, &e);
            users_page(&state, locale, &session, &form, errors, (None, None), StatusCode::BAD_REQUEST).await
        }
    }
}

/// Disable, reset password, or reset two-step sign-in: `/admin/pengguna/{username}/{action}`.
pub async fn user_action(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
    form: CsrfForm<NoFields>,
) -> HttpResponse {
    let locale = locale.0;
    let (me, session) = (me.user, me.session);
    let (username, action) = path.into_inner();
    let Ok(_) = form.for_session(&session) else {
        let e = vec![t(locale, "form-error-expired")];
        return users_page(&state, locale, &session, &NewUserForm::default(), e, (None, None), StatusCode::BAD_REQUEST)
            .await;
    };
    if username == me.username && action == "nonaktif" {
        let e = vec![t(locale, "admin-user-not-self")];
        return users_page(&state, locale, &session, &NewUserForm::default(), e, (None, None), StatusCode::BAD_REQUEST)
            .await;
    }
    let now = state.clock.now();
    let (who, act, secrets) = (username.clone(), action.clone(), state.secrets.clone());
    let result = state
        .db
        .run(move |conn| -> Result<Option<accounts::Invitation>, ServiceError> {
            match act.as_str() {
                "nonaktif" => accounts::disable_user(conn, &who, now).map(|_| None),
                "sandi" => accounts::reset_password_and_mail(conn, &secrets, &who, now).map(|(i, _)| Some(i)),
                "dua-langkah" => accounts::reset_second_factor(conn, &who).map(|_| None),
                _ => Err(ServiceError::NotFound { what: "action", key: act.clone() }),
            }
        })
        .await;
    match result {
        Ok(inv) => {
            let notice = Some(t_args(locale, &format!("admin-user-done-{action}"), &[("username", username)]));
            let link = inv.as_ref().map(|i| link_of(&state, i));
            users_page(&state, locale, &session, &NewUserForm::default(), Vec::new(), (notice, link), StatusCode::OK)
                .await
        }
        Err(ServiceError::NotFound { .. }) => PageError::not_found().into(),
        Err(e) => {
            let errors = problems(locale, &e);
            users_page(&state, locale, &session, &NewUserForm::default(), errors, (None, None), StatusCode::BAD_REQUEST)
                .await
        }
    }
}
