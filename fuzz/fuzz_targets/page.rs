//! The page parser on any text: no panic, nothing lost, same output twice.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    benbao_core::page::check_invariants(text);
});
