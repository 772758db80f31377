//! Server-rendered pages.

pub mod account;
pub mod actions;
pub mod admin;
pub mod case;
pub mod compliance;
pub mod desk;
pub mod forgot;
pub mod home;
pub mod letters;
pub mod monev;
pub mod objection_case;
pub mod opt_out;
pub mod register;
pub mod registers;
pub mod reports;
pub mod requests;
pub mod resend;
pub mod snapshots;
pub mod two_factor;
pub mod workspace;

/// The not-found page in the visitor's language (an unknown body, request, year or version).
pub(crate) fn not_found(
    state: &crate::web::state::AppState,
    locale: crate::i18n::Locale,
    path: &str,
) -> actix_web::HttpResponse {
    state.views.error_page(
        crate::views::PageMeta::new(locale, &state.settings.instance_name, path),
        actix_web::http::StatusCode::NOT_FOUND,
    )
}
