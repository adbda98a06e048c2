//! The workspace's in-process integration tests, one module per feature.
//!
//! - `vectors`: known-answer vectors and tokens from ZEGO's generators;
//! - `api_client`: the server API client against a loopback stand-in for ZEGO;
//! - `clients`: tokens real clients (UIKit, other layouts) minted;
//! - `interop`: a Node.js implementation on Node's own `crypto` (needs node);
//! - `roundtrip`: mint and decode across modes, payloads and settings;
//! - `bad_input`: hostile and malformed input, never a panic;
//! - `limits`: the 64 KiB size limit of a token04;
//! - `mangled`: tokens and secrets mangled on their way, and what says so;
//! - `randomness`: IVs and nonces, read back through the public API;
//! - `hygiene`: no secret or plaintext in any `Display` or `Debug`;
//! - `derive`: `#[derive(ZegoTokenIssuer)]` at run time;
//! - `config`: the run-time TOML loader, and its agreement with the derive;
//! - `fuzz_corpus`: the committed fuzz corpus, replayed;
//! - `zego_clients`: ZEGO's rules against the verdicts of ZEGO's own SDKs;
//! - `minting`: the same rules and verdicts on every path that mints.
//! - `readme`: the README's code blocks and the `zego.toml` it shows.

mod api_client;
mod bad_input;
mod clients;
mod config;
mod derive;
mod fuzz_corpus;
mod hygiene;
mod interop;
mod limits;
mod mangled;
mod minting;
mod randomness;
mod readme;
mod roundtrip;
mod vectors;
mod zego_clients;
