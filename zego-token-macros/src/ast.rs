//! The derive input reduced to what the derive looks at.

use proc_macro2::Span;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, Ident, Type, Visibility};

use crate::attr::{self, Entry};
use crate::valid::Errors;

/// A struct the derive was applied to.
pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a Visibility,
    /// The struct-level `#[zego(...)]` entries.
    pub(crate) entries: Vec<Entry>,
    /// Named fields carrying `#[zego(...)]` markers.
    pub(crate) fields: Vec<Field<'a>>,
    /// Where to point "missing key" errors: the first `#[zego]` attribute,
    /// or the struct's name.
    pub(crate) attr_span: Span,
    /// A `#[zego]` attribute could not be read (already reported), so
    /// "missing key" errors would only be noise.
    pub(crate) incomplete: bool,
}

/// A field with `#[zego(...)]` markers.
pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) markers: Vec<Entry>,
}

impl<'a> Input<'a> {
    /// Reads `input`, recording what the derive cannot support (enums,
    /// unions, generics, markers on tuple fields) in `errors`.
    pub(crate) fn from_syn(input: &'a DeriveInput, errors: &mut Errors) -> Self {
        let reported_before = errors.len();
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named.named.iter().collect(),
                Fields::Unnamed(unnamed) => {
                    for field in &unnamed.unnamed {
                        if let Some(attr) = field.attrs.iter().find(|a| a.path().is_ident("zego")) {
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
        let fields = fields
            .into_iter()
            .filter_map(|field| {
                let markers = attr::entries(&field.attrs, errors);
                let ident = field.ident.as_ref()?;
                (!markers.is_empty()).then_some(Field {
                    ident,
                    ty: &field.ty,
                    markers,
                })
            })
            .collect();
        let attr_span = input
            .attrs
            .iter()
            .find(|a| a.path().is_ident("zego"))
            .map_or(input.ident.span(), |a| a.span());
        let entries = attr::entries(&input.attrs, errors);
        Input {
            ident: &input.ident,
            vis: &input.vis,
            entries,
            fields,
            attr_span,
            incomplete: errors.len() > reported_before,
        }
    }
}
