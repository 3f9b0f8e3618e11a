// The generator's warnings reach the compiler's output (here made errors to be seen).
#![deny(deprecated)]

mod models {
    vossgen_macros::import_schemas!("ui/fixtures/warned");
}

fn main() {}
