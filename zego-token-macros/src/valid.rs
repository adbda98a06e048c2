//! Every semantic check of the derive. Errors are spanned at the offending
//! token and collected, so one build reports every mistake at once.

use proc_macro2::Span;
use quote::ToTokens;
use syn::{Expr, Ident, Lit, LitStr, Type, UnOp};

use crate::ast::{Field, Input};
use crate::attr::Entry;
use crate::config;
use crate::rules::{self, ConfigProblem, Literal};

/// Collected errors, reported together.
#[derive(Default)]
pub(crate) struct Errors(Vec<syn::Error>);

impl Errors {
    pub(crate) fn add(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new_spanned(tokens, message));
    }

    pub(crate) fn at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new(span, message));
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    pub(crate) fn into_result(self) -> syn::Result<()> {
        let mut all = self.0.into_iter();
        match all.next() {
            None => Ok(()),
            Some(mut first) => {
                for next in all {
                    first.combine(next);
                }
                Err(first)
            }
        }
    }
}

/// What the derive generates code for.
pub(crate) enum Spec<'a> {
    /// Attribute and config-file forms: everything is known while compiling.
    Consts(Consts),
    /// Field-backed form: the values come from the struct's fields.
    Fields(FieldSpec<'a>),
}

pub(crate) struct Consts {
    pub(crate) app_id: u32,
    pub(crate) secret: Secret,
    pub(crate) ttl: i64,
    pub(crate) mode: &'static str,
    pub(crate) product: &'static str,
    /// The config file, so the generated code can `include_bytes!` it and
    /// cargo rebuilds when it changes.
    pub(crate) config_file: Option<String>,
}

pub(crate) enum Secret {
    Literal(String),
    Env(String),
    File(String),
}

pub(crate) struct FieldSpec<'a> {
    pub(crate) app_id: &'a Ident,
    pub(crate) secret: &'a Ident,
    pub(crate) ttl: Option<&'a Ident>,
    pub(crate) default_ttl: i64,
    pub(crate) mode: &'static str,
    pub(crate) product: &'static str,
}

const MARKERS: [&str; 3] = ["app_id", "secret", "ttl"];

/// Checks `input`; `None` when any error was recorded.
pub(crate) fn check<'a>(input: &Input<'a>, errors: &mut Errors) -> Option<Spec<'a>> {
    let keys = Keys::collect(&input.entries, errors);
    if !input.fields.is_empty() {
        return fields_form(input, &keys, errors).map(Spec::Fields);
    }
    match keys.get("config") {
        Some(config) => config_form(config, &keys, errors).map(Spec::Consts),
        None => attribute_form(input, &keys, errors).map(Spec::Consts),
    }
}

/// The struct-level entries by key, after reporting unknown and duplicate keys.
struct Keys<'e> {
    entries: Vec<&'e Entry>,
    /// An already reported entry looks like a failed attempt at `app_id`
    /// (a typo, or no value), so "missing app_id" would only be noise.
    app_id_attempted: bool,
}

impl<'e> Keys<'e> {
    fn collect(entries: &'e [Entry], errors: &mut Errors) -> Self {
        let mut seen: Vec<&Entry> = Vec::new();
        let mut app_id_attempted = false;
        for entry in entries {
            let key = entry.key.to_string();
            if !rules::ATTR_KEYS.contains(&key.as_str()) {
                app_id_attempted |= rules::closest(&key, &rules::ATTR_KEYS) == Some("app_id");
                errors.add(&entry.key, unknown_key(&key, &rules::ATTR_KEYS));
            } else if seen.iter().any(|e| e.key == entry.key) {
                errors.add(
                    &entry.key,
                    format!(
                        "duplicate key `{key}`: it is already set in this #[zego(...)]; keep one"
                    ),
                );
            } else if entry.value.is_none() {
                app_id_attempted |= key == "app_id";
                errors.add(&entry.key, format!("`{key}` needs a value: `{key} = ...`"));
            } else {
                seen.push(entry);
            }
        }
        Keys {
            entries: seen,
            app_id_attempted,
        }
    }

    fn get(&self, key: &str) -> Option<&'e Entry> {
        self.entries.iter().copied().find(|e| e.key == key)
    }

    fn value(&self, key: &str) -> Option<&'e Expr> {
        self.get(key).and_then(|e| e.value.as_ref())
    }
}

fn unknown_key(key: &str, valid: &[&str]) -> String {
    if key == "secret_file" {
        return "unknown key `secret_file`: a secret file can only be named in a config file (config = \"...\"); in the attribute use `secret_env`".to_owned();
    }
    rules::unknown_key(key, valid)
}

fn attribute_form(input: &Input<'_>, keys: &Keys<'_>, errors: &mut Errors) -> Option<Consts> {
    if let Some(profile) = keys.get("profile") {
        errors.add(
            &profile.key,
            "`profile` picks a table of a config file: add `config = \"zego.toml\"` or remove it",
        );
    }
    let app_id = match keys.value("app_id") {
        Some(expr) => checked(expr, rules::app_id, errors),
        None if keys.app_id_attempted || input.incomplete => None,
        None => {
            errors.at(
                input.attr_span,
                "missing `app_id`: add #[zego(app_id = ...)] with the AppID from the ZEGO console",
            );
            None
        }
    };
    let secret = match (keys.get("secret"), keys.get("secret_env")) {
        (Some(literal), Some(env)) => {
            let position = |e: &Entry| keys.entries.iter().position(|k| std::ptr::eq(*k, e));
            let later = if position(literal) > position(env) {
                literal
            } else {
                env
            };
            errors.add(&later.key, "`secret` and `secret_env` are mutually exclusive: use secret_env for real deployments (a literal secret is for tests and demos)");
            None
        }
        (Some(literal), None) => {
            secret_literal(literal.value.as_ref()?, errors).map(Secret::Literal)
        }
        (None, Some(env)) => {
            let expr = env.value.as_ref()?;
            let var = checked(expr, rules::secret_env, errors)?;
            check_env_at_compile_time(&var, syn::spanned::Spanned::span(expr), errors);
            Some(Secret::Env(var))
        }
        (None, None) => {
            check_env_at_compile_time(rules::DEFAULT_SECRET_ENV, input.attr_span, errors);
            Some(Secret::Env(rules::DEFAULT_SECRET_ENV.to_owned()))
        }
    };
    let (ttl, mode, product) = defaults(keys, errors);
    Some(Consts {
        app_id: app_id?,
        secret: secret?,
        ttl: ttl?,
        mode: mode?,
        product: product?,
        config_file: None,
    })
}

fn config_form(config: &Entry, keys: &Keys<'_>, errors: &mut Errors) -> Option<Consts> {
    for entry in &keys.entries {
        let key = entry.key.to_string();
        if key != "config" && key != "profile" {
            errors.add(
                &entry.key,
                format!("`{key}` cannot be combined with `config`: set it in the config file"),
            );
        }
    }
    let path = string(
        config.value.as_ref()?,
        "config must be a string: the path of a TOML file, relative to the crate's Cargo.toml",
        errors,
    )?;
    let profile = match keys.value("profile") {
        Some(expr) => Some(string(
            expr,
            "profile must be a string: the name of a [profiles.<name>] table",
            errors,
        )?),
        None => None,
    };
    let file = config::load(&path, profile.as_ref(), errors)?;
    if let Secret::Env(var) = &file.secret {
        check_env_at_compile_time(var, path.span(), errors);
    }
    Some(file)
}

fn fields_form<'a>(
    input: &Input<'a>,
    keys: &Keys<'_>,
    errors: &mut Errors,
) -> Option<FieldSpec<'a>> {
    for entry in &keys.entries {
        let key = entry.key.to_string();
        match key.as_str() {
            "ttl" | "mode" | "product" => {}
            "app_id" => errors.add(&entry.key, "`app_id` comes from a field in this form: mark the field with #[zego(app_id)] instead"),
            "secret" | "secret_env" => errors.add(&entry.key, format!("`{key}` is not used when fields carry #[zego(...)] markers: the secret comes from the #[zego(secret)] field")),
            _ => errors.add(&entry.key, format!("`{key}` cannot be combined with #[zego(...)] field markers")),
        }
    }
    let mut marked: [Option<&Field<'a>>; 3] = [None, None, None];
    for field in &input.fields {
        let mut first_on_field: Option<&str> = None;
        for marker in &field.markers {
            let key = marker.key.to_string();
            let Some(slot) = MARKERS.iter().position(|m| *m == key) else {
                errors.add(&marker.key, unknown_key(&key, &MARKERS));
                continue;
            };
            if let Some(value) = &marker.value {
                errors.add(
                    value,
                    format!("field markers take no value: write #[zego({key})]"),
                );
                continue;
            }
            if let Some(other) = first_on_field {
                errors.add(
                    &marker.key,
                    format!(
                        "a field can carry one marker: `{}` is already marked #[zego({other})]",
                        field.ident
                    ),
                );
                continue;
            }
            first_on_field = Some(MARKERS[slot]);
            if let Some(previous) = marked[slot] {
                errors.add(
                    &marker.key,
                    format!(
                        "duplicate #[zego({key})] marker: field `{}` already has it",
                        previous.ident
                    ),
                );
                continue;
            }
            check_field_type(MARKERS[slot], field.ty, errors);
            marked[slot] = Some(field);
        }
    }
    for (slot, what) in [
        (0, "the AppID (u32)"),
        (1, "the ServerSecret (ServerSecret or String)"),
    ] {
        if marked[slot].is_none() {
            errors.at(
                input.ident.span(),
                format!(
                    "missing #[zego({})] field: mark the field holding {what}",
                    MARKERS[slot]
                ),
            );
        }
    }
    let (ttl, mode, product) = defaults(keys, errors);
    Some(FieldSpec {
        app_id: marked[0]?.ident,
        secret: marked[1]?.ident,
        ttl: marked[2].map(|f| f.ident),
        default_ttl: ttl?,
        mode: mode?,
        product: product?,
    })
}

/// `ttl`, `mode` and `product`, with the defaults of `zego-token-rules`.
fn defaults(
    keys: &Keys<'_>,
    errors: &mut Errors,
) -> (Option<i64>, Option<&'static str>, Option<&'static str>) {
    let ttl = keys
        .value("ttl")
        .map_or(Some(rules::DEFAULT_TTL), |e| checked(e, rules::ttl, errors));
    let mode = keys
        .value("mode")
        .map_or(Some(rules::Mode::default()), |e| {
            checked(e, rules::mode, errors)
        });
    let product = keys
        .value("product")
        .map_or(Some(rules::Product::default()), |e| {
            checked(e, rules::product, errors)
        });
    (
        ttl,
        mode.map(rules::Mode::as_str),
        product.map(rules::Product::as_str),
    )
}

fn check_field_type(marker: &str, ty: &Type, errors: &mut Errors) {
    let name = last_segment(ty);
    let (ok, message) = match marker {
        "app_id" => (
            name == Some("u32".to_owned()),
            "a #[zego(app_id)] field must be `u32`: ZEGO app IDs are 1 to 4294967295",
        ),
        "secret" => (
            matches!(name.as_deref(), Some("ServerSecret" | "String")),
            "a #[zego(secret)] field must be `ServerSecret` or `String`",
        ),
        _ => (
            matches!(name.as_deref(), Some("Duration" | "i64" | "u32" | "String")),
            "a #[zego(ttl)] field must be a `Duration`, `i64` or `u32` seconds, or a `String` duration such as \"2h\"",
        ),
    };
    if !ok {
        errors.add(ty, message);
    }
}

/// The last path segment of a plain path type without generic arguments.
fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            last.arguments.is_none().then(|| last.ident.to_string())
        }
        Type::Group(group) => last_segment(&group.elem),
        _ => None,
    }
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
    rule(literal)
        .map_err(|p| errors.add(expr, p.message()))
        .ok()
}

fn secret_literal(expr: &Expr, errors: &mut Errors) -> Option<String> {
    let lit = string(
        expr,
        "secret must be a string literal: the 32-character ServerSecret (for tests and demos; use secret_env otherwise)",
        errors,
    )?;
    let value = lit.value();
    if value.len() != 32 {
        errors.add(&lit, format!("secret must be exactly 32 bytes (the ServerSecret from the ZEGO console), this one has {}", value.len()));
        return None;
    }
    Some(value)
}

/// Best effort: a proc macro's own reads of the environment are not tracked
/// by cargo, which is what keeps the value out of `target/` (the generated
/// code reads the variable only at run time, where `issuer()` checks it
/// again). A later change of the variable alone does not rebuild.
fn check_env_at_compile_time(var: &str, span: Span, errors: &mut Errors) {
    if let Some(value) = std::env::var_os(var) {
        let len = value.len();
        if len != 32 {
            errors.at(span, format!("environment variable `{var}` is set while compiling and holds {len} bytes, not the 32 of a ZEGO ServerSecret: fix it or unset it (the value is not shown)"));
        }
    }
}
