//! The `terbuka` command. Everything lives in the library; see `terbuka --help`.

fn main() -> std::process::ExitCode {
    fewer_malloc_arenas();
    terbuka::cli::main()
}

/// glibc gives each thread that allocates under contention an arena of its own (up to 8 per core), and each keeps
/// what was freed in it: under a soak's load, about 15 MiB of resident memory more than with two arenas, for no
/// measurable speed (docs/performance.md, "Memory on SQLite"). `MALLOC_ARENA_MAX` in the environment still wins.
fn fewer_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a parameter of the allocator; it is called before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}
