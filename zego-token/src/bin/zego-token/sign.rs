//! `zego-token sign`: the common parameters of one server API request, or
//! with `--action` a complete signed URL (for curl, a browser, Postman).

use std::io::{Read, Write};

use clap::Args;
use serde::Serialize;
use zego_token::server_api::{ApiSigner, CommonParams, Region, Service};

use crate::config::{self, ProfileArgs, app_id};
use crate::error::CliError;
use crate::output;
use crate::secret::SecretArgs;

const AFTER_HELP: &str = "\
The signature is valid for 10 minutes and authorizes any API call for the app:
treat the output as a credential, and sign again for every request.

Examples:
  zego-token sign --app-id 1234567890
  zego-token sign --config zego.toml --profile staging --json
  curl \"$(zego-token sign --app-id 1234567890 --action DescribeUserNum --param 'RoomId[]=room1')\"
  zego-token sign --app-id 1234567890 --action QueryUserOnlineState --service zim --region fra \\
    --param 'UserId[]=alice'";

/// Sign a server API request: print its common parameters (AppId,
/// SignatureNonce, Timestamp, Signature, SignatureVersion) as a query string,
/// or with --action a complete URL.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct SignArgs {
    /// The app ID from the ZEGO console (not with --config, which names the
    /// app together with its secret).
    #[arg(long, value_name = "N", required_unless_present = "config")]
    pub app_id: Option<u32>,

    /// Print {"AppId","SignatureNonce","Timestamp","Signature","SignatureVersion"}
    /// (+ "Url" with --action).
    #[arg(long)]
    pub json: bool,

    /// Print a complete URL calling this API action (DescribeUserNum, StartMix, ...).
    #[arg(long, value_name = "NAME")]
    pub action: Option<String>,

    /// With --action: a parameter of the action, KEY=VALUE (repeatable; repeat
    /// a KEY such as 'RoomId[]' for a list). Escaped for the URL.
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_param, requires = "action")]
    pub params: Vec<Param>,

    /// With --action: the API base URL [default: https://rtc-api.zego.im/].
    #[arg(long, value_name = "URL", value_parser = parse_base, requires = "action", conflicts_with_all = ["service", "region"])]
    pub base: Option<String>,

    /// With --action: the service whose host to call: rtc, zim, auth,
    /// whiteboard, cloudrecord or mini-game [default: rtc].
    #[arg(long, value_name = "NAME", requires = "action")]
    pub service: Option<Service>,

    /// With --action: the region of the host: sha, hkg, fra, lax, bom, sgp,
    /// or unified [default: unified].
    #[arg(long, value_name = "CODE", requires = "action")]
    pub region: Option<Region>,

    #[command(flatten)]
    pub fixed: FixedSignArgs,

    #[command(flatten)]
    pub secret: SecretArgs,

    #[command(flatten)]
    pub profile: ProfileArgs,
}

/// The deterministic seam, for reproducing known answers.
#[derive(Debug, Args)]
#[command(next_help_heading = "Testing aid (reproduce known answers; never for real requests)")]
pub struct FixedSignArgs {
    /// The SignatureNonce instead of a random one.
    #[arg(long, value_name = "TEXT", requires = "fixed_timestamp")]
    pub fixed_nonce: Option<String>,

    /// The Timestamp (unix seconds) instead of the clock.
    #[arg(
        long,
        value_name = "SECS",
        requires = "fixed_nonce",
        allow_negative_numbers = true
    )]
    pub fixed_timestamp: Option<i64>,
}

/// One `--param KEY=VALUE`.
#[derive(Debug, Clone)]
pub struct Param {
    key: String,
    value: String,
}

/// Names the signer sets: a `--param` may not replace them.
const RESERVED: [&str; 6] = [
    "Action",
    "AppId",
    "SignatureNonce",
    "Timestamp",
    "Signature",
    "SignatureVersion",
];

fn parse_param(text: &str) -> Result<Param, String> {
    let (key, value) = text
        .split_once('=')
        .ok_or("expected KEY=VALUE, such as RoomId[]=room1")?;
    if key.is_empty() {
        return Err("the KEY before '=' is empty".into());
    }
    if RESERVED.contains(&key) {
        return Err(
            "Action and the common parameters are set by sign itself, not by --param".into(),
        );
    }
    Ok(Param {
        key: key.to_owned(),
        value: value.to_owned(),
    })
}

fn parse_base(text: &str) -> Result<String, String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or("expected an https:// (or http://) URL, such as https://rtc-api-fra.zego.im/")?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(['#', ' ']) {
        return Err("expected a URL with a host and no fragment or spaces".into());
    }
    Ok(text.to_owned())
}

/// The `--json` output, keys in this order.
#[derive(Serialize)]
struct Signed<'a> {
    #[serde(flatten)]
    params: &'a CommonParams,
    #[serde(rename = "Url", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

pub fn run(args: &SignArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<(), CliError> {
    config::refuse_app_id_with_config(args.app_id, args.secret.config.as_deref(), "sign")?;
    let loaded = args.secret.load(&args.profile, stdin)?;
    let app_id = app_id(args.app_id, loaded.profile.as_ref(), "sign")?;
    let signer = ApiSigner::new(app_id, loaded.secret)?;
    let params = match (&args.fixed.fixed_nonce, args.fixed.fixed_timestamp) {
        (Some(nonce), Some(timestamp)) => signer.sign_fixed(nonce, timestamp),
        // clap's `requires` makes the two all-or-nothing.
        _ => signer.sign(),
    };
    let url = args.action.as_ref().map(|action| {
        let base = args.base.clone().unwrap_or_else(|| {
            args.service
                .unwrap_or(Service::Rtc)
                .base_url(args.region.unwrap_or_default())
        });
        let pairs = args.params.iter().map(|p| (&p.key, &p.value));
        params.to_url(&base, action, pairs)
    });

    let written = if args.json {
        let signed = Signed {
            params: &params,
            url: url.as_deref(),
        };
        output::write_json(out, &signed)
    } else {
        match &url {
            Some(url) => writeln!(out, "{url}"),
            None => writeln!(out, "{}", params.to_query_string()),
        }
    };
    written.map_err(CliError::Output)
}
