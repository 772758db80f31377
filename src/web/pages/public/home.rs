//! The home page: what this instance is and how a request works, in plain words.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::domain::clocks;
use crate::i18n::{t, t_args};
use crate::views::PageMeta;
use crate::web::error::PageError;
use crate::web::locale::RequestLocale;
use crate::web::state::AppState;

#[derive(Serialize)]
struct HomePage {
    #[serde(flatten)]
    meta: PageMeta,
    steps: Vec<Step>,
    /// The bodies under their competent KI, filtered by `search`.
    groups: Vec<KiGroup>,
    search: String,
    /// How many bodies the instance has, and how many match the search.
    total: usize,
    shown: usize,
    /// Open every group (few bodies, or a search): otherwise each KI is a closed section with its count.
    open: bool,
}

#[derive(Serialize)]
struct KiGroup {
    name: String,
    count: usize,
    bodies: Vec<BodyLink>,
}

/// Up to this many bodies the home page lists them all open.
const OPEN_UP_TO: usize = 30;

#[derive(Serialize)]
struct BodyLink {
    name: String,
    href: String,
}

#[derive(Serialize)]
struct Step {
    title: String,
    text: String,
}

/// `/` (`?cari=` filters the bodies by name).
pub async fn home(
    state: web::Data<AppState>,
    locale: RequestLocale,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> HttpResponse {
    let locale = locale.0;
    let meta = PageMeta::new(locale, &state.settings.instance_name, "/");
    let step = |key: &str, days: u32| Step {
        title: t(locale, &format!("home-step-{key}-title")),
        text: t_args(locale, &format!("home-step-{key}-text"), &[("days", days.to_string())]),
    };
    let steps = vec![
        step("notice", clocks::C1_WRITTEN_NOTICE),
        step("extension", clocks::C2_EXTENSION),
        step("objection", clocks::C3_OBJECTION_WINDOW),
        step("atasan", clocks::C4_ATASAN_DECISION),
        step("dispute", clocks::C5_DISPUTE_WINDOW),
    ];
    let today = state.today();
    let groups = match state.db.run(move |conn| crate::service::portal::bodies_by_ki(conn, today)).await {
        Ok(g) => g,
        Err(e) => return PageError::from(e).into(),
    };
    let search = query.get("cari").map(|s| s.trim().to_owned()).unwrap_or_default();
    let needle = search.to_lowercase();
    let total = groups.iter().map(|(_, b)| b.len()).sum();
    let groups: Vec<KiGroup> = groups
        .into_iter()
        .filter_map(|(ki, bodies)| {
            let ki_matches = !needle.is_empty() && ki.name.to_lowercase().contains(&needle);
            let bodies: Vec<BodyLink> = bodies
                .into_iter()
                .filter(|b| ki_matches || b.name.to_lowercase().contains(&needle))
                .map(|b| BodyLink { href: format!("/badan/{}", b.slug), name: b.name })
                .collect();
            (!bodies.is_empty()).then_some(KiGroup { name: ki.name, count: bodies.len(), bodies })
        })
        .collect();
    let shown = groups.iter().map(|g| g.count).sum();
    let page = HomePage {
        meta: meta.with_title(t(locale, "home-title")),
        steps,
        open: total <= OPEN_UP_TO || !search.is_empty(),
        groups,
        search,
        total,
        shown,
    };
    state.views.page(StatusCode::OK, "pages/public/home", &page)
}
