//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps, 6 digits — what
//! every authenticator app uses by default. One step either side is accepted for clock drift, and a step once
//! used is not accepted again (the caller keeps the last used step).

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Secrets are 160 bits, the size RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding (how authenticator apps take secrets).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for b in bytes {
        buffer = (buffer << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Base32 as people type it: case, spaces and padding ignored. `None` for any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET.iter().position(|a| *a as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The HOTP value for a counter (RFC 4226 §5.3), as `DIGITS` digits.
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let binary = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    binary % 10u32.pow(DIGITS)
}

/// The time step of a moment.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The step whose code `code` is, within one step of `now`, and later than `last_used`; `None` otherwise.
pub fn verify(secret: &[u8], code: &str, unix_seconds: i64, last_used: Option<i64>) -> Option<i64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != DIGITS as usize || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let given: u32 = digits.parse().ok()?;
    let now = step_at(unix_seconds);
    [now - 1, now, now + 1]
        .into_iter()
        .filter(|s| *s >= 0 && last_used.is_none_or(|last| *s > last))
        .find(|s| crate::crypto::ct_eq(&format!("{:06}", hotp(secret, *s as u64)), &format!("{given:06}")))
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        base32_encode(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 (the 8-digit values end in these 6 digits).
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_111_111_111, 50_471),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
        ] {
            assert_eq!(hotp(secret, step_at(time) as u64), code, "T = {time}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_only_once() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let code = format!("{:06}", hotp(secret, step_at(now) as u64));
        assert_eq!(verify(secret, &code, now, None), Some(step_at(now)));
        assert_eq!(verify(secret, &code, now + 30, None), Some(step_at(now)), "the next step still takes it");
        assert_eq!(verify(secret, &code, now + 90, None), None, "too late");
        assert_eq!(verify(secret, &code, now, Some(step_at(now))), None, "used already");
        assert_eq!(verify(secret, "12345", now, None), None);
        assert_eq!(verify(secret, "abcdef", now, None), None);
    }

    #[test]
    fn base32_round_trips_and_forgives_spaces_and_case() {
        let bytes = b"\x00\x01\x02terbuka!\xff";
        let text = base32_encode(bytes);
        assert_eq!(base32_decode(&text).unwrap(), bytes);
        assert_eq!(
            base32_decode(
                &text
                    .to_lowercase()
                    .chars()
                    .collect::<Vec<_>>()
                    .chunks(4)
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
            .unwrap(),
            bytes
        );
        assert_eq!(base32_encode(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(base32_decode("0189"), None);
    }
}
