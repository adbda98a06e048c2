//! The crate's tests: the config rules and schema (`config`), and ZEGO's
//! rules against their table and boundaries (`zego`).

mod config;
mod zego;
