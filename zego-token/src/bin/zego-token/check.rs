//! `zego-token check`: every problem a ZEGO client or server would raise
//! with a token, each with ZEGO's error code (`zego_token::check`).

use std::io::{Read, Write};

use clap::Args;
use serde::Serialize;
use zego_token::check::{Charset, Checker, Report};
use zego_token::{Product, dangerous, escape};

use crate::config::ProfileArgs;
use crate::error::CliError;
use crate::secret::SecretArgs;
use crate::{input, kit, output, rules, time};

const AFTER_HELP: &str = "\
The offline counterpart of the ZEGO console's token checker. The token is
decoded leniently, as `decode` does (tokens from every official generator, or a
UIKit kit token pasted whole), then checked as ZEGO's clients and servers will:
version, encoding, the secret, the claims against ZEGO's rules for the product
(user ID, payload and privilege, room and stream IDs, lifetime, expiry before
2038), the app, user and room the client logs in with, and the clock. Each
finding is an error (a ZEGO client or server refuses the token) or a warning,
with ZEGO's client error code where it has one: 1002075 to 1002079, 1002006,
1002012 and 1000016 from the Express SDK; 6000103 to 6000109 from ZIM. (The
Express Web SDK reports a token the server refuses as 1102016 or 1102018.)
An RTC token is also held to ZIM's rules, as warnings: ZEGO's React Native
UIKits hand the same token to ZIM.

Exit status: 0 when no finding is an error (warnings allowed), 1 when one is
(or the secret or a flag is unusable), 2 for a usage error.

Examples:
  zego-token check 04AAAAAGVT...
  zego-token check --app-id 1234567890 --user-id alice --room room1 04AAAAAGVT...
  zego-token check --product zim --json 04AAAAAGVT...
  zego-token check '04AAAAAGVT...#eyJ1c2VySUQiOi...'   # a kit token
  zego-token check --config zego.toml --profile staging - < token.txt";

/// Check a token as ZEGO's clients will: every problem, with ZEGO's error codes
/// (needs the secret).
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct CheckArgs {
    /// The app ID the client uses: a token for another is an error (1002076)
    /// [default: with --config, the profile's app ID].
    #[arg(long, value_name = "N")]
    pub app_id: Option<u32>,

    /// The user ID the client logs in with: a token for another is an error
    /// (1002077).
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,

    /// The room the client logs in to: a privilege for another room is an error.
    #[arg(long, value_name = "ROOM")]
    pub room: Option<String>,

    /// Whose rules and error codes: rtc (Express SDK), zim, or rtc+zim (a
    /// token a UIKit hands to both logins) [default: with
    /// --config, the profile's product, else rtc].
    #[arg(long, value_name = "PRODUCT", value_parser = rules::product_parser())]
    pub product: Option<Product>,

    /// The characters IDs may use: portable (what every ZEGO client accepts) or
    /// extended (the widest sets ZEGO documents; only when every client of the
    /// app takes them) [default: with --config, the profile's id_charset, else
    /// portable].
    #[arg(long, value_name = "SET", value_parser = rules::charset_parser())]
    pub id_charset: Option<Charset>,

    /// Print {"ok","product","errors","warnings",
    /// "findings":[{"severity","subject","code","message"}]}.
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
struct Checked<'a> {
    ok: bool,
    product: &'static str,
    errors: usize,
    warnings: usize,
    findings: Vec<Found<'a>>,
}

/// One finding in `--json` output, keys in this order.
#[derive(Serialize)]
struct Found<'a> {
    severity: &'static str,
    subject: &'static str,
    code: Option<u32>,
    message: &'a str,
}

pub fn run(args: &CheckArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<(), CliError> {
    args.secret.refuse_two_stdin_reads(&args.token, "check")?;
    let loaded = args.secret.load(&args.profile, stdin)?;
    let text = input::token(&args.token, stdin)?;
    let now = time::now();

    // As in `decode`: explicit flags win over the config's values.
    let product = args
        .product
        .or(loaded.profile.as_ref().map(|p| p.product()))
        .unwrap_or_default();
    let id_charset = args
        .id_charset
        .or(loaded.profile.as_ref().map(|p| p.id_charset()))
        .unwrap_or_default();
    let verifier = loaded.verifier(args.app_id)?;
    let mut checker = Checker::new(verifier)
        .with_product(product)
        .with_charset(id_charset);
    if let Some(user_id) = &args.user_id {
        checker = checker.with_user_id(user_id);
    }
    if let Some(room) = &args.room {
        checker = checker.with_room_id(room);
    }
    let report = checker.check_at(&text, now);

    let errors = report.errors().count();
    let written = if args.json {
        output::write_json(out, &checked(&report, errors))
    } else {
        write_human(out, &report, errors, now)
    };
    written.map_err(CliError::Output)?;
    match errors {
        0 => Ok(()),
        errors => Err(CliError::Refused { errors }),
    }
}

fn checked(report: &Report, errors: usize) -> Checked<'_> {
    Checked {
        ok: errors == 0,
        product: report.product().as_str(),
        errors,
        warnings: report.findings().len() - errors,
        findings: report
            .findings()
            .iter()
            .map(|f| Found {
                severity: f.severity().as_str(),
                subject: f.subject().as_str(),
                code: f.code(),
                message: f.message(),
            })
            .collect(),
    }
}

fn write_human(
    out: &mut dyn Write,
    report: &Report,
    errors: usize,
    now: i64,
) -> std::io::Result<()> {
    // What the token says, for a token that may be bad: a support tool's
    // view, hence the unvalidated read, escaped as every output is.
    if let Some(decrypted) = report.decrypted() {
        let claims = dangerous::unvalidated_claims(decrypted);
        writeln!(out, "app_id     {}", claims.app_id)?;
        writeln!(out, "user_id    {}", escape(&claims.user_id))?;
        writeln!(out, "expire     {}", time::expiry(claims.expire, now))?;
        let lifetime = claims.expire.saturating_sub(claims.ctime);
        writeln!(
            out,
            "lifetime   {lifetime} s ({})",
            time::span(lifetime.unsigned_abs())
        )?;
        if !claims.payload.is_empty() {
            writeln!(out, "payload    {}", escape(&claims.payload))?;
        }
    }
    if let Some(kit) = report.kit() {
        kit::write_fields(out, kit)?;
    }
    let product = report.product();
    let also = match product {
        Product::Rtc => " (and ZIM's as warnings, for React Native UIKits)",
        Product::Zim | Product::RtcAndZim => "",
    };
    writeln!(
        out,
        "rules      {product}{also}, {} characters",
        report.charset()
    )?;
    for finding in report.findings() {
        writeln!(out, "{:<10} {finding}", finding.severity())?;
    }
    let warnings = report.findings().len() - errors;
    let result = match (errors, warnings) {
        (0, 0) => "ok".to_owned(),
        (0, w) => format!("ok, {}", count(w, "warning")),
        (e, 0) => count(e, "error"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    };
    writeln!(out, "result     {result}")
}

/// "1 error", "2 errors".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
