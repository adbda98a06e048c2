//! The flags that name whose rules a token meets, `--product` and
//! `--id-charset`, parsed one way for every command: the words listed are
//! exactly the library's names for the values.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use zego_token::{Charset, Product};

/// `--product rtc|zim|rtc+zim`.
pub fn product_parser() -> impl TypedValueParser<Value = Product> {
    PossibleValuesParser::new(Product::ALL.map(Product::as_str))
        .map(|word| Product::from_word(&word).unwrap_or_default())
}

/// `--id-charset portable|extended`.
pub fn charset_parser() -> impl TypedValueParser<Value = Charset> {
    PossibleValuesParser::new(Charset::ALL.map(Charset::as_str))
        .map(|word| Charset::from_word(&word).unwrap_or_default())
}
