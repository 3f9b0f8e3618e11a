vossgen_macros::import_schemas!("ui/fixtures/good", colour = "blue", doc_metadata = 3, layout = "files", output = "x.rs");

fn main() {}
