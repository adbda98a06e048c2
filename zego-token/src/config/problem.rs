//! Where and why a config was refused.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a configuration was refused: the file (when read from one), the line
/// and column (when the mistake has a place in the text), and a one-line
/// message saying what to do. Never contains a secret value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    path: Option<PathBuf>,
    position: Option<(usize, usize)>,
    message: String,
}

impl ConfigProblem {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigProblem {
            path: None,
            position: None,
            message: message.into(),
        }
    }

    /// Places the problem at the byte `offset` of `text`.
    pub(crate) fn at(mut self, text: &str, offset: usize) -> Self {
        self.position = Some(super::rules::line_column(text, offset));
        self
    }

    pub(crate) fn in_file(mut self, path: &Path) -> Self {
        self.path = Some(path.to_owned());
        self
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_the_place_first() {
        let p = ConfigProblem::new("boom")
            .at("x\ny", 2)
            .in_file(Path::new("z.toml"));
        assert_eq!(p.to_string(), "z.toml:2:1: boom");
        assert_eq!(
            ConfigProblem::new("boom").at("x", 0).to_string(),
            "line 1, column 1: boom"
        );
    }
}
