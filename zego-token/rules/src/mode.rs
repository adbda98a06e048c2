//! The two cipher modes of token04 and the sizes each one fixes. Defined
//! here, once, so the derive (which cannot depend on the runtime) and the
//! runtime (which re-exports it as `zego_token::Mode`) name the same type.

use std::fmt;
use std::str::FromStr;

/// The cipher mode of a token04.
///
/// `Cbc` is the documented format every official generator emits; `Gcm` is
/// the authenticated variant (12-byte nonce, 16-byte tag, trailing mode byte).
/// Its words, in JSON output, in config files and for [`FromStr`], are
/// `cbc` and `gcm`.
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

/// AES block size in bytes.
pub const BLOCK: usize = 16;
/// Length of a CBC IV in bytes.
pub const CBC_IV_LEN: usize = 16;
/// Length of a GCM nonce in bytes.
pub const GCM_NONCE_LEN: usize = 12;
/// Length of a GCM tag in bytes.
pub const GCM_TAG_LEN: usize = 16;

impl Mode {
    /// Every mode, in the order messages list them.
    pub const ALL: [Mode; 2] = [Mode::Cbc, Mode::Gcm];

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
    pub const fn ciphertext_len(self, pt_len: usize) -> usize {
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

    /// The one grammar of a mode word, used by config files, the derive and
    /// the command line alike: exactly `cbc` or `gcm`.
    fn from_str(s: &str) -> Result<Self, UnknownMode> {
        Mode::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or(UnknownMode)
    }
}

/// The error of parsing a [`Mode`] from anything but `cbc` or `gcm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownMode;

impl fmt::Display for UnknownMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown token mode: expected \"cbc\" or \"gcm\"")
    }
}

impl std::error::Error for UnknownMode {}
