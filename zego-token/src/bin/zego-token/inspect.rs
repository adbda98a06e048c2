//! `zego-token inspect`: read a token's clear envelope, without the secret.

use std::io::{Read, Write};

use clap::Args;
use serde::Serialize;
use zego_token::{Envelope, Mode};

use crate::error::CliError;
use crate::kit::{self, KitFields};
use crate::{input, output, time};

const AFTER_HELP: &str = "\
Only the envelope is read: mode, expiry, IV length and ciphertext length travel
in the clear. Use `decode` (with the secret) to see the claims and check them.
A UIKit kit token (token04#room data) may be pasted whole: its appID, roomID,
userID and userName are printed after the envelope of its token04.

Examples:
  zego-token inspect 04AAAAAGVT...
  zego-token inspect '04AAAAAGVT...#eyJ1c2VySUQiOi...'   # a kit token
  zego-token inspect --json - < token.txt";

/// Show a token's mode, expiry and sizes (no secret needed).
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct InspectArgs {
    /// Print {"mode","expire","expired","iv_len","ciphertext_len"}
    /// (+ "kit":{"app_id","room_id","user_id","user_name"} for a kit token).
    #[arg(long)]
    pub json: bool,

    /// The token or kit token, or - to read it from standard input.
    #[arg(value_name = "TOKEN")]
    pub token: String,
}

/// The `--json` output, keys in this order.
#[derive(Serialize)]
struct Inspected<'a> {
    mode: Mode,
    expire: i64,
    expired: bool,
    iv_len: usize,
    ciphertext_len: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    kit: Option<KitFields<'a>>,
}

pub fn run(args: &InspectArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<(), CliError> {
    let pasted = input::token_or_kit(&args.token, stdin)?;
    let envelope = zego_token::inspect(&pasted.token)?;
    let kit = pasted.kit.as_ref();
    let now = time::now();
    let written = if args.json {
        let inspected = Inspected {
            mode: envelope.mode,
            expire: envelope.expire,
            expired: now > envelope.expire,
            iv_len: envelope.iv.len(),
            ciphertext_len: envelope.ciphertext_len,
            kit: kit.map(KitFields::from),
        };
        output::write_json(out, &inspected)
    } else {
        write_human(out, &envelope, now).and_then(|()| match kit {
            Some(kit) => kit::write_fields(out, kit),
            None => Ok(()),
        })
    };
    written.map_err(CliError::Output)
}

fn write_human(out: &mut dyn Write, envelope: &Envelope, now: i64) -> std::io::Result<()> {
    let (cipher, iv_name, tag) = match envelope.mode {
        Mode::Cbc => ("AES-256-CBC", "IV", ""),
        Mode::Gcm => ("AES-256-GCM", "nonce", ", including the 16-byte tag"),
    };
    writeln!(out, "mode        {} ({cipher})", envelope.mode)?;
    writeln!(out, "expire      {}", time::expiry(envelope.expire, now))?;
    writeln!(out, "iv_len      {} bytes ({iv_name})", envelope.iv.len())?;
    writeln!(out, "ciphertext  {} bytes{tag}", envelope.ciphertext_len)
}
