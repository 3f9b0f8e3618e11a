vossgen_macros::import_schemas!("ui/fixtures/no-such-dir");

fn main() {}
