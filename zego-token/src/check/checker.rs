//! [`Checker`]: what the client will log in with, and the checks that run
//! a token past ZEGO's rules and the client's values.

use zego_token_rules::{Charset, RuleViolation, Rules, ZIM_MIN_LIFETIME_SECS};

use super::code;
use super::finding::{Finding, Severity, Subject};
use super::report::Report;
use crate::claims::Claims;
use crate::clock::unix_now;
use crate::dangerous;
use crate::error::Error;
use crate::kit::KitToken;
use crate::product::Product;
use crate::verify::{DEFAULT_FUTURE_LEEWAY, Verifier};

/// The ZIM Web SDK refuses a token with less than this many seconds left
/// when it logs in (6000108): one second under the shortest lifetime the
/// rules let a ZIM token be minted with.
const ZIM_LOGIN_MARGIN_SECS: i64 = ZIM_MIN_LIFETIME_SECS - 1;

/// Where a value a rule is checked on came from, as messages say it.
const AS_THE_CLIENT_LOGS_IN: &str = "as the client logs in";
const IN_THE_KIT_TOKEN: &str = "in the kit token";
const FOR_A_UIKIT: &str = "a React Native UIKit also hands this token to ZIM";

/// Checks tokens the way ZEGO's clients and servers will, the offline
/// counterpart of the ZEGO console's token checker: every problem they
/// would raise, each with ZEGO's client error code, in a [`Report`].
///
/// It decodes leniently, as [`Verifier::decrypt`] does (every official
/// generator's layout), reads a UIKit kit token pasted whole, and checks
///
/// - the text: version `04`, base64, a token mangled on its way
///   ([`Error::Mangled`]), the envelope, decryption with the secret;
/// - the claims against ZEGO's rules for the product
///   ([`zego_token_rules::Rules`]): user ID, payload and privilege shape
///   (room ID, stream IDs), lifetime, expiry;
/// - the claims against what the client logs in with: the app ID (the
///   verifier's, when it has one), [`with_user_id`](Checker::with_user_id),
///   [`with_room_id`](Checker::with_room_id), and a kit token's fields;
/// - the times against "now": expired, issued in the future, and ZIM's
///   30 seconds left at login.
///
/// An RTC token is also checked against ZIM's rules, as warnings: ZEGO's
/// React Native UIKits hand the one token to the room login and to ZIM.
///
/// ```
/// use zego_token::check::{Checker, Severity, Subject};
/// use zego_token::{Issuer, Product, ServerSecret, Verifier};
///
/// let secret = ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?;
/// let token = Issuer::new(1, secret.clone())?.issue("alice")?;
///
/// let checker = Checker::new(Verifier::new(1, secret.clone())?).with_user_id("alice");
/// let report = checker.check_at(token.as_str(), token.ctime());
/// assert!(report.is_clean());
///
/// // The client logs in to app 2 as bob, and the token has expired.
/// let checker = Checker::new(Verifier::new(2, secret)?).with_user_id("bob");
/// let report = checker.check_at(token.as_str(), token.expire() + 1);
/// let codes: Vec<_> = report.errors().map(|f| (f.subject(), f.code())).collect();
/// assert_eq!(codes, [
///     (Subject::AppId, Some(1_002_076)),
///     (Subject::UserId, Some(1_002_077)),
///     (Subject::Expiry, Some(1_002_078)),
/// ]);
/// # Ok::<(), zego_token::Error>(())
/// ```
///
/// Only the verifier's keys and app ID are used: its leeways and time
/// checks do not apply, since ZEGO's clients allow none.
#[derive(Debug, Clone)]
pub struct Checker {
    verifier: Verifier,
    product: Product,
    charset: Charset,
    user_id: Option<String>,
    room_id: Option<String>,
}

impl Checker {
    /// A checker decrypting with `verifier`'s secret, for the app of
    /// [`Verifier::new`] (a token for another app is an error, 1002076) or
    /// any app ([`Verifier::for_any_app`]), with RTC's rules and the
    /// [`Charset::Portable`] set until told otherwise.
    pub fn new(verifier: Verifier) -> Self {
        Checker {
            verifier,
            product: Product::Rtc,
            charset: Charset::Portable,
            user_id: None,
            room_id: None,
        }
    }

    /// Checks against `product`'s rules and reports its clients' codes.
    #[must_use]
    pub fn with_product(mut self, product: Product) -> Self {
        self.product = product;
        self
    }

    /// Checks IDs against `charset`.
    #[must_use]
    pub fn with_charset(mut self, charset: Charset) -> Self {
        self.charset = charset;
        self
    }

    /// The user ID the client logs in with: a token for another is an
    /// error (1002077).
    #[must_use]
    pub fn with_user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// The room the client logs in to: a privilege for another room is an
    /// error where ZEGO checks the room login privilege.
    #[must_use]
    pub fn with_room_id(mut self, room_id: impl Into<String>) -> Self {
        self.room_id = Some(room_id.into());
        self
    }

    /// Checks `text` (a token04, or a kit token pasted whole) against the
    /// system clock.
    pub fn check(&self, text: &str) -> Report {
        self.check_at(text, unix_now())
    }

    /// Checks `text` as if the time were `now` (unix seconds).
    pub fn check_at(&self, text: &str, now: i64) -> Report {
        let mut run = Run {
            checker: self,
            rules: Rules::for_product(self.product).with_charset(self.charset),
            uikit: (self.product == Product::Rtc)
                .then(|| Rules::rtc_and_zim().with_charset(self.charset)),
            findings: Vec::new(),
        };
        let (token, kit) = run.kit(text);
        let decrypted = match self.verifier.decrypt(token) {
            Ok(decrypted) => Some(decrypted),
            Err(err) => {
                run.undecodable(token, &err);
                None
            }
        };
        if let Some(decrypted) = &decrypted {
            let claims = dangerous::unvalidated_claims(decrypted);
            run.claims(claims);
            run.login(claims);
            run.times(claims, now);
            if let Some(kit) = &kit {
                run.kit_fields(kit, claims);
            }
        }
        Report {
            findings: run.findings,
            decrypted,
            kit,
            product: self.product,
            charset: self.charset,
        }
    }
}

/// One check in progress.
struct Run<'c> {
    checker: &'c Checker,
    /// The product's rules: what they refuse is an error.
    rules: Rules,
    /// For an RTC token, RTC's and ZIM's rules: what only they refuse is a
    /// warning.
    uikit: Option<Rules>,
    findings: Vec<Finding>,
}

impl Run<'_> {
    fn product(&self) -> Product {
        self.checker.product
    }

    fn error(&mut self, subject: Subject, code: Option<u32>, message: impl std::fmt::Display) {
        let finding = Finding::new(Severity::Error, subject, code, message);
        self.findings.push(finding);
    }

    /// A rule on a value from `context` (`None`: the token's claims): its
    /// violation under the product's rules, else, for an RTC token, under
    /// RTC's and ZIM's as a warning. Whether the product's rules pass.
    fn rule(
        &mut self,
        context: Option<&str>,
        check: impl Fn(&Rules) -> Result<(), RuleViolation>,
    ) -> bool {
        if let Err(violation) = check(&self.rules) {
            self.findings.push(Finding::broken_rule(violation, context));
            return false;
        }
        if let Some(Err(violation)) = self.uikit.as_ref().map(&check) {
            let context = match context {
                Some(context) => format!("{FOR_A_UIKIT} ({context})"),
                None => FOR_A_UIKIT.to_owned(),
            };
            let finding = Finding::broken_rule(violation, Some(&context)).into_warning();
            self.findings.push(finding);
        }
        true
    }

    /// The token04 inside `text` and, when `text` is a kit token, the kit
    /// token. Kit room data that cannot be read is a finding; the token04
    /// before it is still checked, and when it is itself what the kit
    /// token could not be read for, it is reported once, as the token's.
    fn kit<'t>(&mut self, text: &'t str) -> (&'t str, Option<KitToken>) {
        let Some((token, _)) = text.split_once('#') else {
            return (text, None);
        };
        match KitToken::parse(text) {
            Ok(kit) => (token, Some(kit)),
            Err(err) => {
                if crate::wire::inspect(token).is_ok() {
                    self.error(Subject::Kit, None, err);
                }
                (token, None)
            }
        }
    }

    /// Why `token` could not be decrypted, with the code ZEGO's clients
    /// give the same text.
    fn undecodable(&mut self, token: &str, err: &Error) {
        let version =
            (!token.starts_with(crate::wire::PREFIX)).then(|| code::version(self.product()));
        // The ZIM Web SDK's first check: fewer than 31 characters.
        let too_short = (self.product().logs_in_to_zim() && token.chars().count() < 31)
            .then_some(code::ZIM_TOKEN_INVALID);
        let (subject, code) = match err {
            Error::NotToken04 => (Subject::Version, too_short.or(version)),
            Error::Mangled(_) | Error::Base64 => (Subject::Encoding, too_short.or(version)),
            Error::Decrypt | Error::Authentication => (Subject::Secret, None),
            // ZEGO's 1002076/1002077/1002078 also name a claim "of the
            // incorrect type".
            Error::Claims(problem) => {
                let code = match problem.key() {
                    Some("app_id") => code::app_id(self.product()),
                    Some("user_id") => code::user_id(self.product()),
                    Some("expire") if self.product().logs_in_to_room() => {
                        Some(code::ROOM_TOKEN_EXPIRE_ERROR)
                    }
                    _ => None,
                };
                (Subject::Claims, code)
            }
            _ => (Subject::Envelope, too_short),
        };
        self.error(subject, code, err);
    }

    /// ZEGO's rules on the claims themselves.
    fn claims(&mut self, claims: &Claims) {
        let checker = self.checker;
        if let Some(app_id) = checker.verifier.app_id()
            && app_id != claims.app_id
        {
            self.error(
                Subject::AppId,
                code::app_id(self.product()),
                format_args!(
                    "the token is for app ID {}, the client uses {app_id}",
                    claims.app_id
                ),
            );
        }
        self.rule(None, |r| r.user_id(&claims.user_id));
        let payload_passes = self.rule(None, |r| r.payload(&claims.payload));
        if payload_passes && privilege(&claims.payload).is_some_and(|p| !p.login) {
            self.findings.push(Finding::new(
                Severity::Warning,
                Subject::Payload,
                None,
                "the privilege denies login (\"1\": 0): where ZEGO checks the room login privilege, \
                 this token cannot log in",
            ));
        }
        let lifetime = claims.expire.saturating_sub(claims.ctime);
        self.rule(None, |r| r.lifetime(lifetime));
        self.rule(None, |r| r.expiry(claims.expire));
    }

    /// The claims against the user and room the client logs in with.
    fn login(&mut self, claims: &Claims) {
        let checker = self.checker;
        if let Some(user_id) = checker.user_id.as_deref()
            && user_id != claims.user_id
        {
            self.error(
                Subject::UserId,
                code::user_id(self.product()),
                "the client logs in with another user ID than the token's",
            );
            self.rule(Some(AS_THE_CLIENT_LOGS_IN), |r| r.user_id(user_id));
        }
        if let Some(room_id) = checker.room_id.as_deref() {
            self.room(
                claims,
                room_id,
                AS_THE_CLIENT_LOGS_IN,
                "the client logs in to",
            );
        }
    }

    /// A room the client logs in to, from `context`: ZEGO's room ID rule,
    /// and the room of the token's privilege.
    fn room(&mut self, claims: &Claims, room_id: &str, context: &str, logs_in: &str) {
        let privilege = privilege(&claims.payload);
        let privilege_room = privilege.as_ref().map(|p| p.room_id.as_str());
        if privilege_room != Some(room_id) {
            // The privilege's own room ID is checked with the payload.
            self.rule(Some(context), |r| r.room_id(room_id));
        }
        if privilege_room.is_some_and(|room| room != room_id) {
            self.error(
                Subject::RoomId,
                None,
                format_args!(
                    "the token's privilege is for another room than {logs_in}: refused where ZEGO \
                     checks the room login privilege"
                ),
            );
        }
    }

    /// The times against `now`: expired, issued in the future, and ZIM's
    /// margin at login.
    fn times(&mut self, claims: &Claims, now: i64) {
        if now > claims.expire {
            let expired = Error::Expired {
                expire: claims.expire,
                now,
            };
            self.error(
                Subject::Expiry,
                Some(code::expired(self.product())),
                expired,
            );
        } else if self.product().logs_in_to_zim()
            && claims.expire.saturating_sub(now) < ZIM_LOGIN_MARGIN_SECS
        {
            self.error(
                Subject::Expiry,
                Some(code::ZIM_TOKEN_TIME_IS_TOO_SHORT),
                format_args!(
                    "the token has {} s left, and ZIM refuses one with less than \
                     {ZIM_LOGIN_MARGIN_SECS} s left at login",
                    claims.expire.saturating_sub(now)
                ),
            );
        }
        let leeway = DEFAULT_FUTURE_LEEWAY.as_secs().cast_signed();
        if claims.ctime > now.saturating_add(leeway) {
            let future = Error::NotYetValid {
                ctime: claims.ctime,
                now,
            };
            self.findings.push(Finding::new(
                Severity::Warning,
                Subject::IssueTime,
                None,
                future,
            ));
        }
    }

    /// A kit token's fields against its token's claims, and ZEGO's rules
    /// on them: UIKit logs in with the kit's appID, userID and roomID and
    /// the token separately.
    fn kit_fields(&mut self, kit: &KitToken, claims: &Claims) {
        if kit.app_id() != claims.app_id {
            self.error(
                Subject::AppId,
                code::app_id(self.product()),
                format_args!(
                    "the kit token's appID is {}, the token is for {}",
                    kit.app_id(),
                    claims.app_id
                ),
            );
        }
        if kit.user_id() != claims.user_id {
            self.error(
                Subject::UserId,
                code::user_id(self.product()),
                "the kit token's userID is not the token's user ID",
            );
            self.rule(Some(IN_THE_KIT_TOKEN), |r| r.user_id(kit.user_id()));
        }
        self.room(
            claims,
            kit.room_id(),
            IN_THE_KIT_TOKEN,
            "the kit token's roomID",
        );
        self.rule(Some(IN_THE_KIT_TOKEN), |r| r.kit_user_name(kit.user_name()));
    }
}

/// What a privilege payload grants, read from any payload with a string
/// `room_id` (the shape itself is [`Rules::payload`]'s to judge).
struct Grant {
    room_id: String,
    /// Privilege `"1"` is 1.
    login: bool,
}

fn privilege(payload: &str) -> Option<Grant> {
    let value: serde_json::Value = serde_json::from_str(payload).ok()?;
    Some(Grant {
        room_id: value.get("room_id")?.as_str()?.to_owned(),
        login: value
            .get("privilege")
            .and_then(|p| p.get("1"))
            .and_then(serde_json::Value::as_u64)
            == Some(1),
    })
}
