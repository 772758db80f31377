//! The citizen's request form (also the desk form's base): works without JavaScript, follows the GOV.UK pattern
//! (an error summary at the top linking to each field, the message again beside the field, everything typed
//! kept), and registers the request at once. Anonymous forms are protected by a signed double-submit CSRF token
//! (no server session) and a honeypot field.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::repo::events::{Actor, ActorKind};
use crate::domain::request::Channel;
use crate::i18n::{Locale, datetime_long, t, t_args};
use crate::service::cases::{
    self, DELIVERY_METHODS, NewRequest, OBTAIN_METHODS, REQUESTER_KINDS, RequesterInput, Upload,
};
use crate::service::idempotency::{self, Answer, Outcome, Submission};
use crate::service::limits::Limit;
use crate::service::{ServiceError, portal};
use crate::views::PageMeta;
use crate::web::error::PageError;
use crate::web::form::{Choice, ErrorLink, Radio, field_message, posted_form, radios, read_form, read_pairs};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

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

posted_form! {
    /// A request as the form posts it: the citizen's form, and the desk form's shared part.
    pub struct RequestPosted {
        requester_kind = "requester_kind",
        requester_name = "requester_name",
        requester_nik = "requester_nik",
        entity_decree_number = "entity_decree_number",
        representative_name = "representative_name",
        representative_nik = "representative_nik",
        requester_address = "requester_address",
        requester_occupation = "requester_occupation",
        requester_phone = "requester_phone",
        requester_email = "requester_email",
        information = "information",
        purpose = "purpose",
        obtain_method = "obtain_method",
        delivery_method = "delivery_method",
        publish_consent = "publish_consent",
        /// Hidden from people; filled by bots that fill every field.
        honeypot = "situs_web",
    }
}

impl RequestPosted {
    /// The request to register, received by `channel` at `received_at`, from a requester who reads `language`.
    pub(crate) fn request(
        &self,
        body: &str,
        channel: Channel,
        received_at: chrono::DateTime<chrono::Utc>,
        language: &str,
        documents: Vec<Upload>,
    ) -> NewRequest {
        NewRequest {
            body: body.to_owned(),
            unit: None,
            requester: RequesterInput {
                kind: self.requester_kind.clone(),
                name: self.requester_name.clone(),
                email: self.requester_email.clone(),
                phone: self.requester_phone.clone(),
                address: self.requester_address.clone(),
                occupation: self.requester_occupation.clone(),
                nik: self.requester_nik.clone(),
                entity_decree_number: self.entity_decree_number.clone(),
                representative_name: self.representative_name.clone(),
                representative_nik: self.representative_nik.clone(),
                language: language.to_owned(),
            },
            channel,
            received_at,
            information: self.information.clone(),
            purpose: self.purpose.clone(),
            obtain_method: self.obtain_method.clone(),
            delivery_method: self.delivery_method.clone(),
            publish_consent: self.publish_consent == "ya",
            documents,
        }
    }
}

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
pub struct OfficerSection {
    pub channels: Vec<Radio>,
    pub channel_error: Option<String>,
    pub received_date: String,
    pub received_time: String,
    pub received_hint: String,
    pub received_error: Option<String>,
    pub units: Vec<Choice>,
    pub unit_fixed: bool,
    pub unit_error: Option<String>,
    pub languages: Vec<Choice>,
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
    /// The file chosen in each file field before the form came back with problems (browsers never send a file
    /// again): named at its field, so that nobody thinks it was kept.
    identity_scan_again: Option<String>,
    power_of_attorney_again: Option<String>,
    /// The requester's form asks who is asking first (`kind_step`: only that question), then shows the fields of
    /// that kind of requester (`kind_chosen`); the desk form shows every field with the kind as a choice.
    kind_step: bool,
    kind_chosen: Option<KindChosen>,
    kind_options: Vec<KindOption>,
    show_identity_scan: bool,
    show_power_of_attorney: bool,
    step_action: String,
}

/// The kind of requester chosen on the first step, shown above the fields with a way back.
#[derive(Serialize)]
struct KindChosen {
    value: String,
    label: String,
    change_href: String,
}

/// One answer of the first step, with what that kind of requester needs ready.
#[derive(Serialize)]
struct KindOption {
    value: &'static str,
    label: String,
    hint: String,
    checked: bool,
}

/// The text fields a kind of requester fills in (the desk form shows them all).
fn fields_of_kind(kind: &str) -> Vec<&'static str> {
    TEXT_FIELDS[..9]
        .iter()
        .copied()
        .filter(|f| match *f {
            "entity_decree_number" => kind == "legal_entity",
            "requester_nik" => kind != "legal_entity",
            "representative_name" | "representative_nik" => kind == "represented",
            _ => true,
        })
        .collect()
}

impl FormPage {
    /// Names the files chosen before the form came back (`(field, file name)`), at their fields.
    pub(crate) fn with_files_chosen(mut self, chosen: &[(&str, String)]) -> FormPage {
        // A file refused for itself (its type, its size) has its own message; the note is for good files only.
        for (field, name) in chosen {
            match *field {
                "identity_scan" if self.identity_scan_error.is_none() => self.identity_scan_again = Some(name.clone()),
                "power_of_attorney" if self.power_of_attorney_error.is_none() => {
                    self.power_of_attorney_again = Some(name.clone())
                }
                _ => {}
            }
        }
        self
    }
}

/// The form, with what was typed and any problems.
pub(crate) fn form_page(
    state: &AppState,
    locale: Locale,
    slug: &str,
    body_name: &str,
    input: &RequestPosted,
    problems: &[(String, String)],
    csrf: &str,
) -> FormPage {
    form_page_as(state, locale, (slug, body_name), input, problems, csrf, false)
}

/// [`form_page`] in the voice of who fills it in: the requester ("Tentang Anda"), or an officer recording a request
/// received at the desk, by letter or by phone (`officer`: "Tentang pemohon"), each sentence taken from its
/// `desk-` message where the two differ.
pub(crate) fn form_page_as(
    state: &AppState,
    locale: Locale,
    (slug, body_name): (&str, &str),
    input: &RequestPosted,
    problems: &[(String, String)],
    csrf: &str,
    officer: bool,
) -> FormPage {
    use crate::i18n::try_t;
    // The officer's sentence (`desk-…`) where it differs from the requester's.
    let desk = |key: &str| officer.then(|| try_t(locale, &format!("desk-{key}"))).flatten();
    let say = |key: &str| desk(key).unwrap_or_else(|| t(locale, key));
    let say_opt = |key: &str| desk(key).or_else(|| try_t(locale, key));
    let message = |f: &str, code: &str| {
        let (dashed_f, dashed_code) = (f.replace('_', "-"), code.replace('_', "-"));
        desk(&format!("form-error-{dashed_f}-{dashed_code}"))
            .or_else(|| desk(&format!("form-error-{dashed_code}")))
            .unwrap_or_else(|| field_message(locale, f, code))
    };
    let here = format!("/badan/{slug}/permohonan/baru");
    let meta = PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t(locale, "form-title"));
    let entered = input.entered();
    let value = |k: &str| entered.get(k).cloned().unwrap_or_default();
    let error_of = |k: &str| problems.iter().find(|(f, _)| f == k).map(|(f, code)| message(f, code));
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
        Field {
            id,
            label: say(&format!("form-{key}")),
            hint: say_opt(&format!("form-{key}-hint")),
            value: value(id),
            error: error_of(id),
            input_type,
            autocomplete,
            inputmode,
            textarea: matches!(id, "information" | "purpose"),
        }
    };
    // The requester's form: the kind first, then only that kind's fields, labelled for it.
    let kind = value("requester_kind");
    let kind_known = REQUESTER_KINDS.contains(&kind.as_str());
    let kind_step = !officer && !kind_known;
    let shown: Vec<&'static str> =
        if officer || !kind_known { TEXT_FIELDS[..9].to_vec() } else { fields_of_kind(&kind) };
    let about_you = shown
        .iter()
        .map(|f| {
            let mut field = field(f);
            if !officer && kind_known {
                let (key, dashed_kind) = (f.replace('_', "-"), kind.replace('_', "-"));
                if let Some(label) = try_t(locale, &format!("form-{key}-{dashed_kind}")) {
                    field.label = label;
                }
                // "Only for legal entities" says nothing once only their fields are shown.
                if matches!(*f, "entity_decree_number" | "representative_name") {
                    field.hint = None;
                }
            }
            field
        })
        .collect();
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
            ErrorLink { href: format!("#{anchor}"), message: message(f, code) }
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
        kind_legend: say("form-kind"),
        obtain_legend: say("form-obtain"),
        delivery_legend: say("form-delivery"),
        kinds: radios(
            locale,
            if officer { "requester-kind" } else { "form-kind" },
            &REQUESTER_KINDS,
            &value("requester_kind"),
        ),
        kind_error: error_of("requester_kind"),
        obtain: radios(locale, "form-obtain", &OBTAIN_METHODS, &value("obtain_method")),
        obtain_error: error_of("obtain_method"),
        delivery: radios(locale, "form-delivery", &DELIVERY_METHODS, &value("delivery_method")),
        delivery_error: error_of("delivery_method"),
        consent: input.publish_consent == "ya",
        identity_scan_error: error_of("identity_scan"),
        power_of_attorney_error: error_of("power_of_attorney"),
        identity_scan_again: None,
        power_of_attorney_again: None,
        kind_step,
        kind_chosen: (!officer && kind_known).then(|| KindChosen {
            label: t(locale, &format!("form-kind-{}", kind.replace('_', "-"))),
            change_href: format!("{here}?jenis={kind}&ubah=1"),
            value: kind.clone(),
        }),
        kind_options: REQUESTER_KINDS
            .iter()
            .map(|k| KindOption {
                value: k,
                label: t(locale, &format!("form-kind-{}", k.replace('_', "-"))),
                hint: t(locale, &format!("form-kind-{}-hint", k.replace('_', "-"))),
                checked: *k == kind,
            })
            .collect(),
        show_identity_scan: officer || kind_known,
        show_power_of_attorney: officer || matches!(kind.as_str(), "group" | "represented"),
        step_action: here.clone(),
        officer: None,
    }
}

fn form_response(state: &AppState, status: StatusCode, page: &FormPage) -> HttpResponse {
    crate::web::respond::anonymous_form(state, status, "pages/citizen/request_form", page, &page.csrf)
}

/// `GET /badan/{slug}/permohonan/baru`: first who is asking (`?jenis=` answers it, `&ubah=1` asks it again with
/// the answer chosen; `pilih=1` marks the question as sent, since a browser sends no unchosen radio), then the
/// form for that kind of requester.
pub async fn request_form(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let slug = path.into_inner();
    let lookup = slug.clone();
    let body = match state.db.run(move |conn| portal::body(conn, &lookup)).await {
        Ok(Some(b)) => b,
        Ok(None) => return PageError::not_found().into(),
        Err(e) => return PageError::from(e).into(),
    };
    let csrf = state.secrets.csrf_token();
    let chosen = query.get("jenis").map(|k| k.trim().to_owned());
    let again = query.get("ubah").is_some();
    let input = RequestPosted { requester_kind: chosen.clone().unwrap_or_default(), ..Default::default() };
    let mut page = form_page(&state, locale, &slug, &body.name, &input, &[], &csrf);
    let mut status = StatusCode::OK;
    if again {
        page.kind_step = true;
        page.kind_chosen = None;
    } else if (chosen.is_some() || query.contains_key("pilih")) && page.kind_step {
        // "Lanjut" without an answer (or one the form does not offer).
        let message = t(locale, "form-error-requester-kind-invalid-choice");
        page.kind_error = Some(message.clone());
        page.errors = vec![ErrorLink { href: "#jenis-individual".into(), message }];
        status = StatusCode::BAD_REQUEST;
    }
    form_response(&state, status, &page)
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
            let page = form_page(&state, locale, &slug, &body.name, &RequestPosted::default(), &problems, &fresh_csrf);
            return form_response(&state, StatusCode::BAD_REQUEST, &page);
        }
    };
    let csrf_ok = crate::web::csrf::valid(&state, &req, &form.text);
    // The form's token is used once: the same form sent again (a double click, a reload, a retry after a lost
    // answer) gets the first receipt. What was sent tells a resend from another request typed into an old page.
    let form_token = form.text.get(crate::web::csrf::FIELD).cloned().unwrap_or_default();
    let sent = form_fingerprint(&form.text, &form.uploads);
    let input: RequestPosted = read_pairs(form.text);
    if !csrf_ok {
        let problems = vec![("form".to_owned(), "expired".to_owned())];
        let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
        return form_response(&state, StatusCode::BAD_REQUEST, &page);
    }
    if !input.honeypot.trim().is_empty() {
        tracing::info!("request form: honeypot field filled; nothing registered");
        let problems = vec![("form".to_owned(), "rejected".to_owned())];
        let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
        return form_response(&state, StatusCode::BAD_REQUEST, &page);
    }

    // Limits per client address and per email, counted in the database.
    let now = state.clock.now();
    let ip = crate::web::client::ip(&req, &state.settings.limits.trusted_proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let email = input.requester_email.trim().to_lowercase();
    let limits = [
        (Limit::requests_per_ip(state.settings.limits.requests_per_ip_per_hour), ip),
        (Limit::requests_per_email(state.settings.limits.requests_per_email_per_day), email),
    ];
    let chosen: Vec<(&str, String)> = form.uploads.iter().map(|u| (u.kind.as_str(), u.file_name.clone())).collect();
    let new_request = input.request(&slug, Channel::Web, state.clock.now(), locale.code(), form.uploads);
    if !form.too_large.is_empty() {
        let problems: Vec<(String, String)> =
            form.too_large.iter().map(|k| (k.as_str().to_owned(), "file_too_large".to_owned())).collect();
        let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
        return form_response(&state, StatusCode::BAD_REQUEST, &page.with_files_chosen(&chosen));
    }
    let calendar = state.settings.calendar;
    let secrets = state.secrets.clone();
    let files = state.files.clone();
    let scope = format!("form/bodies/{slug}/requests");
    let result = state
        .db
        .run(move |conn| {
            let submission = Submission { scope: &scope, key: &form_token, request: &sent };
            idempotency::once(conn, &secrets, Some(&submission), now, |conn| {
                let keys: Vec<(Limit, &str)> = limits.iter().map(|(limit, key)| (*limit, key.as_str())).collect();
                let registered = crate::service::limits::within(conn, &secrets, &keys, now, |conn| {
                    let actor = Actor { kind: ActorKind::Requester, id: None };
                    cases::register_request(conn, calendar, &secrets, &files, &new_request, &actor, now)
                })?;
                Ok(match registered {
                    Ok(r) => {
                        let location = format!("/lacak/{}/tanda-terima", r.tracking_token);
                        (Answer { status: 303, location, body: String::new() }, None)
                    }
                    Err(at) => (Answer { status: 429, location: String::new(), body: String::new() }, Some(at)),
                })
            })
        })
        .await;
    match result {
        Ok(Outcome::Done(_, Some(at))) => {
            let zone: chrono_tz::Tz = body.time_zone.parse().unwrap_or(chrono_tz::Asia::Jakarta);
            let message = t_args(locale, "form-error-too-many", &[("time", datetime_long(locale, at, zone))]);
            let problems = vec![("form".to_owned(), "too_many".to_owned())];
            let mut page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
            page.errors = vec![ErrorLink { href: "#main".into(), message }];
            let res = form_response(&state, StatusCode::TOO_MANY_REQUESTS, &page.with_files_chosen(&chosen));
            crate::web::respond::retry_after(res, at, now)
        }
        Ok(Outcome::Done(answer, None) | Outcome::Replayed(answer)) => {
            crate::web::respond::redirect_private(&answer.location)
        }
        Ok(Outcome::KeyReused) => {
            let problems = vec![("form".to_owned(), "already_sent".to_owned())];
            let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
            form_response(&state, StatusCode::BAD_REQUEST, &page.with_files_chosen(&chosen))
        }
        Err(ServiceError::Invalid(problems)) => {
            let problems: Vec<(String, String)> =
                problems.iter().map(|p| (p.field.to_owned(), p.code.to_owned())).collect();
            let page = form_page(&state, locale, &slug, &body.name, &input, &problems, &fresh_csrf);
            form_response(&state, StatusCode::BAD_REQUEST, &page.with_files_chosen(&chosen))
        }
        Err(ServiceError::NotFound { .. }) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}

/// What a request form carried, for telling a resend of the same form from another request typed into it: every
/// field but the token, in order, and each file's kind, name and SHA-256.
fn form_fingerprint(text: &std::collections::HashMap<String, String>, uploads: &[cases::Upload]) -> Vec<u8> {
    use sha2::Digest;
    let mut fields: Vec<(&String, &String)> = text.iter().filter(|(k, _)| *k != crate::web::csrf::FIELD).collect();
    fields.sort();
    let mut out = Vec::new();
    for (k, v) in fields {
        out.extend_from_slice(format!("{k}\0{v}\0").as_bytes());
    }
    for u in uploads {
        let digest = hex::encode(sha2::Sha256::digest(&u.bytes));
        out.extend_from_slice(format!("{:?}\0{}\0{digest}\0", u.kind, u.file_name).as_bytes());
    }
    out
}
