//! What the benches share: the refusal to run on real data, the bench body, the process's memory.

use crate::cli::CliError;
use crate::service::bodies;

/// Benchmarks run only on an empty database: never on real data.
pub(super) fn refuse_real_data(
    conn: &mut crate::db::DbConn,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), CliError> {
    if !bodies::list_bodies(conn, now.date_naive())?.is_empty() {
        return Err(CliError::Input(
            "this database holds public bodies; benchmarks run only on an empty database (use a new --database-url)"
                .into(),
        ));
    }
    Ok(())
}

/// The benches' KI and body (slug `bench`), on an empty database.
pub(super) fn bench_body(conn: &mut crate::db::DbConn, now: chrono::DateTime<chrono::Utc>) -> Result<(), CliError> {
    bodies::create_jurisdiction(
        conn,
        &bodies::JurisdictionInput {
            code: "bench".into(),
            name: "Komisi Informasi Bench".into(),
            level: "provinsi".into(),
            parent: None,
            contact: Default::default(),
        },
        now,
    )?;
    bodies::create_body(
        conn,
        &bodies::BodyInput {
            slug: "bench".into(),
            name: "Badan Publik Bench".into(),
            level: "lainnya".into(),
            time_zone: "Asia/Jakarta".into(),
            ki: "bench".into(),
            ppid_email: "ppid@bench.invalid".into(),
            ppid_phone: "021 0000000".into(),
            ppid_address: "Jl. Bench 1".into(),
            ..Default::default()
        },
        now,
    )?;
    Ok(())
}

/// The process's resident set size, in KiB (Linux).
pub(super) fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
