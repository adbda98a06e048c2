//! `zego-token decode`: decrypt a token with the secret and show its claims.

use std::io::{Read, Write};

use clap::Args;
use serde::Serialize;
use zego_token::{Claims, Error, Mode, dangerous, escape};

use crate::config::ProfileArgs;
use crate::error::CliError;
use crate::kit::{self, KitFields};
use crate::secret::SecretArgs;
use crate::{input, output, time};

const AFTER_HELP: &str = "\
The claims are printed even for an expired token, which then also ends with an
error line and exit status 1, so scripts can rely on the status.

A UIKit kit token (token04#room data) may be pasted whole: its appID, roomID,
userID and userName are printed after the claims, and it exits 1 when the token's
claims contradict its appID, userID or roomID (the room of the token's privilege
payload, when it has one).

A privilege payload's stream list of [] is shown as `streams any`: ZEGO reads an
empty list as no restriction.

Examples:
  zego-token decode 04AAAAAGVT...
  zego-token decode '04AAAAAGVT...#eyJ1c2VySUQiOi...'   # a kit token
  zego-token decode --app-id 1234567890 --json 04AAAAAGVT...
  zego-token issue --app-id 1 --user-id alice | zego-token decode -
  zego-token decode --config zego.toml --profile staging 04AAAAAGVT...";

/// Decrypt a token and print its claims (needs the secret).
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct DecodeArgs {
    /// Fail unless the token was minted for this app ID [default: with
    /// --config, the profile's app ID].
    #[arg(long, value_name = "N")]
    pub app_id: Option<u32>,

    /// Print {"app_id","user_id","ctime","expire","nonce","payload","mode","expired"}
    /// (+ "kit":{"app_id","room_id","user_id","user_name"} for a kit token).
    #[arg(long)]
    pub json: bool,

    /// The token or kit token, or - to read it from standard input.
    #[arg(value_name = "TOKEN")]
    pub token: String,

    #[command(flatten)]
    pub secret: SecretArgs,

    #[command(flatten)]
    pub profile: ProfileArgs,
}

/// The `--json` output, keys in this order.
#[derive(Serialize)]
struct Decoded<'a> {
    app_id: u32,
    user_id: &'a str,
    ctime: i64,
    expire: i64,
    nonce: i32,
    payload: &'a str,
    mode: Mode,
    expired: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    kit: Option<KitFields<'a>>,
}

pub fn run(args: &DecodeArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<(), CliError> {
    args.secret.refuse_two_stdin_reads(&args.token, "decode")?;
    let loaded = args.secret.load(&args.profile, stdin)?;
    let pasted = input::token_or_kit(&args.token, stdin)?;
    let now = time::now();

    // The profile's app ID is the expected one unless --app-id is given.
    // (The profile's ttl and mode do not matter here: the token carries
    // both.)
    let verifier = loaded.verifier(args.app_id)?;
    // Decrypt once, check once. A token for another app is refused before
    // anything is shown; the claims of an expired token, or of a kit token
    // whose fields disagree with them, are still worth showing first: a
    // support tool's job, hence the unvalidated read.
    let decrypted = verifier.decrypt(&pasted.token)?;
    let checked = verifier.validate_at(&decrypted, now).map(|_| ());
    if let Err(err @ Error::AppIdMismatch { .. }) = checked {
        return Err(err.into());
    }
    let claims = dangerous::unvalidated_claims(&decrypted);
    let expired = now > claims.expire;
    let kit = pasted.kit.as_ref();

    let written = if args.json {
        let decoded = Decoded {
            app_id: claims.app_id,
            user_id: &claims.user_id,
            ctime: claims.ctime,
            expire: claims.expire,
            nonce: claims.nonce,
            payload: &claims.payload,
            mode: claims.mode,
            expired,
            kit: kit.map(KitFields::from),
        };
        output::write_json(out, &decoded)
    } else {
        write_human(out, claims, now).and_then(|()| match kit {
            Some(kit) => kit::write_fields(out, kit),
            None => Ok(()),
        })
    };
    written.map_err(CliError::Output)?;

    if let Some(kit) = kit {
        kit.check_claims(claims)?;
    }
    // Same rules as every verifier (expiry, issue time not in the future).
    checked?;
    Ok(())
}

fn write_human(out: &mut dyn Write, claims: &Claims, now: i64) -> std::io::Result<()> {
    writeln!(out, "app_id     {}", claims.app_id)?;
    writeln!(out, "user_id    {}", escape(&claims.user_id))?;
    writeln!(out, "mode       {}", claims.mode)?;
    writeln!(
        out,
        "ctime      {} ({})",
        time::utc(claims.ctime),
        claims.ctime
    )?;
    writeln!(out, "expire     {}", time::expiry(claims.expire, now))?;
    writeln!(out, "nonce      {}", claims.nonce)?;
    if claims.payload.is_empty() {
        writeln!(out, "payload    (empty)")?;
    } else {
        writeln!(out, "payload    {}", escape(&claims.payload))?;
    }
    if let Some(privilege) = claims.privilege() {
        let streams = privilege
            .streams()
            .map_or_else(|| "any".to_owned(), |s| s.join(", "));
        writeln!(
            out,
            "privilege  room {}: login {}, publish {}, streams {}",
            escape(privilege.room_id()),
            yes_no(privilege.login()),
            yes_no(privilege.publish()),
            escape(&streams)
        )?;
    }
    Ok(())
}

fn yes_no(allowed: bool) -> &'static str {
    if allowed { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_text_is_escaped() {
        let claims: Claims = serde_json::from_str(
            r#"{"app_id":1,"user_id":"a\u202eb","ctime":1,"expire":2,"nonce":3,"payload":"p\n\u001b[2J"}"#,
        )
        .unwrap();
        let mut out = Vec::new();
        write_human(&mut out, &claims, 0).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(r"user_id    a\u{202e}b"), "{out}");
        assert!(out.contains(r"payload    p\n\u{1b}[2J"), "{out}");
        assert!(!out.contains('\u{202e}') && !out.contains('\u{1b}'));
    }
}
