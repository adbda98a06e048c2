#!/usr/bin/env python3
"""Writes the fuzz seed corpus (seeds/<target>/) from the known-answer
vectors in tests/data/ (copies of ../shared/vectors), in the input format
each target in targets.rs expects. libFuzzer grows a working corpus from
these; the repository keeps, in corpus/<target>/, the seeds plus a
coverage-minimal subset of what fuzzing found, and CI replays it:

    python3 zego-token/fuzz/seed.py
    cd zego-token
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O -s none decode /tmp/work fuzz/seeds/decode -- -runs=10000000
    fuzz/target/x86_64-unknown-linux-gnu/release/decode -set_cover_merge=1 -use_counters=0 \
        /tmp/min /tmp/work fuzz/seeds/decode
    cp /tmp/min/* fuzz/seeds/decode/* fuzz/corpus/decode/
"""
import base64
import hashlib
import json
import pathlib
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent.parent / "tests" / "data"


def write(target, data: bytes):
    out = HERE / "seeds" / target
    out.mkdir(parents=True, exist_ok=True)
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def kit_token(token, app_id, room_id, user_id, user_name):
    # UIKit: token + "#" + btoa(JSON.stringify({userID, roomID, userName: encodeURIComponent(userName), appID}))
    data = {
        "userID": user_id,
        "roomID": room_id,
        "userName": urllib.parse.quote(user_name, safe="-_.!~*'()"),
        "appID": app_id,
    }
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return token + "#" + base64.b64encode(text.encode("latin-1")).decode()


vectors = json.loads((DATA / "token04.json").read_text())["vectors"]
official = json.loads((DATA / "official_tokens.json").read_text())["tokens"]
real_world = json.loads((DATA / "real_world.json").read_text())
tokens = [v["token"] for v in vectors] + [t["token"] for t in official] + [real_world["token"]]

for token in tokens:
    write("decode", token.encode())
    write("decode", b"\x01" + base64.b64decode(token[2:]))
    write("inspect", token.encode())
for v in vectors:
    selector = b"\x02" if v["mode"] == "cbc" else b"\x03"
    write("decode", selector + v["expire"].to_bytes(8, "big", signed=True) + v["plaintext"].encode())
    mode = b"\x00" if v["mode"] == "cbc" else b"\x01"
    write("issue", mode + v["user_id"].encode() + b"\x00" + v["payload"].encode())
for i, v in enumerate(vectors):
    write("kit_parse", kit_token(v["token"], v["app_id"], f"room{i}", v["user_id"][:8] or "u", "Zoë Li & co/é").encode())
write("kit_parse", kit_token(vectors[0]["token"], 1, "café", "u1", "").encode())

# Tokens real clients minted (UIKit SDK kit tokens, Java and UIKit claims
# layouts), and their plaintexts under the fuzz secret, so the general claims
# path starts from every layout; plus its edge cases.
uikit = json.loads((DATA / "uikit_prebuilt.json").read_text())["tokens"]
layouts = json.loads((DATA / "node_layouts.json").read_text())["tokens"]
for t in uikit:
    write("kit_parse", t["kit_token"].encode())
    write("inspect", t["kit_token"].split("#")[0].encode())
for t in uikit + layouts:
    write("decode", b"\x02" + t["expire"].to_bytes(8, "big", signed=True) + t["plaintext"].encode())
for t in layouts:
    write("decode", t["token"].encode())
for plaintext in [
    '{"nonce":-1,"expire":3,"ctime":2,"user_id":"u","app_id":1,"zego_new_field":{"a":[1,"x"]}}',
    '{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"user_id":"v"}',
    '{"app_id":1,"ctime":2,"expire":3,"nonce":4,"payload":""}',
    '{"app_id":1,"user_id":7,"ctime":2,"expire":3,"nonce":4}',
]:
    write("decode", b"\x02" + (3).to_bytes(8, "big", signed=True) + plaintext.encode())

# config: every TOML file the repository ships (valid and deliberately broken).
ROOT = HERE.parent.parent
for toml in sorted([*ROOT.glob("tests/data/*.toml"), *ROOT.glob("tests/ui/config/*.toml"), *ROOT.glob("examples/**/*.toml")]):
    write("config", toml.read_bytes())
write("config", b"app_id = 1\n")
