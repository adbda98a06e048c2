//! The value rules of a zego-token config, shared by `#[derive(ZegoTokenIssuer)]`
//! (checked while compiling) and the run-time TOML loader, so both accept and
//! refuse exactly the same values with the same messages.
//!
//! An implementation detail of [zego-token](https://docs.rs/zego-token): its
//! own crate only because a proc-macro crate cannot depend on the crate that
//! re-exports it. Messages never repeat the offending value: it might be a
//! pasted secret.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// The words `mode` accepts.
pub const MODES: [&str; 2] = ["cbc", "gcm"];
/// The words `product` accepts.
pub const PRODUCTS: [&str; 2] = ["rtc", "zim"];

const APP_ID_HINT: &str = "use the AppID from the ZEGO console (1 to 4294967295)";

/// Checks an app ID given as any integer.
pub fn app_id(value: i128) -> Result<u32, String> {
    match u32::try_from(value) {
        Ok(0) => Err(format!("app_id must not be 0: {APP_ID_HINT}")),
        Ok(id) => Ok(id),
        Err(_) if value < 0 => Err(format!("app_id must not be negative: {APP_ID_HINT}")),
        Err(_) => Err(format!("app_id is above u32::MAX: {APP_ID_HINT}")),
    }
}

const TTL_HINT: &str = "give seconds (3600) or a duration such as \"90s\", \"30m\", \"2h\", \"1d\"";

/// Checks a lifetime given as a number of seconds.
pub fn ttl_seconds(value: i128) -> Result<i64, String> {
    if value <= 0 {
        return Err(format!("ttl must be positive: {TTL_HINT}"));
    }
    i64::try_from(value).map_err(|_| "ttl is too large for 64-bit seconds".to_owned())
}

/// Parses a lifetime written as seconds or a humane duration: `"3600"`,
/// `"90s"`, `"30m"`, `"2h"`, `"1d"`.
pub fn ttl_text(text: &str) -> Result<i64, String> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, unit) = match unsigned.char_indices().last() {
        Some((at, 's' | 'm' | 'h' | 'd')) => unsigned.split_at(at),
        _ => (unsigned, ""),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("ttl is not a duration: {TTL_HINT}"));
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
        return Err("ttl is too large for 64-bit seconds".to_owned());
    };
    ttl_seconds(if negative { -seconds } else { seconds })
}

/// Checks a `mode` word.
pub fn mode(word: &str) -> Result<&'static str, String> {
    MODES
        .into_iter()
        .find(|m| *m == word)
        .ok_or_else(|| "mode must be \"cbc\" or \"gcm\"".to_owned())
}

/// Checks a `product` word.
pub fn product(word: &str) -> Result<&'static str, String> {
    PRODUCTS
        .into_iter()
        .find(|p| *p == word)
        .ok_or_else(|| "product must be \"rtc\" or \"zim\"".to_owned())
}

/// Checks that `secret_env` names a variable rather than holding a secret.
pub fn env_var_name(name: &str) -> Result<(), String> {
    let mut bytes = name.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    // A ZEGO ServerSecret is 32 lowercase hex characters, and one starting
    // with a letter is also a valid variable name: refuse it, or the pasted
    // secret would be echoed by every "variable not set" message.
    let looks_like_secret =
        name.len() == 32 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if looks_like_secret {
        Err("secret_env must name an environment variable, and this looks like a ServerSecret itself: put the secret in the environment and name the variable here".to_owned())
    } else if first_ok && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(())
    } else {
        Err("secret_env must name an environment variable (letters, digits and _, not starting with a digit)".to_owned())
    }
}

/// Why a plain `secret` key is refused in a TOML file.
pub const SECRET_IN_FILE: &str = "a plain `secret` is not allowed in a config file, which gets committed and copied: name an environment variable with `secret_env` or a file with `secret_file` instead";

/// The closest of `candidates` to an unknown `key`, if any is close enough
/// to be a plausible typo (a small edit distance, or one word extending the
/// other, as `ttl_secs` does `ttl`).
pub fn closest<'a>(key: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(key, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3) || key.starts_with(c) || c.starts_with(key))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The keys `#[zego(...)]` accepts on a struct (for "did you mean"
/// suggestions); a config file's table takes [`CONFIG_KEYS`] instead.
pub const ATTR_KEYS: [&str; 8] = [
    "app_id",
    "secret_env",
    "secret",
    "ttl",
    "mode",
    "product",
    "config",
    "profile",
];

/// The keys a config file's table accepts (for "did you mean" suggestions).
pub const CONFIG_KEYS: [&str; 8] = [
    "app_id",
    "secret_env",
    "secret_file",
    "secret",
    "ttl",
    "mode",
    "product",
    "profiles",
];

/// Why an `app_id` that is not an integer is refused.
pub const APP_ID_NOT_INTEGER: &str =
    "app_id must be an integer: the AppID from the ZEGO console, without quotes";

/// Why a table naming both secret sources is refused.
pub const BOTH_SECRET_SOURCES: &str = "set either secret_env or secret_file, not both";

/// 1-based line and column (in characters) of a byte offset in `text`, for
/// config errors that point at the mistake.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// "unknown key" with the closest of `valid` as a suggestion, or the list.
pub fn unknown_key(key: &str, valid: &[&str]) -> String {
    match closest(key, valid) {
        Some(close) => format!("unknown key `{key}`: did you mean `{close}`?"),
        None => format!("unknown key `{key}`: expected one of {}", valid.join(", ")),
    }
}

/// A toml/serde error message made safe to show. toml's syntax messages are
/// generic ("invalid string"); serde's data messages can quote a value
/// ("invalid type: string \"...\""), so those are cut down to what was
/// expected, and unknown keys get a suggestion.
pub fn describe_toml_error(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or("");
    if let Some(rest) = first_line.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        return unknown_key(key, &CONFIG_KEYS);
    }
    if first_line.starts_with("invalid type:") || first_line.starts_with("invalid value:") {
        let expected = first_line
            .rsplit_once(", expected ")
            .map_or("another type", |(_, e)| e);
        return format!("wrong type of value, expected {expected}");
    }
    format!("TOML syntax error: {first_line}")
}

#[cfg(test)]
mod tests;
