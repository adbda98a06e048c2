//! The CallbackSecret, kept out of logs and wiped from memory.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use zego_token_rules::{self as rules, CallbackSecretValueProblem, FileProblem};
use zeroize::Zeroizing;

use super::error::{CallbackError, CallbackSecretProblem};

// The variable [`CallbackSecret::from_env`] is usually given: the
// default `callback_secret_env` of config files and the derive, and the
// one the CLI reads when no other source is named.
pub use zego_token_rules::DEFAULT_CALLBACK_SECRET_ENV;

/// A ZEGO CallbackSecret: the key ZEGO signs the callbacks it sends your
/// server with.
///
/// It is **not** the ServerSecret: the ServerSecret mints tokens and signs
/// your requests to ZEGO; the CallbackSecret only proves that a callback
/// came from ZEGO. Find it in the ZEGO console: *Project Management*, your
/// project, *Basic Configurations* (in the Chinese console: 项目配置 >
/// 项目信息 > 配置信息), next to the ServerSecret.
///
/// Any non-empty text of at most [`MAX_LEN`](CallbackSecret::MAX_LEN)
/// bytes is accepted: ZEGO's own worked example signs with the 6-byte
/// secret `secret`. `Debug` prints a redaction, there is no `Display`, and
/// the bytes are zeroized when the value is dropped.
///
/// ```
/// use zego_token::callback::CallbackSecret;
///
/// let secret: CallbackSecret = "secret".parse()?; // or CallbackSecret::from_env("ZEGO_CALLBACK_SECRET")
/// assert_eq!(format!("{secret:?}"), "CallbackSecret(<redacted>)");
/// assert!(CallbackSecret::new("").is_err());
/// # Ok::<(), zego_token::callback::CallbackError>(())
/// ```
#[derive(Clone)]
pub struct CallbackSecret(Zeroizing<Box<[u8]>>);

impl CallbackSecret {
    /// The longest secret accepted, in bytes. ZEGO's are 32 characters;
    /// the bound keeps a wrong file (a log, a binary) from being read whole.
    pub const MAX_LEN: usize = rules::CALLBACK_SECRET_MAX_LEN;

    /// A secret from its text.
    ///
    /// # Errors
    ///
    /// [`CallbackError::Secret`] when `secret` is empty or longer than
    /// [`MAX_LEN`](CallbackSecret::MAX_LEN).
    pub fn new(secret: &str) -> Result<Self, CallbackError> {
        Self::from_bytes(secret.as_bytes())
    }

    /// A secret from its bytes.
    ///
    /// # Errors
    ///
    /// As [`CallbackSecret::new`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CallbackError> {
        Self::checked(bytes).map_err(CallbackError::Secret)
    }

    /// Reads the secret from the environment variable `var`, as it is.
    ///
    /// # Errors
    ///
    /// [`CallbackError::Secret`] naming `var` when it is unset, empty or
    /// too long. The value is never part of the error; nor is `var` when it
    /// looks like a secret itself (32 hex digits), which is refused unread.
    pub fn from_env(var: &str) -> Result<Self, CallbackError> {
        Self::read_env(var).map_err(CallbackError::Secret)
    }

    /// Reads the secret from a regular file, such as a container secret
    /// mount. One trailing newline (`\n` or `\r\n`) is ignored. The file is
    /// read as every file is (`zego-token-rules`' reader): a FIFO, a device
    /// or a directory is refused from its metadata, unopened, and a file of
    /// more than [`MAX_LEN`](CallbackSecret::MAX_LEN) + 2 bytes from its
    /// size, unread.
    ///
    /// # Errors
    ///
    /// [`CallbackError::Secret`] naming the path when it is not a readable
    /// regular file, or its content (less the newline) is empty or too
    /// long; not naming it when it looks like a secret itself (32 hex
    /// digits).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, CallbackError> {
        Self::read_file(path.as_ref()).map_err(CallbackError::Secret)
    }

    /// [`from_env`](CallbackSecret::from_env)'s secret, or why not: what a
    /// config profile and the derive report as
    /// [`Error::CallbackSecret`](crate::Error::CallbackSecret).
    pub(crate) fn read_env(var: &str) -> Result<Self, CallbackSecretProblem> {
        if rules::looks_like_secret(var) {
            return Err(CallbackSecretProblem::SecretAsEnvName);
        }
        let value = std::env::var_os(var).ok_or_else(|| CallbackSecretProblem::EnvMissing {
            var: var.to_owned(),
        })?;
        let value = Zeroizing::new(value.into_encoded_bytes());
        Self::checked(&value).map_err(|problem| CallbackSecretProblem::EnvValue {
            var: var.to_owned(),
            problem: Box::new(problem),
        })
    }

    /// [`from_file`](CallbackSecret::from_file)'s secret, or why not.
    pub(crate) fn read_file(path: &Path) -> Result<Self, CallbackSecretProblem> {
        let limit = u64::try_from(Self::MAX_LEN + 2).unwrap_or(u64::MAX);
        let content = rules::read_regular_file(path, limit).map_err(|problem| match problem {
            FileProblem::SecretShapedPath => CallbackSecretProblem::SecretAsPath,
            problem => CallbackSecretProblem::File {
                path: path.to_owned(),
                problem,
            },
        })?;
        Self::checked(rules::without_trailing_newline(&content)).map_err(|problem| {
            CallbackSecretProblem::FileValue {
                path: path.to_owned(),
                problem: Box::new(problem),
            }
        })
    }

    /// The secret in `bytes`, by the one rule of `zego-token-rules`.
    pub(crate) fn checked(bytes: &[u8]) -> Result<Self, CallbackSecretProblem> {
        match rules::callback_secret_value(bytes) {
            Ok(()) => Ok(CallbackSecret(Zeroizing::new(bytes.into()))),
            Err(CallbackSecretValueProblem::TooLong { len }) => {
                Err(CallbackSecretProblem::TooLong { len })
            }
            Err(_) => Err(CallbackSecretProblem::Empty),
        }
    }

    /// The secret's bytes, for the verifier only.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for CallbackSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CallbackSecret(<redacted>)")
    }
}

impl FromStr for CallbackSecret {
    type Err = CallbackError;

    fn from_str(s: &str) -> Result<Self, CallbackError> {
        Self::new(s)
    }
}

impl TryFrom<&str> for CallbackSecret {
    type Error = CallbackError;

    fn try_from(s: &str) -> Result<Self, CallbackError> {
        Self::new(s)
    }
}

impl TryFrom<String> for CallbackSecret {
    type Error = CallbackError;

    /// Consumes the string and wipes it, whether or not it was valid.
    fn try_from(s: String) -> Result<Self, CallbackError> {
        let s = Zeroizing::new(s);
        Self::new(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_non_empty_secret_up_to_the_limit() {
        assert_eq!(CallbackSecret::new("secret").unwrap().as_bytes(), b"secret");
        assert_eq!(
            CallbackSecret::new("").unwrap_err().to_string(),
            "invalid callback secret: it is empty"
        );
        let max = "s".repeat(CallbackSecret::MAX_LEN);
        assert!(CallbackSecret::new(&max).is_ok());
        let err = CallbackSecret::new(&format!("{max}s")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid callback secret: it is 1025 bytes, at most 1024 are accepted"
        );
    }

    #[test]
    fn debug_is_redacted() {
        let secret = CallbackSecret::new("hunter2-callback").unwrap();
        assert_eq!(format!("{secret:?}"), "CallbackSecret(<redacted>)");
        assert!(!format!("{secret:#?}").contains("hunter2"));
    }

    #[test]
    fn a_secret_where_a_name_or_path_belongs_is_not_shown() {
        for misplaced in [
            "fa94dd0f974cf2e293728a526b028271",
            "FA94DD0F974CF2E293728A526B028271",
        ] {
            let env = CallbackSecret::from_env(misplaced).unwrap_err();
            let file = CallbackSecret::from_file(misplaced).unwrap_err();
            for err in [env, file] {
                let shown = format!("{err} {err:?}").to_ascii_lowercase();
                assert!(shown.contains("looks like a secret itself"), "{shown}");
                assert!(!shown.contains("fa94dd0f"), "{shown}");
            }
        }
    }

    #[test]
    fn missing_env_names_the_variable() {
        let err = CallbackSecret::from_env("ZEGO_TOKEN_TEST_CALLBACK_SURELY_UNSET").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid callback secret: environment variable ZEGO_TOKEN_TEST_CALLBACK_SURELY_UNSET is not set"
        );
    }

    #[test]
    fn files_drop_one_newline_and_refuse_what_is_not_a_secret() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good");
        std::fs::write(&good, "secret\r\n").unwrap();
        assert_eq!(
            CallbackSecret::from_file(&good).unwrap().as_bytes(),
            b"secret"
        );

        let empty = dir.path().join("empty");
        std::fs::write(&empty, "\n").unwrap();
        let err = CallbackSecret::from_file(&empty).unwrap_err().to_string();
        assert!(err.ends_with("empty: it is empty"), "{err}");

        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 10_000]).unwrap();
        let err = CallbackSecret::from_file(&big).unwrap_err().to_string();
        assert!(
            err.ends_with("big: it is 10000 bytes, over the limit of 1026"),
            "{err}"
        );

        let err = CallbackSecret::from_file(dir.path())
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("it is a directory, not a regular file"),
            "{err}"
        );
        let err = CallbackSecret::from_file(dir.path().join("missing")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid callback secret: cannot read ")
        );

        #[cfg(unix)]
        {
            let err = CallbackSecret::from_file("/dev/zero")
                .unwrap_err()
                .to_string();
            assert_eq!(
                err,
                "invalid callback secret: cannot read /dev/zero: it is a character device, not a regular file"
            );
        }
    }
}
