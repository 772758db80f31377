//! Retried submissions answered once: the API's `Idempotency-Key` and the request form's single-use token. Before,
//! a client that retried a submission whose answer it lost made a second request (1–4 per kill in the fault test).

use serde_json::{Value, json};
use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;

use crate::api::request_body;
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app, spawn_app_with};
use crate::portal::{csrf, registered_count, valid_form};

const SUBMIT: &str = "/api/v1/bodies/kota-contoh/requests";

async fn post(app: &TestApp, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = app.client.post(format!("{}{SUBMIT}", app.address)).json(body);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn an_api_submission_sent_again_with_its_key_gets_the_first_receipt_and_registers_nothing_more() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let key = "0b4a7f1e-5d1c-4a8e-9f3b-2c6d8e1a4b7f";
    let first = post(&app, Some(key), &request_body()).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let location = first.headers()["location"].to_str().unwrap().to_owned();
    let first: Value = first.json().await.unwrap();

    let again = post(&app, Some(key), &request_body()).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    assert_eq!(again.headers()["cache-control"], "no-store", "it carries the tracking link");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first, "the same receipt: number, tracking link and deadline");
    assert_eq!(registered_count(&app), 1);

    // The same key for another submission: refused, nothing done.
    let mut other = request_body();
    other["information"] = json!("Rencana kerja dinas pendidikan tahun 2025.");
    let reused = post(&app, Some(key), &other).await;
    assert_eq!(reused.status(), 422);
    let reused: Value = reused.json().await.unwrap();
    assert_eq!(reused["code"], "idempotency_key_reused");
    assert!(reused["message"].as_str().unwrap().contains("Idempotency-Key"), "{reused}");
    assert_eq!(registered_count(&app), 1);

    // A key that cannot be one; and no key at all, as before: each submission is a request.
    let bad = post(&app, Some(&"x".repeat(256)), &request_body()).await;
    assert_eq!(bad.status(), 400);
    let bad: Value = bad.json().await.unwrap();
    assert_eq!(bad["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(post(&app, None, &request_body()).await.status(), 201);
    assert_eq!(post(&app, None, &request_body()).await.status(), 201);
    assert_eq!(registered_count(&app), 3);

    // A day later the key is forgotten: it is a new submission.
    app.clock.set(app.clock.now() + chrono::Duration::hours(25));
    let later = post(&app, Some(key), &request_body()).await;
    assert_eq!(later.status(), 201);
    assert!(later.headers().get("idempotent-replayed").is_none());
    let later: Value = later.json().await.unwrap();
    assert_ne!(later["registration_number"], first["registration_number"]);
}

/// A client that retries at once while its first attempt is still being handled (both in flight, as after a
/// timeout): every attempt gets the one receipt, on both backends.
#[tokio::test]
async fn ten_attempts_at_once_with_one_key_register_one_request() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let key = "retry-at-once-1";
    let body = request_body();
    let attempts = (0..10).map(|_| post(&app, Some(key), &body));
    let answers = futures_util::future::join_all(attempts).await;
    let mut numbers = Vec::new();
    for res in answers {
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.unwrap();
        numbers.push(body["registration_number"].as_str().unwrap().to_owned());
    }
    numbers.dedup();
    assert_eq!(numbers.len(), 1, "{numbers:?}");
    assert_eq!(registered_count(&app), 1);
}

/// An officer's system that retries a step whose answer it lost gets the first answer, not a 409 for the
/// version the step itself moved on; the step is taken once.
#[tokio::test]
async fn an_officers_step_sent_again_with_its_key_is_taken_once() {
    use crate::officer_api::{call, make_token};
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let id = app.register(&crate::cases::Office::new_request(crate::cases::wib_morning("2025-03-21"))).request.id;
    let cookie = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    let token = make_token(&app, &cookie).await;
    let extend = json!({"version": 1, "step": "extend", "date": "2025-03-21", "reason": "Data di beberapa unit."});
    let url = format!("{}/api/v1/officer/requests/{id}/steps", app.address);
    let step = |key: &'static str| {
        let (app, token, extend, url) = (&app, token.clone(), extend.clone(), url.clone());
        async move {
            app.client
                .post(url)
                .header("Authorization", format!("Bearer {token}"))
                .header("Idempotency-Key", key)
                .json(&extend)
                .send()
                .await
                .unwrap()
        }
    };
    let first = step("extend-1").await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    let again = step("extend-1").await;
    assert_eq!((again.status().as_u16(), again.headers()["idempotent-replayed"].to_str().unwrap()), (200, "true"));
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let (_, now) = call(&app, "GET", &format!("/officer/requests/{id}"), &token, None).await;
    assert_eq!(now["version"], 2, "extended once");
    // Another key is another step: on the old version, a conflict as before.
    assert_eq!(step("extend-2").await.status(), 409);
    // Keys are each officer's own: another officer's same key is not this one's answer.
    let other = signed_in_account(&app, "pelaksana", Role::PpidUtama, Some("kota-contoh"), None, None);
    let other_token = make_token(&app, &other).await;
    let res = app
        .client
        .post(&url)
        .header("Authorization", format!("Bearer {other_token}"))
        .header("Idempotency-Key", "extend-1")
        .json(&extend)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409, "not a replay of the first officer's answer");
}

/// Sends the request form with the given token and cookie.
async fn send_form(app: &TestApp, cookie: &str, token: &str, information: &str) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token.to_owned());
    for (k, v) in valid_form() {
        form = form.text(k, if k == "information" { information.to_owned() } else { v });
    }
    app.client
        .post(format!("{}/badan/kota-contoh/permohonan", app.address))
        .header("Cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The request form sent twice — a double click, a reload, a browser retrying — shows the first receipt, and
/// registers one request; sent at once five times, still one.
#[tokio::test]
async fn the_request_form_sent_twice_shows_the_first_receipt() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let (cookie, token) = csrf(&app).await;
    let info = "Daftar penerima beasiswa daerah tahun 2024.";
    let first = send_form(&app, &cookie, &token, info).await;
    assert_eq!(first.status(), 303);
    let receipt = first.headers()["location"].to_str().unwrap().to_owned();
    assert!(receipt.ends_with("/tanda-terima"), "{receipt}");
    let again = send_form(&app, &cookie, &token, info).await;
    assert_eq!(again.status(), 303);
    assert_eq!(again.headers()["location"].to_str().unwrap(), receipt, "the first receipt");
    assert_eq!(registered_count(&app), 1);

    // The same page used for another request (typed again into an old tab): shown again, to be sent anew.
    let other = send_form(&app, &cookie, &token, "Rencana kerja dinas pendidikan tahun 2025.").await;
    assert_eq!(other.status(), 400);
    let html = other.text().await.unwrap();
    assert!(html.contains("Formulir ini sudah pernah dikirim dengan isian lain"), "{html}");
    assert_eq!(registered_count(&app), 1);

    let (cookie, token) = csrf(&app).await;
    let at_once = (0..5).map(|_| send_form(&app, &cookie, &token, "Data anggaran sekolah tahun 2024."));
    let answers = futures_util::future::join_all(at_once).await;
    let mut receipts: Vec<String> =
        answers.iter().map(|r| r.headers()["location"].to_str().unwrap().to_owned()).collect();
    receipts.dedup();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(registered_count(&app), 2);
}

/// Over HTTPS the form's CSRF cookie is a `__Host-` cookie: the request form must read that one (before, it read
/// the unprefixed name, so every request sent from the web over HTTPS was refused as an expired form).
#[tokio::test]
async fn over_https_the_request_form_registers_the_request() {
    let app = spawn_app_with(|s| s.public_base_url = Some("https://ppid.kota-contoh.go.id".into())).await;
    create_standard_body(&app.db, app.clock.now());
    let (cookie, token) = csrf(&app).await;
    assert!(cookie.starts_with("__Host-terbuka_csrf="), "{cookie}");
    let res = send_form(&app, &cookie, &token, "Daftar penerima beasiswa daerah tahun 2024.").await;
    assert_eq!(res.status(), 303);
    assert_eq!(registered_count(&app), 1);
}
