//! Snapshots of every mail in both languages, as the recipient's mail program shows it: the decoded headers that
//! matter (volatile ones — Date, Message-ID, MIME boundaries — left out), the plain-text part and the HTML part.
//! Built in memory with the same composer and message builder the worker uses; no SMTP server needed.

use serde_json::json;
use terbuka::i18n::Locale;
use terbuka::service::mail::Compose;
use terbuka::service::outbox::build_message;

const BASE: &str = "https://ppid.kota-contoh.go.id";

fn composer() -> terbuka::views::mail::Composer {
    terbuka::views::mail::Composer {
        views: terbuka::views::Views::new().unwrap(),
        base_url: BASE.into(),
        instance_name: "Terbuka".into(),
        time_zone: chrono_tz::Asia::Jakarta,
    }
}

/// Every kind the worker can send, with variables as the use cases write them.
fn fixtures() -> Vec<(&'static str, serde_json::Value)> {
    let request = |extra: serde_json::Value| {
        let mut base = json!({
            "number": "0007/PPID/KOTA-CONTOH/III/2025",
            "body": "Pemerintah Kota Contoh",
            "body_email": "ppid@kota-contoh.go.id",
        });
        base.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        base
    };
    let account = json!({
        "name": "Rina Wulandari",
        "username": "rina",
        "role": "ppid_utama",
        "token": "TAUTAN-SEKALI-PAKAI",
        "expires_at": "2025-03-24T01:00:00+00:00",
    });
    vec![
        ("receipt", request(json!({ "c1_due": "2025-04-15", "tracking_token": "TOKEN-PEMANTAUAN" }))),
        ("tracking_link", request(json!({ "tracking_token": "TOKEN-BARU" }))),
        ("extension", request(json!({ "c2_due": "2025-04-25", "reason": "Arsip tersebar di tiga unit." }))),
        (
            "notice",
            request(json!({
                "decision": "refused_exempt",
                "art17": "h",
                "provide_by": "",
                "fee": "",
                "object_by": "2025-05-21",
            })),
        ),
        ("provided", request(json!({ "provided_on": "2025-04-10" }))),
        ("closed", request(json!({ "outcome": "duplicate", "reason": "Sama dengan permohonan 0006." }))),
        ("overdue", request(json!({ "due": "2025-04-15", "object_by": "2025-06-04", "opt_out": "PEMOHON.TANDA" }))),
        ("objection_receipt", request(json!({ "c4_due": "2025-05-09" }))),
        (
            "atasan_decision",
            request(json!({
                "outcome": "overturned_in_part",
                "dispute_by": "2025-06-12",
                "ki": "Komisi Informasi Provinsi Jawa Barat",
                "order_what": "Salinan kontrak pengadaan 2025, tanpa nomor rekening pihak ketiga.",
                "order_by": "2025-05-22",
            })),
        ),
        (
            "objection_duplicate",
            request(
                json!({ "original": "0001/KEB/KOTA-CONTOH/IV/2025", "reason": "Diajukan dua kali dengan isi yang sama." }),
            ),
        ),
        (
            "order_carried_out",
            request(json!({ "on": "2025-05-20", "note": "Salinan kontrak (12 halaman) dikirim ke surel pemohon." })),
        ),
        ("remind_objection", request(json!({ "by": "2025-05-21", "opt_out": "PEMOHON.TANDA" }))),
        (
            "remind_dispute",
            request(
                json!({ "by": "2025-05-29", "ki": "Komisi Informasi Provinsi Jawa Barat", "opt_out": "PEMOHON.TANDA" }),
            ),
        ),
        (
            "staff_new_request",
            request(json!({
                "received_on": "2025-03-21",
                "channel": "desk",
                "due": "2025-04-15",
                "path": "/ruang-kerja/permohonan/ID-PERMOHONAN",
            })),
        ),
        (
            "staff_routed",
            request(json!({
                "unit": "Dinas Pendidikan",
                "reason": "Data beasiswa.",
                "due": "2025-04-15",
                "path": "/ruang-kerja/permohonan/ID-PERMOHONAN",
            })),
        ),
        ("staff_new_objection", request(json!({ "due": "2025-05-09", "path": "/ruang-kerja/keberatan/ID-KEBERATAN" }))),
        (
            "staff_order",
            request(json!({
                "what": "Salinan kontrak pengadaan 2025, tanpa nomor rekening pihak ketiga.",
                "due": "2025-05-22",
                "path": "/ruang-kerja/keberatan/ID-KEBERATAN",
            })),
        ),
        (
            "staff_digest",
            json!({
                "date": "2025-04-11",
                "items": [
                    { "kind": "request", "number": "0003/PPID/KOTA-CONTOH/III/2025", "urgency": "overdue", "due": "2025-04-10" },
                    { "kind": "objection", "number": "0001/KEB/KOTA-CONTOH/IV/2025", "urgency": "due_today", "due": "2025-04-11" },
                    { "kind": "request", "number": "0007/PPID/KOTA-CONTOH/III/2025", "urgency": "due_soon", "due": "2025-04-15" },
                ],
            }),
        ),
        (
            "ki_digest",
            json!({
                "date": "2025-04-21",
                "total": 5,
                "bodies": [
                    { "body": "Pemerintah Kota Contoh", "overdue": 3 },
                    { "body": "Pemerintah Kabupaten Lain", "overdue": 2 },
                ],
            }),
        ),
        ("staff_report_reminder", json!({ "body": "Pemerintah Kota Contoh", "year": "2025", "due": "2026-03-31" })),
        ("account_invitation", account.clone()),
        // The account's API tokens a reset ended, or a new password will end.
        ("account_reset", with(&account, json!({ "api_tokens": 2 }))),
        ("password_reset", with(&account, json!({ "api_tokens": 1 }))),
    ]
}

fn with(base: &serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    let mut out = base.clone();
    out.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    out
}

/// What the recipient sees, with the volatile parts left out.
fn shown(raw: &[u8]) -> String {
    let parsed = mailparse::parse_mail(raw).unwrap();
    let mut out = String::new();
    for name in ["From", "To", "Subject", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post"] {
        if let Some(h) = parsed.headers.iter().find(|h| h.get_key().eq_ignore_ascii_case(name)) {
            let value = h.get_value();
            // The boundary changes on every build of a message.
            let value = value.split(';').next().unwrap().to_owned();
            out.push_str(&format!("{name}: {value}\n"));
        }
    }
    for part in &parsed.subparts {
        out.push_str(&format!("\n----- {} -----\n", part.ctype.mimetype));
        out.push_str(&part.get_body().unwrap());
    }
    out
}

#[test]
fn every_mail_in_both_languages() {
    let composer = composer();
    let fixtures = fixtures();
    // Every kind the use cases write has a fixture here (a new kind without one fails).
    for kind in &terbuka::views::mail::KINDS {
        assert!(fixtures.iter().any(|(k, _)| k == kind), "no snapshot fixture for mail kind `{kind}`");
    }
    for (kind, params) in &fixtures {
        for locale in [Locale::Id, Locale::En] {
            let rendered = composer.compose(kind, locale, params).unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert!(rendered.html.contains(&format!("lang=\"{}\"", locale.code())));
            let message = build_message(
                "0190f0c0-0000-7000-8000-000000000000",
                "pemohon@example.com",
                "PPID Kota Contoh <ppid@kota-contoh.go.id>",
                &rendered,
            )
            .unwrap();
            let raw = message.formatted();
            let shown = shown(&raw);
            // Links are absolute.
            for href in rendered.html.split("href=\"").skip(1) {
                assert!(href.starts_with("https://"), "{kind}: a relative link in {href}");
            }
            insta::assert_snapshot!(format!("mail_{kind}_{}", locale.code()), shown);
        }
    }
}
