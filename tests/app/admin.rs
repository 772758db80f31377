//! `terbuka admin jurisdiction|body|unit create|list|update`.

use std::sync::Arc;

use terbuka::domain::clock::FixedClock;

use crate::helpers::{CliOutput, TestDb, default_now, run_cli};

pub struct Admin {
    pub db: TestDb,
    pub clock: Arc<FixedClock>,
}

impl Admin {
    pub fn new() -> Admin {
        Admin { db: TestDb::new(), clock: Arc::new(FixedClock::new(default_now())) }
    }

    pub fn run(&self, args: &[&str]) -> CliOutput {
        run_cli(&self.db.url, self.clock.clone(), args)
    }

    /// A provincial KI, a body under it and one unit.
    pub fn with_body(self) -> Admin {
        self.run(&[
            "admin",
            "jurisdiction",
            "create",
            "--code",
            "jawa-barat",
            "--name",
            "Komisi Informasi Provinsi Jawa Barat",
            "--level",
            "provinsi",
        ])
        .ok();
        self.run(&[
            "admin",
            "body",
            "create",
            "--slug",
            "kota-contoh",
            "--name",
            "Pemerintah Kota Contoh",
            "--level",
            "pemerintah_kabupaten_kota",
            "--time-zone",
            "Asia/Jakarta",
            "--ki",
            "jawa-barat",
            "--ppid-email",
            "ppid@kota-contoh.go.id",
            "--ppid-phone",
            "+62 22 4234567",
            "--ppid-address",
            "Jl. Merdeka No. 1, Kota Contoh",
        ])
        .ok();
        self.run(&[
            "admin",
            "unit",
            "create",
            "--body",
            "kota-contoh",
            "--slug",
            "dinas-pendidikan",
            "--name",
            "Dinas Pendidikan",
        ])
        .ok();
        self
    }
}

#[test]
fn jurisdictions_nest_and_list() {
    let a = Admin::new();
    a.run(&[
        "admin",
        "jurisdiction",
        "create",
        "--code",
        "pusat",
        "--name",
        "Komisi Informasi Pusat",
        "--level",
        "pusat",
    ])
    .ok();
    let out = a.run(&[
        "admin",
        "jurisdiction",
        "create",
        "--code",
        "jawa-barat",
        "--name",
        "KI Jawa Barat",
        "--level",
        "provinsi",
        "--parent",
        "pusat",
    ]);
    assert!(out.ok().contains("Created jurisdiction jawa-barat"));
    let err = a
        .run(&["admin", "jurisdiction", "create", "--code", "jawa-barat", "--name", "Lagi", "--level", "provinsi"])
        .err();
    assert!(err.contains("--code: a jurisdiction `jawa-barat` already exists"), "{err}");
    let err = a
        .run(&["admin", "jurisdiction", "create", "--code", "X", "--name", "", "--level", "desa", "--parent", "nope"])
        .err();
    for expected in [
        "--code: expected",
        "--name: must not be empty",
        "--level: expected one of pusat, provinsi, kabupaten_kota",
        "--parent: there is no jurisdiction `nope`",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }
    let list = a.run(&["admin", "jurisdiction", "list"]);
    assert!(list.ok().contains("parent pusat"), "{}", list.stdout);
    assert!(list.stdout.contains("2 jurisdiction(s)."));
    let err = a.run(&["admin", "jurisdiction", "update", "jawa-barat", "--parent", "jawa-barat"]).err();
    assert!(err.contains("cannot be its own parent"), "{err}");
}

#[test]
fn a_body_is_validated_field_by_field_and_nothing_is_half_created() {
    let a = Admin::new();
    a.run(&[
        "admin",
        "jurisdiction",
        "create",
        "--code",
        "jawa-barat",
        "--name",
        "KI Jawa Barat",
        "--level",
        "provinsi",
    ])
    .ok();
    let err = a
        .run(&[
            "admin",
            "body",
            "create",
            "--slug",
            "Kota Contoh",
            "--name",
            "K",
            "--level",
            "kota",
            "--time-zone",
            "Asia/Singapore",
            "--ki",
            "bali",
            "--ppid-email",
            "ppid-at-kota",
            "--ppid-phone",
            "123",
            "--ppid-address",
            "Jl. Merdeka 1",
            "--request-number-format",
            "{seq}/PPID",
        ])
        .err();
    for field in [
        "--slug",
        "--name",
        "--level",
        "--time-zone",
        "--ki",
        "--ppid-email",
        "--ppid-phone",
        "--request-number-format",
    ] {
        assert!(err.contains(&format!("{field}:")), "{field} missing in {err}");
    }
    assert!(a.run(&["admin", "body", "list"]).ok().contains("0 public bodies."));
}

#[test]
fn bodies_update_with_optimistic_concurrency_and_keep_their_ki_history() {
    let a = Admin::new().with_body();
    let list = a.run(&["admin", "body", "list"]);
    assert!(list.ok().contains("kota-contoh"), "{}", list.stdout);
    assert!(list.stdout.contains("KI jawa-barat"));
    let err = a
        .run(&[
            "admin",
            "body",
            "create",
            "--slug",
            "kota-contoh",
            "--name",
            "Dua",
            "--level",
            "lainnya",
            "--time-zone",
            "Asia/Jakarta",
            "--ki",
            "jawa-barat",
            "--ppid-email",
            "a@b.id",
            "--ppid-phone",
            "0221234567",
            "--ppid-address",
            "Jl. A",
        ])
        .err();
    assert!(err.contains("--slug: a body `kota-contoh` already exists"), "{err}");

    let ok = a.run(&["admin", "body", "update", "kota-contoh", "--name", "Pemkot Contoh", "--expect-version", "1"]);
    assert!(ok.ok().contains("now version 2"), "{}", ok.stdout);
    let stale = a.run(&["admin", "body", "update", "kota-contoh", "--name", "Lain", "--expect-version", "1"]).err();
    assert!(stale.contains("changed by someone else") && stale.contains("version 2"), "{stale}");

    a.run(&[
        "admin",
        "jurisdiction",
        "create",
        "--code",
        "kota-contoh-ki",
        "--name",
        "KI Kota Contoh",
        "--level",
        "kabupaten_kota",
    ])
    .ok();
    let err =
        a.run(&["admin", "body", "update", "kota-contoh", "--ki", "kota-contoh-ki", "--ki-from", "2009-01-01"]).err();
    assert!(err.contains("--ki-from"), "{err}");
    let moved = a.run(&["admin", "body", "update", "kota-contoh", "--ki", "kota-contoh-ki", "--ki-from", "2025-01-01"]);
    assert!(moved.ok().contains("competent KI: kota-contoh-ki from 2025-01-01"), "{}", moved.stdout);
    assert!(
        a.run(&["admin", "body", "update", "nope", "--name", "X Y"]).err().contains("there is no public body `nope`")
    );
}

#[test]
fn units_belong_to_a_body() {
    let a = Admin::new().with_body();
    let err = a
        .run(&["admin", "unit", "create", "--body", "kota-contoh", "--slug", "dinas-pendidikan", "--name", "Lagi"])
        .err();
    assert!(err.contains("already has a unit"), "{err}");
    a.run(&[
        "admin",
        "unit",
        "create",
        "--body",
        "kota-contoh",
        "--slug",
        "rsud",
        "--name",
        "RSUD Kota Contoh",
        "--time-zone",
        "Asia/Makassar",
    ])
    .ok();
    let list = a.run(&["admin", "unit", "list", "--body", "kota-contoh"]);
    assert!(list.ok().contains("Asia/Makassar"));
    assert!(list.stdout.contains("(body's zone)"));
    assert!(list.stdout.contains("2 unit(s)."));
    a.run(&["admin", "unit", "update", "--body", "kota-contoh", "rsud", "--time-zone", ""]).ok();
    assert!(!a.run(&["admin", "unit", "list", "--body", "kota-contoh"]).ok().contains("Asia/Makassar"));
    assert!(a.run(&["admin", "unit", "list", "--body", "nope"]).err().contains("there is no public body `nope`"));
}
