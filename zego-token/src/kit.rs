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
use crate::payload::validate_room_id;
use crate::user_id::{control_character_at, validate_user_id};
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

/// A UIKit Prebuilt kit token: a token04 plus the room and user it is for.
///
/// ```
/// use zego_token::{Issuer, KitToken, ServerSecret};
///
/// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
/// let token = issuer.issue("u1")?;
/// let kit = KitToken::new(1, token.as_str(), "room1", "u1", "Zoë Li")?;
/// let text = kit.to_string();
/// assert!(text.starts_with(token.as_str()));
///
/// let parsed = KitToken::parse(&text)?;
/// assert_eq!(parsed.user_name(), "Zoë Li");
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
    /// Pairs a minted token04 with its room and user.
    ///
    /// # Errors
    ///
    /// [`Error::AppId`] (1), [`Error::UserId`] (3), [`Error::RoomId`],
    /// [`Error::UserName`] (room ID and user name follow the user ID's rule
    /// on control characters), any envelope error of `token` (see
    /// [`crate::inspect`]), or [`Error::Kit`] when the room or user ID has
    /// characters above U+00FF, which the browser's `btoa` cannot encode
    /// either.
    pub fn new(
        app_id: u32,
        token: &str,
        room_id: &str,
        user_id: &str,
        user_name: &str,
    ) -> Result<Self, Error> {
        if app_id == 0 {
            return Err(Error::AppId);
        }
        crate::wire::inspect(token)?;
        validate_user_id(user_id)?;
        validate_room_id(room_id)?;
        if let Some(at) = control_character_at(user_name) {
            return Err(Error::UserName { at });
        }
        if !is_latin1(room_id) || !is_latin1(user_id) {
            return Err(Error::Kit(
                "room and user IDs must be Latin-1 (U+0000..=U+00FF), as UIKit's btoa requires",
            ));
        }
        Ok(KitToken {
            token: token.to_owned(),
            app_id,
            room_id: room_id.to_owned(),
            user_id: user_id.to_owned(),
            user_name: user_name.to_owned(),
        })
    }

    /// Reads a kit token back into its parts.
    ///
    /// # Errors
    ///
    /// [`Error::Kit`] when the text is not `token#base64(JSON)` as UIKit
    /// builds it, or any error [`KitToken::new`] gives for its fields.
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
        Self::new(
            fields.app_id,
            token,
            &fields.room_id,
            &fields.user_id,
            &user_name,
        )
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

    /// Checks that this kit token's appID and userID are the ones in
    /// `claims`, the decoded claims of its token04. UIKit logs in with the
    /// kit's fields and the token separately, so a kit token that pairs a
    /// token with another app or user fails only at ZEGO's servers.
    ///
    /// # Errors
    ///
    /// [`Error::KitMismatch`], naming the field (app ID first).
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
        Ok(())
    }
}

/// Kit tokens, checked where they are defined (`verify` knows nothing of
/// them).
impl Verifier {
    /// Decrypts the token04 inside `kit`, checks that the kit's appID and
    /// userID agree with its claims, then checks the claims as
    /// [`Verifier::verify`] does.
    ///
    /// ```
    /// use zego_token::{Issuer, KitToken, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// let token = issuer.issue("u1")?;
    /// let kit = KitToken::new(1, token.as_str(), "room1", "u1", "Zoë")?.to_string();
    ///
    /// let claims = issuer.verifier().verify_kit(&KitToken::parse(&kit)?)?;
    /// assert_eq!(claims.user_id, "u1");
    ///
    /// let other_user = KitToken::new(1, token.as_str(), "room1", "u2", "Eve")?;
    /// assert!(issuer.verifier().verify_kit(&other_user).is_err());
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Any error of [`Verifier::verify`], or [`Error::KitMismatch`].
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
        // Checked in `new`: every char is one Latin-1 byte, as btoa sees it.
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
    use crate::error::RoomIdProblem;

    const TOKEN: &str = "04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTRH0tbs1JDwaSloPPpfrCE29tUW/QA7cBUDbJW7EPsVPsGpO/KyXwgxISYw5q52prPMSDPSd273V+GccmQjr86yJzXgjAi1WOIdNYImOOK+KUyRl6LN2rT4pm+K4yG/IxH0=";

    fn room_data(kit: &KitToken) -> String {
        let text = kit.to_string();
        let (_, b64) = text.split_once('#').unwrap();
        String::from_utf8(STANDARD.decode(b64).unwrap()).unwrap()
    }

    #[test]
    fn matches_uikit_json_and_encode_uri_component() {
        let kit = KitToken::new(1, TOKEN, "room1", "u1", "A b&c/é~*'()!").unwrap();
        assert!(kit.to_string().starts_with(&format!("{TOKEN}#")));
        // encodeURIComponent("A b&c/é~*'()!") === "A%20b%26c%2F%C3%A9~*'()!"
        assert_eq!(
            room_data(&kit),
            r#"{"userID":"u1","roomID":"room1","userName":"A%20b%26c%2F%C3%A9~*'()!","appID":1}"#
        );
    }

    #[test]
    fn latin1_ids_are_encoded_one_byte_per_char_like_btoa() {
        let kit = KitToken::new(7, TOKEN, "café", "u1", "").unwrap();
        let text = kit.to_string();
        let bytes = STANDARD.decode(text.split_once('#').unwrap().1).unwrap();
        assert!(bytes.windows(4).any(|w| w == b"caf\xe9"));
        assert_eq!(KitToken::parse(&text).unwrap(), kit);
        assert!(matches!(
            KitToken::new(7, TOKEN, "房间", "u1", ""),
            Err(Error::Kit(_))
        ));
    }

    #[test]
    fn debug_redacts_the_embedded_token() {
        let kit = KitToken::new(1, TOKEN, "room1", "u1", "Zoë").unwrap();
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
    fn room_id_and_user_name_follow_the_user_id_control_character_rule() {
        assert!(matches!(
            KitToken::new(1, TOKEN, "r\u{7f}", "u", "n"),
            Err(Error::RoomId(RoomIdProblem::ControlCharacter { at: 1 }))
        ));
        let err = KitToken::new(1, TOKEN, "r", "u", "Zoë\r\nX-Forged: 1").unwrap_err();
        assert!(matches!(err, Error::UserName { at: 4 }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "invalid user name: it contains a control character at byte 4"
        );
        assert!(matches!(
            KitToken::new(1, TOKEN, "r", "u", "\u{9b}2J"),
            Err(Error::UserName { at: 0 })
        ));
        // A kit token carrying one is refused when read back, too: `parse`
        // goes through `new`. encodeURIComponent("a\n") === "a%0A".
        let json = r#"{"userID":"u","roomID":"r","userName":"a%0A","appID":1}"#;
        assert!(matches!(
            KitToken::parse(&format!("{TOKEN}#{}", STANDARD.encode(json))),
            Err(Error::UserName { at: 1 })
        ));
        // Names may be empty, spaced and non-Latin-1 (they are percent-encoded).
        assert!(KitToken::new(1, TOKEN, "r", "u", "").is_ok());
        assert!(KitToken::new(1, TOKEN, "r", "u", "张 伟").is_ok());
    }

    #[test]
    fn bad_inputs() {
        assert_eq!(
            KitToken::new(0, TOKEN, "r", "u", "n").unwrap_err().code(),
            Some(1)
        );
        assert_eq!(
            KitToken::new(1, TOKEN, "r", "", "n").unwrap_err().code(),
            Some(3)
        );
        assert!(matches!(
            KitToken::new(1, "nope", "r", "u", "n"),
            Err(Error::NotToken04)
        ));
        assert!(matches!(
            KitToken::new(1, TOKEN, "", "u", "n"),
            Err(Error::RoomId(RoomIdProblem::Length { len: 0 }))
        ));
        assert!(matches!(KitToken::parse(TOKEN), Err(Error::Kit(_))));
        assert!(matches!(
            KitToken::parse(&format!("{TOKEN}#!!")),
            Err(Error::Kit(_))
        ));
        assert!(matches!(
            KitToken::parse(&format!("{TOKEN}#e30=")),
            Err(Error::Kit(_))
        ));
    }
}
