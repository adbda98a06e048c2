//! What a check found: [`Report`].

use zego_token_rules::Charset;

use super::finding::{Finding, Severity};
use crate::claims::Claims;
use crate::kit::KitToken;
use crate::product::Product;
use crate::verify::Decrypted;

/// Every problem a ZEGO client or server would raise with a token, from
/// [`Checker::check`](super::Checker::check).
///
/// The token passes when [`is_clean`](Report::is_clean): no errors
/// (warnings allowed). Its claims are handed out only then
/// ([`Report::claims`]); a support tool that shows the claims of a token
/// that fails reads them from [`Report::decrypted`] through
/// [`dangerous::unvalidated_claims`](crate::dangerous::unvalidated_claims),
/// as from a [`Verifier`](crate::Verifier).
#[derive(Debug, Clone)]
#[must_use = "a report says whether the token passes"]
pub struct Report {
    pub(crate) findings: Vec<Finding>,
    pub(crate) decrypted: Option<Decrypted>,
    pub(crate) kit: Option<KitToken>,
    pub(crate) product: Product,
    pub(crate) charset: Charset,
}

impl Report {
    /// Every finding, errors and warnings, in the order the checks ran:
    /// the text, the claims field by field, the times, the kit token.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings a ZEGO client or server refuses the token for.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.of(Severity::Error)
    }

    /// The findings that do not stop the token from working.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.of(Severity::Warning)
    }

    fn of(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.severity() == severity)
    }

    /// Whether no ZEGO client or server would refuse the token: no errors,
    /// warnings allowed.
    pub fn is_clean(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The token's claims when it [`is_clean`](Report::is_clean).
    pub fn claims(&self) -> Option<&Claims> {
        match &self.decrypted {
            Some(decrypted) if self.is_clean() => Some(&decrypted.claims),
            _ => None,
        }
    }

    /// The decrypted token, whatever its findings; `None` when it could
    /// not be decrypted. Its claims are read through
    /// [`dangerous::unvalidated_claims`](crate::dangerous::unvalidated_claims).
    pub fn decrypted(&self) -> Option<&Decrypted> {
        self.decrypted.as_ref()
    }

    /// The kit token, when the text checked was one (`token04#room data`)
    /// and its room data could be read.
    pub fn kit(&self) -> Option<&KitToken> {
        self.kit.as_ref()
    }

    /// The product whose rules the token was checked against.
    pub fn product(&self) -> Product {
        self.product
    }

    /// The character set IDs were checked against.
    pub fn charset(&self) -> Charset {
        self.charset
    }
}
