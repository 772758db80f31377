//! The officers' case page (`/ruang-kerja/permohonan/{id}`): one request with its deadlines, timeline, requester
//! (for the body's own officers), internal notes, documents, and a form for each step the law allows now.
//!
//! Every step is posted with the version the page showed: if another officer changed the request meanwhile, the
//! page comes back with a conflict message, the request as it is now, and the officer's input still filled in.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::models::accounts::{SessionRow, UserRow};
use crate::domain::request::{Channel, Decision, RequestEvent, RequestState};
use crate::domain::upload::MAX_RESPONSE_BYTES;
use crate::i18n::{Locale, date_long, datetime_long, t, t_args};
use crate::service::ServiceError;
use crate::service::cases::{RequestCommand, ResponseUpload};
use crate::service::officer::{self, OfficerCase};
use crate::views::PageMeta;
use crate::views::case::{DeadlineView, DocumentLink, TimelineItem, deadline_view, event_text};
use crate::views::format::file_size;
use crate::web::auth::{CaseHandlers, CaseScope, IdentityReaders, Officers};
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{Choice, Field, FieldErrors, FileField, choices, field_message, read_multipart};
use crate::web::locale::RequestLocale;
use crate::web::pages::workspace::case_outcome::{Outcome, Returned};
use crate::web::pages::workspace::mail_tasks::{MailTaskForm, MailTaskView, mail_task_views, record_mail_task};
use crate::web::pages::workspace::request_steps::{PaperObjectionForm, RequestStepForm, step_failure};
use crate::web::respond::{StoredFile, no_store, send_file};
use crate::web::state::AppState;

/// The channels an objection reaches the body by, when an officer registers it.
pub(super) const PAPER_CHANNELS: [Channel; 4] = [Channel::Letter, Channel::Desk, Channel::Email, Channel::SocialMedia];

#[derive(Serialize)]
pub(super) struct Detail {
    pub(super) label: String,
    pub(super) value: String,
}

#[derive(Serialize, Default)]
struct Actions {
    extend: bool,
    notice: bool,
    notice_received: bool,
    provide: bool,
    close: bool,
    terminal: bool,
    route: bool,
    upload: bool,
    note: bool,
    visibility: bool,
    objection: bool,
}

#[derive(Serialize)]
struct ObjectionLink {
    number: String,
    status: String,
    href: String,
}

#[derive(Serialize)]
struct GroundChoice {
    letter: char,
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct CasePage {
    #[serde(flatten)]
    meta: PageMeta,
    number: String,
    status: String,
    body_name: String,
    unit_name: Option<String>,
    received: String,
    channel: String,
    overdue: bool,
    decision: Option<String>,
    deadlines: Vec<DeadlineView>,
    timeline: Vec<TimelineItem>,
    information: String,
    purpose: String,
    /// How the requester wants the information, and how a copy reaches them ("" when not said).
    obtain: String,
    delivery: String,
    text_public: bool,
    text_hidden: bool,
    requester: Vec<Detail>,
    identity_masked: bool,
    identity_documents: Vec<DocumentLink>,
    identity_accesses: Vec<Detail>,
    documents: Vec<DocumentLink>,
    notes: Vec<TimelineItem>,
    show_notes: bool,
    actions: Actions,
    any_action: bool,
    read_only: bool,
    version: i64,
    csrf: String,
    action_url: String,
    upload_url: String,
    today: String,
    units: Vec<Choice>,
    decisions: Vec<Choice>,
    info_forms: Vec<Choice>,
    /// Whether the body knows who holds information it does not: yes or no.
    holder_known: Vec<Choice>,
    /// The letters of Art. 17, each with what it protects (a refusal names one).
    art17_letters: Vec<Choice>,
    outcomes: Vec<Choice>,
    objections: Vec<ObjectionLink>,
    letters: Vec<crate::views::case::LetterLink>,
    grounds: Vec<GroundChoice>,
    paper_channels: Vec<Choice>,
    objection_url: String,
    /// The mail server refused the requester's address: when and its answer.
    email_failing: Option<String>,
    mail_tasks: Vec<MailTaskView>,
    mail_task_form: bool,
    /// Which action's form to open (the one that failed).
    open: String,
    /// Each action's form fields, with what the officer entered (for the form that was posted) and its problems.
    forms: HashMap<&'static str, HashMap<&'static str, Field>>,
    message: Option<String>,
    problem: Option<String>,
    /// The error summary's lines, each linking to its field.
    error_links: Vec<crate::web::form::ErrorLink>,
}

/// The form a posted `aksi` belongs to.
fn form_of(action: &str) -> &str {
    match action {
        "sembunyikan" | "tampilkan" => "tampilan",
        other => other,
    }
}

/// Each step's form, filled with what was sent (after a problem) or its defaults: today, now, and — for a request
/// that came in online, whose requester reads the notice on the tracking page — the notice sent electronically (so
/// the objection window starts that day; a notice by post waits for its day of receipt to be recorded).
fn build_forms(
    outcome: &Outcome,
    today: &str,
    now_time: &str,
    online: bool,
) -> HashMap<&'static str, HashMap<&'static str, Field>> {
    // One step form per `aksi` (hiding and showing the text share one); a mail task and the upload are not steps.
    let steps = ACTIONS.into_iter().map(form_of).filter(|f| !matches!(*f, "surel" | "dokumen"));
    let step_forms = steps.map(|form| (form, RequestStepForm::FIELDS));
    let others = [("keberatan", PaperObjectionForm::FIELDS), ("dokumen", &["dokumen"][..])];
    outcome.forms(step_forms.chain(others), form_of(&outcome.open), |name| match name {
        "tanggal" => today.to_owned(),
        "jam" => now_time.to_owned(),
        "elektronik" if online => "ya".to_owned(),
        _ => String::new(),
    })
}

const DECISIONS: [&str; 5] = ["granted", "granted_in_part", "refused_exempt", "not_held", "not_yet_documented"];
const INFO_FORMS: [&str; 3] = ["softcopy", "hardcopy", "inspection"];
const OUTCOMES: [&str; 4] = ["spam", "duplicate", "not_kip", "not_eligible"];

/// The label of a stored choice (`form-obtain-softcopy`), or "" when none was made.
fn choice_label(locale: Locale, prefix: &str, value: &str) -> String {
    if value.trim().is_empty() { String::new() } else { t(locale, &format!("{prefix}-{}", value.replace('_', "-"))) }
}

fn here(id: &str) -> String {
    format!("/ruang-kerja/permohonan/{id}")
}

fn render(
    state: &AppState,
    locale: Locale,
    c: &OfficerCase,
    session: &SessionRow,
    outcome: Outcome,
    status: StatusCode,
) -> HttpResponse {
    let (case, p) = (&c.case, c.permission);
    let id = &case.request.id;
    let zone = case.zone;
    let r = &case.aggregate;
    let provides = r.notice.as_ref().is_some_and(|n| n.decision.promised_by().is_some());
    let open = r.state.is_open();
    let actions = if p.act {
        Actions {
            extend: r.state == RequestState::Registered,
            notice: matches!(r.state, RequestState::Registered | RequestState::Extended),
            notice_received: r.state == RequestState::NoticeGiven
                && r.notice.as_ref().is_some_and(|n| n.received_on.is_none()),
            provide: r.state == RequestState::NoticeGiven && provides,
            close: r.state == RequestState::InformationProvided || (r.state == RequestState::NoticeGiven && !provides),
            terminal: matches!(r.state, RequestState::Registered | RequestState::Extended),
            route: open && p.route && !c.units.is_empty(),
            upload: provides && r.state != RequestState::Withdrawn,
            note: true,
            visibility: true,
            objection: r.state != RequestState::Withdrawn,
        }
    } else {
        Actions::default()
    };
    let calendar = crate::views::case::calendar_used(locale, case.request.calendar_version, &case.ki_name);
    let mut deadlines = vec![deadline_view(locale, "deadline-c1", &case.c1, &calendar)];
    let c2_label = if case.extended { "deadline-c2" } else { "deadline-c2-possible" };
    deadlines.push(deadline_view(locale, c2_label, &case.c2, &calendar));
    let timeline = case
        .events
        .iter()
        .filter(|(_, e)| !matches!(e, RequestEvent::NoteAdded { .. }))
        .map(|(row, e)| TimelineItem {
            date: datetime_long(locale, row.recorded_at.and_utc(), zone),
            text: event_text(locale, e),
            reason: (!row.reason.is_empty()).then(|| row.reason.clone()),
            actor: Some(crate::views::case::actor_text(locale, row, &c.actors)),
        })
        .collect();
    let notes = c
        .notes
        .iter()
        .map(|(n, author)| TimelineItem {
            date: datetime_long(locale, n.created_at.and_utc(), zone),
            text: n.text.clone(),
            reason: None,
            actor: Some(author.clone()),
        })
        .collect();
    let requester = c.requester.as_ref().map(|q| requester_details(locale, q)).unwrap_or_default();
    let decision = r.notice.as_ref().map(|n| decision_text(locale, &n.decision));
    let now_local = state.clock.now().with_timezone(&zone);
    let today = now_local.date_naive();
    let any_action = actions.extend || actions.notice || actions.provide || actions.close || actions.route;
    let error_links =
        outcome.summary(locale, form_of(&outcome.open), super::request_steps::summary_fields(form_of(&outcome.open)));
    let page = CasePage {
        meta: PageMeta::new(locale, &state.settings.instance_name, &here(id)).with_title(format!(
            "{} {}",
            t(locale, "case-title"),
            case.request.registration_number
        )),
        number: case.request.registration_number.clone(),
        status: t(locale, &format!("status-{}", case.request.state.as_str().replace('_', "-"))),
        body_name: case.body.name.clone(),
        unit_name: case.unit_name.clone(),
        received: datetime_long(locale, case.request.received_at.and_utc(), zone),
        channel: t(locale, &format!("channel-{}", case.request.channel.replace('_', "-"))),
        overdue: r.is_overdue(case.today),
        decision,
        deadlines,
        timeline,
        information: case.request.information.clone(),
        purpose: case.request.purpose.clone(),
        obtain: choice_label(locale, "form-obtain", &case.request.obtain_method),
        delivery: choice_label(locale, "form-delivery", &case.request.delivery_method),
        text_public: case.request.publish_consent && !case.request.text_hidden,
        text_hidden: case.request.text_hidden,
        identity_masked: c.requester.is_none(),
        identity_documents: c
            .identity_documents
            .iter()
            .map(|d| DocumentLink {
                name: format!(
                    "{} — {}",
                    t(locale, &format!("case-document-{}", d.kind.replace('_', "-"))),
                    d.file_name
                ),
                href: format!("{}/identitas/{}", here(id), d.id),
                size: file_size(d.size_bytes),
            })
            .collect(),
        identity_accesses: c
            .identity_accesses
            .iter()
            .map(|(a, name)| Detail {
                label: datetime_long(locale, a.at.and_utc(), zone),
                value: format!("{name} — {}", t(locale, &format!("case-access-{}", a.what.replace('_', "-")))),
            })
            .collect(),
        requester,
        documents: case
            .documents
            .iter()
            .map(|d| DocumentLink {
                name: d.file_name.clone(),
                href: format!("{}/dokumen/{}", here(id), d.id),
                size: file_size(d.size_bytes),
            })
            .collect(),
        notes,
        show_notes: p.notes,
        any_action,
        read_only: !p.act,
        actions,
        version: case.request.version,
        csrf: session.csrf_token.clone(),
        action_url: here(id),
        upload_url: format!("{}/dokumen", here(id)),
        today: today.to_string(),
        units: c
            .units
            .iter()
            .map(|(slug, name)| Choice {
                value: slug.clone(),
                label: name.clone(),
                selected: c.unit_slug.as_deref() == Some(slug),
            })
            .collect(),
        decisions: choices(locale, "decision", &DECISIONS, outcome.values.get("keputusan").map(String::as_str)),
        info_forms: choices(locale, "info-form", &INFO_FORMS, outcome.values.get("bentuk").map(String::as_str)),
        art17_letters: {
            let chosen = outcome.values.get("pasal17").map(|v| v.trim().to_lowercase());
            ('a'..='j')
                .map(|l| Choice {
                    value: l.to_string(),
                    label: format!("{l} — {}", t(locale, &format!("art17-{l}"))),
                    selected: chosen.as_deref() == Some(l.to_string().as_str()),
                })
                .collect()
        },
        holder_known: {
            let chosen = outcome.values.get("pemegang_diketahui").map(String::as_str);
            let answer = |value: &str, key: &str| Choice {
                value: value.to_owned(),
                label: t(locale, key),
                selected: chosen == Some(value),
            };
            vec![answer("ya", "answer-yes"), answer("tidak", "answer-no")]
        },
        outcomes: choices(locale, "outcome", &OUTCOMES, outcome.values.get("hasil").map(String::as_str)),
        letters: crate::views::case::links(
            locale,
            &format!("{}/surat", here(id)),
            &crate::service::letters::request_letters(&case.aggregate),
            &case.request.id,
            &case.letter_numbers,
        ),
        objections: case
            .objections
            .iter()
            .map(|crate::service::portal::TrackedObjection { row: o, .. }| ObjectionLink {
                number: o.registration_number.clone(),
                status: t(locale, &format!("objection-status-{}", o.state)),
                href: format!("/ruang-kerja/keberatan/{}", o.id),
            })
            .collect(),
        grounds: crate::domain::objection::ObjectionGround::ALL
            .into_iter()
            .map(|g| GroundChoice {
                letter: g.letter(),
                label: crate::views::case::ground_label(locale, g),
                checked: outcome.values.get("alasan_keberatan").is_some_and(|v| v.contains(g.letter())),
            })
            .collect(),
        paper_channels: PAPER_CHANNELS
            .iter()
            .map(|c| Choice {
                value: c.as_str().to_owned(),
                label: t(locale, &format!("channel-{}", c.as_str().replace('_', "-"))),
                selected: outcome.values.get("saluran").map(String::as_str) == Some(c.as_str()),
            })
            .collect(),
        objection_url: format!("{}/keberatan", here(id)),
        email_failing: c.email_failing.as_ref().map(|f| {
            t_args(
                locale,
                "case-email-failing",
                &[("date", datetime_long(locale, f.failed_at.and_utc(), zone)), ("answer", f.answer.clone())],
            )
        }),
        mail_tasks: mail_task_views(locale, zone, &c.mail_tasks, &here(id)),
        mail_task_form: p.act,
        forms: build_forms(
            &outcome,
            &today.to_string(),
            &now_local.format("%H:%M").to_string(),
            matches!(case.request.channel.as_str(), "web" | "api"),
        ),
        open: form_of(&outcome.open).to_owned(),
        message: outcome.message,
        error_links,
        problem: outcome.problem,
    };
    no_store(state.views.page(status, "pages/workspace/request_case", &page))
}

/// The requester's details the body's officers see, in order, leaving out what was not given.
pub(super) fn requester_details(locale: Locale, q: &crate::service::officer::RequesterView) -> Vec<Detail> {
    let mut out = Vec::new();
    let mut push = |key: &str, value: &str| {
        if !value.trim().is_empty() {
            out.push(Detail { label: t(locale, key), value: value.to_owned() });
        }
    };
    push("case-requester-kind", &t(locale, &format!("requester-kind-{}", q.kind.replace('_', "-"))));
    push("form-requester-name", &q.name);
    push("case-requester-nik", q.nik_masked.as_deref().unwrap_or_default());
    push("form-entity-decree-number", &q.entity_decree_number);
    push("form-representative-name", &q.representative_name);
    push("form-requester-address", &q.address);
    push("form-requester-occupation", &q.occupation);
    push("form-requester-email", &q.email);
    push("form-requester-phone", &q.phone);
    out
}

/// The decision in words, with what the requester needs to know (ground, holder, dates).
fn decision_text(locale: Locale, d: &Decision) -> String {
    let kind = t(locale, &format!("decision-{}", d.kind().replace('_', "-")));
    match d {
        Decision::Granted { provide_by, .. } => {
            t_args(locale, "case-decision-provide", &[("decision", kind), ("date", date_long(locale, *provide_by))])
        }
        Decision::GrantedInPart { provide_by, ground, .. } => t_args(
            locale,
            "case-decision-part",
            &[("decision", kind), ("date", date_long(locale, *provide_by)), ("ground", ground.letter().to_string())],
        ),
        Decision::RefusedExempt { ground, .. } => {
            t_args(locale, "case-decision-refused", &[("decision", kind), ("ground", ground.letter().to_string())])
        }
        Decision::NotHeld { .. } => kind,
        Decision::NotYetDocumented { expected_by } => {
            t_args(locale, "case-decision-provide", &[("decision", kind), ("date", date_long(locale, *expected_by))])
        }
    }
}

pub(super) async fn load(state: &AppState, user: &UserRow, id: &str) -> Result<OfficerCase, ServiceError> {
    let (calendar, now, secrets) = (state.settings.calendar, state.clock.now(), state.secrets.clone());
    let (user, id) = (user.clone(), id.to_owned());
    state.db.run(move |conn| officer::request_case(conn, calendar, &secrets, &user, &id, now)).await
}

/// The case page again after a form on it failed, with what was typed and what is wrong.
#[allow(clippy::too_many_arguments)] // the page and the failed form's parts
pub(super) fn render_form_failure(
    state: &AppState,
    locale: Locale,
    c: &OfficerCase,
    session: &SessionRow,
    open: &str,
    values: HashMap<String, String>,
    errors: FieldErrors,
    problem: String,
    status: StatusCode,
) -> HttpResponse {
    let outcome = Outcome { open: open.to_owned(), values, errors, message: None, problem: Some(problem) };
    render(state, locale, c, session, outcome, status)
}

pub async fn case_page(
    me: CaseScope<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<Returned>,
) -> HttpResponse {
    let (locale, id) = (locale.0, path.into_inner());
    let (user, session) = (me.user, me.session);
    match load(&state, &user, &id).await {
        Ok(c) => {
            let outcome = Outcome::returned(locale, &query, &ACTIONS, "case-done");
            render(&state, locale, &c, &session, outcome, StatusCode::OK)
        }
        Err(e) => PageError::from(e).into(),
    }
}

const ACTIONS: [&str; 12] = [
    "surel",
    "perpanjang",
    "pemberitahuan",
    "pemberitahuan_diterima",
    "diberikan",
    "selesai",
    "tutup_tanpa_keputusan",
    "alihkan",
    "catatan",
    "sembunyikan",
    "tampilkan",
    "dokumen",
];

pub async fn act(
    me: CaseScope<CaseHandlers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<RequestStepForm>,
) -> HttpResponse {
    let (locale, id) = (locale.0, path.into_inner());
    let (user, session) = (me.user, me.session);
    let (posted, csrf_ok) = form.checked_for_session(&session);
    let action = posted.action.clone();
    let version = posted.version.trim().parse::<i64>().ok();
    let rerender = |c: &OfficerCase, outcome: Outcome, status| render(&state, locale, c, &session, outcome, status);
    let current = match load(&state, &user, &id).await {
        Ok(c) => c,
        Err(e) => return PageError::from(e).into(),
    };
    if !current.permission.act && !current.permission.route {
        return PageError::forbidden().into();
    }
    let mut outcome = Outcome::failed(&action, posted.entered());
    if !csrf_ok || version.is_none() {
        outcome.problem = Some(t(locale, "form-error-expired"));
        return rerender(&current, outcome, StatusCode::BAD_REQUEST);
    }
    let step = match posted.read(locale) {
        Ok(step) => RequestCommand::try_from(step),
        Err(errors) => {
            outcome.errors = errors;
            outcome.problem = Some(t(locale, "form-error-summary"));
            return rerender(&current, outcome, StatusCode::BAD_REQUEST);
        }
    };
    let result = match step {
        Ok(cmd) => {
            let (calendar, now, actor, target) = (state.settings.calendar, state.clock.now(), user.clone(), id.clone());
            let expected = version.unwrap_or_default();
            state
                .db
                .run(move |conn| officer::act_on_request(conn, calendar, &actor, &target, expected, &cmd, now))
                .await
        }
        Err(problems) => Err(problems),
    };
    let failure = match result {
        Ok(_) => {
            return crate::web::respond::redirect(&format!("{}?selesai={action}", here(&id)));
        }
        Err(e) => e,
    };
    // Show the request as it is now, with the officer's input kept.
    let now_case = match load(&state, &user, &id).await {
        Ok(c) => c,
        Err(e) => return PageError::from(e).into(),
    };
    match step_failure(locale, failure, "case", RequestStepForm::field_of, None) {
        Ok((status, problem, errors)) => {
            outcome.problem = Some(problem);
            outcome.errors.extend(errors);
            rerender(&now_case, outcome, status)
        }
        Err(e) => PageError::from(e).into(),
    }
}

/// Uploads a document for the requester (multipart: csrf_token, versi, dokumen).
pub async fn upload(
    me: CaseScope<CaseHandlers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    payload: Multipart,
) -> HttpResponse {
    let (locale, id) = (locale.0, path.into_inner());
    let (user, session) = (me.user, me.session);
    let current = match load(&state, &user, &id).await {
        Ok(c) => c,
        Err(e) => return PageError::from(e).into(),
    };
    if !current.permission.act {
        return PageError::forbidden().into();
    }
    let field = FileField { name: "dokumen", limit: MAX_RESPONSE_BYTES };
    let Ok(mut posted) = read_multipart(payload, &[field]).await else { return PageError::bad_request().into() };
    let too_large = !posted.too_large.is_empty();
    let file = posted.take_file("dokumen").map(|f| (f.file_name, f.bytes));
    let text = posted.text;
    let mut outcome = Outcome::failed("dokumen", HashMap::new());
    let csrf_ok = crate::web::csrf::session_form_ok(&session, &text);
    if !csrf_ok {
        outcome.problem = Some(t(locale, "form-error-expired"));
        return render(&state, locale, &current, &session, outcome, StatusCode::BAD_REQUEST);
    }
    let problem = if too_large {
        Some(t(locale, "case-error-file-too-large"))
    } else if file.is_none() {
        Some(t(locale, "form-error-file-empty"))
    } else {
        None
    };
    if let Some(message) = problem {
        outcome.errors.insert("dokumen".into(), message);
        outcome.problem = Some(t(locale, "form-error-summary"));
        return render(&state, locale, &current, &session, outcome, StatusCode::BAD_REQUEST);
    }
    let (file_name, bytes) = file.expect("checked above");
    let upload = ResponseUpload { file_name, bytes };
    let (calendar, now, secrets, files) =
        (state.settings.calendar, state.clock.now(), state.secrets.clone(), state.files.clone());
    let (actor, target) = (user.clone(), id.clone());
    let result = state
        .db
        .run(move |conn| officer::attach_document(conn, calendar, &secrets, &files, &actor, &target, &upload, now))
        .await;
    match result {
        Ok(_) => crate::web::respond::redirect(&format!("{}?selesai=dokumen", here(&id))),
        Err(ServiceError::Invalid(problems)) => {
            for p in problems {
                outcome.errors.insert("dokumen".into(), field_message(locale, "document", p.code));
            }
            outcome.problem = Some(t(locale, "form-error-summary"));
            render(&state, locale, &current, &session, outcome, StatusCode::BAD_REQUEST)
        }
        Err(ServiceError::Refused { code, .. }) => {
            outcome.problem = Some(t(locale, &format!("case-refused-{}", code.replace('_', "-"))));
            render(&state, locale, &current, &session, outcome, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => PageError::from(e).into(),
    }
}

/// A service that finds a document of a request for the signed-in person: (request, document).
type FindDocument<R> =
    fn(&mut crate::db::DbConn, &UserRow, &str, &str, chrono::DateTime<chrono::Utc>) -> Result<R, ServiceError>;

/// Sends the file `fetch` finds (a document of request `id`) for the signed-in person, or the page that says why not.
async fn download<R: Into<StoredFile> + Send + 'static>(
    user: UserRow,
    state: &AppState,
    (id, document): (String, String),
    fetch: FindDocument<R>,
) -> Result<HttpResponse, PageError> {
    let now = state.clock.now();
    let file = state.db.run(move |conn| fetch(conn, &user, &id, &document, now)).await?;
    send_file(state, file)
}

/// A document of the request for the requester, for whoever may read the request.
pub async fn document(
    me: CaseScope<Officers>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    download(me.user, &state, path.into_inner(), officer::document).await
}

/// A requester's identity document, for the body's officers; the opening is logged.
pub async fn identity_document(
    me: CaseScope<IdentityReaders>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    download(me.user, &state, path.into_inner(), officer::identity_document).await
}

/// `POST /ruang-kerja/permohonan/{id}/surel/{mail}`: an undelivered mail about the request was sent another way.
pub async fn mail_task(
    me: CaseScope<CaseHandlers>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: CsrfForm<MailTaskForm>,
) -> HttpResponse {
    let (id, mail) = path.into_inner();
    record_mail_task(me.user, me.session, &state, here(&id), id, mail, form).await
}
