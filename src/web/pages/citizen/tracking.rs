//! The requester's receipt, private tracking page and documents, reached only by the request's unguessable token;
//! they carry `Referrer-Policy: no-referrer` and are kept rendered (`web::page_cache`).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::i18n::{Locale, date_long, datetime_long, t, t_args};
use crate::service::portal;
use crate::views::PageMeta;
use crate::views::case::{DeadlineView, DocumentLink, TimelineItem, calendar_used, deadline_view, event_text};
use crate::views::format::file_size;
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::page_cache::{CachedPage, PageKey};
use crate::web::respond::send_file;
use crate::web::state::AppState;

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
    /// The requester gave no email address: nothing will be mailed, so the receipt says to keep the link.
    no_email: bool,
    information: String,
    purpose: String,
    deadlines: Vec<DeadlineView>,
    /// The written notice: the decision and what goes with it.
    notice: Vec<crate::views::case::Line>,
    timeline: Vec<TimelineItem>,
    tracking_url: String,
    receipt_url: String,
    overdue: bool,
    objections: Vec<ObjectionItem>,
    documents: Vec<DocumentLink>,
    can_act: bool,
    can_object: bool,
    /// No ground open because the notice went by post and its receipt is not recorded yet (said on the page).
    awaiting_receipt: bool,
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
    /// The atasan's decision: ruling, date and written reasons.
    decision: Option<DecisionLine>,
    /// What the atasan ordered the PPID to give, by when, and where it stands.
    order: Option<OrderLine>,
    /// Closed as the same as another objection: which, and the PPID's reason.
    duplicate: Option<DuplicateLine>,
    receipt_url: String,
    c4_due: String,
    dispute_due: Option<String>,
    dispute_url: String,
    disputes: Vec<String>,
}

#[derive(Serialize)]
struct DuplicateLine {
    text: String,
    reason: String,
}

#[derive(Serialize)]
struct DecisionLine {
    outcome: String,
    decided_on: String,
    reasons: String,
}

#[derive(Serialize)]
struct OrderLine {
    what: String,
    by: String,
    status: String,
    late: bool,
    /// What the PPID says was given and how, once carried out.
    note: Option<String>,
}

/// A date, with the note that its year's holidays are not loaded yet when it is counted provisionally.
fn provisional_date(locale: Locale, date: chrono::NaiveDate, provisional: bool) -> String {
    let text = date_long(locale, date);
    if provisional { t_args(locale, "tracking-date-provisional", &[("date", text)]) } else { text }
}

/// The atasan's decision and order on an objection as the requester reads them.
fn decision_lines(
    locale: Locale,
    o: &crate::domain::objection::Objection,
    today: chrono::NaiveDate,
) -> (Option<DecisionLine>, Option<OrderLine>) {
    use crate::domain::objection::OrderStatus;
    let Some(d) = &o.decision else { return (None, None) };
    let decision = DecisionLine {
        outcome: t(locale, &format!("atasan-outcome-{}", crate::views::case::outcome_key(d.outcome))),
        decided_on: date_long(locale, d.decided_on),
        reasons: d.reasons.clone(),
    };
    let order = d.order.as_ref().zip(o.order_status(today)).map(|(order, status)| OrderLine {
        what: order.what.clone(),
        by: date_long(locale, order.by),
        status: crate::views::case::order_status_text(locale, status, today),
        late: matches!(status, OrderStatus::Overdue { .. }) || status.on_time() == Some(false),
        note: o.order_note.clone(),
    });
    (Some(decision), order)
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
    // "If extended" means nothing once the notice is given.
    if tracking.extended || tracking.aggregate.notice.is_none() {
        let key = if tracking.extended { "deadline-c2" } else { "deadline-c2-possible" };
        deadlines.push(deadline_view(locale, key, &tracking.c2, &calendar));
    }
    // Each ground the requester may still object on, with the last day (and whether it is provisional).
    for g in tracking.grounds.iter().filter(|g| g.open) {
        let label =
            t_args(locale, "tracking-ground-due", &[("ground", crate::views::case::ground_label(locale, g.ground))]);
        deadlines.push(DeadlineView {
            label,
            date: date_long(locale, g.due),
            explanation: Some(crate::views::explain::explain_deadline(locale, &g.deadline)),
            calendar: calendar.clone(),
        });
    }
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
            actor: None,
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
        .map(|tracked| {
            let (o, window) = (&tracked.row, tracked.window);
            let (decision, order) = decision_lines(locale, &tracked.objection, today);
            ObjectionItem {
                decision,
                order,
                duplicate: tracked.objection.duplicate_of.as_ref().map(|d| DuplicateLine {
                    text: t_args(locale, "tracking-duplicate", &[("number", d.number.clone())]),
                    reason: d.reason.clone(),
                }),
                receipt_url: format!("/lacak/{token}/keberatan/{}", o.id),
                number: o.registration_number.clone(),
                status: t(locale, &format!("objection-status-{}", o.state)),
                c4_due: provisional_date(locale, o.c4_due, tracked.c4_provisional),
                dispute_due: window.map(|w| provisional_date(locale, w.due, tracked.window_provisional)),
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
            }
        })
        .collect();
    let can_withdraw = tracking.request.state.is_open();
    let awaiting_receipt = super::objection::awaiting_receipt(&tracking);
    let numbers = &tracking.letter_numbers;
    let mut letters = crate::views::case::links(
        locale,
        &format!("/lacak/{token}/surat"),
        &crate::service::letters::request_letters(&tracking.aggregate),
        &tracking.request.id,
        numbers,
    );
    for o in tracking.objections.iter().map(|tracked| &tracked.row) {
        letters.extend(crate::views::case::links(
            locale,
            &format!("/lacak/{token}/keberatan/{}/surat", o.id),
            &crate::service::letters::objection_letters_of_row(o),
            &o.id,
            numbers,
        ));
    }
    TrackingPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(t(locale, title_key)),
        number: tracking.request.registration_number.clone(),
        status: t(locale, &format!("status-{}", tracking.request.state.as_str().replace('_', "-"))),
        body_name: tracking.body.name.clone(),
        unit_name: tracking.unit_name.clone(),
        received: datetime_long(locale, tracking.request.received_at.and_utc(), zone),
        requester_name: tracking.requester.name.clone(),
        no_email: tracking.requester.email.trim().is_empty(),
        information: tracking.request.information.clone(),
        purpose: tracking.request.purpose.clone(),
        deadlines,
        notice: tracking
            .aggregate
            .notice
            .as_ref()
            .map(|n| crate::views::case::notice_details(locale, n))
            .unwrap_or_default(),
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
        can_act: !open_grounds.is_empty() || can_withdraw || awaiting_receipt,
        can_object: !open_grounds.is_empty(),
        awaiting_receipt,
        object_hint: t_args(locale, "tracking-object-hint", &[("grounds", open_grounds.join("; "))]),
        objection_url: format!("/lacak/{token}/keberatan"),
        letters,
        can_withdraw,
        withdraw_url: format!("/lacak/{token}/cabut"),
    }
}

pub async fn receipt(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    tracking_page(&state, locale.0, &path.into_inner(), "pages/citizen/receipt", "receipt-title").await
}

pub async fn track(state: web::Data<AppState>, locale: RequestLocale, path: web::Path<String>) -> HttpResponse {
    tracking_page(&state, locale.0, &path.into_inner(), "pages/citizen/tracking", "tracking-title").await
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
        Ok(Some(doc)) => send_file(&state, doc).unwrap_or_else(Into::into),
        Ok(None) => PageError::not_found().into(),
        Err(e) => PageError::from(e).into(),
    }
}
