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
            $( cfg.route($path, method(stringify!($method)).to($handler)); )*
        }
    };
}

/// The route of a table's method: a page or document read with `GET` is answered to `HEAD` alike (headers,
/// no body), as HTTP asks and link checkers expect.
fn method(name: &str) -> actix_web::Route {
    use actix_web::guard;
    match name {
        "get" => web::route().guard(guard::Any(guard::Get()).or(guard::Head())),
        "post" => web::post(),
        other => unreachable!("the route tables use get and post, not {other}"),
    }
}

route_table! { PAGE_ROUTES, register_pages;
    get "/healthz" => crate::web::health::healthz, Access::Public;
    get "/" => pages::public::home::home, Access::Public;
    // The requesters' tracking pages first: the busiest public pages, and the router tries routes in order.
    get "/lacak" => pages::citizen::resend::form, Access::Public;
    post "/lacak" => pages::citizen::resend::submit, Access::Public;
    get "/lacak/{token}" => pages::citizen::tracking::track, Access::TrackingToken;
    get "/lacak/{token}/tanda-terima" => pages::citizen::tracking::receipt, Access::TrackingToken;
    get "/lacak/{token}/keberatan" => pages::citizen::objection::objection_page, Access::TrackingToken;
    post "/lacak/{token}/keberatan" => pages::citizen::objection::submit_objection, Access::TrackingToken;
    get "/lacak/{token}/keberatan/{objection}" => pages::citizen::objection::objection_receipt, Access::TrackingToken;
    get "/lacak/{token}/keberatan/{objection}/sengketa" => pages::citizen::objection::dispute_page, Access::TrackingToken;
    post "/lacak/{token}/keberatan/{objection}/sengketa" => pages::citizen::objection::submit_dispute, Access::TrackingToken;
    get "/lacak/{token}/dokumen/{document}" => pages::citizen::tracking::document, Access::TrackingToken;
    get "/lacak/{token}/surat/{kind}" => pages::citizen::letters::citizen_request_letter, Access::TrackingToken;
    get "/lacak/{token}/keberatan/{objection}/surat/{kind}" => pages::citizen::letters::citizen_objection_letter, Access::TrackingToken;
    get "/lacak/{token}/cabut" => pages::citizen::withdraw::withdraw_page, Access::TrackingToken;
    post "/lacak/{token}/cabut" => pages::citizen::withdraw::submit_withdraw, Access::TrackingToken;
    get "/masuk" => pages::auth::account::sign_in_form, Access::Public;
    post "/masuk" => pages::auth::account::sign_in, Access::Public;
    get "/masuk/lupa" => pages::auth::forgot::form, Access::Public;
    post "/masuk/lupa" => pages::auth::forgot::submit, Access::Public;
    get "/masuk/kode" => pages::auth::two_factor::code_form, Access::SecondStep;
    post "/masuk/kode" => pages::auth::two_factor::submit_code, Access::SecondStep;
    get "/masuk/sandi/{token}" => pages::auth::account::set_password_form, Access::SignInLink;
    post "/masuk/sandi/{token}" => pages::auth::account::set_password, Access::SignInLink;
    get "/akun" => pages::auth::account::account, Access::SignedIn;
    post "/akun/sandi" => pages::auth::account::change_password, Access::SignedIn;
    post "/akun/bahasa" => pages::auth::account::set_language, Access::SignedIn;
    post "/akun/token" => pages::auth::account::create_token, Access::Roles(OFFICERS);
    post "/akun/token/{id}/cabut" => pages::auth::account::revoke_token, Access::Roles(OFFICERS);
    get "/akun/dua-langkah" => pages::auth::two_factor::setup, Access::SignedIn;
    post "/akun/dua-langkah" => pages::auth::two_factor::confirm, Access::SignedIn;
    post "/akun/dua-langkah/nonaktif" => pages::auth::two_factor::disable, Access::SignedIn;
    post "/keluar" => pages::auth::account::sign_out, Access::SignedIn;
    get "/admin" => pages::admin::overview::overview, Access::Roles(ADMINS);
    get "/admin/badan" => pages::admin::bodies::bodies_list, Access::Roles(ADMINS);
    post "/admin/badan" => pages::admin::bodies::body_create, Access::Roles(ADMINS);
    get "/admin/badan/{slug}" => pages::admin::bodies::body_show, Access::Roles(ADMINS);
    post "/admin/badan/{slug}" => pages::admin::bodies::body_update, Access::Roles(ADMINS);
    post "/admin/badan/{slug}/unit" => pages::admin::bodies::unit_create, Access::Roles(ADMINS);
    post "/admin/badan/{slug}/logo" => pages::admin::logo::upload, Access::Roles(ADMINS);
    post "/admin/badan/{slug}/logo/hapus" => pages::admin::logo::remove, Access::Roles(ADMINS);
    get "/admin/ki" => pages::admin::jurisdictions::jurisdictions_list, Access::Roles(ADMINS);
    post "/admin/ki" => pages::admin::jurisdictions::jurisdiction_create, Access::Roles(ADMINS);
    get "/admin/ki/{code}" => pages::admin::jurisdictions::jurisdiction_show, Access::Roles(ADMINS);
    post "/admin/ki/{code}" => pages::admin::jurisdictions::jurisdiction_update, Access::Roles(ADMINS);
    get "/admin/pengguna" => pages::admin::users::users_list, Access::Roles(ADMINS);
    post "/admin/pengguna" => pages::admin::users::user_create, Access::Roles(ADMINS);
    post "/admin/pengguna/{username}/{action}" => pages::admin::users::user_action, Access::Roles(ADMINS);
    post "/admin/pengguna/{username}/token/{id}/cabut" => pages::admin::users::token_revoke, Access::Roles(ADMINS);
    get "/admin/surel" => pages::admin::mail::mail, Access::Roles(ADMINS);
    post "/admin/surel/ulang" => pages::admin::mail::mail_retry, Access::Roles(ADMINS);
    get "/admin/kalender" => pages::admin::calendar::calendar, Access::Roles(ADMINS);
    get "/admin/kepatuhan" => pages::admin::snapshots::snapshots, Access::Roles(ADMINS);
    post "/admin/kepatuhan" => pages::admin::snapshots::snapshot_correct, Access::Roles(ADMINS);
    post "/admin/kalender/impor" => pages::admin::calendar::calendar_import, Access::Roles(ADMINS);
    post "/admin/kalender/libur-daerah" => pages::admin::calendar::local_holiday, Access::Roles(ADMINS);
    get "/ruang-kerja" => pages::workspace::queue::queue, Access::Roles(OFFICERS);
    get "/ruang-kerja/periksa-bukti" => pages::workspace::bundle_check::form, Access::Roles(OFFICERS);
    post "/ruang-kerja/periksa-bukti" => pages::workspace::bundle_check::submit, Access::Roles(OFFICERS);
    get "/ruang-kerja/register/permohonan" => pages::workspace::registers::requests_page, Access::Roles(OFFICERS);
    get "/ruang-kerja/register/permohonan.csv" => pages::workspace::registers::requests_csv, Access::Roles(OFFICERS);
    get "/ruang-kerja/register/keberatan" => pages::workspace::registers::objections_page, Access::Roles(OFFICERS);
    get "/ruang-kerja/register/keberatan.csv" => pages::workspace::registers::objections_csv, Access::Roles(OFFICERS);
    get "/ruang-kerja/permohonan-baru" => pages::workspace::desk::form, Access::Roles(CASE_HANDLERS);
    post "/ruang-kerja/permohonan-baru" => pages::workspace::desk::submit, Access::Roles(CASE_HANDLERS);
    get "/ruang-kerja/permohonan/{id}" => pages::workspace::request_case::case_page, Access::Case(OFFICERS);
    post "/ruang-kerja/permohonan/{id}" => pages::workspace::request_case::act, Access::Case(CASE_HANDLERS);
    post "/ruang-kerja/permohonan/{id}/dokumen" => pages::workspace::request_case::upload, Access::Case(CASE_HANDLERS);
    get "/ruang-kerja/permohonan/{id}/dokumen/{document}" => pages::workspace::request_case::document, Access::Case(OFFICERS);
    get "/ruang-kerja/permohonan/{id}/identitas/{document}" => pages::workspace::request_case::identity_document, Access::Case(IDENTITY_READERS);
    post "/ruang-kerja/permohonan/{id}/keberatan" => pages::workspace::objection_case::register_paper, Access::Case(CASE_HANDLERS);
    post "/ruang-kerja/permohonan/{id}/tautan-baru" => pages::workspace::desk::new_tracking_link, Access::Case(CASE_HANDLERS);
    post "/ruang-kerja/permohonan/{id}/surel/{mail}" => pages::workspace::request_case::mail_task, Access::Case(CASE_HANDLERS);
    get "/ruang-kerja/permohonan/{id}/surat/{kind}" => pages::workspace::letters::officer_request_letter, Access::Case(OFFICERS);
    get "/ruang-kerja/keberatan/{objection}/surat/{kind}" => pages::workspace::letters::officer_objection_letter, Access::Case(OFFICERS);
    get "/ruang-kerja/keberatan/{objection}" => pages::workspace::objection_case::objection_page, Access::Case(OFFICERS);
    get "/ruang-kerja/keberatan/{objection}/paket-bukti" => pages::workspace::objection_case::evidence_bundle, Access::Case(OFFICERS);
    post "/ruang-kerja/keberatan/{objection}" => pages::workspace::objection_case::act, Access::Case(IDENTITY_READERS);
    post "/ruang-kerja/keberatan/{objection}/surel/{mail}" => pages::workspace::objection_case::mail_task, Access::Case(OBJECTION_HANDLERS);
    get "/ruang-kerja/laporan-tahunan" => pages::workspace::annual_report::years, Access::Roles(REPORT_READERS);
    get "/ruang-kerja/laporan-tahunan/{year}" => pages::workspace::annual_report::edit, Access::Roles(REPORT_READERS);
    post "/ruang-kerja/laporan-tahunan/{year}" => pages::workspace::annual_report::submit, Access::Roles(REPORT_WRITERS);
    get "/ruang-kerja/laporan-tahunan/{year}/{file}" => pages::workspace::annual_report::preview, Access::Roles(REPORT_READERS);
    get "/ruang-kerja/monev" => pages::workspace::monev::page, Access::Roles(MONEV_RECORDERS);
    post "/ruang-kerja/monev" => pages::workspace::monev::submit, Access::Roles(MONEV_RECORDERS);
    get "/badan/{slug}" => pages::public::body::body_page, Access::Public;
    get "/badan/{slug}/laporan/{file}" => pages::public::annual_report::public, Access::Public;
    get "/badan/{slug}/logo" => pages::public::body::logo, Access::Public;
    get "/badan/{slug}/daftar-permohonan" => pages::public::register::register, Access::Public;
    get "/badan/{slug}/kepatuhan" => pages::public::compliance::page, Access::Public;
    get "/badan/{slug}/kepatuhan.json" => pages::public::compliance::json, Access::Public;
    get "/badan/{slug}/kepatuhan.csv" => pages::public::compliance::csv, Access::Public;
    get "/badan/{slug}/kepatuhan/arsip/{year}" => pages::public::snapshots::body_page, Access::Public;
    get "/badan/{slug}/kepatuhan/arsip/{year}/{file}" => pages::public::snapshots::body_document, Access::Public;
    get "/metodologi" => pages::public::compliance::methodology, Access::Public;
    get "/ki/{code}/kepatuhan" => pages::public::compliance::jurisdiction_page, Access::Public;
    get "/ki/{code}/kepatuhan.json" => pages::public::compliance::jurisdiction_json, Access::Public;
    get "/ki/{code}/kepatuhan.csv" => pages::public::compliance::jurisdiction_csv, Access::Public;
    get "/ki/{code}/kepatuhan/arsip/{year}" => pages::public::snapshots::jurisdiction_page, Access::Public;
    get "/ki/{code}/kepatuhan/arsip/{year}/{file}" => pages::public::snapshots::jurisdiction_document, Access::Public;
    get "/badan/{slug}/daftar-permohonan.atom" => pages::public::register::feed, Access::Public;
    get "/badan/{slug}/permohonan/baru" => pages::citizen::request_form::request_form, Access::Public;
    post "/badan/{slug}/permohonan" => pages::citizen::request_form::submit_request, Access::Public;
    get "/surel/berhenti/{token}" => pages::public::opt_out::page, Access::Public;
    post "/surel/berhenti/{token}" => pages::public::opt_out::stop, Access::Public;
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
