//! Fuzz target `scenario`: the body is shared with `core/tests/hostile.rs`, which runs it over
//! seeded inputs in the normal test suite.
#![no_main]

#[path = "../../core/tests/hostile_support/mod.rs"]
mod hostile_support;

libfuzzer_sys::fuzz_target!(|data: &[u8]| hostile_support::scenario(data));
