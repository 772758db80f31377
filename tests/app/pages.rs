use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_home_page_is_indonesian_by_default() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id">"#));
    assert!(html.contains("Hak Anda atas informasi publik"));
    assert!(html.contains("paling lambat 10 hari kerja"), "the C1 limit comes from the domain constants");
    assert!(html.contains("paling lama 7 hari kerja"));
    assert!(html.contains(r#"href="/?lang=en""#), "a link to the English page");
}

#[tokio::test]
async fn english_is_chosen_by_link_or_cookie_not_by_browser_language() {
    let app = spawn_app().await;
    let res = app.get("/?lang=en").await;
    let cookie = res.headers().get("set-cookie").expect("the choice is remembered").to_str().unwrap().to_owned();
    assert!(cookie.starts_with("terbuka_lang=en"), "{cookie}");
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("Your right to public information"));
    assert!(html.contains("no later than 10 working days"));

    let with_cookie = app.client.get(format!("{}/", app.address)).header("Cookie", "terbuka_lang=en").send().await;
    assert!(with_cookie.unwrap().text().await.unwrap().contains("Your right to public information"));

    // Pages are Indonesian first: an English phone interface does not switch them; the link does.
    let browser = app.get_lang("/", "en-GB,en;q=0.9").await.text().await.unwrap();
    assert!(browser.contains("Hak Anda atas informasi publik"));
    let back = app.client.get(format!("{}/?lang=id", app.address)).header("Cookie", "terbuka_lang=en").send().await;
    assert!(back.unwrap().text().await.unwrap().contains("Hak Anda atas informasi publik"), "the link wins");
}

#[tokio::test]
async fn unknown_pages_get_a_translated_page_and_unknown_api_paths_the_envelope() {
    let app = spawn_app().await;
    let res = app.get("/tidak-ada").await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("Halaman tidak ditemukan"));
    assert!(app.get("/nope?lang=en").await.text().await.unwrap().contains("Page not found"));

    let res = app.get("/api/v1/nope").await;
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["errors"], Value::Array(vec![]));
    assert!(body["message"].as_str().unwrap().contains("tidak ditemukan"));
}

#[tokio::test]
async fn pages_carry_security_headers_and_the_stylesheet_is_served() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    let h = res.headers();
    assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h.get("strict-transport-security").is_none(), "plain HTTP (development) sends no HSTS");
    let css = app.get("/static/site.css").await;
    assert_eq!(css.status(), 200);
    assert!(css.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    assert_eq!(app.get("/static/missing.css").await.status(), 404);
}

#[tokio::test]
async fn the_home_page_lists_the_bodies_this_instance_hosts() {
    use terbuka::domain::clock::Clock;
    use terbuka::service::bodies::{self, BodyInput, JurisdictionInput};
    let app = spawn_app().await;
    assert!(app.get("/").await.text().await.unwrap().contains("Belum ada badan publik"));
    let mut conn = app.db.get().unwrap();
    let now = app.clock.now();
    let ki = JurisdictionInput {
        code: "bali".into(),
        name: "KI Provinsi Bali".into(),
        level: "provinsi".into(),
        parent: None,
        contact: Default::default(),
    };
    bodies::create_jurisdiction(&mut conn, &ki, now).unwrap();
    let body = BodyInput {
        slug: "kabupaten-badung".into(),
        name: "Pemerintah Kabupaten Badung".into(),
        level: "pemerintah_kabupaten_kota".into(),
        time_zone: "Asia/Makassar".into(),
        ki: "bali".into(),
        ppid_email: "ppid@badungkab.go.id".into(),
        ppid_phone: "0361 123456".into(),
        ppid_address: "Jl. Raya Sempidi".into(),
        ..Default::default()
    };
    bodies::create_body(&mut conn, &body, now).unwrap();
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains(r#"<a href="/badan/kabupaten-badung">Pemerintah Kabupaten Badung</a>"#), "{html}");
}

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

/// Served over HTTPS (its public address), the instance tells browsers to keep to HTTPS, and every cookie it sets,
/// whoever sets it, is `Secure`; the session and CSRF cookies are `__Host-` cookies that no subdomain can plant.
#[tokio::test]
async fn over_https_every_answer_sends_hsts_and_every_cookie_is_secure() {
    use terbuka::domain::account::Role;
    let app = crate::helpers::spawn_app_with(|s| {
        s.public_base_url = Some("https://ppid.kota-contoh.go.id".into());
        s.require_two_step_for_admins = false;
    })
    .await;
    for path in ["/", "/masuk", "/tidak-ada", "/api/v1/openapi.json", "/static/site.css"] {
        let res = app.get(path).await;
        assert_eq!(res.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains", "{path}");
    }
    let form = app.get("/masuk?lang=en").await;
    let cookies = set_cookies(&form);
    assert!(cookies.iter().any(|c| c.starts_with("__Host-terbuka_csrf=")), "{cookies:?}");
    assert!(cookies.iter().any(|c| c.starts_with("terbuka_lang=")), "{cookies:?}");
    for c in &cookies {
        assert!(c.contains("; Secure"), "{c}");
        if c.starts_with("__Host-") {
            assert!(c.contains("Path=/") && !c.contains("Domain"), "{c}");
        }
    }

    // Signing in sets the session as a __Host- cookie, and only that name signs anyone in.
    crate::helpers::signed_in_account(&app, "utama", Role::Admin, None, None, None);
    let csrf_cookie = cookies.iter().find(|c| c.starts_with("__Host-terbuka_csrf=")).unwrap();
    let csrf_cookie = csrf_cookie.split(';').next().unwrap().to_owned();
    let html = form.text().await.unwrap();
    let token = html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let res = app
        .client
        .post(format!("{}/masuk", app.address))
        .header("Cookie", &csrf_cookie)
        .form(&[("username", "utama"), ("password", "kuda batang merah sembilan"), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookies = set_cookies(&res);
    assert!(cookies.iter().all(|c| c.contains("; Secure")), "{cookies:?}");
    let session = cookies.iter().find(|c| c.starts_with("__Host-terbuka_sesi=")).expect("a __Host- session cookie");
    let session = session.split(';').next().unwrap().to_owned();
    let account = |cookie: String| {
        let app = &app;
        async move {
            app.client.get(format!("{}/akun", app.address)).header("Cookie", cookie).send().await.unwrap().status()
        }
    };
    assert_eq!(account(session.clone()).await, 200);
    let unprefixed = session.replacen("__Host-", "", 1);
    assert_eq!(account(unprefixed).await, 303, "a cookie without the prefix is not the session");
}
