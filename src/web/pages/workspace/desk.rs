//! Registering a request received at the desk, orally, by phone, letter, email or social media
//! (`/ruang-kerja/permohonan-baru`). The officer gives the channel and the actual date and time of receipt: the
//! statutory clock starts then, not when the data is typed in. The form is the citizen's form with these fields
//! added; the officer prints the receipt for the requester.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveTime, TimeZone};

use crate::db::models::accounts::UserRow;
use crate::db::models::bodies::{BodyRow, UnitRow};
use crate::db::repo::events::{Actor, ActorKind};
use crate::domain::account::Role;
use crate::domain::request::Channel;
use crate::i18n::{Locale, t, t_args};
use crate::service::ServiceError;
use crate::service::cases::{self, NewRequest};
use crate::service::officer;
use crate::views::PageMeta;
use crate::web::auth::{CaseHandlers, CaseScope, Officer};
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{Choice, ErrorLink, NoFields, Radio, field_message, posted_form, read_form, read_pairs};
use crate::web::locale::RequestLocale;
use crate::web::pages::citizen::request_form::{FormPage, OfficerSection, RequestPosted, form_page_as};
use crate::web::state::AppState;

const HERE: &str = "/ruang-kerja/permohonan-baru";

/// The channels an officer records (the portal and the API register their own requests).
const DESK_CHANNELS: [Channel; 5] =
    [Channel::Desk, Channel::Oral, Channel::Letter, Channel::Email, Channel::SocialMedia];

/// The body and units the officer registers for; `None` for a role that does not register requests.
async fn scope(state: &AppState, user: &UserRow) -> Result<Option<(BodyRow, Vec<UnitRow>)>, ServiceError> {
    let Some(body_id) = user.body_id.clone().filter(|_| matches!(user.role, Role::PpidUtama | Role::PpidPelaksana))
    else {
        return Ok(None);
    };
    let unit = user.unit_id.clone();
    state
        .db
        .run(move |conn| {
            let body = crate::db::repo::bodies::body_by_id(conn, &body_id)?;
            let units = crate::db::repo::bodies::units_of(conn, &body_id)?
                .into_iter()
                .filter(|u| unit.is_none() || unit.as_deref() == Some(u.id.as_str()))
                .collect();
            Ok(Some((body, units)))
        })
        .await
}

posted_form! {
    /// What the desk form adds to the citizen's: how and when the request was received, the unit it is for, and
    /// the language the requester reads.
    pub struct DeskPosted {
        channel = "channel",
        received_date = "received_date",
        received_time = "received_time",
        unit = "unit",
        language = "requester_language",
    }
}

/// The desk form as posted: the request, and the desk's own fields.
#[derive(Default)]
struct Posted {
    request: RequestPosted,
    desk: DeskPosted,
}

/// Where the officer registers: the body, its units they may choose, and whether their unit is fixed.
struct Desk<'a> {
    body: &'a BodyRow,
    units: &'a [UnitRow],
    fixed_unit: bool,
}

fn page(
    state: &AppState,
    locale: Locale,
    csrf: &str,
    desk: &Desk<'_>,
    input: &Posted,
    problems: &[(String, String)],
) -> FormPage {
    let Desk { body, units, fixed_unit } = *desk;
    let mut page = form_page_as(state, locale, (&body.slug, &body.name), &input.request, problems, csrf, true);
    page.meta = PageMeta::new(locale, &state.settings.instance_name, HERE).with_title(t(locale, "desk-title"));
    page.action = HERE.to_owned();
    page.csrf = csrf.to_owned();
    let posted = &input.desk;
    let error = |k: &str| problems.iter().find(|(f, _)| f == k).map(|(f, code)| field_message(locale, f, code));
    let now = state.clock.now().with_timezone(&zone(body, None));
    let chosen_unit = posted.unit.trim();
    let chosen_language = posted.language.trim();
    page.officer = Some(OfficerSection {
        channels: DESK_CHANNELS
            .iter()
            .map(|c| Radio {
                value: c.as_str().to_owned(),
                label: t(locale, &format!("channel-{}", c.as_str().replace('_', "-"))),
                checked: posted.channel.trim() == c.as_str(),
            })
            .collect(),
        channel_error: error("channel"),
        received_date: Some(posted.received_date.trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or(now.date_naive().to_string()),
        received_time: Some(posted.received_time.trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or(now.format("%H:%M").to_string()),
        received_hint: t_args(
            locale,
            "desk-received-hint",
            &[("zone", crate::i18n::zone_abbreviation(zone(body, None)).to_owned())],
        ),
        received_error: error("received_at"),
        units: units
            .iter()
            .map(|u| Choice {
                value: u.slug.clone(),
                label: u.name.clone(),
                selected: chosen_unit == u.slug || fixed_unit,
            })
            .collect(),
        unit_fixed: fixed_unit,
        unit_error: error("unit"),
        languages: ["id", "en"]
            .into_iter()
            .map(|l| Choice {
                value: l.to_owned(),
                label: t(locale, &format!("desk-language-{l}")),
                selected: chosen_language == l || (chosen_language.is_empty() && l == "id"),
            })
            .collect(),
    });
    if !problems.is_empty() {
        page.errors = problems
            .iter()
            .map(|(f, code)| {
                let anchor = match f.as_str() {
                    "channel" => "channel-desk".to_owned(),
                    "received_at" => "received_date".to_owned(),
                    "requester_kind" => "requester_kind-individual".to_owned(),
                    "obtain_method" => "obtain_method-inspect".to_owned(),
                    "delivery_method" => "delivery_method-pickup".to_owned(),
                    "form" => "main".to_owned(),
                    other => other.to_owned(),
                };
                ErrorLink { href: format!("#{anchor}"), message: field_message(locale, f, code) }
            })
            .collect();
    }
    page
}

fn zone(body: &BodyRow, unit: Option<&UnitRow>) -> chrono_tz::Tz {
    unit.and_then(|u| u.time_zone.as_deref()).unwrap_or(&body.time_zone).parse().unwrap_or(chrono_tz::Asia::Jakarta)
}

fn respond(state: &AppState, status: StatusCode, page: &FormPage) -> HttpResponse {
    let res = state.views.page(status, "pages/citizen/request_form", page);
    crate::web::respond::no_store(res)
}

pub async fn form(me: Officer<CaseHandlers>, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    match scope(&state, &user).await {
        Ok(Some((body, units))) => {
            let fixed = user.unit_id.is_some();
            let desk = Desk { body: &body, units: &units, fixed_unit: fixed };
            let p = page(&state, locale, &session.csrf_token, &desk, &Posted::default(), &[]);
            respond(&state, StatusCode::OK, &p)
        }
        Ok(None) => PageError::forbidden().into(),
        Err(e) => PageError::from(e).into(),
    }
}

/// The moment of receipt from the form's local date and time, in the zone of the unit (or the body).
fn received_at(input: &DeskPosted, body: &BodyRow, unit: Option<&UnitRow>) -> Option<chrono::DateTime<chrono::Utc>> {
    let date = NaiveDate::parse_from_str(input.received_date.trim(), "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(input.received_time.trim(), "%H:%M").ok()?;
    let local = zone(body, unit).from_local_datetime(&date.and_time(time)).single()?;
    Some(local.with_timezone(&chrono::Utc))
}

pub async fn submit(
    me: Officer<CaseHandlers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    payload: Multipart,
) -> HttpResponse {
    let locale = locale.0;
    let (user, session) = (me.user, me.session);
    let (body, units) = match scope(&state, &user).await {
        Ok(Some(s)) => s,
        Ok(None) => return PageError::forbidden().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let fixed = user.unit_id.is_some();
    let csrf = session.csrf_token.clone();
    let desk = Desk { body: &body, units: &units, fixed_unit: fixed };
    let show = |input: &Posted, problems: &[(String, String)]| {
        respond(&state, StatusCode::BAD_REQUEST, &page(&state, locale, &csrf, &desk, input, problems))
    };
    let form = match read_form(payload).await {
        Ok(f) => f,
        Err(e) => {
            tracing::info!(error = %e, "unreadable desk form");
            return show(&Posted::default(), &[("form".into(), "expired".into())]);
        }
    };
    let csrf_ok = crate::web::csrf::session_form_ok(&session, &form.text);
    let input = Posted { request: read_pairs(form.text.clone()), desk: read_pairs(form.text) };
    if !csrf_ok {
        return show(&input, &[("form".into(), "expired".into())]);
    }
    let posted = &input.desk;
    let mut problems: Vec<(String, String)> = Vec::new();
    let channel = Channel::parse(posted.channel.trim()).filter(|c| DESK_CHANNELS.contains(c));
    if channel.is_none() {
        problems.push(("channel".into(), "invalid_choice".into()));
    }
    let chosen_unit = Some(posted.unit.trim().to_owned()).filter(|u| !u.is_empty());
    let unit = match (&chosen_unit, fixed) {
        (_, true) => units.first(),
        (None, false) => None,
        (Some(slug), false) => {
            let found = units.iter().find(|u| &u.slug == slug);
            if found.is_none() {
                problems.push(("unit".into(), "invalid_choice".into()));
            }
            found
        }
    };
    let received = received_at(posted, &body, unit);
    if received.is_none() {
        problems.push(("received_at".into(), "invalid_date_time".into()));
    }
    for kind in &form.too_large {
        problems.push((kind.as_str().to_owned(), "file_too_large".into()));
    }
    let (Some(channel), Some(received_at), true) = (channel, received, problems.is_empty()) else {
        return show(&input, &problems);
    };
    let language = if posted.language.trim() == "en" { "en" } else { "id" };
    let new_request = NewRequest {
        unit: unit.map(|u| u.slug.clone()),
        ..input.request.request(&body.slug, channel, received_at, language, form.uploads)
    };
    let (calendar, now, secrets, files) =
        (state.settings.calendar, state.clock.now(), state.secrets.clone(), state.files.clone());
    let actor = Actor::new(ActorKind::Officer, user.id.clone());
    let result = state
        .db
        .run(move |conn| cases::register_request(conn, calendar, &secrets, &files, &new_request, &actor, now))
        .await;
    match result {
        // The requester's receipt, for the officer to print or send: it carries the tracking link.
        Ok(registration) => {
            crate::web::respond::redirect_private(&format!("/lacak/{}/tanda-terima", registration.tracking_token))
        }
        Err(ServiceError::Invalid(found)) => {
            let problems: Vec<(String, String)> =
                found.iter().map(|p| (p.field.to_owned(), p.code.to_owned())).collect();
            show(&input, &problems)
        }
        Err(e) => PageError::from(e).into(),
    }
}

/// `POST /ruang-kerja/permohonan/{id}/tautan-baru`: a new tracking link for a requester who lost theirs (a walk-in,
/// phone or letter requester without email, or a receipt handed to the wrong person). Every earlier link stops
/// working, the request's history records who did it, and the officer's browser opens the new receipt to print
/// and hand over (its address is the link: it is never stored and never sent on as a referrer).
pub async fn new_tracking_link(
    me: CaseScope<CaseHandlers>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<NoFields>,
) -> HttpResponse {
    let (user, session, id) = (me.user, me.session, path.into_inner());
    // Out of scope is "not found" whatever was posted; then the form's token.
    if let Err(e) = crate::web::pages::workspace::request_case::load(&state, &user, &id).await {
        return PageError::from(e).into();
    }
    if form.for_session(&session).is_err() {
        return PageError::bad_request().into();
    }
    let (calendar, now) = (state.settings.calendar, state.clock.now());
    let target = id.clone();
    match state.db.run(move |conn| officer::reissue_tracking_link(conn, calendar, &user, &target, now)).await {
        Ok(token) => {
            tracing::info!(request = %id, "tracking link given again by an officer");
            crate::web::respond::redirect_private(&format!("/lacak/{token}/tanda-terima"))
        }
        Err(e) => PageError::from(e).into(),
    }
}
