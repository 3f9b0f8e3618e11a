use vossgen_macros::Validate;

#[derive(Validate)]
struct Account {
    #[validate(max_lenght = 5)]
    name: String,
    #[validate(max_length = 5)]
    age: u32,
    #[validate(pattern = "([a-z]+")]
    code: String,
    #[validate(min_items = 1)]
    nickname: String,
    #[validate(nested = true)]
    other: String,
}

fn main() {}
