//! The "send me a link" forms: forgot my password (`/masuk/lupa`) and send my tracking link again (`/lacak`).
//! Both answer the same whether or not what was typed matched anything, so they reveal nothing about who has an
//! account or asked for what; both are limited per client address; both keep what was typed when they refuse.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::crypto::Secrets;
use crate::db::DbConn;
use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::ServiceError;
use crate::service::limits::{self, Limit};
use crate::views::PageMeta;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::state::AppState;

/// One "send me a link" form: where it lives, its template and title, its limit, what it needs filled in, and
/// what it sends.
pub struct LinkForm<F> {
    pub path: &'static str,
    pub template: &'static str,
    pub title: &'static str,
    pub limit: fn() -> Limit,
    /// Every field it needs is filled in.
    pub complete: fn(&F) -> bool,
    /// Sends the link when what was typed matches (and nothing when it does not).
    pub send: fn(&mut DbConn, &Secrets, &F, DateTime<Utc>) -> Result<(), ServiceError>,
}

#[derive(Serialize)]
struct LinkPage<'a, F> {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    #[serde(flatten)]
    fields: &'a F,
    done: bool,
    error: Option<String>,
}

impl<F: Serialize + DeserializeOwned + Default + Clone + Send + 'static> LinkForm<F> {
    fn page(
        &self,
        state: &AppState,
        locale: Locale,
        status: StatusCode,
        fields: &F,
        done: bool,
        error: Option<String>,
    ) -> HttpResponse {
        let csrf = state.secrets.csrf_token();
        let page = LinkPage {
            meta: PageMeta::new(locale, &state.settings.instance_name, self.path).with_title(t(locale, self.title)),
            csrf: csrf.clone(),
            fields,
            done,
            error,
        };
        crate::web::respond::anonymous_form(state, status, self.template, &page, &csrf)
    }

    /// The empty form.
    pub fn form(&self, state: &AppState, locale: Locale) -> HttpResponse {
        self.page(state, locale, StatusCode::OK, &F::default(), false, None)
    }

    /// The form posted: "sent" (whatever matched), or the form again with what was typed and why not.
    pub async fn submit(&self, req: &HttpRequest, state: &AppState, locale: Locale, form: CsrfForm<F>) -> HttpResponse {
        let (fields, fresh) = form.checked_anonymous(state);
        let refuse = |status, key: &str| self.page(state, locale, status, &fields, false, Some(t(locale, key)));
        if !fresh {
            return refuse(StatusCode::BAD_REQUEST, "form-error-expired");
        }
        if !(self.complete)(&fields) {
            return refuse(StatusCode::BAD_REQUEST, "form-error-required");
        }
        let ip = crate::web::client::ip(req, &state.settings.limits.trusted_proxies)
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let (secrets, now, limit, send, typed) =
            (state.secrets.clone(), state.clock.now(), (self.limit)(), self.send, fields.clone());
        let result = state
            .db
            .run(move |conn| -> Result<Option<DateTime<Utc>>, ServiceError> {
                let sent =
                    limits::within(conn, &secrets, &[(limit, &ip)], now, |conn| send(conn, &secrets, &typed, now))?;
                Ok(sent.err())
            })
            .await;
        match result {
            Ok(None) => self.page(state, locale, StatusCode::OK, &F::default(), true, None),
            Ok(Some(at)) => {
                let time = datetime_long(locale, at, state.settings.time_zone);
                let message = t_args(locale, "form-error-too-many", &[("time", time)]);
                self.page(state, locale, StatusCode::TOO_MANY_REQUESTS, &fields, false, Some(message))
            }
            Err(e) => PageError::from(e).into(),
        }
    }
}
