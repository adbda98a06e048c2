//! Why a configuration was refused. One problem type for the derive and the
//! run-time loader (re-exported as `zego_token::ConfigProblem`), and one sink,
//! [`ConfigProblems`], that collects every problem of a file so both report
//! them all at once.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

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
    /// Shared by every problem of one file.
    path: Option<Arc<Path>>,
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

    /// Places the problem at the byte `offset` of `text`. This reads `text`
    /// up to `offset`; the schema places all the problems of a file in one
    /// pass instead.
    #[must_use]
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        self.position = Some(line_column(text, offset));
        self
    }

    /// Names the file the problem is in.
    #[must_use]
    pub fn in_file(mut self, path: &Path) -> Self {
        self.path = Some(Arc::from(path));
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
/// without a place last), each once. As an error it holds at least one.
///
/// It holds them all ([`len`](Self::len), [`iter`](Self::iter)); a report
/// lists the first [`LISTED`](Self::LISTED) and counts the rest. Its
/// `Display` is that report on one line: the listed problems joined by
/// `; `, then `and N more` when there are more.
///
/// ```
/// use zego_token_rules::{ConfigProblems, Document};
///
/// let text: String = (0..25).map(|i| format!("[profiles.p{i}]\nttl = 0\n")).collect();
/// let problems = Document::parse(&format!("app_id = 1\n{text}")).unwrap_err();
/// assert_eq!(problems.len(), 25);
/// assert_eq!(problems.listed().len(), ConfigProblems::LISTED);
/// assert_eq!(problems.more().as_deref(), Some("and 5 more"));
/// assert!(problems.to_string().ends_with("; and 5 more"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigProblems(Vec<ConfigProblem>);

impl ConfigProblems {
    /// How many problems a report lists: the `Display` of this type, the
    /// compile errors of `#[derive(ZegoTokenIssuer)]`, the command line's
    /// message. The rest are counted, as `and N more`.
    pub const LISTED: usize = 20;

    /// The problems a report lists: the first [`LISTED`](Self::LISTED) in
    /// the order of the text.
    pub fn listed(&self) -> &[ConfigProblem] {
        &self.0[..self.0.len().min(Self::LISTED)]
    }

    /// `and N more` when a report leaves `N` problems out, else `None`.
    pub fn more(&self) -> Option<String> {
        let left_out = self.0.len().saturating_sub(Self::LISTED);
        (left_out > 0).then(|| format!("and {left_out} more"))
    }

    /// Problems found at byte offsets of `text` (or nowhere), placed in one
    /// pass over the text, sorted into its order, and each kept once.
    #[cfg(feature = "schema")]
    pub(crate) fn placed(text: &str, mut found: Vec<(Option<usize>, ConfigProblem)>) -> Self {
        // Stable: problems at one place keep the order they were found in.
        found.sort_by_key(|(offset, _)| offset.unwrap_or(usize::MAX));
        let mut cursor = Cursor::new(text);
        let mut problems: Vec<ConfigProblem> = Vec::with_capacity(found.len());
        for (offset, mut problem) in found {
            if let Some(offset) = offset {
                problem.position = Some(cursor.advance_to(offset));
            }
            if problems.last() != Some(&problem) {
                problems.push(problem);
            }
        }
        ConfigProblems(problems)
    }

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
        let path: Arc<Path> = Arc::from(path);
        let named = self.0.into_iter().map(|mut problem| {
            problem.path = Some(Arc::clone(&path));
            problem
        });
        ConfigProblems(named.collect())
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
        for (i, problem) in self.listed().iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        if let Some(more) = self.more() {
            write!(f, "; {more}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigProblems {}

/// 1-based line and column (in characters) of a byte offset in `text`, for
/// config errors that point at the mistake. Reads `text` up to `offset`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    Cursor::new(text).advance_to(offset)
}

/// A line and column moving forward through a text: placing every problem
/// of a file, in the order of the text, reads the text once.
struct Cursor<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Self {
        Cursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The 1-based line and column of the byte `offset` (clamped to the
    /// text and to a character boundary), reading only the bytes since the
    /// previous call.
    fn advance_to(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            // Out of order: start over (`placed` sorts first, so never there).
            *self = Cursor::new(self.text);
        }
        let read = &self.text[self.offset..offset];
        #[cfg(test)]
        work::read(read.len());
        for c in read.chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// How many bytes of config text positions were computed from, so tests can
/// tell linear reporting from quadratic without timing anything.
#[cfg(test)]
pub(crate) mod work {
    use std::cell::Cell;

    thread_local! {
        static READ: Cell<usize> = const { Cell::new(0) };
    }

    pub(crate) fn read(bytes: usize) {
        READ.with(|r| r.set(r.get() + bytes));
    }

    /// The bytes read by `f` on this thread.
    pub(crate) fn counted<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let before = READ.with(Cell::get);
        let value = f();
        (value, READ.with(Cell::get) - before)
    }
}
