// relation/SparkCustomer's page documents move.
fn main() {
    let request = voss_api::relation::SparkCustomer::r#move("65e0918d6fd4534903e212d9").hierarchy("sys.hcs");
    let http = request.into_http("https://voss.example.com").unwrap();
    assert_eq!(
        http.uri(),
        "https://voss.example.com/api/tool/DataMove/65e0918d6fd4534903e212d9/?model_type=relation/SparkCustomer&hierarchy=sys.hcs"
    );
}
