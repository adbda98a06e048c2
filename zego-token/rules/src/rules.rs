//! [`Rules`]: which ZEGO clients a token must satisfy, and the one entry
//! point to every ID, lifetime and payload rule.

use crate::ids::{self, Charset};
use crate::lifetime;
use crate::product::Product;
use crate::violation::{PayloadProblem, RuleViolation};

/// ZEGO's rules for what a token carries, for the clients it is meant for.
///
/// One value answers every question a minting path asks: is this user ID,
/// room ID, stream ID, kit user name, lifetime, expiry or payload one that
/// every client the token is for accepts? Each refusal is a
/// [`RuleViolation`] with ZEGO's generator and client error codes.
///
/// ```
/// use zego_token_rules::{Charset, Product, Rules};
///
/// let rtc = Rules::for_product(Product::Rtc);
/// assert!(rtc.user_id("alice_42").is_ok());
/// let err = rtc.user_id("alice bob").unwrap_err();
/// assert_eq!((err.generator_code(), err.client_code()), (Some(3), Some(1_002_006)));
/// assert_eq!(
///     err.to_string(),
///     "user ID has character 6 (U+0020), which ZEGO's RTC clients refuse: use ASCII \
///      letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002006)"
/// );
///
/// let zim = Rules::for_product(Product::Zim);
/// assert!(zim.lifetime(24 * 86_400).is_ok());
/// assert_eq!(zim.lifetime(24 * 86_400 + 1).unwrap_err().client_code(), Some(6_000_109));
///
/// // `%` only where every client of the app is known to take it:
/// assert!(rtc.user_id("100%").is_err());
/// assert!(rtc.with_charset(Charset::Extended).user_id("100%").is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rules {
    product: Product,
    charset: Charset,
}

impl Default for Rules {
    /// RTC's rules with the [`Charset::Portable`] set.
    fn default() -> Self {
        Rules::for_product(Product::Rtc)
    }
}

impl From<Product> for Rules {
    /// [`Rules::for_product`].
    fn from(product: Product) -> Self {
        Rules::for_product(product)
    }
}

impl Rules {
    /// The rules of one product, with the [`Charset::Portable`] set;
    /// [`Product::RtcAndZim`] gives [`Rules::rtc_and_zim`].
    pub const fn for_product(product: Product) -> Rules {
        Rules {
            product,
            charset: Charset::Portable,
        }
    }

    /// RTC's and ZIM's rules at once, for a token one client hands to both:
    /// ZEGO's React Native UIKits pass the token from `onTokenProvide` to
    /// the room login and to the ZIM login. Its user IDs are at most 32
    /// bytes of the characters both accept, its lifetime at most 24 days.
    pub const fn rtc_and_zim() -> Rules {
        Rules::for_product(Product::RtcAndZim)
    }

    /// The same rules with IDs checked against `charset`.
    #[must_use]
    pub const fn with_charset(self, charset: Charset) -> Rules {
        Rules { charset, ..self }
    }

    /// The character set IDs are checked against.
    pub const fn charset(&self) -> Charset {
        self.charset
    }

    /// The product these rules are for: [`Product::RtcAndZim`] for
    /// [`Rules::rtc_and_zim`].
    pub const fn product(&self) -> Product {
        self.product
    }

    /// Whether these are (also) RTC's rules.
    pub const fn includes_rtc(&self) -> bool {
        self.product.logs_in_to_room()
    }

    /// Whether these are (also) ZIM's rules.
    pub const fn includes_zim(&self) -> bool {
        self.product.logs_in_to_zim()
    }

    /// The product whose client reads a time for these rules: ZIM when
    /// it is one of them (its limits are the tighter), else RTC.
    const fn time_product(&self) -> Product {
        if self.includes_zim() {
            Product::Zim
        } else {
            Product::Rtc
        }
    }

    /// A user ID every client of these rules logs in with.
    ///
    /// - RTC: 1 to [`RTC_USER_ID_MAX_BYTES`](crate::RTC_USER_ID_MAX_BYTES)
    ///   (63) bytes of ASCII letters, digits and
    ///   [`RTC_ID_PUNCTUATION`](crate::RTC_ID_PUNCTUATION). Source:
    ///   ZEGO's Express reference, `ZegoUser.userID` ("Only support
    ///   numbers, English characters and '~', '!', '@', '#', '$', '%', '^',
    ///   '&', '*', '(', ')', '_', '+', '=', '-', '`', ';', '’', ',', '.',
    ///   '<', '>', '\'. Do not use '%' if you need to communicate with the
    ///   Web SDK."), error codes 1002005/1002006/1002007, and the Express Web
    ///   SDK's `loginRoom` (`tests/data/express_login_verdicts.json`).
    /// - ZIM: 1 to [`ZIM_USER_ID_MAX_BYTES`](crate::ZIM_USER_ID_MAX_BYTES)
    ///   (32) bytes of ASCII letters, digits and
    ///   [`ZIM_USER_ID_PUNCTUATION`](crate::ZIM_USER_ID_PUNCTUATION).
    ///   Source: ZIM's "Manage user login" guide ("userID: a string of up to
    ///   32 bytes") and its `ZIMUserInfo.userID` reference. The ZIM Web SDK
    ///   itself checks nothing.
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Id`] with [`IdKind::UserId`](crate::IdKind::UserId)
    /// (generator code 3).
    pub fn user_id(&self, id: &str) -> Result<(), RuleViolation> {
        ids::user_id(id, self.product, self.charset)
    }

    /// A room ID (of a privilege payload or a kit token): 1 to
    /// [`ROOM_ID_MAX_BYTES`](crate::ROOM_ID_MAX_BYTES) (127) bytes of ASCII
    /// letters, digits and [`RTC_ID_PUNCTUATION`](crate::RTC_ID_PUNCTUATION).
    /// Source: ZEGO's error reference, 1002011/1002012
    /// ("RoomRoomidInvalidCharacter")/1002013 ("RoomRoomidTooLong": "less
    /// than 128 bytes"), and the Express Web SDK's `loginRoom`.
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Id`] with [`IdKind::RoomId`](crate::IdKind::RoomId).
    pub fn room_id(&self, id: &str) -> Result<(), RuleViolation> {
        ids::room_id(id, self.charset)
    }

    /// A stream ID: 1 to [`STREAM_ID_MAX_BYTES`](crate::STREAM_ID_MAX_BYTES)
    /// (255) bytes of `[0-9A-Za-z_-]`, whatever the [`Charset`]. Source:
    /// ZEGO's Express reference, `ZegoStream.streamID` ("Only support
    /// numbers, English characters and '-', '_'"), 1000016
    /// ("CommonStreamIdInvalidCharacter") and 1000014 ("CommonStreamIdTooLong":
    /// "less than 256 bytes").
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Id`] with [`IdKind::StreamId`](crate::IdKind::StreamId).
    pub fn stream_id(&self, id: &str) -> Result<(), RuleViolation> {
        ids::stream_id(id)
    }

    /// A privilege's stream list, when it has one: not empty (ZEGO reads
    /// `[]` as "any stream", so an empty restriction would fail open; no
    /// list at all is how a privilege says "any stream"), and every entry a
    /// valid [`stream_id`](Rules::stream_id).
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Payload`] with
    /// [`PayloadProblem::EmptyStreamList`] or [`PayloadProblem::StreamId`].
    pub fn stream_list<S: AsRef<str>>(&self, streams: &[S]) -> Result<(), RuleViolation> {
        if streams.is_empty() {
            return Err(RuleViolation::Payload(PayloadProblem::EmptyStreamList));
        }
        for (index, stream) in streams.iter().enumerate() {
            ids::stream_id_problem(stream.as_ref()).map_err(|problem| {
                RuleViolation::Payload(PayloadProblem::StreamId { index, problem })
            })?;
        }
        Ok(())
    }

    /// The fields of a typed privilege payload (a room ID, and a stream
    /// list when it has one), as [`payload`](Rules::payload) checks them in
    /// JSON, without writing or parsing JSON: no payload for ZIM alone,
    /// `room_id` a valid [`room_id`](Rules::room_id), the streams a
    /// [`stream_list`](Rules::stream_list). `None` is no list: any stream.
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Payload`] with [`PayloadProblem::ForZim`],
    /// [`PayloadProblem::RoomId`], [`PayloadProblem::EmptyStreamList`] or
    /// [`PayloadProblem::StreamId`].
    pub fn privilege<S: AsRef<str>>(
        &self,
        room_id: &str,
        streams: Option<&[S]>,
    ) -> Result<(), RuleViolation> {
        if !self.product.carries_payload() {
            return Err(RuleViolation::Payload(PayloadProblem::ForZim));
        }
        ids::room_id_problem(room_id, self.charset)
            .map_err(|problem| RuleViolation::Payload(PayloadProblem::RoomId(problem)))?;
        match streams {
            Some(streams) => self.stream_list(streams),
            None => Ok(()),
        }
    }

    /// The user name of a UIKit kit token: 1 to
    /// [`KIT_USER_NAME_MAX_BYTES`](crate::KIT_USER_NAME_MAX_BYTES) (255)
    /// bytes, any characters but control characters (which would forge log
    /// lines and terminal output wherever the name is shown). Source: UIKit
    /// Prebuilt refuses an empty name (`generateKitTokenForTest`: "userName
    /// required", and it will not join without one); ZEGO's error reference,
    /// 1002010 ("RoomUserNameTooLong": "less than 256 bytes").
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Id`] with
    /// [`IdKind::KitUserName`](crate::IdKind::KitUserName).
    pub fn kit_user_name(&self, name: &str) -> Result<(), RuleViolation> {
        ids::kit_user_name(name)
    }

    /// A lifetime, in seconds: positive for every product (ZEGO's
    /// generators refuse others with 6); for ZIM also from
    /// [`ZIM_MIN_LIFETIME_SECS`](crate::ZIM_MIN_LIFETIME_SECS) (31) to
    /// [`ZIM_MAX_LIFETIME_SECS`](crate::ZIM_MAX_LIFETIME_SECS) (24 days).
    /// Source: ZIM's `login` reference ("The token validity period cannot
    /// exceed 24 days") and the ZIM Web SDK's token check (6000108, 6000109;
    /// `tests/data/zim_verdicts.json`).
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Time`] (generator code 6).
    pub fn lifetime(&self, seconds: i64) -> Result<(), RuleViolation> {
        if self.includes_rtc() {
            lifetime::lifetime(seconds, Product::Rtc)?;
        }
        if self.includes_zim() {
            lifetime::lifetime(seconds, Product::Zim)?;
        }
        Ok(())
    }

    /// An expiry, unix seconds: at most [`MAX_EXPIRY`](crate::MAX_EXPIRY)
    /// (2038-01-19T03:14:07Z) for every product, because the ZIM Web SDK
    /// reads it as a signed 32-bit number, and a React Native UIKit hands an
    /// RTC token to ZIM too.
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Time`] with
    /// [`TimeProblem::ExpiryAfter2038`](crate::TimeProblem::ExpiryAfter2038)
    /// (generator code 6).
    pub fn expiry(&self, expire: i64) -> Result<(), RuleViolation> {
        lifetime::expiry(Some(expire), self.time_product())
    }

    /// Both time rules for a token issued at `ctime` (unix seconds) that
    /// lives `lifetime` seconds: [`lifetime`](Rules::lifetime), then
    /// [`expiry`](Rules::expiry) of `ctime + lifetime`.
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Time`] (generator code 6).
    pub fn times(&self, ctime: i64, lifetime: i64) -> Result<(), RuleViolation> {
        self.lifetime(lifetime)?;
        lifetime::expiry(ctime.checked_add(lifetime), self.time_product())
    }

    /// A payload's text: empty, or a JSON object; one with any of
    /// [`PRIVILEGE_KEYS`](crate::PRIVILEGE_KEYS) has the privilege shape
    /// (`room_id` a valid [`room_id`](Rules::room_id), `privilege` an object
    /// of `"1"`/`"2"` to 0 or 1, `stream_id_list` absent, `null` or a
    /// [`stream_list`](Rules::stream_list)). A ZIM token carries none.
    /// Source: 1002075 ("RoomTokenFormatError": "payload is in non-JSON
    /// format") and the privilege payload of ZEGO's generator samples.
    ///
    /// # Errors
    ///
    /// [`RuleViolation::Payload`].
    #[cfg(feature = "json")]
    #[cfg_attr(docsrs, doc(cfg(feature = "json")))]
    pub fn payload(&self, payload: &str) -> Result<(), RuleViolation> {
        if !self.product.carries_payload() && !payload.is_empty() {
            return Err(RuleViolation::Payload(PayloadProblem::ForZim));
        }
        crate::payload::payload(payload, self.charset)
    }
}
