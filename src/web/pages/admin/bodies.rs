//! Public bodies and their units, letterheads and signatories.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::SessionRow;
use crate::db::models::bodies::LogoRow;
use crate::domain::body::BodyLevel;
use crate::i18n::{Locale, date_long, t, t_args};
use crate::service::ServiceError;
use crate::service::bodies::{self, BodyChanges, BodyInput, LetterSettings, UnitInput};
use crate::web::auth::Admin;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{Choice, Field, options, posted_form};
use crate::web::locale::RequestLocale;
use crate::web::pages::admin::*;
use crate::web::respond::redirect;
use crate::web::state::AppState;

/// The kinds of public body, named for people.
fn level_choices(locale: Locale, chosen: &str) -> Vec<Choice> {
    options(BodyLevel::ALL.iter().map(|l| (l.as_str().to_owned(), level_label(locale, l.as_str()))), chosen)
}

/// A kind of public body's name for people.
fn level_label(locale: Locale, level: &str) -> String {
    crate::i18n::try_t(locale, &format!("body-level-{}", level.replace('_', "-"))).unwrap_or_else(|| level.to_owned())
}

/// Indonesia's three time zones, named as people know them ("WIB — Waktu Indonesia Barat").
const ZONES: [&str; 3] = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"];

fn zone_label(locale: Locale, zone: &str) -> String {
    crate::i18n::try_t(locale, &format!("time-zone-{}", zone.to_lowercase().replace('/', "-")))
        .unwrap_or_else(|| zone.to_owned())
}

fn zone_choices(locale: Locale, chosen: &str) -> Vec<Choice> {
    options(ZONES.map(|z| (z.to_owned(), zone_label(locale, z))), chosen)
}

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
    bodies: Vec<BodyItem>,
    jurisdictions: Vec<Choice>,
    levels: Vec<Choice>,
    time_zones: Vec<Choice>,
    fields: HashMap<String, Field>,
}

async fn bodies_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    form: &NewBodyForm,
    feedback: Feedback,
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
    let feedback = feedback.ordered(NewBodyForm::FIELDS.iter().copied());
    let data = BodiesPage {
        bodies: all
            .iter()
            .map(|b| BodyItem {
                slug: b.body.slug.clone(),
                name: b.body.name.clone(),
                level: level_label(locale, &b.body.level),
                zone: zone_label(locale, &b.body.time_zone),
                ki: b.ki.name.clone(),
                href: format!("/admin/badan/{}", b.body.slug),
            })
            .collect(),
        jurisdictions: options(
            super::jurisdictions::sorted(&jurisdictions).into_iter().map(|j| (j.code.clone(), j.name.clone())),
            form.ki.trim(),
        ),
        levels: level_choices(locale, form.level.trim()),
        time_zones: zone_choices(locale, form.time_zone.trim()),
        fields: feedback.fields(NewBodyForm::FIELDS.iter().copied(), &form.entered()),
    };
    let place = Place { path: "/admin/badan", title: t(locale, "admin-bodies"), template: "pages/admin/bodies" };
    render(state, locale, session, place, feedback, data)
}

pub async fn bodies_list(me: Admin, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let form = NewBodyForm { time_zone: "Asia/Jakarta".to_owned(), ..Default::default() };
    bodies_page(&state, locale, &session, &form, Feedback::none()).await
}

/// A body's settings, as its edit form posts them: a field that is not posted stays as it is (an API client or an
/// older page may post only some).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct BodyEditForm {
    version: Option<String>,
    name: Option<String>,
    level: Option<String>,
    time_zone: Option<String>,
    ppid_email: Option<String>,
    ppid_phone: Option<String>,
    ppid_address: Option<String>,
    request_number_format: Option<String>,
    objection_number_format: Option<String>,
    letterhead: Option<String>,
    letter_number_format: Option<String>,
    ppid_signatory_name: Option<String>,
    ppid_signatory_nip: Option<String>,
    ppid_signatory_position: Option<String>,
    atasan_signatory_nip: Option<String>,
    letter_place: Option<String>,
    /// A new competent KI (empty: unchanged) and the date it applies from.
    ki: Option<String>,
    ki_from: Option<String>,
}

impl BodyEditForm {
    /// The fields as (posted name, value), in the form's order.
    fn fields(&self) -> [(&'static str, &Option<String>); 17] {
        [
            ("name", &self.name),
            ("level", &self.level),
            ("time_zone", &self.time_zone),
            ("ppid_email", &self.ppid_email),
            ("ppid_phone", &self.ppid_phone),
            ("ppid_address", &self.ppid_address),
            ("request_number_format", &self.request_number_format),
            ("objection_number_format", &self.objection_number_format),
            ("letterhead", &self.letterhead),
            ("letter_number_format", &self.letter_number_format),
            ("ppid_signatory_name", &self.ppid_signatory_name),
            ("ppid_signatory_nip", &self.ppid_signatory_nip),
            ("ppid_signatory_position", &self.ppid_signatory_position),
            ("atasan_signatory_nip", &self.atasan_signatory_nip),
            ("letter_place", &self.letter_place),
            ("ki", &self.ki),
            ("ki_from", &self.ki_from),
        ]
    }

    /// What was posted, to show over the body's current settings when the form comes back.
    fn entered(&self) -> HashMap<String, String> {
        self.fields().into_iter().filter_map(|(name, v)| Some((name.to_owned(), v.clone()?))).collect()
    }

    fn version(&self) -> Option<i64> {
        self.version.as_deref().and_then(|v| v.trim().parse().ok())
    }

    /// The changes asked for, or the problem with the new KI's date (a new KI needs one).
    fn changes(&self) -> Result<BodyChanges, ServiceError> {
        let text = |v: &Option<String>| v.as_deref().map(|v| v.trim().to_owned());
        let ki = match text(&self.ki).filter(|k| !k.is_empty()) {
            None => None,
            Some(code) => {
                let raw = text(&self.ki_from).unwrap_or_default();
                let code_of = if raw.is_empty() { "required" } else { "invalid_date" };
                match crate::domain::calendar::parse_iso_date(&raw) {
                    Some(from) => Some((code, from)),
                    None => {
                        let problem = crate::domain::body::FieldProblem::new("ki_from", code_of, "expected a date");
                        return Err(ServiceError::Invalid(vec![problem]));
                    }
                }
            }
        };
        Ok(BodyChanges {
            name: text(&self.name),
            level: text(&self.level),
            time_zone: text(&self.time_zone),
            ppid_email: text(&self.ppid_email),
            ppid_phone: text(&self.ppid_phone),
            ppid_address: text(&self.ppid_address),
            request_number_format: text(&self.request_number_format),
            objection_number_format: text(&self.objection_number_format),
            ki,
            letters: LetterSettings {
                letterhead: text(&self.letterhead),
                letter_number_format: text(&self.letter_number_format),
                ppid_signatory_name: text(&self.ppid_signatory_name),
                ppid_signatory_nip: text(&self.ppid_signatory_nip),
                ppid_signatory_position: text(&self.ppid_signatory_position),
                atasan_signatory_nip: text(&self.atasan_signatory_nip),
                letter_place: text(&self.letter_place),
            },
        })
    }
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
        return bodies_page(&state, locale, &session, &form, Feedback::expired(locale)).await;
    }
    let (body, now) = (form.input(), state.clock.now());
    match state.db.run(move |conn| bodies::create_body(conn, &body, now)).await {
        Ok(b) => redirect(&format!("/admin/badan/{}?dibuat=1", b.body.slug)),
        Err(e) => bodies_page(&state, locale, &session, &form, Feedback::failed(locale, &e)).await,
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
    slug: String,
    name: String,
    version: i64,
    /// Its competent KIs over time, the current one marked, a scheduled one said so.
    ki_history: Vec<String>,
    fields: HashMap<String, Field>,
    levels: Vec<Choice>,
    time_zones: Vec<Choice>,
    unit_time_zones: Vec<Choice>,
    /// The KIs the body may change to (all but its current one).
    jurisdictions: Vec<Choice>,
    units: Vec<UnitItem>,
    /// The letterhead logo, if the body has one.
    logo: Option<LogoSummary>,
}

/// A body's page, with what a failed form (the edit or a new unit) left typed (`entered`) over its current
/// settings.
pub(super) async fn body_page(
    state: &AppState,
    locale: Locale,
    session: &SessionRow,
    slug: &str,
    entered: HashMap<String, String>,
    feedback: Feedback,
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
            let history = bodies::assignments_of(conn, &view.body.id)?;
            let logo = crate::service::logos::logo_of_body(conn, &view.body.id)?;
            Ok((view, units, bodies::list_jurisdictions(conn)?, history, logo))
        })
        .await;
    let (view, units, jurisdictions, history, logo) = match result {
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
        ("letter_place", b.letter_place.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let mut values = current;
    values.extend(UnitForm::default().entered());
    values.extend(entered);
    let names: Vec<&str> = BodyEditForm::default()
        .fields()
        .map(|(name, _)| name)
        .into_iter()
        .chain(UnitForm::FIELDS.iter().copied())
        .chain(["logo"])
        .collect();
    let feedback = feedback.ordered(names.iter().copied());
    let data = BodyPage {
        logo: logo.as_ref().map(|row| logo_summary(&b.slug, row)),
        slug: b.slug.clone(),
        name: b.name.clone(),
        version: b.version,
        ki_history: history
            .iter()
            .map(|(a, ki)| {
                let from = if a.applies_from == bodies::uu_kip_in_force() {
                    t(locale, "admin-body-ki-always")
                } else {
                    date_long(locale, a.applies_from)
                };
                let key = if a.applies_from > today {
                    "admin-body-ki-scheduled"
                } else if a.jurisdiction_id == view.ki.id && a.applies_from == view.ki_from {
                    "admin-body-ki-current"
                } else {
                    "admin-body-ki-past"
                };
                t_args(locale, key, &[("ki", ki.name.clone()), ("from", from)])
            })
            .collect(),
        levels: level_choices(locale, values.get("level").map(String::as_str).unwrap_or_default()),
        time_zones: zone_choices(locale, values.get("time_zone").map(String::as_str).unwrap_or_default()),
        unit_time_zones: zone_choices(locale, values.get("unit_time_zone").map(String::as_str).unwrap_or_default()),
        jurisdictions: options(
            super::jurisdictions::sorted(jurisdictions.iter().filter(|j| j.id != view.ki.id))
                .into_iter()
                .map(|j| (j.code.clone(), j.name.clone())),
            values.get("ki").map(String::as_str).unwrap_or_default(),
        ),
        fields: feedback.fields(names.iter().copied(), &values),
        units: units
            .iter()
            .map(|u| UnitItem {
                slug: u.slug.clone(),
                name: u.name.clone(),
                zone: u.time_zone.clone().unwrap_or_default(),
            })
            .collect(),
    };
    let path = format!("/admin/badan/{slug}");
    let place = Place { path: &path, title: data.name.clone(), template: "pages/admin/body" };
    render(state, locale, session, place, feedback, data)
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
    let done = [
        ("dibuat=1", "admin-body-created"),
        ("disimpan=1", "admin-saved"),
        ("logo=1", "admin-logo-saved"),
        ("logo_dihapus=1", "admin-logo-removed"),
    ];
    let feedback = Feedback::returned(locale, req.query_string(), &done);
    body_page(&state, locale, &session, &path.into_inner(), HashMap::new(), feedback).await
}

pub async fn body_update(
    me: Admin,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<BodyEditForm>,
) -> HttpResponse {
    let locale = locale.0;
    let session = me.session;
    let slug = path.into_inner();
    let (input, fresh) = form.checked_for_session(&session);
    if !fresh {
        return body_page(&state, locale, &session, &slug, input.entered(), Feedback::expired(locale)).await;
    }
    let changes = match input.changes() {
        Ok(c) => c,
        Err(e) => {
            let feedback = Feedback::failed(locale, &e);
            return body_page(&state, locale, &session, &slug, input.entered(), feedback).await;
        }
    };
    let version = input.version();
    let (target, now) = (slug.clone(), state.clock.now());
    match state.db.run(move |conn| bodies::update_body(conn, &target, &changes, version, now)).await {
        Ok(_) => redirect(&format!("/admin/badan/{slug}?disimpan=1")),
        Err(e) => body_page(&state, locale, &session, &slug, input.entered(), Feedback::failed(locale, &e)).await,
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
    let (input, fresh) = form.checked_for_session(&session);
    let entered = input.entered();
    if !fresh {
        return body_page(&state, locale, &session, &slug, entered, Feedback::expired(locale)).await;
    }
    let unit = UnitInput {
        slug: input.slug.trim().to_owned(),
        name: input.name.trim().to_owned(),
        time_zone: Some(input.time_zone.trim().to_owned()).filter(|z| !z.is_empty()),
    };
    let (body, now) = (slug.clone(), state.clock.now());
    match state.db.run(move |conn| bodies::create_unit(conn, &body, &unit, now)).await {
        Ok(_) => redirect(&format!("/admin/badan/{slug}?disimpan=1")),
        Err(e) => body_page(&state, locale, &session, &slug, entered, Feedback::failed_as(locale, &e, "unit_")).await,
    }
}

/// What the admin page shows of a logo.
#[derive(Debug, serde::Serialize)]
struct LogoSummary {
    href: String,
    width: i32,
    height: i32,
    kind: &'static str,
    kilobytes: String,
}

fn logo_summary(slug: &str, row: &LogoRow) -> LogoSummary {
    LogoSummary {
        href: crate::views::letter::logo_href(slug, &row.sha256),
        width: row.width,
        height: row.height,
        kind: if row.content_type == "image/png" { "PNG" } else { "JPEG" },
        kilobytes: format!("{:.0}", row.data.len() as f64 / 1024.0),
    }
}
