//! `zego-token issue`: mint a token (optionally room-scoped, GCM, or as a
//! UIKit kit token).

use std::io::{Read, Write};
use std::time::Duration;

use clap::{ArgGroup, Args};
use serde::Serialize;
use zego_token::dangerous::FixedInputs;
use zego_token::{Charset, Issuer, KitParts, KitToken, Mode, Privilege, Product, Token};

use crate::config::{self, ProfileArgs, app_id};
use crate::error::CliError;
use crate::secret::SecretArgs;
use crate::{output, rules, time};

const AFTER_HELP: &str = "\
Examples:
  zego-token issue --app-id 1234567890 --user-id alice
  zego-token issue --app-id 1234567890 --user-id alice --ttl 2h --gcm --json
  zego-token issue --app-id 1234567890 --user-id alice --room room1 --login --publish --stream s1
  zego-token issue --app-id 1234567890 --user-id alice --room room1 --login --publish --kit --user-name Alice
  zego-token issue --app-id 1234567890 --user-id alice --product zim --ttl 7d
  zego-token issue --app-id 1234567890 --user-id alice --secret-file /run/secrets/zego
  zego-token issue --config zego.toml --user-id alice
  zego-token issue --config zego.toml --profile staging --user-id alice --ttl 10m --json";

/// Mint a token and print it (one line), or a JSON object with --json.
#[derive(Debug, Args)]
#[command(
    after_help = AFTER_HELP,
    group(ArgGroup::new("grant").args(["login", "publish"]).multiple(true)),
)]
pub struct IssueArgs {
    /// The app ID from the ZEGO console (not with --config, which names the
    /// app together with its secret).
    #[arg(long, value_name = "N", required_unless_present = "config")]
    pub app_id: Option<u32>,

    /// The user the token is for: 1 to 63 bytes of ASCII letters, digits and
    /// ~!@#$^&*()_+=-`;',.<>\ (ZIM: 1 to 32 bytes of letters, digits and
    /// !#$%&()+-.;<=>@^_~), what every ZEGO client accepts.
    #[arg(long, value_name = "ID")]
    pub user_id: String,

    /// The product whose clients read the token, whose rules it must meet:
    /// rtc, zim (at most 24 days, no payload, user IDs of at most 32 bytes),
    /// or rtc+zim (a token a UIKit hands to both logins) [default: the
    /// config's product, else rtc].
    #[arg(long, value_name = "PRODUCT", value_parser = rules::product_parser())]
    pub product: Option<Product>,

    /// The characters user and room IDs may use: portable (what every ZEGO
    /// client accepts) or extended (the widest set ZEGO documents: RTC adds
    /// %, which the Web SDK's users cannot talk to) [default: the config's
    /// id_charset, else portable].
    #[arg(long, value_name = "SET", value_parser = rules::charset_parser())]
    pub id_charset: Option<Charset>,

    /// Lifetime: seconds, or a number with s, m, h or d (90s, 30m, 2h, 1d)
    /// [default: the config's ttl, else 1h].
    #[arg(long, value_name = "DURATION", value_parser = time::parse_ttl, allow_negative_numbers = true)]
    pub ttl: Option<Duration>,

    /// Encrypt with AES-256-GCM (authenticated) instead of AES-256-CBC
    /// [default: the config's mode, else CBC].
    #[arg(long)]
    pub gcm: bool,

    /// Encrypt with AES-256-CBC even when the config's mode is "gcm".
    #[arg(long, conflicts_with = "gcm")]
    pub cbc: bool,

    /// Scope the token to this room (a privilege payload); needs --login and/or --publish.
    #[arg(
        long,
        value_name = "ROOM",
        requires = "grant",
        conflicts_with = "payload"
    )]
    pub room: Option<String>,

    /// With --room: the user may log in to the room (privilege bit "1").
    #[arg(long, requires = "room")]
    pub login: bool,

    /// With --room: the user may publish streams (privilege bit "2").
    #[arg(long, requires = "room")]
    pub publish: bool,

    /// With --room: restrict publishing to this stream ID (repeatable; 1 to
    /// 255 bytes of [0-9A-Za-z_-]). Without it, any stream.
    #[arg(long = "stream", value_name = "ID", requires = "room")]
    pub streams: Vec<String>,

    /// A raw payload, carried verbatim (instead of --room): a JSON object,
    /// in the privilege shape when it has room_id, privilege or
    /// stream_id_list.
    #[arg(long, value_name = "JSON")]
    pub payload: Option<String>,

    /// Also build a UIKit Prebuilt kit token for --room (printed instead of
    /// the token; both with --json).
    #[arg(long, requires = "room")]
    pub kit: bool,

    /// With --kit: the display name in the kit token [default: the user ID].
    #[arg(long, value_name = "NAME", requires = "kit")]
    pub user_name: Option<String>,

    /// Print {"token","app_id","user_id","ctime","expire","mode"} (+ "kit_token").
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub fixed: FixedArgs,

    #[command(flatten)]
    pub secret: SecretArgs,

    #[command(flatten)]
    pub profile: ProfileArgs,
}

/// The deterministic seam of the library, for reproducing test vectors.
#[derive(Debug, Args)]
#[command(
    next_help_heading = "Testing aid (reproduce known-answer vectors; never for real tokens)"
)]
pub struct FixedArgs {
    /// Issue time in unix seconds instead of the clock.
    #[arg(long, value_name = "SECS", requires_all = ["fixed_nonce", "fixed_iv"], allow_negative_numbers = true)]
    pub fixed_ctime: Option<i64>,

    /// The claims nonce instead of a random one.
    #[arg(long, value_name = "N", requires_all = ["fixed_ctime", "fixed_iv"], allow_negative_numbers = true)]
    pub fixed_nonce: Option<i32>,

    /// The IV (16 bytes for CBC) or nonce (12 bytes for GCM), in hex, instead
    /// of a random one. Reusing an IV leaks plaintext: tests only.
    #[arg(long, value_name = "HEX", value_parser = parse_hex, requires_all = ["fixed_ctime", "fixed_nonce"])]
    pub fixed_iv: Option<Bytes>,
}

/// Decoded hex. A newtype, because clap reads a `Vec` field as "repeatable".
#[derive(Debug, Clone)]
pub struct Bytes(Vec<u8>);

fn parse_hex(text: &str) -> Result<Bytes, hex::FromHexError> {
    hex::decode(text).map(Bytes)
}

/// The `--json` output, keys in this order.
#[derive(Serialize)]
struct Issued<'a> {
    token: &'a Token,
    app_id: u32,
    user_id: &'a str,
    ctime: i64,
    expire: i64,
    mode: Mode,
    #[serde(skip_serializing_if = "Option::is_none")]
    kit_token: Option<&'a str>,
}

pub fn run(args: &IssueArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<(), CliError> {
    config::refuse_app_id_with_config(args.app_id, args.secret.config.as_deref(), "issue")?;
    let loaded = args.secret.load(&args.profile, stdin)?;
    let profile = loaded.profile.as_ref();
    // Flags given on the command line win over the profile.
    let app_id = app_id(args.app_id, profile, "issue")?;
    let mode = match (args.gcm, args.cbc) {
        (true, _) => Mode::Gcm,
        (_, true) => Mode::Cbc,
        _ => profile.map_or(Mode::default(), |p| p.mode()),
    };
    let ttl = args.ttl.or(profile.map(|p| p.ttl()));
    let product = args
        .product
        .or(profile.map(|p| p.product()))
        .unwrap_or_default();
    let id_charset = args
        .id_charset
        .or(profile.map(|p| p.id_charset()))
        .unwrap_or_default();
    // The library applies ZEGO's rules for the product to everything the
    // token carries, and refuses with the typed one-line error.
    let issuer = Issuer::new(app_id, loaded.secret)?
        .with_mode(mode)
        .with_product(product)
        .with_id_charset(id_charset);

    let privilege = args.room.as_ref().map(|room| {
        let privilege = Privilege::new(room.as_str())
            .with_login(args.login)
            .with_publish(args.publish);
        if args.streams.is_empty() {
            privilege
        } else {
            privilege.with_streams(&args.streams)
        }
    });
    let mut request = issuer.token(&args.user_id);
    if let Some(ttl) = ttl {
        request = request.with_ttl(ttl);
    }
    if let Some(privilege) = &privilege {
        request = request.with_privilege(privilege);
    }
    if let Some(payload) = &args.payload {
        request = request.with_payload(payload);
    }
    let token = match (
        &args.fixed.fixed_ctime,
        &args.fixed.fixed_nonce,
        &args.fixed.fixed_iv,
    ) {
        (Some(ctime), Some(nonce), Some(iv)) => request.issue_fixed(FixedInputs {
            ctime: *ctime,
            nonce: *nonce,
            iv: &iv.0,
        })?,
        // clap's `requires_all` makes the three all-or-nothing.
        _ => request.issue()?,
    };

    let kit_token = match (&args.room, args.kit) {
        (Some(room), true) => {
            let parts = KitParts {
                app_id,
                token: token.as_str(),
                room_id: room,
                user_id: &args.user_id,
                user_name: args.user_name.as_deref().unwrap_or(&args.user_id),
            };
            Some(KitToken::new_with_rules(parts, issuer.rules())?.to_string())
        }
        _ => None,
    };

    let written = if args.json {
        let issued = Issued {
            token: &token,
            app_id,
            user_id: &args.user_id,
            ctime: token.ctime(),
            expire: token.expire(),
            mode,
            kit_token: kit_token.as_deref(),
        };
        output::write_json(out, &issued)
    } else {
        writeln!(out, "{}", kit_token.as_deref().unwrap_or(token.as_str()))
    };
    written.map_err(CliError::Output)
}
