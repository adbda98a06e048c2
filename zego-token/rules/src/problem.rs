//! Why a configuration was refused. One problem type for the derive and the
//! run-time loader (re-exported as `zego_token::ConfigProblem`), and one sink,
//! [`ConfigProblems`], that collects every problem of a file so both report
//! them all at once.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of mistake a [`ConfigProblem`] is, so callers can react to it
/// (or explain it in their own terms) without parsing its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigProblemKind {
    /// The config file could not be read.
    Read,
    /// The text is not TOML.
    Syntax,
    /// A key the schema does not know (the message suggests the closest).
    UnknownKey,
    /// `app_id` is not an integer from 1 to 4294967295.
    AppId,
    /// A plain `secret` in a config file (never the value itself).
    SecretInFile,
    /// `secret_env` does not name an environment variable.
    SecretEnv,
    /// `secret_file` does not name a file.
    SecretFile,
    /// A table names both `secret_env` and `secret_file`.
    BothSecretSources,
    /// `ttl` is not a positive number of seconds or a duration.
    Ttl,
    /// `mode` is not `cbc` or `gcm`.
    Mode,
    /// `product` is not `rtc` or `zim`.
    Product,
    /// `profiles` is not a table of tables, or a profile nests profiles.
    Profiles,
    /// A profile (or the top level, when it is asked for) has no `app_id`,
    /// of its own or inherited.
    MissingAppId,
    /// No profile has the name asked for.
    UnknownProfile,
}

/// Why a configuration was refused: the file (when read from one), the line
/// and column (when the mistake has a place in the text), its kind, and a
/// one-line message saying what to do. Never contains a secret value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    kind: ConfigProblemKind,
    path: Option<PathBuf>,
    position: Option<(usize, usize)>,
    message: String,
}

impl ConfigProblem {
    /// A problem of `kind` without a place yet. A word of `message` that
    /// looks like a ServerSecret (a key or profile name that quotes one) is
    /// replaced by [`REDACTED`](crate::REDACTED).
    pub fn new(kind: ConfigProblemKind, message: impl Into<String>) -> Self {
        let message = message.into();
        ConfigProblem {
            kind,
            path: None,
            position: None,
            message: match crate::secret::redact_secrets(&message) {
                Cow::Borrowed(_) => message,
                Cow::Owned(redacted) => redacted,
            },
        }
    }

    /// Places the problem at the byte `offset` of `text`.
    #[must_use]
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        self.position = Some(line_column(text, offset));
        self
    }

    /// Names the file the problem is in.
    #[must_use]
    pub fn in_file(mut self, path: &Path) -> Self {
        self.path = Some(path.to_owned());
        self
    }

    /// What kind of mistake this is.
    pub fn kind(&self) -> ConfigProblemKind {
        self.kind
    }

    /// The config file, when the config was read from one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line of the mistake, when it has a place in the text.
    pub fn line(&self) -> Option<usize> {
        self.position.map(|(line, _)| line)
    }

    /// The 1-based column (in characters) of the mistake.
    pub fn column(&self) -> Option<usize> {
        self.position.map(|(_, column)| column)
    }

    /// What is wrong and what to do, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.position) {
            (Some(path), Some((line, column))) => {
                write!(f, "{}:{line}:{column}: ", path.display())?;
            }
            (Some(path), None) => write!(f, "{}: ", path.display())?,
            (None, Some((line, column))) => write!(f, "line {line}, column {column}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigProblem {}

/// Every problem found in a configuration, in the order of the text (those
/// without a place last). As an error it holds at least one.
///
/// Its `Display` is one line: the problems joined by `; `.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigProblems(Vec<ConfigProblem>);

impl ConfigProblems {
    /// Records one problem: the sink both the derive and the loader report to.
    pub fn push(&mut self, problem: ConfigProblem) {
        self.0.push(problem);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order of the text.
    pub fn iter(&self) -> std::slice::Iter<'_, ConfigProblem> {
        self.0.iter()
    }

    /// The first problem in the text, if any.
    pub fn first(&self) -> Option<&ConfigProblem> {
        self.0.first()
    }

    /// Names the file every problem is in.
    #[must_use]
    pub fn in_file(self, path: &Path) -> Self {
        ConfigProblems(self.0.into_iter().map(|p| p.in_file(path)).collect())
    }

    /// `Ok(value)` when nothing was recorded, else the problems sorted into
    /// the order of the text.
    pub fn finish<T>(mut self, value: T) -> Result<T, ConfigProblems> {
        if self.0.is_empty() {
            return Ok(value);
        }
        // Stable: problems at one place keep the order they were found in.
        self.0
            .sort_by_key(|p| p.position.map_or((usize::MAX, usize::MAX), |pos| pos));
        Err(self)
    }
}

impl From<ConfigProblem> for ConfigProblems {
    fn from(problem: ConfigProblem) -> Self {
        ConfigProblems(vec![problem])
    }
}

impl IntoIterator for ConfigProblems {
    type Item = ConfigProblem;
    type IntoIter = std::vec::IntoIter<ConfigProblem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ConfigProblems {
    type Item = &'a ConfigProblem;
    type IntoIter = std::slice::Iter<'a, ConfigProblem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for ConfigProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigProblems {}

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
