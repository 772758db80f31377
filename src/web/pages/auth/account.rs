//! Signing in and out, setting a password through a one-time link, and the signed-in person's account page.
//!
//! Sessions live in the database (several instances share them); the cookie carries only a random token. Forms
//! of signed-in people carry the session's own CSRF token; the sign-in form uses the signed double-submit token
//! of the anonymous forms.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::{SessionRow, UserRow};
use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::accounts::{self, ChangeError, LinkError, SignInError};
use crate::views::PageMeta;
use crate::web::auth::two_step_on;
use crate::web::auth::{MaybeSignedIn, Officer, Officers, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{Field, NoFields, posted_form};
use crate::web::locale::RequestLocale;
use crate::web::respond::{no_store, redirect};
use crate::web::session::{home_of, session_cookie};
use crate::web::state::AppState;

// ---- Sign in ----

#[derive(Serialize)]
struct SignInPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    username: String,
    error: Option<String>,
}

pub(super) fn sign_in_page(
    state: &AppState,
    locale: Locale,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let csrf = state.secrets.csrf_token();
    let page = SignInPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/masuk").with_title(t(locale, "signin-title")),
        csrf: csrf.clone(),
        username: username.to_owned(),
        error,
    };
    crate::web::respond::anonymous_form(state, status, "pages/auth/sign_in", &page, &csrf)
}

pub async fn sign_in_form(me: MaybeSignedIn, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    if let Some(me) = me.0 {
        return redirect(home_of(&me.user));
    }
    sign_in_page(&state, locale.0, "", None, StatusCode::OK)
}

posted_form! {
    /// Signing in with a password.
    pub struct SignInForm {
        username = "username",
        password = "password",
    }
}

posted_form! {
    /// A new API token's name.
    pub struct TokenForm {
        name = "nama_token",
    }
}

posted_form! {
    /// A new password, with the current one.
    pub struct PasswordForm {
        current = "current",
        password = "password",
        confirm = "confirm",
    }
}

posted_form! {
    /// The language of the person's mail.
    pub struct LanguageForm {
        language = "bahasa",
    }
}

pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<SignInForm>,
) -> HttpResponse {
    let locale = locale.0;
    let (input, fresh) = form.checked_anonymous(&state);
    let username = input.username.clone();
    if !fresh {
        return sign_in_page(&state, locale, &username, Some(t(locale, "form-error-expired")), StatusCode::BAD_REQUEST);
    }
    let password = input.password;
    let now = state.clock.now();
    let name = username.clone();
    let address = crate::web::client::block(&req, &state.settings.limits.trusted_proxies);
    let device = req.cookie(crate::web::session::DEVICE_COOKIE).map(|c| c.value().to_owned());
    let secrets = state.secrets.clone();
    let signed = state
        .db
        .run(move |conn| {
            let client = accounts::Client { address: &address, device: device.as_deref() };
            accounts::sign_in(conn, &secrets, &name, &password, client, now)
        })
        .await;
    match signed {
        Ok(Ok(signed)) => {
            let mut res = crate::web::session::after_password(&state, signed).await;
            let _ = res.add_cookie(&crate::web::session::device_cookie(&state, &username));
            res
        }
        Ok(Err(SignInError::Invalid)) => {
            sign_in_page(&state, locale, &username, Some(t(locale, "signin-error-invalid")), StatusCode::UNAUTHORIZED)
        }
        Ok(Err(SignInError::Locked(until))) => {
            let zone = state.settings.time_zone;
            let msg = t_args(locale, "signin-error-locked", &[("time", datetime_long(locale, until, zone))]);
            let res = sign_in_page(&state, locale, &username, Some(msg), StatusCode::TOO_MANY_REQUESTS);
            crate::web::respond::retry_after(res, until, now)
        }
        Err(e) => PageError::from(e).into(),
    }
}

// ---- Set a password with a one-time link ----

#[derive(Serialize)]
struct SetPasswordPage {
    #[serde(flatten)]
    meta: PageMeta,
    usable: bool,
    username: String,
    action: String,
    error: Option<String>,
    /// The new password's field: never its value, only what is wrong with it.
    password_field: Field,
}

pub(super) fn password_message(locale: Locale, p: crate::domain::account::PasswordProblem) -> String {
    t(locale, &format!("password-error-{}", p.code().replace('_', "-")))
}

pub async fn set_password_form(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
) -> HttpResponse {
    let (locale, token) = (locale.0, path.into_inner());
    let now = state.clock.now();
    let lookup = token.clone();
    let user = state.db.run(move |conn| accounts::link_usable(conn, &lookup, now)).await.ok().flatten();
    let page = SetPasswordPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/masuk").with_title(t(locale, "setpw-title")),
        usable: user.is_some(),
        username: user.map(|u| u.username).unwrap_or_default(),
        action: format!("/masuk/sandi/{token}"),
        error: None,
        password_field: Field::default(),
    };
    let status = if page.usable { StatusCode::OK } else { StatusCode::GONE };
    let mut res = no_store(state.views.page(status, "pages/auth/set_password", &page));
    res.headers_mut().insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    res
}

posted_form! {
    /// A password chosen with a one-time link, typed twice.
    pub struct NewPasswordForm {
        password = "password",
        confirm = "confirm",
    }
}

pub async fn set_password(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: web::Form<NewPasswordForm>,
) -> HttpResponse {
    // The link's own secret token stands in for a CSRF token: a forged post cannot know it.
    let (locale, token) = (locale.0, path.into_inner());
    let NewPasswordForm { password, confirm } = form.into_inner();
    let now = state.clock.now();
    let lookup = token.clone();
    let result =
        state.db.run(move |conn| accounts::set_password_with_link(conn, &lookup, &password, &confirm, now)).await;
    let page = |usable: bool, username: String, error: Option<String>, status: StatusCode| {
        let view = SetPasswordPage {
            meta: PageMeta::new(locale, &state.settings.instance_name, "/masuk").with_title(t(locale, "setpw-title")),
            usable,
            username,
            action: format!("/masuk/sandi/{token}"),
            password_field: Field { value: String::new(), error: error.clone() },
            error,
        };
        no_store(state.views.page(status, "pages/auth/set_password", &view))
    };
    match result {
        Ok(Ok(signed)) => crate::web::session::after_password(&state, signed).await,
        Ok(Err(LinkError::Unusable)) => page(false, String::new(), None, StatusCode::GONE),
        Ok(Err(LinkError::Password(p))) => {
            let lookup = token.clone();
            let username = state
                .db
                .run(move |conn| accounts::link_usable(conn, &lookup, now))
                .await
                .ok()
                .flatten()
                .map(|u| u.username)
                .unwrap_or_default();
            page(true, username, Some(password_message(locale, p)), StatusCode::BAD_REQUEST)
        }
        Err(e) => PageError::from(e).into(),
    }
}

// ---- The account page, password change, sign out ----

#[derive(Serialize)]
struct AccountPage {
    #[serde(flatten)]
    meta: PageMeta,
    name: String,
    username: String,
    role: String,
    csrf: String,
    error: Option<crate::web::form::ErrorLink>,
    notice: Option<String>,
    two_step_on: bool,
    /// Officers may make API tokens for other e-PPID systems.
    can_have_tokens: bool,
    tokens: Vec<TokenItem>,
    /// The language of the person's mail.
    mail_in_english: bool,
}

#[derive(Serialize)]
struct TokenItem {
    id: String,
    name: String,
    created: String,
    last_used: Option<String>,
    revoked: Option<String>,
}

#[allow(clippy::too_many_arguments)] // the page and what it says
fn account_page(
    state: &AppState,
    locale: Locale,
    user: &UserRow,
    session: &SessionRow,
    error: Option<(String, &'static str)>,
    notice: Option<String>,
    status: StatusCode,
    (two_step_on, tokens): (bool, Vec<crate::db::models::accounts::ApiTokenRow>),
) -> HttpResponse {
    let page = AccountPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/akun").with_title(t(locale, "account-title")),
        name: user.name.clone(),
        username: user.username.clone(),
        role: t(locale, &format!("role-{}", user.role.as_str().replace('_', "-"))),
        csrf: session.csrf_token.clone(),
        error: error.map(|(message, field)| crate::web::form::ErrorLink { href: format!("#{field}"), message }),
        notice,
        two_step_on,
        can_have_tokens: crate::service::workspace::has_queue(user.role),
        tokens: tokens
            .iter()
            .map(|t| {
                let zone = state.settings.time_zone;
                TokenItem {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    created: datetime_long(locale, t.created_at.and_utc(), zone),
                    last_used: t.last_used_at.map(|a| datetime_long(locale, a.and_utc(), zone)),
                    revoked: t.revoked_at.map(|a| {
                        let because = t.revoked_because.as_deref().unwrap_or("owner").replace('_', "-");
                        t_args(
                            locale,
                            &format!("token-ended-{because}"),
                            &[("time", datetime_long(locale, a.and_utc(), zone))],
                        )
                    }),
                }
            })
            .collect(),
        mail_in_english: user.language == "en",
    };
    no_store(state.views.page(status, "pages/auth/account", &page))
}

pub async fn account(
    me: SignedIn,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
) -> HttpResponse {
    let (user, session) = (me.user, me.session);
    let query = web::Query::<HashMap<String, String>>::from_query(req.query_string()).map(|q| q.into_inner());
    let ended = query.ok().and_then(|q| q.get("token_berakhir").and_then(|n| n.parse::<u32>().ok()));
    let notice = req.query_string().contains("sandi=diubah").then(|| match ended {
        Some(n) => t_args(locale.0, "account-password-changed-tokens", &[("count", n.to_string())]),
        None => t(locale.0, "account-password-changed"),
    });
    let notice = notice.or_else(|| req.query_string().contains("token=dicabut").then(|| t(locale.0, "token-revoked")));
    let notice =
        notice.or_else(|| req.query_string().contains("bahasa=diubah").then(|| t(locale.0, "account-language-saved")));
    let ex = extras(&state, &user.id).await;
    account_page(&state, locale.0, &user, &session, None, notice, StatusCode::OK, ex)
}

/// What the account page shows besides the account itself: two-step status and API tokens.
async fn extras(state: &AppState, user_id: &str) -> (bool, Vec<crate::db::models::accounts::ApiTokenRow>) {
    let id = user_id.to_owned();
    let tokens = state.db.run(move |conn| crate::service::api_tokens::api_tokens(conn, &id)).await.unwrap_or_default();
    (two_step_on(state, user_id).await, tokens)
}

pub async fn create_token(
    me: Officer<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<TokenForm>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let Ok(input) = form.for_session(&session) else {
        let ex = extras(&state, &user.id).await;
        let e = Some((t(locale, "form-error-expired"), "nama_token"));
        return account_page(&state, locale, &user, &session, e, None, StatusCode::BAD_REQUEST, ex);
    };
    let name = input.name;
    let (account, now) = (user.clone(), state.clock.now());
    match state.db.run(move |conn| crate::service::api_tokens::create_api_token(conn, &account, &name, now)).await {
        Ok((_, token)) => {
            tracing::info!(user = %user.id, "API token created");
            let ex = extras(&state, &user.id).await;
            let notice = Some(t_args(locale, "token-created", &[("token", token)]));
            account_page(&state, locale, &user, &session, None, notice, StatusCode::OK, ex)
        }
        Err(crate::service::ServiceError::Invalid(_)) => {
            let ex = extras(&state, &user.id).await;
            let e = Some((t(locale, "token-error-name"), "nama_token"));
            account_page(&state, locale, &user, &session, e, None, StatusCode::BAD_REQUEST, ex)
        }
        Err(e) => PageError::from(e).into(),
    }
}

pub async fn revoke_token(
    me: Officer<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<NoFields>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let Ok(_) = form.for_session(&session) else {
        let ex = extras(&state, &user.id).await;
        let e = Some((t(locale, "form-error-expired"), "tokens"));
        return account_page(&state, locale, &user, &session, e, None, StatusCode::BAD_REQUEST, ex);
    };
    let (account, id, now) = (user.clone(), path.into_inner(), state.clock.now());
    match state
        .db
        .run(move |conn| {
            crate::service::api_tokens::revoke_api_token(
                conn,
                &account,
                &id,
                crate::service::api_tokens::RevokedBy::Owner,
                now,
            )
        })
        .await
    {
        Ok(true) => {
            tracing::info!(user = %user.id, "API token revoked");
            redirect("/akun?token=dicabut")
        }
        Ok(false) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}

pub async fn change_password(
    me: SignedIn,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<PasswordForm>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session, token) = (me.user, me.session, me.token);
    let on = extras(&state, &user.id).await;

    let Ok(input) = form.for_session(&session) else {
        return account_page(
            &state,
            locale,
            &user,
            &session,
            Some((t(locale, "form-error-expired"), "current")),
            None,
            StatusCode::BAD_REQUEST,
            on,
        );
    };
    let PasswordForm { current, password: new, confirm } = input;
    let (now, id) = (state.clock.now(), user.id.clone());
    match state.db.run(move |conn| accounts::change_password(conn, &id, &token, &current, &new, &confirm, now)).await {
        Ok(Ok(0)) => redirect("/akun?sandi=diubah"),
        Ok(Ok(tokens)) => redirect(&format!("/akun?sandi=diubah&token_berakhir={tokens}")),
        Ok(Err(ChangeError::WrongCurrent)) => account_page(
            &state,
            locale,
            &user,
            &session,
            Some((t(locale, "account-error-current"), "current")),
            None,
            StatusCode::BAD_REQUEST,
            on,
        ),
        Ok(Err(ChangeError::Password(p))) => account_page(
            &state,
            locale,
            &user,
            &session,
            Some((password_message(locale, p), "password")),
            None,
            StatusCode::BAD_REQUEST,
            on,
        ),
        Err(e) => PageError::from(e).into(),
    }
}

pub async fn sign_out(me: SignedIn, state: web::Data<AppState>, form: CsrfForm<NoFields>) -> HttpResponse {
    let (session, token) = (me.session, me.token);
    let Ok(_) = form.for_session(&session) else {
        return redirect("/akun");
    };
    if let Err(e) = state.db.run(move |conn| accounts::sign_out(conn, &token)).await {
        tracing::error!(error = %e, "sign-out failed");
    }
    let mut res = redirect("/masuk");
    let mut gone = session_cookie(&state, "");
    gone.make_removal();
    let _ = res.add_cookie(&gone);
    res
}

/// `POST /akun/bahasa`: the language of the person's mail (`id` or `en`).
pub async fn set_language(
    me: SignedIn,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<LanguageForm>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let (input, fresh) = form.checked_for_session(&session);
    let language = input.language.trim().to_owned();
    if !fresh || !matches!(language.as_str(), "id" | "en") {
        let on = extras(&state, &user.id).await;
        let error = if fresh { "form-error-invalid-choice" } else { "form-error-expired" };
        return account_page(
            &state,
            locale,
            &user,
            &session,
            Some((t(locale, error), "bahasa-id")),
            None,
            StatusCode::BAD_REQUEST,
            on,
        );
    }
    let (now, id) = (state.clock.now(), user.id.clone());
    match state.db.run(move |conn| accounts::set_language(conn, &id, &language, now)).await {
        Ok(()) => redirect("/akun?bahasa=diubah"),
        Err(e) => PageError::from(e).into(),
    }
}
