vossgen_macros::import_schemas!("ui/fixtures/malformed");

fn main() {}
