//! The officers' queue (`/ruang-kerja`): open work in the signed-in person's scope, nearest deadline first.
//! Every request is checked on the server: not signed in → the sign-in page; a role without a queue → 403.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::domain::account::Role;
use crate::i18n::{date_long, t, t_args};
use crate::service::workspace::{self, Filters};
use crate::views::PageMeta;
use crate::web::auth::{Officer, Officers};
use crate::web::error::PageError;
use crate::web::form::{Choice, choices, options};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

#[derive(Serialize)]
struct Item {
    number: String,
    /// The case page.
    href: Option<String>,
    kind: String,
    body: String,
    unit: Option<String>,
    channel: String,
    status: String,
    received: String,
    due: String,
    urgency: &'static str,
    mark: Option<String>,
    requester: Option<String>,
    /// What is asked for, shortened for the card.
    subject: String,
}

#[derive(Serialize)]
struct QueuePage {
    #[serde(flatten)]
    meta: PageMeta,
    name: String,
    role: String,
    items: Vec<Item>,
    overdue: String,
    due_today: String,
    due_soon: String,
    later: String,
    units: Vec<Choice>,
    statuses: Vec<Choice>,
    channels: Vec<Choice>,
    year: String,
    error: Option<String>,
    show_body: bool,
    can_register: bool,
    /// The body's annual reports (its own officers).
    has_reports: bool,
    /// The KI auditor's record of monev results.
    has_monev: bool,
    /// The filters by a request's status and channel (not for the atasan, whose queue holds objections).
    request_filters: bool,
    /// For a KI auditor: their jurisdiction's public compliance page (address, name).
    ki_compliance: Option<(String, String)>,
    search: String,
    /// The search's hits, when there was a search.
    results: Option<Vec<Hit>>,
    /// Undelivered statutory mail to send another way.
    mail_tasks: Vec<TaskLink>,
}

#[derive(Serialize)]
struct TaskLink {
    href: String,
    number: String,
    kind: String,
}

#[derive(Serialize)]
struct Hit {
    number: String,
    href: String,
    kind: String,
    /// What is asked for, shortened.
    subject: String,
    body: String,
    status: String,
    received: String,
    requester: Option<String>,
    /// "Terlambat N hari kerja" for an open case past its deadline, as on queue cards.
    mark: Option<String>,
}

/// `text` cut to at most `max` characters at a word, with "…" when cut.
fn shortened(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(' ').filter(|i| *i > max / 2).map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':']))
}

const STATUSES: [&str; 3] = ["registered", "extended", "notice_given"];
const CHANNELS: [&str; 7] = ["web", "email", "letter", "desk", "oral", "social_media", "api"];

pub async fn queue(
    me: Officer<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let user = me.user;
    let role = user.role;
    let q = |k: &str| query.get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let mut invalid = false;
    let year = match q("tahun") {
        None => None,
        Some(y) => match y.parse::<i32>() {
            Ok(y) if (2000..=2199).contains(&y) => Some(y),
            _ => {
                invalid = true;
                None
            }
        },
    };
    let status = q("status").filter(|s| {
        let ok = STATUSES.contains(&s.as_str());
        invalid |= !ok;
        ok
    });
    let channel = q("saluran").filter(|c| {
        let ok = CHANNELS.contains(&c.as_str());
        invalid |= !ok;
        ok
    });
    let filters = Filters { unit: q("unit"), status: status.clone(), channel: channel.clone(), year };
    let (calendar, soon, tz) =
        (state.settings.calendar, state.settings.due_soon_working_days, state.settings.time_zone);
    let today = state.clock.now().with_timezone(&tz).date_naive();
    let row = user.clone();
    let result = state
        .db
        .run(move |conn| {
            let queue = workspace::queue(conn, calendar, &row, &filters, today, soon)?;
            let tasks = crate::service::officer::open_mail_tasks(conn, &row, today)?;
            // A KI auditor's own jurisdiction: its public compliance pages are their first reference.
            let ki = match (row.role, row.jurisdiction_id.as_deref()) {
                (Role::KiAuditor, Some(id)) => Some(crate::db::repo::bodies::jurisdiction_by_id(conn, id)?),
                _ => None,
            };
            Ok::<_, crate::service::ServiceError>((queue, tasks, ki))
        })
        .await;
    let (queue, tasks, ki) = match result {
        Ok(q) => q,
        Err(e) => return PageError::from(e).into(),
    };
    let count = |key: &str, n: usize| t_args(locale, key, &[("count", n.to_string())]);
    let unit_choice = q("unit");
    let page = QueuePage {
        meta: PageMeta::new(locale, &state.settings.instance_name, "/ruang-kerja").with_title(t(locale, "queue-title")),
        name: user.name.clone(),
        role: t(locale, &format!("role-{}", user.role.as_str().replace('_', "-"))),
        overdue: count("queue-count-overdue", queue.counts.overdue),
        due_today: count("queue-count-due-today", queue.counts.due_today),
        due_soon: count("queue-count-due-soon", queue.counts.due_soon),
        later: count("queue-count-later", queue.counts.later),
        mail_tasks: tasks
            .iter()
            .map(|m| TaskLink {
                href: if m.case_kind == "request" {
                    format!("/ruang-kerja/permohonan/{}", m.task.case_id)
                } else {
                    format!("/ruang-kerja/keberatan/{}", m.task.case_id)
                },
                number: m.registration_number.clone(),
                kind: t(locale, &format!("mail-kind-{}", m.task.kind.replace('_', "-"))),
            })
            .collect(),
        items: queue
            .items
            .iter()
            .map(|i| Item {
                number: i.registration_number.clone(),
                href: Some(if i.kind == "request" {
                    format!("/ruang-kerja/permohonan/{}", i.id)
                } else {
                    format!("/ruang-kerja/keberatan/{}", i.id)
                }),
                kind: t(locale, &format!("queue-kind-{}", i.kind)),
                body: i.body_name.clone(),
                unit: i.unit_name.clone(),
                channel: t(locale, &format!("channel-{}", i.channel.replace('_', "-"))),
                status: if i.kind == "objection" {
                    t(locale, &format!("objection-status-{}", i.state))
                } else {
                    t(locale, &format!("status-{}", i.state.replace('_', "-")))
                },
                received: date_long(locale, i.received_on),
                due: date_long(locale, i.due),
                urgency: i.urgency.as_str(),
                mark: match i.urgency {
                    workspace::Urgency::Later => None,
                    workspace::Urgency::Overdue => {
                        Some(t_args(locale, "queue-mark-late-days", &[("days", i.late_working_days.to_string())]))
                    }
                    u => Some(t(locale, &format!("queue-mark-{}", u.as_str().replace('_', "-")))),
                },
                requester: i.requester_name.clone(),
                subject: shortened(&i.subject, 140),
            })
            .collect(),
        units: options(queue.units.iter().cloned(), unit_choice.as_deref().unwrap_or_default()),
        statuses: choices(locale, "status", &STATUSES, status.as_deref()),
        channels: choices(locale, "channel", &CHANNELS, channel.as_deref()),
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        error: invalid.then(|| t(locale, "register-bad-filter")),
        show_body: role == Role::KiAuditor,
        can_register: matches!(role, Role::PpidUtama | Role::PpidPelaksana),
        has_reports: crate::web::auth::REPORT_READERS.contains(&role),
        has_monev: role == Role::KiAuditor,
        request_filters: role != Role::AtasanPpid,
        ki_compliance: ki.map(|j| (format!("/ki/{}/kepatuhan", j.code), j.name)),
        search: String::new(),
        results: None,
    };
    let search = q("cari").unwrap_or_default();
    let results = if search.is_empty() {
        None
    } else {
        let (user, secrets, text, settings) =
            (user.clone(), state.secrets.clone(), search.clone(), state.settings.calendar);
        match state.db.run(move |conn| workspace::search(conn, settings, &secrets, &user, &text, today)).await {
            Ok(hits) => Some(
                hits.into_iter()
                    .map(|h| Hit {
                        href: if h.kind == "objection" {
                            format!("/ruang-kerja/keberatan/{}", h.id)
                        } else {
                            format!("/ruang-kerja/permohonan/{}", h.id)
                        },
                        kind: t(locale, &format!("queue-kind-{}", h.kind)),
                        subject: shortened(&h.subject, 140),
                        number: h.registration_number,
                        body: h.body_name,
                        status: if h.kind == "objection" {
                            t(locale, &format!("objection-status-{}", h.state))
                        } else {
                            t(locale, &format!("status-{}", h.state.replace('_', "-")))
                        },
                        received: date_long(locale, h.received_on),
                        requester: h.requester_name,
                        mark: h
                            .late_working_days
                            .map(|days| t_args(locale, "queue-mark-late-days", &[("days", days.to_string())])),
                    })
                    .collect(),
            ),
            Err(e) => return PageError::from(e).into(),
        }
    };
    let page = QueuePage { search, results, ..page };
    let status_code = if invalid { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let res = state.views.page(status_code, "pages/workspace/queue", &page);
    crate::web::respond::no_store(res)
}
