// Asks ZEGO's own web SDKs which IDs, names and tokens they refuse before
// any network call, so our rules can be checked against them.
//
//   ZEGO_SDK_DIR=/path/to/scratch node tests/interop/zego_clients.mjs express > tests/data/express_login_verdicts.json
//   ZEGO_SDK_DIR=/path/to/scratch node tests/interop/zego_clients.mjs zim     > tests/data/zim_verdicts.json
//
// ZEGO_SDK_DIR is a scratch directory OUTSIDE this repository where
//   npm install zego-express-engine-webrtc@3.12.0 zego-zim-web@2.29.0 jsdom@29.1.1 fake-indexeddb@6.2.8
// was run. Nothing of the SDKs is in the repository; this script only
// loads them from there. tests/data/README.md says how the committed
// verdicts were made.
//
// Nothing reaches the network: every socket, TLS connection, DNS lookup,
// WebSocket, XMLHttpRequest, fetch and beacon is replaced by a stub that
// records the attempt and never connects. An ID the SDK accepts is one for
// which it went on to open its (stubbed) connection; one it refuses is
// refused before that, with the SDK's error code.
import { createRequire } from "node:module";
import crypto from "node:crypto";
import dns from "node:dns";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import tls from "node:tls";

// ---------------------------------------------------------------- lockdown
const attempts = [];
function blocked(kind, target) {
  attempts.push({ kind, target: String(target ?? "") });
  throw new Error(`network blocked (${kind})`);
}
net.Socket.prototype.connect = function (options) { blocked("net", options?.host ?? options); };
net.connect = net.createConnection = (options) => blocked("net", options?.host ?? options);
tls.connect = (options) => blocked("tls", options?.host ?? options);
dns.lookup = (host) => blocked("dns", host);
dns.promises.lookup = async (host) => blocked("dns", host);

const mode = process.argv[2];
if (mode !== "express" && mode !== "zim") {
  process.stderr.write("usage: ZEGO_SDK_DIR=<dir> node zego_clients.mjs express|zim\n");
  process.exit(2);
}
const sdkDir = process.env.ZEGO_SDK_DIR;
if (!sdkDir) {
  process.stderr.write("ZEGO_SDK_DIR is not set: point it at a scratch directory holding the SDKs (see the header of this file)\n");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(sdkDir), "package.json"));
function version(pkg) {
  return JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version;
}

// SDK logs go nowhere: stdout carries only the verdicts.
const quiet = () => {};
for (const level of ["log", "info", "warn", "error", "debug", "trace"]) console[level] = quiet;

// fake-indexeddb installs itself on `window` when there is one, so before jsdom.
require("fake-indexeddb/auto");
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>", {
  url: "https://localhost/",
  pretendToBeVisual: true,
});
const win = dom.window;

// An object every property and call of which is another such object: enough
// for the audio and canvas code the SDKs run at start-up.
function inert() {
  const f = function () {};
  return new Proxy(f, {
    get: (target, key) => (key === "then" ? undefined : key in target ? target[key] : inert()),
    apply: () => inert(),
    construct: () => inert(),
  });
}
class FakeWebSocket {
  constructor(url) {
    attempts.push({ kind: "websocket", target: String(url) });
    this.url = String(url);
    this.readyState = 0; // CONNECTING, forever
  }
  send() {}
  close() {}
  addEventListener() {}
  removeEventListener() {}
}
Object.assign(FakeWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
class FakeXMLHttpRequest {
  open(method, url) { attempts.push({ kind: "xhr", target: String(url) }); }
  send() {}
  setRequestHeader() {}
  abort() {}
  addEventListener() {}
  removeEventListener() {}
}
class FakeAudioContext {
  constructor() {
    this.state = "running";
    this.sampleRate = 48000;
    this.currentTime = 0;
    this.destination = inert();
  }
  addEventListener() {}
  removeEventListener() {}
  resume() { return Promise.resolve(); }
  suspend() { return Promise.resolve(); }
  close() { return Promise.resolve(); }
}
for (const method of ["createGain", "createMediaStreamSource", "createMediaStreamDestination", "createAnalyser",
  "createScriptProcessor", "createBufferSource", "createBuffer", "createOscillator", "createDynamicsCompressor",
  "createBiquadFilter", "createChannelMerger", "createChannelSplitter", "createMediaElementSource", "decodeAudioData"]) {
  FakeAudioContext.prototype[method] = () => inert();
}
class FakeMediaStream {
  constructor() { this.id = "stream"; }
  getTracks() { return []; }
  getAudioTracks() { return []; }
  getVideoTracks() { return []; }
  addEventListener() {}
  removeEventListener() {}
}
const canvas = inert();
win.HTMLCanvasElement.prototype.getContext = () => canvas;
win.HTMLCanvasElement.prototype.toDataURL = () => "data:image/png;base64,AAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const stubs = {
  WebSocket: FakeWebSocket,
  XMLHttpRequest: FakeXMLHttpRequest,
  AudioContext: FakeAudioContext,
  webkitAudioContext: FakeAudioContext,
  MediaStream: FakeMediaStream,
  fetch: async (url) => { attempts.push({ kind: "fetch", target: String(url) }); throw new TypeError("network blocked"); },
};
for (const key of ["indexedDB", "IDBKeyRange", "IDBCursor", "IDBCursorWithValue", "IDBDatabase", "IDBFactory",
  "IDBIndex", "IDBObjectStore", "IDBOpenDBRequest", "IDBRequest", "IDBTransaction", "IDBVersionChangeEvent"]) {
  stubs[key] = globalThis[key];
}
Object.assign(win, stubs);
win.navigator.sendBeacon = (url) => { attempts.push({ kind: "beacon", target: String(url) }); return false; };
for (const key of Object.getOwnPropertyNames(win)) {
  if (!(key in globalThis)) {
    try { globalThis[key] = win[key]; } catch { /* read-only in Node */ }
  }
}
Object.assign(globalThis, stubs, { window: win, document: win.document, self: win });
Object.defineProperty(globalThis, "navigator", { value: win.navigator, configurable: true });

const realNow = Date.now;
const realSetTimeout = globalThis.setTimeout;
const tick = () => new Promise((resolve) => setImmediate(resolve));

// ------------------------------------------------------------------ tokens
// A real token04 (AES-256-CBC) with the given expiry, under a throwaway
// secret: the SDKs read only its envelope.
const SECRET = "0123456789abcdef0123456789abcdef";
function token04(expire, userId = "alice") {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv("aes-256-cbc", Buffer.from(SECRET), iv);
  const claims = { app_id: 1, user_id: userId, ctime: 0, expire, nonce: 1, payload: "" };
  const ct = Buffer.concat([cipher.update(JSON.stringify(claims)), cipher.final()]);
  const head = Buffer.alloc(10);
  head.writeBigInt64BE(BigInt(expire), 0);
  head.writeUInt16BE(16, 8);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(ct.length, 0);
  return "04" + Buffer.concat([head, iv, len, ct]).toString("base64");
}
const nowSeconds = () => Math.floor(realNow() / 1000);

// -------------------------------------------------------------- candidates
// Every printable ASCII character first, inside and last; lengths around
// every limit ZEGO documents; non-ASCII letters, spaces, invisible and
// control characters; plain IDs real apps use.
function idCandidates(lengths) {
  const out = [];
  const add = (id, group) => out.push({ id, group });
  for (const id of ["alice", "user_42", "Alice-Bob", "u", "1234567890", "a.b@example.com",
    "550e8400-e29b-41d4-a716-446655440000"]) add(id, "plain");
  for (let code = 0x20; code <= 0x7e; code++) {
    const c = String.fromCharCode(code);
    add(`${c}id`, "ascii-first");
    add(`i${c}d`, "ascii-inside");
    add(`id${c}`, "ascii-last");
  }
  for (const n of lengths) add("a".repeat(n), "length");
  for (const id of ["Zoë", "用户1", "Ωmega", "naïve", "straße", "Иван", "علي", "ａｂｃ", "홍길동", "🎉party",
    "e\u0301", "\u2019quote", "é".repeat(32), "é".repeat(64), "🎉".repeat(16)]) add(id, "non-ascii");
  for (const id of [" alice", "alice ", "al ice", "a\u00a0b", "a\u3000b", "a\u200bb", "\ufeffabc", "a\u2028b",
    "a\u202eb"]) add(id, "space-or-invisible");
  for (const id of ["\talice", "alice\n", "a\rb", "\u0000a", "a\u001b[31m", "a\u007f", "a\u0085b"]) add(id, "control");
  add("", "empty");
  return out;
}
function nameCandidates() {
  const out = [];
  const add = (id, group) => out.push({ id, group });
  for (const id of ["Alice", "Zoë Li", "用户", "A b&c/é~*'()!", "🎉"]) add(id, "plain");
  for (const n of [255, 256, 257]) add("a".repeat(n), "length");
  for (const n of [127, 128, 129]) add("é".repeat(n), "length-2-byte");
  for (const n of [85, 86, 256, 257]) add("用".repeat(n), "length-3-byte");
  for (const n of [64, 128, 129]) add("🎉".repeat(n), "length-4-byte");
  for (const id of ["a\nb", "\u0000a", "a\u001bb"]) add(id, "control");
  add("", "empty");
  return out;
}

// ----------------------------------------------------------------- express
async function express() {
  const { ZegoExpressEngine } = require("zego-express-engine-webrtc");
  const zg = new ZegoExpressEngine(1234567890, "wss://127.0.0.1:9/ws");
  const token = token04(nowSeconds() + 3600);

  // loginRoom runs its checks synchronously and rejects at once on a
  // refusal; an accepted call goes on to the (stubbed) network and stays
  // pending. One event-loop turn separates the two.
  async function login(roomID, userID, userName) {
    const promise = zg.loginRoom(roomID, token, { userID, userName }, { userUpdate: false });
    let outcome = { verdict: "accepted" };
    promise.then(() => {}, (e) => { outcome = { verdict: "refused", code: e.code, message: e.msg ?? e.message }; });
    await tick();
    await tick();
    if (outcome.verdict === "accepted") {
      try { await zg.logoutRoom(roomID); } catch { /* ignored */ }
      await tick();
    }
    return outcome;
  }
  const result = (id, group, outcome) => ({ id, group, ...outcome });

  const userIds = [];
  for (const { id, group } of idCandidates([31, 32, 33, 63, 64, 65, 127, 128, 129])) {
    userIds.push(result(id, group, await login("room1", id, "name")));
  }
  const roomIds = [];
  for (const { id, group } of idCandidates([31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257])) {
    roomIds.push(result(id, group, await login(id, "alice", "name")));
  }
  const userNames = [];
  for (const { id, group } of nameCandidates()) {
    userNames.push(result(id, group, await login("room1", "alice", id)));
  }

  // startPublishingStream checks the stream ID before anything else; without
  // a login it then fails on the stream it was given. Every refusal carries
  // 1000002 (not logged in) as its code, so the verdict is read from the
  // check the SDK names in extendedData.
  const streamChecks = new Map([
    ["stream id required", 1000015],
    ["stream id type wrong", 1000015],
    ["stream id length limit", 1000014],
    ["stream ID contains illegal characters", 1000016],
  ]);
  const streamIds = [];
  for (const { id, group } of idCandidates([255, 256, 257])) {
    let message;
    try {
      zg.startPublishingStream(id, new FakeMediaStream());
      message = "";
    } catch (e) {
      message = e?.extendedData ?? String(e);
    }
    const code = streamChecks.get(message);
    streamIds.push(code === undefined
      ? result(id, group, { verdict: "accepted", next_check: message })
      : result(id, group, { verdict: "refused", code, message }));
  }
  return {
    sdk: `zego-express-engine-webrtc@${version("zego-express-engine-webrtc")}`,
    user_id: userIds,
    room_id: roomIds,
    user_name: userNames,
    stream_id: streamIds,
  };
}

// --------------------------------------------------------------------- zim
async function zim() {
  // The SDK's token pre-check is a module-private function; expose it by
  // evaluating the bundle with one added statement after its definition.
  const file = require.resolve("zego-zim-web");
  let source = fs.readFileSync(file, "utf8");
  const check = source.match(
    /function (\w+)\(e,t\)\{if\(!e\|\|"string"!=typeof e\|\|e\.length<31\)return\[6000103\];[^]*?catch\(e\)\{return\[6000103\]\}\}/,
  );
  if (!check) throw new Error("token pre-check not found in zego-zim-web: another version?");
  source = source.replace(check[0], `${check[0]}globalThis.__zimTokenCheck=${check[1]};`);
  const module = { exports: {} };
  new Function("module", "exports", "require", source)(module, module.exports, require);
  const { ZIM } = module.exports;
  const tokenCheck = globalThis.__zimTokenCheck;
  const withClock = (seconds, f) => {
    Date.now = () => seconds * 1000;
    try { return f(); } finally { Date.now = realNow; }
  };

  let instance = ZIM.create({ appID: 1234567890 });
  const fresh = () => {
    try { instance.destroy(); } catch { /* ignored */ }
    instance = ZIM.create({ appID: 1234567890 });
  };
  async function login(userID, token) {
    const promise = instance.login(userID, { token, userName: "", isOfflineLogin: false });
    let outcome = { verdict: "accepted" };
    promise.then(() => {}, (e) => { outcome = { verdict: "refused", code: e.code, message: e.message }; });
    await tick();
    await tick();
    fresh();
    return outcome;
  }

  // 1. The token pre-check at a fixed clock: what login computes from the
  //    token's expiry (the first 8 bytes after "04", read as a signed 32-bit
  //    number).
  const T = 1_700_000_000;
  const ROLLOVER = 2 ** 31;
  const tokenChecks = [];
  const probe = (now, expire, note) => {
    const [code, read] = withClock(now, () => tokenCheck(token04(expire), 0));
    tokenChecks.push({ now, expire, lifetime: expire - now, code, expire_as_read: read ?? null, note });
  };
  for (const lifetime of [-1, 0, 1, 29, 30, 31, 60, 3600, 86400, 2073599, 2073600, 2073601, 2592000, 432000000]) {
    probe(T, T + lifetime, "lifetime");
  }
  for (const expire of [ROLLOVER - 1, ROLLOVER, ROLLOVER + 3600, 2 ** 32 + T + 3600]) {
    probe(expire === 2 ** 32 + T + 3600 ? T : ROLLOVER - 864000, expire, "32-bit boundary");
  }

  // 2. login with malformed tokens: which it refuses before the network.
  const valid = token04(nowSeconds() + 3600);
  const loginTokens = [];
  for (const [kind, token] of [
    ["valid, 1 hour", valid],
    ["empty", ""],
    ["shorter than 31 characters", "04abc"],
    ["version 03", "03" + valid.slice(2)],
    ["not base64 after 04", "04" + "!".repeat(40)],
    ["expired an hour ago", token04(nowSeconds() - 3600)],
    ["expiry 2^31", token04(ROLLOVER)],
    ["lifetime 30 days", token04(nowSeconds() + 2592000)],
    ["lifetime 10 seconds", token04(nowSeconds() + 10)],
  ]) {
    loginTokens.push({ kind, ...(await login("alice", token)) });
  }

  // 3. User IDs: login with a valid token.
  const userIds = [];
  for (const { id, group } of idCandidates([31, 32, 33, 63, 64, 65, 1024, 1025])) {
    userIds.push({ id, group, ...(await login(id, valid)) });
  }

  // 4. After an (offline) login, the timers the SDK arms from the expiry:
  //    tokenWillExpire, and closing the connection (event 5, TokenExpired).
  //    Timers are recorded, then run at once; the clock is fixed. The
//    events are sorted, as they fire in one turn in no set order.
  async function timers(now, expire) {
    const delays = [];
    const events = [];
    Date.now = () => now * 1000;
    globalThis.setTimeout = win.setTimeout = (f, ms, ...args) => {
      if (ms > 1000 || ms < 0) delays.push(ms);
      return realSetTimeout(f, 0, ...args);
    };
    instance.on("connectionStateChanged", (_z, d) => events.push({ state: d.state, event: d.event }));
    instance.on("tokenWillExpire", (_z, d) => events.push({ token_will_expire_in: d.second }));
    const promise = instance.login("alice", { token: token04(expire), userName: "", isOfflineLogin: true });
    promise.then(() => {}, (e) => events.push({ rejected: e.code }));
    await new Promise((resolve) => realSetTimeout(resolve, 100));
    globalThis.setTimeout = win.setTimeout = realSetTimeout;
    Date.now = realNow;
    fresh();
    // Sorted: the timers all fire in one turn, in no set order.
    const sorted = events.map((e) => JSON.stringify(e)).sort().map((e) => JSON.parse(e));
    return { now, expire, lifetime: expire - now, timer_delays_ms: delays, events: sorted };
  }
  const expiryTimers = [
    await timers(T, T + 3600),
    await timers(T, T + 2073600),
    await timers(T, T + 2592000),
    await timers(ROLLOVER - 864000, ROLLOVER),
  ];
  return {
    sdk: `zego-zim-web@${version("zego-zim-web")}`,
    token_check: tokenChecks,
    login_token: loginTokens,
    user_id: userIds,
    expiry_timers: expiryTimers,
  };
}

const verdicts = mode === "express" ? await express() : await zim();
const leaked = attempts.filter((a) => a.kind !== "websocket" && a.kind !== "xhr" && a.kind !== "fetch" && a.kind !== "beacon");
const output = {
  made_by: "tests/interop/zego_clients.mjs " + mode,
  node: process.version,
  jsdom: version("jsdom"),
  ...verdicts,
  // Every connection the SDK tried, by kind; all were stubs.
  network_attempts_stubbed: attempts.length,
  network_attempts_below_the_stubs: leaked.length,
};
// One entry a line, so a diff of two runs shows the verdicts that changed.
const lines = Object.entries(output).map(([key, value]) => Array.isArray(value)
  ? `  ${JSON.stringify(key)}: [\n${value.map((v) => "    " + JSON.stringify(v)).join(",\n")}\n  ]`
  : `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
// Exit once written: a pipe is written asynchronously, and the SDKs leave
// timers running.
process.stdout.write(`{\n${lines.join(",\n")}\n}\n`, () => process.exit(0));
