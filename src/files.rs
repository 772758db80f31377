//! The upload store: each document encrypted (AEAD, bound to its storage key) in one file under `upload_dir`.
//! With several instances the folder is shared storage. Files are written before the database transaction and
//! removed again if it fails, so the database never points at a missing file.

use std::path::{Path, PathBuf};

use crate::crypto::Secrets;

#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>) -> FileStore {
        FileStore { dir: dir.into() }
    }

    fn path(&self, key: &str) -> PathBuf {
        // Keys are UUIDs we make; the check keeps any other string out of the path.
        assert!(key.chars().all(|c| c.is_ascii_hexdigit() || c == '-'), "storage keys are UUIDs");
        self.dir.join(&key[..2]).join(key)
    }

    /// Encrypts and stores `bytes`; returns the new storage key.
    pub fn put(&self, secrets: &Secrets, bytes: &[u8]) -> std::io::Result<String> {
        let key = uuid::Uuid::now_v7().to_string();
        let path = self.path(&key);
        crate::private_files::create_dir_all(path.parent().expect("a file has a folder"))?;
        let sealed = secrets.encrypt(bytes, &format!("upload/{key}"));
        let tmp = path.with_extension("part");
        crate::private_files::write(&tmp, sealed.as_bytes())?;
        std::fs::rename(&tmp, &path)?;
        Ok(key)
    }

    pub fn get(&self, secrets: &Secrets, key: &str) -> std::io::Result<Vec<u8>> {
        let sealed = std::fs::read_to_string(self.path(key))?;
        secrets
            .decrypt(&sealed, &format!("upload/{key}"))
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))
    }

    /// Removes a stored file (after a failed transaction); a missing file is fine.
    pub fn remove(&self, key: &str) {
        let _ = std::fs::remove_file(self.path(key));
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
