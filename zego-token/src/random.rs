//! Fresh IVs, nonces and claim nonces from the thread-local, OS-seeded CSPRNG.
//!
//! `rand::rng()` is ChaCha12 seeded from the operating system and reseeded
//! periodically; it lives per thread, so concurrent issuers share no lock.
//! Each token takes the thread's generator once and draws everything it
//! needs from it in bulk: a CBC token costs one 36-byte draw, not seventeen
//! separate range samples.

use rand::Rng;

use crate::cipher::{CBC_IV_LEN, GCM_NONCE_LEN};

/// The characters of a CBC IV: the alphabet ZEGO's Go, Node.js, Python, C++
/// and .NET generators draw from, so servers that read the IV as text cope.
pub(crate) const IV_ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Random bytes below this map onto the alphabet with equal weight
/// (`252 = 7 × 36`); bytes at or above it are rejected, so every character
/// is exactly equally likely.
const ACCEPT_BELOW: u8 = (256 / IV_ALPHABET.len() * IV_ALPHABET.len()) as u8;

/// A claims nonce and a CBC IV of 16 characters drawn uniformly from
/// [`IV_ALPHABET`] (~82.7 bits).
pub(crate) fn cbc() -> (i32, [u8; CBC_IV_LEN]) {
    let mut rng = rand::rng();
    let mut iv = [0u8; CBC_IV_LEN];
    let mut filled = 0;
    // 4 bytes for the nonce, then 2 candidates per IV character: one refill
    // is needed about once in 10^11 tokens.
    let mut pool = [0u8; 4 + 2 * CBC_IV_LEN];
    rng.fill_bytes(&mut pool);
    let nonce = claims_nonce(pool[..4].try_into().expect("4 bytes"));
    let mut candidates = &pool[4..];
    loop {
        for &byte in candidates {
            if byte < ACCEPT_BELOW {
                iv[filled] = IV_ALPHABET[usize::from(byte % 36)];
                filled += 1;
                if filled == CBC_IV_LEN {
                    return (nonce, iv);
                }
            }
        }
        rng.fill_bytes(&mut pool);
        candidates = &pool;
    }
}

/// A claims nonce and 12 uniformly random bytes.
pub(crate) fn gcm() -> (i32, [u8; GCM_NONCE_LEN]) {
    let mut pool = [0u8; 4 + GCM_NONCE_LEN];
    rand::rng().fill_bytes(&mut pool);
    let nonce = claims_nonce(pool[..4].try_into().expect("4 bytes"));
    (nonce, pool[4..].try_into().expect("12 bytes"))
}

/// Uniform in `0..=i32::MAX`, the range the official generators produce:
/// 31 random bits, so never negative.
fn claims_nonce(bytes: [u8; 4]) -> i32 {
    (u32::from_le_bytes(bytes) >> 1) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_bound_is_the_largest_multiple_of_36() {
        assert_eq!(ACCEPT_BELOW, 252);
        assert_eq!(usize::from(ACCEPT_BELOW) % IV_ALPHABET.len(), 0);
        assert!(256 - usize::from(ACCEPT_BELOW) < IV_ALPHABET.len());
    }

    #[test]
    fn nonce_takes_31_bits() {
        assert_eq!(claims_nonce([0xff; 4]), i32::MAX);
        assert_eq!(claims_nonce([0x01, 0, 0, 0]), 0);
        assert_eq!(claims_nonce([0, 0, 0, 0x80]), 1 << 30);
    }

    #[test]
    fn ivs_use_only_the_alphabet() {
        for _ in 0..1000 {
            let (nonce, iv) = cbc();
            assert!(nonce >= 0);
            assert!(iv.iter().all(|c| IV_ALPHABET.contains(c)));
        }
    }
}
