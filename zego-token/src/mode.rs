//! The two cipher modes of token04 and the sizes each one fixes. A leaf:
//! the error type, the wire format and the ciphers all name a mode.
//!
//! The type is defined once, in `zego-token-rules`, so the derive (which
//! cannot depend on this crate) and config files name the very same `Mode`.

pub use zego_token_rules::Mode;

pub(crate) use zego_token_rules::{BLOCK, CBC_IV_LEN, GCM_NONCE_LEN, GCM_TAG_LEN};
