//! AES-256 in the two modes token04 uses, with the key expanded once.

use std::fmt;

use aes::Aes256;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit, block_padding::Pkcs7};
use aes_gcm::{AeadInOut, Aes256Gcm};

use crate::error::Error;
use crate::mode::{CBC_IV_LEN, GCM_NONCE_LEN, GCM_TAG_LEN, Mode};
use crate::secret::ServerSecret;

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
