//! Where the server secret comes from. Never from an argument: argv is
//! visible to every user of the machine through `ps`.
//!
//! A future `--config PATH [--profile NAME]` source belongs here, as one more
//! member of the group, so every command that needs the secret gets it.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use zego_token::ServerSecret;
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::input::read_limited;

/// The variable read when no other source is given.
pub const DEFAULT_ENV: &str = "ZEGO_SERVER_SECRET";

/// The secret-source flags shared by every command that needs the secret;
/// at most one of them may be given.
#[derive(Debug, Args)]
#[group(id = "secret-source", multiple = false)]
#[command(next_help_heading = "Server secret (default: the ZEGO_SERVER_SECRET variable)")]
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
}

impl SecretArgs {
    /// Loads the secret from the chosen source.
    pub fn load(&self, stdin: &mut dyn Read) -> Result<ServerSecret, CliError> {
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
