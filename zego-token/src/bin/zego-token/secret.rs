//! Where a secret comes from: the server secret (`SecretArgs`) or the
//! callback secret (`CallbackSecretArgs`). Never from an argument: argv is
//! visible to every user of the machine through `ps`.
//!
//! Both sets of flags resolve to a [`Source`], read by one function for
//! either kind of [`Secret`], so the two follow the same rules (which flag
//! wins, the bounded stdin read, the one newline ignored).
//!
//! `--config PATH` is one more member of each group: the config's profile
//! names the secret's variable or file (`secret_env` / `secret_file`, or
//! `callback_secret_env` / `callback_secret_file`), so it cannot be combined
//! with the other sources. For the server secret it also brings the app
//! ID, lifetime and mode, which `load` hands back for the command to use.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use zego_token::callback::{CallbackSecret, DEFAULT_CALLBACK_SECRET_ENV};
use zego_token::{Profile, ServerSecret, Verifier};
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

impl Loaded {
    /// A verifier for the app `app_id` names, else the profile's (a flag
    /// wins over the config, as everywhere), else for any app.
    pub fn verifier(self, app_id: Option<u32>) -> Result<Verifier, CliError> {
        match app_id.or(self.profile.as_ref().map(Profile::app_id)) {
            Some(app_id) => Ok(Verifier::new(app_id, self.secret)?),
            None => Ok(Verifier::for_any_app(self.secret)),
        }
    }
}

impl SecretArgs {
    /// Refuses `--secret-stdin` with a TOKEN of `-` for `command`: both
    /// would read standard input. Called before anything is read.
    pub fn refuse_two_stdin_reads(
        &self,
        token: &str,
        command: &'static str,
    ) -> Result<(), CliError> {
        if self.secret_stdin && token == "-" {
            return Err(CliError::Usage {
                command,
                message: "--secret-stdin and a TOKEN of - cannot both read standard input",
            });
        }
        Ok(())
    }

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
        Source::chosen(
            self.secret_env.as_deref(),
            self.secret_file.as_deref(),
            self.secret_stdin,
            DEFAULT_ENV,
        )
        .read(stdin)
    }
}

/// The callback secret's flags, for `verify-callback`; at most one may be
/// given. `--config` is one of them: its profile names the callback
/// secret's variable or file (`callback_secret_env`, `callback_secret_file`).
#[derive(Debug, Args)]
#[group(id = "callback-secret-source", multiple = false)]
#[command(
    next_help_heading = "Callback secret, or a config naming it (default: the ZEGO_CALLBACK_SECRET variable)"
)]
pub struct CallbackSecretArgs {
    /// Read the callback secret from the environment variable NAME.
    #[arg(long, value_name = "NAME")]
    pub secret_env: Option<String>,

    /// Read the callback secret from a file (one trailing newline is ignored).
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,

    /// Read the callback secret from standard input (one trailing newline is ignored).
    #[arg(long)]
    pub secret_stdin: bool,

    #[arg(long, value_name = "PATH", help = CALLBACK_CONFIG_HELP)]
    pub config: Option<PathBuf>,
}

/// What `--config` says in `verify-callback`.
const CALLBACK_CONFIG_HELP: &str = "Take the callback secret's source (callback_secret_env \
or callback_secret_file, else the ZEGO_CALLBACK_SECRET variable) from this TOML config file; \
a relative callback_secret_file is read from the working directory";

impl CallbackSecretArgs {
    /// Loads the callback secret from the chosen source; with `--config`,
    /// from the source the profile `profile` picks names, as the library's
    /// `Profile::read_callback_secret` reads it.
    pub fn load(
        &self,
        profile: &ProfileArgs,
        stdin: &mut dyn Read,
    ) -> Result<CallbackSecret, CliError> {
        if let Some(config) = &self.config {
            return Ok(profile.load(config)?.read_callback_secret()?);
        }
        Source::chosen(
            self.secret_env.as_deref(),
            self.secret_file.as_deref(),
            self.secret_stdin,
            DEFAULT_CALLBACK_SECRET_ENV,
        )
        .read(stdin)
    }
}

/// Where one secret is read from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Env(&'a str),
    File(&'a Path),
    Stdin,
}

impl<'a> Source<'a> {
    /// The source the flags name (clap lets at most one through), else the
    /// default variable.
    fn chosen(
        env: Option<&'a str>,
        file: Option<&'a Path>,
        stdin: bool,
        default_env: &'a str,
    ) -> Self {
        match (env, file, stdin) {
            (_, Some(path), _) => Source::File(path),
            (_, _, true) => Source::Stdin,
            (var, None, false) => Source::Env(var.unwrap_or(default_env)),
        }
    }

    /// Reads a secret of kind `S` from here. Errors name the source, never
    /// the value.
    pub fn read<S: Secret>(self, stdin: &mut dyn Read) -> Result<S, CliError> {
        match self {
            Source::Env(var) => S::from_env(var),
            Source::File(path) => S::from_file(path),
            Source::Stdin => {
                // A secret is short: anything much longer is a mistake, and
                // reading it all would only keep more secret-ish bytes around.
                let text = Zeroizing::new(read_limited(stdin, 1024, "the secret")?);
                S::from_bytes(zego_token_rules::without_trailing_newline(&text))
            }
        }
    }
}

/// A kind of secret the CLI reads: the library's constructors for it.
pub trait Secret: Sized {
    fn from_env(var: &str) -> Result<Self, CliError>;
    fn from_file(path: &Path) -> Result<Self, CliError>;
    fn from_bytes(bytes: &[u8]) -> Result<Self, CliError>;
}

impl Secret for ServerSecret {
    fn from_env(var: &str) -> Result<Self, CliError> {
        Ok(ServerSecret::from_env(var)?)
    }

    fn from_file(path: &Path) -> Result<Self, CliError> {
        Ok(ServerSecret::from_file(path)?)
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, CliError> {
        Ok(ServerSecret::from_bytes(bytes)?)
    }
}

impl Secret for CallbackSecret {
    fn from_env(var: &str) -> Result<Self, CliError> {
        Ok(CallbackSecret::from_env(var)?)
    }

    fn from_file(path: &Path) -> Result<Self, CliError> {
        Ok(CallbackSecret::from_file(path)?)
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, CliError> {
        Ok(CallbackSecret::from_bytes(bytes)?)
    }
}
