//! Kit tokens for ZEGO UIKit Prebuilt, minted on the server.
//!
//! UIKit's `generateKitTokenForProduction(appID, token, roomID, userID,
//! userName)` runs in the browser and builds
//! `token + "#" + btoa(JSON.stringify({userID, roomID, userName: encodeURIComponent(userName), appID}))`.
//! Building the same string here means the browser only ever receives the
//! finished kit token, never anything derived from the secret but the token.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::{Deserialize, Serialize};

use crate::claims::Claims;
use crate::clock::unix_now;
use crate::error::{Error, KitMismatch};
use crate::rules::Rules;
use crate::verify::Verifier;

/// Exactly the bytes JavaScript's `encodeURIComponent` leaves alone:
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The fields of a kit token, by name: what UIKit's
/// `generateKitTokenForProduction(appID, token, roomID, userID, userName)`
/// takes, for [`KitToken::new`].
///
/// `user_id` must be the user ID the token was minted for, and `room_id`
/// the room of its privilege payload when it has one:
/// [`Verifier::verify_kit`] refuses a kit token that disagrees with its
/// token's claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KitParts<'a> {
    /// The app ID the token was minted for.
    pub app_id: u32,
    /// The token04.
    pub token: &'a str,
    /// The room UIKit joins.
    pub room_id: &'a str,
    /// The user the token was minted for.
    pub user_id: &'a str,
    /// The name UIKit shows for the user (any text but control characters,
    /// 1 to 255 bytes).
    pub user_name: &'a str,
}

/// A UIKit Prebuilt kit token: a token04 plus the room and user it is for.
///
/// ```
/// use zego_token::{Issuer, KitParts, KitToken, Privilege, ServerSecret};
///
/// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
/// let token = issuer
///     .token("u1")
///     .with_privilege(&Privilege::new("room1").with_publish(true))
///     .issue()?;
/// let kit = KitToken::new(KitParts {
///     app_id: 1,
///     token: token.as_str(),
///     room_id: "room1",
///     user_id: "u1",
///     user_name: "Zoë Li",
/// })?;
/// let text = kit.to_string();
/// assert!(text.starts_with(token.as_str()));
///
/// let parsed = KitToken::parse(&text)?;
/// assert_eq!(parsed.user_name(), "Zoë Li");
/// issuer.verifier().verify_kit(&parsed)?; // agrees with its token's claims
/// # Ok::<(), zego_token::Error>(())
/// ```
///
/// `Display` gives the kit token itself; `Debug` shows the room and user but
/// not the embedded token04, a bearer credential (as [`Token`](crate::Token)'s
/// `Debug` does).
#[derive(Clone, PartialEq, Eq)]
pub struct KitToken {
    token: String,
    app_id: u32,
    room_id: String,
    user_id: String,
    user_name: String,
}

/// The JSON UIKit builds, keys in its order. `userName` is already
/// percent-encoded.
#[derive(Serialize, Deserialize)]
struct KitJson<'a> {
    #[serde(rename = "userID", borrow)]
    user_id: std::borrow::Cow<'a, str>,
    #[serde(rename = "roomID", borrow)]
    room_id: std::borrow::Cow<'a, str>,
    #[serde(rename = "userName", borrow)]
    user_name: std::borrow::Cow<'a, str>,
    #[serde(rename = "appID")]
    app_id: u32,
}

impl KitToken {
    /// Pairs a minted token04 with its room and user, checked by the
    /// [rules](crate::rules) every ZEGO client accepts ([`Rules::default`]):
    /// the room ID and user ID of an RTC login, a user name of 1 to 255
    /// bytes without control characters. For an issuer's own rules (ZIM, a
    /// wider character set), [`KitToken::new_with_rules`].
    ///
    /// The token is not decrypted (that needs the secret): its envelope
    /// is checked, and [`Verifier::verify_kit`] checks that its claims
    /// agree with the kit's fields.
    ///
    /// # Errors
    ///
    /// [`Error::AppId`] (1); [`Error::Rule`] for a user ID (code 3), room
    /// ID or user name the rules refuse; any envelope error of `token`
    /// (see [`crate::inspect`]).
    pub fn new(parts: KitParts<'_>) -> Result<Self, Error> {
        Self::new_with_rules(parts, Rules::default())
    }

    /// [`KitToken::new`] with `rules` for the room ID, user ID and user
    /// name, such as the issuer's ([`Issuer::rules`](crate::Issuer::rules)).
    ///
    /// # Errors
    ///
    /// As [`KitToken::new`].
    pub fn new_with_rules(parts: KitParts<'_>, rules: Rules) -> Result<Self, Error> {
        if parts.app_id == 0 {
            return Err(Error::AppId);
        }
        crate::wire::inspect(parts.token)?;
        rules.user_id(parts.user_id)?;
        rules.room_id(parts.room_id)?;
        rules.kit_user_name(parts.user_name)?;
        // Every rule's IDs are ASCII, which is all UIKit's `btoa` encodes
        // as the same bytes on every side.
        debug_assert!(is_latin1(parts.room_id) && is_latin1(parts.user_id));
        Ok(Self::from_parts(parts))
    }

    fn from_parts(parts: KitParts<'_>) -> Self {
        KitToken {
            token: parts.token.to_owned(),
            app_id: parts.app_id,
            room_id: parts.room_id.to_owned(),
            user_id: parts.user_id.to_owned(),
            user_name: parts.user_name.to_owned(),
        }
    }

    /// Reads a kit token back into its parts, leniently: whatever UIKit's
    /// `generateKitTokenForProduction` can build is read as it is, whether
    /// or not its fields meet the minting rules (a tool shows them,
    /// escaped; [`Verifier::verify_kit`] checks them against the token).
    ///
    /// # Errors
    ///
    /// [`Error::Kit`] when the text is not `token#base64(JSON)` as UIKit
    /// builds it (including a room or user ID with a character above
    /// U+00FF, which `btoa` cannot encode), or any envelope error of the
    /// token (see [`crate::inspect`]).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let (token, encoded) = text
            .split_once('#')
            .ok_or(Error::Kit("missing the '#' between token and room data"))?;
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|_| Error::Kit("room data is not valid base64"))?;
        // btoa encodes each UTF-16 unit as one byte: decode as Latin-1.
        let json: String = bytes.iter().map(|&b| char::from(b)).collect();
        let fields: KitJson<'_> = serde_json::from_str(&json)
            .map_err(|_| Error::Kit("room data is not the JSON UIKit builds"))?;
        let user_name = percent_decode_str(&fields.user_name)
            .decode_utf8()
            .map_err(|_| Error::Kit("userName is not percent-encoded UTF-8"))?;
        // A JSON escape can name any character; what `btoa` built cannot.
        if !is_latin1(&fields.room_id) || !is_latin1(&fields.user_id) {
            return Err(Error::Kit(
                "room and user IDs must be Latin-1 (U+0000..=U+00FF), as UIKit's btoa requires",
            ));
        }
        crate::wire::inspect(token)?;
        Ok(Self::from_parts(KitParts {
            app_id: fields.app_id,
            token,
            room_id: &fields.room_id,
            user_id: &fields.user_id,
            user_name: &user_name,
        }))
    }

    /// The token04 inside.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The app ID.
    pub fn app_id(&self) -> u32 {
        self.app_id
    }

    /// The room ID.
    pub fn room_id(&self) -> &str {
        &self.room_id
    }

    /// The user ID.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The display name, decoded.
    pub fn user_name(&self) -> &str {
        &self.user_name
    }

    /// Checks that this kit token's appID, userID and roomID are the ones
    /// in `claims`, the decoded claims of its token04: the app ID, the user
    /// ID, and the `room_id` of the privilege payload when the token has
    /// one. UIKit logs in with the kit's fields and the token separately,
    /// so a kit token that pairs a token with another app, user or room
    /// fails only at ZEGO's servers.
    ///
    /// # Errors
    ///
    /// [`Error::KitMismatch`], naming the field (app ID, then user ID,
    /// then room ID).
    pub fn check_claims(&self, claims: &Claims) -> Result<(), Error> {
        if self.app_id != claims.app_id {
            return Err(Error::KitMismatch(KitMismatch::AppId {
                kit: self.app_id,
                claims: claims.app_id,
            }));
        }
        if self.user_id != claims.user_id {
            return Err(Error::KitMismatch(KitMismatch::UserId));
        }
        if let Some(privilege) = claims.privilege()
            && privilege.room_id() != self.room_id
        {
            return Err(Error::KitMismatch(KitMismatch::RoomId));
        }
        Ok(())
    }
}

/// Kit tokens, checked where they are defined (`verify` knows nothing of
/// them).
impl Verifier {
    /// Decrypts the token04 inside `kit`, checks that the kit's appID,
    /// userID and roomID agree with its claims
    /// ([`KitToken::check_claims`]), then checks the claims as
    /// [`Verifier::verify`] does.
    ///
    /// ```
    /// use zego_token::{Issuer, KitParts, KitToken, Privilege, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// let token = issuer.token("u1").with_privilege(&Privilege::new("room1")).issue()?;
    /// let parts = KitParts { app_id: 1, token: token.as_str(), room_id: "room1", user_id: "u1", user_name: "Zoë" };
    /// let kit = KitToken::new(parts)?.to_string();
    ///
    /// let claims = issuer.verifier().verify_kit(&KitToken::parse(&kit)?)?;
    /// assert_eq!(claims.user_id, "u1");
    ///
    /// let other_user = KitToken::new(KitParts { user_id: "u2", ..parts })?;
    /// assert!(issuer.verifier().verify_kit(&other_user).is_err());
    /// let other_room = KitToken::new(KitParts { room_id: "room2", ..parts })?;
    /// assert!(issuer.verifier().verify_kit(&other_room).is_err());
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Any error of [`Verifier::decrypt`], then [`Error::KitMismatch`],
    /// then any error of [`Verifier::validate`].
    pub fn verify_kit(&self, kit: &KitToken) -> Result<Claims, Error> {
        self.verify_kit_at(kit, unix_now())
    }

    /// [`Verifier::verify_kit`] as if the time were `now` (unix seconds).
    ///
    /// # Errors
    ///
    /// As [`Verifier::verify_kit`].
    pub fn verify_kit_at(&self, kit: &KitToken, now: i64) -> Result<Claims, Error> {
        let claims = self.decrypt(kit.token())?.claims;
        kit.check_claims(&claims)?;
        self.check(&claims, now)?;
        Ok(claims)
    }
}

impl fmt::Display for KitToken {
    /// The kit token string, exactly as `generateKitTokenForProduction` builds it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let user_name = utf8_percent_encode(&self.user_name, URI_COMPONENT).to_string();
        let json = serde_json::to_string(&KitJson {
            user_id: self.user_id.as_str().into(),
            room_id: self.room_id.as_str().into(),
            user_name: user_name.into(),
            app_id: self.app_id,
        })
        .map_err(|_| fmt::Error)?;
        // Checked in `new` and `parse`: every char of the IDs is one
        // Latin-1 byte, as btoa sees them (the JSON escapes the rest:
        // serde_json leaves only control characters and quotes escaped,
        // and the user name is percent-encoded ASCII).
        let latin1: Vec<u8> = json.chars().map(|c| c as u8).collect();
        write!(f, "{}#{}", self.token, STANDARD.encode(latin1))
    }
}

impl fmt::Debug for KitToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KitToken")
            .field("token", &format_args!("<{} chars>", self.token.len()))
            .field("app_id", &self.app_id)
            .field("room_id", &self.room_id)
            .field("user_id", &self.user_id)
            .field("user_name", &self.user_name)
            .finish()
    }
}

fn is_latin1(s: &str) -> bool {
    s.chars().all(|c| u32::from(c) <= 0xFF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{IdKind, IdProblem, RuleViolation};

    const TOKEN: &str = "04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTRH0tbs1JDwaSloPPpfrCE29tUW/QA7cBUDbJW7EPsVPsGpO/KyXwgxISYw5q52prPMSDPSd273V+GccmQjr86yJzXgjAi1WOIdNYImOOK+KUyRl6LN2rT4pm+K4yG/IxH0=";

    fn parts<'a>(room_id: &'a str, user_id: &'a str, user_name: &'a str) -> KitParts<'a> {
        KitParts {
            app_id: 1,
            token: TOKEN,
            room_id,
            user_id,
            user_name,
        }
    }

    fn room_data(kit: &KitToken) -> String {
        let text = kit.to_string();
        let (_, b64) = text.split_once('#').unwrap();
        String::from_utf8(STANDARD.decode(b64).unwrap()).unwrap()
    }

    fn kit_json(json: &str) -> String {
        format!("{TOKEN}#{}", STANDARD.encode(json))
    }

    #[test]
    fn matches_uikit_json_and_encode_uri_component() {
        let kit = KitToken::new(parts("room1", "u1", "A b&c/é~*'()!")).unwrap();
        assert!(kit.to_string().starts_with(&format!("{TOKEN}#")));
        // encodeURIComponent("A b&c/é~*'()!") === "A%20b%26c%2F%C3%A9~*'()!"
        assert_eq!(
            room_data(&kit),
            r#"{"userID":"u1","roomID":"room1","userName":"A%20b%26c%2F%C3%A9~*'()!","appID":1}"#
        );
    }

    #[test]
    fn latin1_ids_are_read_one_byte_per_char_like_btoa() {
        // UIKit's btoa takes Latin-1 IDs; minting refuses them (ZEGO's
        // clients do), reading another's kit token keeps them.
        let text = format!(
            "{TOKEN}#{}",
            STANDARD.encode(
                b"{\"userID\":\"u1\",\"roomID\":\"caf\xe9\",\"userName\":\"n\",\"appID\":7}"
            )
        );
        let kit = KitToken::parse(&text).unwrap();
        assert_eq!((kit.room_id(), kit.app_id()), ("café", 7));
        assert_eq!(kit.to_string(), text);
        assert!(matches!(
            KitToken::new(parts("café", "u1", "n")),
            Err(Error::Rule(RuleViolation::Id {
                kind: IdKind::RoomId,
                ..
            }))
        ));
        // Beyond Latin-1 only a JSON escape gets there; btoa never does.
        assert!(matches!(
            KitToken::parse(&kit_json(
                r#"{"userID":"u","roomID":"\u623f","userName":"n","appID":1}"#
            )),
            Err(Error::Kit(_))
        ));
    }

    #[test]
    fn debug_redacts_the_embedded_token() {
        let kit = KitToken::new(parts("room1", "u1", "Zoë")).unwrap();
        let debug = format!("{kit:?}");
        assert!(!debug.contains(&TOKEN[2..20]), "{debug}");
        assert_eq!(
            debug,
            format!(
                r#"KitToken {{ token: <{} chars>, app_id: 1, room_id: "room1", user_id: "u1", user_name: "Zoë" }}"#,
                TOKEN.len()
            )
        );
        assert!(kit.to_string().starts_with(TOKEN));
    }

    #[test]
    fn fields_follow_zegos_rules_when_minted_and_are_read_as_they_are() {
        let id_problem = |result: Result<KitToken, Error>| match result {
            Err(Error::Rule(RuleViolation::Id { kind, problem, .. })) => (kind, problem),
            other => panic!("{other:?}"),
        };
        assert!(matches!(
            id_problem(KitToken::new(parts("r\u{7f}", "u", "n"))),
            (IdKind::RoomId, IdProblem::Character { position: 2, .. })
        ));
        assert!(matches!(
            id_problem(KitToken::new(parts("r", "alice bob", "n"))),
            (IdKind::UserId, IdProblem::Character { position: 6, .. })
        ));
        let err = KitToken::new(parts("r", "u", "Zoë\r\nX-Forged: 1")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "kit user name has character 4 (U+000D), a control character"
        );
        assert!(matches!(
            id_problem(KitToken::new(parts("r", "u", "\u{9b}2J"))),
            (
                IdKind::KitUserName,
                IdProblem::Character { position: 1, .. }
            )
        ));
        assert_eq!(
            id_problem(KitToken::new(parts("r", "u", ""))),
            (IdKind::KitUserName, IdProblem::Empty)
        );
        // Names may be spaced and non-Latin-1 (they are percent-encoded).
        assert!(KitToken::new(parts("r", "u", "张 伟")).is_ok());
        // Read back, a kit token is taken as it is: its fields are shown
        // escaped, and checked against its token by `verify_kit`.
        // encodeURIComponent("a\n") === "a%0A".
        let json = r#"{"userID":"a b","roomID":"r/1","userName":"a%0A","appID":1}"#;
        let kit = KitToken::parse(&kit_json(json)).unwrap();
        assert_eq!(
            (kit.user_id(), kit.room_id(), kit.user_name()),
            ("a b", "r/1", "a\n")
        );
    }

    #[test]
    fn a_wider_rule_is_named() {
        let extended = Rules::default().with_charset(crate::Charset::Extended);
        assert!(KitToken::new(parts("100%", "u", "n")).is_err());
        assert!(KitToken::new_with_rules(parts("100%", "u%", "n"), extended).is_ok());
        let zim = Rules::for_product(crate::Product::Zim);
        let long = "u".repeat(40);
        assert!(KitToken::new(parts("r", &long, "n")).is_ok());
        assert_eq!(
            KitToken::new_with_rules(parts("r", &long, "n"), zim)
                .unwrap_err()
                .code(),
            Some(3)
        );
    }

    #[test]
    fn bad_inputs() {
        assert_eq!(
            KitToken::new(KitParts {
                app_id: 0,
                ..parts("r", "u", "n")
            })
            .unwrap_err()
            .code(),
            Some(1)
        );
        let empty_user = KitToken::new(parts("r", "", "n")).unwrap_err();
        assert_eq!(
            (empty_user.code(), empty_user.client_code()),
            (Some(3), Some(1_002_005))
        );
        assert!(matches!(
            KitToken::new(KitParts {
                token: "nope",
                ..parts("r", "u", "n")
            }),
            Err(Error::NotToken04)
        ));
        assert_eq!(
            KitToken::new(parts("", "u", "n"))
                .unwrap_err()
                .client_code(),
            Some(1_002_011)
        );
        assert!(matches!(KitToken::parse(TOKEN), Err(Error::Kit(_))));
        assert!(matches!(
            KitToken::parse(&format!("{TOKEN}#!!")),
            Err(Error::Kit(_))
        ));
        assert!(matches!(
            KitToken::parse(&format!("{TOKEN}#e30=")),
            Err(Error::Kit(_))
        ));
        assert!(matches!(
            KitToken::parse(
                &kit_json(r#"{"userID":"u","roomID":"r","userName":"n","appID":1}"#)
                    .replacen("04", "03", 1)
            ),
            Err(Error::NotToken04)
        ));
    }
}
