//! Secrets derived from the instance's `secret_key`: encryption of identity data at rest (ChaCha20-Poly1305, an
//! AEAD), the keyed hash ("blind index") that lets officers find a requester by NIK without decrypting every row,
//! signed CSRF tokens for anonymous forms, and unguessable tracking tokens.
//!
//! One master key from configuration; purpose keys are derived from it with HMAC-SHA256 and a label, so a leak of
//! one derived key (say, in a CSRF bug) does not expose the others.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// The prefix of every ciphertext, so that keys or algorithms can be rotated later.
const CIPHERTEXT_VERSION: &str = "v1:";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the secret key must be base64 of at least 32 random bytes (generate one with `terbuka secret generate`)")]
    BadKey,
    #[error("the ciphertext is not valid or was made with another key")]
    Decrypt,
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source is available");
    buf
}

/// A new master key, base64-encoded (32 random bytes).
pub fn generate_key() -> String {
    STANDARD.encode(random_bytes::<32>())
}

fn derive(master: &[u8], label: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

/// The purpose keys of one instance. `Debug` shows nothing secret.
#[derive(Clone)]
pub struct Secrets {
    aead: [u8; 32],
    blind_index: [u8; 32],
    csrf: [u8; 32],
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(…)")
    }
}

impl Secrets {
    /// From the base64 master key of the configuration.
    pub fn from_base64(key: &str) -> Result<Secrets, CryptoError> {
        let master = STANDARD.decode(key.trim()).map_err(|_| CryptoError::BadKey)?;
        if master.len() < 32 {
            return Err(CryptoError::BadKey);
        }
        Ok(Secrets {
            aead: derive(&master, "terbuka/aead/v1"),
            blind_index: derive(&master, "terbuka/blind-index/v1"),
            csrf: derive(&master, "terbuka/csrf/v1"),
        })
    }

    /// A short fingerprint of the key (64 bits of a one-way derivation, hex): the same key gives the same
    /// fingerprint; nothing about the key can be learnt from it.
    pub fn fingerprint(&self) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.aead).expect("HMAC takes any key length");
        mac.update(b"terbuka/fingerprint/v1");
        hex::encode(&mac.finalize().into_bytes()[..8])
    }

    /// Reads the key file, or creates it (mode 0600) with a new key: the development default, so that a fresh
    /// checkout runs without setup. Production requires `secret_key` in the configuration.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Secrets> {
        if let Ok(text) = std::fs::read_to_string(path) {
            return Secrets::from_base64(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::private_files::create_dir_all(dir)?;
        }
        let key = generate_key();
        write_private(path, &key)?;
        tracing::warn!(path = %path.display(), "created a development secret key; set `secret_key` in production");
        Ok(Secrets::from_base64(&key).expect("a generated key is valid"))
    }

    /// Encrypts `plaintext`, bound to `context` (e.g. "requester/<id>/nik") so a ciphertext copied to another row
    /// does not decrypt.
    pub fn encrypt(&self, plaintext: &[u8], context: &str) -> String {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.aead));
        let nonce = random_bytes::<12>();
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad: context.as_bytes() })
            .expect("encryption of an in-memory buffer cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{CIPHERTEXT_VERSION}{}", STANDARD.encode(out))
    }

    pub fn decrypt(&self, ciphertext: &str, context: &str) -> Result<Vec<u8>, CryptoError> {
        let body = ciphertext.strip_prefix(CIPHERTEXT_VERSION).ok_or(CryptoError::Decrypt)?;
        let bytes = STANDARD.decode(body).map_err(|_| CryptoError::Decrypt)?;
        if bytes.len() < 12 + 16 {
            return Err(CryptoError::Decrypt);
        }
        let (nonce, sealed) = bytes.split_at(12);
        ChaCha20Poly1305::new(Key::from_slice(&self.aead))
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: context.as_bytes() })
            .map_err(|_| CryptoError::Decrypt)
    }

    /// The keyed hash of an identifier (e.g. a NIK), for exact-match search without decryption.
    pub fn blind_index(&self, value: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.blind_index).expect("HMAC takes any key length");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A signed double-submit CSRF token: `nonce.signature`. The same value goes in a cookie and in the form;
    /// no server-side session is created, so crawlers leave nothing behind.
    pub fn csrf_token(&self) -> String {
        let nonce = URL_SAFE_NO_PAD.encode(random_bytes::<18>());
        format!("{nonce}.{}", self.csrf_signature(&nonce))
    }

    fn csrf_signature(&self, nonce: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.csrf).expect("HMAC takes any key length");
        mac.update(nonce.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// `value` signed by this instance for one purpose (e.g. a one-click opt-out link): `value.signature`. A
    /// signature for one purpose is worthless for another.
    pub fn sign(&self, purpose: &str, value: &str) -> String {
        format!("{value}.{}", self.purpose_signature(purpose, value))
    }

    /// The value of a [`Secrets::sign`]ed string, if this instance signed it for `purpose`.
    pub fn verify_signed(&self, purpose: &str, signed: &str) -> Option<String> {
        let (value, sig) = signed.rsplit_once('.')?;
        ct_eq(sig, &self.purpose_signature(purpose, value)).then(|| value.to_owned())
    }

    fn purpose_signature(&self, purpose: &str, value: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.csrf).expect("HMAC takes any key length");
        mac.update(b"signed\0");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// The form's token equals the cookie's, and was signed by this instance.
    pub fn csrf_valid(&self, form_token: &str, cookie_token: &str) -> bool {
        if !ct_eq(form_token, cookie_token) {
            return false;
        }
        match form_token.split_once('.') {
            Some((nonce, sig)) => ct_eq(sig, &self.csrf_signature(nonce)),
            None => false,
        }
    }
}

/// Writes a file readable by its owner only.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

/// An unguessable token (256 bits, URL-safe) for private links.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// How a token is stored: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time equality of two strings.
pub fn ct_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets() -> Secrets {
        Secrets::from_base64(&generate_key()).unwrap()
    }

    #[test]
    fn encryption_round_trips_and_is_bound_to_its_context() {
        let s = secrets();
        let c = s.encrypt(b"3273011208850001", "requester/1/nik");
        assert!(c.starts_with("v1:"));
        assert!(!c.contains("3273011208850001"));
        assert_eq!(s.decrypt(&c, "requester/1/nik").unwrap(), b"3273011208850001");
        assert_eq!(s.decrypt(&c, "requester/2/nik"), Err(CryptoError::Decrypt), "moved to another row");
        assert_eq!(secrets().decrypt(&c, "requester/1/nik"), Err(CryptoError::Decrypt), "another key");
        assert_ne!(c, s.encrypt(b"3273011208850001", "requester/1/nik"), "a fresh nonce each time");
    }

    #[test]
    fn blind_indexes_match_only_under_the_same_key() {
        let s = secrets();
        assert_eq!(s.blind_index("3273011208850001"), s.blind_index("3273011208850001"));
        assert_ne!(s.blind_index("3273011208850001"), secrets().blind_index("3273011208850001"));
    }

    #[test]
    fn csrf_tokens_must_match_and_be_signed() {
        let s = secrets();
        let t = s.csrf_token();
        assert!(s.csrf_valid(&t, &t));
        assert!(!s.csrf_valid(&t, &s.csrf_token()));
        let forged = format!("{}.AAAA", t.split_once('.').unwrap().0);
        assert!(!s.csrf_valid(&forged, &forged));
        assert!(!secrets().csrf_valid(&t, &t));
    }

    #[test]
    fn short_or_malformed_keys_are_refused() {
        assert_eq!(Secrets::from_base64("c2hvcnQ=").unwrap_err(), CryptoError::BadKey);
        assert_eq!(Secrets::from_base64("not base64!").unwrap_err(), CryptoError::BadKey);
        assert_eq!(new_token().len(), 43);
    }
}
