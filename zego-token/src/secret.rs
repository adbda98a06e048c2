//! The 32-byte ServerSecret, kept out of logs and wiped from memory.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use zego_token_rules::{self as rules, FileProblem, SecretValueProblem};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, SecretProblem};

/// A ZEGO ServerSecret: the 32 characters from the ZEGO console, whose 32
/// bytes are the AES-256 key. Any 32 printable ASCII characters are
/// accepted (the console's are hex digits); a space, a control character or
/// a multi-byte character among them is refused as the slip it is.
///
/// It mints the app's tokens and signs your server's requests to ZEGO's
/// server APIs ([`server_api::ApiSigner`](crate::server_api::ApiSigner));
/// ZEGO's callbacks to your server are signed with another key, the
/// [`CallbackSecret`](crate::callback::CallbackSecret). Both are in the ZEGO
/// console: *Project Management*, your project, *Basic Configurations*.
///
/// `Debug` prints a redaction, there is no `Display`, and the bytes are
/// zeroized when the value is dropped.
///
/// ```
/// use zego_token::ServerSecret;
///
/// // In a const item, a literal of the wrong length is a compile error.
/// const DEMO: ServerSecret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");
///
/// let parsed: ServerSecret = "fa94dd0f974cf2e293728a526b028271".parse()?;
/// assert_eq!(format!("{parsed:?}"), "ServerSecret(<redacted>)");
/// assert!(ServerSecret::new("too short").is_err());
/// # Ok::<(), zego_token::Error>(())
/// ```
#[derive(Clone)]
pub struct ServerSecret([u8; ServerSecret::LEN]);

/// Wipes the key bytes (a volatile write the optimizer keeps). Written by
/// hand: zeroize's derive would pull a proc-macro stack into every build
/// for this one array.
impl Drop for ServerSecret {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl Zeroize for ServerSecret {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

/// Promises what the `Drop` above does, for code that requires it.
impl ZeroizeOnDrop for ServerSecret {}

impl ServerSecret {
    /// Length of every ServerSecret in bytes.
    pub const LEN: usize = rules::SECRET_LEN;

    /// The largest secret file [`ServerSecret::from_file`] reads, in bytes:
    /// the 32 characters and one `\r\n`.
    pub const MAX_FILE_LEN: u64 = rules::MAX_SECRET_FILE_LEN;

    /// Builds a secret from a string literal at compile time.
    ///
    /// # Panics
    ///
    /// When `secret` is not exactly 32 printable ASCII characters. In a
    /// `const` or `static` item that panic happens while compiling, so a bad
    /// literal never builds:
    ///
    /// ```compile_fail
    /// const BAD: zego_token::ServerSecret = zego_token::ServerSecret::from_static("short");
    /// ```
    ///
    /// For secrets that arrive at run time use [`ServerSecret::new`], which
    /// returns an error instead.
    pub const fn from_static(secret: &'static str) -> Self {
        let bytes = secret.as_bytes();
        match rules::secret_value(bytes) {
            Ok(()) => {}
            Err(SecretValueProblem::Length { .. }) => {
                panic!("a ZEGO ServerSecret must be exactly 32 bytes")
            }
            Err(_) => panic!("a ZEGO ServerSecret must be 32 printable ASCII characters"),
        }
        let mut key = [0u8; Self::LEN];
        let mut i = 0;
        while i < Self::LEN {
            key[i] = bytes[i];
            i += 1;
        }
        ServerSecret(key)
    }

    /// Builds a secret from its 32 characters.
    ///
    /// # Errors
    ///
    /// [`Error::Secret`] (code 5) when `secret` is not exactly 32 bytes, or
    /// holds a character that is not printable ASCII.
    pub fn new(secret: &str) -> Result<Self, Error> {
        Self::from_bytes(secret.as_bytes())
    }

    /// Builds a secret from its 32 bytes, the ASCII of its characters.
    ///
    /// # Errors
    ///
    /// [`Error::Secret`] (code 5) when `bytes` is not exactly 32 long, or
    /// holds a byte that is not printable ASCII.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        Self::checked(bytes).map_err(|problem| {
            Error::Secret(match problem {
                _ if whitespace_around(bytes) => SecretProblem::Whitespace,
                SecretValueProblem::Character { at } => SecretProblem::Character { at },
                _ => SecretProblem::Length { len: bytes.len() },
            })
        })
    }

    /// The secret in `bytes`, by the one rule of `zego-token-rules`.
    fn checked(bytes: &[u8]) -> Result<Self, SecretValueProblem> {
        rules::secret_value(bytes)?;
        let mut key = [0u8; Self::LEN];
        key.copy_from_slice(bytes);
        Ok(ServerSecret(key))
    }

    /// Reads the secret from the environment variable `var`.
    ///
    /// # Errors
    ///
    /// [`Error::Secret`] (code 5) naming `var` when it is unset or does not
    /// hold a secret (32 printable ASCII characters). The value is never
    /// part of the error; nor is `var` when it looks like a secret itself
    /// (32 hex digits, [`SecretProblem::SecretAsEnvName`]), which is refused
    /// unread. A secret with whitespace around it (an `.env` line with a
    /// trailing space, a value written with `echo`) is
    /// [`SecretProblem::EnvWhitespace`]: said so, not trimmed, because
    /// whatever else reads the variable gets the whitespace too.
    pub fn from_env(var: &str) -> Result<Self, Error> {
        if rules::looks_like_secret(var) {
            return Err(Error::Secret(SecretProblem::SecretAsEnvName));
        }
        let value = std::env::var_os(var).ok_or_else(|| {
            Error::Secret(SecretProblem::EnvMissing {
                var: var.to_owned(),
            })
        })?;
        let value = Zeroizing::new(value.into_encoded_bytes());
        Self::checked(&value).map_err(|problem| {
            let var = var.to_owned();
            Error::Secret(match problem {
                _ if whitespace_around(&value) => SecretProblem::EnvWhitespace { var },
                SecretValueProblem::Character { at } => SecretProblem::EnvCharacter { var, at },
                _ => SecretProblem::EnvLength {
                    var,
                    len: value.len(),
                },
            })
        })
    }

    /// Reads the secret from a file such as a container secret mount.
    /// One trailing newline (`\n` or `\r\n`) is ignored, since most tools
    /// that write such files add one.
    ///
    /// Only a regular file of at most [`ServerSecret::MAX_FILE_LEN`] bytes
    /// is read: a directory, FIFO or device (`/dev/zero`) is refused from
    /// its metadata, unopened, and a larger file from its size, unread.
    ///
    /// # Errors
    ///
    /// [`Error::Secret`] (code 5) naming the path when the file cannot be
    /// read, is not a regular file ([`SecretProblem::File`] with its
    /// [`FileProblem`]), or does not hold a secret (32 printable ASCII
    /// characters). A path that looks like a secret itself (32 hex digits)
    /// is refused without being shown ([`SecretProblem::SecretAsPath`]);
    /// whitespace around the secret beyond the one newline is
    /// [`SecretProblem::FileWhitespace`].
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let content = rules::read_regular_file(path, Self::MAX_FILE_LEN).map_err(|problem| {
            Error::Secret(match problem {
                FileProblem::SecretShapedPath => SecretProblem::SecretAsPath,
                problem => SecretProblem::File {
                    path: path.to_owned(),
                    problem,
                },
            })
        })?;
        let trimmed = rules::without_trailing_newline(&content);
        Self::checked(trimmed).map_err(|problem| {
            let path = path.to_owned();
            Error::Secret(match problem {
                _ if whitespace_around(trimmed) => SecretProblem::FileWhitespace { path },
                SecretValueProblem::Character { at } => SecretProblem::FileCharacter { path, at },
                _ => SecretProblem::FileLength {
                    path,
                    len: trimmed.len(),
                },
            })
        })
    }

    /// The key bytes, for the cipher module only.
    pub(crate) fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }
}

/// Whether `bytes` is a secret with whitespace around it (an `.env` line
/// with a trailing space, a value written with `echo`, a second newline in
/// a file): explained as such, not accepted, since whatever else reads the
/// same variable or file gets the whitespace too. A secret has none of its
/// own, so the explanation is never wrong.
fn whitespace_around(bytes: &[u8]) -> bool {
    let trimmed = bytes.trim_ascii();
    trimmed.len() < bytes.len() && rules::secret_value(trimmed).is_ok()
}

impl fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ServerSecret(<redacted>)")
    }
}

impl FromStr for ServerSecret {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl TryFrom<&str> for ServerSecret {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl TryFrom<String> for ServerSecret {
    type Error = Error;

    /// Consumes the string and wipes it, whether or not it was valid.
    fn try_from(s: String) -> Result<Self, Error> {
        let s = Zeroizing::new(s);
        Self::new(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: ServerSecret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");

    #[test]
    fn const_and_runtime_constructors_agree() {
        let parsed = ServerSecret::new("fa94dd0f974cf2e293728a526b028271").unwrap();
        assert_eq!(parsed.as_bytes(), DEMO.as_bytes());
        assert_eq!(&DEMO.as_bytes()[..4], b"fa94");
    }

    #[test]
    fn wrong_length_is_code_5_without_the_value() {
        for bad in [
            "",
            "fa94dd0f974cf2e293728a526b02827",
            "fa94dd0f974cf2e293728a526b0282711",
        ] {
            let err = ServerSecret::new(bad).unwrap_err();
            assert_eq!(err.code(), Some(5));
            assert_eq!(
                err.to_string(),
                format!(
                    "invalid server secret: it must be exactly 32 bytes, got {}",
                    bad.len()
                )
            );
        }
    }

    #[test]
    fn a_secret_is_32_ascii_characters_not_32_bytes() {
        // 31 characters, one of them two bytes long.
        let accented = "fa94dd0f974cf2e293728a526b0282é";
        assert_eq!((accented.chars().count(), accented.len()), (31, 32));
        let err = ServerSecret::new(accented).unwrap_err();
        assert_eq!(err.code(), Some(5));
        assert!(matches!(
            err,
            Error::Secret(SecretProblem::Character { at: 30 })
        ));
        assert_eq!(
            err.to_string(),
            "invalid server secret: byte 30 is not a printable ASCII character: a ServerSecret is 32 ASCII characters (hex digits, from the ZEGO console)"
        );
    }

    #[test]
    fn a_secret_where_a_name_or_path_belongs_is_not_shown() {
        for misplaced in [
            "fa94dd0f974cf2e293728a526b028271",
            "FA94DD0F974CF2E293728A526B028271",
        ] {
            let env = ServerSecret::from_env(misplaced).unwrap_err();
            assert!(matches!(env, Error::Secret(SecretProblem::SecretAsEnvName)));
            let file = ServerSecret::from_file(misplaced).unwrap_err();
            assert!(matches!(file, Error::Secret(SecretProblem::SecretAsPath)));
            for err in [env, file] {
                let shown = format!("{err} {err:?}").to_ascii_lowercase();
                assert!(!shown.contains("fa94dd0f"), "{shown}");
            }
        }
    }

    #[test]
    fn whitespace_around_a_secret_is_named_not_trimmed() {
        for padded in [
            " fa94dd0f974cf2e293728a526b028271",
            "fa94dd0f974cf2e293728a526b028271 ",
            "fa94dd0f974cf2e293728a526b028271\r\n",
            "\tfa94dd0f974cf2e293728a526b028271\n",
        ] {
            let err = ServerSecret::new(padded).unwrap_err();
            assert!(
                matches!(err, Error::Secret(SecretProblem::Whitespace)),
                "{padded:?}: {err:?}"
            );
            assert_eq!(err.code(), Some(5));
            assert_eq!(
                err.to_string(),
                "invalid server secret: it has whitespace around its 32 characters: \
                 remove it where the secret is stored (a secret has no whitespace of its own)"
            );
        }
        // Whitespace around something that is not a secret is no hint.
        assert!(matches!(
            ServerSecret::new(" fa94dd0f974cf2e293728a526b02827"),
            Err(Error::Secret(SecretProblem::Character { at: 0 }))
        ));
        assert!(matches!(
            ServerSecret::new(" fa94dd0f974cf2e293728a526b0282711"),
            Err(Error::Secret(SecretProblem::Length { len: 34 }))
        ));
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{DEMO:?}"), "ServerSecret(<redacted>)");
        assert!(!format!("{DEMO:#?}").contains("fa94"));
    }

    #[test]
    fn env_errors_name_the_variable_not_the_value() {
        // Variable names unique to this test: the test binary runs tests in parallel.
        let missing = ServerSecret::from_env("ZEGO_TOKEN_TEST_SURELY_UNSET").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "invalid server secret: environment variable ZEGO_TOKEN_TEST_SURELY_UNSET is not set"
        );
        let value = "not-32-bytes-secret-value";
        // A child process instead of `set_var`, which is `unsafe` in edition
        // 2024 because other test threads read the environment concurrently.
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "secret::tests::env_child", "--nocapture"])
            .env("ZEGO_TOKEN_TEST_SHORT", value)
            .env("ZEGO_TOKEN_TEST_CHILD", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains(
                "environment variable ZEGO_TOKEN_TEST_SHORT must hold exactly 32 bytes, it holds 25"
            ),
            "{stdout}"
        );
        assert!(!stdout.contains(value));
        // An .env line `ZEGO_SERVER_SECRET=fa94... ` (a trailing space), or
        // a value written with `echo` (a trailing newline).
        for padded in [
            "fa94dd0f974cf2e293728a526b028271 ",
            "fa94dd0f974cf2e293728a526b028271\n",
        ] {
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "secret::tests::env_child", "--nocapture"])
                .env("ZEGO_TOKEN_TEST_SHORT", padded)
                .env("ZEGO_TOKEN_TEST_CHILD", "1")
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                stdout.contains(
                    "invalid server secret: environment variable ZEGO_TOKEN_TEST_SHORT has whitespace \
                     around its 32 characters (a trailing space or newline from an .env file or `echo`?): \
                     remove it where the secret is stored (a secret has no whitespace of its own)"
                ),
                "{stdout}"
            );
            assert!(!stdout.contains("fa94dd0f"), "{stdout}");
        }
    }

    #[test]
    fn env_child() {
        if std::env::var_os("ZEGO_TOKEN_TEST_CHILD").is_none() {
            return;
        }
        let err = ServerSecret::from_env("ZEGO_TOKEN_TEST_SHORT").unwrap_err();
        println!("{err}");
    }

    #[test]
    fn file_ignores_one_trailing_newline() {
        let dir = std::env::temp_dir().join(format!("zego-token-secret-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good");
        std::fs::write(&good, "fa94dd0f974cf2e293728a526b028271\n").unwrap();
        assert_eq!(
            ServerSecret::from_file(&good).unwrap().as_bytes(),
            DEMO.as_bytes()
        );
        let bad = dir.join("bad");
        std::fs::write(&bad, "fa94dd0f974cf2e293728a526b02827\n").unwrap();
        let err = ServerSecret::from_file(&bad).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("must hold exactly 32 bytes, it holds 31"),
            "{err}"
        );
        // A second newline is whitespace around the secret, and said so.
        std::fs::write(&bad, "fa94dd0f974cf2e293728a526b028271\n\n").unwrap();
        let err = ServerSecret::from_file(&bad).unwrap_err();
        assert!(
            matches!(&err, Error::Secret(SecretProblem::FileWhitespace { path }) if *path == bad),
            "{err:?}"
        );
        assert!(
            err.to_string().ends_with(
                "has whitespace around its 32 characters, beyond the one trailing newline ignored: \
                 remove it where the secret is stored (a secret has no whitespace of its own)"
            ),
            "{err}"
        );
        let missing = ServerSecret::from_file(dir.join("missing")).unwrap_err();
        assert_eq!(missing.code(), Some(5));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
