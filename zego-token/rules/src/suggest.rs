//! The keys each form accepts, and "did you mean" suggestions for the rest.

/// The keys `#[zego(...)]` accepts on a struct (for "did you mean"
/// suggestions); a config file's table takes [`CONFIG_KEYS`] instead.
pub const ATTR_KEYS: [&str; 11] = [
    "app_id",
    "secret_env",
    "secret",
    "callback_secret_env",
    "callback_secret",
    "ttl",
    "mode",
    "product",
    "id_charset",
    "config",
    "profile",
];

/// The keys a config file's table accepts (for "did you mean" suggestions).
pub const CONFIG_KEYS: [&str; 11] = [
    "app_id",
    "secret_env",
    "secret_file",
    "secret",
    "callback_secret_env",
    "callback_secret_file",
    "ttl",
    "mode",
    "product",
    "id_charset",
    "profiles",
];

/// The closest of `candidates` to an unknown `key`, if any is close enough
/// to be a plausible typo (a small edit distance, or one word extending the
/// other, as `ttl_secs` does `ttl`).
pub fn closest<'a>(key: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let key_chars = key.chars().count();
    candidates
        .iter()
        .filter_map(|c| {
            let limit = 2.max(c.len() / 3);
            let length_gap = key_chars.abs_diff(c.chars().count());
            if key.starts_with(c) || c.starts_with(key) {
                // One extends the other: the distance is the length gap.
                Some((length_gap, *c))
            } else if length_gap <= limit {
                // (No distance is below the length gap: a long key costs
                // nothing to refuse.)
                let distance = edit_distance(key, c);
                (distance <= limit).then_some((distance, *c))
            } else {
                None
            }
        })
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

/// "unknown key" with the closest of `valid` as a suggestion, or the list.
/// The key is shown escaped and cut short (see `shown`).
pub fn unknown_key(key: &str, valid: &[&str]) -> String {
    let shown = shown(key);
    match closest(key, valid) {
        Some(close) => format!("unknown key `{shown}`: did you mean `{close}`?"),
        None => format!(
            "unknown key `{shown}`: expected one of {}",
            valid.join(", ")
        ),
    }
}

/// A name from a config file as a message shows it: control and format
/// characters escaped (so it cannot rewrite the terminal), and cut to a few
/// dozen characters (so a report stays short whatever the file holds).
pub(crate) fn shown(name: &str) -> String {
    const SHOWN_CHARS: usize = 40;
    let mut chars = name.chars();
    let mut out: String = chars
        .by_ref()
        .take(SHOWN_CHARS)
        .collect::<String>()
        .escape_debug()
        .collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}
