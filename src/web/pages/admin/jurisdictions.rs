//! The Komisi Informasi an instance knows (`/admin/ki`): each with its level, the KI above it, and where and how
//! a requester files a dispute with it (shown on the requester's dispute page). The same services as
//! `terbuka admin jurisdiction create|update`.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::db::models::bodies::JurisdictionRow;
use crate::domain::body::JurisdictionLevel;
use crate::i18n::{Locale, date_long, t, t_args};
use crate::service::ServiceError;
use crate::service::bodies::{self, JurisdictionChanges, JurisdictionInput, KiContact};
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{Choice, Field, options, posted_form};
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::*;
use crate::web::respond::redirect;
use crate::web::state::AppState;

const BASE: &str = "/admin/ki";

posted_form! {
    /// A KI, as the administrator's form posts it (the code only when it is new; the version only when edited).
    pub struct JurisdictionForm {
        version = "version",
        code = "ki_code",
        name = "ki_name",
        level = "ki_level",
        parent = "ki_parent",
        address = "ki_address",
        email = "ki_email",
        phone = "ki_phone",
        website = "ki_website",
        dispute_form_url = "ki_dispute_form_url",
    }
}

impl JurisdictionForm {
    fn contact(&self) -> KiContact {
        KiContact {
            address: self.address.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            website: self.website.clone(),
            dispute_form_url: self.dispute_form_url.clone(),
        }
    }

    /// The form filled with a KI as it is stored.
    fn of(row: &JurisdictionRow, parent: &str) -> Self {
        JurisdictionForm {
            version: row.version.to_string(),
            code: row.code.clone(),
            name: row.name.clone(),
            level: row.level.clone(),
            parent: parent.to_owned(),
            address: row.address.clone(),
            email: row.email.clone(),
            phone: row.phone.clone(),
            website: row.website.clone(),
            dispute_form_url: row.dispute_form_url.clone(),
        }
    }
}

/// A KI level's name for people ("KI Provinsi").
pub(super) fn level_label(locale: Locale, level: &str) -> String {
    crate::i18n::try_t(locale, &format!("ki-level-{}", level.replace('_', "-"))).unwrap_or_else(|| level.to_owned())
}

#[derive(Serialize)]
struct JurisdictionItem {
    code: String,
    name: String,
    level: String,
    parent: String,
    bodies: usize,
    /// Whether a requester is told where to file (an address, an email or an online form).
    reachable: bool,
    href: String,
}

#[derive(Serialize)]
struct ListPage {
    jurisdictions: Vec<JurisdictionItem>,
    levels: Vec<Choice>,
    parents: Vec<Choice>,
    fields: HashMap<String, Field>,
}

#[derive(Serialize)]
struct EditPage {
    code: String,
    name: String,
    version: String,
    /// The bodies it is competent for, and those it will be from a later date ("from 4 January 2027").
    bodies: Vec<String>,
    levels: Vec<Choice>,
    parents: Vec<Choice>,
    fields: HashMap<String, Field>,
}

/// Every KI, and how many bodies each is competent for today.
async fn load(state: &AppState) -> Result<(Vec<JurisdictionRow>, Vec<bodies::BodyView>), ServiceError> {
    let today = state.today();
    state.db.run(move |conn| Ok((bodies::list_jurisdictions(conn)?, bodies::list_bodies(conn, today)?))).await
}

fn code_of(all: &[JurisdictionRow], id: Option<&str>) -> String {
    id.and_then(|id| all.iter().find(|j| j.id == id)).map(|j| j.code.clone()).unwrap_or_default()
}

fn level_choices(locale: Locale, chosen: &str) -> Vec<Choice> {
    options(JurisdictionLevel::ALL.iter().map(|l| (l.as_str().to_owned(), level_label(locale, l.as_str()))), chosen)
}

/// The KIs one may name as the one above `except` (not itself; never a regency/city KI, which has none below it),
/// the central KI first, then by name.
fn parent_choices(all: &[JurisdictionRow], except: &str, chosen: &str) -> Vec<Choice> {
    let above = all.iter().filter(|j| j.code != except && j.level != JurisdictionLevel::KabupatenKota.as_str());
    options(sorted(above).into_iter().map(|j| (j.code.clone(), j.name.clone())), chosen)
}

/// KIs in the order people look for them: the central KI, the provincial ones, the regency/city ones, each by name.
pub(super) fn sorted<'a>(all: impl IntoIterator<Item = &'a JurisdictionRow>) -> Vec<&'a JurisdictionRow> {
    let mut v: Vec<_> = all.into_iter().collect();
    let rank = |j: &JurisdictionRow| JurisdictionLevel::ALL.iter().position(|l| l.as_str() == j.level);
    v.sort_by(|a, b| (rank(a), &a.name).cmp(&(rank(b), &b.name)));
    v
}

async fn list_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    form: &JurisdictionForm,
    feedback: Feedback,
) -> HttpResponse {
    let (all, views) = match load(state).await {
        Ok(r) => r,
        Err(e) => return PageError::from(e).into(),
    };
    let feedback = feedback.ordered(JurisdictionForm::FIELDS.iter().copied());
    let data = ListPage {
        jurisdictions: sorted(&all)
            .into_iter()
            .map(|j| JurisdictionItem {
                code: j.code.clone(),
                name: j.name.clone(),
                level: level_label(locale, &j.level),
                parent: all
                    .iter()
                    .find(|p| Some(&p.id) == j.parent_id.as_ref())
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                bodies: views.iter().filter(|b| b.ki.id == j.id).count(),
                reachable: !(j.address.is_empty() && j.email.is_empty() && j.dispute_form_url.is_empty()),
                href: format!("{BASE}/{}", j.code),
            })
            .collect(),
        levels: level_choices(locale, form.level.trim()),
        parents: parent_choices(&all, "", form.parent.trim()),
        fields: feedback.fields(JurisdictionForm::FIELDS.iter().copied(), &form.entered()),
    };
    let place = Place { path: BASE, title: t(locale, "admin-jurisdictions"), template: "pages/admin/jurisdictions" };
    render(state, locale, session, place, feedback, data)
}

pub async fn jurisdictions_list(
    me: Admin,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
) -> HttpResponse {
    let locale = locale.0;
    let feedback = Feedback::returned(locale, req.query_string(), &[("dibuat=1", "admin-jurisdiction-created")]);
    let form = JurisdictionForm { level: "provinsi".into(), ..Default::default() };
    list_page(&state, locale, &me.session, &form, feedback).await
}

pub async fn jurisdiction_create(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    form: CsrfForm<JurisdictionForm>,
) -> HttpResponse {
    let (locale, session) = (locale.0, me.session);
    let (form, fresh) = form.checked_for_session(&session);
    if !fresh {
        return list_page(&state, locale, &session, &form, Feedback::expired(locale)).await;
    }
    let input = JurisdictionInput {
        code: form.code.trim().to_owned(),
        name: form.name.trim().to_owned(),
        level: form.level.trim().to_owned(),
        parent: Some(form.parent.trim().to_owned()).filter(|p| !p.is_empty()),
        contact: form.contact(),
    };
    let now = state.clock.now();
    match state.db.run(move |conn| bodies::create_jurisdiction(conn, &input, now)).await {
        Ok(_) => redirect(&format!("{BASE}?dibuat=1")),
        Err(e) => list_page(&state, locale, &session, &form, Feedback::failed_as(locale, &e, "ki_")).await,
    }
}

/// A KI's page, with what a failed edit left typed (`typed`) or the KI as it is stored.
async fn edit_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    code: &str,
    typed: Option<&JurisdictionForm>,
    feedback: Feedback,
) -> HttpResponse {
    let all = match state.db.run(bodies::list_jurisdictions).await {
        Ok(r) => r,
        Err(e) => return PageError::from(e).into(),
    };
    let Some(row) = all.iter().find(|j| j.code == code) else { return PageError::not_found().into() };
    let (id, today) = (row.id.clone(), state.today());
    let of_it = match state.db.run(move |conn| bodies::bodies_of_jurisdiction(conn, &id, today)).await {
        Ok(b) => b,
        Err(e) => return PageError::from(e).into(),
    };
    let stored = JurisdictionForm::of(row, &code_of(&all, row.parent_id.as_deref()));
    let form = typed.map(|t| JurisdictionForm { code: row.code.clone(), ..t.clone() }).unwrap_or(stored);
    let feedback = feedback.ordered(JurisdictionForm::FIELDS.iter().copied());
    let data = EditPage {
        code: row.code.clone(),
        name: row.name.clone(),
        version: form.version.clone(),
        bodies: of_it
            .into_iter()
            .map(|(name, from, scheduled)| {
                if scheduled {
                    t_args(locale, "admin-ki-body-scheduled", &[("body", name), ("from", date_long(locale, from))])
                } else {
                    name
                }
            })
            .collect(),
        levels: level_choices(locale, form.level.trim()),
        parents: parent_choices(&all, &row.code, form.parent.trim()),
        fields: feedback.fields(JurisdictionForm::FIELDS.iter().copied(), &form.entered()),
    };
    let path = format!("{BASE}/{code}");
    let place = Place { path: &path, title: row.name.clone(), template: "pages/admin/jurisdiction" };
    render(state, locale, session, place, feedback, data)
}

pub async fn jurisdiction_show(
    me: Admin,
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
) -> HttpResponse {
    let locale = locale.0;
    let feedback = Feedback::returned(locale, req.query_string(), &[("disimpan=1", "admin-saved")]);
    edit_page(&state, locale, &me.session, &path.into_inner(), None, feedback).await
}

pub async fn jurisdiction_update(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<JurisdictionForm>,
) -> HttpResponse {
    let (locale, session, code) = (locale.0, me.session, path.into_inner());
    let (form, fresh) = form.checked_for_session(&session);
    if !fresh {
        return edit_page(&state, locale, &session, &code, Some(&form), Feedback::expired(locale)).await;
    }
    let changes = JurisdictionChanges {
        name: Some(form.name.trim().to_owned()),
        level: Some(form.level.trim().to_owned()),
        parent: Some(form.parent.trim().to_owned()),
        contact: Some(form.contact()),
    };
    let (target, version, now) = (code.clone(), form.version.trim().parse().ok(), state.clock.now());
    match state.db.run(move |conn| bodies::update_jurisdiction(conn, &target, &changes, version, now)).await {
        Ok(_) => redirect(&format!("{BASE}/{code}?disimpan=1")),
        Err(ServiceError::NotFound { .. }) => PageError::not_found().into(),
        Err(e) => {
            // After someone else's change the page shows the KI as it now is; otherwise what was typed.
            let typed = (!matches!(e, ServiceError::Conflict { .. })).then_some(&form);
            let feedback = Feedback::failed_as(locale, &e, "ki_");
            edit_page(&state, locale, &session, &code, typed, feedback).await
        }
    }
}
