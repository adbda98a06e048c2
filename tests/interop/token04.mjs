// An independent token04 implementation on Node's own `crypto`, written from
// the format description alone (shares no code with the Rust crate):
//
//   "04" + base64( i64 expire | u16 iv_len | iv | u16 ct_len | ct [| 0x01] )
//
// CBC: AES-256-CBC, PKCS#7, 16-byte IV. GCM: AES-256-GCM, 12-byte nonce,
// tag appended to the ciphertext, trailing mode byte 0x01. Key: the secret's
// 32 bytes. All integers big-endian.
//
// Reads one JSON request per line on stdin, writes one JSON answer per line:
//   {"op":"decode","token":..,"secret":..}  -> {"mode":..,"plaintext":..,"claims":{..}} or {"error":..}
//   {"op":"mint","secret":..,"mode":"cbc"|"gcm","iv_hex":..|null,"keys":[..]?,"claims":{..}} -> {"token":..}
//
// `keys` lists the claims keys to write, in order (any subset): official
// generators differ in key order, and ZEGO's UIKit SDK writes no payload.
// Without it, the order ZEGO documents. `iv_hex` null draws random bytes.
import crypto from "node:crypto";
import readline from "node:readline";

function decode(token, secret) {
  if (!token.startsWith("04")) throw new Error("no 04 prefix");
  const buf = Buffer.from(token.slice(2), "base64");
  let off = 0;
  const expire = buf.readBigInt64BE(off); off += 8;
  const ivLen = buf.readUInt16BE(off); off += 2;
  const iv = buf.subarray(off, off + ivLen); off += ivLen;
  const ctLen = buf.readUInt16BE(off); off += 2;
  const ct = buf.subarray(off, off + ctLen); off += ctLen;
  const rest = buf.subarray(off);
  const key = Buffer.from(secret, "utf8");
  let plain, mode;
  if (ivLen === 16 && rest.length === 0) {
    mode = "cbc";
    const d = crypto.createDecipheriv("aes-256-cbc", key, iv);
    plain = Buffer.concat([d.update(ct), d.final()]);
  } else if (ivLen === 12 && rest.length === 1 && rest[0] === 1) {
    mode = "gcm";
    const d = crypto.createDecipheriv("aes-256-gcm", key, iv);
    d.setAuthTag(ct.subarray(ct.length - 16));
    plain = Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]);
  } else {
    throw new Error(`unknown envelope: iv_len ${ivLen}, ${rest.length} trailing bytes`);
  }
  const plaintext = plain.toString("utf8");
  const claims = JSON.parse(plaintext);
  if (BigInt(claims.expire) !== expire) throw new Error("header expiry differs from claims");
  return { mode, plaintext, claims };
}

const DOCUMENTED_ORDER = ["app_id", "user_id", "ctime", "expire", "nonce", "payload"];

function mint(secret, mode, ivHex, claims, keys = DOCUMENTED_ORDER) {
  const key = Buffer.from(secret, "utf8");
  const iv = ivHex ? Buffer.from(ivHex, "hex") : crypto.randomBytes(mode === "gcm" ? 12 : 16);
  // Keys in the order given (JS objects keep the insertion order of
  // non-numeric keys); JSON.stringify escapes like serde_json for the
  // characters these tests use.
  const body = {};
  for (const key of keys) body[key] = claims[key];
  const plain = Buffer.from(JSON.stringify(body), "utf8");
  let ct, trailer = Buffer.alloc(0);
  if (mode === "gcm") {
    const c = crypto.createCipheriv("aes-256-gcm", key, iv);
    ct = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    trailer = Buffer.from([1]);
  } else {
    const c = crypto.createCipheriv("aes-256-cbc", key, iv);
    ct = Buffer.concat([c.update(plain), c.final()]);
  }
  const head = Buffer.alloc(8 + 2);
  head.writeBigInt64BE(BigInt(claims.expire), 0);
  head.writeUInt16BE(iv.length, 8);
  const ctLen = Buffer.alloc(2);
  ctLen.writeUInt16BE(ct.length, 0);
  return "04" + Buffer.concat([head, iv, ctLen, ct, trailer]).toString("base64");
}

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  const req = JSON.parse(line);
  let answer;
  try {
    answer = req.op === "decode"
      ? decode(req.token, req.secret)
      : { token: mint(req.secret, req.mode, req.iv_hex, req.claims, req.keys ?? undefined) };
  } catch (e) {
    answer = { error: String(e.message || e) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
