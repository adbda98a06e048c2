//! The `config = "..."` form: reads and validates the TOML file while
//! compiling, with the schema and rules of the run-time `zego_token::Config`.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;
use syn::LitStr;
use toml::{Spanned, Value};

use crate::rules;
use crate::valid::{Consts, Errors, Secret};

/// One table of the file, as in `zego-token/src/config/raw.rs`.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    app_id: Option<Spanned<Value>>,
    secret_env: Option<Spanned<Value>>,
    secret_file: Option<Spanned<Value>>,
    secret: Option<Spanned<IgnoredAny>>,
    ttl: Option<Spanned<Value>>,
    mode: Option<Spanned<Value>>,
    product: Option<Spanned<Value>>,
    profiles: Option<Spanned<BTreeMap<String, Spanned<RawTable>>>>,
}

/// The values one table sets.
#[derive(Clone, Default)]
struct Fields {
    app_id: Option<u32>,
    /// An invalid `app_id` was reported: "no app_id" would only be noise.
    app_id_invalid: bool,
    secret: Option<(bool, String)>,
    ttl: Option<i64>,
    mode: Option<&'static str>,
    product: Option<&'static str>,
}

/// Reads `path` (relative to the crate's `CARGO_MANIFEST_DIR`) and resolves
/// `profile`, or the top level. Errors point at the `config` literal and
/// give the file's line and column.
pub(crate) fn load(path: &LitStr, profile: Option<&LitStr>, errors: &mut Errors) -> Option<Consts> {
    let written = path.value();
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let resolved = normalize(&manifest_dir.join(&written));
    let text = match std::fs::read_to_string(&resolved) {
        Ok(text) => text,
        Err(err) => {
            let reason = match err.kind() {
                std::io::ErrorKind::NotFound => "not found".to_owned(),
                kind => kind.to_string(),
            };
            errors.add(path, format!("config file {} {reason} (paths are relative to the directory of the crate's Cargo.toml)", resolved.display()));
            return None;
        }
    };
    let mut file_errors = Vec::new();
    let mut fail = |offset: usize, message: String| {
        let (line, column) = rules::line_column(&text, offset);
        file_errors.push(format!("{written}:{line}:{column}: {message}"));
    };
    let raw: RawTable = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(err) => {
            fail(
                err.span().map_or(0, |s| s.start),
                rules::describe_toml_error(err.message()),
            );
            for message in file_errors {
                errors.add(path, message);
            }
            return None;
        }
    };
    let top = check(&raw, &mut fail);
    let mut profiles = BTreeMap::new();
    for (name, table) in raw
        .profiles
        .as_ref()
        .map(|p| p.get_ref().iter())
        .into_iter()
        .flatten()
    {
        if let Some(nested) = &table.get_ref().profiles {
            fail(nested.span().start, "profiles cannot be nested".to_owned());
        }
        profiles.insert(
            name.as_str(),
            (table.span().start, check(table.get_ref(), &mut fail)),
        );
    }
    let chosen = match profile {
        None => Some((
            0,
            top.clone(),
            "the top level sets no app_id: set one, or pick a profile with `profile = \"...\"`"
                .to_owned(),
        )),
        Some(lit) => match profiles.get(lit.value().as_str()) {
            Some((at, fields)) => Some((
                *at,
                fields.clone().inherit(&top),
                format!(
                    "profile `{}` has no app_id, and the top level sets none to inherit",
                    lit.value()
                ),
            )),
            None => {
                let names: Vec<&str> = profiles.keys().copied().collect();
                let listed = if names.is_empty() {
                    format!("{written} defines no profiles")
                } else {
                    format!("profiles in {written}: {}", names.join(", "))
                };
                errors.add(lit, format!("no profile `{}` ({listed})", lit.value()));
                None
            }
        },
    };
    let result = chosen.and_then(|(at, fields, missing)| {
        if fields.app_id.is_none() && !fields.app_id_invalid {
            fail(at, missing);
        }
        Some(Consts {
            app_id: fields.app_id?,
            secret: match fields.secret {
                Some((true, path)) => Secret::File(path),
                Some((false, var)) => Secret::Env(var),
                None => Secret::Env("ZEGO_SERVER_SECRET".to_owned()),
            },
            ttl: fields.ttl.unwrap_or(3600),
            mode: fields.mode.unwrap_or("cbc"),
            product: fields.product.unwrap_or("rtc"),
            config_file: Some(resolved.to_string_lossy().into_owned()),
        })
    });
    if !file_errors.is_empty() {
        for message in file_errors {
            errors.add(path, message);
        }
        return None;
    }
    result
}

impl Fields {
    fn inherit(self, top: &Fields) -> Fields {
        Fields {
            app_id: self.app_id.or(top.app_id),
            app_id_invalid: self.app_id_invalid || top.app_id_invalid,
            secret: self.secret.or_else(|| top.secret.clone()),
            ttl: self.ttl.or(top.ttl),
            mode: self.mode.or(top.mode),
            product: self.product.or(top.product),
        }
    }
}

/// Validates one table, recording every problem through `fail`.
fn check(table: &RawTable, fail: &mut impl FnMut(usize, String)) -> Fields {
    let mut fields = Fields::default();
    if let Some(secret) = &table.secret {
        fail(secret.span().start, rules::SECRET_IN_FILE.to_owned());
    }
    if let Some(v) = &table.app_id {
        let id = match v.get_ref() {
            Value::Integer(i) => rules::app_id(i128::from(*i)),
            _ => Err(rules::APP_ID_NOT_INTEGER.to_owned()),
        };
        fields.app_id_invalid = id.is_err();
        fields.app_id = id.map_err(|m| fail(v.span().start, m)).ok();
    }
    let env = string(&table.secret_env, "secret_env", fail);
    let file = string(&table.secret_file, "secret_file", fail);
    match (env, file) {
        (Some(_), Some((at, _))) => fail(at, rules::BOTH_SECRET_SOURCES.to_owned()),
        (Some((at, var)), None) => match rules::env_var_name(var) {
            Ok(()) => fields.secret = Some((false, var.to_owned())),
            Err(m) => fail(at, m),
        },
        (None, Some((_, path))) => fields.secret = Some((true, path.to_owned())),
        (None, None) => {}
    }
    if let Some(v) = &table.ttl {
        let ttl = match v.get_ref() {
            Value::Integer(i) => rules::ttl_seconds(i128::from(*i)),
            Value::String(s) => rules::ttl_text(s),
            _ => rules::ttl_text(""),
        };
        fields.ttl = ttl.map_err(|m| fail(v.span().start, m)).ok();
    }
    if let Some((at, word)) = string(&table.mode, "mode", fail) {
        fields.mode = rules::mode(word).map_err(|m| fail(at, m)).ok();
    }
    if let Some((at, word)) = string(&table.product, "product", fail) {
        fields.product = rules::product(word).map_err(|m| fail(at, m)).ok();
    }
    fields
}

fn string<'a>(
    value: &'a Option<Spanned<Value>>,
    key: &str,
    fail: &mut impl FnMut(usize, String),
) -> Option<(usize, &'a str)> {
    let v = value.as_ref()?;
    match v.get_ref() {
        Value::String(s) => Some((v.span().start, s.as_str())),
        _ => {
            fail(v.span().start, format!("{key} must be a string"));
            None
        }
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
