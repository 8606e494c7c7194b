//! The reader's bundle decoder on any text: no panic; what it keeps is valid.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    benbao_core::bundle::check_lenient_invariants(text);
});
