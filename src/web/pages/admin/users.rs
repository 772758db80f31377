//! Accounts: creating them, one-time links, two-step reset, disabling, their API tokens and held sign-ins.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::bodies;
use crate::service::{ServiceError, accounts};
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{Choice, Field, NoFields, choices, options, posted_form};
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
    /// While the username's failed sign-ins hold tries from unknown browsers: until when.
    slowed_until: Option<String>,
    /// The account's API tokens that still work.
    tokens: Vec<TokenItem>,
}

#[derive(Serialize)]
struct TokenItem {
    id: String,
    name: String,
    created: String,
    last_used: Option<String>,
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

/// The units of one body, for the unit select (one group per body).
#[derive(Serialize)]
struct UnitGroup {
    body: String,
    units: Vec<Choice>,
}

#[derive(Serialize)]
struct UsersPage {
    users: Vec<UserItem>,
    bodies: Vec<Choice>,
    unit_groups: Vec<UnitGroup>,
    jurisdictions: Vec<Choice>,
    roles: Vec<Choice>,
    fields: HashMap<String, Field>,
    /// A one-time link to hand to the account's owner (shown once).
    link: Option<String>,
}

async fn users_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    form: &NewUserForm,
    feedback: Feedback,
    link: Option<String>,
) -> HttpResponse {
    let (now, secrets) = (state.clock.now(), state.secrets.clone());
    let today = now.date_naive();
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            let users = accounts::list_users(conn)?;
            let mut on = Vec::new();
            for u in &users {
                let tokens = crate::service::api_tokens::api_tokens(conn, &u.id)?;
                let slowed = accounts::slowed_until(conn, &secrets, &u.username, now)?;
                on.push((accounts::second_factor_status(conn, &u.id)?.0, slowed, tokens));
            }
            let bodies = bodies::list_bodies(conn, today)?;
            let jurisdictions = bodies::list_jurisdictions(conn)?;
            let mut units = HashMap::new();
            let mut groups = Vec::new();
            for b in &bodies {
                let of_body = bodies::list_units(conn, &b.body.slug)?;
                for u in &of_body {
                    units.insert(u.id.clone(), format!("{} / {}", b.body.name, u.name));
                }
                groups.push((b.body.slug.clone(), b.body.name.clone(), of_body));
            }
            Ok((users, on, bodies, jurisdictions, units, groups))
        })
        .await;
    let (users, on, all_bodies, jurisdictions, units, groups) = match result {
        Ok(r) => r,
        Err(e) => return PageError::from(e).into(),
    };
    let body_name = |id: &str| all_bodies.iter().find(|b| b.body.id == id).map(|b| b.body.name.clone());
    let ki_name = |id: &str| jurisdictions.iter().find(|j| j.id == id).map(|j| j.name.clone());
    let feedback = feedback.ordered(NewUserForm::FIELDS.iter().copied());
    let data = UsersPage {
        users: users
            .iter()
            .zip(on)
            .map(|(u, (two_step, slowed, tokens))| UserItem {
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
                slowed_until: slowed.map(|at| datetime_long(locale, at, state.settings.time_zone)),
                tokens: tokens
                    .into_iter()
                    .filter(|t| t.revoked_at.is_none())
                    .map(|t| TokenItem {
                        id: t.id,
                        name: t.name,
                        created: datetime_long(locale, t.created_at.and_utc(), state.settings.time_zone),
                        last_used: t.last_used_at.map(|a| datetime_long(locale, a.and_utc(), state.settings.time_zone)),
                    })
                    .collect(),
            })
            .collect(),
        bodies: options(all_bodies.iter().map(|b| (b.body.slug.clone(), b.body.name.clone())), form.body.trim()),
        unit_groups: groups
            .into_iter()
            .filter(|(_, _, units)| !units.is_empty())
            .map(|(slug, name, units)| {
                let chosen = if slug == form.body.trim() { form.unit.trim() } else { "" };
                UnitGroup { body: name, units: options(units.into_iter().map(|u| (u.slug, u.name)), chosen) }
            })
            .collect(),
        jurisdictions: options(
            super::jurisdictions::sorted(&jurisdictions).into_iter().map(|j| (j.code.clone(), j.name.clone())),
            form.jurisdiction.trim(),
        ),
        roles: choices(
            locale,
            "role",
            &["ppid_utama", "ppid_pelaksana", "atasan_ppid", "ki_auditor", "admin"],
            Some(form.role.trim()),
        ),
        fields: feedback.fields(NewUserForm::FIELDS.iter().copied(), &form.entered()),
        link,
    };
    let place = Place { path: "/admin/pengguna", title: t(locale, "admin-users"), template: "pages/admin/users" };
    render(state, locale, session, place, feedback, data)
}

pub async fn users_list(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    users_page(&state, locale, &session, &NewUserForm::default(), Feedback::none(), None).await
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
        return users_page(&state, locale, &session, &form, Feedback::expired(locale), None).await;
    }
    let (new, now, secrets) = (form.input(), state.clock.now(), state.secrets.clone());
    match state.db.run(move |conn| accounts::invite_user(conn, &secrets, &new, now).map(|(inv, _)| inv)).await {
        Ok(inv) => {
            let done = Feedback::done(t_args(locale, "admin-user-created", &[("username", inv.user.username.clone())]));
            let link = Some(link_of(&state, &inv));
            users_page(&state, locale, &session, &NewUserForm::default(), done, link).await
        }
        Err(e) => users_page(&state, locale, &session, &form, Feedback::failed(locale, &e), None).await,
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
    let blank = NewUserForm::default();
    let refused = |feedback| users_page(&state, locale, &session, &blank, feedback, None);
    let Ok(_) = form.for_session(&session) else {
        return refused(Feedback::expired(locale)).await;
    };
    if username == me.username && action == "nonaktif" {
        return refused(Feedback::problem(locale, "admin-user-not-self")).await;
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
            let key = match &inv {
                Some(i) if i.tokens_ended > 0 => format!("admin-user-done-{action}-tokens"),
                _ => format!("admin-user-done-{action}"),
            };
            let count = inv.as_ref().map_or(0, |i| i.tokens_ended).to_string();
            let done = Feedback::done(t_args(locale, &key, &[("username", username), ("count", count)]));
            let link = inv.as_ref().map(|i| link_of(&state, i));
            users_page(&state, locale, &session, &blank, done, link).await
        }
        Err(ServiceError::NotFound { .. }) => PageError::not_found().into(),
        Err(e) => refused(Feedback::failed(locale, &e)).await,
    }
}

/// An administrator revokes one of an account's API tokens: `/admin/pengguna/{username}/token/{id}/cabut`.
pub async fn token_revoke(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
    form: CsrfForm<NoFields>,
) -> HttpResponse {
    let (locale, session) = (locale.0, me.session);
    let (username, id) = path.into_inner();
    let blank = NewUserForm::default();
    let Ok(_) = form.for_session(&session) else {
        return users_page(&state, locale, &session, &blank, Feedback::expired(locale), None).await;
    };
    let (who, now) = (username.clone(), state.clock.now());
    match state.db.run(move |conn| crate::service::api_tokens::revoke_token_of(conn, &who, &id, now)).await {
        Ok(true) => {
            tracing::info!(target: "security", account = %username, "API token revoked by an administrator");
            let done = Feedback::done(t_args(locale, "admin-user-token-revoked", &[("username", username)]));
            users_page(&state, locale, &session, &blank, done, None).await
        }
        Ok(false) => {
            users_page(&state, locale, &session, &blank, Feedback::problem(locale, "admin-user-token-gone"), None).await
        }
        Err(ServiceError::NotFound { .. }) => PageError::not_found().into(),
        Err(e) => users_page(&state, locale, &session, &blank, Feedback::failed(locale, &e), None).await,
    }
}
