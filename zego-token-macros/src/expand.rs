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
use crate::attr::Marker;
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
        callback_secret_env: Option<String>,
        callback_secret_doc: String,
        /// The body of `callback_secret()`.
        callback_secret: TokenStream,
        /// The config file, read again by `include_bytes!` so that cargo
        /// rebuilds (and the derive checks again) when it changes.
        tracked: Option<String>,
    },
    /// The field form.
    Fields {
        /// The body of `issuer(&self)`.
        issuer: TokenStream,
        /// The body of `api_signer(&self)`.
        api_signer: TokenStream,
        /// With a `#[zego(callback_secret)]` field.
        callback: Option<FieldsCallback>,
    },
}

/// What the field form declares with a `#[zego(callback_secret)]` field.
struct FieldsCallback {
    /// The body of `callback_verifier(&self)`.
    verifier: TokenStream,
    /// The body of `app(&self)`.
    app: TokenStream,
}

impl Code {
    /// A valid derive's values and bodies.
    fn of(app: &App<'_>) -> Self {
        let form = match &app.values {
            Values::Consts(consts) => consts_code(consts, app.mode),
            Values::Fields(fields) => fields_code(fields, app.mode),
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
            let callback = ast
                .fields
                .iter()
                .any(|f| f.marker == Marker::CallbackSecret);
            Form::Fields {
                issuer: never.clone(),
                api_signer: never.clone(),
                callback: callback.then(|| FieldsCallback {
                    verifier: never.clone(),
                    app: never.clone(),
                }),
            }
        } else {
            Form::Consts {
                app_id: 1,
                ttl: Duration::from_secs(rules::DEFAULT_TTL.unsigned_abs()),
                mode: Mode::default(),
                secret_env: None,
                secret_doc: "Reads the server secret (the derive failed: see its error)."
                    .to_owned(),
                secret: never.clone(),
                callback_secret_env: None,
                callback_secret_doc:
                    "Reads the callback secret (the derive failed: see its error).".to_owned(),
                callback_secret: never,
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
    let (secret_env, secret_doc, secret) = SecretKind::Server.code(&c.secret);
    let (callback_secret_env, callback_secret_doc, callback_secret) =
        SecretKind::Callback.code(&c.callback_secret);
    Form::Consts {
        app_id: c.app_id,
        ttl: c.ttl,
        mode,
        secret_env,
        secret_doc,
        secret,
        callback_secret_env,
        callback_secret_doc,
        callback_secret,
        tracked: c
            .config_file
            .as_ref()
            .map(|file| file.to_string_lossy().into_owned()),
    }
}

/// The two secrets the constant forms read at run time.
#[derive(Clone, Copy)]
enum SecretKind {
    Server,
    Callback,
}

impl SecretKind {
    /// How a generated function reads this secret from `source`: the
    /// variable (for the `*_ENV` constant), the doc and the body. A
    /// variable is read only at run time: tracking it for rebuilds
    /// (`option_env!`) would store its value under `target/`.
    fn code(self, source: &Secret) -> (Option<String>, String, TokenStream) {
        let what = match self {
            SecretKind::Server => "server secret",
            SecretKind::Callback => "callback secret",
        };
        match source {
            Secret::Literal(value) => (
                None,
                format!("The embedded literal {what} (for tests and demos)."),
                match self {
                    SecretKind::Server => quote!(::core::result::Result::Ok(
                        ::zego_token::__private::ServerSecret::from_static(#value)
                    )),
                    SecretKind::Callback => {
                        quote!(::zego_token::__private::callback_secret_literal(#value))
                    }
                },
            ),
            Secret::Env(var) => (
                Some(var.clone()),
                format!("Reads the {what} from the environment variable `{var}`."),
                match self {
                    SecretKind::Server => {
                        quote!(::zego_token::__private::ServerSecret::from_env(#var))
                    }
                    SecretKind::Callback => {
                        quote!(::zego_token::__private::callback_secret_from_env(#var))
                    }
                },
            ),
            Secret::File(path) => {
                let path = path.to_string_lossy();
                (
                    None,
                    format!("Reads the {what} from the file `{path}`."),
                    match self {
                        SecretKind::Server => {
                            quote!(::zego_token::__private::ServerSecret::from_file(#path))
                        }
                        SecretKind::Callback => {
                            quote!(::zego_token::__private::callback_secret_from_file(#path))
                        }
                    },
                )
            }
        }
    }
}

/// The bodies of the field form: each field goes through the trait of its
/// marker, named with the field's own type, so a type that does not
/// implement it is reported at the field with the trait's message (once:
/// rustc reports an error at one place once, however many bodies read the
/// field).
fn fields_code(f: &Fields<'_>, mode: Mode) -> Form {
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
    let callback = f.callback_secret.map(|Field { ident, ty, .. }| {
        let callback_secret = quote_spanned!(ty.span()=> <#ty as ::zego_token::__private::CallbackSecretField>::callback_secret(&self.#ident)?);
        FieldsCallback {
            verifier: quote! {
                let callback_secret = #callback_secret;
                ::core::result::Result::Ok(::zego_token::__private::callback_verifier::<Self>(callback_secret))
            },
            app: quote! {
                let app_id = #app_id;
                let secret = #secret;
                let ttl = #ttl;
                let callback_secret = #callback_secret;
                ::zego_token::__private::app::<Self>(app_id, secret, ttl, #mode, callback_secret)
            },
        }
    });
    Form::Fields {
        issuer: quote! {
            let app_id = #app_id;
            let secret = #secret;
            let ttl = #ttl;
            ::zego_token::__private::issuer::<Self>(app_id, secret, ttl, #mode)
        },
        api_signer: quote! {
            let app_id = #app_id;
            let secret = #secret;
            ::zego_token::__private::api_signer::<Self>(app_id, secret)
        },
        callback,
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
            callback_secret_env,
            callback_secret_doc,
            callback_secret,
            tracked,
        } => {
            let ttl = ttl.as_secs();
            let mode = mode_tokens(*mode);
            let secret_env = option_tokens(secret_env.as_deref());
            let callback_secret_env = option_tokens(callback_secret_env.as_deref());
            let items = quote! {
                /// The ZEGO app ID, checked while compiling.
                #vis const APP_ID: u32 = #app_id;
                /// Default token lifetime, checked while compiling.
                #vis const TTL: ::core::time::Duration = ::zego_token::__private::seconds(#ttl);
                /// The environment variable the secret is read from, if any.
                #vis const SECRET_ENV: ::core::option::Option<&'static str> = #secret_env;
                /// The environment variable the callback secret is read
                /// from, if any.
                #vis const CALLBACK_SECRET_ENV: ::core::option::Option<&'static str> = #callback_secret_env;
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

                #[doc = #callback_secret_doc]
                ///
                /// # Errors
                ///
                /// An error naming the variable or file when the callback
                /// secret is missing, empty or too long.
                #vis fn callback_secret() -> ::core::result::Result<::zego_token::__private::CallbackSecret, ::zego_token::__private::Error> {
                    #callback_secret
                }

                /// Reads the secret and builds this app's typed signer of
                /// server API requests.
                ///
                /// # Errors
                ///
                /// As the `secret` function.
                #vis fn api_signer() -> ::core::result::Result<::zego_token::__private::TypedApiSigner<Self>, ::zego_token::__private::Error> {
                    ::zego_token::__private::api_signer::<Self>(Self::APP_ID, Self::secret()?)
                }

                /// Reads the callback secret and builds this app's typed
                /// verifier of ZEGO's callbacks.
                ///
                /// # Errors
                ///
                /// As the `callback_secret` function.
                #vis fn callback_verifier() -> ::core::result::Result<::zego_token::__private::TypedCallbackVerifier<Self>, ::zego_token::__private::Error> {
                    ::core::result::Result::Ok(::zego_token::__private::callback_verifier::<Self>(Self::callback_secret()?))
                }

                /// Reads both secrets, once each, and builds this app's
                /// issuer, API signer and callback verifier.
                ///
                /// # Errors
                ///
                /// As the `secret` function, then the `callback_secret`
                /// function.
                #vis fn app() -> ::core::result::Result<::zego_token::__private::App<Self>, ::zego_token::__private::Error> {
                    ::zego_token::__private::app::<Self>(Self::APP_ID, Self::secret()?, Self::TTL, Self::MODE, Self::callback_secret()?)
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
        Form::Fields {
            issuer,
            api_signer,
            callback,
        } => {
            let callback = callback.as_ref().map(|FieldsCallback { verifier, app }| {
                quote! {
                    /// Builds this app's typed verifier of ZEGO's callbacks
                    /// from the `#[zego(callback_secret)]` field.
                    ///
                    /// # Errors
                    ///
                    /// When the callback secret is empty or too long.
                    #vis fn callback_verifier(&self) -> ::core::result::Result<::zego_token::__private::TypedCallbackVerifier<Self>, ::zego_token::__private::Error> {
                        #verifier
                    }

                    /// Builds this app's issuer, API signer and callback
                    /// verifier from the marked fields.
                    ///
                    /// # Errors
                    ///
                    /// As the `issuer` and `callback_verifier` methods.
                    #vis fn app(&self) -> ::core::result::Result<::zego_token::__private::App<Self>, ::zego_token::__private::Error> {
                        #app
                    }
                }
            });
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

                /// Builds this app's typed signer of server API requests
                /// from the marked fields.
                ///
                /// # Errors
                ///
                /// When the app ID is 0 or the secret is not exactly 32 bytes.
                #vis fn api_signer(&self) -> ::core::result::Result<::zego_token::__private::TypedApiSigner<Self>, ::zego_token::__private::Error> {
                    #api_signer
                }

                #callback
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

fn option_tokens(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
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
