//! The derive input reduced to what the derive looks at, with its
//! `#[zego(...)]` attributes typed (`attr`).

use proc_macro2::Span;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Type, Visibility};

use crate::attr::{self, Attrs, Marker};
use crate::errors::Errors;

/// A struct the derive was applied to.
pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a Visibility,
    /// Refused by `valid`, and still carried by the fallback's items, so
    /// that uses of them add no errors of their own.
    pub(crate) generics: &'a Generics,
    /// The struct-level `#[zego(...)]`.
    pub(crate) attrs: Attrs,
    /// Some field carries `#[zego(...)]`: the struct is in the field form,
    /// whether its markers are valid or not.
    pub(crate) marked: bool,
    /// The fields with a valid marker, in order.
    pub(crate) fields: Vec<Field<'a>>,
    /// Where to point "missing key" errors: the first `#[zego]` attribute,
    /// or the struct's name.
    pub(crate) attr_span: Span,
    /// The input is of a kind the derive does not support, or its
    /// `#[zego(...)]` could not be read (both reported already), so "missing
    /// key" errors would only be noise.
    pub(crate) incomplete: bool,
}

/// A field with a valid `#[zego(...)]` marker.
pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) marker: Marker,
    /// The marker as written, where errors about it point.
    pub(crate) key: Ident,
}

impl<'a> Input<'a> {
    /// Reads `input`, recording what the derive cannot support (enums,
    /// unions, generics, markers on tuple fields) and every mistake in its
    /// `#[zego(...)]` attributes in `errors`.
    pub(crate) fn from_syn(input: &'a DeriveInput, errors: &mut Errors) -> Self {
        let reported_before = errors.len();
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named.named.iter().collect(),
                Fields::Unnamed(unnamed) => {
                    for field in &unnamed.unnamed {
                        if let Some(attr) = attr::zego_attrs(&field.attrs).next() {
                            errors.add(attr, "field markers need named fields: use a struct with named fields for #[zego(app_id)], #[zego(secret)] and #[zego(ttl)]");
                        }
                    }
                    Vec::new()
                }
                Fields::Unit => Vec::new(),
            },
            Data::Enum(data) => {
                errors.add(
                    data.enum_token,
                    "ZegoTokenIssuer can only be derived for a struct, not an enum: declare `struct Name;` with #[zego(...)] for each app",
                );
                Vec::new()
            }
            Data::Union(data) => {
                errors.add(
                    data.union_token,
                    "ZegoTokenIssuer can only be derived for a struct, not a union",
                );
                Vec::new()
            }
        };
        if !input.generics.params.is_empty() {
            errors.add(
                &input.generics,
                "ZegoTokenIssuer cannot be derived for a generic struct: the issuer type stands for one ZEGO app; remove the generic parameters",
            );
        }
        let unsupported = errors.len() > reported_before;
        let marked = fields
            .iter()
            .any(|f| attr::zego_attrs(&f.attrs).next().is_some());
        let fields = fields
            .into_iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                let (marker, key) = attr::marker(ident, &field.attrs, errors)?;
                Some(Field {
                    ident,
                    ty: &field.ty,
                    marker,
                    key,
                })
            })
            .collect();
        let attr_span = attr::zego_attrs(&input.attrs)
            .next()
            .map_or(input.ident.span(), |a| a.span());
        let attrs = Attrs::from_syn(&input.attrs, errors);
        Input {
            ident: &input.ident,
            vis: &input.vis,
            generics: &input.generics,
            marked,
            fields,
            attr_span,
            incomplete: unsupported || attrs.unreadable,
            attrs,
        }
    }
}
