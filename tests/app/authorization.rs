//! The authorization matrix, generated from the application's route tables: every route is called anonymously
//! and as every role (and as an officer of another body), and the answer must match who may call it. A route
//! added to the app without an entry in `EXPECTED` fails this test, and so does an entry for a route that is gone.

use std::collections::BTreeSet;

use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;
use terbuka::domain::objection::ObjectionGround;
use terbuka::domain::request::{Channel, DecisionInput, InfoForm};
use terbuka::service::bodies::{self, BodyInput, UnitInput};
use terbuka::service::cases::{self, RequestCommand, ResponseUpload};
use terbuka::web::{API_ROUTES, Access, PAGE_ROUTES, RouteSpec};

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{create_standard_body, signed_in_account, spawn_app, test_secrets};

/// Who may call each route, as the people who wrote it intend. Keep it in step with the route tables.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("get", "/healthz", "public"),
    ("get", "/", "public"),
    ("get", "/masuk", "public"),
    ("get", "/masuk/lupa", "public"),
    ("post", "/masuk/lupa", "public"),
    ("post", "/masuk", "public"),
    ("get", "/masuk/kode", "second step"),
    ("post", "/masuk/kode", "second step"),
    ("get", "/masuk/sandi/{token}", "sign-in link"),
    ("post", "/masuk/sandi/{token}", "sign-in link"),
    ("get", "/akun", "signed in"),
    ("post", "/akun/bahasa", "signed in"),
    ("post", "/akun/sandi", "signed in"),
    ("post", "/akun/token", "officers"),
    ("post", "/akun/token/{id}/cabut", "officers"),
    ("get", "/akun/dua-langkah", "signed in"),
    ("post", "/akun/dua-langkah", "signed in"),
    ("post", "/akun/dua-langkah/nonaktif", "signed in"),
    ("post", "/keluar", "signed in"),
    ("get", "/admin", "admins"),
    ("get", "/admin/badan", "admins"),
    ("post", "/admin/badan", "admins"),
    ("get", "/admin/badan/{slug}", "admins"),
    ("post", "/admin/badan/{slug}", "admins"),
    ("post", "/admin/badan/{slug}/unit", "admins"),
    ("post", "/admin/badan/{slug}/logo", "admins"),
    ("post", "/admin/badan/{slug}/logo/hapus", "admins"),
    ("get", "/admin/ki", "admins"),
    ("post", "/admin/ki", "admins"),
    ("get", "/admin/ki/{code}", "admins"),
    ("post", "/admin/ki/{code}", "admins"),
    ("get", "/admin/pengguna", "admins"),
    ("post", "/admin/pengguna", "admins"),
    ("post", "/admin/pengguna/{username}/{action}", "admins"),
    ("post", "/admin/pengguna/{username}/token/{id}/cabut", "admins"),
    ("get", "/admin/surel", "admins"),
    ("post", "/admin/surel/ulang", "admins"),
    ("get", "/admin/kalender", "admins"),
    ("post", "/admin/kalender/libur-daerah", "admins"),
    ("get", "/admin/kepatuhan", "admins"),
    ("post", "/admin/kepatuhan", "admins"),
    ("post", "/admin/kalender/impor", "admins"),
    ("get", "/ruang-kerja", "officers"),
    ("get", "/ruang-kerja/periksa-bukti", "officers"),
    ("post", "/ruang-kerja/periksa-bukti", "officers"),
    ("get", "/ruang-kerja/register/permohonan", "officers"),
    ("get", "/ruang-kerja/register/permohonan.csv", "officers"),
    ("get", "/ruang-kerja/register/keberatan", "officers"),
    ("get", "/ruang-kerja/register/keberatan.csv", "officers"),
    ("get", "/ruang-kerja/permohonan-baru", "case handlers"),
    ("post", "/ruang-kerja/permohonan-baru", "case handlers"),
    ("get", "/ruang-kerja/permohonan/{id}", "officers, in scope"),
    ("post", "/ruang-kerja/permohonan/{id}", "case handlers, in scope"),
    ("post", "/ruang-kerja/permohonan/{id}/dokumen", "case handlers, in scope"),
    ("get", "/ruang-kerja/permohonan/{id}/dokumen/{document}", "officers, in scope"),
    ("get", "/ruang-kerja/permohonan/{id}/identitas/{document}", "identity readers, in scope"),
    ("post", "/ruang-kerja/permohonan/{id}/keberatan", "case handlers, in scope"),
    ("post", "/ruang-kerja/permohonan/{id}/tautan-baru", "case handlers, in scope"),
    ("post", "/ruang-kerja/permohonan/{id}/surel/{mail}", "case handlers, in scope"),
    ("post", "/ruang-kerja/keberatan/{objection}/surel/{mail}", "objection handlers, in scope"),
    ("get", "/ruang-kerja/keberatan/{objection}", "officers, in scope"),
    ("get", "/ruang-kerja/keberatan/{objection}/paket-bukti", "officers, in scope"),
    ("get", "/ruang-kerja/permohonan/{id}/surat/{kind}", "officers, in scope"),
    ("get", "/ruang-kerja/keberatan/{objection}/surat/{kind}", "officers, in scope"),
    ("post", "/ruang-kerja/keberatan/{objection}", "identity readers, in scope"),
    ("get", "/ruang-kerja/laporan-tahunan", "body officers"),
    ("get", "/ruang-kerja/laporan-tahunan/{year}", "body officers"),
    ("post", "/ruang-kerja/laporan-tahunan/{year}", "PPID Utama"),
    ("get", "/ruang-kerja/laporan-tahunan/{year}/{file}", "body officers"),
    ("get", "/ruang-kerja/monev", "KI auditors"),
    ("post", "/ruang-kerja/monev", "KI auditors"),
    ("get", "/badan/{slug}", "public"),
    ("get", "/badan/{slug}/laporan/{file}", "public"),
    ("get", "/badan/{slug}/logo", "public"),
    ("get", "/badan/{slug}/daftar-permohonan", "public"),
    ("get", "/badan/{slug}/daftar-permohonan.atom", "public"),
    ("get", "/badan/{slug}/permohonan/baru", "public"),
    ("post", "/badan/{slug}/permohonan", "public"),
    ("get", "/lacak", "public"),
    ("get", "/badan/{slug}/kepatuhan", "public"),
    ("get", "/badan/{slug}/kepatuhan.json", "public"),
    ("get", "/badan/{slug}/kepatuhan.csv", "public"),
    ("get", "/badan/{slug}/kepatuhan/arsip/{year}", "public"),
    ("get", "/badan/{slug}/kepatuhan/arsip/{year}/{file}", "public"),
    ("get", "/metodologi", "public"),
    ("get", "/api/v1/compliance/bodies/{slug}", "public"),
    ("get", "/api/v1/compliance/jurisdictions/{code}", "public"),
    ("get", "/ki/{code}/kepatuhan", "public"),
    ("get", "/ki/{code}/kepatuhan.json", "public"),
    ("get", "/ki/{code}/kepatuhan.csv", "public"),
    ("get", "/ki/{code}/kepatuhan/arsip/{year}", "public"),
    ("get", "/ki/{code}/kepatuhan/arsip/{year}/{file}", "public"),
    ("post", "/lacak", "public"),
    ("get", "/lacak/{token}", "tracking token"),
    ("get", "/lacak/{token}/tanda-terima", "tracking token"),
    ("get", "/lacak/{token}/keberatan", "tracking token"),
    ("post", "/lacak/{token}/keberatan", "tracking token"),
    ("get", "/lacak/{token}/keberatan/{objection}", "tracking token"),
    ("get", "/lacak/{token}/keberatan/{objection}/sengketa", "tracking token"),
    ("post", "/lacak/{token}/keberatan/{objection}/sengketa", "tracking token"),
    ("get", "/lacak/{token}/dokumen/{document}", "tracking token"),
    ("get", "/surel/berhenti/{token}", "public"),
    ("post", "/surel/berhenti/{token}", "public"),
    ("get", "/lacak/{token}/surat/{kind}", "tracking token"),
    ("get", "/lacak/{token}/keberatan/{objection}/surat/{kind}", "tracking token"),
    ("get", "/lacak/{token}/cabut", "tracking token"),
    ("post", "/lacak/{token}/cabut", "tracking token"),
    ("get", "/static/{file:.*}", "public"),
    ("get", "/api/v1/openapi.json", "public"),
    ("get", "/api/v1/calendar/deadline", "public"),
    ("post", "/api/v1/bodies/{slug}/requests", "public"),
    ("get", "/api/v1/bodies/{slug}/register", "public"),
    ("get", "/api/v1/requests/{id}", "tracking token"),
    ("get", "/api/v1/officer/queue", "token: officers"),
    ("get", "/api/v1/officer/requests/{id}", "token: officers, in scope"),
    ("post", "/api/v1/officer/requests/{id}/steps", "token: case handlers, in scope"),
];

fn describe(access: Access) -> &'static str {
    match access {
        Access::Public => "public",
        Access::TrackingToken => "tracking token",
        Access::SignInLink => "sign-in link",
        Access::SecondStep => "second step",
        Access::SignedIn => "signed in",
        Access::Roles(roles) if roles == terbuka::web::OFFICERS => "officers",
        Access::Roles(roles) if roles == terbuka::web::CASE_HANDLERS => "case handlers",
        Access::Roles(roles) if roles == terbuka::web::ADMINS => "admins",
        Access::Roles(roles) if roles == terbuka::web::REPORT_READERS => "body officers",
        Access::Roles(roles) if roles == terbuka::web::REPORT_WRITERS => "PPID Utama",
        Access::Roles(roles) if roles == terbuka::web::MONEV_RECORDERS => "KI auditors",
        Access::Roles(_) => "some roles",
        Access::Case(roles) if roles == terbuka::web::OFFICERS => "officers, in scope",
        Access::Case(roles) if roles == terbuka::web::CASE_HANDLERS => "case handlers, in scope",
        Access::Case(roles) if roles == terbuka::web::OBJECTION_HANDLERS => "objection handlers, in scope",
        Access::Case(roles) if roles == terbuka::web::IDENTITY_READERS => "identity readers, in scope",
        Access::Case(_) => "some roles, in scope",
        Access::Token { roles, scoped: false } if roles == terbuka::web::OFFICERS => "token: officers",
        Access::Token { roles, scoped: true } if roles == terbuka::web::OFFICERS => "token: officers, in scope",
        Access::Token { roles, scoped: true } if roles == terbuka::web::CASE_HANDLERS => {
            "token: case handlers, in scope"
        }
        Access::Token { .. } => "token: some roles",
    }
}

fn all_routes() -> Vec<(String, RouteSpec)> {
    PAGE_ROUTES
        .iter()
        .map(|r| (r.path.to_owned(), *r))
        .chain(API_ROUTES.iter().map(|r| (format!("/api/v1{}", r.path), *r)))
        .collect()
}

#[test]
fn every_route_has_an_expected_access_rule() {
    let actual: BTreeSet<(String, String, &str)> =
        all_routes().iter().map(|(path, r)| (r.method.to_owned(), path.clone(), describe(r.access))).collect();
    let expected: BTreeSet<(String, String, &str)> =
        EXPECTED.iter().map(|(m, p, a)| ((*m).to_owned(), (*p).to_owned(), *a)).collect();
    let missing: Vec<_> = actual.difference(&expected).collect();
    let stale: Vec<_> = expected.difference(&actual).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes without (or with another) expected rule: {missing:?}; expected but not in the app: {stale:?}"
    );
}

/// Someone calling the app.
struct Caller {
    label: &'static str,
    role: Option<Role>,
    cookie: Option<String>,
    /// The request used for `{id}` is in this person's scope (their body, unit or jurisdiction).
    in_scope: bool,
}

#[tokio::test]
async fn every_route_as_every_kind_of_caller() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let now = app.clock.now();
    {
        let mut conn = app.db.get().unwrap();
        bodies::create_unit(
            &mut conn,
            "kota-contoh",
            &UnitInput { slug: "dinas".into(), name: "Dinas".into(), time_zone: None },
            now,
        )
        .unwrap();
        bodies::create_unit(
            &mut conn,
            "kota-contoh",
            &UnitInput { slug: "umum".into(), name: "Bagian Umum".into(), time_zone: None },
            now,
        )
        .unwrap();
        let other = BodyInput {
            slug: "kota-lain".into(),
            name: "Pemerintah Kota Lain".into(),
            level: "pemerintah_kabupaten_kota".into(),
            time_zone: "Asia/Jakarta".into(),
            ki: "jawa-barat".into(),
            ppid_email: "ppid@kota-lain.go.id".into(),
            ppid_phone: "022 7654321".into(),
            ppid_address: "Jl. Lain 1".into(),
            ..Default::default()
        };
        bodies::create_body(&mut conn, &other, now).unwrap();
    }
    // A request routed to the unit "dinas", decided, with a document for the requester.
    let (registration, document, objection, identity) = {
        let mut conn = app.db.get().unwrap();
        let mut input = Office::new_request(wib_morning("2025-03-21"));
        input.unit = Some("dinas".into());
        input.documents = vec![cases::Upload {
            kind: terbuka::domain::upload::DocumentKind::IdentityScan,
            file_name: "ktp.jpg".into(),
            bytes: b"\xff\xd8\xff\xe0 ktp".to_vec(),
        }];
        let files = app.test_db.files();
        let registration =
            cases::register_request(&mut conn, CAL, &test_secrets(), &files, &input, &Office::officer(), now).unwrap();
        let decision = DecisionInput {
            kind: "granted".into(),
            form: Some(InfoForm::Softcopy),
            provide_by: Some(now.date_naive()),
            ..Default::default()
        };
        let notice = RequestCommand::GiveNotice { notice_on: now.date_naive(), decision, electronic: true };
        cases::request_command(&mut conn, CAL, &registration.request.id, None, &notice, &Office::officer(), now)
            .unwrap();
        let upload = ResponseUpload { file_name: "jawaban.pdf".into(), bytes: b"%PDF-1.4 jawaban".to_vec() };
        let document = cases::attach_response_document(
            &mut conn,
            CAL,
            &test_secrets(),
            &files,
            &registration.request.id,
            &upload,
            &Office::officer(),
            now,
        )
        .unwrap();
        // An objection to it, received on paper.
        let objection = cases::file_objection(
            &mut conn,
            CAL,
            &test_secrets(),
            &cases::NewObjection {
                request_id: Some(registration.request.id.clone()),
                body: None,
                requester: None,
                grounds: vec![ObjectionGround::NotAsRequested],
                periodic_date: None,
                summary: "Yang diberikan bukan yang diminta.".into(),
                channel: Channel::Letter,
                received_at: now,
                online: false,
                representative_name: String::new(),
            },
            &Office::officer(),
            now,
        )
        .unwrap();
        let identity =
            terbuka::db::repo::cases::documents_of(&mut conn, &registration.request.requester_id).unwrap().remove(0);
        (registration, document, objection, identity)
    };
    let callers = vec![
        Caller { label: "anonymous", role: None, cookie: None, in_scope: false },
        Caller {
            label: "admin",
            role: Some(Role::Admin),
            cookie: Some(signed_in_account(&app, "operator", Role::Admin, None, None, None)),
            in_scope: false,
        },
        Caller {
            label: "PPID Utama",
            role: Some(Role::PpidUtama),
            cookie: Some(signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None)),
            in_scope: true,
        },
        Caller {
            label: "PPID Pelaksana",
            role: Some(Role::PpidPelaksana),
            cookie: Some(signed_in_account(
                &app,
                "pelaksana",
                Role::PpidPelaksana,
                Some("kota-contoh"),
                Some("dinas"),
                None,
            )),
            in_scope: true,
        },
        Caller {
            label: "atasan PPID",
            role: Some(Role::AtasanPpid),
            cookie: Some(signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None)),
            in_scope: true,
        },
        Caller {
            label: "KI auditor",
            role: Some(Role::KiAuditor),
            cookie: Some(signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"))),
            in_scope: true,
        },
        Caller {
            label: "PPID Utama of another body",
            role: Some(Role::PpidUtama),
            cookie: Some(signed_in_account(&app, "lain", Role::PpidUtama, Some("kota-lain"), None, None)),
            in_scope: false,
        },
        Caller {
            label: "PPID Pelaksana of another unit",
            role: Some(Role::PpidPelaksana),
            cookie: Some(signed_in_account(
                &app,
                "pelaksana-umum",
                Role::PpidPelaksana,
                Some("kota-contoh"),
                Some("umum"),
                None,
            )),
            in_scope: false,
        },
    ];
    let fill = |path: &str| {
        // An objection's letters are the objection kinds; a request's, the request kinds.
        let kind = if path.contains("{objection}/surat/") { "tanda-terima-keberatan.pdf" } else { "tanda-terima" };
        path.replace("{kind}", kind)
            .replace("{username}", "tidak-ada")
            .replace("{action}", "sandi")
            .replace("{slug}", "kota-contoh")
            .replace("{token}", &registration.tracking_token)
            .replace("{objection}", &objection.id)
            .replace("{document}", if path.contains("/identitas/") { &identity.id } else { &document.id })
            .replace("{file:.*}", "site.css")
            .replace("{mail}", "tidak-ada")
            .replace("{code}", "jawa-barat")
            .replace("{year}", "2025")
            .replace("{file}", "v1.json")
            .replace("{id}", &registration.request.id)
    };
    let mut failures = Vec::new();
    for (path, route) in all_routes() {
        for caller in &callers {
            let url = format!("{}{}", app.address, fill(&path));
            let token_route = matches!(route.access, Access::Token { .. });
            let mut req = match (route.method, token_route) {
                // A real step (a note), so that scope decides the answer rather than the body's shape.
                ("post", true) => {
                    app.client.post(&url).json(&serde_json::json!({"version": 0, "step": "note", "text": "x"}))
                }
                ("post", false) => app.client.post(&url).form(&[("x", "y")]),
                _ => app.client.get(&url),
            };
            if token_route {
                if let Some(c) = &caller.cookie {
                    req = req.header("Authorization", format!("Bearer {}", api_token(&app, c)));
                }
            } else if let Some(c) = &caller.cookie {
                req = req.header("Cookie", c);
            }
            if route.access == Access::TrackingToken && path.starts_with("/api/") {
                req = req.header("Authorization", format!("Bearer {}", registration.tracking_token));
            }
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let to_sign_in = status == 303 && res.headers().get("location").is_some_and(|l| l == "/masuk");
            // A case outside the caller's scope is answered "not found", so its existence is not revealed.
            let scoped = matches!(route.access, Access::Case(_));
            let scoped = scoped || matches!(route.access, Access::Token { scoped: true, .. });
            let denied = to_sign_in || status == 403 || status == 401 || (scoped && status == 404);
            let should_be_allowed = match route.access {
                Access::Public | Access::TrackingToken | Access::SignInLink => true,
                // Nobody here is between their password and their code: everyone is sent to sign in.
                Access::SecondStep => false,
                Access::SignedIn => caller.role.is_some(),
                Access::Roles(roles) => caller.role.is_some_and(|r| roles.contains(&r)),
                Access::Case(roles) | Access::Token { roles, scoped: true } => {
                    caller.in_scope && caller.role.is_some_and(|r| roles.contains(&r))
                }
                Access::Token { roles, scoped: false } => caller.role.is_some_and(|r| roles.contains(&r)),
            };
            // Sign-out ends in the sign-in page by design; it is "allowed" when it did not answer 401/403.
            let sign_out_redirect = path == "/keluar" && caller.role.is_some() && to_sign_in;
            if should_be_allowed && denied && !sign_out_redirect {
                failures.push(format!(
                    "{} {path} as {}: refused ({status}) but should be allowed",
                    route.method, caller.label
                ));
            }
            if status >= 500 {
                failures.push(format!("{} {path} as {}: server error {status}", route.method, caller.label));
            }
            if !should_be_allowed && !denied {
                failures.push(format!(
                    "{} {path} as {}: allowed ({status}) but should be refused",
                    route.method, caller.label
                ));
            }
            if !should_be_allowed && caller.role.is_none() && !to_sign_in && !path.starts_with("/api/") && !token_route
            {
                failures.push(format!("{} {path} as anonymous: expected the sign-in page, got {status}", route.method));
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix:\n{}", failures.join("\n"));
}

/// An API token for the account whose session cookie this is (made once per account and remembered).
fn api_token(app: &crate::helpers::TestApp, cookie: &str) -> String {
    use std::sync::Mutex;
    static TOKENS: std::sync::LazyLock<Mutex<std::collections::HashMap<String, String>>> =
        std::sync::LazyLock::new(|| Mutex::new(std::collections::HashMap::new()));
    let key = format!("{}{cookie}", app.address);
    if let Some(t) = TOKENS.lock().unwrap().get(&key) {
        return t.clone();
    }
    let mut conn = app.db.get().unwrap();
    let session = cookie.trim_start_matches("terbuka_sesi=");
    let (user, _) = terbuka::service::accounts::session_user(&mut conn, session, app.clock.now()).unwrap().unwrap();
    let (_, token) =
        terbuka::service::api_tokens::create_api_token(&mut conn, &user, "matriks", app.clock.now()).unwrap();
    TOKENS.lock().unwrap().insert(key, token.clone());
    token
}
