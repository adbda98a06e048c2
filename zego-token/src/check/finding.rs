//! One problem a check found: [`Finding`], how serious it is
//! ([`Severity`]) and what it is about ([`Subject`]).

use std::fmt;

use zego_token_rules::{IdKind, PayloadProblem, RuleViolation, TimeProblem};

/// Whether a ZEGO client or server refuses the token for a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// A ZEGO client or server refuses the token, or would misread it.
    Error,
    /// The token works, but not as its minter probably meant (a stream
    /// list that restricts nothing, a lifetime a React Native UIKit's ZIM
    /// login refuses), or only where ZEGO is configured to let it.
    Warning,
}

impl Severity {
    /// `error` or `warning`: the stable name `zego-token check --json` uses.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What a finding is about: a part of the token's text, or a field of its
/// claims, of its privilege payload or of the kit token around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Subject {
    /// The version prefix: a token04 starts with `04`.
    Version,
    /// The text's encoding: base64, or a token mangled on its way.
    Encoding,
    /// The envelope's lengths and header.
    Envelope,
    /// Decryption with the server secret.
    Secret,
    /// The decrypted claims' JSON.
    Claims,
    /// The kit token around the token04 (`token04#room data`).
    Kit,
    /// The app ID.
    AppId,
    /// The user ID.
    UserId,
    /// A room ID: of the privilege payload, the kit token or the login.
    RoomId,
    /// The stream IDs of the privilege payload.
    StreamId,
    /// The payload and its privilege shape.
    Payload,
    /// The lifetime, from issue time to expiry.
    Lifetime,
    /// The expiry.
    Expiry,
    /// The issue time (`ctime`).
    IssueTime,
    /// The kit token's user name.
    KitUserName,
}

impl Subject {
    /// The stable name `zego-token check --json` uses: `version`,
    /// `encoding`, `envelope`, `secret`, `claims`, `kit`, `app_id`,
    /// `user_id`, `room_id`, `stream_id`, `payload`, `lifetime`, `expiry`,
    /// `ctime` or `kit_user_name`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Subject::Version => "version",
            Subject::Encoding => "encoding",
            Subject::Envelope => "envelope",
            Subject::Secret => "secret",
            Subject::Claims => "claims",
            Subject::Kit => "kit",
            Subject::AppId => "app_id",
            Subject::UserId => "user_id",
            Subject::RoomId => "room_id",
            Subject::StreamId => "stream_id",
            Subject::Payload => "payload",
            Subject::Lifetime => "lifetime",
            Subject::Expiry => "expiry",
            Subject::IssueTime => "ctime",
            Subject::KitUserName => "kit_user_name",
        }
    }

    /// The subject of a rule violation.
    const fn of(violation: &RuleViolation) -> Subject {
        match violation {
            RuleViolation::Id { kind, .. } => match kind {
                IdKind::UserId => Subject::UserId,
                IdKind::RoomId => Subject::RoomId,
                IdKind::StreamId => Subject::StreamId,
                IdKind::KitUserName => Subject::KitUserName,
                _ => Subject::Claims,
            },
            RuleViolation::Time {
                problem: TimeProblem::ExpiryAfter2038 { .. },
                ..
            } => Subject::Expiry,
            RuleViolation::Time { .. } => Subject::Lifetime,
            RuleViolation::Payload(problem) => match problem {
                PayloadProblem::RoomId(_) => Subject::RoomId,
                PayloadProblem::StreamId { .. } | PayloadProblem::StreamNotString { .. } => {
                    Subject::StreamId
                }
                _ => Subject::Payload,
            },
            _ => Subject::Claims,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One problem with a token, as a ZEGO client or server would meet it.
///
/// `Display` is its one-line message, ending in `(ZEGO client error N)`
/// when ZEGO's clients report it with a code ([`Finding::code`]). Like
/// every message of the crate it never quotes the token, its claims or
/// the secret: it names fields, positions, code points and public numbers
/// (app IDs, times).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    severity: Severity,
    subject: Subject,
    code: Option<u32>,
    violation: Option<RuleViolation>,
    message: Box<str>,
}

impl Finding {
    /// A finding of the check's own, with `message` (one line, no token
    /// text) and the code appended to it.
    pub(crate) fn new(
        severity: Severity,
        subject: Subject,
        code: Option<u32>,
        message: impl fmt::Display,
    ) -> Self {
        let message = match code {
            Some(code) => format!("{message} (ZEGO client error {code})"),
            None => message.to_string(),
        };
        Finding {
            severity,
            subject,
            code,
            violation: None,
            message: message.into(),
        }
    }

    /// A finding for a broken rule of ZEGO's, its message prefixed with
    /// `context` (where the value came from) when there is one. An empty
    /// stream list (ZEGO reads it as any stream) and a payload on a ZIM
    /// token (which ZIM ignores) are warnings: ZEGO accepts both.
    pub(crate) fn broken_rule(violation: RuleViolation, context: Option<&str>) -> Self {
        let severity = match violation {
            RuleViolation::Payload(PayloadProblem::EmptyStreamList | PayloadProblem::ForZim) => {
                Severity::Warning
            }
            _ => Severity::Error,
        };
        let message = match context {
            Some(context) => format!("{context}: {violation}"),
            None => violation.to_string(),
        };
        Finding {
            severity,
            subject: Subject::of(&violation),
            code: violation.client_code(),
            violation: Some(violation),
            message: message.into(),
        }
    }

    /// The same finding as a warning.
    pub(crate) fn into_warning(self) -> Self {
        Finding {
            severity: Severity::Warning,
            ..self
        }
    }

    /// Whether a ZEGO client or server refuses the token for it.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// What it is about.
    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The error code ZEGO's clients report for it, where one is known:
    /// the Express SDK's (1002075 to 1002079, 1002006, 1002012, 1000016,
    /// ...) for an RTC token, ZIM's (6000103 to 6000109) for a ZIM token.
    /// See [`code`](crate::check::code).
    pub fn code(&self) -> Option<u32> {
        self.code
    }

    /// The rule of ZEGO's the token breaks, when the finding is one
    /// ([`Rules`](zego_token_rules::Rules) decided it).
    pub fn violation(&self) -> Option<&RuleViolation> {
        self.violation.as_ref()
    }

    /// The one-line message, as `Display` shows it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
