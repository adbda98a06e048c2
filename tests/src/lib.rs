//! Cross-crate tests live in `tests/`.
//!
//! This library only carries the doctests of `#[derive(ZegoTokenIssuer)]`'s
//! documentation: they need the `zego-token` runtime, which the macro crate
//! cannot dev-depend on without a cycle that stops it from being published.

/// The examples of `#[derive(ZegoTokenIssuer)]`, from the macro crate's
/// rustdoc; `cargo test -p tests --doc` runs them.
#[cfg(doctest)]
#[doc = include_str!("../../zego-token-macros/src/derive.md")]
pub struct DeriveDocs;
