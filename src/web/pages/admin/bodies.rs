//! Public bodies and their units, letterheads and signatories.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::i18n::{Locale, date_long, t};
use crate::service::ServiceError;
use crate::service::bodies::{self, BodyChanges, BodyInput, LetterSettings, UnitInput};
use crate::views::PageMeta;
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::posted_form;
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::*;
use crate::web::respond::redirect;
use crate::web::state::AppState;

#[derive(Serialize)]
struct BodyItem {
    slug: String,
    name: String,
    level: String,
    zone: String,
    ki: String,
    href: String,
}

posted_form! {
    /// A new public body, as the administrator's form posts it.
    pub struct NewBodyForm {
        slug = "slug",
        name = "name",
        level = "level",
        time_zone = "time_zone",
        ki = "ki",
        ppid_email = "ppid_email",
        ppid_phone = "ppid_phone",
        ppid_address = "ppid_address",
    }
}

impl NewBodyForm {
    fn input(&self) -> BodyInput {
        BodyInput {
            slug: self.slug.trim().to_owned(),
            name: self.name.trim().to_owned(),
            level: self.level.trim().to_owned(),
            time_zone: self.time_zone.trim().to_owned(),
            ki: self.ki.trim().to_owned(),
            ki_from: None,
            ppid_email: self.ppid_email.trim().to_owned(),
            ppid_phone: self.ppid_phone.trim().to_owned(),
            ppid_address: self.ppid_address.trim().to_owned(),
            request_number_format: None,
            objection_number_format: None,
            letters: LetterSettings::default(),
            demo: false,
        }
    }
}

#[derive(Serialize)]
struct BodiesPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    bodies: Vec<BodyItem>,
    jurisdictions: Vec<(String, String)>,
    values: HashMap<String, String>,
    errors: Vec<String>,
    notice: Option<String>,
}

async fn bodies_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    form: &NewBodyForm,
    errors: Vec<String>,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let today = state.clock.now().date_naive();
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            Ok((bodies::list_bodies(conn, today)?, bodies::list_jurisdictions(conn)?))
        })
        .await;
    let (all, jurisdictions) = match result {
        Ok(r) => r,
        Err(e) => return PageError::from(e).into(),
    };
    let data = BodiesPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/admin/badan")
            .with_title(t(locale, "admin-bodies")),
        csrf: session.csrf_token.clone(),
        bodies: all
            .iter()
            .map(|b| BodyItem {
                slug: b.body.slug.clone(),
                name: b.body.name.clone(),
                level: b.body.level.clone(),
                zone: b.body.time_zone.clone(),
                ki: b.ki.name.clone(),
                href: format!("/admin/badan/{}", b.body.slug),
            })
            .collect(),
        jurisdictions: jurisdictions.into_iter().map(|j| (j.code, j.name)).collect(),
        values: form.entered(),
        errors,
        notice,
    };
    page(state, status, "pages/admin/bodies", &data)
}

pub async fn bodies_list(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let form = NewBodyForm { time_zone: "Asia/Jakarta".to_owned(), ..Default::default() };
    bodies_page(&state, locale, &session, &form, Vec::new(), None, StatusCode::OK).await
}

/// A field of the edit form: `None` when it was not posted (unchanged), else its trimmed text.
fn optional(input: &HashMap<String, String>, k: &str) -> Option<String> {
    input.get(k).map(|v| v.trim().to_owned())
}

pub async fn body_create(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<NewBodyForm>,
) -> HttpResponse {
    let (locale, session) = (locale.0, me.session);
    let (form, fresh) = form.checked_for_session(&session);
    if !fresh {
        let e = vec![t(locale, "form-error-expired")];
        return bodies_page(&state, locale, &session, &form, e, None, StatusCode::BAD_REQUEST).await;
    }
    let (body, now) = (form.input(), state.clock.now());
    match state.db.run(move |conn| bodies::create_body(conn, &body, now)).await {
        Ok(b) => redirect(&format!("/admin/badan/{}?dibuat=1", b.body.slug)),
        Err(e) => {
            bodies_page(&state, locale, &session, &form, problems(locale, &e), None, StatusCode::BAD_REQUEST).await
        }
    }
}

posted_form! {
    /// A new unit of a body.
    pub struct UnitForm {
        slug = "unit_slug",
        name = "unit_name",
        time_zone = "unit_time_zone",
    }
}

#[derive(Serialize)]
struct UnitItem {
    slug: String,
    name: String,
    zone: String,
}

#[derive(Serialize)]
struct BodyPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    slug: String,
    name: String,
    version: i64,
    ki: String,
    values: HashMap<String, String>,
    units: Vec<UnitItem>,
    errors: Vec<String>,
    notice: Option<String>,
}

#[allow(clippy::too_many_arguments)] // the page, and what a failed form left
async fn body_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    slug: &str,
    entered: Option<HashMap<String, String>>,
    errors: Vec<String>,
    notice: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let (lookup, today) = (slug.to_owned(), state.clock.now().date_naive());
    let result = state
        .db
        .run(move |conn| -> Result<_, ServiceError> {
            let view = bodies::list_bodies(conn, today)?
                .into_iter()
                .find(|b| b.body.slug == lookup)
                .ok_or_else(|| ServiceError::NotFound { what: "public body", key: lookup.clone() })?;
            let units = bodies::list_units(conn, &lookup)?;
            Ok((view, units))
        })
        .await;
    let (view, units) = match result {
        Ok(r) => r,
        Err(ServiceError::NotFound { .. }) => {
            return PageError::not_found().into();
        }
        Err(e) => return PageError::from(e).into(),
    };
    let b = &view.body;
    let current: HashMap<String, String> = [
        ("name", b.name.clone()),
        ("level", b.level.clone()),
        ("time_zone", b.time_zone.clone()),
        ("ppid_email", b.ppid_email.clone()),
        ("ppid_phone", b.ppid_phone.clone()),
        ("ppid_address", b.ppid_address.clone()),
        ("request_number_format", b.request_number_format.clone()),
        ("objection_number_format", b.objection_number_format.clone()),
        ("letterhead", b.letterhead.clone()),
        ("letter_number_format", b.letter_number_format.clone()),
        ("ppid_signatory_name", b.ppid_signatory_name.clone()),
        ("ppid_signatory_nip", b.ppid_signatory_nip.clone()),
        ("ppid_signatory_position", b.ppid_signatory_position.clone()),
        ("atasan_signatory_nip", b.atasan_signatory_nip.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let data = BodyPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, &format!("/admin/badan/{slug}"))
            .with_title(b.name.clone()),
        csrf: session.csrf_token.clone(),
        slug: b.slug.clone(),
        name: b.name.clone(),
        version: b.version,
        ki: format!("{} ({})", view.ki.name, date_long(locale, view.ki_from)),
        values: match entered {
            None => current,
            Some(mut e) => {
                for (k, v) in current {
                    e.entry(k).or_insert(v);
                }
                e
            }
        },
        units: units
            .iter()
            .map(|u| UnitItem {
                slug: u.slug.clone(),
                name: u.name.clone(),
                zone: u.time_zone.clone().unwrap_or_default(),
            })
            .collect(),
        errors,
        notice,
    };
    page(state, status, "pages/admin/body", &data)
}

pub async fn body_show(
    me: Admin,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let notice = if req.query_string().contains("dibuat=1") {
        Some(t(locale, "admin-body-created"))
    } else if req.query_string().contains("disimpan=1") {
        Some(t(locale, "admin-saved"))
    } else {
        None
    };
    body_page(&state, locale, &session, &path.into_inner(), None, Vec::new(), notice, StatusCode::OK).await
}

pub async fn body_update(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let slug = path.into_inner();

    let input = match form.for_session(&session) {
        Ok(fields) => fields,
        Err(input) => {
            let e = vec![t(locale, "form-error-expired")];
            return body_page(&state, locale, &session, &slug, Some(input), e, None, StatusCode::BAD_REQUEST).await;
        }
    };
    let version = input.get("version").and_then(|v| v.trim().parse::<i64>().ok());
    let changes = BodyChanges {
        name: optional(&input, "name"),
        level: optional(&input, "level"),
        time_zone: optional(&input, "time_zone"),
        ppid_email: optional(&input, "ppid_email"),
        ppid_phone: optional(&input, "ppid_phone"),
        ppid_address: optional(&input, "ppid_address"),
        request_number_format: optional(&input, "request_number_format"),
        objection_number_format: optional(&input, "objection_number_format"),
        ki: None,
        letters: LetterSettings {
            letterhead: optional(&input, "letterhead"),
            letter_number_format: optional(&input, "letter_number_format"),
            ppid_signatory_name: optional(&input, "ppid_signatory_name"),
            ppid_signatory_nip: optional(&input, "ppid_signatory_nip"),
            ppid_signatory_position: optional(&input, "ppid_signatory_position"),
            atasan_signatory_nip: optional(&input, "atasan_signatory_nip"),
        },
    };
    let (target, now) = (slug.clone(), state.clock.now());
    match state.db.run(move |conn| bodies::update_body(conn, &target, &changes, version, now)).await {
        Ok(_) => redirect(&format!("/admin/badan/{slug}?disimpan=1")),
        Err(e) => {
            let status =
                if matches!(e, ServiceError::Conflict { .. }) { StatusCode::CONFLICT } else { StatusCode::BAD_REQUEST };
            let errors = problems(locale, &e);
            body_page(&state, locale, &session, &slug, Some(input), errors, None, status).await
        }
    }
}

pub async fn unit_create(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<UnitForm>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let slug = path.into_inner();

    let Ok(input) = form.for_session(&session) else {
        let e = vec![t(locale, "form-error-expired")];
        return body_page(&state, locale, &session, &slug, None, e, None, StatusCode::BAD_REQUEST).await;
    };
    let unit = UnitInput {
        slug: input.slug.trim().to_owned(),
        name: input.name.trim().to_owned(),
        time_zone: Some(input.time_zone.trim().to_owned()).filter(|z| !z.is_empty()),
    };
    let (body, now) = (slug.clone(), state.clock.now());
    match state.db.run(move |conn| bodies::create_unit(conn, &body, &unit, now)).await {
        Ok(_) => redirect(&format!("/admin/badan/{slug}?disimpan=1")),
        Err(e) => {
            let errors = problems(locale, &e);
            body_page(&state, locale, &session, &slug, None, errors, None, StatusCode::BAD_REQUEST).await
        }
    }
}
