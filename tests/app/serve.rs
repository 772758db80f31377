//! The README's first command on a fresh checkout: `terbuka serve` creates its database and says where to go.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn serve_creates_the_database_and_prints_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terbuka"));
    cmd.current_dir(dir.path()).args(["serve", "--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::null());
    for (k, _) in std::env::vars() {
        if k.starts_with("TERBUKA_") || k == "DATABASE_URL" {
            cmd.env_remove(k);
        }
    }
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let address = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        printed.push(line.clone());
        if let Some(rest) = line.trim().strip_prefix("Open ") {
            break rest.split('/').take(3).collect::<Vec<_>>().join("/");
        }
    };
    let res = reqwest::get(format!("{address}/healthz")).await;
    let _ = child.kill();
    let _ = child.wait();
    let res = res.unwrap();
    assert_eq!(res.status(), 200);
    assert!(address.starts_with("http://127.0.0.1:"), "{address}");
    assert!(dir.path().join("data/terbuka.sqlite").is_file(), "the default database is ./data/terbuka.sqlite");
    assert!(printed.iter().any(|l| l.contains("Terbuka") && l.contains("is running")), "{printed:?}");
}
