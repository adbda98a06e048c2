//! The payload rule: a non-empty payload is a JSON object, and one that
//! carries the privilege keys has the privilege shape.
//!
//! ZEGO's clients refuse a token whose payload is not JSON with 1002075
//! ("RoomTokenFormatError": "The generated Token transmission parameter
//! payload is in non-JSON format"). The privilege shape is the one of
//! ZEGO's generator samples (`zego_server_assistant`, `RtcRoomPayLoad`):
//! `{"room_id": "...", "privilege": {"1": 0|1, "2": 0|1}, "stream_id_list":
//! null | [...]}`, where an empty `stream_id_list` means "no stream ID
//! verification" ("can be empty; if empty, no stream ID verification is
//! performed"), so a caller who meant to restrict publishing would get an
//! unrestricted token: it is refused.

use serde_json::{Map, Value};

use crate::ids::{Charset, room_id_problem, stream_id_problem};
use crate::violation::{PayloadProblem, RuleViolation};

/// The keys that make a payload a privilege payload.
pub const PRIVILEGE_KEYS: [&str; 3] = ["room_id", "privilege", "stream_id_list"];

fn problem(p: PayloadProblem) -> RuleViolation {
    RuleViolation::Payload(p)
}

/// Checks a payload's text: empty, or a JSON object, of the privilege
/// shape when it has any of [`PRIVILEGE_KEYS`].
pub(crate) fn payload(text: &str, charset: Charset) -> Result<(), RuleViolation> {
    if text.is_empty() {
        return Ok(());
    }
    let value: Value = serde_json::from_str(text).map_err(|_| problem(PayloadProblem::NotJson))?;
    let Value::Object(object) = value else {
        return Err(problem(PayloadProblem::NotObject));
    };
    if PRIVILEGE_KEYS.iter().any(|key| object.contains_key(*key)) {
        privilege(&object, charset)?;
    }
    Ok(())
}

/// Checks the privilege shape of a payload object.
pub(crate) fn privilege(
    object: &Map<String, Value>,
    charset: Charset,
) -> Result<(), RuleViolation> {
    match object.get("room_id") {
        None => {
            return Err(problem(PayloadProblem::Missing { field: "room_id" }));
        }
        Some(Value::String(room)) => {
            room_id_problem(room, charset).map_err(|p| problem(PayloadProblem::RoomId(p)))?;
        }
        Some(_) => {
            return Err(problem(PayloadProblem::WrongType {
                field: "room_id",
                expected: "a string",
            }));
        }
    }
    match object.get("privilege") {
        None => {
            return Err(problem(PayloadProblem::Missing { field: "privilege" }));
        }
        Some(Value::Object(bits)) => {
            if bits.is_empty() {
                return Err(problem(PayloadProblem::NoPrivilege));
            }
            for (key, value) in bits {
                let key = match key.as_str() {
                    "1" => 1,
                    "2" => 2,
                    _ => return Err(problem(PayloadProblem::UnknownPrivilegeKey)),
                };
                if !matches!(value.as_u64(), Some(0 | 1)) {
                    return Err(problem(PayloadProblem::PrivilegeValue { key }));
                }
            }
        }
        Some(_) => {
            return Err(problem(PayloadProblem::WrongType {
                field: "privilege",
                expected: "an object",
            }));
        }
    }
    match object.get("stream_id_list") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(streams)) => {
            if streams.is_empty() {
                return Err(problem(PayloadProblem::EmptyStreamList));
            }
            for (index, stream) in streams.iter().enumerate() {
                let Value::String(stream) = stream else {
                    return Err(problem(PayloadProblem::StreamNotString { index }));
                };
                stream_id_problem(stream)
                    .map_err(|p| problem(PayloadProblem::StreamId { index, problem: p }))?;
            }
            Ok(())
        }
        Some(_) => Err(problem(PayloadProblem::WrongType {
            field: "stream_id_list",
            expected: "null or an array of stream IDs",
        })),
    }
}
