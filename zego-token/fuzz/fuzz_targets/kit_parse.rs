//! Fuzz target `kit_parse`: see `targets::kit_parse`.
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::kit_parse(data));
