//! The rule for each value, whether written in a TOML file, in
//! `#[zego(...)]`, in a struct field or on the command line, and the
//! defaults of the keys that may be left out.
//!
//! Messages never repeat the offending value: it might be a pasted secret.

use std::path::PathBuf;

use crate::ids::Charset;
use crate::mode::Mode;
use crate::problem::{ConfigProblem, ConfigProblemKind as Kind};
use crate::product::Product;
use crate::rules::Rules;
use crate::secret::looks_like_secret;

/// The environment variable the secret is read from when neither
/// `secret_env` nor `secret_file` (nor a literal, in the derive) is given.
pub const DEFAULT_SECRET_ENV: &str = "ZEGO_SERVER_SECRET";

/// The environment variable the CallbackSecret is read from when neither
/// `callback_secret_env` nor `callback_secret_file` (nor a literal, in the
/// derive) is given.
pub const DEFAULT_CALLBACK_SECRET_ENV: &str = "ZEGO_CALLBACK_SECRET";

/// The token lifetime, in seconds, when `ttl` is not given: one hour.
pub const DEFAULT_TTL: i64 = 3600;

/// A value as written, reduced to what the rules look at: the derive makes
/// one from a literal in `#[zego(...)]`, the schema from a TOML value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Literal<'a> {
    /// An integer (the derive's may exceed 64 bits: `i128` holds them, and
    /// larger ones arrive as `i128::MAX`, which every range check refuses).
    Integer(i128),
    /// A string.
    String(&'a str),
    /// Anything else: a float, a boolean, a table, an expression.
    Other,
}

fn problem(kind: Kind, message: impl Into<String>) -> ConfigProblem {
    ConfigProblem::new(kind, message)
}

const APP_ID_HINT: &str = "use the AppID from the ZEGO console (1 to 4294967295)";

/// `app_id`: an integer from 1 to 4294967295.
pub fn app_id(value: Literal<'_>) -> Result<u32, ConfigProblem> {
    let Literal::Integer(value) = value else {
        return Err(problem(
            Kind::AppId,
            "app_id must be an integer: the AppID from the ZEGO console, without quotes",
        ));
    };
    match u32::try_from(value) {
        Ok(0) => Err(problem(
            Kind::AppId,
            format!("app_id must not be 0: {APP_ID_HINT}"),
        )),
        Ok(id) => Ok(id),
        Err(_) if value < 0 => Err(problem(
            Kind::AppId,
            format!("app_id must not be negative: {APP_ID_HINT}"),
        )),
        Err(_) => Err(problem(
            Kind::AppId,
            format!("app_id is above u32::MAX: {APP_ID_HINT}"),
        )),
    }
}

const TTL_HINT: &str = "give seconds (3600) or a duration such as \"90s\", \"30m\", \"2h\", \"1d\"";

/// `ttl`: a positive number of seconds, or a string in the grammar of
/// [`ttl_text`].
pub fn ttl(value: Literal<'_>) -> Result<i64, ConfigProblem> {
    match value {
        Literal::Integer(seconds) => ttl_seconds(seconds),
        Literal::String(text) => ttl_text(text),
        Literal::Other => ttl_text(""),
    }
}

/// Checks a lifetime given as a number of seconds: positive, and within 64 bits.
pub fn ttl_seconds(value: i128) -> Result<i64, ConfigProblem> {
    if value <= 0 {
        return Err(problem(
            Kind::Ttl,
            format!("ttl must be positive: {TTL_HINT}"),
        ));
    }
    i64::try_from(value).map_err(|_| problem(Kind::Ttl, "ttl is too large for 64-bit seconds"))
}

/// The one grammar of a lifetime written as text, shared by config files,
/// the derive, `#[zego(ttl)]` string fields and the command line's `--ttl`:
/// ASCII digits with an optional unit `s`, `m`, `h` or `d` (`"3600"`,
/// `"90s"`, `"30m"`, `"2h"`, `"1d"`), positive. No sign, spaces, fractions
/// or compound durations.
pub fn ttl_text(text: &str) -> Result<i64, ConfigProblem> {
    // A leading `-` is read only to say "must be positive" rather than
    // "not a duration"; a `+` is not part of the grammar.
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, unit) = match unsigned.char_indices().last() {
        Some((at, 's' | 'm' | 'h' | 'd')) => unsigned.split_at(at),
        _ => (unsigned, ""),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(problem(
            Kind::Ttl,
            format!("ttl is not a duration: {TTL_HINT}"),
        ));
    }
    let factor: i128 = match unit {
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => 1,
    };
    let Some(seconds) = digits
        .parse::<i128>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
    else {
        return Err(problem(Kind::Ttl, "ttl is too large for 64-bit seconds"));
    };
    ttl_seconds(if negative { -seconds } else { seconds })
}

/// `mode`: the string `cbc` or `gcm` (the grammar of `Mode`'s `FromStr`).
pub fn mode(value: Literal<'_>) -> Result<Mode, ConfigProblem> {
    let Literal::String(word) = value else {
        return Err(problem(Kind::Mode, "mode must be a string"));
    };
    word.parse()
        .map_err(|_| problem(Kind::Mode, "mode must be \"cbc\" or \"gcm\""))
}

/// `product`: the string `rtc`, `zim` or `rtc+zim`.
pub fn product(value: Literal<'_>) -> Result<Product, ConfigProblem> {
    let Literal::String(word) = value else {
        return Err(problem(Kind::Product, "product must be a string"));
    };
    Product::from_word(word).ok_or_else(|| {
        problem(
            Kind::Product,
            "product must be \"rtc\", \"zim\" or \"rtc+zim\" (a token a UIKit hands to both)",
        )
    })
}

/// `id_charset`: the string `portable` or `extended` (see [`Charset`]).
pub fn id_charset(value: Literal<'_>) -> Result<Charset, ConfigProblem> {
    let Literal::String(word) = value else {
        return Err(problem(Kind::IdCharset, "id_charset must be a string"));
    };
    Charset::from_word(word).ok_or_else(|| {
        problem(
            Kind::IdCharset,
            "id_charset must be \"portable\" (what every ZEGO client accepts) or \"extended\"",
        )
    })
}

/// `ttl` and `product` together: a lifetime of `ttl` seconds the product's
/// clients accept ([`Rules::lifetime`]; ZIM: 31 s to 24 days). The one
/// check the derive (while compiling) and the config loader share.
pub fn product_ttl(product: Product, ttl: i64) -> Result<(), ConfigProblem> {
    Rules::for_product(product)
        .lifetime(ttl)
        .map_err(|violation| {
            problem(
                Kind::Ttl,
                format!("ttl does not suit product \"{product}\": {violation}"),
            )
        })
}

/// The keys, kinds and words of one secret's two sources, so the server
/// secret's and the callback secret's rules are one rule with two names.
struct SourceKeys {
    env: &'static str,
    file: &'static str,
    env_kind: Kind,
    file_kind: Kind,
    /// What the secret is called in messages.
    secret: &'static str,
    /// What a misplaced one is said to look like: for either secret, the
    /// shape [`looks_like_secret`] spots (32 hex digits).
    shape: &'static str,
}

const SERVER_KEYS: SourceKeys = SourceKeys {
    env: "secret_env",
    file: "secret_file",
    env_kind: Kind::SecretEnv,
    file_kind: Kind::SecretFile,
    secret: "the secret",
    shape: "ServerSecret",
};

const CALLBACK_KEYS: SourceKeys = SourceKeys {
    env: "callback_secret_env",
    file: "callback_secret_file",
    env_kind: Kind::CallbackSecretEnv,
    file_kind: Kind::CallbackSecretFile,
    secret: "the callback secret",
    shape: "secret",
};

/// `secret_env`: a string naming an environment variable.
pub fn secret_env(value: Literal<'_>) -> Result<String, ConfigProblem> {
    env_source(&SERVER_KEYS, value)
}

/// `callback_secret_env`: a string naming the environment variable the
/// CallbackSecret is read from, by the rule of [`secret_env`].
pub fn callback_secret_env(value: Literal<'_>) -> Result<String, ConfigProblem> {
    env_source(&CALLBACK_KEYS, value)
}

fn env_source(keys: &SourceKeys, value: Literal<'_>) -> Result<String, ConfigProblem> {
    let Literal::String(name) = value else {
        return Err(problem(
            keys.env_kind,
            format!(
                "{} must be a string: the name of an environment variable",
                keys.env
            ),
        ));
    };
    var_name(keys, name)?;
    Ok(name.to_owned())
}

/// Checks that `name` names a variable rather than holding a secret.
pub fn env_var_name(name: &str) -> Result<(), ConfigProblem> {
    var_name(&SERVER_KEYS, name)
}

fn var_name(keys: &SourceKeys, name: &str) -> Result<(), ConfigProblem> {
    let mut bytes = name.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    // A ZEGO ServerSecret is 32 hex digits, and one starting with a letter
    // (in either case) is also a valid variable name: refuse it, or the
    // pasted secret would be echoed by every "variable not set" message.
    if looks_like_secret(name) {
        Err(problem(
            keys.env_kind,
            format!(
                "{} must name an environment variable, and this looks like a {} itself: put {} in the environment and name the variable here",
                keys.env, keys.shape, keys.secret
            ),
        ))
    } else if first_ok && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(())
    } else {
        Err(problem(
            keys.env_kind,
            format!(
                "{} must name an environment variable (letters, digits and _, not starting with a digit)",
                keys.env
            ),
        ))
    }
}

/// `secret_file`: a non-empty string naming a file, read when the issuer is
/// built (relative to the working directory unless absolute), that does not
/// look like a ServerSecret itself.
pub fn secret_file(value: Literal<'_>) -> Result<PathBuf, ConfigProblem> {
    file_source(&SERVER_KEYS, value)
}

/// `callback_secret_file`: a file holding the CallbackSecret, by the rule
/// of [`secret_file`]; read when the callback verifier is built.
pub fn callback_secret_file(value: Literal<'_>) -> Result<PathBuf, ConfigProblem> {
    file_source(&CALLBACK_KEYS, value)
}

fn file_source(keys: &SourceKeys, value: Literal<'_>) -> Result<PathBuf, ConfigProblem> {
    let key = keys.file;
    match value {
        // Every "cannot read <path>" message would echo it, and the derive
        // would compile it into the binary.
        Literal::String(path) if looks_like_secret(path) => Err(problem(
            keys.file_kind,
            format!(
                "{key} must name the file holding {}, and this looks like a {} itself: put {} in a file and name the file here",
                keys.secret, keys.shape, keys.secret
            ),
        )),
        Literal::String(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        Literal::String(_) => Err(problem(
            keys.file_kind,
            format!(
                "{key} must not be empty: name the file holding {}",
                keys.secret
            ),
        )),
        _ => Err(problem(
            keys.file_kind,
            format!(
                "{key} must be a string: the path of the file holding {}",
                keys.secret
            ),
        )),
    }
}

/// Why a plain `secret` key is refused in a TOML file.
pub const SECRET_IN_FILE: &str = "a plain `secret` is not allowed in a config file, which gets committed and copied: name an environment variable with `secret_env` or a file with `secret_file` instead";

/// Why a plain `callback_secret` key is refused in a TOML file.
pub const CALLBACK_SECRET_IN_FILE: &str = "a plain `callback_secret` is not allowed in a config file, which gets committed and copied: name an environment variable with `callback_secret_env` or a file with `callback_secret_file` instead";

/// Why a table naming both secret sources is refused.
pub const BOTH_SECRET_SOURCES: &str = "set either secret_env or secret_file, not both";

/// Why a table naming both callback secret sources is refused.
pub const BOTH_CALLBACK_SECRET_SOURCES: &str =
    "set either callback_secret_env or callback_secret_file, not both";
