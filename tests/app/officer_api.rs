//! The officers' API with an API token: made and revoked on the account page, scoped like its account, and the
//! same rules, conflicts and refusals as the workspace.

use serde_json::{Value, json};
use terbuka::domain::account::Role;
use terbuka::domain::clock::Clock;
use terbuka::service::cases;

use crate::cases::{CAL, Office, wib_morning};
use crate::helpers::{TestApp, create_standard_body, signed_in_account, spawn_app, test_secrets};

fn hidden(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_owned()
}

/// Makes a token on the account page, as an officer would.
pub(crate) async fn make_token(app: &TestApp, cookie: &str) -> String {
    let page = app.client.get(format!("{}/akun", app.address)).header("Cookie", cookie).send().await.unwrap();
    let html = page.text().await.unwrap();
    let form = [("csrf_token", hidden(&html, "csrf_token")), ("nama_token", "SIP-PPID Provinsi".to_owned())];
    let res = app
        .client
        .post(format!("{}/akun/token", app.address))
        .header("Cookie", cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let token = html.split("Token baru: ").nth(1).unwrap().split(' ').next().unwrap().to_owned();
    assert!(token.starts_with("tbk_"), "{token}");
    token
}

pub(crate) async fn call(app: &TestApp, method: &str, path: &str, token: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{}/api/v1{path}", app.address);
    let mut req = if method == "POST" { app.client.post(&url) } else { app.client.get(&url) };
    req = req.header("Authorization", format!("Bearer {token}"));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn another_system_handles_a_request_with_an_officers_token() {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let registration = {
        let mut conn = app.db.get().unwrap();
        let input = Office::new_request(wib_morning("2025-03-21"));
        cases::register_request(
            &mut conn,
            CAL,
            &test_secrets(),
            &app.test_db.files(),
            &input,
            &Office::officer(),
            app.clock.now(),
        )
        .unwrap()
    };
    let id = registration.request.id.clone();
    let cookie = signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    let token = make_token(&app, &cookie).await;

    let (status, queue) = call(&app, "GET", "/officer/queue", &token, None).await;
    assert_eq!(status, 200);
    assert_eq!(queue[0]["id"], id.as_str());
    // Names, emails and phones: no cache may keep an answer to a token, nor a refusal of one.
    for (path, auth) in [
        ("/officer/queue", format!("Bearer {token}")),
        (&*format!("/officer/requests/{id}"), format!("Bearer {token}")),
        ("/officer/queue", "Bearer tbk_tidak-ada".to_owned()),
    ] {
        let res =
            app.client.get(format!("{}/api/v1{path}", app.address)).header("Authorization", auth).send().await.unwrap();
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    assert_eq!(queue[0]["due"], "2025-04-15");

    let (status, request) = call(&app, "GET", &format!("/officer/requests/{id}"), &token, None).await;
    assert_eq!(status, 200);
    assert_eq!((request["state"].as_str(), request["version"].as_i64()), (Some("registered"), Some(1)));
    assert_eq!(request["requester"]["name"], "Siti Rahmawati");
    assert_eq!(request["requester"]["nik_masked"], "3273••••••••0001");

    let extend = json!({"version": 1, "step": "extend", "date": "2025-03-21", "reason": "Data di beberapa unit."});
    let (status, after) =
        call(&app, "POST", &format!("/officer/requests/{id}/steps"), &token, Some(extend.clone())).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!((after["state"].as_str(), after["c2_due"].as_str()), (Some("extended"), Some("2025-04-25")));
    assert_eq!(after["events"].as_array().unwrap().last().unwrap()["actor_kind"], "officer");

    // The same step on the old version: someone changed it meanwhile.
    let (status, err) = call(&app, "POST", &format!("/officer/requests/{id}/steps"), &token, Some(extend)).await;
    assert_eq!((status, err["code"].as_str()), (409, Some("conflict")));
    // What the law does not allow, with the rule's own code and sentence.
    let again = json!({"version": 2, "step": "extend", "date": "2025-03-21", "reason": "Lagi."});
    let (status, err) = call(&app, "POST", &format!("/officer/requests/{id}/steps"), &token, Some(again)).await;
    assert_eq!((status, err["code"].as_str()), (422, Some("second_extension")));
    assert!(err["message"].as_str().unwrap().contains("satu kali"));
    // A notice without what a refusal needs: every missing field listed.
    let refusal = json!({"version": 2, "step": "notice", "date": "2025-03-21", "decision": {"kind": "refused_exempt"}});
    let (status, err) = call(&app, "POST", &format!("/officer/requests/{id}/steps"), &token, Some(refusal)).await;
    assert_eq!(status, 400, "{err}");
    let fields: Vec<&str> = err["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"art17_ground") && fields.contains(&"consequence_test"), "{fields:?}");
    let (status, err) = call(
        &app,
        "POST",
        &format!("/officer/requests/{id}/steps"),
        &token,
        Some(json!({"version": 2, "step": "terbang"})),
    )
    .await;
    assert_eq!((status, err["errors"][0]["field"].as_str()), (400, Some("step")));

    // A KI auditor's token reads without identity and cannot act.
    let auditor = signed_in_account(&app, "auditor", Role::KiAuditor, None, None, Some("jawa-barat"));
    let auditor_token = make_token(&app, &auditor).await;
    let (status, seen) = call(&app, "GET", &format!("/officer/requests/{id}"), &auditor_token, None).await;
    assert_eq!((status, seen["requester"].is_null()), (200, true));
    let note = json!({"version": 2, "step": "note", "text": "x"});
    assert_eq!(call(&app, "POST", &format!("/officer/requests/{id}/steps"), &auditor_token, Some(note)).await.0, 403);

    // Revoked on the account page: the token stops working.
    let page = app
        .client
        .get(format!("{}/akun", app.address))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token_id = page.split("action=\"/akun/token/").nth(1).unwrap().split('/').next().unwrap();
    let form = [("csrf_token", hidden(&page, "csrf_token"))];
    let res = app
        .client
        .post(format!("{}/akun/token/{token_id}/cabut", app.address))
        .header("Cookie", &cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (status, err) = call(&app, "GET", "/officer/queue", &token, None).await;
    assert_eq!((status, err["code"].as_str()), (401, Some("unauthorized")));
    assert_eq!(call(&app, "GET", "/officer/queue", "tbk_tidak-ada", None).await.0, 401);
    assert_eq!(
        call(&app, "GET", "/officer/queue", &registration.tracking_token, None).await.0,
        401,
        "a tracking token is not an officer's"
    );
}

/// The variables of the latest mail of `kind` in the outbox, decrypted as the worker would.
fn latest_mail(app: &TestApp, kind: &str) -> Value {
    use diesel::prelude::*;
    use terbuka::db::schema::mail_outbox::dsl as m;
    let mut conn = app.db.get().unwrap();
    let query =
        m::mail_outbox.filter(m::kind.eq(kind)).order(m::created_at.desc()).select((m::id, m::params_encrypted));
    let (id, sealed): (String, String) = match &mut **conn {
        terbuka::db::DbConn::Sqlite(c) => query.first(c).unwrap(),
        terbuka::db::DbConn::Pg(c) => query.first(c).unwrap(),
    };
    serde_json::from_slice(&test_secrets().decrypt(&sealed, &format!("mail/{id}")).unwrap()).unwrap()
}

/// Whoever knew the old password may have made the tokens: an administrator's reset, a forgotten password's link
/// and a change of password each end them, and the person is told.
#[tokio::test]
async fn a_password_reset_or_change_ends_the_accounts_api_tokens_and_says_so() {
    use terbuka::service::accounts;
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    let now = app.clock.now();
    let set_with_link = |token: &str, password: &str| {
        let mut conn = app.db.get().unwrap();
        match accounts::set_password_with_link(&mut conn, token, password, password, now).unwrap().unwrap() {
            accounts::SignedIn::Session(session) => format!("terbuka_sesi={}", session.token),
            accounts::SignedIn::SecondFactor { .. } => unreachable!("no second factor"),
        }
    };
    let input = accounts::NewUser {
        username: "utama".into(),
        name: "Rina Kartika".into(),
        email: "rina@kota-contoh.go.id".into(),
        role: "ppid_utama".into(),
        body: Some("kota-contoh".into()),
        ..Default::default()
    };
    let invitation = accounts::create_user(&mut app.db.get().unwrap(), &input, now).unwrap();
    let password = "kuda batang merah sembilan";
    let cookie = set_with_link(&invitation.token, password);
    let works = |token: String| {
        let app = &app;
        async move { call(app, "GET", "/officer/queue", &token, None).await.0 }
    };

    // A change of password.
    let first = make_token(&app, &cookie).await;
    assert_eq!(works(first.clone()).await, 200);
    let page = app.client.get(format!("{}/akun", app.address)).header("Cookie", &cookie).send().await.unwrap();
    let csrf = hidden(&page.text().await.unwrap(), "csrf_token");
    let new = "sandi baru yang cukup panjang";
    let form = [("csrf_token", csrf.as_str()), ("current", password), ("password", new), ("confirm", new)];
    let res = app
        .client
        .post(format!("{}/akun/sandi", app.address))
        .header("Cookie", &cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(works(first).await, 401, "the token ended with the old password");
    let page = app.client.get(format!("{}{location}", app.address)).header("Cookie", &cookie).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("begitu pula token API-nya (1)"), "the person is told: {html}");
    assert!(html.contains("karena kata sandi diganti"), "{html}");

    // A forgotten password: the tokens work until the new password is set with the mailed link, which said so.
    let second = make_token(&app, &cookie).await;
    accounts::request_password_reset(&mut app.db.get().unwrap(), &test_secrets(), "utama", now).unwrap();
    assert_eq!(works(second.clone()).await, 200, "asking for a link ends nothing");
    let mail = latest_mail(&app, "password_reset");
    assert_eq!(mail["api_tokens"], 1, "the mail tells of the token that will end");
    let cookie = set_with_link(mail["token"].as_str().unwrap(), "sandi ketiga yang panjang");
    assert_eq!(works(second).await, 401, "using the link does");

    // An administrator's reset ends them at once, and the mail says so.
    let third = make_token(&app, &cookie).await;
    let fourth = make_token(&app, &cookie).await;
    let (reset, _) =
        accounts::reset_password_and_mail(&mut app.db.get().unwrap(), &test_secrets(), "utama", now).unwrap();
    assert_eq!(reset.tokens_ended, 2);
    assert_eq!((works(third).await, works(fourth).await), (401, 401));
    assert_eq!(latest_mail(&app, "account_reset")["api_tokens"], 2);
}
