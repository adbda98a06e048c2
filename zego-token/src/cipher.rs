//! AES-256 in the two modes token04 uses, with the key expanded once.

use std::fmt;
use std::str::FromStr;

use aes::Aes256;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit, block_padding::Pkcs7};
use aes_gcm::{AeadInOut, Aes256Gcm};

use crate::error::Error;
use crate::secret::ServerSecret;

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

/// The secret's key schedules, expanded once and shared by every token an
/// issuer or verifier handles. Both zeroize on drop (RustCrypto's `zeroize`
/// features).
pub(crate) struct Keys {
    aes: Aes256,
    gcm: Aes256Gcm,
}

impl Keys {
    pub(crate) fn new(secret: &ServerSecret) -> Self {
        let aes = Aes256::new(secret.as_bytes().into());
        let gcm = Aes256Gcm::from(aes.clone());
        Keys { aes, gcm }
    }

    /// Encrypts `buf[..pt_len]` in place. `buf` must be exactly
    /// `mode.ciphertext_len(pt_len)` long; the GCM tag lands in its last 16 bytes.
    pub(crate) fn encrypt(&self, mode: Mode, iv: &[u8], buf: &mut [u8], pt_len: usize) {
        debug_assert_eq!(buf.len(), mode.ciphertext_len(pt_len));
        match mode {
            Mode::Cbc => {
                let iv: &[u8; CBC_IV_LEN] = iv.try_into().expect("IV length checked by caller");
                cbc::Encryptor::<&Aes256>::inner_iv_init(&self.aes, iv.into())
                    .encrypt_padded::<Pkcs7>(buf, pt_len)
                    .expect("buffer sized by Mode::ciphertext_len");
            }
            Mode::Gcm => {
                let nonce: &[u8; GCM_NONCE_LEN] =
                    iv.try_into().expect("nonce length checked by caller");
                let (msg, tag_out) = buf.split_at_mut(pt_len);
                let tag = self
                    .gcm
                    .encrypt_inout_detached(nonce.into(), &[], msg.into())
                    .expect("a token04 message is far below GCM's length limit");
                tag_out.copy_from_slice(&tag);
            }
        }
    }

    /// Decrypts `ct` in place and returns the plaintext's length.
    pub(crate) fn decrypt(&self, mode: Mode, iv: &[u8], ct: &mut [u8]) -> Result<usize, Error> {
        match mode {
            Mode::Cbc => {
                let iv: &[u8; CBC_IV_LEN] = iv
                    .try_into()
                    .map_err(|_| Error::Malformed("bad IV length"))?;
                cbc::Decryptor::<&Aes256>::inner_iv_init(&self.aes, iv.into())
                    .decrypt_padded::<Pkcs7>(ct)
                    .map(<[u8]>::len)
                    .map_err(|_| Error::Decrypt)
            }
            Mode::Gcm => {
                let nonce: &[u8; GCM_NONCE_LEN] = iv
                    .try_into()
                    .map_err(|_| Error::Malformed("bad nonce length"))?;
                let pt_len = ct
                    .len()
                    .checked_sub(GCM_TAG_LEN)
                    .ok_or(Error::Malformed("GCM ciphertext shorter than its tag"))?;
                let (msg, tag) = ct.split_at_mut(pt_len);
                let tag: &[u8; GCM_TAG_LEN] = (&*tag).try_into().expect("split at tag length");
                self.gcm
                    .decrypt_inout_detached(nonce.into(), &[], msg.into(), tag.into())
                    .map_err(|_| Error::Authentication)?;
                Ok(pt_len)
            }
        }
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}
