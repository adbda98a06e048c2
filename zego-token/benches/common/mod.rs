//! What the benches share: one issuer per mode, sample tokens, and the
//! *floors* — the bare crypto and base64 work a token cannot avoid, done with
//! the same crates and an already-expanded key, so "ratio to the floor"
//! measures only what this crate adds (clock, randomness, JSON, framing).

#![allow(dead_code)] // each bench binary uses a different subset

use std::hint::black_box;

use aes::Aes256;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit, block_padding::Pkcs7};
use aes_gcm::{AeadInOut, Aes256Gcm};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zego_token::dangerous::FixedInputs;
use zego_token::{Issuer, Mode, Privilege, ServerSecret, Verifier};

pub const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
pub const APP_ID: u32 = 1_234_567_890;
pub const USER_ID: &str = "user_1234";

/// Envelope bytes before the ciphertext: expire, IV length, IV, ct length.
const fn header_len(iv_len: usize) -> usize {
    8 + 2 + iv_len + 2
}

/// One issuer and sample tokens per mode, plus everything the floors need.
pub struct Fixture {
    pub cbc: Issuer,
    pub gcm: Issuer,
    pub verifier: Verifier,
    pub privilege: Privilege,
    pub token_cbc: String,
    pub token_gcm: String,
    pub floor_cbc: Floor,
    pub floor_gcm: Floor,
    /// The floor of a CBC token carrying `privilege`: the same AES and
    /// base64 work on a plaintext of that token's length.
    pub floor_privilege_cbc: Floor,
}

impl Fixture {
    pub fn new() -> Self {
        let secret = ServerSecret::new(SECRET).unwrap();
        let cbc = Issuer::new(APP_ID, secret.clone()).unwrap();
        let gcm = cbc.clone().with_mode(Mode::Gcm);
        // The sample tokens (decoded by the decode benches, and the floors'
        // plaintexts) are fixed, so that every run, and both runs of
        // `instructions.sh`, time the same bytes: a ctime of today's length
        // and a 10-digit nonce, as most minted tokens have.
        let fixed = |mode: Mode| FixedInputs {
            ctime: 1_700_000_000,
            nonce: 1_234_567_890,
            iv: &b"0123456789abcdef"[..mode.iv_len()],
        };
        let token_cbc = cbc.token(USER_ID).issue_fixed(fixed(Mode::Cbc));
        let token_gcm = gcm.token(USER_ID).issue_fixed(fixed(Mode::Gcm));
        let privilege = Privilege::new("room_42")
            .with_publish(true)
            .with_streams(["stream_42"]);
        let token_privilege_cbc = cbc
            .token(USER_ID)
            .with_privilege(&privilege)
            .issue_fixed(fixed(Mode::Cbc));
        let [token_cbc, token_gcm, token_privilege_cbc] =
            [token_cbc, token_gcm, token_privilege_cbc].map(|t| t.unwrap().into_string());
        Fixture {
            verifier: cbc.verifier(),
            privilege,
            floor_cbc: Floor::from_token(&token_cbc),
            floor_gcm: Floor::from_token(&token_gcm),
            floor_privilege_cbc: Floor::from_token(&token_privilege_cbc),
            cbc,
            gcm,
            token_cbc,
            token_gcm,
        }
    }
}

impl Fixture {
    /// One privilege CBC token, as the benches time it.
    pub fn issue_privilege_cbc(&self) -> zego_token::Token {
        self.cbc
            .token(black_box(USER_ID))
            .with_privilege(black_box(&self.privilege))
            .issue()
            .unwrap()
    }
}

/// The floor for one token shape: its exact plaintext, IV and envelope size,
/// recovered by decrypting a real token with the cipher crates directly.
pub struct Floor {
    mode: Mode,
    aes: Aes256,
    gcm: Aes256Gcm,
    iv: Vec<u8>,
    /// The token's clear header (expire, lengths, IV) and GCM mode byte.
    head: Vec<u8>,
    trailer: Option<u8>,
    plaintext: Vec<u8>,
    envelope_len: usize,
    token: String,
}

impl Floor {
    fn from_token(token: &str) -> Self {
        let key: &[u8; 32] = SECRET.as_bytes().try_into().unwrap();
        let aes = Aes256::new(key.into());
        let gcm = Aes256Gcm::from(aes.clone());
        let envelope = STANDARD.decode(&token[2..]).unwrap();
        let env = zego_token::inspect(token).unwrap();
        let header = header_len(env.iv.len());
        let mut ct = envelope[header..header + env.ciphertext_len].to_vec();
        let plaintext = match env.mode {
            Mode::Cbc => {
                cbc::Decryptor::<&Aes256>::inner_iv_init(&aes, env.iv[..].try_into().unwrap())
                    .decrypt_padded::<Pkcs7>(&mut ct)
                    .unwrap()
                    .to_vec()
            }
            Mode::Gcm => {
                let (msg, tag) = ct.split_at_mut(env.ciphertext_len - 16);
                let tag: &[u8; 16] = (&*tag).try_into().unwrap();
                gcm.decrypt_inout_detached(
                    env.iv[..].try_into().unwrap(),
                    &[],
                    msg.into(),
                    tag.into(),
                )
                .unwrap();
                msg.to_vec()
            }
        };
        assert!(
            plaintext.starts_with(b"{\"app_id\":"),
            "the floor encrypts real claims"
        );
        Floor {
            mode: env.mode,
            aes,
            gcm,
            iv: env.iv,
            head: envelope[..header].to_vec(),
            trailer: (env.mode == Mode::Gcm).then(|| envelope[envelope.len() - 1]),
            plaintext,
            envelope_len: envelope.len(),
            token: token.to_owned(),
        }
    }

    /// Length of the plaintext the floor encrypts.
    pub fn plaintext_len(&self) -> usize {
        self.plaintext.len()
    }

    /// Issue floor: copy the token's header and plaintext into a stack
    /// buffer, encrypt in place with the expanded key, then base64 the
    /// envelope
    /// into one exact-capacity `String` behind `"04"` (the one allocation a
    /// token needs).
    pub fn issue(&self) -> String {
        let mut buf = [0u8; 512];
        let header = header_len(self.iv.len());
        let pt_len = self.plaintext.len();
        buf[..header].copy_from_slice(&self.head);
        buf[header..header + pt_len].copy_from_slice(&self.plaintext);
        match self.mode {
            Mode::Cbc => {
                cbc::Encryptor::<&Aes256>::inner_iv_init(
                    &self.aes,
                    self.iv[..].try_into().unwrap(),
                )
                .encrypt_padded::<Pkcs7>(&mut buf[header..self.envelope_len], pt_len)
                .unwrap();
            }
            Mode::Gcm => {
                let msg = &mut buf[header..header + pt_len];
                let tag = self
                    .gcm
                    .encrypt_inout_detached(self.iv[..].try_into().unwrap(), &[], msg.into())
                    .unwrap();
                buf[header + pt_len..header + pt_len + 16].copy_from_slice(&tag);
            }
        }
        if let Some(byte) = self.trailer {
            buf[self.envelope_len - 1] = byte;
        }
        let envelope = &buf[..self.envelope_len];
        let mut out = String::with_capacity(2 + base64::encoded_len(envelope.len(), true).unwrap());
        out.push_str("04");
        STANDARD.encode_string(envelope, &mut out);
        out
    }

    /// Decode floor: base64-decode the token into a stack buffer and decrypt
    /// its ciphertext in place. Returns the plaintext length.
    pub fn decode(&self) -> usize {
        let mut buf = [0u8; 512];
        let len = STANDARD.decode_slice(&self.token[2..], &mut buf).unwrap();
        let header = header_len(self.iv.len());
        let (head, rest) = buf[..len].split_at_mut(header);
        let iv = &head[10..10 + self.iv.len()];
        match self.mode {
            Mode::Cbc => {
                cbc::Decryptor::<&Aes256>::inner_iv_init(&self.aes, iv.try_into().unwrap())
                    .decrypt_padded::<Pkcs7>(rest)
                    .unwrap()
                    .len()
            }
            Mode::Gcm => {
                let ct_len = rest.len() - 1; // drop the GCM mode byte
                let (msg, tag) = rest[..ct_len].split_at_mut(ct_len - 16);
                let tag: &[u8; 16] = (&*tag).try_into().unwrap();
                self.gcm
                    .decrypt_inout_detached(iv.try_into().unwrap(), &[], msg.into(), tag.into())
                    .unwrap();
                msg.len()
            }
        }
    }
}

/// The issue floor must produce exactly the token it was taken from (same
/// IV, same plaintext): proof that it does the same AES and base64 work.
pub fn check_floors(fixture: &Fixture) {
    for floor in [
        &fixture.floor_cbc,
        &fixture.floor_gcm,
        &fixture.floor_privilege_cbc,
    ] {
        assert_eq!(floor.issue(), floor.token, "{:?} issue floor", floor.mode);
        assert_eq!(
            floor.decode(),
            floor.plaintext.len(),
            "{:?} decode floor",
            floor.mode
        );
    }
}
