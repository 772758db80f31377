//! Rebuild when a migration is added or changed: they are embedded in the binary (`embed_migrations!`).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
