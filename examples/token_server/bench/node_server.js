// The baseline for run.sh: the smallest Node.js token endpoint we would
// write by hand. Node's own `http` server, tokens minted with Node's
// `crypto` (token04, AES-256-CBC) as ZEGO's Node generator does, the same
// API-key check, query and JSON response as examples/token_server. No
// dependencies; one process, as `node server.js` runs it.
//
//   ZEGO_APP_ID=.. ZEGO_SERVER_SECRET=<32 chars> TOKEN_SERVER_API_KEY=.. node node_server.js PORT
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

const appId = Number(process.env.ZEGO_APP_ID);
const secret = Buffer.from(process.env.ZEGO_SERVER_SECRET || '', 'utf8');
const apiKey = Buffer.from(process.env.TOKEN_SERVER_API_KEY || '', 'utf8');
const port = Number(process.argv[2] || 8081);
const ttl = 3600;
if (!Number.isInteger(appId) || appId <= 0 || secret.length !== 32 || apiKey.length === 0) {
  console.error('set ZEGO_APP_ID, ZEGO_SERVER_SECRET (32 bytes) and TOKEN_SERVER_API_KEY');
  process.exit(1);
}

// "04" + base64(expire i64 | iv_len u16 | iv | ct_len u16 | AES-256-CBC(json)).
function token04(userId) {
  const ctime = Math.floor(Date.now() / 1000);
  const expire = ctime + ttl;
  const json = JSON.stringify({
    app_id: appId,
    user_id: userId,
    nonce: crypto.randomInt(-2147483648, 2147483647),
    ctime,
    expire,
    payload: '',
  });
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', secret, iv);
  const ct = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  const out = Buffer.alloc(8 + 2 + 16 + 2 + ct.length);
  out.writeBigInt64BE(BigInt(expire), 0);
  out.writeUInt16BE(16, 8);
  iv.copy(out, 10);
  out.writeUInt16BE(ct.length, 26);
  ct.copy(out, 28);
  return { token: '04' + out.toString('base64'), expire };
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function authorized(header) {
  const match = /^bearer +(.*)$/i.exec(header || '');
  if (!match) return false;
  const presented = Buffer.from(match[1], 'utf8');
  return presented.length === apiKey.length && crypto.timingSafeEqual(presented, apiKey);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/healthz') {
    res.end('ok\n');
    return;
  }
  if (url.pathname !== '/v1/token') {
    send(res, 404, { error: 'not found', code: null });
    return;
  }
  if (!authorized(req.headers.authorization)) {
    send(res, 401, { error: 'missing or wrong API key', code: null });
    return;
  }
  const userId = url.searchParams.get('user_id');
  if (!userId || userId.length > 64) {
    send(res, 400, { error: 'invalid user ID', code: 3 });
    return;
  }
  const { token, expire } = token04(userId);
  send(res, 200, { token, expire_at: expire, app_id: appId });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
