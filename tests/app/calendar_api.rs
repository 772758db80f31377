use serde_json::Value;

use crate::helpers::{TestApp, WORKED_EXAMPLES, spawn_app};

async fn deadline(app: &TestApp, query: &str) -> (u16, Value) {
    let res = app.get(&format!("/api/v1/calendar/deadline?{query}")).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// Every worked example of domain.md §9, through the API.
#[tokio::test]
async fn the_worked_examples_through_the_api() {
    let app = spawn_app().await;
    for (from, n, due) in WORKED_EXAMPLES {
        let (status, body) = deadline(&app, &format!("from={from}&working_days={n}")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["due"], due, "{from} + {n}");
        assert_eq!(body["provisional"], false);
        assert_eq!(body["calendar_version"], 1);
    }
}

#[tokio::test]
async fn the_answer_explains_itself_in_the_requested_language() {
    let app = spawn_app().await;
    let (_, body) = deadline(&app, "from=2025-03-21&working_days=10").await;
    let skipped: Vec<&str> = body["skipped"].as_array().unwrap().iter().map(|s| s["date"].as_str().unwrap()).collect();
    assert_eq!(
        skipped,
        ["2025-03-28", "2025-03-31", "2025-04-01", "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07"]
    );
    assert_eq!(body["skipped"][0]["kind"], "cuti_bersama");
    assert_eq!(body["skipped"][0]["name"], "Cuti Bersama Hari Suci Nyepi");
    assert_eq!(
        body["explanation"],
        "Jatuh tempo Selasa, 15 April 2025 = 10 hari kerja setelah Jumat, 21 Maret 2025, melewati 28 Mar, \
         31 Mar–1 Apr, 2–4 Apr, 7 Apr."
    );
    let res = app.get_lang("/api/v1/calendar/deadline?from=2025-03-21&working_days=10", "en-US").await;
    let body: Value = res.json().await.unwrap();
    assert!(body["explanation"].as_str().unwrap().starts_with("Due Tuesday, 15 April 2025 = 10 working days"));
}

#[tokio::test]
async fn as_of_answers_with_the_calendar_known_on_that_day() {
    let app = spawn_app().await;
    let (_, before) = deadline(&app, "from=2025-08-04&working_days=10&as_of=2025-08-06").await;
    assert_eq!(before["due"], "2025-08-18");
    assert_eq!(before["as_of"], "2025-08-06");
    let (_, after) = deadline(&app, "from=2025-08-04&working_days=10&as_of=2025-08-07").await;
    assert_eq!(after["due"], "2025-08-19");
    let (_, now) = deadline(&app, "from=2025-08-04&working_days=10").await;
    assert_eq!(now["due"], "2025-08-19");
    assert_eq!(now["as_of"], Value::Null);
}

#[tokio::test]
async fn deadlines_past_the_loaded_years_are_provisional() {
    let app = spawn_app().await;
    let (status, body) = deadline(&app, "from=2026-12-18&working_days=10").await;
    assert_eq!(status, 200);
    assert_eq!(body["provisional"], true);
    assert_eq!(body["due"], "2027-01-06");
    let new_year = body["skipped"].as_array().unwrap().iter().find(|s| s["date"] == "2027-01-01").unwrap();
    assert_eq!(new_year["provisional"], true);
    assert!(body["explanation"].as_str().unwrap().contains("sementara"));
}

#[tokio::test]
async fn bad_parameters_get_a_400_naming_each_field() {
    let app = spawn_app().await;
    let (status, body) =
        deadline(&app, "from=21-03-2025&working_days=ten&as_of=2025-02-30&jurisdiction=Jawa%20Barat").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "invalid_input");
    let fields: Vec<(&str, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("from", "invalid_date"),
            ("working_days", "invalid_working_days"),
            ("as_of", "invalid_date"),
            ("jurisdiction", "invalid_jurisdiction")
        ]
    );
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("TTTT-BB-HH"));

    let (status, body) = deadline(&app, "").await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"].as_array().unwrap().len(), 2, "from and working_days are both required");

    let res = app.get_lang("/api/v1/calendar/deadline?from=1999-01-01&working_days=0", "en").await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "date_out_of_range");
    assert_eq!(body["message"], "The input is not valid. Check the fields listed.");
}

#[tokio::test]
async fn an_undecodable_query_string_still_gets_the_envelope() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/calendar/deadline?from=%FF%FE&working_days=10").await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "invalid_input");
}
