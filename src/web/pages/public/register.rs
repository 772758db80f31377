//! The public register of requests (daftar permohonan) of one body, and its Atom feed.
//!
//! This is the *public* register: registration number, dates, status, decision and refusal basis, and the request
//! text only where the requester consented and no officer hid it. Never any identity data. The internal register
//! of requests (officers only, with identity) is a different page with a different name.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::i18n::{Locale, date_long, t, t_args};
use crate::service::portal::{self, PublicEntry, REGISTER_PAGE_SIZE};
use crate::views::PageMeta;
use crate::web::error::PageError;
use crate::web::form::{Choice, choices, options};
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

/// The register's status filter: every state a request can be in.
const STATES: [&str; 7] = crate::domain::request::RequestState::NAMES;

#[derive(Serialize)]
struct Entry {
    number: String,
    received: String,
    status: String,
    decision: Option<String>,
    notice: Option<String>,
    due: String,
    text: Option<String>,
    overdue: bool,
}

#[derive(Serialize)]
struct RegisterView {
    #[serde(flatten)]
    meta: PageMeta,
    body_name: String,
    body_href: String,
    feed_href: String,
    action: String,
    entries: Vec<Entry>,
    total_text: String,
    years: Vec<Choice>,
    states: Vec<Choice>,
    error: Option<String>,
    previous: Option<String>,
    next: Option<String>,
}

fn entry(locale: Locale, e: &PublicEntry) -> Entry {
    Entry {
        number: e.number.clone(),
        received: date_long(locale, e.received_on),
        status: t(locale, &format!("status-{}", e.state.replace('_', "-"))),
        decision: e.decision.as_ref().map(|d| {
            let label = t(locale, &format!("decision-{}", d.replace('_', "-")));
            match e.art17_ground {
                Some(g) => format!("{label} ({})", t_args(locale, "register-art17", &[("letter", g.to_string())])),
                None => label,
            }
        }),
        notice: e.notice_on.map(|d| date_long(locale, d)),
        due: date_long(locale, e.notice_due),
        text: e.text.clone(),
        overdue: e.overdue,
    }
}

struct Filters {
    year: Option<i64>,
    state: Option<String>,
    page: i64,
    invalid: bool,
}

fn filters(query: &HashMap<String, String>) -> Filters {
    let mut invalid = false;
    let year = match query.get("tahun").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse::<i64>() {
            Ok(y) if (2000..=2199).contains(&y) => Some(y),
            _ => {
                invalid = true;
                None
            }
        },
    };
    let state = match query.get("status").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) if STATES.contains(&s) => Some(s.to_owned()),
        Some(_) => {
            invalid = true;
            None
        }
    };
    let page = match query.get("halaman").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => 1,
        Some(s) => match s.parse::<i64>() {
            Ok(p) if (1..=100_000).contains(&p) => p,
            _ => {
                invalid = true;
                1
            }
        },
    };
    Filters { year, state, page, invalid }
}

pub async fn register(
    state: web::Data<AppState>,
    locale: RequestLocale,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let slug = path.into_inner();
    let here = format!("/badan/{slug}/daftar-permohonan");
    let f = filters(&query);
    let today = state.clock.now().date_naive();
    let (lookup, year, st, page) = (slug.clone(), f.year, f.state.clone(), f.page);
    let result = state.db.run(move |conn| portal::register(conn, &lookup, year, st.as_deref(), page, today)).await;
    let reg = match result {
        Ok(Some(r)) => r,
        Ok(None) => {
            return PageError::not_found().into();
        }
        Err(e) => return PageError::from(e).into(),
    };
    let link = |p: i64| {
        let mut q = vec![format!("halaman={p}")];
        if let Some(y) = f.year {
            q.push(format!("tahun={y}"));
        }
        if let Some(s) = &f.state {
            q.push(format!("status={s}"));
        }
        format!("{here}?{}", q.join("&"))
    };
    let pages = (reg.total + REGISTER_PAGE_SIZE - 1) / REGISTER_PAGE_SIZE;
    let view = RegisterView {
        meta: PageMeta::new(locale, &state.settings.instance_name, &here).with_title(format!(
            "{} · {}",
            t(locale, "register-title"),
            reg.body.name
        )),
        body_name: reg.body.name.clone(),
        body_href: format!("/badan/{slug}"),
        feed_href: format!("{here}.atom"),
        action: here.clone(),
        entries: reg.entries.iter().map(|e| entry(locale, e)).collect(),
        total_text: t_args(locale, "register-total", &[("count", reg.total.to_string())]),
        years: options(
            reg.years.iter().map(|y| (y.to_string(), y.to_string())),
            &f.year.map(|y| y.to_string()).unwrap_or_default(),
        ),
        states: choices(locale, "status", &STATES, f.state.as_deref()),
        error: f.invalid.then(|| t(locale, "register-bad-filter")),
        previous: (f.page > 1).then(|| link(f.page - 1)),
        next: (f.page < pages).then(|| link(f.page + 1)),
    };
    let status = if f.invalid { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    state.views.page(status, "pages/public/register", &view)
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The newest requests of a body as an Atom feed (in Indonesian, the register's language).
pub async fn feed(state: web::Data<AppState>, path: web::Path<String>) -> HttpResponse {
    let locale = Locale::Id;
    let slug = path.into_inner();
    let today = state.clock.now().date_naive();
    let lookup = slug.clone();
    let reg = match state.db.run(move |conn| portal::register(conn, &lookup, None, None, 1, today)).await {
        Ok(Some(r)) => r,
        Ok(None) => {
            return HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .body("Tidak ditemukan / Not found");
        }
        Err(e) => {
            tracing::error!(error = %e, "register feed failed");
            return HttpResponse::ServiceUnavailable().finish();
        }
    };
    let base = &state.base_url;
    let page = format!("{base}/badan/{slug}/daftar-permohonan");
    let updated = reg.entries.iter().map(|e| e.updated_at).max().unwrap_or(reg.body.updated_at);
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "  <title>{}</title>\n",
        xml(&format!("{} · {}", t(locale, "register-title"), reg.body.name))
    ));
    out.push_str(&format!("  <id>{}</id>\n  <link rel=\"alternate\" href=\"{}\"/>\n", xml(&page), xml(&page)));
    out.push_str(&format!("  <link rel=\"self\" href=\"{}.atom\"/>\n", xml(&page)));
    out.push_str(&format!(
        "  <updated>{}Z</updated>\n  <author><name>{}</name></author>\n",
        updated.format("%Y-%m-%dT%H:%M:%S"),
        xml(&reg.body.name)
    ));
    for e in &reg.entries {
        let v = entry(locale, e);
        let summary = match &v.decision {
            Some(d) => format!("{} — {}", v.status, d),
            None => v.status.clone(),
        };
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>urn:uuid:{}</id>\n", e.id));
        out.push_str(&format!("    <title>{}</title>\n", xml(&format!("{} · {}", e.number, summary))));
        out.push_str(&format!("    <link href=\"{}\"/>\n", xml(&page)));
        out.push_str(&format!("    <updated>{}Z</updated>\n", e.updated_at.format("%Y-%m-%dT%H:%M:%S")));
        let mut content =
            format!("{}: {}. {}: {}.", t(locale, "receipt-received"), v.received, t(locale, "deadline-c1"), v.due);
        if let Some(text) = &v.text {
            content.push_str(&format!(" {text}"));
        }
        out.push_str(&format!("    <content type=\"text\">{}</content>\n", xml(&content)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    HttpResponse::Ok().insert_header((header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")).body(out)
}
