//! JSON API v1: submit, read with the tracking token, the public register, and the OpenAPI document.

use serde_json::{Value, json};
use terbuka::domain::clock::Clock;

use crate::helpers::{TestApp, create_standard_body, spawn_app};

async fn app() -> TestApp {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    app
}

/// A valid API submission (also used by other test files).
pub(crate) fn request_body() -> Value {
    json!({
        "requester": {
            "kind": "individual", "name": "Siti Rahmawati", "nik": "3273011208850001",
            "address": "Jl. Melati 7", "occupation": "Guru", "email": "siti.rahmawati@example.com"
        },
        "information": "Daftar penerima beasiswa daerah tahun 2024.",
        "purpose": "Penelitian.",
        "obtain_method": "softcopy",
        "delivery_method": "email",
        "publish_consent": true
    })
}

async fn post(app: &TestApp, body: &Value) -> reqwest::Response {
    app.client.post(format!("{}/api/v1/bodies/kota-contoh/requests", app.address)).json(body).send().await.unwrap()
}

#[tokio::test]
async fn a_request_submitted_by_api_is_registered_and_readable_with_its_token() {
    let app = app().await;
    let res = post(&app, &request_body()).await;
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["registration_number"], "0001/PPID/KOTA-CONTOH/III/2025");
    assert_eq!(created["received_on"], "2025-03-21");
    assert_eq!(created["notice_due"], "2025-04-15");
    assert_eq!(created["latest_with_extension"], "2025-04-25");
    assert!(created["notice_due_explanation"].as_str().unwrap().contains("10 hari kerja"));
    let token = created["tracking_token"].as_str().unwrap().to_owned();
    assert!(created["tracking_url"].as_str().unwrap().ends_with(&format!("/lacak/{token}")));

    let read = |auth: Option<String>| {
        let mut req = app.client.get(format!("{}{location}", app.address));
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        req.send()
    };
    let res = read(Some(format!("Bearer {token}"))).await.unwrap();
    assert_eq!(res.status(), 200);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["status"], "registered");
    assert_eq!(view["events"][0]["type"], "registered");
    assert_eq!(view["body"]["slug"], "kota-contoh");
    let no_token = read(None).await.unwrap();
    assert_eq!(no_token.status(), 401);
    assert_eq!(no_token.json::<Value>().await.unwrap()["code"], "unauthorized");
    assert_eq!(read(Some("Bearer salah".into())).await.unwrap().status(), 404);
    // A valid token for another request reaches nothing here.
    let other: Value = post(&app, &request_body()).await.json().await.unwrap();
    let wrong = read(Some(format!("Bearer {}", other["tracking_token"].as_str().unwrap()))).await.unwrap();
    assert_eq!(wrong.status(), 404);
}

#[tokio::test]
async fn invalid_submissions_list_every_field_in_the_envelope() {
    let app = app().await;
    let mut body = request_body();
    body["requester"]["nik"] = json!("3273013208850001");
    body["purpose"] = json!("");
    body["obtain_method"] = json!("telepati");
    let res = app
        .client
        .post(format!("{}/api/v1/bodies/kota-contoh/requests", app.address))
        .header("Accept-Language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["code"], "invalid_input");
    let fields: Vec<(&str, &str)> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [("requester_nik", "nik_birth_date"), ("purpose", "required"), ("obtain_method", "invalid_choice")]
    );
    assert!(err["errors"][0]["message"].as_str().unwrap().contains("date of birth"));

    let not_json = app
        .client
        .post(format!("{}/api/v1/bodies/kota-contoh/requests", app.address))
        .body("nama=Siti")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 415);
    assert_eq!(not_json.json::<Value>().await.unwrap()["code"], "invalid_json");
    let broken = app
        .client
        .post(format!("{}/api/v1/bodies/kota-contoh/requests", app.address))
        .header("Content-Type", "application/json")
        .body("{\"requester\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 400);
    let missing = app
        .client
        .post(format!("{}/api/v1/bodies/tidak-ada/requests", app.address))
        .json(&request_body())
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_register_api_never_returns_identity() {
    let app = app().await;
    post(&app, &request_body()).await;
    let res = app.get("/api/v1/bodies/kota-contoh/register?year=2025").await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["total"], 1);
    assert_eq!(body["entries"][0]["registration_number"], "0001/PPID/KOTA-CONTOH/III/2025");
    assert_eq!(body["entries"][0]["text"], "Daftar penerima beasiswa daerah tahun 2024.");
    for secret in ["3273011208850001", "Siti", "siti.rahmawati", "Melati", "Guru"] {
        assert!(!text.contains(secret), "{secret} in the register API");
    }
    let bad = app.get("/api/v1/bodies/kota-contoh/register?year=abc&status=lost").await;
    assert_eq!(bad.status(), 400);
    let err: Value = bad.json().await.unwrap();
    assert_eq!(err["errors"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_openapi_document_is_served_and_unchanged() {
    let app = app().await;
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), 200);
    let served = res.text().await.unwrap();
    assert_eq!(served, terbuka::web::api::openapi::document());
    let doc: Value = serde_json::from_str(&served).unwrap();
    for path in [
        "/api/v1/bodies/{slug}/requests",
        "/api/v1/requests/{id}",
        "/api/v1/bodies/{slug}/register",
        "/api/v1/calendar/deadline",
        "/api/v1/officer/queue",
        "/api/v1/officer/requests/{id}",
        "/api/v1/officer/requests/{id}/steps",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    insta::assert_snapshot!("openapi", served);
}

#[tokio::test]
async fn documents_can_be_sent_as_base64() {
    use base64::Engine;
    let app = app().await;
    let mut body = request_body();
    body["requester"]["kind"] = json!("represented");
    body["requester"]["representative_name"] = json!("Budi Kuasa");
    body["requester"]["representative_nik"] = json!("3273011208850002");
    let missing = post(&app, &body).await;
    assert_eq!(missing.status(), 400);
    let err: Value = missing.json().await.unwrap();
    assert_eq!(err["errors"][0]["field"], "power_of_attorney");
    body["documents"] = json!([{ "kind": "power_of_attorney", "file_name": "kuasa.pdf",
        "content_base64": base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7\n1 0 obj") }]);
    assert_eq!(post(&app, &body).await.status(), 201);
    body["documents"] = json!([{ "kind": "selfie", "file_name": "x", "content_base64": "!!" }]);
    let bad = post(&app, &body).await;
    assert_eq!(bad.status(), 400);
    assert_eq!(bad.json::<Value>().await.unwrap()["errors"][0]["code"], "invalid_document");
}

/// Submissions sent all at once, as a script would: exactly the limit gets through, on either backend.
async fn at_once(app: &TestApp, bodies: Vec<Value>) -> (usize, usize) {
    let mut set = tokio::task::JoinSet::new();
    for body in bodies {
        let (client, url) = (app.client.clone(), format!("{}/api/v1/bodies/kota-contoh/requests", app.address));
        set.spawn(async move { client.post(url).json(&body).send().await.unwrap().status().as_u16() });
    }
    let statuses = set.join_all().await;
    let created = statuses.iter().filter(|s| **s == 201).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(created + limited, statuses.len(), "only 201 or 429: {statuses:?}");
    (created, limited)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_submissions_at_once_from_one_address_get_exactly_the_hourly_limit_through() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.limits.requests_per_ip_per_hour = 10;
        s.limits.requests_per_email_per_day = 0;
    })
    .await;
    create_standard_body(&app.db, app.clock.now());
    let bodies = (0..30)
        .map(|i| {
            let mut b = request_body();
            b["requester"]["email"] = json!(format!("pemohon{i}@example.com"));
            b
        })
        .collect();
    assert_eq!(at_once(&app, bodies).await, (10, 20));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_submissions_at_once_with_one_email_get_exactly_the_daily_limit_through() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.limits.requests_per_ip_per_hour = 0;
        s.limits.requests_per_email_per_day = 5;
    })
    .await;
    create_standard_body(&app.db, app.clock.now());
    assert_eq!(at_once(&app, vec![request_body(); 20]).await, (5, 15));
    // What was refused was not counted: a sixth from another email still gets through.
    let mut other = request_body();
    other["requester"]["email"] = json!("budi@example.com");
    assert_eq!(post(&app, &other).await.status(), 201);
}

/// Addresses that would become dead mail are refused at the door, with the field named, and nothing registered.
#[tokio::test]
async fn an_email_with_a_display_name_a_list_or_a_nul_is_refused_and_nothing_is_registered() {
    let app = app().await;
    for bad in
        ["Siti<siti@example.com>", "siti@example.com;", "siti@example.com, budi@example.com", "siti\0@example.com"]
    {
        let mut body = request_body();
        body["requester"]["email"] = json!(bad);
        let res = post(&app, &body).await;
        assert_eq!(res.status(), 400, "{bad:?}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["errors"][0]["field"], "requester_email", "{bad:?}: {err}");
        assert_eq!(err["errors"][0]["code"], "invalid_email");
        assert!(err["errors"][0]["message"].as_str().unwrap().contains("alamat email yang benar"), "{err}");
    }
    let register: Value = app.get("/api/v1/bodies/kota-contoh/register").await.json().await.unwrap();
    assert_eq!(register["total"], 0, "{register}");
}
