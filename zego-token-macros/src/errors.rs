//! The errors of one derive, collected (as serde_derive does) so one build
//! reports every mistake at once, each spanned at the offending token.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

use crate::rules::ConfigProblem;

/// Collected errors, reported together.
#[derive(Default)]
pub(crate) struct Errors(Vec<syn::Error>);

impl Errors {
    /// An error spanning `tokens`.
    pub(crate) fn add(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new_spanned(tokens, message));
    }

    /// An error at `span`.
    pub(crate) fn at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new(span, message));
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    /// The value a rule of `zego-token-rules` accepted, or `None` with its
    /// refusal recorded at `tokens`: one line per rule.
    pub(crate) fn check<T>(
        &mut self,
        tokens: impl ToTokens,
        rule: Result<T, ConfigProblem>,
    ) -> Option<T> {
        rule.map_err(|problem| self.add(tokens, problem.message()))
            .ok()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// One `compile_error!` per error, in the order they were found.
    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        self.0.iter().map(syn::Error::to_compile_error).collect()
    }

    #[cfg(test)]
    pub(crate) fn messages(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}
