//! TOTP (RFC 6238): 30-second steps, 6 digits, HMAC-SHA-1, the parameters every authenticator
//! app understands. Secrets are 20 bytes (about 152 random bits, from two v4 UUIDs; RFC 4226
//! asks for at least 128), shown in base32 (RFC 4648, no padding).
//!
//! Only the arithmetic is here; which step was last accepted (so a code is never accepted
//! twice) is stored with the account and decided in [`crate::account_access`].

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds a code lasts.
pub const STEP_SECS: i64 = 30;
/// Digits in a code.
pub const DIGITS: u32 = 6;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32 without padding.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Base32 read back (case and spaces ignored); None when it is not base32.
pub fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET
            .iter()
            .position(|&a| a as char == c.to_ascii_uppercase())? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}

/// A fresh 20-byte secret (the size RFC 4226 recommends; about 152 of its bits random), in
/// base32.
pub fn new_secret() -> String {
    let a = uuid::Uuid::new_v4();
    let b = uuid::Uuid::new_v4();
    let mut bytes = Vec::with_capacity(20);
    bytes.extend_from_slice(&a.as_bytes()[..]);
    bytes.extend_from_slice(&b.as_bytes()[..4]);
    base32(&bytes)
}

/// The step a moment (milliseconds since the epoch) falls in.
pub fn step_at(millis: i64) -> i64 {
    millis.div_euclid(1000).div_euclid(STEP_SECS)
}

/// The code for a step (RFC 4226 HOTP with the step as counter).
pub fn code(secret: &[u8], step: i64) -> String {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(secret).expect("HMAC takes any key");
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let off = (h[h.len() - 1] & 0x0f) as usize;
    let bin = (u32::from(h[off]) & 0x7f) << 24
        | u32::from(h[off + 1]) << 16
        | u32::from(h[off + 2]) << 8
        | u32::from(h[off + 3]);
    format!(
        "{:0width$}",
        bin % 10u32.pow(DIGITS),
        width = DIGITS as usize
    )
}

/// The step whose code this is, allowing one step of clock drift either way (the latest
/// matching step first); None when it matches none.
pub fn matching_step(secret_b32: &str, code_text: &str, now_millis: i64) -> Option<i64> {
    let code_text: String = code_text.chars().filter(|c| !c.is_whitespace()).collect();
    if code_text.len() != DIGITS as usize || !code_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secret = unbase32(secret_b32)?;
    let now = step_at(now_millis);
    [now + 1, now, now - 1]
        .into_iter()
        .find(|&s| constant_eq(code(&secret, s).as_bytes(), code_text.as_bytes()))
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `otpauth://` URI an authenticator app reads (usually as a QR code).
pub fn uri(secret_b32: &str, email: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/Gradus:{}?secret={secret_b32}&issuer=Gradus&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        enc(email)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8-digit codes; ours are their last 6 digits).
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (secs, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code(secret, step_at(secs * 1000)), eight[2..], "{secs}");
        }
    }

    #[test]
    fn base32_round_trips_and_codes_match_within_one_step() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(unbase32("mzxw 6ytb oi").unwrap(), b"foobar");
        let s = new_secret();
        assert_eq!(s.len(), 32);
        let now = 1_700_000_000_000;
        let c = code(&unbase32(&s).unwrap(), step_at(now));
        assert_eq!(matching_step(&s, &c, now), Some(step_at(now)));
        assert_eq!(matching_step(&s, &c, now + 30_000), Some(step_at(now)));
        assert_eq!(matching_step(&s, &c, now + 90_000), None);
        assert_eq!(matching_step(&s, "12345", now), None);
        assert!(uri(&s, "a+b@x.org").contains("Gradus:a%2Bb%40x.org?secret="));
    }
}
