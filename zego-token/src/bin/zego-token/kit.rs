//! `zego-token kit`: wrap an existing token04 into a UIKit Prebuilt kit
//! token; and how `decode` and `inspect` show the fields of a kit token
//! pasted whole.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use zego_token::{KitToken, escape};

use crate::config::{self, ProfileArgs, app_id};
use crate::error::CliError;
use crate::input;

const AFTER_HELP: &str = "\
Builds what UIKit's generateKitTokenForProduction builds, on the server. The
token is not decrypted (no secret needed), only checked to be a token04.

Examples:
  zego-token kit --app-id 1234567890 --room room1 --user-id alice --user-name Alice 04AAAAAGVT...
  zego-token issue --app-id 1234567890 --user-id alice \\
    | zego-token kit --app-id 1234567890 --room room1 --user-id alice -
  zego-token kit --config zego.toml --profile staging --room room1 --user-id alice 04AAAAAGVT...";

/// Build a UIKit Prebuilt kit token from a token04.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct KitArgs {
    /// The app ID the token was minted for (or --config).
    #[arg(long, value_name = "N", required_unless_present = "config")]
    pub app_id: Option<u32>,

    /// The room the kit token opens.
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

    /// Take the app ID from this TOML config file; the secret it names is
    /// not read.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub profile: ProfileArgs,
}

pub fn run(args: &KitArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<(), CliError> {
    config::refuse_app_id_with_config(args.app_id, args.config.as_deref(), "kit")?;
    // Only the profile's app ID is used: its secret is never read.
    let profile = match &args.config {
        Some(config) => Some(args.profile.load(config)?),
        None => None,
    };
    let app_id = app_id(args.app_id, profile.as_ref(), "kit")?;
    let token = input::token(&args.token, stdin)?;
    let user_name = args.user_name.as_deref().unwrap_or(&args.user_id);
    let kit = KitToken::new(app_id, &token, &args.room, &args.user_id, user_name)?;
    writeln!(out, "{kit}").map_err(CliError::Output)
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
