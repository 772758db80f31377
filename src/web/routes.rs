//! Every route, declared once: two tables (pages, and the API under `/api/v1`), each entry with its method, path,
//! handler and [`Access`] rule. The handler's signature takes the extractor its rule names (`web::auth`); the
//! architecture test checks that it does, and the authorization matrix test calls every route as every kind of
//! person.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::account::Role;
use crate::web::api;
use crate::web::auth::{
    ADMINS, CASE_HANDLERS, IDENTITY_READERS, MONEV_RECORDERS, OBJECTION_HANDLERS, OFFICERS, REPORT_READERS,
    REPORT_WRITERS,
};
use crate::web::error::{ApiError, PageError};
use crate::web::pages;

/// Who may call a route. Handlers enforce it; the authorization matrix test (`tests/app/authorization.rs`) calls
/// every route of [`PAGE_ROUTES`] and [`api::API_ROUTES`] as every kind of person and checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Whoever holds a request's tracking token (in the path or a bearer header).
    TrackingToken,
    /// Whoever holds a one-time set-password link.
    SignInLink,
    /// Whoever gave a correct password and now gives the code (two-step sign-in); others go to the sign-in page.
    SecondStep,
    /// Any signed-in person.
    SignedIn,
    /// Signed-in people with one of these roles.
    Roles(&'static [Role]),
    /// An officer's API token (`Authorization: Bearer tbk_…`) of an account with one of these roles; with
    /// `scoped`, for a case in the account's scope only (others are "not found").
    Token { roles: &'static [Role], scoped: bool },
    /// Signed-in people with one of these roles, for a case in their scope (their body, their unit, their
    /// jurisdiction); a case outside it is answered "not found".
    Case(&'static [Role]),
}

/// One route: method, path pattern, and who may call it.
#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

/// Declares routes once: the table of [`RouteSpec`]s and the function that registers them.
macro_rules! route_table {
    ($table:ident, $register:ident; $( $method:ident $path:literal => $handler:path, $access:expr; )*) => {
        pub const $table: &[RouteSpec] = &[ $( RouteSpec { method: stringify!($method), path: $path, access: $access } ),* ];

        fn $register(cfg: &mut web::ServiceConfig) {
            $( cfg.route($path, web::$method().to($handler)); )*
        }
    };
}

route_table! { PAGE_ROUTES, register_pages;
    get "/healthz" => crate::web::health::healthz, Access::Public;
    get "/" => pages::home::home, Access::Public;
    // The requesters' tracking pages first: the busiest public pages, and the router tries routes in order.
    get "/lacak" => pages::resend::form, Access::Public;
    post "/lacak" => pages::resend::submit, Access::Public;
    get "/lacak/{token}" => pages::requests::track, Access::TrackingToken;
    get "/lacak/{token}/tanda-terima" => pages::requests::receipt, Access::TrackingToken;
    get "/lacak/{token}/keberatan" => pages::actions::objection_page, Access::TrackingToken;
    post "/lacak/{token}/keberatan" => pages::actions::submit_objection, Access::TrackingToken;
    get "/lacak/{token}/keberatan/{objection}/sengketa" => pages::actions::dispute_page, Access::TrackingToken;
    post "/lacak/{token}/keberatan/{objection}/sengketa" => pages::actions::submit_dispute, Access::TrackingToken;
    get "/lacak/{token}/dokumen/{document}" => pages::requests::document, Access::TrackingToken;
    get "/lacak/{token}/surat/{kind}" => pages::letters::citizen_request_letter, Access::TrackingToken;
    get "/lacak/{token}/keberatan/{objection}/surat/{kind}" => pages::letters::citizen_objection_letter, Access::TrackingToken;
    get "/lacak/{token}/cabut" => pages::actions::withdraw_page, Access::TrackingToken;
    post "/lacak/{token}/cabut" => pages::actions::submit_withdraw, Access::TrackingToken;
    get "/masuk" => pages::account::sign_in_form, Access::Public;
    post "/masuk" => pages::account::sign_in, Access::Public;
    get "/masuk/lupa" => pages::forgot::form, Access::Public;
    post "/masuk/lupa" => pages::forgot::submit, Access::Public;
    get "/masuk/kode" => pages::two_factor::code_form, Access::SecondStep;
    post "/masuk/kode" => pages::two_factor::submit_code, Access::SecondStep;
    get "/masuk/sandi/{token}" => pages::account::set_password_form, Access::SignInLink;
    post "/masuk/sandi/{token}" => pages::account::set_password, Access::SignInLink;
    get "/akun" => pages::account::account, Access::SignedIn;
    post "/akun/sandi" => pages::account::change_password, Access::SignedIn;
    post "/akun/bahasa" => pages::account::set_language, Access::SignedIn;
    post "/akun/token" => pages::account::create_token, Access::Roles(OFFICERS);
    post "/akun/token/{id}/cabut" => pages::account::revoke_token, Access::Roles(OFFICERS);
    get "/akun/dua-langkah" => pages::two_factor::setup, Access::SignedIn;
    post "/akun/dua-langkah" => pages::two_factor::confirm, Access::SignedIn;
    post "/akun/dua-langkah/nonaktif" => pages::two_factor::disable, Access::SignedIn;
    post "/keluar" => pages::account::sign_out, Access::SignedIn;
    get "/admin" => pages::admin::overview, Access::Roles(ADMINS);
    get "/admin/badan" => pages::admin::bodies_list, Access::Roles(ADMINS);
    post "/admin/badan" => pages::admin::body_create, Access::Roles(ADMINS);
    get "/admin/badan/{slug}" => pages::admin::body_show, Access::Roles(ADMINS);
    post "/admin/badan/{slug}" => pages::admin::body_update, Access::Roles(ADMINS);
    post "/admin/badan/{slug}/unit" => pages::admin::unit_create, Access::Roles(ADMINS);
    get "/admin/pengguna" => pages::admin::users_list, Access::Roles(ADMINS);
    post "/admin/pengguna" => pages::admin::user_create, Access::Roles(ADMINS);
    post "/admin/pengguna/{username}/{action}" => pages::admin::user_action, Access::Roles(ADMINS);
    get "/admin/surel" => pages::admin::mail, Access::Roles(ADMINS);
    post "/admin/surel/ulang" => pages::admin::mail_retry, Access::Roles(ADMINS);
    get "/admin/kalender" => pages::admin::calendar, Access::Roles(ADMINS);
    get "/admin/kepatuhan" => pages::admin::snapshots, Access::Roles(ADMINS);
    post "/admin/kepatuhan" => pages::admin::snapshot_correct, Access::Roles(ADMINS);
    post "/admin/kalender/impor" => pages::admin::calendar_import, Access::Roles(ADMINS);
    get "/ruang-kerja" => pages::workspace::queue, Access::Roles(OFFICERS);
    get "/ruang-kerja/register/permohonan" => pages::registers::requests_page, Access::Roles(OFFICERS);
    get "/ruang-kerja/register/permohonan.csv" => pages::registers::requests_csv, Access::Roles(OFFICERS);
    get "/ruang-kerja/register/keberatan" => pages::registers::objections_page, Access::Roles(OFFICERS);
    get "/ruang-kerja/register/keberatan.csv" => pages::registers::objections_csv, Access::Roles(OFFICERS);
    get "/ruang-kerja/permohonan-baru" => pages::desk::form, Access::Roles(CASE_HANDLERS);
    post "/ruang-kerja/permohonan-baru" => pages::desk::submit, Access::Roles(CASE_HANDLERS);
    get "/ruang-kerja/permohonan/{id}" => pages::case::case_page, Access::Case(OFFICERS);
    post "/ruang-kerja/permohonan/{id}" => pages::case::act, Access::Case(CASE_HANDLERS);
    post "/ruang-kerja/permohonan/{id}/dokumen" => pages::case::upload, Access::Case(CASE_HANDLERS);
    get "/ruang-kerja/permohonan/{id}/dokumen/{document}" => pages::case::document, Access::Case(OFFICERS);
    get "/ruang-kerja/permohonan/{id}/identitas/{document}" => pages::case::identity_document, Access::Case(IDENTITY_READERS);
    post "/ruang-kerja/permohonan/{id}/keberatan" => pages::objection_case::register_paper, Access::Case(CASE_HANDLERS);
    post "/ruang-kerja/permohonan/{id}/surel/{mail}" => pages::case::mail_task, Access::Case(CASE_HANDLERS);
    get "/ruang-kerja/permohonan/{id}/surat/{kind}" => pages::letters::officer_request_letter, Access::Case(OFFICERS);
    get "/ruang-kerja/keberatan/{objection}/surat/{kind}" => pages::letters::officer_objection_letter, Access::Case(OFFICERS);
    get "/ruang-kerja/keberatan/{objection}" => pages::objection_case::objection_page, Access::Case(OFFICERS);
    get "/ruang-kerja/keberatan/{objection}/paket-bukti" => pages::objection_case::evidence_bundle, Access::Case(OFFICERS);
    post "/ruang-kerja/keberatan/{objection}" => pages::objection_case::act, Access::Case(OBJECTION_HANDLERS);
    post "/ruang-kerja/keberatan/{objection}/surel/{mail}" => pages::objection_case::mail_task, Access::Case(OBJECTION_HANDLERS);
    get "/ruang-kerja/laporan-tahunan" => pages::reports::years, Access::Roles(REPORT_READERS);
    get "/ruang-kerja/laporan-tahunan/{year}" => pages::reports::edit, Access::Roles(REPORT_READERS);
    post "/ruang-kerja/laporan-tahunan/{year}" => pages::reports::submit, Access::Roles(REPORT_WRITERS);
    get "/ruang-kerja/laporan-tahunan/{year}/{file}" => pages::reports::preview, Access::Roles(REPORT_READERS);
    get "/ruang-kerja/monev" => pages::monev::page, Access::Roles(MONEV_RECORDERS);
    post "/ruang-kerja/monev" => pages::monev::submit, Access::Roles(MONEV_RECORDERS);
    get "/badan/{slug}" => pages::requests::body_page, Access::Public;
    get "/badan/{slug}/laporan/{file}" => pages::reports::public, Access::Public;
    get "/badan/{slug}/daftar-permohonan" => pages::register::register, Access::Public;
    get "/badan/{slug}/kepatuhan" => pages::compliance::page, Access::Public;
    get "/badan/{slug}/kepatuhan.json" => pages::compliance::json, Access::Public;
    get "/badan/{slug}/kepatuhan.csv" => pages::compliance::csv, Access::Public;
    get "/badan/{slug}/kepatuhan/arsip/{year}" => pages::snapshots::body_page, Access::Public;
    get "/badan/{slug}/kepatuhan/arsip/{year}/{file}" => pages::snapshots::body_document, Access::Public;
    get "/metodologi" => pages::compliance::methodology, Access::Public;
    get "/ki/{code}/kepatuhan" => pages::compliance::jurisdiction_page, Access::Public;
    get "/ki/{code}/kepatuhan.json" => pages::compliance::jurisdiction_json, Access::Public;
    get "/ki/{code}/kepatuhan.csv" => pages::compliance::jurisdiction_csv, Access::Public;
    get "/ki/{code}/kepatuhan/arsip/{year}" => pages::snapshots::jurisdiction_page, Access::Public;
    get "/ki/{code}/kepatuhan/arsip/{year}/{file}" => pages::snapshots::jurisdiction_document, Access::Public;
    get "/badan/{slug}/daftar-permohonan.atom" => pages::register::feed, Access::Public;
    get "/badan/{slug}/permohonan/baru" => pages::requests::request_form, Access::Public;
    post "/badan/{slug}/permohonan" => pages::requests::submit_request, Access::Public;
    get "/surel/berhenti/{token}" => pages::opt_out::page, Access::Public;
    post "/surel/berhenti/{token}" => pages::opt_out::stop, Access::Public;
    get "/static/{file:.*}" => crate::web::static_files::serve, Access::Public;
}

// The API's routes, relative to `/api/v1`.
route_table! { API_ROUTES, register_api;
    get "/openapi.json" => api::openapi::serve, Access::Public;
    get "/calendar/deadline" => api::calendar::deadline, Access::Public;
    post "/bodies/{slug}/requests" => api::portal::submit, Access::Public;
    get "/bodies/{slug}/register" => api::portal::register, Access::Public;
    get "/compliance/bodies/{slug}" => api::compliance::body, Access::Public;
    get "/compliance/jurisdictions/{code}" => api::compliance::jurisdiction, Access::Public;
    get "/requests/{id}" => api::portal::read, Access::TrackingToken;
    get "/officer/queue" => api::officer::queue, Access::Token { roles: OFFICERS, scoped: false };
    get "/officer/requests/{id}" => api::officer::read, Access::Token { roles: OFFICERS, scoped: true };
    post "/officer/requests/{id}/steps" => api::officer::step, Access::Token { roles: CASE_HANDLERS, scoped: true };
}

/// Every route of the application: the pages, the API under `/api/v1`, and the not-found answer.
pub fn routes(cfg: &mut web::ServiceConfig) {
    register_pages(cfg);
    cfg.service(web::scope("/api/v1").configure(api_routes)).default_service(web::to(not_found));
}

fn api_routes(cfg: &mut web::ServiceConfig) {
    // A query string that cannot be decoded at all still gets the envelope, in the caller's language.
    let query_config = web::QueryConfig::default().error_handler(|err, _| {
        tracing::debug!(error = %err, "undecodable query string");
        ApiError::invalid_input(Vec::new()).into()
    });
    let json_config = web::JsonConfig::default().limit(64 * 1024).error_handler(api::portal::json_error);
    cfg.app_data(query_config).app_data(json_config);
    register_api(cfg);
}

/// Unknown paths: the JSON envelope under `/api/`, a page everywhere else.
async fn not_found(req: HttpRequest) -> Result<HttpResponse, actix_web::Error> {
    if req.path().starts_with("/api/") {
        return Err(ApiError::not_found().into());
    }
    Err(PageError::not_found().into())
}
