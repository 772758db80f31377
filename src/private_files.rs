//! Files and folders only the instance's own user can read: the SQLite database and its `-wal`/`-shm`, uploads,
//! mail written to files, the development key. Created with mode 0600 (files) and 0700 (folders) whatever the
//! process's umask; an existing database found readable by others is narrowed when it is opened.

use std::io::Write;
use std::path::Path;

/// Creates `dir` and any missing parents, each new one with mode 0700.
pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Writes `bytes` to `path` (replacing what was there), readable and writable by the owner only.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // A file that existed before keeps its mode through `open`: narrow it too.
    narrow(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates `path` empty with mode 0600 unless it exists (what SQLite then takes as a new database; it gives its
/// `-wal` and `-shm` files the database file's mode).
pub fn create_empty(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Takes group and other access away from an existing file; whether it had any. A missing file is fine.
pub fn narrow(path: &Path) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(path) else { return Ok(false) };
        let mode = meta.permissions().mode();
        if mode & 0o077 == 0 {
            return Ok(false);
        }
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077))?;
        Ok(true)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(false)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_are_the_owners_alone_whatever_was_there() {
        let root = std::env::temp_dir().join(format!("terbuka-private-{}", uuid::Uuid::now_v7()));
        let dir = root.join("a").join("b");
        create_dir_all(&dir).unwrap();
        assert_eq!((mode(&root.join("a")), mode(&dir)), (0o700, 0o700));
        let file = dir.join("f");
        write(&file, b"x").unwrap();
        assert_eq!(mode(&file), 0o600);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        write(&file, b"y").unwrap();
        assert_eq!(mode(&file), 0o600, "an existing file is narrowed");
        let db = dir.join("db");
        create_empty(&db).unwrap();
        assert_eq!(mode(&db), 0o600);
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o664)).unwrap();
        assert!(narrow(&db).unwrap());
        assert!(!narrow(&db).unwrap());
        assert_eq!(mode(&db), 0o600);
        std::fs::remove_dir_all(root).unwrap();
    }
}
