//! Accounts: the admin CLI, setting a password with a one-time link, signing in with growing waits, database sessions,
//! password changes, signing out.

use chrono::Duration;
use terbuka::domain::clock::Clock;
use terbuka::service::accounts::{self, NewUser};

use crate::helpers::{TestApp, create_standard_body, run_cli, spawn_app};

const PASSWORD: &str = "kuda batang merah sembilan";

async fn app() -> TestApp {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    app
}

/// A PPID Utama of kota-contoh; returns its one-time link token.
fn invite(app: &TestApp, username: &str) -> String {
    let mut conn = app.db.get().unwrap();
    let input = NewUser {
        username: username.into(),
        name: "Dewi Lestari".into(),
        email: "dewi@kota-contoh.go.id".into(),
        role: "ppid_utama".into(),
        body: Some("kota-contoh".into()),
        ..Default::default()
    };
    accounts::create_user(&mut conn, &input, app.clock.now()).unwrap().token
}

fn cookie_of(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

async fn set_password(app: &TestApp, token: &str, password: &str, confirm: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/masuk/sandi/{token}", app.address))
        .form(&[("password", password), ("confirm", confirm)])
        .send()
        .await
        .unwrap()
}

async fn sign_in(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    let page = app.get("/masuk").await;
    let csrf_cookie = cookie_of(&page, "terbuka_csrf").unwrap();
    let html = page.text().await.unwrap();
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    app.client
        .post(format!("{}/masuk", app.address))
        .header("Cookie", csrf_cookie)
        .form(&[("username", username), ("password", password), ("csrf_token", &token)])
        .send()
        .await
        .unwrap()
}

async fn account_page(app: &TestApp, session: &str) -> reqwest::Response {
    app.client.get(format!("{}/akun", app.address)).header("Cookie", session).send().await.unwrap()
}

#[test]
fn the_admin_cli_creates_lists_disables_and_resets_accounts() {
    let db = crate::helpers::TestDb::new();
    let clock = std::sync::Arc::new(terbuka::domain::clock::FixedClock::new(crate::helpers::default_now()));
    let run = |args: &[&str]| run_cli(&db.url, clock.clone(), args);
    run(&["admin", "jurisdiction", "create", "--code", "jawa-barat", "--name", "KI Jawa Barat", "--level", "provinsi"])
        .ok();
    run(&[
        "admin",
        "body",
        "create",
        "--slug",
        "kota-contoh",
        "--name",
        "Pemerintah Kota Contoh",
        "--level",
        "pemerintah_kabupaten_kota",
        "--time-zone",
        "Asia/Jakarta",
        "--ki",
        "jawa-barat",
        "--ppid-email",
        "ppid@kota-contoh.go.id",
        "--ppid-phone",
        "022 4234567",
        "--ppid-address",
        "Jl. Merdeka 1",
    ])
    .ok();
    let out = run(&[
        "admin",
        "user",
        "create",
        "--username",
        "dewi",
        "--name",
        "Dewi Lestari",
        "--role",
        "ppid_utama",
        "--body",
        "kota-contoh",
    ]);
    let text = out.ok();
    assert!(text.contains("Created account dewi (ppid_utama)."), "{text}");
    assert!(text.contains("/masuk/sandi/"), "prints the one-time link: {text}");

    let err = run(&[
        "admin",
        "user",
        "create",
        "--username",
        "budi",
        "--name",
        "Budi",
        "--role",
        "ppid_pelaksana",
        "--body",
        "kota-contoh",
    ])
    .err();
    assert!(err.contains("--unit: a PPID Pelaksana works for one unit"), "{err}");
    let err = run(&["admin", "user", "create", "--username", "ani", "--name", "Ani", "--role", "ki_auditor"]).err();
    assert!(err.contains("--jurisdiction"), "{err}");
    let err = run(&[
        "admin",
        "user",
        "create",
        "--username",
        "dewi",
        "--name",
        "Dewi Dua",
        "--role",
        "admin",
        "--body",
        "kota-contoh",
    ])
    .err();
    assert!(
        err.contains("--username: the username `dewi` is taken") && err.contains("--body: this role is not tied"),
        "{err}"
    );
    run(&[
        "admin",
        "user",
        "create",
        "--username",
        "ani",
        "--name",
        "Ani Auditor",
        "--role",
        "ki_auditor",
        "--jurisdiction",
        "jawa-barat",
    ])
    .ok();

    let list = run(&["admin", "user", "list"]);
    assert!(list.ok().contains("no password yet") && list.stdout.contains("2 account(s)."), "{}", list.stdout);
    assert!(run(&["admin", "user", "disable", "ani"]).ok().contains("Disabled ani"));
    assert!(run(&["admin", "user", "disable", "ani"]).err().contains("already disabled"));
    assert!(run(&["admin", "user", "reset-password", "dewi"]).ok().contains("/masuk/sandi/"));
    assert!(run(&["admin", "user", "reset-password", "nobody"]).err().contains("there is no user `nobody`"));
}

#[tokio::test]
async fn a_one_time_link_sets_the_password_and_signs_in_once() {
    let app = app().await;
    let token = invite(&app, "dewi");
    let form = app.get(&format!("/masuk/sandi/{token}")).await;
    assert_eq!(form.status(), 200);
    assert!(form.text().await.unwrap().contains("dewi"));

    let mismatch = set_password(&app, &token, PASSWORD, "kuda batang merah delapan").await;
    assert_eq!(mismatch.status(), 400);
    assert!(mismatch.text().await.unwrap().contains("Kedua kata sandi tidak sama."));
    let short = set_password(&app, &token, "pendek", "pendek").await;
    assert!(short.text().await.unwrap().contains("paling sedikit 12 karakter"));

    let ok = set_password(&app, &token, PASSWORD, PASSWORD).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/ruang-kerja", "an officer lands on their queue");
    let session = cookie_of(&ok, "terbuka_sesi").expect("signed in");
    let page = account_page(&app, &session).await.text().await.unwrap();
    assert!(page.contains("Dewi Lestari") && page.contains("PPID Utama"), "{page}");

    assert_eq!(app.get(&format!("/masuk/sandi/{token}")).await.status(), 410, "a link works once");
    assert_eq!(set_password(&app, &token, PASSWORD, PASSWORD).await.status(), 410);
    let expired = invite(&app, "eko");
    app.clock.set(app.clock.now() + Duration::hours(73));
    assert_eq!(app.get(&format!("/masuk/sandi/{expired}")).await.status(), 410, "links expire after 72 hours");
}

/// A sign-in from the client at `address` (behind the test's trusted proxy), with the cookies it carries.
async fn sign_in_as(
    app: &TestApp,
    address: &str,
    cookies: &[&str],
    username: &str,
    password: &str,
) -> reqwest::Response {
    let page = app.get("/masuk").await;
    let csrf_cookie = cookie_of(&page, "terbuka_csrf").unwrap();
    let html = page.text().await.unwrap();
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let cookie = std::iter::once(csrf_cookie.as_str()).chain(cookies.iter().copied()).collect::<Vec<_>>().join("; ");
    app.client
        .post(format!("{}/masuk", app.address))
        .header("Cookie", cookie)
        .header("X-Forwarded-For", address)
        .form(&[("username", username), ("password", password), ("csrf_token", &token)])
        .send()
        .await
        .unwrap()
}

async fn app_behind_proxy() -> TestApp {
    let app = crate::helpers::spawn_app_with(|s| s.limits.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    create_standard_body(&app.db, app.clock.now());
    app
}

#[tokio::test]
async fn wrong_passwords_slow_a_username_down_the_same_whether_it_exists_or_not() {
    let app = app_behind_proxy().await;
    let token = invite(&app, "dewi");
    set_password(&app, &token, PASSWORD, PASSWORD).await;
    let stranger = "198.51.100.7";
    let answers = |name: &'static str, stranger: &'static str| {
        let app = &app;
        async move {
            let mut out = Vec::new();
            for _ in 0..5 {
                let res = sign_in_as(app, stranger, &[], name, "bukan kata sandinya").await;
                let status = res.status().as_u16();
                let text = res.text().await.unwrap();
                let message =
                    ["Nama pengguna atau kata sandi salah.", "Coba lagi setelah Jumat, 21 Maret 2025 pukul 10.01 WIB"]
                        .into_iter()
                        .find(|m| text.contains(m))
                        .unwrap_or("neither message");
                out.push((status, message));
            }
            out
        }
    };
    let known = answers("dewi", stranger).await;
    assert_eq!(known[..4], [(401, "Nama pengguna atau kata sandi salah."); 4]);
    assert_eq!(known[4], (429, "Coba lagi setelah Jumat, 21 Maret 2025 pukul 10.01 WIB"), "from the fifth failure");
    assert_eq!(answers("siapa", "198.51.100.8").await, known, "an unknown username is answered exactly as a known one");

    // During the wait even the right password waits (from a browser that has not signed in as dewi before).
    let office = "203.0.113.20";
    let right = sign_in_as(&app, office, &[], "Dewi", PASSWORD).await;
    assert_eq!(right.status(), 429);
    assert_eq!(right.headers()["retry-after"], "60");
    // The wait grows with each failure after it, and stays short.
    app.clock.set(app.clock.now() + Duration::minutes(1));
    assert_eq!(sign_in_as(&app, stranger, &[], "dewi", "tebakan keenam").await.status(), 429);
    assert_eq!(sign_in_as(&app, office, &[], "dewi", PASSWORD).await.headers()["retry-after"], "120");
    app.clock.set(app.clock.now() + Duration::minutes(2));
    let ok = sign_in_as(&app, office, &[], "dewi", PASSWORD).await;
    assert_eq!(ok.status(), 303, "once the wait is over the right password signs in");
    assert!(cookie_of(&ok, "terbuka_sesi").is_some());
    // ...and ends the username's count: four more wrong tries are answered as the first ones.
    for _ in 0..4 {
        assert_eq!(sign_in_as(&app, office, &[], "dewi", "salah lagi").await.status(), 401);
    }
    assert_eq!(sign_in_as(&app, office, &[], "dewi", PASSWORD).await.status(), 303);

    let mut conn = app.db.get().unwrap();
    accounts::disable_user(&mut conn, "dewi", app.clock.now()).unwrap();
    drop(conn);
    assert_eq!(sign_in_as(&app, "203.0.113.30", &[], "dewi", PASSWORD).await.status(), 401, "a disabled account");
}

#[tokio::test]
async fn a_stranger_guessing_does_not_keep_the_owner_out_of_a_browser_she_has_used_before() {
    let app = app_behind_proxy().await;
    let token = invite(&app, "dewi");
    set_password(&app, &token, PASSWORD, PASSWORD).await;
    let first = sign_in_as(&app, "203.0.113.20", &[], "dewi", PASSWORD).await;
    let device = cookie_of(&first, "terbuka_perangkat").expect("her browser is remembered");
    assert!(first.headers().get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap();
        c.starts_with("terbuka_perangkat=") && c.contains("HttpOnly") && c.contains("Path=/masuk")
    }));

    // A stranger's guesses from many addresses hold the username...
    for i in 0..12 {
        sign_in_as(&app, &format!("198.51.100.{i}"), &[], "dewi", "tebakan").await;
    }
    assert_eq!(sign_in_as(&app, "203.0.113.21", &[], "dewi", PASSWORD).await.status(), 429);
    let forged = format!("{device}x");
    assert_eq!(sign_in_as(&app, "203.0.113.21", &[&forged], "dewi", PASSWORD).await.status(), 429, "tampered");
    // ...but not her browser, from wherever she is.
    let ok = sign_in_as(&app, "198.51.100.1", &[&device], "dewi", PASSWORD).await;
    assert_eq!(ok.status(), 303, "her browser signs in at once");
    // Her signing in does not end the stranger's wait.
    assert_eq!(sign_in_as(&app, "203.0.113.22", &[], "dewi", PASSWORD).await.status(), 429);
    // The cookie is worth nothing for another username.
    invite(&app, "eko");
    for _ in 0..5 {
        sign_in_as(&app, "198.51.100.50", &[], "eko", "tebakan").await;
    }
    assert_eq!(sign_in_as(&app, "198.51.100.51", &[&device], "eko", "tebakan").await.status(), 429);
    // A known browser that guesses is held by its own count: five failures, then it waits like any other.
    let statuses: Vec<u16> = {
        let mut out = Vec::new();
        for _ in 0..6 {
            out.push(sign_in_as(&app, "203.0.113.20", &[&device], "dewi", "salah").await.status().as_u16());
        }
        out
    };
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429]);
}

#[tokio::test]
async fn one_address_guessing_at_many_usernames_is_held_and_others_are_not() {
    let app = app_behind_proxy().await;
    let token = invite(&app, "dewi");
    set_password(&app, &token, PASSWORD, PASSWORD).await;
    let scanner = "2001:db8:7:7::1";
    for i in 1..10 {
        let res = sign_in_as(&app, &format!("2001:db8:7:7::{i:x}"), &[], &format!("nama{i}"), "tebakan").await;
        assert_eq!(res.status(), 401, "guess {i}");
    }
    let tenth = sign_in_as(&app, scanner, &[], "nama10", "tebakan").await;
    assert_eq!(tenth.status(), 429, "the whole /64 is one client: its tenth failure holds it");
    assert_eq!(tenth.headers()["retry-after"], "900");
    let held = sign_in_as(&app, "2001:db8:7:7:ffff::1", &[], "dewi", PASSWORD).await;
    assert_eq!(held.status(), 429, "held whatever it tries");
    assert_eq!(sign_in_as(&app, "2001:db8:7:8::1", &[], "dewi", PASSWORD).await.status(), 303, "another network");
    app.clock.set(app.clock.now() + Duration::minutes(15));
    assert_eq!(sign_in_as(&app, scanner, &[], "nama99", "tebakan").await.status(), 401, "a quarter of an hour later");
}

#[tokio::test]
async fn sessions_live_in_the_database_and_end_on_sign_out_idle_time_and_password_change() {
    let app = app().await;
    let token = invite(&app, "dewi");
    let first = cookie_of(&set_password(&app, &token, PASSWORD, PASSWORD).await, "terbuka_sesi").unwrap();
    let second = cookie_of(&sign_in(&app, "dewi", PASSWORD).await, "terbuka_sesi").unwrap();
    assert_eq!(account_page(&app, &first).await.status(), 200);
    assert_eq!(account_page(&app, &second).await.status(), 200);

    // Changing the password needs the current one and ends the other sessions.
    let page = account_page(&app, &first).await.text().await.unwrap();
    let csrf = page.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let change = |current: &'static str, csrf: String| {
        app.client
            .post(format!("{}/akun/sandi", app.address))
            .header("Cookie", first.clone())
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("current", current),
                ("password", "sungai biru di pagi hari"),
                ("confirm", "sungai biru di pagi hari"),
            ])
            .send()
    };
    let wrong = change("salah sekali kata sandinya", csrf.clone()).await.unwrap();
    assert!(wrong.text().await.unwrap().contains("Kata sandi saat ini salah."));
    let forged = change(PASSWORD, "palsu".into()).await.unwrap();
    assert_eq!(forged.status(), 400, "a post without the session's CSRF token changes nothing");
    let ok = change(PASSWORD, csrf.clone()).await.unwrap();
    assert_eq!(ok.headers()["location"], "/akun?sandi=diubah");
    assert_eq!(account_page(&app, &second).await.status(), 303, "the other session ended");
    assert_eq!(account_page(&app, &first).await.status(), 200, "this one continues");

    // Signing out ends the session in the database.
    let out = app
        .client
        .post(format!("{}/keluar", app.address))
        .header("Cookie", first.clone())
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.headers()["location"], "/masuk");
    assert_eq!(account_page(&app, &first).await.headers()["location"], "/masuk");

    // Eight idle hours end a session.
    let third = cookie_of(&sign_in(&app, "dewi", "sungai biru di pagi hari").await, "terbuka_sesi").unwrap();
    app.clock.set(app.clock.now() + Duration::hours(9));
    assert_eq!(account_page(&app, &third).await.status(), 303);
}

#[tokio::test]
async fn a_person_chooses_the_language_of_their_mail() {
    let app = spawn_app().await;
    crate::helpers::create_standard_body(&app.db, app.clock.now());
    let cookie = crate::helpers::signed_in_account(
        &app,
        "utama",
        terbuka::domain::account::Role::PpidUtama,
        Some("kota-contoh"),
        None,
        None,
    );
    let page = account_page(&app, &cookie).await.text().await.unwrap();
    assert!(page.contains("Bahasa surel") && page.contains("value=\"id\" checked"), "Indonesian by default");
    let csrf = page.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let post = |language: &'static str, csrf: String| {
        app.client
            .post(format!("{}/akun/bahasa", app.address))
            .header("Cookie", cookie.clone())
            .form(&[("csrf_token", csrf), ("bahasa", language.to_owned())])
            .send()
    };
    let bad = post("fr", csrf.clone()).await.unwrap();
    assert_eq!(bad.status(), 400);
    let user = |app: &TestApp| {
        let mut conn = app.db.get().unwrap();
        terbuka::db::repo::accounts::user_by_username(&mut conn, "utama").unwrap().unwrap()
    };
    assert_eq!(user(&app).language, "id", "a bad choice changes nothing");
    let ok = post("en", csrf).await.unwrap();
    assert_eq!(ok.status(), 303);
    assert_eq!(user(&app).language, "en");
    let back = ok.headers()["location"].to_str().unwrap().to_owned();
    let page = app.client.get(format!("{}{back}", app.address)).header("Cookie", cookie.clone()).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains("value=\"en\" checked") && page.contains("Bahasa surel disimpan."), "{page}");
}

#[tokio::test]
async fn using_one_link_or_changing_the_password_ends_every_other_link_of_the_account() {
    use terbuka::service::accounts::{self as svc, NewUser};
    let app = crate::helpers::spawn_app().await;
    let now = app.clock.now();
    let mut conn = app.db.get().unwrap();
    let new = NewUser {
        username: "dewi".into(),
        name: "Dewi".into(),
        email: String::new(),
        role: "admin".into(),
        body: None,
        unit: None,
        jurisdiction: None,
    };
    let first = svc::create_user(&mut conn, &new, now).unwrap().token;
    let second = svc::reset_password(&mut conn, "dewi", now).unwrap().token;
    let third = svc::reset_password(&mut conn, "dewi", now).unwrap().token;
    let password = "kopi pagi di bandung 2026";
    assert!(svc::set_password_with_link(&mut conn, &second, password, password, now).unwrap().is_ok());
    // The link sent before it, and the one after, no longer set a password.
    for old in [&first, &third] {
        assert!(svc::link_usable(&mut conn, old, now).unwrap().is_none(), "an unused link ends when one is used");
        let again =
            svc::set_password_with_link(&mut conn, old, "teh sore di garut 2026", "teh sore di garut 2026", now);
        assert!(again.unwrap().is_err());
    }
    // A reset asked for ("lupa kata sandi"), then the password changed another way: the mailed link ends too.
    let unused = |conn: &mut terbuka::db::DbConn| -> i64 {
        use diesel::prelude::*;
        use terbuka::db::schema::sign_in_links::dsl::*;
        let id = terbuka::db::repo::accounts::user_by_username(conn, "dewi").unwrap().unwrap().id;
        let query = sign_in_links.filter(user_id.eq(id)).filter(used_at.is_null()).count();
        match conn {
            terbuka::db::DbConn::Sqlite(c) => query.get_result(c).unwrap(),
            terbuka::db::DbConn::Pg(c) => query.get_result(c).unwrap(),
        }
    };
    let Ok(svc::SignedIn::Session(session)) =
        svc::sign_in(&mut conn, &crate::helpers::test_secrets(), "dewi", password, crate::helpers::NO_CLIENT, now)
            .unwrap()
    else {
        panic!("signed in with the password set by the link")
    };
    {
        use diesel::prelude::*;
        use terbuka::db::schema::users::dsl::*;
        diesel::update(users.filter(username.eq("dewi")))
            .set(email.eq("dewi@example.com"))
            .execute(&mut **conn)
            .unwrap();
    }
    svc::request_password_reset(&mut conn, &crate::helpers::test_secrets(), "dewi", now).unwrap();
    assert_eq!(unused(&mut conn), 1, "the mailed link");
    let new_password = "teh sore di garut 2026";
    let changed =
        svc::change_password(&mut conn, &session.user.id, &session.token, password, new_password, new_password, now);
    assert!(changed.unwrap().is_ok());
    assert_eq!(unused(&mut conn), 0, "a change of password ends a pending link");
}
