//! Fresh IVs, nonces and claim nonces from the thread-local, OS-seeded CSPRNG.
//!
//! `rand::rng()` is ChaCha12 seeded from the operating system and reseeded
//! periodically; it lives per thread, so concurrent issuers share no lock.

use rand::RngExt;

use crate::cipher::{CBC_IV_LEN, GCM_NONCE_LEN};

/// The characters of a CBC IV: the alphabet ZEGO's Go, Node.js, Python, C++
/// and .NET generators draw from, so servers that read the IV as text cope.
pub(crate) const IV_ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// 16 characters drawn uniformly from [`IV_ALPHABET`] (~82.7 bits).
pub(crate) fn cbc_iv() -> [u8; CBC_IV_LEN] {
    let mut rng = rand::rng();
    std::array::from_fn(|_| IV_ALPHABET[rng.random_range(0..IV_ALPHABET.len())])
}

/// 12 uniformly random bytes.
pub(crate) fn gcm_nonce() -> [u8; GCM_NONCE_LEN] {
    rand::rng().random()
}

/// Uniform in `0..=i32::MAX`, the range the official generators produce.
pub(crate) fn claims_nonce() -> i32 {
    rand::rng().random_range(0..=i32::MAX)
}
