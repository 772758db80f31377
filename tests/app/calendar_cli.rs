use std::sync::Arc;

use terbuka::domain::clock::FixedClock;

use crate::helpers::{CliOutput, TestDb, WORKED_EXAMPLES, default_now, run_cli};

struct Operator {
    db: TestDb,
    clock: Arc<FixedClock>,
    dir: tempfile::TempDir,
}

impl Operator {
    fn new() -> Operator {
        Operator {
            db: TestDb::new(),
            clock: Arc::new(FixedClock::new(default_now())),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str]) -> CliOutput {
        run_cli(&self.db.url, self.clock.clone(), args)
    }

    fn file(&self, name: &str, content: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }

    fn version(&self) -> String {
        let out = self.run(&["calendar", "status", "--today", "2026-06-01"]);
        out.ok().lines().find(|l| l.starts_with("Calendar version")).unwrap().split(':').next().unwrap().to_owned()
    }
}

const Y2027: &str = "date,kind,name,source,known_from,jurisdiction
2027-01-01,holiday,Tahun Baru 2027 Masehi,SKB 2027 (test),2026-10-01,
2027-01-04,cuti_bersama,Cuti Bersama Tahun Baru,SKB 2027 (test),2026-10-01,
2027-03-10,local,Hari jadi provinsi,Perda (test),2026-10-01,jawa-barat
";

#[test]
fn the_deadline_command_reproduces_every_worked_example() {
    let op = Operator::new();
    for (from, n, due) in WORKED_EXAMPLES {
        let n = n.to_string();
        let out = op.run(&["calendar", "deadline", "--from", from, "--working-days", &n]);
        out.ok();
        assert_eq!(out.last_line(), due, "{from} + {n}");
        assert_eq!(out.stdout.lines().count(), 1, "without --explain only the date is printed");
    }
}

#[test]
fn explain_lists_skipped_days_then_the_date() {
    let op = Operator::new();
    let out = op.run(&["calendar", "deadline", "--from", "2025-03-21", "--working-days", "10", "--explain"]);
    let text = out.ok();
    assert!(text.contains("Calendar version 1, as loaded."), "{text}");
    assert!(text.contains("Fri 2025-03-28  cuti_bersama  Cuti Bersama Hari Suci Nyepi"), "{text}");
    assert!(text.contains("Mon 2025-03-31  holiday       Hari Raya Idul Fitri 1446 H"), "{text}");
    assert!(!text.contains("2025-03-29"), "Nyepi on a Saturday is not a skipped weekday");
    assert!(text.contains("Due Tue 2025-04-15 = 10 working days after Fri 2025-03-21."));
    assert_eq!(out.last_line(), "2025-04-15");
}

#[test]
fn as_of_around_the_august_2025_amendment() {
    let op = Operator::new();
    let run = |as_of: &str| {
        let out = op.run(&["calendar", "deadline", "--from", "2025-08-04", "--working-days", "10", "--as-of", as_of]);
        out.ok();
        out.last_line().to_owned()
    };
    assert_eq!(run("2025-08-06"), "2025-08-18");
    assert_eq!(run("2025-08-07"), "2025-08-19");
    let out = op.run(&[
        "calendar",
        "deadline",
        "--from",
        "2025-08-04",
        "--working-days",
        "10",
        "--as-of",
        "2025-08-06",
        "--explain",
    ]);
    assert!(out.ok().contains("as known on 2025-08-06"));
}

#[test]
fn provisional_deadlines_warn() {
    let op = Operator::new();
    let out = op.run(&["calendar", "deadline", "--from", "2026-12-18", "--working-days", "10", "--explain"]);
    let text = out.ok();
    assert!(text.contains("WARNING: provisional"), "{text}");
    assert!(text.contains("Fri 2027-01-01  holiday       Tahun Baru Masehi (assumed: year not loaded)"), "{text}");
    assert_eq!(out.last_line(), "2027-01-06");
    let quiet = op.run(&["calendar", "deadline", "--from", "2026-12-18", "--working-days", "10"]);
    assert_eq!(quiet.ok().trim(), "2027-01-06", "stdout stays machine-readable");
    assert!(quiet.stderr.contains("WARNING: provisional"));
}

#[test]
fn bad_arguments_name_the_option() {
    let op = Operator::new();
    let out = op.run(&["calendar", "deadline", "--from", "2025-02-30", "--working-days", "-3"]);
    let err = out.err();
    assert!(err.contains("--from: expected a date as YYYY-MM-DD"), "{err}");
    assert!(err.contains("--working-days: expected a whole number of working days from 1 to 1000"), "{err}");
    assert_eq!(out.result.as_ref().unwrap_err().exit_code(), 2);
    assert!(op.run(&["calendar", "list", "--year", "1850"]).err().contains("--year"));
}

#[test]
fn list_and_export_show_a_year() {
    let op = Operator::new();
    let list = op.run(&["calendar", "list", "--year", "2025"]);
    let text = list.ok();
    assert!(text.contains("Mon 2025-08-18"), "{text}");
    assert!(text.contains("2025-08-07"), "the amendment's known_from is shown");
    assert!(text.ends_with("28 entries.\n"), "{text}");
    assert!(op.run(&["calendar", "list", "--year", "2030"]).ok().contains("not loaded"));

    let export = op.run(&["calendar", "export", "--year", "2026"]);
    let csv = export.ok();
    assert!(csv.starts_with("date,kind,name,source,known_from,jurisdiction\n"));
    assert_eq!(csv.lines().count(), 26);
    assert!(csv.contains("2026-12-24,cuti_bersama,Cuti Bersama Hari Raya Natal,SKB 3 Menteri 1497/2025,2025-10-01,\n"));

    // Exporting to a file and importing it again changes nothing.
    let path = op.dir.path().join("2026.csv").display().to_string();
    op.run(&["calendar", "export", "--year", "2026", "--output", &path]).ok();
    let again = op.run(&["calendar", "import", &path]);
    assert!(again.ok().contains("0 new entries, 25 already loaded"), "{}", again.stdout);
    assert!(again.stdout.contains("Nothing changed"));
    assert_eq!(op.version(), "Calendar version 1");
}

#[test]
fn importing_next_year_records_a_version_and_ends_the_provisional_rule() {
    let op = Operator::new();
    let before = op.run(&["calendar", "deadline", "--from", "2026-12-18", "--working-days", "10"]);
    assert_eq!(before.last_line(), "2027-01-06");

    let path = op.file("2027.csv", Y2027);
    let dry = op.run(&["calendar", "import", &path, "--dry-run"]);
    assert!(dry.ok().contains("3 new entries"));
    assert!(dry.stdout.contains("Dry run: nothing was changed."));
    assert_eq!(op.version(), "Calendar version 1");

    let out = op.run(&["calendar", "import", &path]);
    let text = out.ok();
    assert!(text.contains("3 new entries, 0 already loaded"), "{text}");
    assert!(text.contains("+ Mon 2027-01-04  cuti_bersama  Cuti Bersama Tahun Baru"), "{text}");
    assert!(text.contains("Recorded as calendar version 2."));
    assert_eq!(op.version(), "Calendar version 2");

    let after = op.run(&["calendar", "deadline", "--from", "2026-12-18", "--working-days", "10", "--explain"]);
    assert!(!after.ok().contains("provisional"), "{}", after.stdout);
    assert_eq!(after.last_line(), "2027-01-07", "4 Jan 2027 (cuti bersama) now counts as a non-working day");

    // The local day applies only when counting for its jurisdiction.
    let national = op.run(&["calendar", "deadline", "--from", "2027-03-09", "--working-days", "1"]);
    assert_eq!(national.last_line(), "2027-03-10");
    let local = op.run(&[
        "calendar",
        "deadline",
        "--from",
        "2027-03-09",
        "--working-days",
        "1",
        "--jurisdiction",
        "jawa-barat",
    ]);
    assert_eq!(local.last_line(), "2027-03-11");

    let again = op.run(&["calendar", "import", &path]);
    assert!(again.ok().contains("Nothing changed"));
    assert_eq!(op.version(), "Calendar version 2");
}

#[test]
fn a_bad_file_reports_every_row_and_imports_nothing() {
    let op = Operator::new();
    let path = op.file(
        "bad.csv",
        "date,kind,name,source,known_from,jurisdiction
2027-01-01,holiday,Tahun Baru 2027 Masehi,SKB 2027,2026-10-01,
2027-02-31,holiday,Tanggal salah,SKB 2027,2026-10-01,
2027-03-01,libur,Jenis salah,SKB 2027,2026-10-01,
2027-03-02,local,Tanpa wilayah,Perda,2026-10-01,
2025-08-17,holiday,Diubah,SKB lain,2024-10-01,
2027-05-05,removed,Tidak ada yang dicabut,SKB 2027,2026-12-01,
",
    );
    let out = op.run(&["calendar", "import", &path]);
    let err = out.err();
    assert!(err.contains("line 3: date: expected a date as YYYY-MM-DD, found `2027-02-31`"), "{err}");
    assert!(err.contains("line 4: kind: expected one of holiday"), "{err}");
    assert!(err.contains("line 5: jurisdiction: a local holiday must name its jurisdiction"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(out.result.as_ref().unwrap_err().exit_code(), 2);

    // Rows that parse but contradict history are caught in the second pass, still importing nothing.
    let path = op.file(
        "conflict.csv",
        "date,kind,name,source,known_from,jurisdiction
2027-01-01,holiday,Tahun Baru 2027 Masehi,SKB 2027,2026-10-01,
2025-08-17,holiday,Diubah,SKB lain,2024-10-01,
2027-05-05,removed,Tidak ada yang dicabut,SKB 2027,2026-12-01,
",
    );
    let err = op.run(&["calendar", "import", &path]).err();
    assert!(err.contains("line 3: contradicts the loaded entry"), "{err}");
    assert!(err.contains("line 4: removed: there is no earlier entry"), "{err}");
    assert_eq!(op.version(), "Calendar version 1");
    let list = op.run(&["calendar", "list", "--year", "2027"]);
    assert!(list.ok().contains("not loaded"), "nothing from the file was written");

    let missing = op.run(&["calendar", "import", "/no/such/file.csv"]);
    assert!(missing.err().contains("cannot read /no/such/file.csv"));
    let latin1 = op.dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"date,kind,name,source,known_from\n2027-01-01,holiday,Caf\xe9,S,2026-10-01\n").unwrap();
    assert!(op.run(&["calendar", "import", latin1.to_str().unwrap()]).err().contains("not UTF-8"));
}

#[test]
fn a_removal_withdraws_a_day_for_deadlines() {
    let op = Operator::new();
    let path = op.file(
        "remove.csv",
        "date,kind,name,source,known_from\n2026-12-24,removed,Cuti bersama dibatalkan,SKB perubahan (test),2026-11-01\n",
    );
    let before = op.run(&["calendar", "deadline", "--from", "2026-12-23", "--working-days", "1"]);
    assert_eq!(before.last_line(), "2026-12-28");
    op.run(&["calendar", "import", &path]).ok();
    let after = op.run(&["calendar", "deadline", "--from", "2026-12-23", "--working-days", "1"]);
    assert_eq!(after.last_line(), "2026-12-24");
    let known_before =
        op.run(&["calendar", "deadline", "--from", "2026-12-23", "--working-days", "1", "--as-of", "2026-10-31"]);
    assert_eq!(known_before.last_line(), "2026-12-28", "as known before the removal");
}

#[test]
fn status_warns_from_the_first_of_october_when_next_year_is_missing() {
    let op = Operator::new();
    let sept = op.run(&["calendar", "status", "--today", "2026-09-30"]);
    let text = sept.ok();
    assert!(text.contains("Calendar version 1: initial calendar 2024-2026"), "{text}");
    assert!(text.contains("2024: 238 working days"), "{text}");
    assert!(text.contains("2025: 237 working days"), "{text}");
    assert!(text.contains("2026: 240 working days (17 holidays, 8 cuti bersama, 0 Keppres"), "{text}");
    assert!(!text.contains("WARNING"), "{text}");

    let oct = op.run(&["calendar", "status", "--today", "2026-10-01"]);
    assert!(oct.ok().contains("WARNING: the 2027 calendar is not loaded yet"), "{}", oct.stdout);

    let jan = op.run(&["calendar", "status", "--today", "2027-01-04"]);
    assert!(jan.ok().contains("WARNING: the 2027 calendar is not loaded: every deadline"), "{}", jan.stdout);

    op.run(&["calendar", "import", &op.file("2027.csv", Y2027)]).ok();
    let after = op.run(&["calendar", "status", "--today", "2026-10-01"]);
    assert!(!after.ok().contains("WARNING"), "{}", after.stdout);
}
