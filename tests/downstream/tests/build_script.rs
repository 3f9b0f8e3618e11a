//! What this crate's build script told cargo: rebuild when any schema file or directory
//! changes, and write `$OUT_DIR/vossgen.rs`.

use std::path::Path;

#[test]
fn build_script_asks_for_reruns_on_every_input_file_and_directory() {
    let out_dir = Path::new(env!("OUT_DIR"));
    // Cargo keeps the build script's stdout in `output`, beside `out/`.
    let output = std::fs::read_to_string(out_dir.parent().unwrap().join("output"))
        .expect("cargo keeps the build script output");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reruns: Vec<&str> = output
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .collect();
    for want in [
        "schemas",
        "schemas/device",
        "schemas/device/cucm",
        "schemas/device/cucm/Phone.json",
    ] {
        let path = manifest.join(want);
        assert!(
            reruns.iter().any(|r| Path::new(r) == path),
            "no rerun-if-changed for {}: {reruns:?}",
            path.display()
        );
    }
    assert!(out_dir.join("vossgen.rs").is_file());
    // The string default on an integer was reported as a warning, with file and pointer.
    assert!(output.lines().any(|l| l.starts_with("cargo:warning=")
        && l.contains("Phone.json#/properties/lines/items/properties/index/default")));
}
