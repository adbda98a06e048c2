//! The `config = "..."` form: reads the TOML file while compiling and
//! resolves it with the schema of `zego-token-rules`, the very code the
//! run-time `zego_token::Config` uses. Only what is particular to a derive
//! lives here: finding the file, and turning problems into spanned errors.

use std::path::{Component, Path, PathBuf};

use syn::LitStr;

use crate::errors::Errors;
use crate::rules::{self, ConfigProblems, Profile};

/// Reads `path` (relative to the crate's `CARGO_MANIFEST_DIR`, which cargo
/// sets for the crate) and resolves `profile`, or the top level: the
/// profile and the file's full path. The problems of the file are reported
/// at the `config` literal with the file's line and column, as many as a
/// report lists (then how many more); a missing profile at the `profile`
/// literal.
pub(crate) fn load(
    path: &LitStr,
    profile: Option<&LitStr>,
    errors: &mut Errors,
) -> Option<(Profile, PathBuf)> {
    let written = path.value();
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let resolved = normalize(&manifest_dir.join(&written));
    // The run-time loader's reader: a regular file of at most
    // MAX_CONFIG_FILE_LEN bytes, and a path written as a secret refused
    // unshown (the check looks at what the attribute wrote, not at the
    // directories cargo put in front of it).
    let read = if rules::looks_like_secret(&written) {
        Err(rules::FileProblem::SecretShapedPath)
    } else {
        rules::read_regular_file(&resolved, rules::MAX_CONFIG_FILE_LEN)
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(rules::FileProblem::SecretShapedPath) => {
            errors.add(path, "config must be the path of a TOML file, and this looks like a ServerSecret itself, so it is not shown: keep the secret out of the source, in the environment (secret_env) or a file (secret_file)");
            return None;
        }
        Err(problem) => {
            let reason = match problem {
                rules::FileProblem::Io(std::io::ErrorKind::NotFound) => " not found".to_owned(),
                problem => format!(": {problem}"),
            };
            errors.add(path, format!("config file {}{reason} (paths are relative to the directory of the crate's Cargo.toml)", resolved.display()));
            return None;
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        errors.add(
            path,
            format!("config file {} is not UTF-8 text", resolved.display()),
        );
        return None;
    };
    // Messages name the file as the attribute wrote it.
    let shown = Path::new(&written);
    let document = match rules::Document::parse(text) {
        Ok(document) => document,
        Err(problems) => {
            report(&problems.in_file(shown), path, errors);
            return None;
        }
    };
    let name = profile.map(LitStr::value);
    match document.profile(name.as_deref()) {
        Ok(chosen) => Some((chosen.clone(), resolved)),
        Err(problem) => {
            errors.add(profile.unwrap_or(path), problem.in_file(shown));
            None
        }
    }
}

/// The problems a report lists, one error each, then one counting the rest.
fn report(problems: &ConfigProblems, path: &LitStr, errors: &mut Errors) {
    for problem in problems.listed() {
        errors.add(path, problem);
    }
    if let Some(more) = problems.more() {
        errors.add(path, format!("{}: {more} problems", path.value()));
    }
}

/// Removes `.` and `..` components without touching the file system, so
/// messages show a plain path.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests;
