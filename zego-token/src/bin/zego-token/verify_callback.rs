//! `zego-token verify-callback`: is a callback's signature genuine and its
//! timestamp recent? Exit status 0 if so, 1 if not.

use std::io::{Read, Write};
use std::time::Duration;

use clap::Args;
use zego_token::callback::{CallbackParams, CallbackVerifier};

use crate::config::ProfileArgs;
use crate::error::CliError;
use crate::secret::CallbackSecretArgs;
use crate::time;

const AFTER_HELP: &str = "\
Checks signature = SHA-1 of the callback secret, the timestamp and the nonce,
sorted and concatenated, as ZEGO signs every callback; then that the timestamp
is within the tolerance of now. Prints \"genuine\" and exits 0, or prints one
error line and exits 1 for a forged, stale or malformed callback.

The callback secret is not the server secret: the ZEGO console shows it next to
the ServerSecret. It never comes from an argument.

Examples:
  zego-token verify-callback --secret-file /run/secrets/zego-callback \\
    --timestamp \"$ts\" --nonce \"$nonce\" --signature \"$sig\" --tolerance 1m
  zego-token verify-callback --config zego.toml --profile staging \\
    --timestamp \"$ts\" --nonce \"$nonce\" --signature \"$sig\"
  export ZEGO_CALLBACK_SECRET=secret   # ZEGO's documented example, checked on its day:
  zego-token verify-callback --timestamp 1470820198 --nonce 123412 \\
    --signature 5bd59fd62953a8059fb7eaba95720f66d19e4517 --now 1470820198";

/// Verify a ZEGO callback's signature and timestamp (needs the callback secret).
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct VerifyCallbackArgs {
    /// The callback's `timestamp` field (unix seconds).
    #[arg(long, value_name = "T")]
    pub timestamp: String,

    /// The callback's `nonce` field.
    #[arg(long, value_name = "N")]
    pub nonce: String,

    /// The callback's `signature` field (40 hex digits).
    #[arg(long, value_name = "S")]
    pub signature: String,

    /// How far the timestamp may be from now, either way: seconds, or a
    /// number with s, m, h or d [default: 5m].
    #[arg(long, value_name = "DURATION", value_parser = parse_tolerance, allow_negative_numbers = true)]
    pub tolerance: Option<Duration>,

    /// Check as if it were this time (unix seconds) instead of the clock:
    /// to verify a recorded callback, or a documented example.
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub now: Option<i64>,

    #[command(flatten)]
    pub secret: CallbackSecretArgs,

    #[command(flatten)]
    pub profile: ProfileArgs,
}

/// The lifetime grammar of `--ttl` (whole seconds, or s, m, h, d), with a
/// message that names what is being parsed.
fn parse_tolerance(text: &str) -> Result<Duration, String> {
    time::parse_ttl(text).map_err(|_| {
        "expected a positive duration: seconds, or a number with s, m, h or d (90s, 5m, 1h)".into()
    })
}

pub fn run(
    args: &VerifyCallbackArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut verifier = CallbackVerifier::new(args.secret.load(&args.profile, stdin)?);
    if let Some(tolerance) = args.tolerance {
        verifier = verifier.with_tolerance(tolerance);
    }
    let params = CallbackParams::new(&*args.timestamp, &*args.nonce, &*args.signature);
    verifier.verify_at(&params, args.now.unwrap_or_else(time::now))?;
    writeln!(out, "genuine").map_err(CliError::Output)
}
