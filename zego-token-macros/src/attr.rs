//! Syntax of `#[zego(...)]`: a comma-separated list of `key` or
//! `key = value` entries. Meaning is checked in `valid`.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Ident, Token};

use crate::valid::Errors;

/// One `key` or `key = value` entry.
pub(crate) struct Entry {
    pub(crate) key: Ident,
    pub(crate) value: Option<Expr>,
}

impl Parse for Entry {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key: Ident = input.parse()?;
        let value = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Entry { key, value })
    }
}

/// The entries of every `#[zego(...)]` among `attrs`, in order. A syntax
/// error in one attribute is recorded and that attribute skipped, so the
/// others are still checked.
pub(crate) fn entries(attrs: &[Attribute], errors: &mut Errors) -> Vec<Entry> {
    let mut entries = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("zego")) {
        match attr.parse_args_with(Punctuated::<Entry, Token![,]>::parse_terminated) {
            Ok(list) => entries.extend(list),
            Err(err) => errors.push(err),
        }
    }
    entries
}
