//! Checking a callback's signature and timestamp.
//!
//! ZEGO's rule ("Authenticating server-to-server callbacks",
//! <https://zegocloud.com/docs/zim-server/callbacks/authenticating-server-to-server-callbacks>,
//! the same for every product): sort the three strings CallbackSecret,
//! `timestamp` and `nonce` lexically, concatenate them, and compare the
//! lowercase hex SHA-1 of that with `signature`. The page's worked example:
//! nonce `123412`, timestamp `1470820198` and secret `secret` sort to
//! `1234121470820198secret`, whose SHA-1 is
//! `5bd59fd62953a8059fb7eaba95720f66d19e4517`.
//!
//! The sort is by bytes, as PHP's `sort($a, SORT_STRING)` in ZEGO's sample
//! does (Java's `Arrays.sort` in the other sample agrees on every ASCII
//! secret).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

use super::error::CallbackError;
use super::params::CallbackParams;
use super::secret::CallbackSecret;
use crate::clock::unix_now;

/// How far a callback's timestamp may be from this server's clock, either
/// way, unless [`CallbackVerifier::with_tolerance`] says otherwise: five
/// minutes.
///
/// ZEGO documents no limit. Five minutes is the window webhook senders
/// commonly use (Stripe's default, for one); it covers ZEGO's retries,
/// which end 62 s after the first attempt (2, 4, 8, 16 and 32 s apart),
/// with room for clock skew, and still refuses a callback captured and
/// replayed later.
pub const DEFAULT_CALLBACK_TOLERANCE: Duration = Duration::from_secs(300);

/// Digits in the longest timestamp accepted (any `i64`).
const MAX_TIMESTAMP_DIGITS: usize = 18;

/// Verifies that callbacks come from ZEGO: the signature made with the
/// [`CallbackSecret`], and a timestamp within the tolerance.
///
/// Cloning is an `Arc` bump and the verifier is `Send + Sync`: build one
/// at start-up and share it between handlers. `Debug` shows only the
/// tolerance.
///
/// ```
/// use zego_token::callback::{CallbackError, CallbackParams, CallbackSecret, CallbackVerifier};
///
/// let verifier = CallbackVerifier::new(CallbackSecret::new("secret")?);
///
/// // ZEGO's worked example, checked as if it were received on time.
/// let params = CallbackParams::new("1470820198", "123412", "5bd59fd62953a8059fb7eaba95720f66d19e4517");
/// verifier.verify_at(&params, 1470820198 + 10)?;
///
/// let forged = CallbackParams::new("1470820198", "123413", params.signature());
/// assert!(matches!(verifier.verify_at(&forged, 1470820198), Err(CallbackError::Mismatch)));
/// let replayed = verifier.verify_at(&params, 1470820198 + 3600);
/// assert!(matches!(replayed, Err(CallbackError::Stale { .. })));
/// # Ok::<(), CallbackError>(())
/// ```
#[derive(Clone)]
pub struct CallbackVerifier {
    secret: Arc<CallbackSecret>,
    /// Whole seconds, as callback timestamps are.
    tolerance: u64,
}

impl CallbackVerifier {
    /// A verifier for callbacks signed with `secret`, accepting timestamps
    /// within [`DEFAULT_CALLBACK_TOLERANCE`] of the system clock.
    pub fn new(secret: CallbackSecret) -> Self {
        CallbackVerifier {
            secret: Arc::new(secret),
            tolerance: DEFAULT_CALLBACK_TOLERANCE.as_secs(),
        }
    }

    /// Accepts timestamps up to `tolerance` before or after now. Whole
    /// seconds: the sub-second part is dropped.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance.as_secs();
        self
    }

    /// The tolerance, in whole seconds.
    pub fn tolerance(&self) -> Duration {
        Duration::from_secs(self.tolerance)
    }

    /// Checks a callback against the system clock.
    ///
    /// # Errors
    ///
    /// [`CallbackError::InvalidField`] for an empty field, a timestamp that
    /// is not decimal digits, or a signature that is not 40 hex digits;
    /// [`CallbackError::Mismatch`] for a wrong signature;
    /// [`CallbackError::Stale`] for a genuine callback outside the
    /// tolerance. The signature is checked before the time, so a forged
    /// callback is always reported as forged.
    pub fn verify(&self, params: &CallbackParams) -> Result<(), CallbackError> {
        self.verify_at(params, unix_now())
    }

    /// Checks a callback as if the time were `now` (unix seconds).
    ///
    /// # Errors
    ///
    /// As [`CallbackVerifier::verify`].
    pub fn verify_at(&self, params: &CallbackParams, now: i64) -> Result<(), CallbackError> {
        let timestamp = parse_timestamp(params.timestamp())?;
        if params.nonce().is_empty() {
            return Err(CallbackError::InvalidField {
                field: "nonce",
                problem: "is empty",
            });
        }
        let mut given = [0u8; 20];
        hex::decode_to_slice(params.signature(), &mut given).map_err(|_| {
            CallbackError::InvalidField {
                field: "signature",
                problem: "is not 40 hexadecimal digits (a SHA-1)",
            }
        })?;
        let expected = self.digest(params.timestamp(), params.nonce());
        if !bool::from(expected.ct_eq(&given)) {
            return Err(CallbackError::Mismatch);
        }
        if now.abs_diff(timestamp) > self.tolerance {
            return Err(CallbackError::Stale {
                timestamp,
                now,
                tolerance: self.tolerance(),
            });
        }
        Ok(())
    }

    /// The signature ZEGO sends with `timestamp` and `nonce`: 40 lowercase
    /// hex digits. For tests and local stand-ins of ZEGO; to check a
    /// callback use [`verify`](CallbackVerifier::verify), which compares in
    /// constant time.
    pub fn sign(&self, timestamp: &str, nonce: &str) -> String {
        hex::encode(self.digest(timestamp, nonce))
    }

    /// SHA-1 of the three strings sorted and concatenated. Each is fed to
    /// the hasher in turn, so no buffer holds the secret next to the rest;
    /// sha1's `zeroize` feature wipes the hasher's block buffer on drop.
    fn digest(&self, timestamp: &str, nonce: &str) -> [u8; 20] {
        let mut parts = [
            self.secret.as_bytes(),
            timestamp.as_bytes(),
            nonce.as_bytes(),
        ];
        parts.sort_unstable();
        let mut sha1 = Sha1::new();
        for part in parts {
            sha1.update(part);
        }
        sha1.finalize().into()
    }
}

/// Unix seconds: 1 to 18 ASCII digits (no sign, no spaces), so any value
/// fits an `i64`.
fn parse_timestamp(text: &str) -> Result<i64, CallbackError> {
    let digits = (1..=MAX_TIMESTAMP_DIGITS).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_digit());
    match text.parse() {
        Ok(seconds) if digits => Ok(seconds),
        _ => Err(CallbackError::InvalidField {
            field: "timestamp",
            problem: "is not unix seconds (1 to 18 decimal digits)",
        }),
    }
}

impl fmt::Debug for CallbackVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackVerifier")
            .field("tolerance", &self.tolerance())
            .field("secret", &format_args!("<redacted>"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMESTAMP: i64 = 1_470_820_198;
    const SIGNATURE: &str = "5bd59fd62953a8059fb7eaba95720f66d19e4517";

    fn verifier() -> CallbackVerifier {
        CallbackVerifier::new(CallbackSecret::new("secret").unwrap())
    }

    fn example() -> CallbackParams {
        CallbackParams::new("1470820198", "123412", SIGNATURE)
    }

    #[test]
    fn zegos_worked_example_verifies() {
        assert_eq!(verifier().sign("1470820198", "123412"), SIGNATURE);
        verifier().verify_at(&example(), TIMESTAMP).unwrap();
        // Upper-case hex is the same signature.
        let upper = CallbackParams::new("1470820198", "123412", SIGNATURE.to_uppercase());
        verifier().verify_at(&upper, TIMESTAMP).unwrap();
    }

    /// Known answers from `python3 -c 'import hashlib; print(hashlib.sha1(b"<sorted>").hexdigest())'`
    /// for a secret that sorts first and one that sorts between the others.
    #[test]
    fn the_three_strings_are_sorted_not_taken_in_order() {
        for (secret, expected) in [
            ("0", "18b67fa5cc74084a0f59524965884de56a60b584"), // 0 123412 1470820198
            ("1300000000", "5c6b43fbe7bf6fdac3d00c334245cfc13aec3383"), // 123412 1300000000 1470820198
        ] {
            let verifier = CallbackVerifier::new(CallbackSecret::new(secret).unwrap());
            assert_eq!(verifier.sign("1470820198", "123412"), expected);
        }
    }

    #[test]
    fn forged_callbacks_are_mismatches() {
        let mut flipped = SIGNATURE.to_owned();
        flipped.replace_range(39.., "6");
        let forged = [
            CallbackParams::new("1470820198", "123412", flipped),
            CallbackParams::new("1470820199", "123412", SIGNATURE),
            CallbackParams::new("1470820198", "123413", SIGNATURE),
        ];
        for params in &forged {
            let err = verifier().verify_at(params, TIMESTAMP).unwrap_err();
            assert!(matches!(err, CallbackError::Mismatch), "{params:?}");
        }
        let other = CallbackVerifier::new(CallbackSecret::new("secreT").unwrap());
        assert!(matches!(
            other.verify_at(&example(), TIMESTAMP),
            Err(CallbackError::Mismatch)
        ));
    }

    #[test]
    fn stale_either_way_beyond_the_tolerance() {
        let tolerance = DEFAULT_CALLBACK_TOLERANCE.as_secs() as i64;
        for now in [TIMESTAMP - tolerance, TIMESTAMP + tolerance] {
            verifier().verify_at(&example(), now).unwrap();
        }
        for now in [TIMESTAMP - tolerance - 1, TIMESTAMP + tolerance + 1] {
            let err = verifier().verify_at(&example(), now).unwrap_err();
            assert!(matches!(
                err,
                CallbackError::Stale {
                    timestamp: TIMESTAMP,
                    ..
                }
            ));
        }
        let strict = verifier().with_tolerance(Duration::from_millis(10_900));
        assert_eq!(strict.tolerance(), Duration::from_secs(10));
        assert!(strict.verify_at(&example(), TIMESTAMP + 10).is_ok());
        assert!(strict.verify_at(&example(), TIMESTAMP + 11).is_err());
        // Far from any real clock: still no overflow.
        assert!(verifier().verify_at(&example(), i64::MIN).is_err());
        // And against the system clock, the 2016 example is long stale.
        assert!(matches!(
            verifier().verify(&example()),
            Err(CallbackError::Stale { .. })
        ));
    }

    #[test]
    fn malformed_fields_are_refused_before_hashing() {
        for (timestamp, nonce, signature, field) in [
            ("", "1", SIGNATURE, "timestamp"),
            ("-1", "1", SIGNATURE, "timestamp"),
            ("+1", "1", SIGNATURE, "timestamp"),
            (" 1", "1", SIGNATURE, "timestamp"),
            ("1234567890123456789", "1", SIGNATURE, "timestamp"),
            ("1", "", SIGNATURE, "nonce"),
            ("1", "1", "", "signature"),
            ("1", "1", &SIGNATURE[..39], "signature"),
            (
                "1",
                "1",
                "zz59fd62953a8059fb7eaba95720f66d19e4517",
                "signature",
            ),
        ] {
            let params = CallbackParams::new(timestamp, nonce, signature);
            match verifier().verify_at(&params, TIMESTAMP) {
                Err(CallbackError::InvalidField { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{params:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn debug_shows_no_secret() {
        let text = format!("{:?}", verifier());
        assert_eq!(
            text,
            "CallbackVerifier { tolerance: 300s, secret: <redacted> }"
        );
    }
}
