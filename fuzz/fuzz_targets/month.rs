//! The reader's decoder of an archive's month file of editions on any text: decoded
//! and checked as the reader does, then used; no panic, no broken
//! invariant (`benbao_core::archive::check_reader_invariants`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    benbao_core::archive::check_reader_invariants(benbao_core::archive::FileKind::Month, text);
});
