//! The `terbuka` command. Everything lives in the library; see `terbuka --help`.

fn main() -> std::process::ExitCode {
    terbuka::cli::main()
}
