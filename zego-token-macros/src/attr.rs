//! `#[zego(...)]`: the syntax of its entries (`key` or `key = value`), each
//! struct-level value turned into its type by the rules of
//! `zego-token-rules`, and each field's entry into a [`Marker`]. Which keys
//! go together is `valid`'s business.

use std::time::Duration;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Ident, Lit, LitStr, Token, UnOp};

use crate::errors::Errors;
use crate::rules::{self, Charset, ConfigProblem, Literal, Mode, Product};

/// One `key` or `key = value` entry.
struct Entry {
    key: Ident,
    value: Option<Expr>,
}

impl Parse for Entry {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key: Ident = input.parse()?;
        let value = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Entry { key, value })
    }
}

/// The entries of every `#[zego(...)]` among `attrs`, in order, and
/// whether one could not be read. A syntax error in one attribute is
/// recorded and that attribute skipped, so the others are still checked.
fn entries(attrs: &[Attribute], errors: &mut Errors) -> (Vec<Entry>, bool) {
    let mut entries = Vec::new();
    let mut unreadable = false;
    for attr in zego_attrs(attrs) {
        match attr.parse_args_with(Punctuated::<Entry, Token![,]>::parse_terminated) {
            Ok(list) => entries.extend(list),
            Err(err) => {
                errors.push(err);
                unreadable = true;
            }
        }
    }
    (entries, unreadable)
}

/// One key of the struct's `#[zego(...)]`: where it was written, and its
/// value once the key's rule accepted it.
pub(crate) struct Setting<T> {
    /// The key as written.
    pub(crate) key: Ident,
    /// The value as written; `None` when the key has none.
    written: Option<Expr>,
    /// The typed value; `None` when it was refused (and reported).
    pub(crate) value: Option<T>,
}

/// Errors about a setting point at its value, or at the key without one.
impl<T> ToTokens for Setting<T> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match &self.written {
            Some(value) => value.to_tokens(tokens),
            None => self.key.to_tokens(tokens),
        }
    }
}

/// The struct-level `#[zego(...)]` entries, typed. Unknown keys, duplicate
/// keys, missing values and values their rule refuses are reported here.
#[derive(Default)]
pub(crate) struct Attrs {
    /// Every known key written, in order: the checks of which keys go
    /// together name them.
    pub(crate) keys: Vec<Ident>,
    pub(crate) app_id: Option<Setting<u32>>,
    /// A literal secret (tests and demos).
    pub(crate) secret: Option<Setting<String>>,
    pub(crate) secret_env: Option<Setting<String>>,
    /// A literal callback secret (tests and demos).
    pub(crate) callback_secret: Option<Setting<String>>,
    pub(crate) callback_secret_env: Option<Setting<String>>,
    pub(crate) ttl: Option<Setting<Duration>>,
    pub(crate) mode: Option<Setting<Mode>>,
    pub(crate) product: Option<Setting<Product>>,
    pub(crate) id_charset: Option<Setting<Charset>>,
    pub(crate) config: Option<Setting<LitStr>>,
    pub(crate) profile: Option<Setting<LitStr>>,
    /// An unknown key looks like a misspelt `app_id`, so "missing app_id"
    /// would only be noise.
    pub(crate) app_id_misspelt: bool,
    /// A `#[zego(...)]` could not be read (a syntax error, reported).
    pub(crate) unreadable: bool,
}

impl Attrs {
    pub(crate) fn from_syn(attrs: &[Attribute], errors: &mut Errors) -> Self {
        let (entries, unreadable) = entries(attrs, errors);
        let mut out = Attrs {
            unreadable,
            ..Attrs::default()
        };
        for Entry { key, value } in entries {
            let name = key.to_string();
            let keys = &mut out.keys;
            match name.as_str() {
                "app_id" => set(&mut out.app_id, keys, key, value, errors, |e, errors| {
                    checked(e, rules::app_id, errors)
                }),
                "secret" => set(&mut out.secret, keys, key, value, errors, secret_literal),
                "secret_env" => set(
                    &mut out.secret_env,
                    keys,
                    key,
                    value,
                    errors,
                    |e, errors| checked(e, rules::secret_env, errors),
                ),
                "callback_secret" => set(
                    &mut out.callback_secret,
                    keys,
                    key,
                    value,
                    errors,
                    callback_secret_literal,
                ),
                "callback_secret_env" => set(
                    &mut out.callback_secret_env,
                    keys,
                    key,
                    value,
                    errors,
                    |e, errors| checked(e, rules::callback_secret_env, errors),
                ),
                "ttl" => set(&mut out.ttl, keys, key, value, errors, |e, errors| {
                    checked(e, rules::ttl, errors).map(|s| Duration::from_secs(s.unsigned_abs()))
                }),
                "mode" => set(&mut out.mode, keys, key, value, errors, |e, errors| {
                    checked(e, rules::mode, errors)
                }),
                "product" => set(&mut out.product, keys, key, value, errors, |e, errors| {
                    checked(e, rules::product, errors)
                }),
                "id_charset" => set(
                    &mut out.id_charset,
                    keys,
                    key,
                    value,
                    errors,
                    |e, errors| checked(e, rules::id_charset, errors),
                ),
                "config" => set(&mut out.config, keys, key, value, errors, |e, errors| {
                    string(
                        e,
                        "config must be a string: the path of a TOML file, relative to the crate's Cargo.toml",
                        errors,
                    )
                }),
                "profile" => set(&mut out.profile, keys, key, value, errors, |e, errors| {
                    string(
                        e,
                        "profile must be a string: the name of a [profiles.<name>] table",
                        errors,
                    )
                }),
                _ => {
                    out.app_id_misspelt |=
                        rules::closest(&name, &rules::ATTR_KEYS) == Some("app_id");
                    errors.add(&key, unknown_key(&name, &rules::ATTR_KEYS));
                }
            }
        }
        out
    }
}

/// Records `key = value` in `slot`, with the value through `parse`; a
/// second `key` is reported, and a key without a value.
fn set<T>(
    slot: &mut Option<Setting<T>>,
    keys: &mut Vec<Ident>,
    key: Ident,
    written: Option<Expr>,
    errors: &mut Errors,
    parse: impl FnOnce(&Expr, &mut Errors) -> Option<T>,
) {
    if slot.is_some() {
        errors.add(
            &key,
            format!("duplicate key `{key}`: it is already set in this #[zego(...)]; keep one"),
        );
        return;
    }
    let value = match &written {
        Some(expr) => parse(expr, errors),
        None => {
            errors.add(&key, format!("`{key}` needs a value: `{key} = ...`"));
            None
        }
    };
    keys.push(key.clone());
    *slot = Some(Setting {
        key,
        written,
        value,
    });
}

fn unknown_key(key: &str, valid: &[&str]) -> String {
    let env = match key {
        "secret_file" => "secret_env",
        "callback_secret_file" => "callback_secret_env",
        _ => return rules::unknown_key(key, valid),
    };
    format!(
        "unknown key `{key}`: a secret file can only be named in a config file (config = \"...\"); in the attribute use `{env}`"
    )
}

/// What a `#[zego(...)]` on a field marks it as.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    AppId,
    Secret,
    Ttl,
    CallbackSecret,
}

impl Marker {
    pub(crate) const ALL: [Marker; 4] = [
        Marker::AppId,
        Marker::Secret,
        Marker::Ttl,
        Marker::CallbackSecret,
    ];

    /// The marker as written: `#[zego(app_id)]`.
    pub(crate) const fn word(self) -> &'static str {
        match self {
            Marker::AppId => "app_id",
            Marker::Secret => "secret",
            Marker::Ttl => "ttl",
            Marker::CallbackSecret => "callback_secret",
        }
    }
}

/// The marker of a field with `#[zego(...)]`, and the marker as written;
/// unknown markers, values and a second marker are reported.
pub(crate) fn marker(
    field: &Ident,
    attrs: &[Attribute],
    errors: &mut Errors,
) -> Option<(Marker, Ident)> {
    let words = Marker::ALL.map(Marker::word);
    let mut found: Option<(Marker, Ident)> = None;
    for Entry { key, value } in entries(attrs, errors).0 {
        let Some(marker) = Marker::ALL.into_iter().find(|m| key == m.word()) else {
            errors.add(&key, unknown_key(&key.to_string(), &words));
            continue;
        };
        if let Some(value) = value {
            errors.add(
                value,
                format!("field markers take no value: write #[zego({key})]"),
            );
        } else if let Some((other, _)) = &found {
            errors.add(
                &key,
                format!(
                    "a field can carry one marker: `{field}` is already marked #[zego({})]",
                    other.word()
                ),
            );
        } else {
            found = Some((marker, key));
        }
    }
    found
}

/// The `#[zego(...)]` attributes among `attrs`.
pub(crate) fn zego_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("zego"))
}

/// Macro-expanded input wraps values in invisible groups.
fn ungroup(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(group) => ungroup(&group.expr),
        Expr::Paren(paren) => ungroup(&paren.expr),
        other => other,
    }
}

/// An integer literal, possibly negated. Literals too large for `i128`
/// become `i128::MAX`, which every range check refuses.
fn integer(expr: &Expr) -> Option<i128> {
    match ungroup(expr) {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(int) => Some(int.base10_digits().parse().unwrap_or(i128::MAX)),
            _ => None,
        },
        Expr::Unary(unary) if matches!(unary.op, UnOp::Neg(_)) => integer(&unary.expr).map(|n| -n),
        _ => None,
    }
}

fn string(expr: &Expr, message: &str, errors: &mut Errors) -> Option<LitStr> {
    if let Expr::Lit(syn::ExprLit {
        lit: Lit::Str(s), ..
    }) = ungroup(expr)
    {
        return Some(s.clone());
    }
    errors.add(expr, message);
    None
}

/// Runs the shared `rule` on the literal `expr` holds (an integer, a
/// string, or something else), reporting a refusal at `expr`.
fn checked<T>(
    expr: &Expr,
    rule: fn(Literal<'_>) -> Result<T, ConfigProblem>,
    errors: &mut Errors,
) -> Option<T> {
    let text;
    let literal = match (integer(expr), ungroup(expr)) {
        (Some(n), _) => Literal::Integer(n),
        (
            None,
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }),
        ) => {
            text = s.value();
            Literal::String(&text)
        }
        _ => Literal::Other,
    };
    errors.check(expr, rule(literal))
}

fn secret_literal(expr: &Expr, errors: &mut Errors) -> Option<String> {
    let lit = string(
        expr,
        "secret must be a string literal: the 32-character ServerSecret (for tests and demos; use secret_env otherwise)",
        errors,
    )?;
    let value = lit.value();
    // The one rule `ServerSecret::from_static` applies too: a literal it
    // would refuse must not compile, or the generated `secret()` panics.
    match rules::secret_value(value.as_bytes()) {
        Ok(()) => Some(value),
        Err(rules::SecretValueProblem::Character { at }) => {
            errors.add(&lit, format!("secret must be 32 printable ASCII characters (the ServerSecret from the ZEGO console): byte {at} is not"));
            None
        }
        Err(_) => {
            errors.add(&lit, format!("secret must be exactly 32 bytes (the ServerSecret from the ZEGO console), this one has {}", value.len()));
            None
        }
    }
}

fn callback_secret_literal(expr: &Expr, errors: &mut Errors) -> Option<String> {
    let lit = string(
        expr,
        "callback_secret must be a string literal: the CallbackSecret (for tests and demos; use callback_secret_env otherwise)",
        errors,
    )?;
    let value = lit.value();
    match rules::callback_secret_value(value.as_bytes()) {
        Ok(()) => Some(value),
        Err(rules::CallbackSecretValueProblem::TooLong { len }) => {
            errors.add(
                &lit,
                format!(
                    "callback_secret must be at most {} bytes (the CallbackSecret from the ZEGO console), this one has {len}",
                    rules::CALLBACK_SECRET_MAX_LEN
                ),
            );
            None
        }
        Err(_) => {
            errors.add(
                &lit,
                "callback_secret must not be empty: the CallbackSecret from the ZEGO console",
            );
            None
        }
    }
}
