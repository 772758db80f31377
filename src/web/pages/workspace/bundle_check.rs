//! Checking an evidence bundle on a page (`/ruang-kerja/periksa-bukti`): a KI auditor (or any officer) uploads the
//! JSON file an objection's page gave and reads what `terbuka audit verify-bundle` would say: each chain intact or
//! where it breaks, the anchors that commit to it, and the file's SHA-256 to quote. Nothing is stored; no database
//! is read.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::domain::bundle::{Bundle, check};
use crate::i18n::{Locale, t, t_args};
use crate::views::PageMeta;
use crate::web::auth::{Officer, Officers};
use crate::web::form::{FileField, read_multipart};
use crate::web::locale::RequestLocale;
use crate::web::respond::no_store;
use crate::web::state::AppState;

const BASE: &str = "/ruang-kerja/periksa-bukti";

/// The largest bundle accepted: a bundle holds events and document hashes, never documents (a busy case is some
/// hundred kilobytes).
const MAX_BUNDLE_BYTES: usize = 10 * 1024 * 1024;

#[derive(Serialize)]
struct ChainView {
    text: String,
}

#[derive(Serialize)]
struct Verdict {
    intact: bool,
    heading: String,
    objection: String,
    body: String,
    made: String,
    sha256: String,
    chains: Vec<ChainView>,
    counts: String,
    latest_anchor: Option<String>,
    /// Where the bundle breaks (the checker's own words, as `verify-bundle` prints them).
    problems: Vec<String>,
}

#[derive(Serialize)]
struct CheckPage {
    #[serde(flatten)]
    meta: PageMeta,
    csrf: String,
    error: Option<String>,
    verdict: Option<Verdict>,
}

fn page(
    state: &AppState,
    locale: Locale,
    csrf: &str,
    (error, verdict): (Option<String>, Option<Verdict>),
    status: StatusCode,
) -> HttpResponse {
    let data = CheckPage {
        meta: PageMeta::new(locale, &state.settings.instance_name, BASE).with_title(t(locale, "bundle-check-title")),
        csrf: csrf.to_owned(),
        error,
        verdict,
    };
    no_store(state.views.page(status, "pages/workspace/bundle_check", &data))
}

pub async fn form(me: Officer<Officers>, state: web::Data<AppState>, locale: RequestLocale) -> HttpResponse {
    page(&state, locale.0, &me.session.csrf_token, (None, None), StatusCode::OK)
}

/// When the bundle was made, in the instance's words ("Senin, 7 Desember 2026 pukul 20.33 WIB"), or as written.
fn made_at(locale: Locale, zone: chrono_tz::Tz, raw: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|at| crate::i18n::datetime_long(locale, at.with_timezone(&chrono::Utc), zone))
        .unwrap_or_else(|_| raw.to_owned())
}

/// What checking `bytes` found, or why they are not a bundle.
fn verdict(locale: Locale, zone: chrono_tz::Tz, bytes: &[u8]) -> Result<Verdict, String> {
    let bundle: Bundle = serde_json::from_slice(bytes).map_err(|_| t(locale, "bundle-check-not-a-bundle"))?;
    let checked = check(&bundle);
    let kind_label = |case_kind: &str| t(locale, &format!("bundle-check-kind-{case_kind}"));
    // Every chain of the bundle: the intact ones with their anchors, the others said to be broken.
    let broken = bundle
        .chains
        .iter()
        .filter(|c| !checked.chains.iter().any(|k| k.number == c.number && k.case_kind == c.case_kind));
    let broken: Vec<ChainView> = broken
        .map(|c| {
            let kind = kind_label(&c.case_kind);
            ChainView {
                text: t_args(locale, "bundle-check-chain-broken", &[("kind", kind), ("number", c.number.clone())]),
            }
        })
        .collect();
    let chains = checked
        .chains
        .iter()
        .map(|c| {
            let kind = kind_label(&c.case_kind);
            let anchored = match &c.anchored {
                Some((seq, date)) => {
                    t_args(locale, "bundle-check-anchored", &[("seq", seq.to_string()), ("date", date.clone())])
                }
                None => t(locale, "bundle-check-not-anchored"),
            };
            let args = [
                ("kind", kind),
                ("number", c.number.clone()),
                ("events", c.events.to_string()),
                ("anchored", anchored),
            ];
            ChainView { text: t_args(locale, "bundle-check-chain", &args) }
        })
        .chain(broken)
        .collect();
    let intact = checked.problems.is_empty();
    let heading = if intact {
        t(locale, "bundle-check-intact")
    } else {
        t_args(locale, "bundle-check-broken", &[("count", checked.problems.len().to_string())])
    };
    Ok(Verdict {
        intact,
        heading,
        objection: bundle.objection_number.clone(),
        body: bundle.body.clone(),
        made: t_args(
            locale,
            "bundle-check-made",
            &[("at", made_at(locale, zone, &bundle.generated_at)), ("instance", bundle.instance.clone())],
        ),
        sha256: crate::domain::evidence::sha256_hex_bytes(bytes),
        chains,
        counts: t_args(
            locale,
            "bundle-check-counts",
            &[("documents", checked.documents.to_string()), ("anchors", checked.anchors.to_string())],
        ),
        latest_anchor: bundle.latest_anchor.as_ref().map(|(date, hash)| {
            t_args(locale, "bundle-check-latest-anchor", &[("date", date.clone()), ("hash", hash.clone())])
        }),
        // Each problem in the page's language; the case kind named as the chains are.
        problems: checked
            .problems
            .iter()
            .map(|p| {
                let args: Vec<(&'static str, String)> =
                    p.args().into_iter().map(|(k, v)| if k == "kind" { (k, kind_label(&v)) } else { (k, v) }).collect();
                t_args(locale, p.key(), &args)
            })
            .collect(),
    })
}

/// Checks an uploaded bundle (multipart: `csrf_token`, `berkas`).
pub async fn submit(
    me: Officer<Officers>,
    state: web::Data<AppState>,
    locale: RequestLocale,
    payload: Multipart,
) -> HttpResponse {
    let (locale, csrf) = (locale.0, me.session.csrf_token.clone());
    let refused = |key: &str| page(&state, locale, &csrf, (Some(t(locale, key)), None), StatusCode::BAD_REQUEST);
    let field = FileField { name: "berkas", limit: MAX_BUNDLE_BYTES };
    let Ok(mut posted) = read_multipart(payload, &[field]).await else { return refused("form-error-expired") };
    if !crate::web::csrf::session_form_ok(&me.session, &posted.text) {
        return refused("form-error-expired");
    }
    if !posted.too_large.is_empty() {
        return refused("bundle-check-too-large");
    }
    let Some(file) = posted.take_file("berkas").filter(|f| !f.bytes.is_empty()) else {
        return refused("bundle-check-no-file");
    };
    match verdict(locale, state.settings.time_zone, &file.bytes) {
        // A broken bundle is a check that worked: the page says where it breaks.
        Ok(v) => page(&state, locale, &csrf, (None, Some(v)), StatusCode::OK),
        Err(message) => page(&state, locale, &csrf, (Some(message), None), StatusCode::BAD_REQUEST),
    }
}
