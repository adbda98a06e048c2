//! Code generation. One list of items per form ([`declare`]), filled either
//! with a valid derive's values and bodies or, when the derive failed, with
//! placeholders: the fallback declares exactly what the real expansion
//! would, so code using `App::issuer()` or `App::APP_ID` adds no errors of
//! its own (one mistake, one error), and the two cannot drift apart.
//!
//! Generated code reaches the runtime only through `::zego_token::__private`,
//! names std items by absolute paths, documents every public item and
//! allows `dead_code` on its own items, so it raises no warning in the
//! user's crate. Field types are checked by the traits the generated code
//! calls (`__private::AppIdField`, ...), whose messages point at the field.
//!
//! Nothing generated makes rustc or cargo record a secret: no `env!` or
//! `option_env!` (rustc writes the value of every variable those read into
//! dep-info, fingerprints and the incremental cache under `target/`), and
//! the derive itself reads no environment variable but cargo's
//! `CARGO_MANIFEST_DIR`.

use std::time::Duration;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned as _;

use crate::ast::{Field, Input};
use crate::errors::Errors;
use crate::rules::{self, Charset, Mode, Product};
use crate::valid::{self, App, Consts, Fields, Lifetime, Secret, Values};

pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let ast = Input::from_syn(input, &mut errors);
    let app = valid::check(&ast, &mut errors);
    let code = match app {
        Some(app) if errors.is_empty() => Code::of(&app),
        _ => Code::fallback(&ast),
    };
    let mut tokens = errors.to_compile_errors();
    tokens.extend(declare(&ast, &code));
    tokens
}

/// What fills the declared items.
struct Code {
    product: Product,
    id_charset: Charset,
    form: Form,
}

enum Form {
    /// The attribute and config-file forms.
    Consts {
        app_id: u32,
        ttl: Duration,
        mode: Mode,
        secret_env: Option<String>,
        secret_doc: String,
        /// The body of `secret()`.
        secret: TokenStream,
        /// The config file, read again by `include_bytes!` so that cargo
        /// rebuilds (and the derive checks again) when it changes.
        tracked: Option<String>,
    },
    /// The field form.
    Fields {
        /// The body of `issuer(&self)`.
        issuer: TokenStream,
    },
}

impl Code {
    /// A valid derive's values and bodies.
    fn of(app: &App<'_>) -> Self {
        let form = match &app.values {
            Values::Consts(consts) => consts_code(consts, app.mode),
            Values::Fields(fields) => Form::Fields {
                issuer: fields_issuer(fields, app.mode),
            },
        };
        Code {
            product: app.product,
            id_charset: app.id_charset,
            form,
        }
    }

    /// A failed derive's: the form the input was aiming at, values that
    /// are valid placeholders (so no use of them can add an error), and
    /// bodies that never run (the `compile_error!`s beside them stop the
    /// build first).
    fn fallback(ast: &Input<'_>) -> Self {
        // A valid `product = "zim"` keeps the ZIM-only surface; anything else
        // gets the RTC one, which accepts every use the ZIM one does.
        let product = ast.attrs.product.as_ref().and_then(|p| p.value);
        let never = quote!(::core::unreachable!(
            "#[derive(ZegoTokenIssuer)] failed to compile; this body never runs"
        ));
        let form = if ast.marked {
            Form::Fields { issuer: never }
        } else {
            Form::Consts {
                app_id: 1,
                ttl: Duration::from_secs(rules::DEFAULT_TTL.unsigned_abs()),
                mode: Mode::default(),
                secret_env: None,
                secret_doc: "Reads the server secret (the derive failed: see its error)."
                    .to_owned(),
                secret: never,
                tracked: None,
            }
        };
        Code {
            product: product.unwrap_or(Product::Rtc),
            id_charset: Charset::Portable,
            form,
        }
    }
}

fn consts_code(c: &Consts, mode: Mode) -> Form {
    // A `secret_env` variable is read only at run time: tracking it for
    // rebuilds (`option_env!`) would store its value under `target/`.
    let (secret_env, secret, secret_doc) = match &c.secret {
        Secret::Literal(value) => (
            None,
            quote!(::core::result::Result::Ok(
                ::zego_token::__private::ServerSecret::from_static(#value)
            )),
            "The embedded literal secret (for tests and demos).".to_owned(),
        ),
        Secret::Env(var) => (
            Some(var.clone()),
            quote!(::zego_token::__private::ServerSecret::from_env(#var)),
            format!("Reads the server secret from the environment variable `{var}`."),
        ),
        Secret::File(path) => {
            let path = path.to_string_lossy();
            (
                None,
                quote!(::zego_token::__private::ServerSecret::from_file(#path)),
                format!("Reads the server secret from the file `{path}`."),
            )
        }
    };
    Form::Consts {
        app_id: c.app_id,
        ttl: c.ttl,
        mode,
        secret_env,
        secret_doc,
        secret,
        tracked: c
            .config_file
            .as_ref()
            .map(|file| file.to_string_lossy().into_owned()),
    }
}

/// `issuer(&self)` of the field form: each field goes through the trait of
/// its marker, named with the field's own type, so a type that does not
/// implement it is reported at the field with the trait's message.
fn fields_issuer(f: &Fields<'_>, mode: Mode) -> TokenStream {
    let app_id = {
        let Field { ident, ty, .. } = f.app_id;
        quote_spanned!(ty.span()=> <#ty as ::zego_token::__private::AppIdField>::app_id(&self.#ident))
    };
    let secret = {
        let Field { ident, ty, .. } = f.secret;
        quote_spanned!(ty.span()=> <#ty as ::zego_token::__private::SecretField>::server_secret(&self.#ident)?)
    };
    let ttl = match &f.ttl {
        Lifetime::Field(Field { ident, ty, .. }) => {
            let name = ident.to_string();
            quote_spanned!(ty.span()=> <#ty as ::zego_token::__private::TtlField>::ttl(&self.#ident, #name)?)
        }
        Lifetime::Fixed(ttl) => {
            let seconds = ttl.as_secs();
            quote!(::zego_token::__private::seconds(#seconds))
        }
    };
    let mode = mode_tokens(mode);
    quote! {
        let app_id = #app_id;
        let secret = #secret;
        let ttl = #ttl;
        ::zego_token::__private::issuer::<Self>(app_id, secret, ttl, #mode)
    }
}

/// The items the derive declares for `ast`, filled by `code`: the one list
/// both the real expansion and the fallback emit.
fn declare(ast: &Input<'_>, code: &Code) -> TokenStream {
    let ident = ast.ident;
    let vis = ast.vis;
    let (impl_generics, ty_generics, where_clause) = ast.generics.split_for_impl();
    let (product, marker) = product_tokens(code.product);
    // Only a set other than the trait's default is spelled out, by its
    // place in `Charset::ALL` (the runtime has the same rules crate).
    let id_charset = Charset::ALL
        .iter()
        .position(|c| *c == code.id_charset)
        .filter(|_| code.id_charset != Charset::Portable)
        .map(|index| {
            quote! {
                const ID_CHARSET: ::zego_token::__private::Charset =
                    ::zego_token::__private::Charset::ALL[#index];
            }
        });
    let (items, tracked) = match &code.form {
        Form::Consts {
            app_id,
            ttl,
            mode,
            secret_env,
            secret_doc,
            secret,
            tracked,
        } => {
            let ttl = ttl.as_secs();
            let mode = mode_tokens(*mode);
            let secret_env = match secret_env {
                Some(var) => quote!(::core::option::Option::Some(#var)),
                None => quote!(::core::option::Option::None),
            };
            let items = quote! {
                /// The ZEGO app ID, checked while compiling.
                #vis const APP_ID: u32 = #app_id;
                /// Default token lifetime, checked while compiling.
                #vis const TTL: ::core::time::Duration = ::zego_token::__private::seconds(#ttl);
                /// The environment variable the secret is read from, if any.
                #vis const SECRET_ENV: ::core::option::Option<&'static str> = #secret_env;
                /// The cipher mode of minted tokens.
                #vis const MODE: ::zego_token::__private::Mode = #mode;
                /// The ZEGO product the tokens are for.
                #vis const PRODUCT: ::zego_token::__private::Product = #product;

                #[doc = #secret_doc]
                ///
                /// # Errors
                ///
                /// An error naming the variable or file when the secret is
                /// missing or not exactly 32 bytes.
                #vis fn secret() -> ::core::result::Result<::zego_token::__private::ServerSecret, ::zego_token::__private::Error> {
                    #secret
                }

                /// Reads the secret and builds this app's typed issuer.
                ///
                /// # Errors
                ///
                /// As the `secret` function: an error naming the variable or
                /// file when the secret is missing or not exactly 32 bytes.
                #vis fn issuer() -> ::core::result::Result<::zego_token::__private::TypedIssuer<Self>, ::zego_token::__private::Error> {
                    ::zego_token::__private::issuer::<Self>(Self::APP_ID, Self::secret()?, Self::TTL, Self::MODE)
                }
            };
            let tracked = tracked.as_ref().map(|path| {
                quote! {
                    const _: () = {
                        let _ = ::core::include_bytes!(#path);
                    };
                }
            });
            (items, tracked)
        }
        Form::Fields { issuer } => {
            let items = quote! {
                /// Builds this app's typed issuer from the marked fields.
                ///
                /// # Errors
                ///
                /// When the app ID is 0, the secret is not exactly 32 bytes or
                /// the lifetime is not a positive duration.
                #vis fn issuer(&self) -> ::core::result::Result<::zego_token::__private::TypedIssuer<Self>, ::zego_token::__private::Error> {
                    #issuer
                }
            };
            (items, None)
        }
    };
    quote! {
        #[automatically_derived]
        #[allow(dead_code, unreachable_code)]
        impl #impl_generics #ident #ty_generics #where_clause {
            #items
        }

        #[automatically_derived]
        impl #impl_generics ::zego_token::__private::IssuerSpec for #ident #ty_generics #where_clause {
            type Product = #marker;
            #id_charset
        }

        #tracked
    }
}

fn mode_tokens(mode: Mode) -> TokenStream {
    match mode {
        Mode::Cbc => quote!(::zego_token::__private::Mode::Cbc),
        Mode::Gcm => quote!(::zego_token::__private::Mode::Gcm),
    }
}

/// The product as a value and as the type-level marker of `IssuerSpec`.
fn product_tokens(product: Product) -> (TokenStream, TokenStream) {
    match product {
        Product::Rtc => (
            quote!(::zego_token::__private::Product::Rtc),
            quote!(::zego_token::__private::Rtc),
        ),
        Product::Zim => (
            quote!(::zego_token::__private::Product::Zim),
            quote!(::zego_token::__private::Zim),
        ),
        Product::RtcAndZim => (
            quote!(::zego_token::__private::Product::RtcAndZim),
            quote!(::zego_token::__private::RtcAndZim),
        ),
    }
}

#[cfg(test)]
mod tests;
