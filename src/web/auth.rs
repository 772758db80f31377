//! Who is asking, as extractors: a handler states what it needs in its signature (`SignedIn`, `Officer<R>`,
//! `CaseScope<R>`, `Admin`, `TokenHolder<R>`), and the request does not reach it otherwise. The route table
//! (`web::routes`) declares the same rule as an [`Access`](crate::web::routes::Access); the architecture test
//! checks that each route's handler takes the extractor its rule names, and the authorization matrix test calls
//! every route as every kind of person.
//!
//! Pages answer "sign in first" (303 to `/masuk`) or 403; the API answers 401 or 403 in the JSON envelope.

use std::marker::PhantomData;
use std::rc::Rc;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::db::models::accounts::{SessionRow, UserRow};
use crate::domain::account::Role;
use crate::service::accounts;
use crate::web::error::{ApiError, PageError};
use crate::web::state::AppState;

pub const SESSION_COOKIE: &str = "terbuka_sesi";

/// The roles that have a queue (every role but the administrator).
pub const OFFICERS: &[Role] = &[Role::PpidUtama, Role::PpidPelaksana, Role::AtasanPpid, Role::KiAuditor];

/// The instance's administrators.
pub const ADMINS: &[Role] = &[Role::Admin];

/// The roles that handle requests (the atasan reads them; the auditor only reads).
pub const CASE_HANDLERS: &[Role] = &[Role::PpidUtama, Role::PpidPelaksana];

/// The roles that see requesters' identity: the body's own officers (domain.md §8).
pub const IDENTITY_READERS: &[Role] = &[Role::PpidUtama, Role::PpidPelaksana, Role::AtasanPpid];

/// The roles that act on objections: the atasan decides, the PPID Utama records what follows. (An objection's
/// steps are posted by the body's officers, `IDENTITY_READERS`: the unit's PPID Pelaksana carries out an
/// overturning decision too, and the service checks which step each may take.)
pub const OBJECTION_HANDLERS: &[Role] = &[Role::PpidUtama, Role::AtasanPpid];

/// The roles that read a body's annual report before it is published: its own officers.
pub const REPORT_READERS: &[Role] = &[Role::PpidUtama, Role::PpidPelaksana, Role::AtasanPpid];

/// The role that writes and publishes the annual report.
pub const REPORT_WRITERS: &[Role] = &[Role::PpidUtama];

/// The role that records the monev band a KI gave each body of its jurisdiction.
pub const MONEV_RECORDERS: &[Role] = &[Role::KiAuditor];

/// A set of roles, as a type, so that an extractor can name it: `Officer<CaseHandlers>`.
pub trait RoleSet: 'static {
    const ROLES: &'static [Role];
}

macro_rules! role_sets {
    ($( $(#[$doc:meta])* $name:ident = $roles:ident; )*) => {
        $( $(#[$doc])* pub struct $name; impl RoleSet for $name { const ROLES: &'static [Role] = $roles; } )*
    };
}

role_sets! {
    /// [`OFFICERS`]
    Officers = OFFICERS;
    /// [`CASE_HANDLERS`]
    CaseHandlers = CASE_HANDLERS;
    /// [`IDENTITY_READERS`]
    IdentityReaders = IDENTITY_READERS;
    /// [`OBJECTION_HANDLERS`]
    ObjectionHandlers = OBJECTION_HANDLERS;
    /// [`REPORT_READERS`]
    ReportReaders = REPORT_READERS;
    /// [`REPORT_WRITERS`]
    ReportWriters = REPORT_WRITERS;
    /// [`MONEV_RECORDERS`]
    MonevRecorders = MONEV_RECORDERS;
}

fn state_of(req: &HttpRequest) -> web::Data<AppState> {
    AppState::of(req)
}

/// The session cookie's person, looked up once per request (several extractors may ask).
#[derive(Clone)]
pub(crate) struct Found(Option<Rc<(UserRow, SessionRow, String)>>);

pub(crate) async fn session_of(req: &HttpRequest) -> Option<Rc<(UserRow, SessionRow, String)>> {
    if let Some(found) = req.extensions().get::<Found>() {
        return found.0.clone();
    }
    let state = state_of(req);
    let found = match req.cookie(&state.host_cookie(SESSION_COOKIE)) {
        None => None,
        Some(cookie) => {
            let token = cookie.value().to_owned();
            let (lookup, now) = (token.clone(), state.clock.now());
            match state.db.run(move |conn| accounts::session_user(conn, &lookup, now)).await {
                Ok(Some((user, session))) => Some(Rc::new((user, session, token))),
                Ok(None) => None,
                Err(e) => {
                    tracing::error!(error = %e, "session lookup failed");
                    None
                }
            }
        }
    };
    req.extensions_mut().insert(Found(found.clone()));
    found
}

/// The signed-in person, if any (for pages anyone may see that change for signed-in people).
pub struct MaybeSignedIn(pub Option<SignedIn>);

/// Any signed-in person; others are sent to the sign-in page.
pub struct SignedIn {
    pub user: UserRow,
    pub session: SessionRow,
    /// The session cookie's token (to end the session).
    pub token: String,
}

impl SignedIn {
    pub fn role(&self) -> Role {
        self.user.role
    }
}

impl FromRequest for MaybeSignedIn {
    type Error = PageError;
    type Future = LocalBoxFuture<'static, Result<Self, PageError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            Ok(MaybeSignedIn(session_of(&req).await.map(|found| {
                let (user, session, token) = (*found).clone();
                SignedIn { user, session, token }
            })))
        })
    }
}

impl FromRequest for SignedIn {
    type Error = PageError;
    type Future = LocalBoxFuture<'static, Result<Self, PageError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let maybe = MaybeSignedIn::from_request(req, payload);
        Box::pin(async move { maybe.await?.0.ok_or_else(PageError::sign_in) })
    }
}

async fn with_role(req: HttpRequest, roles: &'static [Role]) -> Result<(SignedIn, Role), PageError> {
    let signed = SignedIn::from_request(&req, &mut Payload::None).await?;
    let role = signed.role();
    if roles.contains(&role) { Ok((signed, role)) } else { Err(PageError::forbidden()) }
}

/// Declares an extractor of a signed-in person whose role is one of `R` (403 for other roles).
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub struct $name<R: RoleSet = Officers> {
            pub user: UserRow,
            pub session: SessionRow,
            pub role: Role,
            roles: PhantomData<R>,
        }

        impl<R: RoleSet> FromRequest for $name<R> {
            type Error = PageError;
            type Future = LocalBoxFuture<'static, Result<Self, PageError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                let req = req.clone();
                Box::pin(async move {
                    let (s, role) = with_role(req, R::ROLES).await?;
                    Ok($name { user: s.user, session: s.session, role, roles: PhantomData })
                })
            }
        }
    };
}

role_extractor! {
    /// A signed-in person whose role is one of `R`; others signed in get 403.
    Officer
}

role_extractor! {
    /// A signed-in person whose role is one of `R`, acting on a case named in the path. The extractor checks the
    /// role only: the handler loads the case through the services with this person as the reader, and they answer
    /// a case outside the person's scope (their body, unit or jurisdiction) "not found", so its existence is not
    /// revealed. The authorization matrix test calls every such route as an officer of another body and unit.
    CaseScope
}

/// An administrator; with `require_two_step_for_admins` (the default), one who has turned two-step sign-in on —
/// others are sent to set it up first.
pub struct Admin {
    pub user: UserRow,
    pub session: SessionRow,
}

/// Whether the account has two-step sign-in on (false when that cannot be read: the page then offers it).
pub async fn two_step_on(state: &AppState, user_id: &str) -> bool {
    let id = user_id.to_owned();
    state.db.run(move |conn| accounts::second_factor_status(conn, &id)).await.map(|(on, _)| on).unwrap_or(false)
}

impl FromRequest for Admin {
    type Error = PageError;
    type Future = LocalBoxFuture<'static, Result<Self, PageError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (s, _) = with_role(req.clone(), ADMINS).await?;
            let state = state_of(&req);
            if state.settings.require_two_step_for_admins && !two_step_on(&state, &s.user.id).await {
                return Err(PageError::go_to("/akun/dua-langkah"));
            }
            Ok(Admin { user: s.user, session: s.session })
        })
    }
}

/// The account behind an officer's API token (`Authorization: Bearer tbk_…`), with a role in `R`: 401 without a
/// valid token, 403 for another role. A token acts as its account: same scope, same rules as the workspace.
pub struct TokenHolder<R: RoleSet = Officers> {
    pub user: UserRow,
    pub role: Role,
    roles: PhantomData<R>,
}

/// The bearer token of the request, if any.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
}

impl<R: RoleSet> FromRequest for TokenHolder<R> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let token = bearer(&req).ok_or_else(ApiError::unauthorized)?;
            let state = state_of(&req);
            let now = state.clock.now();
            let user = state
                .db
                .run(move |conn| crate::service::api_tokens::api_token_user(conn, &token, now))
                .await?
                .ok_or_else(ApiError::unauthorized)?;
            let role = user.role;
            if R::ROLES.contains(&role) {
                Ok(TokenHolder { user, role, roles: PhantomData })
            } else {
                Err(ApiError::forbidden())
            }
        })
    }
}
