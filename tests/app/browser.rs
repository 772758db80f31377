//! A citizen's path in a real browser (Debian's Chromium through chromedriver at `TERBUKA_TEST_WEBDRIVER`), and
//! axe-core (pinned in `tests/browser/package.json`) on every citizen page, in both languages, on a phone-sized
//! and a desktop-sized window: no serious or critical accessibility violation.

use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use terbuka::domain::clock::Clock;

use crate::helpers::{TestApp, component, create_standard_body, spawn_app};

pub const WEBDRIVER_VAR: &str = "TERBUKA_TEST_WEBDRIVER";

pub(crate) const PHONE: (u32, u32) = (360, 740);
pub(crate) const DESKTOP: (u32, u32) = (1280, 800);

pub(crate) async fn browser(webdriver: &str) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display()),
                format!("--window-size={},{}", PHONE.0, PHONE.1),
            ]
        }),
    );
    // Plain HTTP: chromedriver listens on loopback, so no TLS stack is built.
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector).capabilities(caps).connect(webdriver).await.expect("connect to chromedriver")
}

pub(crate) async fn app_with_body() -> TestApp {
    let app = spawn_app().await;
    create_standard_body(&app.db, app.clock.now());
    app
}

/// Runs axe-core on the current page; returns the serious and critical violations.
pub(crate) async fn axe(c: &Client) -> Vec<String> {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/node_modules/axe-core/axe.min.js"))
            .expect("axe-core is installed (npm ci --prefix tests/browser)");
    c.execute(&source, vec![]).await.expect("inject axe-core");
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    result.as_array().map(|a| a.iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect()).unwrap_or_default()
}

/// Whether the current page scrolls sideways (wider than the window): the elements that stick out past the right
/// edge, outside any box that scrolls on its own (a table in its `.table-scroll` region may be wider).
pub(crate) async fn sideways(c: &Client) -> Vec<String> {
    let script = r#"
        const root = document.documentElement;
        if (root.scrollWidth <= root.clientWidth) return [];
        const limit = root.clientWidth + 1;
        const inScrollBox = el => {
            for (let p = el.parentElement; p; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX;
                if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
            }
            return false;
        };
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            if (el.getBoundingClientRect().right > limit && !inScrollBox(el)) {
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
                    ' (' + Math.round(el.getBoundingClientRect().right) + 'px)');
                if (out.length >= 3) break;
            }
        }
        return out.length ? out : ['the page is ' + root.scrollWidth + 'px wide'];
    "#;
    let found = c.execute(script, vec![]).await.expect("measure the page");
    serde_json::from_value(found).unwrap_or_default()
}

pub(crate) async fn fill(c: &Client, id: &str, value: &str) {
    let field = c.find(Locator::Id(id)).await.unwrap_or_else(|_| panic!("field {id}"));
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

pub(crate) async fn click(c: &Client, id: &str) {
    c.find(Locator::Id(id)).await.unwrap_or_else(|_| panic!("element {id}")).click().await.unwrap();
}

/// Submits the form and waits for the page that answers it to show `expect` (a CSS selector).
pub(crate) async fn submit_and_wait(c: &Client, expect: &str) {
    c.find(Locator::Css("form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for(c, expect).await;
}

pub(crate) async fn wait_for(c: &Client, css: &str) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for {css}: {e}"));
}

pub(crate) async fn text(c: &Client) -> String {
    c.find(Locator::Css("main")).await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn a_citizen_requests_tracks_and_switches_language_in_a_real_browser() {
    let Some(webdriver) = component(WEBDRIVER_VAR) else {
        println!("SKIPPED: real-browser test; set {WEBDRIVER_VAR} (chromedriver's address) or run .ci/run");
        return;
    };
    let app = app_with_body().await;
    let c = browser(&webdriver).await;
    c.set_window_size(PHONE.0, PHONE.1).await.unwrap();
    let mut problems = Vec::new();

    // First who is asking: "Lanjut" without an answer says so; then only that kind's fields.
    c.goto(&format!("{}/badan/kota-contoh/permohonan/baru", app.address)).await.unwrap();
    problems.extend(axe(&c).await.into_iter().map(|v| format!("form (who asks): {v}")));
    assert!(c.find(Locator::Id("requester_name")).await.is_err(), "the first step asks only who is asking");
    submit_and_wait(&c, ".error-summary").await;
    assert!(text(&c).await.contains("Pilih siapa yang mengajukan permohonan."));
    click(&c, "jenis-individual").await;
    submit_and_wait(&c, "#requester_name").await;
    let form = text(&c).await;
    assert!(form.contains("Pemohon: Saya sendiri (perorangan)"), "{form}");
    for other in ["entity_decree_number", "representative_name", "power_of_attorney"] {
        assert!(c.find(Locator::Id(other)).await.is_err(), "{other} is not asked of an individual");
    }
    problems.extend(axe(&c).await.into_iter().map(|v| format!("form (empty): {v}")));
    fill(&c, "requester_name", "Siti Rahmawati").await;
    fill(&c, "requester_nik", "3273013208850001").await;
    fill(&c, "information", "Daftar penerima beasiswa daerah tahun 2024.").await;
    submit_and_wait(&c, ".error-summary").await;
    let page = text(&c).await;
    assert!(page.contains("Ada yang perlu diperbaiki"), "{page}");
    assert!(page.contains("Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar."));
    problems.extend(axe(&c).await.into_iter().map(|v| format!("form (errors): {v}")));
    let kept = c.find(Locator::Id("information")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(kept, "Daftar penerima beasiswa daerah tahun 2024.", "what was typed is kept");

    // Fixed and sent: the receipt.
    fill(&c, "requester_nik", "3273 0112 0885 0001").await;
    fill(&c, "requester_address", "Jl. Melati 7, Kota Contoh").await;
    fill(&c, "requester_occupation", "Guru").await;
    fill(&c, "requester_email", "siti.rahmawati@example.com").await;
    fill(&c, "purpose", "Penelitian tentang pemerataan pendidikan.").await;
    click(&c, "obtain_method-softcopy").await;
    click(&c, "delivery_method-email").await;
    click(&c, "publish_consent").await;
    submit_and_wait(&c, ".panel").await;
    let receipt = text(&c).await;
    assert!(receipt.contains("Permohonan Anda telah terdaftar"), "{receipt}");
    assert!(receipt.contains("0001/PPID/KOTA-CONTOH/III/2025"));
    assert!(receipt.contains("Selasa, 15 April 2025"));
    let receipt_url = c.current_url().await.unwrap().to_string();
    problems.extend(axe(&c).await.into_iter().map(|v| format!("receipt: {v}")));

    // The tracking link, then English.
    let link = c.find(Locator::Css(".tracking-link a")).await.unwrap().attr("href").await.unwrap().unwrap();
    c.goto(&link).await.unwrap();
    wait_for(&c, ".timeline-events").await;
    assert!(text(&c).await.contains("Terdaftar"));
    problems.extend(axe(&c).await.into_iter().map(|v| format!("tracking: {v}")));
    c.find(Locator::LinkText("English")).await.unwrap().click().await.unwrap();
    wait_for(&c, "html[lang=en] .timeline-events").await;
    let english = text(&c).await;
    assert!(english.contains("Registered") && english.contains("Written notice due by"), "{english}");

    // Every citizen page, both languages, both sizes.
    let pages = [
        ("form (who asks)", format!("{}/badan/kota-contoh/permohonan/baru", app.address)),
        ("form", format!("{}/badan/kota-contoh/permohonan/baru?jenis=represented", app.address)),
        ("receipt", receipt_url.clone()),
        ("receipt letter", format!("{}/surat/tanda-terima", receipt_url.trim_end_matches("/tanda-terima"))),
        ("tracking", link.clone()),
        ("register", format!("{}/badan/kota-contoh/daftar-permohonan", app.address)),
        ("body", format!("{}/badan/kota-contoh", app.address)),
        ("home", format!("{}/", app.address)),
        ("compliance", format!("{}/badan/kota-contoh/kepatuhan", app.address)),
        ("jurisdiction", format!("{}/ki/jawa-barat/kepatuhan", app.address)),
        ("methodology", format!("{}/metodologi", app.address)),
    ];
    for (w, h) in [PHONE, DESKTOP] {
        c.set_window_size(w, h).await.unwrap();
        for lang in ["id", "en"] {
            for (name, url) in &pages {
                let join = if url.contains('?') { '&' } else { '?' };
                c.goto(&format!("{url}{join}lang={lang}")).await.unwrap();
                problems.extend(axe(&c).await.into_iter().map(|v| format!("{name} ({lang}, {w}x{h}): {v}")));
                if (w, h) == PHONE {
                    let wide = sideways(&c).await;
                    problems
                        .extend(wide.into_iter().map(|v| format!("{name} ({lang}) scrolls sideways at {w}px: {v}")));
                }
            }
            // The form with errors, in this language and size.
            c.goto(&format!("{}/badan/kota-contoh/permohonan/baru?jenis=group&lang={lang}", app.address))
                .await
                .unwrap();
            submit_and_wait(&c, ".error-summary").await;
            problems.extend(axe(&c).await.into_iter().map(|v| format!("form with errors ({lang}, {w}x{h}): {v}")));
        }
    }
    // The sideways check can fail: a page wider than the phone is reported, a wide table in its own box is not.
    c.set_window_size(PHONE.0, PHONE.1).await.unwrap();
    c.goto("data:text/html,<html lang=id><title>x</title><main><div style='width:600px'>lebar</div></main></html>")
        .await
        .unwrap();
    assert!(!sideways(&c).await.is_empty(), "a 600px block on a 360px screen is reported");
    c.goto("data:text/html,<html lang=id><title>x</title><main><div style='overflow-x:auto'><table style='width:600px'><tr><td>x</td></tr></table></div></main></html>")
        .await
        .unwrap();
    assert!(sideways(&c).await.is_empty(), "a table that scrolls in its own box is not reported");
    // The check itself can fail: a page with an unlabeled image and an unlabeled field is reported.
    c.goto("data:text/html,<html lang=id><title>x</title><main><img src=x.png><input type=text></main></html>")
        .await
        .unwrap();
    let broken = axe(&c).await;
    assert!(broken.iter().any(|v| v.starts_with("image-alt")), "axe reports a missing alt text: {broken:?}");
    assert!(broken.iter().any(|v| v.starts_with("label")), "axe reports an unlabeled field: {broken:?}");
    c.close().await.ok();
    assert!(problems.is_empty(), "serious or critical accessibility problems:\n{}", problems.join("\n"));
}

#[test]
fn axe_core_is_pinned() {
    let manifest: Value = serde_json::from_str(include_str!("../browser/package.json")).unwrap();
    let version = manifest["dependencies"]["axe-core"].as_str().unwrap();
    assert!(version.chars().all(|c| c.is_ascii_digit() || c == '.'), "an exact version, not a range: {version}");
}

#[tokio::test]
async fn an_officer_signs_in_decides_a_request_and_the_requester_sees_the_decision() {
    let Some(webdriver) = component(WEBDRIVER_VAR) else {
        println!("SKIPPED: real-browser test; set {WEBDRIVER_VAR} (chromedriver's address) or run .ci/run");
        return;
    };
    let app = app_with_body().await;
    let registration = {
        let mut conn = app.db.get().unwrap();
        terbuka::service::cases::register_request(
            &mut conn,
            crate::cases::CAL,
            &crate::helpers::test_secrets(),
            &app.test_db.files(),
            &crate::cases::Office::new_request(crate::cases::wib_morning("2025-03-21")),
            &crate::cases::Office::officer(),
            app.clock.now(),
        )
        .unwrap()
    };
    // An account with its password set ("kuda batang merah sembilan"); the browser signs in with it.
    crate::helpers::signed_in_account(
        &app,
        "utama",
        terbuka::domain::account::Role::PpidUtama,
        Some("kota-contoh"),
        None,
        None,
    );
    let c = browser(&webdriver).await;
    c.set_window_size(DESKTOP.0, DESKTOP.1).await.unwrap();
    let mut problems = Vec::new();

    c.goto(&format!("{}/masuk", app.address)).await.unwrap();
    fill(&c, "username", "utama").await;
    fill(&c, "password", "kuda batang merah sembilan").await;
    submit_and_wait(&c, ".counts").await;
    problems.extend(axe(&c).await.into_iter().map(|v| format!("queue: {v}")));
    let number = &registration.request.registration_number;
    c.find(Locator::LinkText(number))
        .await
        .unwrap_or_else(|_| panic!("the queue links {number}"))
        .click()
        .await
        .unwrap();
    wait_for(&c, "details.action").await;
    problems.extend(axe(&c).await.into_iter().map(|v| format!("case page: {v}")));

    // On a phone, with every step's form open, the case page and the queue do not scroll sideways.
    c.set_window_size(PHONE.0, PHONE.1).await.unwrap();
    c.execute("document.querySelectorAll('details').forEach(d => d.open = true);", vec![]).await.unwrap();
    problems.extend(sideways(&c).await.into_iter().map(|v| format!("case page at 360px, forms open: {v}")));
    c.execute("document.querySelectorAll('details').forEach(d => d.open = false);", vec![]).await.unwrap();
    c.set_window_size(DESKTOP.0, DESKTOP.1).await.unwrap();

    // The written notice: granted, softcopy, by 28 March, sent through the portal.
    c.find(Locator::XPath("//summary[contains(., 'Beri pemberitahuan tertulis')]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(&c, "keputusan-granted").await;
    c.find(Locator::Css("#bentuk option[value=softcopy]")).await.unwrap().click().await.unwrap();
    c.execute("document.getElementById('diberikan_paling_lambat').value = '2025-03-28';", vec![]).await.unwrap();
    // Asked online, the requester reads the notice on the tracking page: sent electronically is the default.
    let electronic = c.find(Locator::Id("elektronik")).await.unwrap().prop("checked").await.unwrap();
    assert_eq!(electronic.as_deref(), Some("true"));
    c.find(Locator::Css("details[open] form button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for(&c, ".panel-success").await;
    let page = text(&c).await;
    assert!(page.contains("Pemberitahuan tertulis dicatat.") && page.contains("Sudah dijawab"), "{page}");
    problems.extend(axe(&c).await.into_iter().map(|v| format!("case page after the notice: {v}")));

    // The annual report: the list of years, a year's page with its form, and the printable preview.
    for (name, path) in [
        ("annual reports", "/ruang-kerja/laporan-tahunan"),
        ("annual report", "/ruang-kerja/laporan-tahunan/2025"),
        ("annual report preview", "/ruang-kerja/laporan-tahunan/2025/cetak"),
    ] {
        c.goto(&format!("{}{path}", app.address)).await.unwrap();
        wait_for(&c, "h1").await;
        problems.extend(axe(&c).await.into_iter().map(|v| format!("{name}: {v}")));
    }

    // The requester, on their tracking page.
    c.goto(&format!("{}/lacak/{}", app.address, registration.tracking_token)).await.unwrap();
    wait_for(&c, ".timeline-events").await;
    let tracking = text(&c).await;
    assert!(tracking.contains("Pemberitahuan tertulis diberikan: informasi diberikan."), "{tracking}");
    assert!(tracking.contains("Surat resmi"), "the written notice is among the letters: {tracking}");
    c.close().await.ok();
    assert!(problems.is_empty(), "serious or critical accessibility problems:\n{}", problems.join("\n"));
}

#[tokio::test]
async fn the_administrators_pages_read_on_a_phone_and_pass_axe() {
    let Some(webdriver) = component(WEBDRIVER_VAR) else {
        println!("SKIPPED: real-browser test; set {WEBDRIVER_VAR} (chromedriver's address) or run .ci/run");
        return;
    };
    // Two-step sign-in for administrators is tested in `two_step`; here it is off so the pages can be reached.
    let app = crate::helpers::spawn_app_with(|s| s.require_two_step_for_admins = false).await;
    create_standard_body(&app.db, app.clock.now());
    crate::helpers::signed_in_account(&app, "operator", terbuka::domain::account::Role::Admin, None, None, None);
    let c = browser(&webdriver).await;
    c.set_window_size(DESKTOP.0, DESKTOP.1).await.unwrap();
    c.goto(&format!("{}/masuk", app.address)).await.unwrap();
    fill(&c, "username", "operator").await;
    fill(&c, "password", "kuda batang merah sembilan").await;
    submit_and_wait(&c, "h1").await;
    let mut problems = Vec::new();
    let pages = [
        "/admin",
        "/admin/badan",
        "/admin/badan/kota-contoh",
        "/admin/ki",
        "/admin/ki/jawa-barat",
        "/admin/pengguna",
        "/admin/surel",
        "/admin/kalender",
        "/admin/kepatuhan",
    ];
    for (w, h) in [PHONE, DESKTOP] {
        c.set_window_size(w, h).await.unwrap();
        for path in pages {
            c.goto(&format!("{}{path}", app.address)).await.unwrap();
            wait_for(&c, "h1").await;
            assert_eq!(c.current_url().await.unwrap().path(), path, "signed in, the page itself is shown");
            problems.extend(axe(&c).await.into_iter().map(|v| format!("{path} ({w}x{h}): {v}")));
            if (w, h) == PHONE {
                c.execute("document.querySelectorAll('details').forEach(d => d.open = true);", vec![]).await.unwrap();
                problems
                    .extend(sideways(&c).await.into_iter().map(|v| format!("{path} scrolls sideways at {w}px: {v}")));
            }
        }
    }
    c.close().await.ok();
    assert!(problems.is_empty(), "problems on the administrator's pages:\n{}", problems.join("\n"));
}
