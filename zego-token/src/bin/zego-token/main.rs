//! `zego-token`: mint, decode, inspect and check ZEGO token04s offline, in a terminal;
//! sign server API requests and verify callbacks.
//!
//! One module per command (`issue`, `decode`, `inspect`, `check`, `kit`,
//! `sign`, `verify_callback`); `secret` says where the server and callback secrets
//! come from, `config` reads `--config` files, `input` reads TOKEN arguments,
//! `rules` parses `--product` and `--id-charset`, `time` formats instants
//! and parses lifetimes, `output` writes text from
//! tokens escaped, `error` turns failures into the one stderr line and the
//! exit code.
#![forbid(unsafe_code)]

mod check;
mod config;
mod decode;
mod error;
mod input;
mod inspect;
mod issue;
mod kit;
mod output;
mod rules;
mod secret;
mod sign;
mod time;
mod verify_callback;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::error::CliError;

const AFTER_HELP: &str = "\
The server secret never comes from an argument (other users can read argv with `ps`).
Commands that need it take it from one of:
  --secret-stdin        standard input (one trailing newline is ignored)
  --secret-file PATH    a file holding the 32 characters (one trailing newline is ignored)
  --secret-env NAME     the environment variable NAME
  --config PATH         the secret_env or secret_file a TOML config names
                        (which also gives the app ID, ttl and mode; --profile NAME
                        picks a [profiles.NAME] table instead of the top level)
  (none of these)       the environment variable ZEGO_SERVER_SECRET
verify-callback takes the callback secret (not the server secret) from
--secret-stdin, --secret-file, --secret-env NAME or --config PATH (its
callback_secret_env or callback_secret_file), else ZEGO_CALLBACK_SECRET.

Wherever a TOKEN is taken, `-` reads it from standard input.

Exit status: 0 success, 1 invalid input, token or callback (one line on stderr),
2 usage error.

Examples:
  export ZEGO_SERVER_SECRET=...   # 32 characters from the ZEGO console
  zego-token issue --app-id 1234567890 --user-id alice | zego-token decode -
  zego-token issue --config zego.toml --profile staging --user-id alice \\
    | zego-token decode --config zego.toml --profile staging -
  zego-token check --app-id 1234567890 --user-id alice --room room1 04AAAAAGVT...

Install or update, with the dependency versions it was tested with:
  cargo install zego-token --features cli --locked";

/// Mint, decode, inspect and check ZEGO token04 authentication tokens; sign server
/// API requests and verify callbacks.
#[derive(Debug, Parser)]
#[command(name = "zego-token", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Issue(issue::IssueArgs),
    Decode(decode::DecodeArgs),
    Inspect(inspect::InspectArgs),
    Check(check::CheckArgs),
    Kit(kit::KitArgs),
    Sign(sign::SignArgs),
    VerifyCallback(verify_callback::VerifyCallbackArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = io::stdout().lock();
    let mut stdin = io::stdin().lock();
    let result = match cli.command {
        Command::Issue(args) => issue::run(&args, &mut stdin, &mut stdout),
        Command::Decode(args) => decode::run(&args, &mut stdin, &mut stdout),
        Command::Inspect(args) => inspect::run(&args, &mut stdin, &mut stdout),
        Command::Check(args) => check::run(&args, &mut stdin, &mut stdout),
        Command::Kit(args) => kit::run(&args, &mut stdin, &mut stdout),
        Command::Sign(args) => sign::run(&args, &mut stdin, &mut stdout),
        Command::VerifyCallback(args) => verify_callback::run(&args, &mut stdin, &mut stdout),
    }
    .and_then(|()| stdout.flush().map_err(CliError::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A combination clap cannot express as a rule: report it the way
        // clap reports every other usage error (exit status 2).
        Err(CliError::Usage { command, message }) => {
            let mut cli = Cli::command();
            cli.build(); // names the subcommands "zego-token <command>" in usage lines
            let mut cli = cli.find_subcommand_mut(command).cloned().unwrap_or(cli);
            cli.error(clap::error::ErrorKind::ArgumentConflict, message)
                .exit()
        }
        // `zego-token issue | head -c 10`: the reader left, nothing to report.
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            // No message names a secret; should one ever quote a word
            // shaped like one (a name or a path the user mistyped), it is
            // redacted here, the one place errors are printed.
            let line = err.to_string();
            let line = zego_token_rules::redact_secrets(&line);
            // Ignore a failing stderr: there is nowhere left to report to.
            let _ = writeln!(io::stderr().lock(), "{line}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        // Catches conflicting names, dangling `requires` and bad defaults,
        // which clap otherwise reports only when the argument is used.
        Cli::command().debug_assert();
    }

    #[test]
    fn help_states_the_library_defaults() {
        // Help texts are literals; this keeps them true to the one source.
        let mut cli = Cli::command();
        let issue = cli.find_subcommand_mut("issue").unwrap().render_long_help();
        let issue = issue.to_string();
        assert!(AFTER_HELP.contains(zego_token::DEFAULT_SECRET_ENV));
        assert!(AFTER_HELP.contains(zego_token::callback::DEFAULT_CALLBACK_SECRET_ENV));
        assert!(issue.contains(&format!("the {} variable", zego_token::DEFAULT_SECRET_ENV)));
        assert_eq!(zego_token::DEFAULT_TTL.as_secs(), 3600);
        assert!(issue.contains("else 1h"), "{issue}");
        assert_eq!(zego_token::Mode::default(), zego_token::Mode::Cbc);
        assert!(issue.contains("else CBC"), "{issue}");
    }
}
