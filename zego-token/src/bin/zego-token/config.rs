//! `--config PATH [--profile NAME]`: the app ID, the secret's source, the
//! lifetime and the mode from a TOML file (`zego_token::Config`'s schema).
//!
//! `--config` itself is declared where it must conflict with the other
//! secret sources (`SecretArgs`), or on its own by `kit`, which needs no
//! secret; `--profile` lives here, beside it, because a clap group cannot
//! hold a flattened struct.

use std::path::Path;

use clap::Args;
use zego_token::{Config, Profile};

use crate::error::CliError;

/// What `--config` says about its flag, wherever it is declared.
pub const CONFIG_HELP: &str = "Take the app ID, ttl, mode and the secret's source \
(secret_env or secret_file) from this TOML config file; a relative secret_file is read from \
the working directory";

/// `--profile NAME`, for the commands that take `--config`.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// With --config: use its [profiles.NAME] table instead of the top level.
    #[arg(long, value_name = "NAME", requires = "config")]
    pub profile: Option<String>,
}

impl ProfileArgs {
    /// Reads and validates `config`, then picks the chosen profile. The
    /// library's messages name no API, so they are shown as they are.
    pub fn load(&self, config: &Path) -> Result<Profile, CliError> {
        let file = Config::from_path(config)?;
        let profile = match &self.profile {
            Some(name) => file.profile(name)?,
            None => file.default_profile()?,
        };
        Ok(profile.clone())
    }
}

/// `issue` and `kit` refuse `--app-id` together with `--config`: the config
/// names the app together with its secret, and a token for another app ID
/// made with that secret is one ZEGO rejects. Called before anything is
/// read, so the usage error comes first. (Not a clap `conflicts_with`: that
/// would make clap drop `--profile`'s `requires = "config"` whenever
/// `--app-id` is given.)
pub fn refuse_app_id_with_config(
    app_id: Option<u32>,
    config: Option<&Path>,
    command: &'static str,
) -> Result<(), CliError> {
    match (app_id, config) {
        (Some(_), Some(_)) => Err(CliError::Usage {
            command,
            message: "--app-id cannot be used with --config, which names the app together with its secret",
        }),
        _ => Ok(()),
    }
}

/// The app ID of `issue` and `kit`: `--app-id`, else the profile's.
pub fn app_id(
    flag: Option<u32>,
    profile: Option<&Profile>,
    command: &'static str,
) -> Result<u32, CliError> {
    // clap requires one of the two; this keeps the rule without a panic.
    flag.or(profile.map(Profile::app_id))
        .ok_or(CliError::Usage {
            command,
            message: "give --app-id N or --config PATH",
        })
}
