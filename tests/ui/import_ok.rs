mod models {
    vossgen_macros::import_schemas!("ui/fixtures/good", doc_metadata = false);
}

fn main() {
    let w: models::vossy::Widget = serde_json::from_str(r#"{"type": "abc"}"#).unwrap();
    assert_eq!(w.r#type, "abc");
    let e = vossgen_runtime::from_str::<models::vossy::Widget>(r#"{"type": "abcd"}"#).unwrap_err();
    assert_eq!(e.iter().next().unwrap().path(), "/type");
}
