//! Which keys go together, and what the derive generates code for: the
//! form of the input (attribute, config file or fields), the config file
//! resolved, every value typed. Errors are collected, so one build reports
//! every mistake at once.

use std::path::PathBuf;
use std::time::Duration;

use crate::ast::{Field, Input};
use crate::attr::{Attrs, Marker, Setting};
use crate::config;
use crate::errors::Errors;
use crate::rules::{self, Charset, Mode, Product, SecretSource};

/// A valid derive: what the generated code is for.
pub(crate) struct App<'a> {
    pub(crate) product: Product,
    pub(crate) id_charset: Charset,
    pub(crate) mode: Mode,
    pub(crate) values: Values<'a>,
}

/// Where the app's values come from.
pub(crate) enum Values<'a> {
    /// The attribute and config-file forms: known while compiling.
    Consts(Consts),
    /// The field form: the struct's fields, at run time.
    Fields(Fields<'a>),
}

pub(crate) struct Consts {
    pub(crate) app_id: u32,
    pub(crate) ttl: Duration,
    pub(crate) secret: Secret,
    pub(crate) callback_secret: Secret,
    /// The config file, so the generated code can `include_bytes!` it and
    /// cargo rebuilds when it changes.
    pub(crate) config_file: Option<PathBuf>,
}

/// Where `secret()` finds the server secret at run time, or
/// `callback_secret()` the callback secret.
pub(crate) enum Secret {
    /// A literal from the attribute (tests and demos).
    Literal(String),
    /// An environment variable, read when the function runs.
    Env(String),
    /// A file, read when the function runs.
    File(PathBuf),
}

/// The marked fields of the field form.
pub(crate) struct Fields<'a> {
    pub(crate) app_id: &'a Field<'a>,
    pub(crate) secret: &'a Field<'a>,
    pub(crate) ttl: Lifetime<'a>,
    /// The `#[zego(callback_secret)]` field: without one, the struct
    /// declares no callback verifier.
    pub(crate) callback_secret: Option<&'a Field<'a>>,
}

/// The field form's token lifetime.
pub(crate) enum Lifetime<'a> {
    /// A `#[zego(ttl)]` field, read at run time.
    Field(&'a Field<'a>),
    /// The struct's `ttl` key, or the default.
    Fixed(Duration),
}

/// Checks `input`; `None` when an error was recorded.
pub(crate) fn check<'a>(input: &'a Input<'a>, errors: &mut Errors) -> Option<App<'a>> {
    if input.marked {
        fields_form(input, errors)
    } else if input.attrs.config.is_some() {
        config_form(&input.attrs, errors)
    } else {
        attribute_form(input, errors)
    }
}

fn attribute_form<'a>(input: &Input<'a>, errors: &mut Errors) -> Option<App<'a>> {
    let attrs = &input.attrs;
    if let Some(profile) = &attrs.profile {
        errors.add(
            &profile.key,
            "`profile` picks a table of a config file: add `config = \"zego.toml\"` or remove it",
        );
    }
    let app_id = match &attrs.app_id {
        Some(setting) => setting.value,
        None if attrs.app_id_misspelt || input.incomplete => None,
        None => {
            errors.at(
                input.attr_span,
                "missing `app_id`: add #[zego(app_id = ...)] with the AppID from the ZEGO console",
            );
            None
        }
    };
    let secret = source(
        attrs,
        attrs.secret.as_ref(),
        attrs.secret_env.as_ref(),
        rules::DEFAULT_SECRET_ENV,
        "`secret` and `secret_env` are mutually exclusive: use secret_env for real deployments (a literal secret is for tests and demos)",
        errors,
    );
    let callback_secret = source(
        attrs,
        attrs.callback_secret.as_ref(),
        attrs.callback_secret_env.as_ref(),
        rules::DEFAULT_CALLBACK_SECRET_ENV,
        "`callback_secret` and `callback_secret_env` are mutually exclusive: use callback_secret_env for real deployments (a literal secret is for tests and demos)",
        errors,
    );
    let Settings {
        ttl,
        mode,
        product,
        id_charset,
    } = settings(attrs, errors)?;
    Some(App {
        product,
        id_charset,
        mode,
        values: Values::Consts(Consts {
            app_id: app_id?,
            ttl,
            secret: secret?,
            callback_secret: callback_secret?,
            config_file: None,
        }),
    })
}

fn config_form<'a>(attrs: &Attrs, errors: &mut Errors) -> Option<App<'a>> {
    for key in &attrs.keys {
        if key != "config" && key != "profile" {
            errors.add(
                key,
                format!("`{key}` cannot be combined with `config`: set it in the config file"),
            );
        }
    }
    let path = attrs.config.as_ref()?.value.as_ref()?;
    let profile = match &attrs.profile {
        Some(profile) => Some(profile.value.as_ref()?),
        None => None,
    };
    let (chosen, file) = config::load(path, profile, errors)?;
    Some(App {
        product: chosen.product,
        id_charset: chosen.id_charset,
        mode: chosen.mode,
        values: Values::Consts(Consts {
            app_id: chosen.app_id,
            ttl: Duration::from_secs(chosen.ttl.unsigned_abs()),
            secret: from_file(chosen.secret),
            callback_secret: from_file(chosen.callback_secret),
            config_file: Some(file),
        }),
    })
}

/// A secret's source as a config file names it.
fn from_file(source: SecretSource) -> Secret {
    match source {
        SecretSource::Env(var) => Secret::Env(var),
        SecretSource::File(path) => Secret::File(path),
    }
}

/// A secret's source in the attribute form: its `literal` key, its `env`
/// key (not both: `both` says so at the later one), or the `default`
/// variable; `None` when refused.
fn source(
    attrs: &Attrs,
    literal: Option<&Setting<String>>,
    env: Option<&Setting<String>>,
    default: &str,
    both: &str,
    errors: &mut Errors,
) -> Option<Secret> {
    match (literal, env) {
        (Some(literal), Some(env)) => {
            let written = |key: &syn::Ident| attrs.keys.iter().position(|k| k == key);
            let later = if written(&literal.key) > written(&env.key) {
                &literal.key
            } else {
                &env.key
            };
            errors.add(later, both);
            None
        }
        (Some(literal), None) => literal.value.clone().map(Secret::Literal),
        (None, Some(env)) => env.value.clone().map(Secret::Env),
        (None, None) => Some(Secret::Env(default.to_owned())),
    }
}

fn fields_form<'a>(input: &'a Input<'a>, errors: &mut Errors) -> Option<App<'a>> {
    for key in &input.attrs.keys {
        let name = key.to_string();
        match name.as_str() {
            "ttl" | "mode" | "product" | "id_charset" => {}
            "app_id" => errors.add(key, "`app_id` comes from a field in this form: mark the field with #[zego(app_id)] instead"),
            "secret" | "secret_env" => errors.add(key, format!("`{name}` is not used when fields carry #[zego(...)] markers: the secret comes from the #[zego(secret)] field")),
            "callback_secret" | "callback_secret_env" => errors.add(key, format!("`{name}` is not used when fields carry #[zego(...)] markers: the callback secret comes from a #[zego(callback_secret)] field")),
            _ => errors.add(key, format!("`{name}` cannot be combined with #[zego(...)] field markers")),
        }
    }
    let mut found = [None; Marker::ALL.len()];
    for field in &input.fields {
        let slot: &mut Option<&Field<'a>> = &mut found[field.marker as usize];
        match slot {
            Some(first) => errors.add(
                &field.key,
                format!(
                    "duplicate #[zego({})] marker: field `{}` already has it",
                    field.marker.word(),
                    first.ident
                ),
            ),
            None => *slot = Some(field),
        }
    }
    let [app_id, secret, ttl_field, callback_secret] = found;
    for (marker, field, what) in [
        (Marker::AppId, app_id, "the AppID (u32)"),
        (
            Marker::Secret,
            secret,
            "the ServerSecret (ServerSecret or String)",
        ),
    ] {
        if field.is_none() {
            errors.at(
                input.ident.span(),
                format!(
                    "missing #[zego({})] field: mark the field holding {what}",
                    marker.word()
                ),
            );
        }
    }
    let Settings {
        ttl,
        mode,
        product,
        id_charset,
    } = settings(&input.attrs, errors)?;
    Some(App {
        product,
        id_charset,
        mode,
        values: Values::Fields(Fields {
            app_id: app_id?,
            secret: secret?,
            ttl: ttl_field.map_or(Lifetime::Fixed(ttl), Lifetime::Field),
            callback_secret,
        }),
    })
}

/// `ttl`, `mode`, `product` and `id_charset` of the attribute and field
/// forms.
struct Settings {
    ttl: Duration,
    mode: Mode,
    product: Product,
    id_charset: Charset,
}

/// The typed `ttl`, `mode`, `product` and `id_charset`, or their defaults;
/// `None` when one was refused (and reported). The rules of
/// `zego-token-rules` tying these keys together are one
/// `errors.check(setting, rule(...))` line each on the result.
fn settings(attrs: &Attrs, errors: &mut Errors) -> Option<Settings> {
    let settings = Settings {
        ttl: or_default(
            attrs.ttl.as_ref(),
            Duration::from_secs(rules::DEFAULT_TTL.unsigned_abs()),
        )?,
        mode: or_default(attrs.mode.as_ref(), Mode::default())?,
        product: or_default(attrs.product.as_ref(), Product::default())?,
        id_charset: or_default(attrs.id_charset.as_ref(), Charset::default())?,
    };
    // ZIM's lifetime (31 s to 24 days), at the `ttl` that breaks it, or at
    // the `product` when the ttl is the default.
    let seconds = i64::try_from(settings.ttl.as_secs()).unwrap_or(i64::MAX);
    let rule = rules::product_ttl(settings.product, seconds);
    match (&attrs.ttl, &attrs.product) {
        (Some(ttl), _) => errors.check(ttl, rule)?,
        (None, Some(product)) => errors.check(product, rule)?,
        (None, None) => {}
    }
    Some(settings)
}

/// The setting's value, or `default` when the key is not written; `None`
/// when the value was refused.
fn or_default<T: Clone>(setting: Option<&Setting<T>>, default: T) -> Option<T> {
    match setting {
        Some(setting) => setting.value.clone(),
        None => Some(default),
    }
}
