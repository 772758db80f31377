//! The citizen's request: the body's page, the request form, the receipt, and the private tracking page.
//!
//! The form works without JavaScript, follows the GOV.UK pattern (an error summary at the top linking to each
//! field, the message again beside the field, everything typed kept), and registers the request at once. Anonymous
//! forms are protected by a signed double-submit CSRF token (no server session) and a honeypot field. Tracking
//! pages are reached only by their unguessable token and carry `Referrer-Policy: no-referrer`.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::repo::events::{Actor, ActorKind};
use crate::domain::request::Channel;
use crate::i18n::{Locale, date_long, datetime_long, t, t_args};
use crate::service::cases::{self, DELIVERY_METHODS, NewRequest, OBTAIN_METHODS, REQUESTER_KINDS, RequesterInput};
use crate::service::limits::Limit;
use crate::service::{ServiceError, portal};
use crate::views::PageMeta;
use crate::views::case::{DeadlineView, DocumentLink, TimelineItem, calendar_used, deadline_view, event_text};
use crate::views::format::file_size;
use crate::web::error::PageError;
use crate::web::form::{Radio, field_message, radios, read_form};
use crate::web::locale::RequestLocale;
use crate::web::page_cache::{CachedPage, PageKey};
use crate::web::respond::send_file;
use crate::web::state::AppState;
use actix_multipart::Multipart;

/// Left empty by people (it is hidden from them); filled by bots that fill every field.
const HONEYPOT_FIELD: &str = "situs_web";

/// The text fields of the form, in the order they appear.
const TEXT_FIELDS: [&str; 11] = [
    "requester_name",
    "requester_nik",
    "entity_decree_number",
    "representative_name",
    "representative_nik",
    "requester_address",
    "requester_occupation",
    "requester_phone",
    "requester_email",
    "information",
    "purpose",
];

// ---- The body's page ----

#[derive(Serialize)]
struct BodyPage {
    #[serde(flatten)]
    meta: PageMeta,
    name: String,
    slug: String,
    ppid_email: String,
    ppid_phone: String,
    ppid_address: String,
    /// The published annual reports, newest first.
    reports: Vec<crate::views::compliance::PublicLink>,
}

pub async fn body_page(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    let locale = locale.0;
    let slug = path.into_inner();
    let here = format!("/badan/{slug}");
    let lookup = slug.clone();
    let found = state
        .db
        .run(move |conn| {
            let Some(body) = portal::body(conn, &lookup)? else { return Ok(None) };
            let years = crate::service::reports::published_years(conn, &body.id)?;
            Ok::<_, crate::service::ServiceError>(Some((body, years)))
        })
        .await;
    let (body, years) = match found {
        Ok(Some(b)) => b,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let meta = PageMeta::new(locale, &state.settings.instance_name, &here).with_title(body.name.clone());
    let page = BodyPage {
        meta,
        name: body.name,
        slug: body.slug,
        ppid_email: body.ppid_email,
        ppid_phone: body.ppid_phone,
        ppid_address: body.ppid_address,
        reports: crate::views::compliance::public_links(&slug, &years),
    };
    state.views.page(StatusCode::OK, "pages/body", &page)
}

// ---- The request form ----

/// One text field, with its translated label and hint.
#[derive(Serialize)]
struct Field {
    id: &'static str,
    label: String,
    hint: Option<String>,
    value: String,
    error: Option<String>,
    input_type: &'static str,
    autocomplete: &'static str,
    inputmode: &'static str,
    textarea: bool,
}

#[derive(Serialize)]
pub(crate) struct ErrorLink {
    pub href: String,
    pub message: String,
}

#[derive(Serialize)]
pub struct OfficerSection {
    pub channels: Vec<Radio>,
    pub channel_error: Option<String>,
    pub received_date: String,
    pub received_time: String,
    pub received_hint: String,
    pub received_error: Option<String>,
    pub units: Vec<Radio>,
    pub unit_fixed: bool,
    pub unit_error: Option<String>,
    pub languages: Vec<Radio>,
}

#[derive(Serialize)]
pub(crate) struct FormPage {
    #[serde(flatten)]
    pub meta: PageMeta,
    pub body_name: String,
    pub action: String,
    pub csrf: String,
    pub errors: Vec<ErrorLink>,
    /// The fields only an officer registering a request fills in (channel, time of receipt, unit).
    pub officer: Option<OfficerSection>,
    about_you: Vec<Field>,
    request_fields: Vec<Field>,
    kind_legend: String,
    kinds: Vec<Radio>,
    kind_error: Option<String>,
    obtain_legend: String,
    delivery_legend: String,
    obtain: Vec<Radio>,
    obtain_error: Option<String>,
    delivery: Vec<Radio>,
    delivery_error: Option<String>,
    consent: bool,
    identity_scan_error: Option<String>,
    power_of_attorney_error: Option<String>,
    files_again: bool,
}

/// The form, with what was typed and any problems.
pub(crate) fn form_page(
    state: &AppState,
    locale: Locale,
    slug: &str,
    body_name: &str,
    input: &HashMap<String, String>,
    problems: &[(String, String)],
    csrf: &str,
) -> FormPage {
    let here = format!("/badan/{slug}/permohonan/baru");
    let meta = PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t(locale, "form-title"));
    let value = |k: &str| input.get(k).cloned().unwrap_or_default();
    let error_of = |k: &str| problems.iter().find(|(f, _)| f == k).map(|(f, code)| field_message(locale, f, code));
    let field = |id: &'static str| {
        let key = id.replace('_', "-");
        let (input_type, autocomplete, inputmode) = match id {
            "requester_name" | "representative_name" => ("text", "name", "text"),
            "requester_nik" | "representative_nik" => ("text", "off", "numeric"),
            "requester_address" => ("text", "street-address", "text"),
            "requester_occupation" => ("text", "organization-title", "text"),
            "requester_phone" => ("tel", "tel", "tel"),
            "requester_email" => ("email", "email", "email"),
            _ => ("text", "off", "text"),
        };
        use fluent_templates::Loader;
        Field {
            id,
            label: t(locale, &format!("form-{key}")),
            hint: crate::i18n::LOCALES.try_lookup(&locale.langid(), &format!("form-{key}-hint")),
            value: value(id),
            error: error_of(id),
            input_type,
            autocomplete,
            inputmode,
            textarea: matches!(id, "information" | "purpose"),
        }
    };
    let about_you = TEXT_FIELDS[..9].iter().map(|f| field(f)).collect();
    let request_fields = TEXT_FIELDS[9..].iter().map(|f| field(f)).collect();
    let errors = problems
        .iter()
        .map(|(f, code)| {
            let anchor = match f.as_str() {
                "requester_kind" => "requester_kind-individual".to_owned(),
                "obtain_method" => "obtain_method-inspect".to_owned(),
                "delivery_method" => "delivery_method-pickup".to_owned(),
                "identity_scan" | "power_of_attorney" => f.clone(),
                "form" => "main".to_owned(),
                other => other.to_owned(),
            };
            ErrorLink { href: format!("#{anchor}"), message: field_message(locale, f, code) }
        })
        .collect();
    FormPage {
        meta,
        body_name: body_name.to_owned(),
        action: format!("/badan/{slug}/permohonan"),
        csrf: csrf.to_owned(),
        errors,
        about_you,
        request_fields,
        kind_legend: t(locale, "form-kind"),
        obtain_legend: t(locale, "form-obtain"),
        delivery_legend: t(locale, "form-delivery"),
        kinds: radios(locale, "form-kind", &REQUESTER_KINDS, &value("requester_kind")),
        kind_error: error_of("requester_kind"),
        obtain: radios(locale, "form-obtain", &OBTAIN_METHODS, &value("obtain_method")),
        obtain_error: error_of("obtain_method"),
        delivery: radios(locale, "form-delivery", &DELIVERY_METHODS, &value("delivery_method")),
        delivery_error: error_of("delivery_method"),
        consent: input.get("publish_consent").is_some_and(|v| v == "ya"),
        identity_scan_error: error_of("identity_scan"),
        power_of_attorney_error: error_of("power_of_attorney"),
        files_again: !problems.is_empty(),
        officer: None,
    }
}

fn form_response(state: &AppState, status: StatusCode, page: &FormPage) -> HttpResponse {
    let mut res = state.views.page(status, "pages/request_form", page);
    let _ = res.add_cookie(&crate::web::csrf::cookie(state, &page.csrf));
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    res
}

pub async fn request_form(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    let locale = locale.0;
    let slug = path.into_inner();
    let lookup = slug.clone();
    let body = match state.db.run(move |conn| portal::body(conn, &lookup)).await {
        Ok(Some(b)) => b,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let csrf = state.secrets.csrf_token();
    let page = form_page(&state, locale, &slug, &body.name, &HashMap::new(), &[], &csrf);
    form_response(&state, StatusCode::OK, &page)
}

/// The requester as the form gives them.
pub(crate) fn requester_input(input: &HashMap<String, String>, language: &str) -> RequesterInput {
    let v = |k: &str| input.get(k).cloned().unwrap_or_default();
    RequesterInput {
        kind: v("requester_kind"),
        name: v("requester_name"),
        email: v("requester_email"),
        phone: v("requester_phone"),
        address: v("requester_address"),
        occupation: v("requester_occupation"),
        nik: v("requester_nik"),
        entity_decree_number: v("entity_decree_number"),
        representative_name: v("representative_name"),
        representative_nik: v("representative_nik"),
        language: language.to_owned(),
    }
}

pub async fn submit_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    payload: Multipart,
) -> HttpResponse {
    let locale = locale.0;
    let slug = path.into_inner();
    let form = read_form(payload).await;
    let lookup = slug.clone();
    let body = match state.db.run(move |conn| portal::body(conn, &lookup)).await {
        Ok(Some(b)) => b,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let fresh_csrf = state.secrets.csrf_token();
    let form = match form {
        Ok(f) => f,
        Err(e) => {
            // Not the form this page sends (e.g. an old copy of the page): show it again, to be sent again.
            tracing::info!(error = %e, "unreadable request form");
            let problems = vec![("form".to_owned(), "expired".to_owned())];
            let page = form_page(&state, locale, &slug, &body.name, &HashMap::new(), &problems, &fresh_csrf);
            return form_response(&state, StatusCode::BAD_REQUEST, &page);
        }
    };
    let input = form.text;
    if !crate::web::csrf::valid(&state, &req, &input) {
        let problems = vec![("form".to_owned(), "expired".to_owned())];
        let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
        return form_response(&state, StatusCode::BAD_REQUEST, &page);
    }
    if input.get(HONEYPOT_FIELD).is_some_and(|v| !v.trim().is_empty()) {
        tracing::info!("request form: honeypot field filled; nothing registered");
        let problems = vec![("form".to_owned(), "rejected".to_owned())];
        let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
        return form_response(&state, StatusCode::BAD_REQUEST, &page);
    }

    let v = |k: &str| input.get(k).cloned().unwrap_or_default();
    // Limits per client address and per email, counted in the database.
    let now = state.clock.now();
    let ip = crate::web::client::ip(&req, &state.settings.limits.trusted_proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let email = v("requester_email").trim().to_lowercase();
    let limits = [
        (Limit::requests_per_ip(state.settings.limits.requests_per_ip_per_hour), ip.clone()),
        (Limit::requests_per_email(state.settings.limits.requests_per_email_per_day), email.clone()),
    ];
    let secrets = state.secrets.clone();
    let check = limits.clone();
    let retry_at = state
        .db
        .run(move |conn| -> Result<Option<chrono::DateTime<chrono::Utc>>, ServiceError> {
            let mut latest = None;
            for (limit, key) in check.iter().filter(|(_, k)| !k.is_empty()) {
                if let Some(at) = crate::service::limits::check(conn, &secrets, *limit, key, now)? {
                    latest = latest.max(Some(at));
                }
            }
            Ok(latest)
        })
        .await;
    match retry_at {
        Ok(None) => {}
        Ok(Some(at)) => {
            let zone: chrono_tz::Tz = body.time_zone.parse().unwrap_or(chrono_tz::Asia::Jakarta);
            let message = t_args(locale, "form-error-too-many", &[("time", datetime_long(locale, at, zone))]);
            let problems = vec![("form".to_owned(), "too_many".to_owned())];
            let mut page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
            page.errors = vec![ErrorLink { href: "#main".into(), message }];
            let mut res = form_response(&state, StatusCode::TOO_MANY_REQUESTS, &page);
            let wait = (at - now).num_seconds().max(1);
            res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(wait));
            return res;
        }
        Err(e) => return PageError::from(e).into(),
    }
    let new_request = NewRequest {
        body: slug.clone(),
        unit: None,
        requester: requester_input(&input, locale.code()),
        channel: Channel::Web,
        received_at: state.clock.now(),
        information: v("information"),
        purpose: v("purpose"),
        obtain_method: v("obtain_method"),
        delivery_method: v("delivery_method"),
        publish_consent: v("publish_consent") == "ya",
        documents: form.uploads,
    };
    if !form.too_large.is_empty() {
        let problems: Vec<(String, String)> =
            form.too_large.iter().map(|k| (k.as_str().to_owned(), "file_too_large".to_owned())).collect();
        let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
        return form_response(&state, StatusCode::BAD_REQUEST, &page);
    }
    let calendar = state.settings.calendar;
    let secrets = state.secrets.clone();
    let files = state.files.clone();
    let result = state
        .db
        .run(move |conn| {
            let actor = Actor { kind: ActorKind::Requester, id: None };
            let registration = cases::register_request(conn, calendar, &secrets, &files, &new_request, &actor, now)?;
            for (limit, key) in limits.iter().filter(|(_, k)| !k.is_empty()) {
                crate::service::limits::record(conn, &secrets, *limit, key, now)?;
            }
            Ok::<_, ServiceError>(registration)
        })
        .await;
    match result {
        Ok(registration) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/lacak/{}/tanda-terima", registration.tracking_token)))
            .insert_header((header::REFERRER_POLICY, "no-referrer"))
            .finish(),
        Err(ServiceError::Invalid(problems)) => {
            let problems: Vec<(String, String)> =
                problems.iter().map(|p| (p.field.to_owned(), p.code.to_owned())).collect();
            let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
            form_response(&state, StatusCode::BAD_REQUEST, &page)
        }
        Err(ServiceError::NotFound { .. }) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}

// ---- Receipt and tracking ----

#[derive(Serialize)]
struct TrackingPage {
    #[serde(flatten)]
    meta: PageMeta,
    number: String,
    status: String,
    body_name: String,
    unit_name: Option<String>,
    received: String,
    requester_name: String,
    information: String,
    purpose: String,
    deadlines: Vec<DeadlineView>,
    timeline: Vec<TimelineItem>,
    tracking_url: String,
    receipt_url: String,
    overdue: bool,
    objections: Vec<ObjectionItem>,
    documents: Vec<DocumentLink>,
    can_act: bool,
    can_object: bool,
    object_hint: String,
    objection_url: String,
    can_withdraw: bool,
    withdraw_url: String,
    letters: Vec<crate::views::case::LetterLink>,
}

#[derive(Serialize)]
struct ObjectionItem {
    number: String,
    status: String,
    c4_due: String,
    dispute_due: Option<String>,
    dispute_url: String,
    disputes: Vec<String>,
}

/// The tracking page and the receipt: from the rendered-page cache when the request's stamp, the day and the
/// banner are what the cached page was made from (web::page_cache), otherwise read and rendered, then kept.
async fn tracking_page(
    state: &AppState,
    locale: Locale,
    token: &str,
    template: &'static str,
    title_key: &str,
) -> HttpResponse {
    let now = state.clock.now();
    let demo = state.views.demo();
    let stamp = match state.stamps.get(token).await {
        Ok(Some(s)) => s,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let key = PageKey { token_hash: stamp.token_hash.clone(), locale, template };
    if let Some(page) = state.pages.get(&key).filter(|p| p.is_current(&stamp, now, demo)) {
        return tracking_response(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(page.html.clone()));
    }
    let calendar = state.settings.calendar;
    let lookup = token.to_owned();
    let tracking = match state.db.run(move |conn| portal::tracking(conn, calendar, &lookup, now)).await {
        Ok(Some(t)) => t,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let (today, zone) = (tracking.today, tracking.zone);
    let page = tracking_view(state, locale, token, title_key, tracking);
    let html = match state.views.page_html(template, &page) {
        Ok(html) => actix_web::web::Bytes::from(html),
        Err(e) => return tracking_response(crate::views::Views::render_failed(template, &e)),
    };
    state.pages.put(key, CachedPage { stamp, today, zone, demo, html: html.clone() });
    tracking_response(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(html))
}

/// The headers of every tracking page: never cached by browsers or proxies, never indexed, no referrer.
fn tracking_response(mut res: HttpResponse) -> HttpResponse {
    let headers = res.headers_mut();
    headers.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    headers.insert(header::HeaderName::from_static("x-robots-tag"), header::HeaderValue::from_static("noindex"));
    res
}

fn tracking_view(
    state: &AppState,
    locale: Locale,
    token: &str,
    title_key: &str,
    tracking: portal::Tracking,
) -> TrackingPage {
    let here = format!("/lacak/{token}");
    let zone = tracking.zone;
    let calendar = calendar_used(locale, tracking.request.calendar_version, &tracking.ki_name);
    let mut deadlines = vec![deadline_view(locale, "deadline-c1", &tracking.c1, &calendar)];
    deadlines.push(deadline_view(
        locale,
        if tracking.extended { "deadline-c2" } else { "deadline-c2-possible" },
        &tracking.c2,
        &calendar,
    ));
    let timeline = tracking
        .events
        .iter()
        .filter(|(_, e)| {
            !matches!(
                e,
                crate::domain::request::RequestEvent::DeadlineMoveRefused { .. }
                    | crate::domain::request::RequestEvent::NoteAdded { .. }
            )
        })
        .map(|(row, e)| TimelineItem {
            date: datetime_long(locale, row.recorded_at.and_utc(), zone),
            text: event_text(locale, e),
            reason: (!row.reason.is_empty()).then(|| row.reason.clone()),
        })
        .collect();
    let today = tracking.today;
    let open_grounds: Vec<String> = tracking
        .grounds
        .iter()
        .filter(|g| g.open)
        .map(|g| crate::views::case::ground_label(locale, g.ground))
        .collect();
    let objections = tracking
        .objections
        .iter()
        .map(|(o, window)| ObjectionItem {
            number: o.registration_number.clone(),
            status: t(locale, &format!("objection-status-{}", o.state)),
            c4_due: date_long(locale, o.c4_due),
            dispute_due: window.map(|w| date_long(locale, w.due)),
            dispute_url: format!("/lacak/{token}/keberatan/{}/sengketa", o.id),
            disputes: tracking
                .disputes
                .iter()
                .filter(|d| d.objection_id == o.id)
                .map(|d| {
                    let key = if d.confirmed { "tracking-dispute-confirmed" } else { "tracking-dispute-claimed" };
                    let mut text = t_args(locale, key, &[("date", date_long(locale, d.filed_on))]);
                    if let Some(n) = &d.ki_number {
                        text.push_str(&format!(" · {n}"));
                    }
                    text
                })
                .collect(),
        })
        .collect();
    let can_withdraw = matches!(tracking.request.state.as_str(), "registered" | "extended" | "notice_given");
    let mut letters = crate::views::case::links(
        locale,
        &format!("/lacak/{token}/surat"),
        &crate::service::letters::request_letters(&tracking.aggregate),
    );
    for (o, _) in &tracking.objections {
        letters.extend(crate::views::case::links(
            locale,
            &format!("/lacak/{token}/keberatan/{}/surat", o.id),
            &crate::service::letters::objection_letters_of_row(o),
        ));
    }
    TrackingPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t(locale, title_key)),
        number: tracking.request.registration_number.clone(),
        status: t(locale, &format!("status-{}", tracking.request.state.replace('_', "-"))),
        body_name: tracking.body.name.clone(),
        unit_name: tracking.unit_name.clone(),
        received: datetime_long(locale, tracking.request.received_at.and_utc(), zone),
        requester_name: tracking.requester.name.clone(),
        information: tracking.request.information.clone(),
        purpose: tracking.request.purpose.clone(),
        deadlines,
        timeline,
        tracking_url: format!("{}/lacak/{token}", state.base_url),
        receipt_url: format!("/lacak/{token}/tanda-terima"),
        overdue: tracking.aggregate.is_overdue(today),
        objections,
        documents: tracking
            .documents
            .iter()
            .map(|d| DocumentLink {
                name: d.file_name.clone(),
                href: format!("/lacak/{token}/dokumen/{}", d.id),
                size: file_size(d.size_bytes),
            })
            .collect(),
        can_act: !open_grounds.is_empty() || can_withdraw,
        can_object: !open_grounds.is_empty(),
        object_hint: t_args(locale, "tracking-object-hint", &[("grounds", open_grounds.join("; "))]),
        objection_url: format!("/lacak/{token}/keberatan"),
        letters,
        can_withdraw,
        withdraw_url: format!("/lacak/{token}/cabut"),
    }
}

pub async fn receipt(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    tracking_page(&state, locale.0, &path.into_inner(), "pages/receipt", "receipt-title").await
}

pub async fn track(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    tracking_page(&state, locale.0, &path.into_inner(), "pages/tracking", "tracking-title").await
}

/// A document the body provided, to the holder of the request's token only.
pub async fn document(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (_locale, (token, id)) = (locale.0, path.into_inner());
    let found = state
        .db
        .run(move |conn| {
            let Some(request) = portal::request_by_token(conn, &token)? else { return Ok(None) };
            let documents = crate::db::repo::cases::response_documents_of(conn, &request.id)?;
            Ok::<_, crate::service::ServiceError>(documents.into_iter().find(|d| d.id == id))
        })
        .await;
    match found {
        Ok(Some(doc)) => {
            send_file(&state, &doc.id, &doc.file_name, &doc.content_type, &doc.storage_key).unwrap_or_else(Into::into)
        }
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}
