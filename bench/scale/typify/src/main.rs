//! `typify-corpus IN.json OUT.rs`: the Rust types typify generates for the definitions of one
//! draft-07 schema (bench/scale/typify/to_json_schema.py writes it from the scale corpus),
//! formatted with prettyplease.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: typify-corpus IN.json OUT.rs");
        return ExitCode::from(2);
    };
    match run(input, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("typify-corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &str, output: &str) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(input)?;
    let root: schemars::schema::RootSchema = serde_json::from_str(&text)?;
    let mut space =
        typify::TypeSpace::new(typify::TypeSpaceSettings::default().with_struct_builder(false));
    space.add_root_schema(root)?;
    let file: syn::File = syn::parse2(space.to_stream())?;
    std::fs::write(output, prettyplease::unparse(&file))?;
    Ok(())
}
