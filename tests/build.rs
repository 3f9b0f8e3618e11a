//! Generates, with vossgen as a downstream crate would use it:
//! - the edge-case fixtures (`fixtures/schemas`) through `vossgen::Builder`;
//! - the draft-03 conformance cases (see `build/conformance.rs`);
//! - the differential corpus's schemas as typed models (see `build/differential.rs`).

#[path = "build/conformance.rs"]
mod conformance;
#[path = "build/differential.rs"]
mod differential;

use std::path::PathBuf;

fn main() {
    vossgen::Builder::new()
        .input("fixtures/schemas")
        .output_file("fixtures.rs")
        .build();
    let env = |k: &str| PathBuf::from(std::env::var_os(k).expect("set by cargo for build scripts"));
    conformance::generate(&env("CARGO_MANIFEST_DIR"), &env("OUT_DIR"));
    differential::generate(&env("CARGO_MANIFEST_DIR"), &env("OUT_DIR"));
}
