//! benbao-cli as a library: the parts of the `benbao` binary worth reusing
//! and fuzzing on their own (reading and validating inputs).

pub mod input;
pub mod pdf;
