//! Where the server secret comes from. Never from an argument: argv is
//! visible to every user of the machine through `ps`.
//!
//! `--config PATH` is one more member of the group: the config's profile
//! names the secret's variable or file, so it cannot be combined with the
//! other sources. It also brings the app ID, lifetime and mode, which
//! `load` hands back for the command to use.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use zego_token::{Profile, ServerSecret};
use zeroize::Zeroizing;

use crate::config::{CONFIG_HELP, ProfileArgs};
use crate::error::CliError;
use crate::input::read_limited;

/// The variable read when no other source is given: the library's default,
/// as in config files and the derive.
pub use zego_token::DEFAULT_SECRET_ENV as DEFAULT_ENV;

/// The secret-source flags shared by every command that needs the secret;
/// at most one of them may be given.
#[derive(Debug, Args)]
#[group(id = "secret-source", multiple = false)]
#[command(
    next_help_heading = "Server secret, or a config naming it (default: the ZEGO_SERVER_SECRET variable)"
)]
pub struct SecretArgs {
    /// Read the secret from the environment variable NAME.
    #[arg(long, value_name = "NAME")]
    pub secret_env: Option<String>,

    /// Read the secret from a file (one trailing newline is ignored).
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,

    /// Read the secret from standard input (one trailing newline is ignored).
    #[arg(long)]
    pub secret_stdin: bool,

    #[arg(long, value_name = "PATH", help = CONFIG_HELP)]
    pub config: Option<PathBuf>,
}

/// The secret, and the config profile when it came from `--config`.
#[derive(Debug)]
pub struct Loaded {
    pub secret: ServerSecret,
    pub profile: Option<Profile>,
}

impl SecretArgs {
    /// Loads the secret from the chosen source; with `--config`, also the
    /// profile `profile` picks (whose app ID, ttl and mode the command uses
    /// unless its own flags say otherwise).
    pub fn load(&self, profile: &ProfileArgs, stdin: &mut dyn Read) -> Result<Loaded, CliError> {
        if let Some(config) = &self.config {
            let profile = profile.load(config)?;
            return Ok(Loaded {
                secret: profile.read_secret()?,
                profile: Some(profile),
            });
        }
        Ok(Loaded {
            secret: self.load_secret(stdin)?,
            profile: None,
        })
    }

    fn load_secret(&self, stdin: &mut dyn Read) -> Result<ServerSecret, CliError> {
        if let Some(path) = &self.secret_file {
            return Ok(ServerSecret::from_file(path)?);
        }
        if self.secret_stdin {
            // A secret is 32 bytes: anything much longer is a mistake, and
            // reading it all would only keep more secret-ish bytes around.
            let text = Zeroizing::new(read_limited(stdin, 1024, "the secret")?);
            let line = text
                .strip_suffix(b"\r\n")
                .or_else(|| text.strip_suffix(b"\n"))
                .unwrap_or(&text);
            return Ok(ServerSecret::from_bytes(line)?);
        }
        let var = self.secret_env.as_deref().unwrap_or(DEFAULT_ENV);
        Ok(ServerSecret::from_env(var)?)
    }
}
