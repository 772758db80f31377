//! The README's first command on a fresh checkout: `terbuka serve` creates its database, says where to go and,
//! once, how the first administrator gets in.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `terbuka serve` in `dir`; returns the process, its address and everything it printed up to "Ctrl+C".
fn start(dir: &std::path::Path) -> (Child, String, Vec<String>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terbuka"));
    cmd.current_dir(dir).args(["serve", "--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::null());
    for (k, _) in std::env::vars() {
        if k.starts_with("TERBUKA_") || k == "DATABASE_URL" {
            cmd.env_remove(k);
        }
    }
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let mut address = String::new();
    loop {
        let line = lines.next().expect("serve printed its banner").unwrap();
        if let Some(rest) = line.trim().strip_prefix("Open ").filter(|r| r.starts_with("http")) {
            address = rest.split('/').take(3).collect::<Vec<_>>().join("/");
        }
        let done = line.contains("Ctrl+C");
        printed.push(line);
        if done {
            break;
        }
    }
    (child, address, printed)
}

#[tokio::test]
async fn serve_creates_the_database_prints_the_address_and_says_how_the_first_admin_gets_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, address, printed) = start(dir.path());
    // Its output is a pipe here, as under a service manager: the one-time link (a password) is not printed, and the
    // output says how to get one; the command it names gives a link that opens the set-password page.
    assert!(!printed.iter().any(|l| l.contains("/masuk/sandi/")), "{printed:?}");
    assert!(printed.iter().any(|l| l.contains("terbuka admin user reset-password admin")), "{printed:?}");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terbuka"));
    cmd.current_dir(dir.path()).args(["admin", "user", "reset-password", "admin"]);
    for (k, _) in std::env::vars() {
        if k.starts_with("TERBUKA_") || k == "DATABASE_URL" {
            cmd.env_remove(k);
        }
    }
    let output = cmd.output().unwrap();
    let reset = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    // (The command names the configured address; this server listens on a port of its own.)
    let link = reset
        .lines()
        .find_map(|l| l.split("/masuk/sandi/").nth(1).map(|token| format!("{address}/masuk/sandi/{}", token.trim())));
    let health = reqwest::get(format!("{address}/healthz")).await;
    let link_page = match &link {
        Some(l) => Some(reqwest::get(l).await),
        None => None,
    };
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(health.unwrap().status(), 200);
    assert!(address.starts_with("http://127.0.0.1:"), "{address}");
    assert!(dir.path().join("data/terbuka.sqlite").is_file(), "the default database is ./data/terbuka.sqlite");
    assert!(printed.iter().any(|l| l.contains("Terbuka") && l.contains("is running")), "{printed:?}");
    assert!(printed.iter().any(|l| l.contains("administrator account `admin` was created")), "{printed:?}");
    let page = link_page.unwrap_or_else(|| panic!("reset-password prints a link: {reset}")).unwrap();
    assert_eq!(page.status(), 200, "the link opens the set-password page");

    // The link is printed once: a second start only says where to sign in.
    let (mut again, _, printed) = start(dir.path());
    let _ = again.kill();
    let _ = again.wait();
    assert!(!printed.iter().any(|l| l.contains("/masuk/sandi/")), "{printed:?}");
    assert!(printed.iter().any(|l| l.contains("/masuk (new link for an account")), "{printed:?}");
}
