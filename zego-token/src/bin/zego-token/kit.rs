//! `zego-token kit`: wrap an existing token04 into a UIKit Prebuilt kit
//! token; and how `decode` and `inspect` show the fields of a kit token
//! pasted whole.

use std::io::{Read, Write};

use clap::Args;
use serde::Serialize;
use zego_token::{KitParts, KitToken, Rules, Verifier, escape};

use crate::config::{self, ProfileArgs, app_id};
use crate::error::CliError;
use crate::input;
use crate::secret::SecretArgs;

const AFTER_HELP: &str = "\
Builds what UIKit's generateKitTokenForProduction builds, on the server.

With the server secret (--secret-env, --secret-file, --secret-stdin, --config,
or the ZEGO_SERVER_SECRET variable), the token is decrypted and the kit token
refused (exit 1) when the token's claims contradict its app ID, --user-id, or
--room (the room of the token's privilege payload, when it has one). Without
a secret the token is only checked to be a token04, and a note on stderr says
the fields could not be checked.

Examples:
  zego-token kit --app-id 1234567890 --room room1 --user-id alice --user-name Alice 04AAAAAGVT...
  zego-token issue --app-id 1234567890 --user-id alice --room room1 --login \\
    | zego-token kit --app-id 1234567890 --room room1 --user-id alice -
  zego-token kit --config zego.toml --profile staging --room room1 --user-id alice 04AAAAAGVT...";

/// Build a UIKit Prebuilt kit token from a token04.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct KitArgs {
    /// The app ID the token was minted for (or --config).
    #[arg(long, value_name = "N", required_unless_present = "config")]
    pub app_id: Option<u32>,

    /// The room the kit token opens: the room of the token's privilege
    /// payload, when it has one.
    #[arg(long, value_name = "ROOM")]
    pub room: String,

    /// The user the token was minted for.
    #[arg(long, value_name = "ID")]
    pub user_id: String,

    /// The display name [default: the user ID].
    #[arg(long, value_name = "NAME")]
    pub user_name: Option<String>,

    /// The token04, or - to read it from standard input.
    #[arg(value_name = "TOKEN")]
    pub token: String,

    #[command(flatten)]
    pub secret: SecretArgs,

    #[command(flatten)]
    pub profile: ProfileArgs,
}

pub fn run(args: &KitArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<(), CliError> {
    config::refuse_app_id_with_config(args.app_id, args.secret.config.as_deref(), "kit")?;
    args.secret.refuse_two_stdin_reads(&args.token, "kit")?;
    let profile = match &args.secret.config {
        Some(config) => Some(args.profile.load(config)?),
        None => None,
    };
    let app_id = app_id(args.app_id, profile.as_ref(), "kit")?;
    let token = input::token(&args.token, stdin)?;
    // The rules the token was minted under: the config's, else those every
    // ZEGO client accepts.
    let rules = profile.as_ref().map_or_else(Rules::default, |p| {
        Rules::for_product(p.product()).with_charset(p.id_charset())
    });
    let parts = KitParts {
        app_id,
        token: &token,
        room_id: &args.room,
        user_id: &args.user_id,
        user_name: args.user_name.as_deref().unwrap_or(&args.user_id),
    };
    let kit = KitToken::new_with_rules(parts, rules)?;

    // A secret named by a flag must be readable; the config's or the
    // default variable's is used when it is there.
    let named = args.secret.secret_env.is_some()
        || args.secret.secret_file.is_some()
        || args.secret.secret_stdin;
    let secret = match args.secret.load(&args.profile, stdin) {
        Ok(loaded) => Some(loaded.secret),
        Err(err) if named => return Err(err),
        Err(err) => {
            unchecked_note(&err);
            None
        }
    };
    if let Some(secret) = secret {
        // The claims as the token carries them, expired or not: the kit
        // wraps the token, it does not vouch for its times.
        let decrypted = Verifier::for_any_app(secret).decrypt(&token)?;
        kit.check_claims(zego_token::dangerous::unvalidated_claims(&decrypted))?;
    }
    writeln!(out, "{kit}").map_err(CliError::Output)
}

/// Says on stderr that the kit's fields were not checked against the
/// token, and why: the reason names a variable or a file, never a secret.
fn unchecked_note(reason: &CliError) {
    let reason = match reason {
        CliError::Token(err) => err.to_string(),
        CliError::Input(message) => message.clone(),
        other => other.to_string(),
    };
    let line = format!(
        "note: the kit token's appID, userID and roomID were not checked against the token's claims: no secret to decrypt it ({reason}); give --secret-env, --secret-file, --secret-stdin or --config to check them"
    );
    let line = zego_token_rules::redact_secrets(&line);
    // Ignore a failing stderr: the kit token is the output that matters.
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// A kit token's fields in `--json` output, under `"kit"`, keys in this
/// order. `user_name` is decoded (UIKit carries it `encodeURIComponent`ed).
#[derive(Serialize)]
pub struct KitFields<'a> {
    app_id: u32,
    room_id: &'a str,
    user_id: &'a str,
    user_name: &'a str,
}

impl<'a> From<&'a KitToken> for KitFields<'a> {
    fn from(kit: &'a KitToken) -> Self {
        KitFields {
            app_id: kit.app_id(),
            room_id: kit.room_id(),
            user_id: kit.user_id(),
            user_name: kit.user_name(),
        }
    }
}

/// A kit token's fields as lines after a command's own, escaped (anyone can
/// make a kit token: its fields need no secret).
pub fn write_fields(out: &mut dyn Write, kit: &KitToken) -> std::io::Result<()> {
    writeln!(out, "kit app_id     {}", kit.app_id())?;
    writeln!(out, "kit room_id    {}", escape(kit.room_id()))?;
    writeln!(out, "kit user_id    {}", escape(kit.user_id()))?;
    writeln!(out, "kit user_name  {}", escape(kit.user_name()))
}
