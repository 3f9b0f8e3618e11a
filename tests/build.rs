//! Generates the edge-case fixtures with `vossgen::Builder`, as a downstream crate would.

fn main() {
    vossgen::Builder::new()
        .input("fixtures/schemas")
        .output_file("fixtures.rs")
        .build();
}
