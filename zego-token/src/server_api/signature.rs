//! Signing a server API request: the five common parameters, made from the
//! app ID and the ServerSecret.
//!
//! ZEGO's rule ("Signing the requests", in every product's "Accessing
//! Server APIs" page, e.g.
//! <https://www.zegocloud.com/docs/cloud-recording-server/accessing-server-apis>
//! and <https://zegocloud.com/docs/zim-server/accessing-server-apis>):
//!
//! ```text
//! Signature = lowercase hex( MD5( AppId + SignatureNonce + ServerSecret + Timestamp ) )
//! ```
//!
//! with `AppId` and `Timestamp` (unix seconds) in decimal, `SignatureNonce`
//! a random string (ZEGO's samples in Go, Python, Java, PHP and Node.js all
//! draw 8 random bytes and write them as 16 hex digits), and
//! `SignatureVersion=2.0`. ZEGO accepts a `Timestamp` up to 10 minutes away
//! from its own clock ([`MAX_CLOCK_SKEW`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use md5::{Digest, Md5};
use rand::Rng;
use rand::rand_core::UnwrapErr;
use rand::rngs::SysRng;
use serde::Serialize;

use crate::clock::unix_now;
use crate::error::Error;
use crate::secret::ServerSecret;

/// The `SignatureVersion` every request carries: the only version ZEGO
/// documents.
pub const SIGNATURE_VERSION: &str = "2.0";

/// How far a request's `Timestamp` may be from ZEGO's clock: ten minutes,
/// as ZEGO's "Common request parameters" table states. A request signed
/// longer ago is refused with code 100000004 ("signature expired"), so sign
/// each request just before sending it.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(600);

/// Random bytes in a `SignatureNonce`, written as twice as many hex digits.
const NONCE_BYTES: usize = 8;

/// Signs requests to ZEGO's server APIs for one app, with the same
/// [`ServerSecret`] that mints its tokens.
///
/// Every [`sign`](ApiSigner::sign) draws a fresh nonce from the operating
/// system's generator and reads the clock, so each request gets its own
/// [`CommonParams`]. Cloning is an `Arc` bump and the signer is
/// `Send + Sync`: build one at start-up and share it. The secret is kept
/// (one copy, wiped when the last clone is dropped); `Debug` shows only the
/// app ID.
///
/// ```
/// use zego_token::ServerSecret;
/// use zego_token::server_api::{ApiSigner, Region, Service};
///
/// let signer = ApiSigner::new(1234567890, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
///
/// // The five common parameters, as a query string for any HTTP client...
/// let params = signer.sign();
/// let url = format!("{}?Action=DescribeUserNum&RoomId[]=room1&{}",
///     Service::Rtc.base_url(Region::Unified), params.to_query_string());
/// assert!(url.starts_with("https://rtc-api.zego.im/?Action=DescribeUserNum&RoomId[]=room1&AppId=1234567890&SignatureNonce="));
///
/// // ...or a whole URL, every value escaped.
/// let url = signer.sign().to_url("https://rtc-api-fra.zego.im/", "DescribeUserNum", [("RoomId[]", "room1")]);
/// assert!(url.starts_with("https://rtc-api-fra.zego.im/?Action=DescribeUserNum&AppId=1234567890&"));
/// assert!(url.ends_with("&SignatureVersion=2.0&RoomId%5B%5D=room1"));
/// # Ok::<(), zego_token::Error>(())
/// ```
#[derive(Clone)]
pub struct ApiSigner {
    app_id: u32,
    secret: Arc<ServerSecret>,
}

impl ApiSigner {
    /// A signer for `app_id`, keeping `secret` to sign with.
    ///
    /// # Errors
    ///
    /// [`Error::AppId`] (code 1) when `app_id` is 0.
    pub fn new(app_id: u32, secret: ServerSecret) -> Result<Self, Error> {
        if app_id == 0 {
            return Err(Error::AppId);
        }
        Ok(ApiSigner {
            app_id,
            secret: Arc::new(secret),
        })
    }

    /// The app ID requests are signed for.
    pub fn app_id(&self) -> u32 {
        self.app_id
    }

    /// The common parameters for one request: a fresh random nonce and the
    /// current time. Sign each request just before sending it; ZEGO refuses
    /// a signature more than [`MAX_CLOCK_SKEW`] old.
    ///
    /// # Panics
    ///
    /// If the operating system's random generator fails, as `rand::rng()`
    /// does: there is no safe nonce to fall back on.
    pub fn sign(&self) -> CommonParams {
        self.sign_with(fresh_nonce(), unix_now())
    }

    /// The common parameters with a caller-chosen nonce and timestamp
    /// (unix seconds), to reproduce known answers. **For tests only**
    /// (feature `fixed-inputs`): a real request needs a fresh nonce and the
    /// current time, which [`sign`](ApiSigner::sign) provides.
    ///
    /// ```
    /// use zego_token::ServerSecret;
    /// use zego_token::server_api::ApiSigner;
    ///
    /// let signer = ApiSigner::new(1234567890, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// let params = signer.sign_fixed("0123456789abcdef", 1_700_000_000);
    /// // MD5("1234567890" + "0123456789abcdef" + secret + "1700000000")
    /// assert_eq!(params.signature(), "cc040de47db6a2bea5d1e53cb5c497ef");
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    #[cfg(feature = "fixed-inputs")]
    #[cfg_attr(docsrs, doc(cfg(feature = "fixed-inputs")))]
    pub fn sign_fixed(&self, nonce: &str, timestamp: i64) -> CommonParams {
        self.sign_with(nonce.to_owned(), timestamp)
    }

    fn sign_with(&self, nonce: String, timestamp: i64) -> CommonParams {
        // Fed piece by piece: no buffer ever holds the secret next to the
        // public parts, and md-5's `zeroize` feature wipes the hasher's
        // block buffer (which held the secret's bytes) when it is dropped.
        let mut md5 = Md5::new();
        md5.update(itoa::Buffer::new().format(self.app_id).as_bytes());
        md5.update(nonce.as_bytes());
        md5.update(self.secret.as_bytes());
        md5.update(itoa::Buffer::new().format(timestamp).as_bytes());
        CommonParams {
            app_id: self.app_id,
            nonce,
            timestamp,
            signature: hex::encode(md5.finalize()),
        }
    }
}

impl fmt::Debug for ApiSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiSigner")
            .field("app_id", &self.app_id)
            .field("secret", &format_args!("<redacted>"))
            .finish()
    }
}

/// 8 bytes from the operating system's generator, as 16 lowercase hex
/// digits. The OS generator keeps no state in this process, so a forked
/// child cannot repeat its parent's nonces; one system call per request is
/// nothing next to the HTTPS round trip it signs.
fn fresh_nonce() -> String {
    let mut bytes = [0u8; NONCE_BYTES];
    UnwrapErr(SysRng).fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The five common parameters of one server API request ("public request
/// parameters" in older pages): `AppId`, `SignatureNonce`, `Timestamp`,
/// `Signature` and `SignatureVersion`.
///
/// Made by [`ApiSigner::sign`]. Append them to the request's query:
/// [`to_query_string`](CommonParams::to_query_string), or serde (they
/// serialize as a map with ZEGO's names, so `reqwest`'s `.query(&params)`
/// takes them as they are), or [`to_url`](CommonParams::to_url) for a whole
/// URL.
///
/// The signature authorizes requests for ten minutes, so it is kept out of
/// `Debug`, and there is no `Display`: the query string is asked for by
/// name.
#[derive(Clone, PartialEq, Eq)]
pub struct CommonParams {
    app_id: u32,
    nonce: String,
    timestamp: i64,
    signature: String,
}

/// A map with ZEGO's names, `AppId` and `Timestamp` as numbers.
impl Serialize for CommonParams {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut map = serializer.serialize_struct("CommonParams", 5)?;
        map.serialize_field("AppId", &self.app_id)?;
        map.serialize_field("SignatureNonce", &self.nonce)?;
        map.serialize_field("Timestamp", &self.timestamp)?;
        map.serialize_field("Signature", &self.signature)?;
        map.serialize_field("SignatureVersion", SIGNATURE_VERSION)?;
        map.end()
    }
}

impl CommonParams {
    /// `AppId`.
    pub fn app_id(&self) -> u32 {
        self.app_id
    }

    /// `SignatureNonce`: 16 lowercase hex digits from [`ApiSigner::sign`].
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// `Timestamp`: when the parameters were signed, unix seconds.
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// `Signature`: 32 lowercase hex digits. It authorizes requests for
    /// this app for ten minutes: do not log it.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// `SignatureVersion`: always [`SIGNATURE_VERSION`].
    pub fn version(&self) -> &'static str {
        SIGNATURE_VERSION
    }

    /// The five parameters as `(name, value)` pairs, in the order ZEGO's
    /// samples send them.
    pub fn pairs(&self) -> [(&'static str, String); 5] {
        [
            ("AppId", self.app_id.to_string()),
            ("SignatureNonce", self.nonce.clone()),
            ("Timestamp", self.timestamp.to_string()),
            ("Signature", self.signature.clone()),
            ("SignatureVersion", SIGNATURE_VERSION.to_owned()),
        ]
    }

    /// `AppId=..&SignatureNonce=..&Timestamp=..&Signature=..&SignatureVersion=2.0`,
    /// values escaped, ready to append to an API URL after `?` or `&`.
    pub fn to_query_string(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(self.pairs());
        query.finish()
    }

    /// A complete request URL: `base`, then `Action`, these parameters and
    /// the action's own `params`, every name and value escaped
    /// (`application/x-www-form-urlencoded`, as ZEGO's Go and Python
    /// samples encode them). `base` is used as given, such as
    /// `https://rtc-api.zego.im/` ([`Service::base_url`](super::Service::base_url));
    /// if it already has a query, the parameters follow it.
    pub fn to_url<K, V>(
        &self,
        base: &str,
        action: &str,
        params: impl IntoIterator<Item = (K, V)>,
    ) -> String
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let separator = match base.find('?') {
            None => "?",
            Some(at) if at + 1 == base.len() || base.ends_with('&') => "",
            Some(_) => "&",
        };
        let mut query = form_urlencoded::Serializer::for_suffix(
            format!("{base}{separator}"),
            base.len() + separator.len(),
        );
        query.append_pair("Action", action);
        query.extend_pairs(self.pairs());
        query.extend_pairs(params);
        query.finish()
    }
}

impl fmt::Debug for CommonParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommonParams")
            .field("app_id", &self.app_id)
            .field("nonce", &self.nonce)
            .field("timestamp", &self.timestamp)
            .field("signature", &format_args!("<redacted>"))
            .field("version", &SIGNATURE_VERSION)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

    fn signer(app_id: u32, secret: &str) -> ApiSigner {
        ApiSigner::new(app_id, ServerSecret::new(secret).unwrap()).unwrap()
    }

    /// Known answers computed outside this crate, once, and committed:
    /// `python3 -c 'import hashlib; print(hashlib.md5(b"<concatenation>").hexdigest())'`
    /// and `printf %s '<concatenation>' | openssl md5` agree on each. ZEGO's
    /// pages show a signature (`7a2c0f11145fb760d607a07b54825013`) only
    /// with a placeholder nonce and no secret, so it cannot be reproduced.
    #[test]
    fn signature_is_md5_of_the_documented_concatenation() {
        let cases = [
            (
                1_234_567_890,
                "0123456789abcdef",
                SECRET,
                1_700_000_000,
                "cc040de47db6a2bea5d1e53cb5c497ef",
            ),
            // The nonce of ZEGO's sample request.
            (
                1,
                "15215528852396",
                "0123456789abcdef0123456789abcdef",
                1_234_567_890,
                "c6bb3b27384910eeb77cae1316bb394e",
            ),
        ];
        for (app_id, nonce, secret, timestamp, expected) in cases {
            let params = signer(app_id, secret).sign_with(nonce.to_owned(), timestamp);
            assert_eq!(params.signature(), expected);
            assert_eq!(
                (params.app_id(), params.nonce(), params.timestamp()),
                (app_id, nonce, timestamp)
            );
        }
    }

    #[test]
    fn every_part_of_the_concatenation_counts() {
        let base = signer(1, SECRET).sign_with("ab".into(), 10);
        let others = [
            signer(2, SECRET).sign_with("ab".into(), 10),
            signer(1, SECRET).sign_with("ac".into(), 10),
            signer(1, "0123456789abcdef0123456789abcdef").sign_with("ab".into(), 10),
            signer(1, SECRET).sign_with("ab".into(), 11),
        ];
        for other in others {
            assert_ne!(other.signature(), base.signature());
        }
    }

    #[test]
    fn nonces_are_16_hex_digits_and_never_repeat() {
        let signer = signer(1, SECRET);
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let params = signer.sign();
            let nonce = params.nonce();
            assert_eq!(nonce.len(), 16);
            assert!(
                nonce
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            assert!(seen.insert(nonce.to_owned()), "nonce {nonce} repeated");
        }
    }

    #[test]
    fn sign_uses_the_clock() {
        let before = unix_now();
        let params = signer(1, SECRET).sign();
        let after = unix_now();
        assert!((before..=after).contains(&params.timestamp()));
        // And the signature covers what it says it does.
        let again = signer(1, SECRET).sign_with(params.nonce().to_owned(), params.timestamp());
        assert_eq!(again.signature(), params.signature());
    }

    #[test]
    fn app_id_zero_is_refused_with_code_1() {
        let err = ApiSigner::new(0, ServerSecret::new(SECRET).unwrap()).unwrap_err();
        assert_eq!(err.code(), Some(1));
    }

    #[test]
    fn query_string_json_and_url_carry_the_five_parameters() {
        let params =
            signer(1_234_567_890, SECRET).sign_with("0123456789abcdef".into(), 1_700_000_000);
        assert_eq!(
            params.to_query_string(),
            "AppId=1234567890&SignatureNonce=0123456789abcdef&Timestamp=1700000000\
             &Signature=cc040de47db6a2bea5d1e53cb5c497ef&SignatureVersion=2.0"
        );
        assert_eq!(
            serde_json::to_string(&params).unwrap(),
            r#"{"AppId":1234567890,"SignatureNonce":"0123456789abcdef","Timestamp":1700000000,"Signature":"cc040de47db6a2bea5d1e53cb5c497ef","SignatureVersion":"2.0"}"#
        );
        let url = params.to_url(
            "https://rtc-api.zego.im/",
            "DescribeUserNum",
            [("RoomId[]", "room 1"), ("UserId", "a&b=c")],
        );
        assert_eq!(
            url,
            "https://rtc-api.zego.im/?Action=DescribeUserNum&AppId=1234567890\
             &SignatureNonce=0123456789abcdef&Timestamp=1700000000\
             &Signature=cc040de47db6a2bea5d1e53cb5c497ef&SignatureVersion=2.0\
             &RoomId%5B%5D=room+1&UserId=a%26b%3Dc"
        );
        let no_params: [(&str, &str); 0] = [];
        for (base, joined) in [
            (
                "http://127.0.0.1:1/?IsTest=true",
                "http://127.0.0.1:1/?IsTest=true&Action=X&",
            ),
            ("http://127.0.0.1:1/?", "http://127.0.0.1:1/?Action=X&"),
            (
                "http://127.0.0.1:1/?a=b&",
                "http://127.0.0.1:1/?a=b&Action=X&",
            ),
        ] {
            assert!(
                params.to_url(base, "X", no_params).starts_with(joined),
                "{base}"
            );
        }
    }

    #[test]
    fn debug_shows_no_signature_or_secret() {
        let signer = signer(1, SECRET);
        let params = signer.sign_with("0123456789abcdef".into(), 1);
        for text in [
            format!("{signer:?}"),
            format!("{params:?}"),
            format!("{params:#?}"),
        ] {
            assert!(!text.contains(params.signature()), "{text}");
            assert!(!text.contains(SECRET), "{text}");
            assert!(text.contains("<redacted>"), "{text}");
        }
    }
}
