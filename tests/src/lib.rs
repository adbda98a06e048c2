//! Cross-crate tests live in `tests/`.
//!
//! This library only carries doctests of documentation kept outside Rust
//! files: the README's examples, and `#[derive(ZegoTokenIssuer)]`'s
//! documentation, whose examples need the `zego-token` runtime, which the
//! macro crate cannot dev-depend on without a cycle that stops it from being
//! published. Both resolve `config = "zego.toml"` against this package's
//! directory: `tests/zego.toml`, the file the README shows.

/// The README's Rust examples; `cargo test -p tests --doc` compiles them
/// and runs those not marked `no_run`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDocs;

/// The examples of `#[derive(ZegoTokenIssuer)]`, from the macro crate's
/// rustdoc; `cargo test -p tests --doc` runs them.
#[cfg(doctest)]
#[doc = include_str!("../../zego-token-macros/src/derive.md")]
pub struct DeriveDocs;
