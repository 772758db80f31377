//! The law's whole path in a real browser, each person in their own session: a citizen asks on the form, the PPID
//! refuses, the citizen objects, the atasan PPID overturns and orders disclosure, the PPID carries it out, and the
//! citizen reads it all on the tracking page and finds the way to the Komisi Informasi.

use fantoccini::{Client, Locator};

use crate::browser::{
    DESKTOP, PHONE, WEBDRIVER_VAR, app_with_body, axe, browser, click, fill, submit_and_wait, text, wait_for,
};
use crate::helpers::{component, signed_in_account};
use terbuka::domain::account::Role;

/// Sets a date field (the browser's date picker is not typed into).
async fn set_date(c: &Client, id: &str, date: &str) {
    c.execute(&format!("document.getElementById('{id}').value = '{date}';"), vec![]).await.unwrap();
}

/// Opens the step whose summary says `summary` and sends its form.
async fn open_step(c: &Client, summary: &str) {
    let step = c.find(Locator::XPath(&format!("//details[summary[contains(., '{summary}')]]"))).await;
    let step = step.unwrap_or_else(|_| panic!("the step {summary:?} is offered"));
    if step.attr("open").await.unwrap().is_none() {
        step.find(Locator::Css("summary")).await.unwrap().click().await.unwrap();
    }
}

async fn send_step(c: &Client, summary: &str, expect: &str) {
    let form = format!("//details[summary[contains(., '{summary}')]]//button[@type='submit']");
    c.find(Locator::XPath(&form)).await.unwrap().click().await.unwrap();
    wait_for(c, expect).await;
}

/// Signs in as `username` (every test account's password) in a new browser session.
async fn officer(webdriver: &str, address: &str, username: &str) -> Client {
    let c = browser(webdriver).await;
    c.set_window_size(DESKTOP.0, DESKTOP.1).await.unwrap();
    c.goto(&format!("{address}/masuk")).await.unwrap();
    fill(&c, "username", username).await;
    fill(&c, "password", "kuda batang merah sembilan").await;
    submit_and_wait(&c, ".counts").await;
    c
}

#[tokio::test]
async fn a_request_goes_from_the_form_through_refusal_objection_overturn_and_disclosure_to_the_dispute_page() {
    let Some(webdriver) = component(WEBDRIVER_VAR) else {
        println!("SKIPPED: real-browser test; set {WEBDRIVER_VAR} (chromedriver's address) or run .ci/run");
        return;
    };
    let app = app_with_body().await;
    signed_in_account(&app, "utama", Role::PpidUtama, Some("kota-contoh"), None, None);
    signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let mut problems = Vec::new();

    // The citizen, on a phone: who asks, then the form, then the receipt.
    let citizen = browser(&webdriver).await;
    citizen.set_window_size(PHONE.0, PHONE.1).await.unwrap();
    citizen.goto(&format!("{}/badan/kota-contoh/permohonan/baru", app.address)).await.unwrap();
    click(&citizen, "jenis-individual").await;
    submit_and_wait(&citizen, "#requester_name").await;
    fill(&citizen, "requester_name", "Siti Rahmawati").await;
    fill(&citizen, "requester_nik", "3273 0112 0885 0001").await;
    fill(&citizen, "requester_address", "Jl. Melati 7, Kota Contoh").await;
    fill(&citizen, "requester_occupation", "Guru").await;
    fill(&citizen, "requester_email", "siti.rahmawati@example.com").await;
    fill(&citizen, "information", "Daftar penerima beasiswa daerah tahun 2024 beserta nilainya.").await;
    fill(&citizen, "purpose", "Penelitian tentang pemerataan pendidikan.").await;
    click(&citizen, "obtain_method-softcopy").await;
    click(&citizen, "delivery_method-email").await;
    submit_and_wait(&citizen, ".panel").await;
    let receipt = text(&citizen).await;
    let number = "0001/PPID/KOTA-CONTOH/III/2025";
    assert!(receipt.contains(number), "{receipt}");
    let tracking = citizen.find(Locator::Css(".tracking-link a")).await.unwrap().attr("href").await.unwrap().unwrap();

    // The PPID refuses it under Art. 17 h, with the consequence test.
    let ppid = officer(&webdriver, &app.address, "utama").await;
    ppid.find(Locator::LinkText(number)).await.unwrap().click().await.unwrap();
    wait_for(&ppid, "details.action").await;
    open_step(&ppid, "Beri pemberitahuan tertulis").await;
    set_date(&ppid, "notice-tanggal", "2025-03-21").await;
    click(&ppid, "keputusan-refused_exempt").await;
    ppid.find(Locator::Css("#pasal17 option[value=h]")).await.unwrap().click().await.unwrap();
    fill(
        &ppid,
        "uji_konsekuensi",
        "Daftar memuat nilai pribadi setiap penerima; membukanya mengungkap rahasia pribadi.",
    )
    .await;
    // Asked online, the requester reads the notice on the tracking page: sent electronically is the default.
    let electronic = ppid.find(Locator::Id("elektronik")).await.unwrap().prop("checked").await.unwrap();
    assert_eq!(electronic.as_deref(), Some("true"));
    send_step(&ppid, "Beri pemberitahuan tertulis", ".panel-success").await;
    assert!(text(&ppid).await.contains("Pemberitahuan tertulis dicatat."));

    // The citizen reads the refusal and its reasons, then objects on ground (a).
    citizen.goto(&tracking).await.unwrap();
    wait_for(&citizen, ".timeline-events").await;
    let page = text(&citizen).await;
    assert!(page.contains("Pasal 17 huruf h"), "the ground of the refusal is on the page: {page}");
    citizen.find(Locator::LinkText("Ajukan keberatan")).await.unwrap().click().await.unwrap();
    wait_for(&citizen, "#ringkasan").await;
    problems.extend(axe(&citizen).await.into_iter().map(|v| format!("objection form: {v}")));
    click(&citizen, "dasar_a").await;
    fill(&citizen, "ringkasan", "Nilai dapat disamarkan; daftar penerima adalah informasi publik.").await;
    submit_and_wait(&citizen, ".panel").await;
    let objection_receipt = text(&citizen).await;
    assert!(
        objection_receipt.contains("0001/KEB/KOTA-CONTOH/III/2025"),
        "the objection's receipt with its number: {objection_receipt}"
    );

    // The atasan PPID overturns the refusal and orders the list given, without the marks, by 4 April.
    let atasan = officer(&webdriver, &app.address, "atasan").await;
    atasan.find(Locator::XPath("//a[contains(., '0001/KEB/KOTA-CONTOH')]")).await.unwrap().click().await.unwrap();
    wait_for(&atasan, "#aksi-putuskan").await;
    let page = text(&atasan).await;
    assert!(page.contains("Daftar memuat nilai pribadi"), "the atasan reads the PPID's reasons: {page}");
    set_date(&atasan, "decide-tanggal", "2025-03-21").await;
    click(&atasan, "hasil-overturned").await;
    fill(&atasan, "alasan", "Daftar penerima adalah informasi publik; nilai dapat disamarkan.").await;
    fill(&atasan, "nama_atasan", "Dr. Hendra Wijaya").await;
    fill(&atasan, "jabatan_atasan", "Sekretaris Daerah").await;
    fill(&atasan, "yang_diberikan", "Daftar penerima beasiswa 2024 tanpa kolom nilai.").await;
    set_date(&atasan, "paling_lambat", "2025-04-04").await;
    click(&atasan, "elektronik").await;
    send_step(&atasan, "Beri tanggapan atas keberatan", ".panel-success").await;
    problems.extend(axe(&atasan).await.into_iter().map(|v| format!("objection page after the decision: {v}")));
    atasan.close().await.ok();

    // The PPID finds the order in the queue and carries it out.
    ppid.goto(&format!("{}/ruang-kerja", app.address)).await.unwrap();
    wait_for(&ppid, ".counts").await;
    let queue = text(&ppid).await;
    assert!(queue.contains("Laksanakan putusan atasan PPID"), "the order is the PPID's task: {queue}");
    ppid.find(Locator::XPath("//a[contains(., '0001/KEB/KOTA-CONTOH')]")).await.unwrap().click().await.unwrap();
    wait_for(&ppid, "#aksi-laksanakan").await;
    open_step(&ppid, "Laksanakan putusan atasan PPID").await;
    set_date(&ppid, "carry-tanggal", "2025-03-21").await;
    fill(&ppid, "keterangan", "Daftar tanpa kolom nilai dikirim ke surel pemohon.").await;
    send_step(&ppid, "Laksanakan putusan atasan PPID", ".panel-success").await;
    ppid.close().await.ok();

    // The citizen reads the decision, its carrying out, and the window to go to the KI; the dispute page names it.
    citizen.goto(&tracking).await.unwrap();
    wait_for(&citizen, ".timeline-events").await;
    let page = text(&citizen).await;
    for seen in [
        "Daftar penerima adalah informasi publik; nilai dapat disamarkan.",
        "Daftar penerima beasiswa 2024 tanpa kolom nilai.",
        "Daftar tanpa kolom nilai dikirim ke surel pemohon.",
    ] {
        assert!(page.contains(seen), "{seen:?} on the tracking page: {page}");
    }
    problems.extend(axe(&citizen).await.into_iter().map(|v| format!("tracking page at the end: {v}")));
    citizen
        .find(Locator::XPath("//a[contains(., 'Sengketa ke Komisi Informasi')]"))
        .await
        .expect("the way to the KI while its window is open")
        .click()
        .await
        .unwrap();
    wait_for(&citizen, "h1").await;
    let dispute = text(&citizen).await;
    assert!(dispute.contains("KI Provinsi Jawa Barat"), "the competent KI: {dispute}");
    problems.extend(axe(&citizen).await.into_iter().map(|v| format!("dispute page: {v}")));
    citizen.close().await.ok();
    assert!(problems.is_empty(), "serious or critical accessibility problems:\n{}", problems.join("\n"));
}
