use vossgen_macros::Validate;

#[derive(Validate)]
struct Limits {
    #[validate(max_length = "ten")]
    name: String,
    #[validate(minimum = "zero")]
    count: i64,
    #[validate(format = "postcode")]
    zip: String,
    #[validate(choices(1, 2))]
    kind: String,
    #[validate(min_length = 5, max_length = 2)]
    code: String,
}

fn main() {}
