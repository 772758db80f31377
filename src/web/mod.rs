//! HTTP: translates requests into use cases and renders results. No legal rule is decided here.

pub mod api;
pub mod health;
pub mod locale;
pub mod pages;
pub mod state;
pub mod static_files;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;
use crate::views::PageMeta;
use locale::RequestLocale;
use state::AppState;

/// The client's address: the peer, or, when the peer is a trusted proxy, the right-most address in
/// `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(req: &HttpRequest, trusted: &[std::net::IpAddr]) -> Option<std::net::IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).unwrap_or_default();
    forwarded
        .split(',')
        .rev()
        .filter_map(|s| s.trim().parse::<std::net::IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .or(Some(peer))
}

/// Every route of the application.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/", web::get().to(pages::home::home))
        .route("/masuk", web::get().to(pages::account::sign_in_form))
        .route("/masuk", web::post().to(pages::account::sign_in))
        .route("/masuk/sandi/{token}", web::get().to(pages::account::set_password_form))
        .route("/masuk/sandi/{token}", web::post().to(pages::account::set_password))
        .route("/akun", web::get().to(pages::account::account))
        .route("/ruang-kerja", web::get().to(pages::workspace::queue))
        .route("/akun/sandi", web::post().to(pages::account::change_password))
        .route("/keluar", web::post().to(pages::account::sign_out))
        .route("/badan/{slug}", web::get().to(pages::requests::body_page))
        .route("/badan/{slug}/daftar-permohonan", web::get().to(pages::register::register))
        .route("/badan/{slug}/daftar-permohonan.atom", web::get().to(pages::register::feed))
        .route("/badan/{slug}/permohonan/baru", web::get().to(pages::requests::request_form))
        .route("/badan/{slug}/permohonan", web::post().to(pages::requests::submit_request))
        .route("/lacak/{token}", web::get().to(pages::requests::track))
        .route("/lacak/{token}/tanda-terima", web::get().to(pages::requests::receipt))
        .route("/lacak/{token}/keberatan", web::get().to(pages::actions::objection_page))
        .route("/lacak/{token}/keberatan", web::post().to(pages::actions::submit_objection))
        .route("/lacak/{token}/keberatan/{objection}/sengketa", web::get().to(pages::actions::dispute_page))
        .route("/lacak/{token}/keberatan/{objection}/sengketa", web::post().to(pages::actions::submit_dispute))
        .route("/lacak/{token}/dokumen/{document}", web::get().to(pages::requests::document))
        .route("/lacak/{token}/cabut", web::get().to(pages::actions::withdraw_page))
        .route("/lacak/{token}/cabut", web::post().to(pages::actions::submit_withdraw))
        .route("/static/{file:.*}", web::get().to(static_files::serve))
        .service(web::scope("/api/v1").configure(api::routes))
        .default_service(web::to(not_found));
}

/// Unknown paths: the JSON envelope under `/api/`, a page everywhere else.
async fn not_found(req: HttpRequest, locale: RequestLocale, state: web::Data<AppState>) -> HttpResponse {
    if req.path().starts_with("/api/") {
        return actix_web::ResponseError::error_response(&ApiError::not_found(locale.0));
    }
    let meta = PageMeta::new(locale.0, &state.settings.instance_name, "/");
    state.views.error_page(meta, StatusCode::NOT_FOUND)
}
