//! `#[derive(ZegoTokenIssuer)]` for [zego-token](https://docs.rs/zego-token).
//!
//! Use it through `zego_token::ZegoTokenIssuer`; the generated code only
//! refers to `::zego_token::__private`, so this crate is an implementation
//! detail. The stages, each handing the next typed values: `ast` (the
//! input, its `#[zego(...)]` typed by `attr` with the value rules of
//! `rules`), `valid` (which keys go together, the form, the config file read
//! by `config`) and `expand` (one item list, for the real expansion and the
//! fallback of a failed derive). `errors` collects every mistake of a derive;
//! `rules` is `zego-token-rules`, shared with the run-time loader.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ast;
mod attr;
mod config;
mod errors;
mod expand;
mod valid;

/// The value rules shared with the run-time loader.
use zego_token_rules as rules;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

// The examples in derive.md need the `zego-token` runtime, which depends on
// this crate: the workspace's `tests` package runs them (tests/src/lib.rs),
// so this crate needs no dev-dependency on `zego-token` and publishes alone.
#[cfg_attr(not(doctest), doc = include_str!("derive.md"))]
#[proc_macro_derive(ZegoTokenIssuer, attributes(zego))]
pub fn derive_zego_token_issuer(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
