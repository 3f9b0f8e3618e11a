// relation/HcsAdminUserREL's page documents no move: there is nothing to call.
fn main() {
    let _ = voss_api::relation::HcsAdminUserRel::r#move("5dcd181956b5de0018913f3e");
}
