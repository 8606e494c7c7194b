//! The CLI's JSON and NDJSON article decoders on any text: no panic; what
//! they accept passes the bundle contract.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    benbao_cli::input::check_invariants(text);
});
