// As in the README: types for this crate's schemas/, written to $OUT_DIR/vossgen.rs.
fn main() {
    vossgen::Builder::new().input("schemas").build();
}
