//! The one error type of the crate, [`Error`], and the problem types its
//! variants carry. [`Error`] and [`Result`] are also at the crate root.
//!
//! Every message is a single line and never contains the server secret or
//! decrypted plaintext: variants carry lengths, positions, names of
//! environment variables and public numbers only.

use std::fmt;
use std::path::PathBuf;

use crate::text::Shown;

// Config problems are defined with the config schema in `zego-token-rules`
// (the derive reports the same ones): this leaf names them, it does not
// reach into `config`.
pub use zego_token_rules::{
    ConfigProblem, ConfigProblemKind, ConfigProblems, FileProblem, NotRegular,
};

// The error of parsing a [`Mode`](crate::Mode) from text other than `cbc`
// or `gcm`.
pub use zego_token_rules::UnknownMode;

// Why a value breaks one of ZEGO's rules ([`Error::Rule`]), defined with
// the rules in `zego-token-rules`: which rule, what is wrong, ZEGO's
// generator and client codes.
pub use zego_token_rules::{IdKind, IdProblem, PayloadProblem, RuleViolation, TimeProblem};

/// Everything that can go wrong when minting, decoding or verifying a token.
///
/// [`Error::code`] gives the numeric code ZEGO's official generators use for
/// the same mistake, where one exists.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The app ID is 0 (code 1).
    #[error("invalid app ID: it must be a non-zero 32-bit integer from the ZEGO console")]
    AppId,

    /// The app ID's environment variable is unset or holds no valid app ID
    /// (code 1). See [`Issuer::from_env`](crate::Issuer::from_env).
    #[error("invalid app ID: {0}")]
    AppIdEnv(AppIdEnvProblem),

    /// The server secret is missing or not exactly 32 bytes (code 5).
    #[error("invalid server secret: {0}")]
    Secret(SecretProblem),

    /// The callback secret of a config profile or a derived app is missing,
    /// empty or too long, or its file cannot be read. (Code-less: ZEGO's
    /// token generators know no callback secret.)
    #[error("invalid callback secret: {0}")]
    CallbackSecret(crate::callback::CallbackSecretProblem),

    /// The claims would encrypt to more bytes than the token's 16-bit length
    /// field can describe. (ZEGO's Go generator silently truncates here.)
    #[error(
        "payload too large: the ciphertext would be {ciphertext_len} bytes, a token04 holds at most 65535"
    )]
    PayloadTooLarge {
        /// Length the ciphertext would have had.
        ciphertext_len: usize,
    },

    /// A fixed IV or nonce given to the deterministic seam has the wrong length.
    #[error("invalid fixed IV: {mode} needs {expected} bytes, got {len}")]
    IvLength {
        /// The cipher mode the IV was for.
        mode: crate::mode::Mode,
        /// Required length.
        expected: usize,
        /// Given length.
        len: usize,
    },

    /// A kit-token field cannot be carried the way ZEGO UIKit encodes it.
    #[error("invalid kit token: {0}")]
    Kit(&'static str),

    // ZEGO's rules, on everything a minted token carries.
    /// A value a minted token would carry breaks one of ZEGO's rules, so a
    /// ZEGO client would refuse the token (or, for an empty stream list,
    /// the token would fail open): a user ID (code 3), a lifetime or expiry
    /// (code 6), a room ID, stream ID, kit user name or payload. The
    /// message names the rule and, for a character, its position, never
    /// the value; [`Error::client_code`] gives the client's error code.
    ///
    /// ```
    /// use zego_token::error::{IdKind, RuleViolation};
    /// use zego_token::{Error, Issuer, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271"))?;
    /// let err = issuer.issue("alice bob").unwrap_err();
    /// assert!(matches!(err, Error::Rule(RuleViolation::Id { kind: IdKind::UserId, .. })));
    /// assert_eq!((err.code(), err.client_code()), (Some(3), Some(1_002_006)));
    /// assert!(err.to_string().starts_with("user ID has character 6 (U+0020), which ZEGO's RTC clients refuse"));
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    #[error(transparent)]
    Rule(#[from] RuleViolation),

    /// A kit token's appID, userID or roomID is not the one in the claims
    /// of the token04 inside it.
    #[error("kit token disagrees with its token04: {0}")]
    KitMismatch(KitMismatch),

    /// The string does not start with the `04` version prefix.
    #[error("not a token04: a ZEGO token04 starts with \"04\"")]
    NotToken04,

    /// The text after `04` is not standard, padded base64.
    #[error("token is not valid base64 (standard alphabet, with padding)")]
    Base64,

    /// The token ends before the lengths it declares.
    #[error("token is truncated: its fields need {needed} bytes, it has {len}")]
    Truncated {
        /// Bytes the header and length fields call for.
        needed: usize,
        /// Bytes actually present after base64 decoding.
        len: usize,
    },

    /// The token's length fields are impossible for any token04.
    #[error("malformed token: {0}")]
    Malformed(&'static str),

    /// Bytes follow the ciphertext that no token04 mode puts there.
    #[error("token has {count} unexpected trailing byte(s) after the ciphertext")]
    TrailingBytes {
        /// Number of unexpected bytes.
        count: usize,
    },

    /// CBC decryption produced bad padding or bytes that are not JSON text.
    #[error("token cannot be decrypted: wrong server secret, or the token was corrupted")]
    Decrypt,

    /// The GCM tag did not verify.
    #[error("GCM authentication failed: wrong server secret, or the token was tampered with")]
    Authentication,

    /// The decrypted text is not the JSON object a token04 carries.
    #[error("decrypted claims are not valid token04 JSON: {0}")]
    Claims(ClaimsProblem),

    /// The token has expired.
    #[error("token expired at {expire} (unix seconds); it is now {now}")]
    Expired {
        /// The token's expiry.
        expire: i64,
        /// The time it was checked against.
        now: i64,
    },

    /// The token's issue time lies in the future beyond the allowed leeway.
    #[error(
        "token is issued in the future (ctime {ctime}, now {now}): check the issuing server's clock"
    )]
    NotYetValid {
        /// The token's issue time.
        ctime: i64,
        /// The time it was checked against.
        now: i64,
    },

    /// The token was minted for another app.
    #[error("app ID mismatch: expected {expected}, the token is for {found}")]
    AppIdMismatch {
        /// The app ID the verifier expects.
        expected: u32,
        /// The app ID inside the token.
        found: u32,
    },

    /// The operating system's random generator, which seeds the generator
    /// every IV and nonce comes from (again after a `fork()`), failed (on
    /// Linux: `getrandom(2)` and `/dev/urandom` both unavailable, as in a
    /// sandbox that blocks them).
    #[error("cannot draw random bytes from the operating system: {0}")]
    Random(std::io::Error),

    /// A configuration (a TOML config or a derived issuer's field) is
    /// invalid: every problem found, each with its kind and, where it has
    /// one, the file, line and column.
    #[error("invalid config: {0}")]
    Config(ConfigProblems),

    /// The text is not a token04 as it stands, and looks like one mangled
    /// on its way (its `+` turned into spaces, percent-encoded, quoted,
    /// inside a JSON response...): the likely cause, never the text.
    #[error("token text looks mangled: {0}")]
    Mangled(MangledToken),
}

impl Error {
    /// The numeric error code ZEGO's official generators return for the same
    /// mistake: 1 app ID, 3 user ID, 5 secret, 6 effective time (lifetime
    /// or expiry).
    ///
    /// ```
    /// use zego_token::{Issuer, ServerSecret};
    /// let err = Issuer::new(0, ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271")).unwrap_err();
    /// assert_eq!(err.code(), Some(1));
    /// ```
    pub fn code(&self) -> Option<u32> {
        match self {
            Error::AppId | Error::AppIdEnv(_) => Some(1),
            Error::Secret(_) => Some(5),
            Error::Rule(violation) => violation.generator_code(),
            _ => None,
        }
    }

    /// The error code a ZEGO client reports when it meets what this error
    /// refused, where one is known: for [`Error::Rule`], the violation's
    /// ([`RuleViolation::client_code`]: 1002006 for a user ID character,
    /// 1002075 for a payload that is not a JSON object, 6000109 for a ZIM
    /// lifetime over 24 days, ...); for [`Error::KitMismatch`], the code
    /// of the login that would fail (1002076 app ID, 1002077 user ID).
    pub fn client_code(&self) -> Option<u32> {
        match self {
            Error::Rule(violation) => violation.client_code(),
            Error::KitMismatch(KitMismatch::AppId { .. }) => Some(1_002_076),
            Error::KitMismatch(KitMismatch::UserId) => Some(1_002_077),
            _ => None,
        }
    }
}

/// Why the app ID could not be read from its environment variable. Never
/// carries the variable's value: a secret pasted there by mistake must not
/// reach a log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppIdEnvProblem {
    /// The variable is not set.
    Missing {
        /// The variable's name.
        var: String,
    },
    /// The variable does not hold a decimal integer from 1 to 4294967295.
    Invalid {
        /// The variable's name.
        var: String,
        /// The value's length in bytes.
        len: usize,
    },
}

impl fmt::Display for AppIdEnvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppIdEnvProblem::Missing { var } => {
                write!(f, "environment variable {var} is not set")
            }
            AppIdEnvProblem::Invalid { var, len } => write!(
                f,
                "environment variable {var} must hold the AppID from the ZEGO console, \
                 a decimal integer from 1 to 4294967295 (its {len}-byte value is not shown)"
            ),
        }
    }
}

/// Which field of a kit token disagrees with its token04's claims.
///
/// The user and room IDs are not shown: the claims' are decrypted text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KitMismatch {
    /// The kit's `appID` is not the claims' `app_id`.
    AppId {
        /// The kit token's appID.
        kit: u32,
        /// The app ID in the token's claims.
        claims: u32,
    },
    /// The kit's `userID` is not the claims' `user_id`.
    UserId,
    /// The kit's `roomID` is not the `room_id` of the claims' privilege
    /// payload: UIKit would log in to a room the token is not for.
    RoomId,
}

impl fmt::Display for KitMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KitMismatch::AppId { kit, claims } => write!(
                f,
                "the kit's appID is {kit}, the token's claims say {claims}"
            ),
            KitMismatch::UserId => {
                f.write_str("the kit's userID is not the user ID in the token's claims")
            }
            KitMismatch::RoomId => {
                f.write_str("the kit's roomID is not the room_id of the token's privilege payload")
            }
        }
    }
}

/// Why a server secret was refused. Never carries the secret itself, nor a
/// name or path that looks like one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretProblem {
    /// The secret is not exactly 32 bytes.
    Length {
        /// Its length in bytes.
        len: usize,
    },
    /// The secret holds a byte that is not printable ASCII (a space, a
    /// control character, or part of a multi-byte character).
    Character {
        /// Offset of the first such byte.
        at: usize,
    },
    /// The environment variable that should hold the secret is not set.
    EnvMissing {
        /// The variable's name.
        var: String,
    },
    /// The environment variable holds a value that is not 32 bytes.
    EnvLength {
        /// The variable's name.
        var: String,
        /// The value's length in bytes.
        len: usize,
    },
    /// The environment variable's value holds a byte that is not printable
    /// ASCII.
    EnvCharacter {
        /// The variable's name.
        var: String,
        /// Offset of the first such byte.
        at: usize,
    },
    /// The name given for the secret's environment variable looks like a
    /// ServerSecret itself (32 hex digits): it is not looked up, nor shown.
    SecretAsEnvName,
    /// The secret file could not be read: missing, unreadable, not a
    /// regular file, or larger than [`ServerSecret::MAX_FILE_LEN`](crate::ServerSecret::MAX_FILE_LEN).
    File {
        /// The file's path.
        path: PathBuf,
        /// Why it was not read.
        problem: FileProblem,
    },
    /// The secret file does not hold exactly 32 bytes (after one trailing
    /// newline is dropped).
    FileLength {
        /// The file's path.
        path: PathBuf,
        /// The content's length in bytes.
        len: usize,
    },
    /// The secret file holds a byte that is not printable ASCII.
    FileCharacter {
        /// The file's path.
        path: PathBuf,
        /// Offset of the first such byte.
        at: usize,
    },
    /// The path given for the secret file looks like a ServerSecret itself
    /// (32 hex digits): it is not opened, nor shown.
    SecretAsPath,

    /// The 32 characters of a secret with whitespace around them (refused,
    /// not trimmed: see [`ServerSecret::from_env`](crate::ServerSecret::from_env)).
    Whitespace,
    /// The environment variable holds a secret with whitespace around it
    /// (an `.env` line with a trailing space, a value written with `echo`).
    EnvWhitespace {
        /// The variable's name.
        var: String,
    },
    /// The secret file holds a secret with whitespace around it beyond the
    /// one trailing newline that is ignored.
    FileWhitespace {
        /// The file's path.
        path: PathBuf,
    },
}

/// What the console's secrets are made of, for the messages that refuse a
/// character.
const ASCII_HINT: &str =
    "a ServerSecret is 32 ASCII characters (hex digits, from the ZEGO console)";

/// What to do about a secret with whitespace around it.
const WHITESPACE_HINT: &str =
    "remove it where the secret is stored (a secret has no whitespace of its own)";

impl fmt::Display for SecretProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretProblem::Length { len } => {
                write!(f, "it must be exactly 32 bytes, got {len}")
            }
            SecretProblem::Character { at } => {
                write!(f, "byte {at} is not a printable ASCII character: {ASCII_HINT}")
            }
            SecretProblem::EnvMissing { var } => {
                write!(f, "environment variable {} is not set", Shown(var))
            }
            SecretProblem::EnvLength { var, len } => write!(
                f,
                "environment variable {} must hold exactly 32 bytes, it holds {len}",
                Shown(var)
            ),
            SecretProblem::EnvCharacter { var, at } => write!(
                f,
                "environment variable {}: byte {at} is not a printable ASCII character: {ASCII_HINT}",
                Shown(var)
            ),
            SecretProblem::SecretAsEnvName => f.write_str(
                "the environment variable's name looks like a ServerSecret itself, so it is not shown: put the secret in the environment and give the variable's name",
            ),
            SecretProblem::File { path, problem } => {
                write!(f, "cannot read {}: {problem}", Shown(&path.to_string_lossy()))?;
                if let FileProblem::TooLarge { .. } = problem {
                    f.write_str(" (a secret file holds the 32 characters and at most one newline)")?;
                }
                Ok(())
            }
            SecretProblem::FileLength { path, len } => write!(
                f,
                "{} must hold exactly 32 bytes, it holds {len}",
                Shown(&path.to_string_lossy())
            ),
            SecretProblem::FileCharacter { path, at } => write!(
                f,
                "{}: byte {at} is not a printable ASCII character: {ASCII_HINT}",
                Shown(&path.to_string_lossy())
            ),
            SecretProblem::SecretAsPath => f.write_str(
                "the secret file's path looks like a ServerSecret itself, so it is not shown: put the secret in a file and give the file's path",
            ),
            SecretProblem::Whitespace => {
                write!(f, "it has whitespace around its 32 characters: {WHITESPACE_HINT}")
            }
            SecretProblem::EnvWhitespace { var } => write!(
                f,
                "environment variable {} has whitespace around its 32 characters \
                 (a trailing space or newline from an .env file or `echo`?): {WHITESPACE_HINT}",
                Shown(var)
            ),
            SecretProblem::FileWhitespace { path } => write!(
                f,
                "{} has whitespace around its 32 characters, beyond the one trailing newline ignored: \
                 {WHITESPACE_HINT}",
                Shown(&path.to_string_lossy())
            ),
        }
    }
}

/// Where and why decrypted claims stopped being a token04 body.
///
/// Names the key at fault (`app_id`, `user_id`, `ctime`, `expire`, `nonce`
/// or `payload`), never its value: serde_json's own messages quote the
/// decrypted text (`invalid type: string "..."`), so only its error category
/// and position are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsProblem {
    kind: ClaimsProblemKind,
    line: usize,
    column: usize,
}

/// What is wrong with the claims; every `&'static str` is a key name or a
/// type description, never decrypted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClaimsProblemKind {
    /// Not JSON; `key` when the error is inside that key's value.
    Syntax { key: Option<&'static str> },
    /// The text ends inside the object; `key` when inside that key's value.
    Eof { key: Option<&'static str> },
    /// Valid JSON, but not an object.
    NotAnObject,
    /// A required key is absent.
    Missing { key: &'static str },
    /// A key appears more than once.
    Duplicate { key: &'static str },
    /// A key's value has the wrong type or is out of range.
    WrongType {
        key: &'static str,
        expected: &'static str,
    },
}

impl ClaimsProblem {
    /// The problem `err` describes. `kind` is what the claims reader
    /// recorded while it ran (which key it was reading, or which it found
    /// missing or repeated); serde_json's category says the rest.
    pub(crate) fn new(err: &serde_json::Error, kind: Option<ClaimsProblemKind>) -> Self {
        use serde_json::error::Category;
        // Recorded while a value was being read: the key it belongs to.
        let key = match kind {
            Some(ClaimsProblemKind::WrongType { key, .. }) => Some(key),
            _ => None,
        };
        let kind = match (err.classify(), kind) {
            (Category::Eof, _) => ClaimsProblemKind::Eof { key },
            (Category::Syntax | Category::Io, _) => ClaimsProblemKind::Syntax { key },
            (Category::Data, Some(kind)) => kind,
            (Category::Data, None) => ClaimsProblemKind::NotAnObject,
        };
        ClaimsProblem {
            kind,
            line: err.line(),
            column: err.column(),
        }
    }

    /// The claims key the problem is about, when it is about one: the key
    /// that is missing, repeated, of the wrong type or badly spelled JSON.
    pub fn key(&self) -> Option<&'static str> {
        match self.kind {
            ClaimsProblemKind::Syntax { key } | ClaimsProblemKind::Eof { key } => key,
            ClaimsProblemKind::NotAnObject => None,
            ClaimsProblemKind::Missing { key }
            | ClaimsProblemKind::Duplicate { key }
            | ClaimsProblemKind::WrongType { key, .. } => Some(key),
        }
    }
}

impl fmt::Display for ClaimsProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ClaimsProblemKind::Syntax { key: None } => f.write_str("syntax error")?,
            ClaimsProblemKind::Syntax { key: Some(key) } => {
                write!(f, "syntax error in the value of `{key}`")?;
            }
            ClaimsProblemKind::Eof { key: None } => f.write_str("unexpected end")?,
            ClaimsProblemKind::Eof { key: Some(key) } => {
                write!(f, "unexpected end in the value of `{key}`")?;
            }
            ClaimsProblemKind::NotAnObject => f.write_str("not a JSON object")?,
            // At the end of the object, where serde_json noticed: no
            // position worth giving.
            ClaimsProblemKind::Missing { key } => return write!(f, "key `{key}` is missing"),
            ClaimsProblemKind::Duplicate { key } => write!(f, "key `{key}` appears twice")?,
            ClaimsProblemKind::WrongType { key, expected } => {
                write!(f, "key `{key}` must be {expected}")?;
            }
        }
        write!(f, " at line {} column {}", self.line, self.column)
    }
}

/// How a text that does not decode as a token04 looks mangled, and so
/// what probably happened to it. Carries at most a position and a code
/// point, never the text: it may be a secret or someone's bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MangledToken {
    /// Spaces inside the base64, which has none: a token04 put in a URL
    /// query without percent-encoding has each `+` turned into a space by
    /// form decoding.
    PlusAsSpace,
    /// Percent-escapes (`%2B`, `%2F`, `%3D`): the token was URL-encoded
    /// once more than it was decoded.
    PercentEncoded,
    /// The token is wrapped in quotes.
    Quoted,
    /// The text is a JSON document, such as a whole response
    /// (`{"token":"04..."}`), not the token in it.
    Json,
    /// The text is an `Authorization` header's value, `Bearer 04...`.
    Bearer,
    /// Whitespace before or after the token (a trailing newline).
    Whitespace,
    /// Line breaks inside the base64: wrapped at 76 columns (`base64`
    /// without `-w0`, PHP's `chunk_split`) or by a terminal.
    LineBreaks,
    /// An invisible character: a byte-order mark, a zero-width space or
    /// joiner, a soft hyphen (editors and chat apps insert them).
    Invisible {
        /// 1-based position of the character, in characters.
        position: usize,
        /// The character.
        ch: char,
    },
    /// The URL-safe base64 alphabet (`-`, `_`) instead of the standard one
    /// (`+`, `/`) a token04 uses.
    Base64Url,
    /// Base64 whose length is not a multiple of 4: its `=` padding was
    /// stripped or added, or it was cut short.
    Base64Length {
        /// Its length in characters, after `04`.
        len: usize,
    },
}

impl fmt::Display for MangledToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MangledToken::PlusAsSpace => f.write_str(
                "it has spaces where base64 has '+', as when a token04 is sent unencoded in a URL query: \
                 percent-encode it there (encodeURIComponent), or send it in a header or body",
            ),
            MangledToken::PercentEncoded => f.write_str(
                "it is percent-encoded (%2B, %2F, %3D): URL-decode it once (decodeURIComponent) before use",
            ),
            MangledToken::Quoted => f.write_str("it is wrapped in quotes: pass the text between them"),
            MangledToken::Json => f.write_str(
                "it is a JSON document, such as a whole response: pass the token's value (its \"token\" field), not the body",
            ),
            MangledToken::Bearer => f.write_str(
                "it is an Authorization header's value (\"Bearer ...\"): pass the token without the scheme",
            ),
            MangledToken::Whitespace => f.write_str(
                "it has whitespace before or after it, such as a trailing newline: trim it",
            ),
            MangledToken::LineBreaks => f.write_str(
                "it has line breaks inside, as base64 wrapped at 76 columns (`base64` without -w0, PHP's chunk_split) \
                 or by a terminal: join the lines",
            ),
            MangledToken::Invisible { position, ch } => write!(
                f,
                "character {position} is an invisible U+{:04X} (a byte-order mark or zero-width character an editor \
                 or chat app inserted): remove it",
                u32::from(*ch)
            ),
            MangledToken::Base64Url => f.write_str(
                "it uses URL-safe base64 ('-', '_'), a token04 standard base64 ('+', '/'): \
                 something re-encoded it; pass the token as minted",
            ),
            MangledToken::Base64Length { len } => write!(
                f,
                "its base64 is {len} characters, not a multiple of 4: its '=' padding was stripped or added, \
                 or it was cut short when copied"
            ),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
