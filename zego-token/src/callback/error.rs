//! Why a callback, or its secret, was refused.
//!
//! Messages are one line and never contain the callback secret; text from
//! the request or a path is escaped and shortened.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::FileProblem;
use crate::text::Shown;

/// Why a callback was refused, or its secret could not be loaded.
///
/// For a callback handler: [`CallbackError::Mismatch`] and
/// [`CallbackError::Stale`] mean "not from ZEGO, or replayed"; the field
/// and body variants mean the request is not a ZEGO callback at all. Answer
/// all of them with a 4xx status and do not act on the request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// The callback secret is empty, too long, or cannot be read.
    #[error("invalid callback secret: {0}")]
    Secret(CallbackSecretProblem),

    /// The request has no `timestamp`, `nonce` or `signature` field.
    #[error("the callback has no `{0}` field")]
    MissingField(&'static str),

    /// A field is there but cannot be what ZEGO sends.
    #[error("the callback's `{field}` {problem}")]
    InvalidField {
        /// `timestamp`, `nonce` or `signature`.
        field: &'static str,
        /// What is wrong, such as "appears more than once".
        problem: &'static str,
    },

    /// The body is not the JSON object ZEGO sends.
    #[error("the callback body is not a JSON object: {}", Shown(.0))]
    Body(String),

    /// The signature is not the one the callback secret gives for this
    /// timestamp and nonce: the request is not from ZEGO (or was signed
    /// with another app's secret).
    #[error("the callback's signature does not match: it was not signed with this callback secret")]
    Mismatch,

    /// The signature is genuine but the timestamp is further from now than
    /// the verifier's tolerance: a replay, or a clock that is off.
    #[error("{}", stale(*.timestamp, *.now, *.tolerance))]
    Stale {
        /// The callback's timestamp, unix seconds.
        timestamp: i64,
        /// The time it was checked against, unix seconds.
        now: i64,
        /// The verifier's tolerance.
        tolerance: Duration,
    },
}

fn stale(timestamp: i64, now: i64, tolerance: Duration) -> String {
    let (distance, side) = if timestamp <= now {
        (now.abs_diff(timestamp), "before")
    } else {
        (timestamp.abs_diff(now), "after")
    };
    format!(
        "the callback is stale: its timestamp {timestamp} is {distance} s {side} now ({now}), more than the {} s accepted",
        tolerance.as_secs()
    )
}

/// Why a callback secret was refused. No variant holds the secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallbackSecretProblem {
    /// The secret is empty.
    Empty,
    /// The secret is longer than [`CallbackSecret::MAX_LEN`](super::CallbackSecret::MAX_LEN).
    TooLong {
        /// Its length in bytes (at least one more than the limit).
        len: usize,
    },
    /// The environment variable is not set.
    EnvMissing {
        /// The variable's name.
        var: String,
    },
    /// The environment variable's value was refused.
    EnvValue {
        /// The variable's name.
        var: String,
        /// Why.
        problem: Box<CallbackSecretProblem>,
    },
    /// The name given for the variable looks like a secret itself (32 hex
    /// digits): it is not looked up, nor shown.
    SecretAsEnvName,
    /// The file cannot be read: missing, unreadable, not a regular file
    /// (a FIFO, a device, a directory), or larger than
    /// [`CallbackSecret::MAX_LEN`](super::CallbackSecret::MAX_LEN) and a
    /// newline.
    File {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        problem: FileProblem,
    },
    /// The path given for the file looks like a secret itself (32 hex
    /// digits): it is not opened, nor shown.
    SecretAsPath,
    /// The file's content was refused.
    FileValue {
        /// The file.
        path: PathBuf,
        /// Why.
        problem: Box<CallbackSecretProblem>,
    },
}

impl std::fmt::Display for CallbackSecretProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallbackSecretProblem::Empty => f.write_str("it is empty"),
            CallbackSecretProblem::TooLong { len } => write!(
                f,
                "it is {len} bytes, at most {} are accepted",
                super::CallbackSecret::MAX_LEN
            ),
            CallbackSecretProblem::EnvMissing { var } => {
                write!(f, "environment variable {} is not set", Shown(var))
            }
            CallbackSecretProblem::EnvValue { var, problem } => {
                write!(f, "environment variable {}: {problem}", Shown(var))
            }
            CallbackSecretProblem::SecretAsEnvName => f.write_str(
                "the environment variable's name looks like a secret itself, so it is not shown: put the secret in the environment and give the variable's name",
            ),
            CallbackSecretProblem::File { path, problem } => {
                write!(
                    f,
                    "cannot read {}: {problem}",
                    Shown(&path.to_string_lossy())
                )
            }
            CallbackSecretProblem::SecretAsPath => f.write_str(
                "the secret file's path looks like a secret itself, so it is not shown: put the secret in a file and give the file's path",
            ),
            CallbackSecretProblem::FileValue { path, problem } => {
                write!(f, "{}: {problem}", Shown(&path.to_string_lossy()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_says_which_side_and_by_how_much() {
        let past = CallbackError::Stale {
            timestamp: 1000,
            now: 1400,
            tolerance: Duration::from_secs(300),
        };
        assert_eq!(
            past.to_string(),
            "the callback is stale: its timestamp 1000 is 400 s before now (1400), more than the 300 s accepted"
        );
        let future = CallbackError::Stale {
            timestamp: 2000,
            now: 1000,
            tolerance: Duration::from_secs(300),
        };
        assert!(future.to_string().contains("is 1000 s after now (1000)"));
    }

    #[test]
    fn secret_problems_name_the_source_not_the_value() {
        let err = CallbackError::Secret(CallbackSecretProblem::EnvValue {
            var: "ZEGO_CALLBACK_SECRET".into(),
            problem: Box::new(CallbackSecretProblem::Empty),
        });
        assert_eq!(
            err.to_string(),
            "invalid callback secret: environment variable ZEGO_CALLBACK_SECRET: it is empty"
        );
        let err = CallbackSecretProblem::File {
            path: "/dev/zero\n".into(),
            problem: FileProblem::NotRegular(crate::error::NotRegular::CharDevice),
        };
        assert_eq!(
            err.to_string(),
            "cannot read /dev/zero\\n: it is a character device, not a regular file"
        );
    }
}
