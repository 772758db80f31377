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
    bodies: Vec<BodyLink>,
}

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

pub async fn home(state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
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
    let bodies = match state.db.run(crate::service::portal::bodies).await {
        Ok(b) => b.into_iter().map(|b| BodyLink { href: format!("/badan/{}", b.slug), name: b.name }).collect(),
        Err(e) => return PageError::from(e).into(),
    };
    let title = t(locale, "home-title");
    state.views.page(StatusCode::OK, "pages/public/home", &HomePage { meta: meta.with_title(title), steps, bodies })
}
