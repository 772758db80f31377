//! Every form's error summary lists each problem with its field's label and links to that field: the officers'
//! request and objection pages, the monev form, the annual report. The summary is read from the page as a
//! person (or a screen reader) meets it: each link must land on an element of the page, and the label it names
//! must be the label that element carries.

use terbuka::domain::account::Role;

use crate::helpers::signed_in_account;
use crate::officer::{app_with_request, objection_step, refused_and_objected, step, utama};

/// The error summary's lines, `(target id, text)`, after checking that each one lands on an element of the page
/// whose label (or legend, for a group) is the one the line names. Fails when the page has no summary.
pub(crate) fn summary_lines(html: &str) -> Vec<(String, String)> {
    let start = html.find(r#"<div class="error-summary""#).unwrap_or_else(|| panic!("no error summary: {html}"));
    let block = &html[start..start + html[start..].find("</div>").unwrap()];
    let lines: Vec<(String, String)> = block
        .split(r##"<li><a href="#"##)
        .skip(1)
        .map(|l| {
            let (id, rest) = l.split_once(r#"">"#).unwrap();
            (id.to_owned(), rest.split("</a>").next().unwrap().to_owned())
        })
        .collect();
    for (id, text) in &lines {
        assert!(html.contains(&format!(r#"id="{id}""#)), "the summary links to #{id}, which is not on the page");
        assert!(!id.starts_with("aksi-"), "{text:?} is about no field the summary knows: add it to the form's table");
        // The label of an input, or the legend of a group.
        let label = html
            .split(&format!(r#"for="{id}">"#))
            .nth(1)
            .or_else(|| html.split(&format!(r#"id="{id}""#)).nth(1).and_then(|a| a.split(r#"class="legend">"#).nth(1)))
            .map(|a| a.split('<').next().unwrap().trim().to_owned())
            .unwrap_or_default();
        assert!(
            !label.is_empty() && text.starts_with(&format!("{label}: ")),
            "#{id} is labelled {label:?}, not {text:?}"
        );
    }
    lines
}

fn texts(lines: &[(String, String)]) -> Vec<&str> {
    lines.iter().map(|(_, t)| t.as_str()).collect()
}

#[tokio::test]
async fn the_request_page_lists_each_problem_of_a_step_with_its_field_and_a_link_to_it() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);

    // A notice with no date and no decision: both named, in the form's order, each linking to its field.
    let (status, _, html) = step(&app, &cookie, &r, &[("aksi", "pemberitahuan"), ("tanggal", "")]).await;
    assert_eq!(status, 400, "{html}");
    let lines = summary_lines(&html);
    assert_eq!(lines[0].0, "notice-tanggal", "{lines:?}");
    assert!(lines[0].1.starts_with("Tanggal pemberitahuan tertulis: "), "{lines:?}");
    assert!(lines.iter().any(|(id, _)| id == "keputusan"), "{lines:?}");
    assert!(!html.contains("Error:"), "no English in an Indonesian page");

    // A refusal without its ground and test: the service's problems are linked too.
    let refusal = [("aksi", "pemberitahuan"), ("tanggal", "2025-03-21"), ("keputusan", "refused_exempt")];
    let (status, _, html) = step(&app, &cookie, &r, &refusal).await;
    assert_eq!(status, 400, "{html}");
    let lines = summary_lines(&html);
    assert!(lines.iter().any(|(id, _)| id == "pasal17"), "{lines:?}");

    // An extension without its reason, a closing without its outcome, a routing without its unit.
    for (fields, target) in [
        (vec![("aksi", "perpanjang"), ("tanggal", "2025-03-21"), ("alasan", "")], "extend-alasan"),
        (vec![("aksi", "tutup_tanpa_keputusan"), ("tanggal", "2025-03-21"), ("alasan", "x")], "hasil"),
        (vec![("aksi", "alihkan"), ("unit", ""), ("alasan", "")], "route-unit"),
    ] {
        let (status, _, html) = step(&app, &cookie, &r, &fields).await;
        assert!(status == 400 || status == 422, "{status}: {html}");
        let lines = summary_lines(&html);
        assert!(lines.iter().any(|(id, _)| id == target), "{target}: {lines:?}");
        assert!(lines.iter().all(|(_, text)| text.contains(": ")), "each line names its field: {lines:?}");
    }
}

#[tokio::test]
async fn the_objection_page_lists_each_problem_of_the_atasan_decision_with_a_link_to_its_field() {
    let (app, r) = app_with_request().await;
    let cookie = utama(&app);
    let objection = refused_and_objected(&app, &r, &cookie).await;
    let atasan = signed_in_account(&app, "atasan", Role::AtasanPpid, Some("kota-contoh"), None, None);
    let decide = [("aksi", "putuskan"), ("alasan", ""), ("nama_atasan", ""), ("tanggal", "")];
    let (status, html) = objection_step(&app, &atasan, &objection, &decide).await;
    assert_eq!(status, 400, "{html}");
    let lines = summary_lines(&html);
    let ids: Vec<&str> = lines.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(&ids[..2], ["hasil", "alasan"], "in the form's order: {lines:?}");
    assert!(ids.contains(&"decide-tanggal"), "{lines:?}");
    assert!(texts(&lines).iter().any(|t| t.starts_with("Alasan tertulis: ")), "{lines:?}");
}
