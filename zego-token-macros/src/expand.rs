//! Code generation. Generated code reaches the runtime only through
//! `::zego_token::__private`, names std items by absolute paths, documents
//! every public item and allows `dead_code` on its own items, so it raises no
//! warning in the user's crate.
//!
//! Nothing generated makes rustc or cargo record a secret: no `env!` or
//! `option_env!` (rustc writes the value of every variable those read into
//! dep-info, fingerprints and the incremental cache under `target/`). The
//! derive's own look at a `secret_env` variable while compiling is untracked.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::ast::Input;
use crate::valid::{self, Consts, Errors, FieldSpec, Secret, Spec};

pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let ast = Input::from_syn(input, &mut errors);
    let spec = valid::check(&ast, &mut errors);
    if let Err(err) = errors.into_result() {
        // The errors plus the items a correct derive would declare, so that
        // uses of `App::issuer()` or `App::APP_ID` do not each add an error
        // (as thiserror does): one mistake, one error.
        let mut tokens = err.to_compile_error();
        tokens.extend(fallback(input, &ast));
        return tokens;
    }
    match spec {
        Some(Spec::Consts(consts)) => expand_consts(&ast, &consts),
        Some(Spec::Fields(fields)) => expand_fields(&ast, &fields),
        // `check` returns `None` only after recording an error.
        None => TokenStream::new(),
    }
}

fn mode(word: &str) -> TokenStream {
    let variant = format_ident!("{}", if word == "gcm" { "Gcm" } else { "Cbc" });
    quote!(::zego_token::__private::Mode::#variant)
}

fn product(word: &str) -> (TokenStream, TokenStream) {
    let variant = format_ident!("{}", if word == "zim" { "Zim" } else { "Rtc" });
    (
        quote!(::zego_token::__private::Product::#variant),
        quote!(::zego_token::__private::#variant),
    )
}

fn spec_impl(ast: &Input<'_>, product_marker: &TokenStream) -> TokenStream {
    let ident = ast.ident;
    quote! {
        #[automatically_derived]
        impl ::zego_token::__private::IssuerSpec for #ident {
            type Product = #product_marker;
        }
    }
}

fn expand_consts(ast: &Input<'_>, c: &Consts) -> TokenStream {
    let ident = ast.ident;
    let vis = ast.vis;
    let app_id = c.app_id;
    let ttl = c.ttl.unsigned_abs();
    let mode = mode(c.mode);
    let (product, product_marker) = product(c.product);
    // A `secret_env` variable is read only at run time: tracking it for
    // rebuilds (`option_env!`) would store its value under `target/`.
    let (secret_env, read_secret) = match &c.secret {
        Secret::Literal(value) => (
            quote!(::core::option::Option::None),
            quote!(::core::result::Result::Ok(::zego_token::__private::ServerSecret::from_static(#value))),
        ),
        Secret::Env(var) => (
            quote!(::core::option::Option::Some(#var)),
            quote!(::zego_token::__private::ServerSecret::from_env(#var)),
        ),
        Secret::File(path) => (
            quote!(::core::option::Option::None),
            quote!(::zego_token::__private::ServerSecret::from_file(#path)),
        ),
    };
    let include = c.config_file.as_ref().map(|path| {
        // Makes cargo rebuild (and re-check) when the config file changes.
        quote!(let _ = ::core::include_bytes!(#path);)
    });
    let secret_doc = match &c.secret {
        Secret::Literal(_) => "The embedded literal secret (for tests and demos).".to_owned(),
        Secret::Env(var) => {
            format!("Reads the server secret from the environment variable `{var}`.")
        }
        Secret::File(path) => format!("Reads the server secret from the file `{path}`."),
    };
    let spec = spec_impl(ast, &product_marker);
    quote! {
        #[automatically_derived]
        #[allow(dead_code)]
        impl #ident {
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
                #read_secret
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
        }

        #spec

        const _: () = {
            #include
        };
    }
}

fn expand_fields(ast: &Input<'_>, f: &FieldSpec<'_>) -> TokenStream {
    let ident = ast.ident;
    let vis = ast.vis;
    let app_id = f.app_id;
    let secret = f.secret;
    let mode = mode(f.mode);
    let (_, product_marker) = product(f.product);
    let ttl = match f.ttl {
        Some(field) => {
            let name = field.to_string();
            quote!(::zego_token::__private::TtlField::ttl(&self.#field, #name)?)
        }
        None => {
            let ttl = f.default_ttl.unsigned_abs();
            quote!(::zego_token::__private::seconds(#ttl))
        }
    };
    let spec = spec_impl(ast, &product_marker);
    quote! {
        #[automatically_derived]
        #[allow(dead_code)]
        impl #ident {
            /// Builds this app's typed issuer from the marked fields.
            ///
            /// # Errors
            ///
            /// When the app ID is 0, the secret is not exactly 32 bytes or
            /// the lifetime is not a positive duration.
            #vis fn issuer(&self) -> ::core::result::Result<::zego_token::__private::TypedIssuer<Self>, ::zego_token::__private::Error> {
                let secret = ::zego_token::__private::SecretField::server_secret(&self.#secret)?;
                ::zego_token::__private::issuer::<Self>(self.#app_id, secret, #ttl, #mode)
            }
        }

        #spec
    }
}

/// What a failed derive still declares: the items of the form the input
/// was aiming at, with the same signatures and bodies that never run (the
/// `compile_error!` beside them stops the build first). Values are
/// placeholders within the valid ranges, so no use of them can add an error.
fn fallback(input: &DeriveInput, ast: &Input<'_>) -> TokenStream {
    let ident = ast.ident;
    let vis = ast.vis;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    // A valid `product = "zim"` keeps the ZIM-only surface; anything else
    // gets the RTC one, which accepts every use the ZIM one does.
    let zim = ast.entries.iter().any(|e| {
        e.key == "product"
            && matches!(&e.value, Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })) if s.value() == "zim")
    });
    let (_, product_marker) = product(if zim { "zim" } else { "rtc" });
    let never = quote!(::core::unreachable!(
        "#[derive(ZegoTokenIssuer)] failed to compile; this body never runs"
    ));
    let items = if ast.fields.is_empty() {
        let (product, _) = product(if zim { "zim" } else { "rtc" });
        let mode = mode("cbc");
        quote! {
            /// The ZEGO app ID (the derive failed: see its error).
            #vis const APP_ID: u32 = 1;
            /// Default token lifetime (the derive failed).
            #vis const TTL: ::core::time::Duration = ::zego_token::__private::seconds(3600);
            /// The environment variable the secret is read from (the derive failed).
            #vis const SECRET_ENV: ::core::option::Option<&'static str> = ::core::option::Option::None;
            /// The cipher mode of minted tokens (the derive failed).
            #vis const MODE: ::zego_token::__private::Mode = #mode;
            /// The ZEGO product the tokens are for (the derive failed).
            #vis const PRODUCT: ::zego_token::__private::Product = #product;
            /// Reads the server secret (the derive failed).
            ///
            /// # Errors
            ///
            /// Never returns: the derive failed to compile.
            #vis fn secret() -> ::core::result::Result<::zego_token::__private::ServerSecret, ::zego_token::__private::Error> {
                #never
            }
            /// Builds this app's typed issuer (the derive failed).
            ///
            /// # Errors
            ///
            /// Never returns: the derive failed to compile.
            #vis fn issuer() -> ::core::result::Result<::zego_token::__private::TypedIssuer<Self>, ::zego_token::__private::Error> {
                #never
            }
        }
    } else {
        quote! {
            /// Builds this app's typed issuer (the derive failed).
            ///
            /// # Errors
            ///
            /// Never returns: the derive failed to compile.
            #vis fn issuer(&self) -> ::core::result::Result<::zego_token::__private::TypedIssuer<Self>, ::zego_token::__private::Error> {
                #never
            }
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
            type Product = #product_marker;
        }
    }
}
