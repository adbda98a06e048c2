//! The committed verdicts of the Express Web SDK's `loginRoom`
//! (`tests/data/express_login_verdicts.json` in the workspace) through the
//! command line: every user ID, room ID, stream ID and kit user name the SDK
//! refuses, `issue` and `kit` refuse with exit status 1 and one typed line;
//! the plain ones mint.

use super::*;

fn verdicts() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/express_login_verdicts.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The entries of one list the SDK refuses, and its plain ones. An ID
/// holding NUL cannot be an argument at all (the library's tests take it).
fn split(verdicts: &Value, key: &str) -> (Vec<String>, Vec<String>) {
    let mut refused = Vec::new();
    let mut plain = Vec::new();
    for entry in verdicts[key].as_array().unwrap() {
        let id = entry["id"].as_str().unwrap();
        if id.contains('\0') {
            continue;
        }
        if entry["verdict"] == "refused" {
            refused.push(id.to_owned());
        } else if entry["group"] == "plain" {
            plain.push(id.to_owned());
        }
    }
    (refused, plain)
}

/// `issue` with `args`: a typed one-line refusal (status 1, nothing on
/// stdout), or a token.
fn issue(args: &[String]) -> Result<String, String> {
    let r = run(zego_with_secret()
        .args(["issue", "--app-id", "1"])
        .args(args));
    match r.code {
        0 => Ok(r.stdout),
        1 => {
            assert_eq!(r.stdout, "", "{args:?}");
            assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
            assert!(r.stderr.starts_with("error"), "{args:?}: {}", r.stderr);
            Err(r.stderr)
        }
        code => panic!("{args:?}: status {code}: {}", r.stderr),
    }
}

#[test]
fn issue_and_kit_refuse_what_the_express_web_sdk_refuses() {
    let verdicts = verdicts();
    let mut refused = Vec::new();

    let (users, plain_users) = split(&verdicts, "user_id");
    for user in &users {
        let line = issue(&[format!("--user-id={user}")]).unwrap_err();
        assert!(
            line.starts_with("error (code 3): user ID "),
            "{user:?}: {line}"
        );
    }
    refused.push(users.len());

    let (rooms, plain_rooms) = split(&verdicts, "room_id");
    for room in &rooms {
        let args = [
            "--user-id=u".to_owned(),
            format!("--room={room}"),
            "--login".into(),
        ];
        let line = issue(&args).unwrap_err();
        assert!(
            line.starts_with("error: privilege payload `room_id` "),
            "{room:?}: {line}"
        );
    }
    refused.push(rooms.len());

    let (streams, _) = split(&verdicts, "stream_id");
    for stream in &streams {
        let args = [
            "--user-id=u".to_owned(),
            "--room=r".into(),
            "--publish".into(),
            format!("--stream={stream}"),
        ];
        let line = issue(&args).unwrap_err();
        assert!(
            line.starts_with("error: privilege payload `stream_id_list` entry 0 "),
            "{stream:?}: {line}"
        );
    }
    refused.push(streams.len());

    let (names, plain_names) = split(&verdicts, "user_name");
    let token = ok(zego_with_secret().args(["issue", "--app-id", "1", "--user-id", "u"]));
    for name in &names {
        let r = run(zego_with_secret()
            .args(["kit", "--app-id", "1", "--room", "r", "--user-id", "u"])
            .arg(format!("--user-name={name}"))
            .arg(token.trim_end()));
        assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{name:?}");
        assert!(
            r.stderr.starts_with("error: kit user name "),
            "{name:?}: {}",
            r.stderr
        );
    }
    refused.push(names.len());
    // Every refusal of the file (66 user IDs, 66 room IDs, 63 stream IDs,
    // 3 user names) but the one ID of each list that holds NUL.
    assert_eq!(refused, [65, 65, 62, 3]);

    // The plain IDs real apps use mint, room tokens and kit tokens alike.
    for (user, room) in plain_users.iter().zip(plain_rooms.iter().cycle()) {
        let token = issue(&[
            format!("--user-id={user}"),
            format!("--room={room}"),
            "--login".into(),
        ])
        .unwrap();
        assert_eq!(verifier().verify(token.trim_end()).unwrap().user_id, *user);
    }
    for name in &plain_names {
        ok(zego_with_secret()
            .args(["kit", "--app-id", "1", "--room", "r", "--user-id", "u"])
            .arg(format!("--user-name={name}"))
            .arg(token.trim_end()));
    }
    assert!(plain_users.len() >= 5 && plain_names.len() >= 3);
}
