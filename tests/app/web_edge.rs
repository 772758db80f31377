//! The web edge's one way to fail and to guard: every error page and API error is rendered in one place, in the
//! language of the request that failed, with the site's security headers; a signed-in person's form with a wrong
//! token is shown again, changing nothing.

use terbuka::domain::account::Role;

use crate::helpers::{create_standard_body, signed_in_account, spawn_app};

#[tokio::test]
async fn error_pages_are_rendered_in_the_visitors_language_with_the_security_headers() {
    let app = spawn_app().await;
    // An unknown body (a handler's not-found) and an unknown path (the router's).
    for path in ["/badan/tidak-ada", "/tidak-ada-halaman-ini"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
        let headers = res.headers().clone();
        assert_eq!(headers.get("cache-control").unwrap(), "no-store", "{path}");
        assert!(headers.get("content-security-policy").is_some(), "{path}: the error page lost the CSP");
        assert_eq!(headers.get("x-frame-options").unwrap(), "DENY", "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("Halaman tidak ditemukan"), "{path}: Indonesian first");
        assert!(html.contains(&format!("href=\"{path}?lang=en\"")), "{path}: the language link points here");

        let english = app.get(&format!("{path}?lang=en")).await;
        assert_eq!(english.status(), 404);
        let html = english.text().await.unwrap();
        assert!(html.contains("Page not found"), "{path}: ?lang=en gives the English page");
        assert!(html.contains("lang=\"en\""), "{path}");
    }
}

#[tokio::test]
async fn api_errors_are_worded_in_the_callers_language() {
    let app = spawn_app().await;
    let indonesian = app.get("/api/v1/bodies/tidak-ada/register").await;
    assert_eq!(indonesian.status(), 404);
    let body: serde_json::Value = indonesian.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["message"], "Sumber yang diminta tidak ditemukan.");

    let english = app.get_lang("/api/v1/bodies/tidak-ada/register", "en-US,en;q=0.9").await;
    assert_eq!(english.status(), 404);
    let body: serde_json::Value = english.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["message"], "The requested resource was not found.");

    // A field problem is worded too, in the caller's language.
    let bad = app.get_lang("/api/v1/bodies/tidak-ada/register?year=abc", "en").await;
    assert_eq!(bad.status(), 400);
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(body["code"], "invalid_input");
    assert_eq!(body["errors"][0]["field"], "year");
    assert!(!body["errors"][0]["message"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn a_signed_in_form_with_a_wrong_token_is_shown_again_and_changes_nothing() {
    let app = spawn_app().await;
    create_standard_body(&app.db, terbuka::domain::clock::Clock::now(&*app.clock));
    let cookie = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    let language = || {
        let mut conn = app.db.get().unwrap();
        terbuka::db::repo::accounts::user_by_username(&mut conn, "utama").unwrap().unwrap().language
    };
    let before = language();
    let post = |token: &str| {
        app.client
            .post(format!("{}/akun/bahasa", app.address))
            .header("Cookie", &cookie)
            .form(&[("bahasa", "en"), ("csrf_token", token)])
            .send()
    };
    for token in ["", "bukan-token-sesi-ini"] {
        let res = post(token).await.unwrap();
        assert_eq!(res.status(), 400, "token {token:?}");
        assert!(res.text().await.unwrap().contains("Formulir ini sudah kedaluwarsa"), "token {token:?}");
        assert_eq!(language(), before, "a refused form changed the account");
    }
    // The page's own token is taken.
    let page = app.client.get(format!("{}/akun", app.address)).header("Cookie", &cookie).send().await.unwrap();
    let html = page.text().await.unwrap();
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let res = post(&token).await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(language(), "en");
}

#[tokio::test]
async fn a_form_that_cannot_be_read_gets_the_error_page_not_plain_text() {
    let app = spawn_app().await;
    // JSON where the sign-in form is expected: actix cannot read it as a form.
    let res = app
        .client
        .post(format!("{}/masuk?lang=en", app.address))
        .header("Content-Type", "application/json")
        .body("{\"username\":\"x\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains("The form could not be used"), "{html}");
}

/// The header shows who is signed in on every page (public ones too): their name and role, their start page, the
/// account and a sign-out form that works. A tracking page kept rendered never carries an officer's header to
/// the requester who opens it next.
#[tokio::test]
async fn the_header_names_the_person_signed_in_on_every_page_but_never_on_a_kept_tracking_page() {
    use crate::officer::{app_with_request, hidden, page, utama};
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    for path in ["/", "/ruang-kerja", "/badan/kota-contoh", "/akun"] {
        let html = page(&app, &cookie, path).await.1;
        assert!(html.contains("Petugas utama · PPID Utama") && html.contains("action=\"/keluar\""), "{path}: {html}");
        assert!(!html.contains("Masuk petugas"), "{path}");
    }
    let english = page(&app, &cookie, "/?lang=en").await.1;
    assert!(english.contains("Petugas utama · PPID Utama") && english.contains("Sign out"), "{english}");
    let anonymous = app.get("/").await.text().await.unwrap();
    assert!(anonymous.contains("Masuk petugas") && !anonymous.contains("Petugas utama"));

    // The officer opens the requester's tracking page first; the requester then gets the kept page without them.
    let tracking = format!("/lacak/{}", r.tracking_token);
    let seen_by_officer = page(&app, &cookie, &tracking).await.1;
    assert!(!seen_by_officer.contains("Petugas utama"), "tracking pages are the requester's");
    let seen_by_requester = app.get(&tracking).await.text().await.unwrap();
    assert!(!seen_by_requester.contains("Petugas utama") && !seen_by_requester.contains("/keluar"));

    // Signing out from the header of a public page ends the session.
    let html = page(&app, &cookie, "/").await.1;
    let res = app
        .client
        .post(format!("{}/keluar", app.address))
        .header("Cookie", &cookie)
        .form(&[("csrf_token", hidden(&html, "csrf_token"))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(page(&app, &cookie, "/").await.1.contains("Masuk petugas"), "signed out");
}

#[tokio::test]
async fn head_is_answered_like_get_without_a_body() {
    let app = crate::helpers::spawn_app().await;
    crate::helpers::create_standard_body(&app.db, terbuka::domain::clock::Clock::now(&*app.clock));
    for path in ["/", "/badan/kota-contoh", "/badan/kota-contoh/kepatuhan.csv", "/metodologi", "/badan/tidak-ada"] {
        let get = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
        let head = app.client.head(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        assert_eq!(head.headers().get("content-type"), get.headers().get("content-type"), "{path}");
        assert!(head.bytes().await.unwrap().is_empty(), "{path}: no body");
    }
    // A form's address still answers only what it is for.
    let head = app.client.head(format!("{}/lacak", app.address)).send().await.unwrap();
    assert_eq!(head.status(), 200, "the page of a form is read with GET, so HEAD too");
}
