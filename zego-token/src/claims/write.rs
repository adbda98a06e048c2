//! Claims as compact JSON, in the key order of ZEGO's Go and PHP
//! generators: `{"app_id":..,"user_id":"..","ctime":..,"expire":..,
//! "nonce":..,"payload":".."}`. serde_json writes every value.

use serde::Serialize;

use super::{ClaimsRef, PayloadRef};
use crate::payload::Nesting;

impl ClaimsRef<'_> {
    /// Appends the claims as compact JSON.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"app_id\":");
        json(out, &self.app_id);
        out.extend_from_slice(b",\"user_id\":");
        json(out, self.user_id);
        out.extend_from_slice(b",\"ctime\":");
        json(out, &self.ctime);
        out.extend_from_slice(b",\"expire\":");
        json(out, &self.expire);
        out.extend_from_slice(b",\"nonce\":");
        json(out, &self.nonce);
        out.extend_from_slice(b",\"payload\":");
        match self.payload {
            PayloadRef::Text(text) => json(out, text),
            // A string holding the privilege's JSON, as ZEGO's generators
            // write it: "{\"room_id\":...}".
            PayloadRef::Privilege(privilege) => {
                out.push(b'"');
                privilege.write_json(out, Nesting::InString);
                out.push(b'"');
            }
        }
        out.push(b'}');
    }
}

/// Appends `value` as serde_json writes it.
fn json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    serde_json::to_writer(out, value).expect("strings and integers always serialize to memory");
}
