//! Claims as compact JSON, written by serde_json in the key order of ZEGO's
//! Go and PHP generators.

use serde::{Serialize, Serializer};

use super::{ClaimsRef, PayloadRef};
use crate::wire::Buf;

impl ClaimsRef<'_> {
    /// Appends the claims as compact JSON: `{"app_id":..,"user_id":"..",
    /// "ctime":..,"expire":..,"nonce":..,"payload":".."}`.
    pub(crate) fn write(&self, out: &mut Buf) {
        serde_json::to_writer(out, self).expect("strings and integers always serialize to memory");
    }
}

/// A privilege is serialized, then embedded as a JSON string, as ZEGO's
/// generators do: the payload is `"{\"room_id\":...}"`, not an object.
impl Serialize for PayloadRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PayloadRef::Text(text) => serializer.serialize_str(text),
            PayloadRef::Privilege(privilege) => {
                // On the stack: a privilege payload is a few hundred bytes.
                let mut json = Buf::new();
                serde_json::to_writer(&mut json, &privilege.wire())
                    .expect("strings and integers always serialize to memory");
                serializer
                    .serialize_str(std::str::from_utf8(&json).expect("serde_json writes UTF-8"))
            }
        }
    }
}
