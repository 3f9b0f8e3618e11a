//! Compile tests of the macros, with reviewed `.stderr` files: `TRYBUILD=overwrite cargo test
//! -p vossgen-tests --test ui` rewrites them; read the diff before committing.

#[test]
fn ui() {
    // trybuild compiles in its own directory; paths in the macros stay relative to this crate.
    std::env::set_var("VOSSGEN_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.pass("ui/import_ok.rs");
    t.compile_fail("ui/import_missing_file.rs");
    t.compile_fail("ui/import_malformed_schema.rs");
    t.compile_fail("ui/import_bad_setting.rs");
    t.compile_fail("ui/import_warnings.rs");
    t.compile_fail("ui/derive_bad_attributes.rs");
    t.compile_fail("ui/derive_bad_literals.rs");
    t.pass("ui/move_for_spark_customer.rs");
    t.compile_fail("ui/no_move_for_hcs_admin_user.rs");
    t.compile_fail("ui/query_params_typed.rs");
}
