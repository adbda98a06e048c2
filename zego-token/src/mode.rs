//! The two cipher modes of token04 and the sizes each one fixes. A leaf:
//! the error type, the wire format and the ciphers all name a mode.

use std::fmt;
use std::str::FromStr;

/// The cipher mode of a token04.
///
/// `Cbc` is the documented format every official generator emits; `Gcm` is
/// the authenticated variant (12-byte nonce, 16-byte tag, trailing mode byte).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// AES-256-CBC with PKCS#7 padding and a 16-byte IV.
    #[default]
    Cbc,
    /// AES-256-GCM with a 12-byte nonce and a 16-byte tag.
    Gcm,
}

impl Mode {
    /// Length of the IV (CBC) or nonce (GCM) in bytes.
    pub const fn iv_len(self) -> usize {
        match self {
            Mode::Cbc => CBC_IV_LEN,
            Mode::Gcm => GCM_NONCE_LEN,
        }
    }

    /// The lowercase name used in JSON output and configuration: `cbc` or `gcm`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mode::Cbc => "cbc",
            Mode::Gcm => "gcm",
        }
    }

    /// Ciphertext length (including the GCM tag) for a plaintext of `pt_len` bytes.
    pub(crate) const fn ciphertext_len(self, pt_len: usize) -> usize {
        match self {
            // PKCS#7 always adds 1..=16 bytes.
            Mode::Cbc => (pt_len / BLOCK + 1) * BLOCK,
            Mode::Gcm => pt_len + GCM_TAG_LEN,
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = UnknownMode;

    fn from_str(s: &str) -> Result<Self, UnknownMode> {
        match s {
            "cbc" | "CBC" => Ok(Mode::Cbc),
            "gcm" | "GCM" => Ok(Mode::Gcm),
            _ => Err(UnknownMode),
        }
    }
}

/// The error of parsing a [`Mode`] from anything but `cbc` or `gcm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown token mode: expected \"cbc\" or \"gcm\"")]
pub struct UnknownMode;

pub(crate) const BLOCK: usize = 16;
pub(crate) const CBC_IV_LEN: usize = 16;
pub(crate) const GCM_NONCE_LEN: usize = 12;
pub(crate) const GCM_TAG_LEN: usize = 16;
