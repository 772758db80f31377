//! Two-step sign-in: after the password, the code from an authenticator app (`/masuk/kode`); turning it on from
//! the account page (`/akun/dua-langkah`: a QR code, the secret to type instead, a code to confirm, then ten
//! recovery codes shown once); turning it off with the password, unless the role requires it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::UserRow;
use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::accounts::{self, ChangeError, SecondFactorError, SignedIn as Verified};
use crate::views::PageMeta;
use crate::web::auth::SignedIn;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::posted_form;
use crate::web::locale::RequestLocale;
use crate::web::pages::auth::account::sign_in_page;
use crate::web::respond::{no_store, redirect};
use crate::web::session::{CHALLENGE_COOKIE, after_password, challenge_cookie, must_enrol};
use crate::web::state::AppState;

#[derive(Serialize)]
struct CodePage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    error: Option<String>,
}

fn code_page(state: &AppState, locale: Locale, error: Option<String>, status: StatusCode) -> HttpResponse {
    let csrf = state.secrets.csrf_token();
    let page = CodePage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/masuk/kode")
            .with_title(t(locale, "twostep-title")),
        csrf: csrf.clone(),
        error,
    };
    crate::web::respond::anonymous_form(state, status, "pages/auth/sign_in_code", &page, &csrf)
}

pub async fn code_form(req: HttpRequest, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    if req.cookie(CHALLENGE_COOKIE).is_none() {
        return redirect("/masuk");
    }
    code_page(&state, locale.0, None, StatusCode::OK)
}

posted_form! {
    /// A six-digit code from the authenticator app, or a recovery code.
    pub struct CodeForm {
        code = "kode",
    }
}

posted_form! {
    /// The current password, to turn two-step sign-in off.
    pub struct PasswordCheckForm {
        password = "current",
    }
}

pub async fn submit_code(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<CodeForm>,
) -> HttpResponse {
    let locale = locale.0;

    let Some(challenge) = req.cookie(CHALLENGE_COOKIE).map(|c| c.value().to_owned()) else {
        return redirect("/masuk");
    };
    let Ok(input) = form.anonymous(&state) else {
        return code_page(&state, locale, Some(t(locale, "form-error-expired")), StatusCode::BAD_REQUEST);
    };
    let code = input.code;
    let (secrets, now) = (state.secrets.clone(), state.clock.now());
    match state.db.run(move |conn| accounts::complete_second_factor(conn, &secrets, &challenge, &code, now)).await {
        Ok(Ok(session)) => {
            let mut res = after_password(&state, Verified::Session(Box::new(session))).await;
            let _ = res.add_cookie(&challenge_cookie(&state, "", 0));
            res
        }
        Ok(Err(SecondFactorError::Wrong)) => {
            code_page(&state, locale, Some(t(locale, "twostep-error-wrong")), StatusCode::UNAUTHORIZED)
        }
        Ok(Err(SecondFactorError::Expired)) => {
            let mut res =
                sign_in_page(&state, locale, "", Some(t(locale, "twostep-error-expired")), StatusCode::UNAUTHORIZED);
            let _ = res.add_cookie(&challenge_cookie(&state, "", 0));
            res
        }
        Ok(Err(SecondFactorError::Locked(until))) => {
            let msg = t_args(
                locale,
                "signin-error-locked",
                &[("time", datetime_long(locale, until, state.settings.time_zone))],
            );
            let mut res = sign_in_page(&state, locale, "", Some(msg), StatusCode::TOO_MANY_REQUESTS);
            let _ = res.add_cookie(&challenge_cookie(&state, "", 0));
            res
        }
        Err(e) => PageError::from(e).into(),
    }
}

// ---- Turning it on and off ----

#[derive(Serialize)]
struct SetupPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    on: bool,
    required: bool,
    must: bool,
    recovery_left: i64,
    qr_svg: String,
    secret: String,
    recovery_codes: Vec<String>,
    error: Option<String>,
    /// Where "Continue" leads once the codes are written down: the person's own start page.
    next_href: &'static str,
}

fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build(),
        Err(_) => String::new(),
    }
}

async fn setup_page(
    state: &AppState,
    locale: Locale,
    user: &UserRow,
    csrf: &str,
    recovery_codes: Vec<String>,
    error: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let id = user.id.clone();
    let (on, left) = state.db.run(move |conn| accounts::second_factor_status(conn, &id)).await.unwrap_or((false, 0));
    let (mut qr, mut secret) = (String::new(), String::new());
    if !on {
        let (secrets, issuer, account, now) =
            (state.secrets.clone(), state.settings.instance_name.clone(), user.clone(), state.clock.now());
        match state.db.run(move |conn| accounts::begin_second_factor(conn, &secrets, &account, &issuer, now)).await {
            Ok(e) => {
                qr = qr_svg(&e.uri);
                secret = e
                    .secret
                    .chars()
                    .collect::<Vec<_>>()
                    .chunks(4)
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            Err(e) => return PageError::from(e).into(),
        }
    }
    let required = must_enrol(state, user);
    let page = SetupPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/akun/dua-langkah")
            .with_title(t(locale, "twostep-setup-title")),
        csrf: csrf.to_owned(),
        on,
        required,
        must: required && !on,
        recovery_left: left,
        qr_svg: qr,
        secret,
        recovery_codes,
        error,
        next_href: if user.role == crate::domain::account::Role::Admin { "/admin" } else { "/ruang-kerja" },
    };
    no_store(state.views.page(status, "pages/auth/two_step", &page))
}

pub async fn setup(me: SignedIn, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let (user, session) = (me.user, me.session);
    setup_page(&state, locale.0, &user, &session.csrf_token, Vec::new(), None, StatusCode::OK).await
}

pub async fn confirm(
    me: SignedIn,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<CodeForm>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);

    let refused = |key: &str| {
        let e = Some(t(locale, key));
        setup_page(&state, locale, &user, &session.csrf_token, Vec::new(), e, StatusCode::BAD_REQUEST)
    };
    let Ok(input) = form.for_session(&session) else { return refused("form-error-expired").await };
    let code = input.code;
    let (secrets, account, now) = (state.secrets.clone(), user.clone(), state.clock.now());
    match state.db.run(move |conn| accounts::confirm_second_factor(conn, &secrets, &account, &code, now)).await {
        Ok(Some(codes)) => {
            tracing::info!(user = %user.id, "two-step sign-in turned on");
            setup_page(&state, locale, &user, &session.csrf_token, codes, None, StatusCode::OK).await
        }
        Ok(None) => refused("twostep-error-wrong").await,
        Err(e) => PageError::from(e).into(),
    }
}

pub async fn disable(
    me: SignedIn,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<PasswordCheckForm>,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);

    let refused = |key: &str| {
        let e = Some(t(locale, key));
        setup_page(&state, locale, &user, &session.csrf_token, Vec::new(), e, StatusCode::BAD_REQUEST)
    };
    let Ok(input) = form.for_session(&session) else { return refused("form-error-expired").await };
    let password = input.password;
    let required = must_enrol(&state, &user);
    let account = user.clone();
    match state.db.run(move |conn| accounts::disable_second_factor(conn, &account, &password, required)).await {
        Ok(Ok(())) => {
            tracing::info!(user = %user.id, "two-step sign-in turned off");
            redirect("/akun/dua-langkah")
        }
        Ok(Err(ChangeError::WrongCurrent)) => {
            let e = Some(t(locale, "account-error-current"));
            setup_page(&state, locale, &user, &session.csrf_token, Vec::new(), e, StatusCode::BAD_REQUEST).await
        }
        Ok(Err(ChangeError::Password(_))) => unreachable!("turning off checks only the current password"),
        Err(crate::service::ServiceError::Refused { .. }) => {
            let e = Some(t(locale, "twostep-error-required"));
            setup_page(&state, locale, &user, &session.csrf_token, Vec::new(), e, StatusCode::FORBIDDEN).await
        }
        Err(e) => PageError::from(e).into(),
    }
}
