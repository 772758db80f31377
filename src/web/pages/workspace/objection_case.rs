//! Objections in the workspace: registering one received on paper (from the request's page), the objection's page
//! (`/ruang-kerja/keberatan/{id}`) where the atasan PPID decides, and where the PPID Utama records what follows:
//! when the requester received the decision by post, their reaction, and the dispute with the Komisi Informasi.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveTime, TimeZone};
use serde::Serialize;

use crate::db::models::accounts::{SessionRow, UserRow};
use crate::domain::objection::{ObjectionEvent, ObjectionGround, ObjectionState, OrderStatus};
use crate::domain::request::Channel;
use crate::i18n::{Locale, date_long, datetime_long, t, t_args};
use crate::service::ServiceError;
use crate::service::cases::NewObjection;
use crate::service::officer::{self, ObjectionCase};
use crate::views::PageMeta;
use crate::views::case::{TimelineItem, dispute_event_text, ground_label, outcome_key};
use crate::web::auth::{CaseHandlers, CaseScope, IdentityReaders, ObjectionHandlers, Officers};
use crate::web::csrf::CsrfForm;
use crate::web::error::PageError;
use crate::web::form::{Choice, Field, FieldErrors, choices, read_pairs};
use crate::web::locale::RequestLocale;
use crate::web::pages::workspace::case_outcome::{Outcome, Returned};
use crate::web::pages::workspace::mail_tasks::MailTaskForm;
use crate::web::pages::workspace::objection_steps::{
    ADJUDICATION, OUTCOMES, ObjectionStepForm, REACTIONS, STEP_FORMS, Step, dispute_steps, read_step,
};
use crate::web::pages::workspace::request_case::{Detail, requester_details};
use crate::web::pages::workspace::request_steps::{PaperObjectionForm, step_failure};
use crate::web::respond::no_store;
use crate::web::state::AppState;

fn here(id: &str) -> String {
    format!("/ruang-kerja/keberatan/{id}")
}

#[derive(Serialize)]
struct GroundItem {
    label: String,
    due: String,
    late: bool,
}

#[derive(Serialize)]
struct DisputeItem {
    id: String,
    version: i64,
    summary: Vec<Detail>,
    timeline: Vec<TimelineItem>,
    steps: Vec<Choice>,
    late: bool,
}

#[derive(Serialize)]
struct OrderView {
    what: String,
    by: String,
    status: String,
    overdue: bool,
    done: bool,
    note: Option<String>,
}

#[derive(Serialize, Default)]
struct Actions {
    decide: bool,
    carry_out: bool,
    close_duplicate: bool,
    decision_received: bool,
    reaction: bool,
    dispute: bool,
}

#[derive(Serialize)]
struct ObjectionPage {
    #[serde(flatten)]
    meta: PageMeta,
    /// The evidence bundle's download.
    bundle_href: String,
    number: String,
    status: String,
    body_name: String,
    received: String,
    channel: String,
    late: bool,
    grounds: Vec<GroundItem>,
    summary: String,
    request_href: Option<String>,
    /// The request objected to and the PPID's answer to it.
    request_answer: Vec<crate::views::case::Line>,
    request_number: Option<String>,
    requester: Vec<Detail>,
    identity_masked: bool,
    deadlines: Vec<Detail>,
    decision: Vec<Detail>,
    /// The atasan's order to the PPID and where it stands.
    order: Option<OrderView>,
    /// The suggested deadline of an order, in working days (a setting).
    order_days: u32,
    letters: Vec<crate::views::case::LetterLink>,
    timeline: Vec<TimelineItem>,
    disputes: Vec<DisputeItem>,
    actions: Actions,
    any_action: bool,
    version: i64,
    csrf: String,
    action_url: String,
    outcomes: Vec<Choice>,
    reactions: Vec<Choice>,
    /// The objections this one may duplicate.
    originals: Vec<Choice>,
    adjudication_outcomes: Vec<Choice>,
    open: String,
    forms: HashMap<&'static str, HashMap<&'static str, Field>>,
    mail_tasks: Vec<super::mail_tasks::MailTaskView>,
    mail_task_form: bool,
    message: Option<String>,
    problem: Option<String>,
    /// The error summary's lines, each linking to its field.
    error_links: Vec<crate::web::form::ErrorLink>,
}

fn forms(
    outcome: &Outcome,
    today: &str,
    order_by: &str,
    user: &UserRow,
) -> HashMap<&'static str, HashMap<&'static str, Field>> {
    let forms = STEP_FORMS.iter().map(|form| (*form, ObjectionStepForm::FIELDS));
    outcome.forms(forms, &outcome.open, |name| match name {
        "tanggal" => today.to_owned(),
        "nama_atasan" => user.name.clone(),
        "paling_lambat" => order_by.to_owned(),
        _ => String::new(),
    })
}

fn date_text(locale: Locale, d: Option<NaiveDate>) -> String {
    d.map(|d| date_long(locale, d)).unwrap_or_else(|| "—".into())
}

fn render(
    state: &AppState,
    locale: Locale,
    c: &ObjectionCase,
    user: &UserRow,
    session: &SessionRow,
    outcome: Outcome,
    status: StatusCode,
) -> HttpResponse {
    let (o, p, zone) = (&c.objection, c.permission, c.zone);
    let decided = o.decision.is_some();
    let actions = Actions {
        decide: p.decide && o.state == ObjectionState::Registered,
        close_duplicate: p.record && o.state == ObjectionState::Registered && !c.siblings.is_empty(),
        carry_out: p.carry_out
            && matches!(o.order_status(c.today), Some(OrderStatus::Pending { .. } | OrderStatus::Overdue { .. })),
        decision_received: p.record && o.decision.as_ref().is_some_and(|d| d.received_on.is_none()),
        reaction: p.record && decided && o.reaction.is_none(),
        dispute: p.record && c.disputes.is_empty() && o.state != ObjectionState::Withdrawn,
    };
    let any_action = actions.decide
        || actions.carry_out
        || actions.close_duplicate
        || actions.decision_received
        || actions.reaction
        || actions.dispute;
    let event_text = |e: &ObjectionEvent| match e {
        ObjectionEvent::Decided { decision } => t_args(
            locale,
            "objection-event-decided",
            &[("outcome", t(locale, &format!("atasan-outcome-{}", outcome_key(decision.outcome))))],
        ),
        ObjectionEvent::DeadlineMoved { new, .. } => {
            t_args(locale, "event-deadline-moved", &[("date", date_long(locale, *new))])
        }
        ObjectionEvent::ClosedAsDuplicate { original_number, .. } => {
            t_args(locale, "objection-event-closed-as-duplicate", &[("number", original_number.clone())])
        }
        other => {
            use crate::domain::CaseEvent;
            t(locale, &format!("objection-event-{}", other.type_name().replace('_', "-")))
        }
    };
    let timeline = c
        .events
        .iter()
        .filter(|(_, e)| !matches!(e, ObjectionEvent::DeadlineMoveRefused { .. }))
        .map(|(row, e)| TimelineItem {
            date: datetime_long(locale, row.recorded_at.and_utc(), zone),
            text: event_text(e),
            reason: (!row.reason.is_empty()).then(|| row.reason.clone()),
            actor: Some(crate::views::case::actor_text(locale, row, &c.actors)),
        })
        .collect();
    // Each deadline with the calendar that counted it (the objection keeps its calendar version).
    let calendar = crate::views::case::calendar_used(locale, c.row.calendar_version, &c.ki_name);
    let dated = |d: chrono::NaiveDate| format!("{} — {calendar}", date_long(locale, d));
    let mut deadlines = vec![Detail { label: t(locale, "tracking-objection-due"), value: dated(o.c4_due) }];
    if let Some(order) = o.order_status(c.today) {
        deadlines.push(Detail { label: t(locale, "objection-order-due"), value: dated(order.by()) });
    }
    if let Some(w) = c.dispute_window {
        deadlines.push(Detail { label: t(locale, "tracking-dispute-due"), value: dated(w.due) });
    }
    let decision = o
        .decision
        .as_ref()
        .map(|d| {
            vec![
                Detail {
                    label: t(locale, "objection-decision-outcome"),
                    value: t(locale, &format!("atasan-outcome-{}", outcome_key(d.outcome))),
                },
                Detail { label: t(locale, "objection-decision-date"), value: date_long(locale, d.decided_on) },
                Detail { label: t(locale, "objection-decision-reasons"), value: d.reasons.clone() },
                Detail {
                    label: t(locale, "objection-decision-atasan"),
                    value: format!("{} — {}", d.atasan_name, d.atasan_position),
                },
                Detail { label: t(locale, "objection-decision-received"), value: date_text(locale, d.received_on) },
            ]
        })
        .unwrap_or_default();
    let disputes = c
        .disputes
        .iter()
        .map(|d| {
            let mut summary = vec![
                Detail { label: t(locale, "dispute-filed-on"), value: date_long(locale, d.row.filed_on) },
                Detail {
                    label: t(locale, "dispute-ki-number-label"),
                    value: d.dispute.ki_number.clone().unwrap_or_else(|| "—".into()),
                },
                Detail {
                    label: t(locale, "dispute-confirmed-label"),
                    value: t(locale, if d.dispute.confirmed { "answer-yes" } else { "answer-no" }),
                },
            ];
            let mut clock = |key: &str, date: Option<NaiveDate>| {
                if let Some(date) = date {
                    summary.push(Detail { label: t(locale, key), value: date_long(locale, date) });
                }
            };
            clock("dispute-c6", d.clocks.c6_ki_start_due);
            clock("dispute-c7", d.clocks.c7_ki_finish_due);
            clock("dispute-c8", d.clocks.c8_mediation_due);
            clock("dispute-c9", d.clocks.c9_court_challenge_due);
            clock("dispute-kasasi", d.clocks.kasasi_due);
            let timeline = d
                .events
                .iter()
                .map(|(row, e)| TimelineItem {
                    date: datetime_long(locale, row.recorded_at.and_utc(), zone),
                    text: dispute_event_text(locale, e),
                    reason: None,
                    actor: None,
                })
                .collect();
            let steps = if p.record {
                dispute_steps(&d.dispute)
                    .into_iter()
                    .map(|s| Choice {
                        value: s.to_owned(),
                        label: t(locale, &format!("dispute-step-{}", s.replace('_', "-"))),
                        selected: outcome.values.get("langkah").map(String::as_str) == Some(s),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            DisputeItem { id: d.row.id.clone(), version: d.row.version, summary, timeline, steps, late: d.dispute.late }
        })
        .collect();
    let today = c.today.to_string();
    let chosen = |k: &str| outcome.values.get(k).map(String::as_str);
    let error_links = outcome.summary(locale, &outcome.open, super::objection_steps::summary_fields(&outcome.open));
    let page = ObjectionPage {
        bundle_href: format!("{}/paket-bukti", here(&c.row.id)),
        mail_tasks: super::mail_tasks::mail_task_views(locale, c.zone, &c.mail_tasks, &here(&c.row.id)),
        mail_task_form: c.permission.record || c.permission.decide,
        meta: PageMeta::new(locale, &state.settings.instance_name, &here(&c.row.id)).with_title(format!(
            "{} {}",
            t(locale, "queue-kind-objection"),
            c.row.registration_number
        )),
        number: c.row.registration_number.clone(),
        status: t(locale, &format!("objection-status-{}", c.row.state)),
        body_name: c.body.name.clone(),
        received: datetime_long(locale, c.row.received_at.and_utc(), zone),
        channel: t(locale, &format!("channel-{}", c.row.channel.replace('_', "-"))),
        late: o.late,
        grounds: o
            .grounds
            .iter()
            .map(|g| GroundItem {
                label: ground_label(locale, g.ground),
                due: date_long(locale, g.due),
                late: o.received_on > g.due,
            })
            .collect(),
        summary: c.row.summary.clone(),
        request_href: c.request.as_ref().map(|(id, _)| format!("/ruang-kerja/permohonan/{id}")),
        request_answer: c
            .objected
            .as_ref()
            .map(|(row, r)| crate::views::case::request_answer(locale, row, r))
            .unwrap_or_default(),
        request_number: c.request.as_ref().map(|(_, n)| n.clone()),
        identity_masked: c.requester.is_none(),
        requester: c.requester.as_ref().map(|q| requester_details(locale, q)).unwrap_or_default(),
        deadlines,
        decision,
        order: order_view(locale, c),
        order_days: state.settings.order_working_days,
        letters: crate::views::case::links(
            locale,
            &format!("{}/surat", here(&c.row.id)),
            &crate::service::letters::objection_letters(&c.objection),
            &c.row.id,
            &c.letter_numbers,
        ),
        timeline,
        disputes,
        actions,
        any_action,
        version: c.row.version,
        csrf: session.csrf_token.clone(),
        action_url: here(&c.row.id),
        outcomes: choices(locale, "atasan-outcome", &OUTCOMES, chosen("hasil")),
        reactions: choices(locale, "reaction", &REACTIONS, chosen("reaksi")),
        originals: c
            .siblings
            .iter()
            .map(|(id, number)| Choice {
                value: id.clone(),
                label: number.clone(),
                selected: chosen("asli") == Some(id.as_str()),
            })
            .collect(),
        adjudication_outcomes: choices(locale, "adjudication", &ADJUDICATION, chosen("hasil")),
        forms: forms(&outcome, &today, &c.order_suggestion.to_string(), user),
        open: outcome.open,
        message: outcome.message,
        error_links,
        problem: outcome.problem,
    };
    no_store(state.views.page(status, "pages/workspace/objection_case", &page))
}

/// The atasan's order as the page shows it (`None` when the decision ordered nothing).
fn order_view(locale: Locale, c: &ObjectionCase) -> Option<OrderView> {
    let order = c.objection.decision.as_ref()?.order.as_ref()?;
    let status = c.objection.order_status(c.today)?;
    let note = c.objection.order_note.clone();
    Some(OrderView {
        what: order.what.clone(),
        by: date_long(locale, order.by),
        status: crate::views::case::order_status_text(locale, status, c.today),
        overdue: matches!(status, OrderStatus::Overdue { .. }) || status.on_time() == Some(false),
        done: matches!(status, OrderStatus::CarriedOut { .. }),
        note,
    })
}

async fn load(state: &AppState, user: &UserRow, id: &str) -> Result<ObjectionCase, ServiceError> {
    let (calendar, now, secrets) = (state.settings.calendar, state.clock.now(), state.secrets.clone());
    let order_days = state.settings.order_working_days;
    let (user, id) = (user.clone(), id.to_owned());
    state.db.run(move |conn| officer::objection_case(conn, calendar, order_days, &secrets, &user, &id, now)).await
}

const DONE: [&str; 9] = [
    "dicatat",
    "putuskan",
    "laksanakan",
    "tutup_duplikat",
    "putusan_diterima",
    "tanggapan_pemohon",
    "sengketa",
    "langkah_sengketa",
    "surel",
];

pub async fn objection_page(
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
            let outcome = Outcome::returned(locale, &query, &DONE, "objection-done");
            render(&state, locale, &c, &user, &session, outcome, StatusCode::OK)
        }
        Err(e) => PageError::from(e).into(),
    }
}

pub async fn act(
    me: CaseScope<IdentityReaders>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: CsrfForm<ObjectionStepForm>,
) -> HttpResponse {
    let (locale, id) = (locale.0, path.into_inner());
    let (user, session) = (me.user, me.session);
    let (posted, csrf_ok) = form.checked_for_session(&session);
    let action = posted.action.clone();
    let current = match load(&state, &user, &id).await {
        Ok(c) => c,
        Err(e) => return PageError::from(e).into(),
    };
    let p = current.permission;
    if !p.decide && !p.record && !p.carry_out {
        return PageError::forbidden().into();
    }
    let mut outcome = Outcome::failed(&action, posted.entered());
    let version = posted.version.trim().parse::<i64>().ok();
    if !csrf_ok || version.is_none() {
        outcome.problem = Some(t(locale, "form-error-expired"));
        return render(&state, locale, &current, &user, &session, outcome, StatusCode::BAD_REQUEST);
    }
    let step = match read_step(locale, &posted) {
        Ok(s) => s,
        Err(errors) => {
            outcome.errors = errors;
            outcome.problem = Some(t(locale, "form-error-summary"));
            return render(&state, locale, &current, &user, &session, outcome, StatusCode::BAD_REQUEST);
        }
    };
    let (calendar, now, actor, target) = (state.settings.calendar, state.clock.now(), user.clone(), id.clone());
    let expected = version.unwrap_or_default();
    let result = state
        .db
        .run(move |conn| match step {
            Step::Objection(cmd) => {
                officer::act_on_objection(conn, calendar, &actor, &target, expected, &cmd, now).map(drop)
            }
            Step::DisputeFiled { filed_on } => {
                officer::record_dispute(conn, calendar, &actor, &target, filed_on, now).map(drop)
            }
            Step::DisputeProgress { dispute_id, version, command } => {
                officer::act_on_dispute(conn, &actor, &dispute_id, version, &command, now).map(drop)
            }
        })
        .await;
    let failure = match result {
        Ok(()) => {
            return crate::web::respond::redirect(&format!("{}?selesai={action}", here(&id)));
        }
        Err(e) => e,
    };
    let now_case = match load(&state, &user, &id).await {
        Ok(c) => c,
        Err(e) => return PageError::from(e).into(),
    };
    let status = match step_failure(locale, failure, "objection", ObjectionStepForm::field_of, Some("tanggal")) {
        Ok((status, problem, errors)) => {
            outcome.problem = Some(problem);
            outcome.errors.extend(errors);
            status
        }
        Err(e) => return PageError::from(e).into(),
    };
    render(&state, locale, &now_case, &user, &session, outcome, status)
}

// ---- An objection received on paper, registered from the request's page ----

/// Registers an objection to the request `{id}` received on paper; then shows the objection's page.
pub async fn register_paper(
    me: CaseScope<CaseHandlers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let (locale, id) = (locale.0, path.into_inner());
    let (user, session) = (me.user, me.session);
    let case = match crate::web::pages::workspace::request_case::load(&state, &user, &id).await {
        Ok(c) => c,
        Err(e) => return PageError::from(e).into(),
    };
    if !case.permission.act {
        return PageError::forbidden().into();
    }
    let pairs = form.into_inner();
    let grounds: Vec<ObjectionGround> = pairs
        .iter()
        .filter(|(k, _)| k == "alasan_keberatan")
        .filter_map(|(_, v)| v.trim().chars().next().and_then(ObjectionGround::from_letter))
        .collect();
    let token = pairs.iter().find(|(k, _)| k == crate::web::csrf::FIELD).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut posted: PaperObjectionForm = read_pairs(pairs.into_iter().filter(|(k, _)| k != "alasan_keberatan"));
    posted.grounds = grounds.iter().map(|g| g.letter()).collect();
    let input = posted.entered();
    let back = |problem: String, errors: FieldErrors, status: StatusCode| {
        crate::web::pages::workspace::request_case::render_form_failure(
            &state,
            locale,
            &case,
            &session,
            "keberatan",
            input.clone(),
            errors,
            problem,
            status,
        )
    };
    if !crate::web::csrf::session_ok(&session, &token) {
        return back(t(locale, "form-error-expired"), FieldErrors::new(), StatusCode::BAD_REQUEST);
    }
    let mut errors = FieldErrors::new();
    let channel = Channel::parse(posted.channel.trim()).filter(|c| super::request_case::PAPER_CHANNELS.contains(c));
    if channel.is_none() {
        errors.insert("saluran".into(), t(locale, "form-error-channel-invalid-choice"));
    }
    if grounds.is_empty() {
        errors.insert("alasan_keberatan".into(), t(locale, "objection-error-no-grounds"));
    }
    if posted.summary.trim().is_empty() {
        errors.insert("ringkasan".into(), t(locale, "objection-error-summary"));
    }
    let date = NaiveDate::parse_from_str(posted.date.trim(), "%Y-%m-%d").ok();
    let time = NaiveTime::parse_from_str(posted.time.trim(), "%H:%M").ok();
    let received_at = match (date, time) {
        (Some(d), Some(tm)) => {
            case.case.zone.from_local_datetime(&d.and_time(tm)).single().map(|l| l.with_timezone(&chrono::Utc))
        }
        _ => None,
    };
    match received_at {
        None => {
            errors.insert("tanggal".into(), t(locale, "form-error-received-at-invalid-date-time"));
        }
        Some(at) if at > state.clock.now() => {
            errors.insert("tanggal".into(), t(locale, "form-error-in-future"));
        }
        Some(_) => {}
    }
    let (Some(channel), Some(received_at), true) = (channel, received_at, errors.is_empty()) else {
        return back(t(locale, "form-error-summary"), errors, StatusCode::BAD_REQUEST);
    };
    let new = NewObjection {
        request_id: Some(id.clone()),
        body: None,
        requester: None,
        grounds,
        periodic_date: None,
        summary: posted.summary.trim().to_owned(),
        channel,
        received_at,
        online: false,
        representative_name: posted.representative_name.trim().to_owned(),
    };
    let (calendar, now, secrets, actor) =
        (state.settings.calendar, state.clock.now(), state.secrets.clone(), user.clone());
    match state.db.run(move |conn| officer::register_objection(conn, calendar, &secrets, &actor, &new, now)).await {
        Ok(row) => crate::web::respond::redirect(&format!("{}?selesai=dicatat", here(&row.id))),
        Err(ServiceError::Refused { code, .. }) => {
            let message = t(locale, &format!("objection-refused-{}", code.replace('_', "-")));
            let mut errors = FieldErrors::new();
            errors.insert("alasan_keberatan".into(), message.clone());
            back(message, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(ServiceError::Invalid(problems)) => {
            let mut errors = FieldErrors::new();
            for p in problems {
                let field = PaperObjectionForm::field_of(p.field).unwrap_or(p.field);
                errors.insert(field.to_owned(), crate::web::form::field_message(locale, p.field, p.code));
            }
            back(t(locale, "form-error-summary"), errors, StatusCode::BAD_REQUEST)
        }
        Err(e) => PageError::from(e).into(),
    }
}

/// `POST /ruang-kerja/keberatan/{objection}/surel/{mail}`: an undelivered mail about the objection was sent
/// another way.
pub async fn mail_task(
    me: CaseScope<ObjectionHandlers>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: CsrfForm<MailTaskForm>,
) -> HttpResponse {
    let (id, mail) = path.into_inner();
    super::mail_tasks::record_mail_task(me.user, me.session, &state, here(&id), id, mail, form).await
}

/// The objection's evidence bundle (`/ruang-kerja/keberatan/{objection}/paket-bukti`): its request, itself and its
/// disputes as hash chains with the anchors that commit to them, no identity; check it with
/// `terbuka audit verify-bundle`.
pub async fn evidence_bundle(
    me: CaseScope<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
) -> HttpResponse {
    let (_locale, id) = (locale.0, path.into_inner());
    let user = me.user;
    let (now, instance, target) = (state.clock.now(), state.settings.instance_name.clone(), id.clone());
    let result = state.db.run(move |conn| officer::objection_evidence(conn, &user, &target, &instance, now)).await;
    match result {
        Ok(Some((bundle, number))) => {
            let name = crate::views::format::safe_file_name(&format!("paket-bukti-{number}"));
            HttpResponse::Ok()
                .content_type("application/json")
                .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.json\"")))
                .insert_header(("X-Content-SHA256", crate::domain::evidence::sha256_hex(&bundle)))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .body(bundle)
        }
        Ok(None) | Err(ServiceError::NotFound { .. }) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}
