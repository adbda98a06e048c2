//! The failures a command can end with, and how each is reported.

use std::fmt;
use std::io;

/// Why a command failed. `Display` is the single stderr line; none of the
/// variants can carry the server secret.
#[derive(Debug)]
pub enum CliError {
    /// The library refused the input or the token.
    Token(zego_token::Error),
    /// A callback, or the callback secret, was refused.
    Callback(zego_token::callback::CallbackError),
    /// Standard input could not be read or is not what was asked for.
    Input(String),
    /// An argument combination clap cannot check by itself (exit status 2).
    Usage {
        /// The subcommand whose usage line to show.
        command: &'static str,
        /// What is wrong.
        message: &'static str,
    },
    /// Standard output could not be written.
    Output(io::Error),
    /// `check` found errors (already printed): a ZEGO client or server
    /// would refuse the token.
    Refused {
        /// How many findings are errors.
        errors: usize,
    },
}

impl From<zego_token::Error> for CliError {
    fn from(err: zego_token::Error) -> Self {
        CliError::Token(err)
    }
}

impl From<zego_token::callback::CallbackError> for CliError {
    fn from(err: zego_token::callback::CallbackError) -> Self {
        CliError::Callback(err)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Token(err) => match err.code() {
                Some(code) => write!(f, "error (code {code}): {err}"),
                None => write!(f, "error: {err}"),
            },
            // A callback recorded earlier (or ZEGO's documented example) is
            // stale against the clock: say how to check it anyway.
            CliError::Callback(err @ zego_token::callback::CallbackError::Stale { .. }) => write!(
                f,
                "error: {err} (to check a recorded callback, give its time with --now SECS, or widen --tolerance)"
            ),
            CliError::Callback(err) => write!(f, "error: {err}"),
            CliError::Input(message) => write!(f, "error: {message}"),
            CliError::Usage { message, .. } => write!(f, "error: {message}"),
            CliError::Output(err) => write!(f, "error: cannot write the output: {err}"),
            CliError::Refused { errors: 1 } => {
                f.write_str("error: a ZEGO client or server would refuse this token: 1 error")
            }
            CliError::Refused { errors } => write!(
                f,
                "error: a ZEGO client or server would refuse this token: {errors} errors"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zego_token::{Issuer, ServerSecret};

    #[test]
    fn token_errors_carry_the_official_code_when_there_is_one() {
        let secret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");
        let err = Issuer::new(1, secret).unwrap().issue("").unwrap_err();
        assert_eq!(
            CliError::from(err).to_string(),
            "error (code 3): user ID is empty (ZEGO client error 1002005)"
        );
        let err = zego_token::inspect("03abc").unwrap_err();
        assert_eq!(
            CliError::from(err).to_string(),
            "error: not a token04: a ZEGO token04 starts with \"04\""
        );
    }
}
