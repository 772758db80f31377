//! An objection (keberatan) on the grounds that have arisen, and recording a dispute filed with the Komisi
//! Informasi, from the tracking page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::repo::events::{Actor, ActorKind};
use crate::domain::objection::ObjectionGround;
use crate::domain::request::Channel;
use crate::i18n::{Locale, date_long, t, t_args};
use crate::service::ServiceError;
use crate::service::cases::{self, NewObjection};
use crate::service::portal::{self, Tracking};
use crate::views::PageMeta;
use crate::views::case::ground_label;
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{ErrorLink, Field, posted_form};
use crate::web::locale::RequestLocale;
use crate::web::pages::citizen::{back_to, private, tracking_or_page};
use crate::web::state::AppState;

#[derive(Serialize)]
struct GroundChoice {
    letter: char,
    label: String,
    window: String,
    checked: bool,
}

#[derive(Serialize)]
struct ObjectionForm {
    #[serde(flatten)]
    meta: PageMeta,
    number: String,
    action: String,
    back: String,
    csrf: String,
    open: Vec<GroundChoice>,
    closed: Vec<GroundChoice>,
    summary: Field,
    kuasa: String,
    /// The error summary: each problem, linking to its field.
    errors: Vec<ErrorLink>,
    grounds_error: Option<String>,
    /// The written notice went by post and its day of receipt is not recorded yet: why no ground is open.
    awaiting_receipt: bool,
}

/// Whether the written notice went by post and the day the requester received it is not recorded yet: the
/// objection window runs from that day (domain.md §5), so no ground about the notice is open online until then.
pub(crate) fn awaiting_receipt(tracking: &Tracking) -> bool {
    tracking.aggregate.notice.as_ref().is_some_and(|n| n.received_on.is_none())
}

/// The error summary's links: each problem to the field it is about (`#main` when it is about the whole form).
fn error_links(errors: &[(&'static str, String)], anchor: impl Fn(&str) -> &'static str) -> Vec<ErrorLink> {
    errors.iter().map(|(f, m)| ErrorLink { href: format!("#{}", anchor(f)), message: m.clone() }).collect()
}

posted_form! {
    /// The requester's objection: a checkbox per ground (`dasar_a` … `dasar_g`), what they object to, and the
    /// representative filing for them, if any.
    pub struct ObjectionPosted {
        ground_a = "dasar_a",
        ground_b = "dasar_b",
        ground_c = "dasar_c",
        ground_d = "dasar_d",
        ground_e = "dasar_e",
        ground_f = "dasar_f",
        ground_g = "dasar_g",
        summary = "ringkasan",
        representative = "kuasa",
    }
}

impl ObjectionPosted {
    /// The grounds ticked, in the law's order.
    fn grounds(&self) -> Vec<ObjectionGround> {
        let ticked = [
            &self.ground_a,
            &self.ground_b,
            &self.ground_c,
            &self.ground_d,
            &self.ground_e,
            &self.ground_f,
            &self.ground_g,
        ];
        ObjectionGround::ALL.into_iter().zip(ticked).filter(|(_, v)| !v.is_empty()).map(|(g, _)| g).collect()
    }
}

fn objection_form(
    state: &AppState,
    locale: Locale,
    token: &str,
    tracking: &Tracking,
    input: &ObjectionPosted,
    errors: Vec<(&'static str, String)>,
) -> ObjectionForm {
    let chosen = input.grounds();
    let choice = |g: &portal::GroundStatus| GroundChoice {
        letter: g.ground.letter(),
        label: ground_label(locale, g.ground),
        window: if let Some(number) = &g.objected_in {
            t_args(locale, "objection-window-objected", &[("number", number.clone())])
        } else if g.open {
            t_args(locale, "objection-window-open", &[("date", date_long(locale, g.due))])
        } else {
            t_args(locale, "objection-window-closed", &[("date", date_long(locale, g.due))])
        },
        checked: chosen.contains(&g.ground),
    };
    let here = format!("/lacak/{token}/keberatan");
    ObjectionForm {
        awaiting_receipt: awaiting_receipt(tracking),
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t(locale, "objection-title")),
        number: tracking.request.registration_number.clone(),
        action: here,
        back: format!("/lacak/{token}"),
        csrf: state.secrets.csrf_token(),
        open: tracking.grounds.iter().filter(|g| g.open).map(choice).collect(),
        closed: tracking.grounds.iter().filter(|g| !g.open).map(choice).collect(),
        summary: Field {
            value: input.summary.clone(),
            error: errors.iter().find(|(f, _)| *f == "summary").map(|(_, m)| m.clone()),
        },
        kuasa: input.representative.clone(),
        errors: error_links(&errors, |f| match f {
            "summary" => "ringkasan",
            "grounds" => "grounds",
            _ => "main",
        }),
        grounds_error: errors.iter().find(|(f, _)| *f == "grounds").map(|(_, m)| m.clone()),
    }
}

fn render_objection(state: &AppState, status: StatusCode, form: &ObjectionForm) -> HttpResponse {
    let res = state.views.page(status, "pages/citizen/objection_form", form);
    private(res, state, &form.csrf)
}

pub async fn objection_page(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
) -> HttpResponse {
    let (locale, token) = (locale.0, path.into_inner());
    match tracking_or_page(&state, &token).await {
        Ok(tracking) => render_objection(
            &state,
            StatusCode::OK,
            &objection_form(&state, locale, &token, &tracking, &ObjectionPosted::default(), vec![]),
        ),
        Err(page) => page,
    }
}

pub async fn submit_objection(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<ObjectionPosted>,
) -> HttpResponse {
    let (locale, token) = (locale.0, path.into_inner());
    let (tracking, input, fresh) = match super::posted(&state, &token, form).await {
        Ok(posted) => posted,
        Err(page) => return page,
    };
    if !fresh {
        let f =
            objection_form(&state, locale, &token, &tracking, &input, vec![("form", t(locale, "form-error-expired"))]);
        return render_objection(&state, StatusCode::BAD_REQUEST, &f);
    }
    let grounds = input.grounds();
    let mut errors = Vec::new();
    if grounds.is_empty() {
        errors.push(("grounds", t(locale, "objection-error-no-grounds")));
    }
    let summary = input.summary.clone();
    if summary.trim().is_empty() {
        errors.push(("summary", t(locale, "objection-error-summary")));
    }
    if !errors.is_empty() {
        let f = objection_form(&state, locale, &token, &tracking, &input, errors);
        return render_objection(&state, StatusCode::BAD_REQUEST, &f);
    }
    let new = NewObjection {
        request_id: Some(tracking.request.id.clone()),
        body: None,
        requester: None,
        grounds,
        periodic_date: None,
        summary,
        channel: Channel::Web,
        received_at: state.clock.now(),
        online: true,
        representative_name: input.representative.clone(),
    };
    let (calendar, secrets, now) = (state.settings.calendar, state.secrets.clone(), state.clock.now());
    let actor = Actor::new(ActorKind::Requester, tracking.request.requester_id.clone());
    match state.db.run(move |conn| cases::file_objection(conn, calendar, &secrets, &new, &actor, now)).await {
        // The receipt: the objection's number, the atasan's deadline and its letter.
        Ok(row) => crate::web::respond::redirect_private(&format!("/lacak/{token}/keberatan/{}", row.id)),
        Err(ServiceError::Refused { code, message, .. }) => {
            tracing::info!(code, %message, "objection refused");
            let text = match code {
                "objection_late" => t(locale, "objection-error-late"),
                "ground_not_arisen" => t(locale, "objection-error-not-arisen"),
                "already_objected" => t(locale, "objection-error-already"),
                _ => t(locale, "form-error-invalid"),
            };
            let f = objection_form(&state, locale, &token, &tracking, &input, vec![("grounds", text)]);
            render_objection(&state, StatusCode::BAD_REQUEST, &f)
        }
        Err(e) => PageError::from(e).into(),
    }
}

// ---- The objection's receipt ----

#[derive(Serialize)]
struct ObjectionReceipt {
    #[serde(flatten)]
    meta: PageMeta,
    body_name: String,
    number: String,
    request_number: String,
    received: String,
    grounds: Vec<String>,
    summary: String,
    representative: String,
    atasan_due: String,
    late: bool,
    letters: Vec<crate::views::case::LetterLink>,
    back: String,
}

/// `GET /lacak/{token}/keberatan/{objection}`: the receipt of an objection to this request — its number, what it
/// says, the atasan's deadline and the receipt letter — shown after filing and reachable from the tracking page.
pub async fn objection_receipt(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (locale, (token, objection_id)) = (locale.0, path.into_inner());
    let tracking = match tracking_or_page(&state, &token).await {
        Ok(t) => t,
        Err(page) => return page,
    };
    let Some(tracked) = tracking.objections.iter().find(|o| o.row.id == objection_id) else {
        return PageError::not_found().into();
    };
    let (row, o) = (&tracked.row, &tracked.objection);
    let zone = crate::service::calendar::zone_of(&tracking.body, None);
    let here = format!("/lacak/{token}/keberatan/{objection_id}");
    let page = ObjectionReceipt {
        meta: PageMeta::new(locale, &state.settings.instance_name, &here)
            .with_title(t(locale, "objection-receipt-title")),
        body_name: tracking.body.name.clone(),
        number: row.registration_number.clone(),
        request_number: tracking.request.registration_number.clone(),
        received: crate::i18n::datetime_long(locale, row.received_at.and_utc(), zone),
        grounds: o.grounds.iter().map(|g| ground_label(locale, g.ground)).collect(),
        summary: row.summary.clone(),
        representative: row.representative_name.clone(),
        atasan_due: date_long(locale, o.c4_due),
        late: o.late,
        letters: crate::views::case::links(
            locale,
            &format!("{here}/surat"),
            &crate::service::letters::objection_letters_of_row(row),
            &row.id,
            &tracking.letter_numbers,
        ),
        back: format!("/lacak/{token}"),
    };
    let res = state.views.page(StatusCode::OK, "pages/citizen/objection_receipt", &page);
    crate::web::respond::no_store(res)
}

// ---- Recording a dispute with the Komisi Informasi ----

#[derive(Serialize)]
struct DisputeForm {
    #[serde(flatten)]
    meta: PageMeta,
    number: String,
    objection_number: String,
    due: String,
    action: String,
    back: String,
    csrf: String,
    filed_on: Field,
    ki_number: String,
    errors: Vec<ErrorLink>,
    /// Where the dispute goes: the competent KI today, and what it has recorded of its address.
    ki: KiContactView,
    letters: Vec<crate::views::case::LetterLink>,
}

#[derive(Serialize)]
struct KiContactView {
    name: String,
    address: String,
    email: String,
    phone: String,
    website: String,
    form_url: String,
    /// Nothing recorded but the name.
    unknown: bool,
}

fn ki_contact(ki: &crate::db::models::bodies::JurisdictionRow) -> KiContactView {
    KiContactView {
        name: ki.name.clone(),
        address: ki.address.clone(),
        email: ki.email.clone(),
        phone: ki.phone.clone(),
        website: ki.website.clone(),
        form_url: ki.dispute_form_url.clone(),
        unknown: [&ki.address, &ki.email, &ki.phone, &ki.website, &ki.dispute_form_url].iter().all(|s| s.is_empty()),
    }
}

posted_form! {
    /// A dispute the requester filed with the KI themselves: when, and the KI's number if they have it.
    pub struct DisputeFiling {
        filed_on = "tanggal",
        ki_number = "nomor_ki",
    }
}

fn dispute_form(
    state: &AppState,
    locale: Locale,
    token: &str,
    tracking: &Tracking,
    objection_id: &str,
    input: &DisputeFiling,
    errors: Vec<(&'static str, String)>,
) -> Option<DisputeForm> {
    let tracked = tracking.objections.iter().find(|o| o.row.id == objection_id)?;
    let (objection, window) = (&tracked.row, tracked.window);
    let here = format!("/lacak/{token}/keberatan/{objection_id}/sengketa");
    Some(DisputeForm {
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t(locale, "dispute-title")),
        number: tracking.request.registration_number.clone(),
        objection_number: objection.registration_number.clone(),
        due: window.map(|w| date_long(locale, w.due)).unwrap_or_default(),
        action: here,
        back: format!("/lacak/{token}"),
        csrf: state.secrets.csrf_token(),
        filed_on: Field {
            value: input.filed_on.clone(),
            error: errors.iter().find(|(f, _)| *f == "tanggal").map(|(_, m)| m.clone()),
        },
        ki_number: input.ki_number.clone(),
        errors: error_links(&errors, |f| if f == "tanggal" { "tanggal" } else { "main" }),
        ki: ki_contact(&tracking.dispute_ki),
        // What the KI asks to see: the request's letters and this objection's.
        letters: {
            let numbers = &tracking.letter_numbers;
            let mut letters = crate::views::case::links(
                locale,
                &format!("/lacak/{token}/surat"),
                &crate::service::letters::request_letters(&tracking.aggregate),
                &tracking.request.id,
                numbers,
            );
            letters.extend(crate::views::case::links(
                locale,
                &format!("/lacak/{token}/keberatan/{objection_id}/surat"),
                &crate::service::letters::objection_letters_of_row(objection),
                &objection.id,
                numbers,
            ));
            letters
        },
    })
}

pub async fn dispute_page(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (locale, (token, objection_id)) = (locale.0, path.into_inner());
    let tracking = match tracking_or_page(&state, &token).await {
        Ok(t) => t,
        Err(page) => return page,
    };
    match dispute_form(&state, locale, &token, &tracking, &objection_id, &DisputeFiling::default(), vec![]) {
        Some(f) => private(state.views.page(StatusCode::OK, "pages/citizen/dispute_form", &f), &state, &f.csrf),
        None => PageError::not_found().into(),
    }
}

pub async fn submit_dispute(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<(String, String)>,
    form: CsrfForm<DisputeFiling>,
) -> HttpResponse {
    let (locale, (token, objection_id)) = (locale.0, path.into_inner());
    let (tracking, input, fresh) = match super::posted(&state, &token, form).await {
        Ok(posted) => posted,
        Err(page) => return page,
    };
    // Only this request's objections can be reached with this request's token.
    if !tracking.objections.iter().any(|o| o.row.id == objection_id) {
        return PageError::not_found().into();
    }
    let rerender = |errors: Vec<(&'static str, String)>| {
        let f =
            dispute_form(&state, locale, &token, &tracking, &objection_id, &input, errors).expect("objection checked");
        private(state.views.page(StatusCode::BAD_REQUEST, "pages/citizen/dispute_form", &f), &state, &f.csrf)
    };
    if !fresh {
        return rerender(vec![("form", t(locale, "form-error-expired"))]);
    }
    let filed_on = match crate::domain::calendar::parse_iso_date(input.filed_on.trim()) {
        Some(d) if d <= tracking.today => d,
        Some(_) => return rerender(vec![("tanggal", t(locale, "dispute-error-future"))]),
        None => return rerender(vec![("tanggal", t(locale, "dispute-error-date"))]),
    };
    let ki_number = input.ki_number.trim().to_owned();
    let (calendar, now) = (state.settings.calendar, state.clock.now());
    let actor = Actor::new(ActorKind::Requester, tracking.request.requester_id.clone());
    let oid = objection_id.clone();
    let result = state
        .db
        .run(move |conn| {
            let dispute = cases::file_dispute(conn, calendar, &oid, filed_on, false, &actor, now)?;
            if !ki_number.is_empty() {
                let cmd = cases::DisputeCommand::RegisterAtKi { ki_number, received_by_ki_on: filed_on };
                cases::dispute_command(conn, &dispute.id, None, &cmd, &actor, now)?;
            }
            Ok::<_, ServiceError>(dispute)
        })
        .await;
    match result {
        Ok(_) => back_to(&token),
        Err(ServiceError::Refused { code: "dispute_too_early", .. }) => {
            rerender(vec![("tanggal", t(locale, "dispute-error-too-early"))])
        }
        Err(ServiceError::Refused { code, message, .. }) => {
            tracing::info!(code, %message, "dispute record refused");
            rerender(vec![("tanggal", t(locale, "form-error-invalid"))])
        }
        Err(e) => PageError::from(e).into(),
    }
}
