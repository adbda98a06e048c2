//! Where a server API lives: one host per ZEGO service and region.
//!
//! ZEGO's "Accessing Server APIs" pages give the hosts as
//! `${PRODUCT}-api.zego.im` (the unified address, resolved to a nearby
//! region) and `${PRODUCT}-api-{sha,hkg,fra,lax,bom,sgp}.zego.im`, with
//! the `${PRODUCT}` values `rtc`, `whiteboard` and `cloudrecord`
//! (<https://www.zegocloud.com/docs/super-board-server/accessing-server-apis>),
//! `zim` and `auth` (<https://zegocloud.com/docs/zim-server/accessing-server-apis>)
//! and `mini-game` (<https://zegocloud.com/docs/game-engine/make-api-requests>).
//! Services on other hosts (such as the AI products on `zegotech.cn`) are
//! reached by giving their base URL as it is.

use std::fmt;
use std::str::FromStr;

/// A ZEGO service with server APIs on `*.zego.im`: the `${PRODUCT}` part of
/// its host name.
///
/// ```
/// use zego_token::server_api::{Region, Service};
///
/// assert_eq!(Service::Rtc.host(Region::Unified), "rtc-api.zego.im");
/// assert_eq!(Service::Zim.base_url(Region::Frankfurt), "https://zim-api-fra.zego.im/");
/// assert_eq!("cloudrecord".parse::<Service>(), Ok(Service::CloudRecord));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Service {
    /// Cloud Communication Service (`rtc`): rooms, streams, stream mixing
    /// of the Express SDK (video, voice, live streaming).
    Rtc,
    /// In-app Chat (`zim`).
    Zim,
    /// Authentication for ZIMAudio (`auth`).
    Auth,
    /// Collaborative Online Whiteboard / Super Board (`whiteboard`).
    Whiteboard,
    /// Cloud Recording (`cloudrecord`).
    CloudRecord,
    /// Mini-game platform (`mini-game`).
    MiniGame,
}

impl Service {
    /// Every service.
    pub const ALL: [Service; 6] = [
        Service::Rtc,
        Service::Zim,
        Service::Auth,
        Service::Whiteboard,
        Service::CloudRecord,
        Service::MiniGame,
    ];

    /// The `${PRODUCT}` value: `rtc`, `zim`, `auth`, `whiteboard`,
    /// `cloudrecord` or `mini-game`.
    pub const fn name(self) -> &'static str {
        match self {
            Service::Rtc => "rtc",
            Service::Zim => "zim",
            Service::Auth => "auth",
            Service::Whiteboard => "whiteboard",
            Service::CloudRecord => "cloudrecord",
            Service::MiniGame => "mini-game",
        }
    }

    /// The API host in `region`, such as `rtc-api-sha.zego.im`.
    pub fn host(self, region: Region) -> String {
        match region.code() {
            Some(code) => format!("{}-api-{code}.zego.im", self.name()),
            None => format!("{}-api.zego.im", self.name()),
        }
    }

    /// The API base URL in `region`, such as `https://rtc-api.zego.im/`
    /// (ZEGO's APIs are HTTPS only): the `Action` and parameters follow as
    /// the query.
    pub fn base_url(self, region: Region) -> String {
        format!("https://{}/", self.host(region))
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Service {
    type Err = UnknownService;

    /// Parses a `${PRODUCT}` value, as [`Service::name`] gives it.
    fn from_str(s: &str) -> Result<Self, UnknownService> {
        Service::ALL
            .into_iter()
            .find(|service| service.name() == s)
            .ok_or(UnknownService)
    }
}

/// A name that is not one of [`Service::ALL`]. The text itself is not
/// repeated: the message lists what is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown ZEGO service: expected rtc, zim, auth, whiteboard, cloudrecord or mini-game")]
pub struct UnknownService;

/// Where the API host is. [`Region::Unified`] (the default) lets ZEGO's DNS
/// pick a nearby region; ZEGO recommends the host of the region your
/// server is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Region {
    /// The unified address, regardless of region (`rtc-api.zego.im`).
    #[default]
    Unified,
    /// Mainland China, Shanghai (`-sha`).
    Shanghai,
    /// Hong Kong, Macau and Taiwan, Hong Kong (`-hkg`).
    HongKong,
    /// Europe, Frankfurt (`-fra`).
    Frankfurt,
    /// Western United States, California (`-lax`).
    California,
    /// Asia-Pacific, Mumbai (`-bom`).
    Mumbai,
    /// Southeast Asia, Singapore (`-sgp`).
    Singapore,
}

impl Region {
    /// Every region, the unified address first.
    pub const ALL: [Region; 7] = [
        Region::Unified,
        Region::Shanghai,
        Region::HongKong,
        Region::Frankfurt,
        Region::California,
        Region::Mumbai,
        Region::Singapore,
    ];

    /// The code in the host name (`sha`, `hkg`, `fra`, `lax`, `bom`,
    /// `sgp`); `None` for the unified address.
    pub const fn code(self) -> Option<&'static str> {
        match self {
            Region::Unified => None,
            Region::Shanghai => Some("sha"),
            Region::HongKong => Some("hkg"),
            Region::Frankfurt => Some("fra"),
            Region::California => Some("lax"),
            Region::Mumbai => Some("bom"),
            Region::Singapore => Some("sgp"),
        }
    }
}

impl FromStr for Region {
    type Err = UnknownRegion;

    /// Parses a region code as [`Region::code`] gives it, or `unified`.
    fn from_str(s: &str) -> Result<Self, UnknownRegion> {
        Region::ALL
            .into_iter()
            .find(|region| region.code().unwrap_or("unified") == s)
            .ok_or(UnknownRegion)
    }
}

/// A name that is not a region code. The text itself is not repeated: the
/// message lists what is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown ZEGO region: expected unified, sha, hkg, fra, lax, bom or sgp")]
pub struct UnknownRegion;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_follow_the_documented_pattern() {
        let expected = [
            "rtc-api.zego.im",
            "rtc-api-sha.zego.im",
            "rtc-api-hkg.zego.im",
            "rtc-api-fra.zego.im",
            "rtc-api-lax.zego.im",
            "rtc-api-bom.zego.im",
            "rtc-api-sgp.zego.im",
        ];
        let hosts: Vec<String> = Region::ALL.iter().map(|&r| Service::Rtc.host(r)).collect();
        assert_eq!(hosts, expected);
        let names: Vec<String> = Service::ALL
            .iter()
            .map(|s| s.host(Region::Unified))
            .collect();
        assert_eq!(
            names,
            [
                "rtc-api.zego.im",
                "zim-api.zego.im",
                "auth-api.zego.im",
                "whiteboard-api.zego.im",
                "cloudrecord-api.zego.im",
                "mini-game-api.zego.im"
            ]
        );
        assert_eq!(
            Service::MiniGame.base_url(Region::Singapore),
            "https://mini-game-api-sgp.zego.im/"
        );
    }

    #[test]
    fn names_and_codes_parse_back() {
        for service in Service::ALL {
            assert_eq!(service.name().parse(), Ok(service));
            assert_eq!(service.to_string(), service.name());
        }
        for region in Region::ALL {
            assert_eq!(region.code().unwrap_or("unified").parse(), Ok(region));
        }
        assert_eq!("RTC".parse::<Service>(), Err(UnknownService));
        assert_eq!("eu".parse::<Region>(), Err(UnknownRegion));
        assert_eq!(
            UnknownRegion.to_string(),
            "unknown ZEGO region: expected unified, sha, hkg, fra, lax, bom or sgp"
        );
    }
}
