// Regenerates the JCS test vectors in this folder from an ECMAScript engine (Node.js), an oracle
// independent of the Java code under test:
//   node generate-vectors.js
// numbers.txt:     "<IEEE-754 bits as 16 hex digits> <String(x)>" per line.
// documents.jsonl: one JSON array per line, [input text, canonical text]; the canonical text comes
//                  from String(Number) for numbers, JSON.stringify for strings, and keys sorted by
//                  Array.prototype.sort (UTF-16 code units), as RFC 8785 defines JCS.
// Deterministic: a fixed-seed PRNG drives everything.
'use strict';
const fs = require('fs');
const path = require('path');

let seed = 0x9e3779b97f4a7c15n;
function next64() { // xorshift64*
  seed ^= seed >> 12n; seed ^= (seed << 25n) & 0xffffffffffffffffn; seed ^= seed >> 27n;
  return (seed * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
function rnd(n) { return Number(next64() % BigInt(n)); }
function pick(a) { return a[rnd(a.length)]; }

const view = new DataView(new ArrayBuffer(8));
function fromBits(b) { view.setBigUint64(0, b); return view.getFloat64(0); }
function toBits(x) { view.setFloat64(0, x); return view.getBigUint64(0); }
function hex(b) { return b.toString(16).padStart(16, '0'); }

// ---- numbers
const numbers = new Map();
function addNumber(x) { if (Number.isFinite(x)) numbers.set(hex(toBits(x)), String(x)); }
for (let i = 0; i < 2500; i++) addNumber(fromBits(next64()));             // any bit pattern
for (let k = 1n; k <= 400n; k++) { addNumber(fromBits(k)); addNumber(-fromBits(k)); } // tiny subnormals
for (let i = 0; i < 300; i++) addNumber(fromBits(next64() & 0x000fffffffffffffn));   // subnormals
for (let i = 0; i < 300; i++) addNumber(fromBits(BigInt(rnd(2000) + 1) << BigInt(rnd(40)))); // few bits
for (let e = -330; e <= 310; e++) {                                       // around powers of ten
  const p = Number('1e' + e);
  if (!Number.isFinite(p) || p === 0) continue;
  const b = toBits(p);
  for (let d = -2n; d <= 2n; d++) if (b + d > 0n && b + d < 0x7ff0000000000000n) addNumber(fromBits(b + d));
  for (let m = 1; m <= 9; m++) addNumber(Number(m + 'e' + e));
}
for (let i = 0; i < 600; i++) {                                           // short decimals
  const digits = String(rnd(10 ** (1 + rnd(9))));
  addNumber(Number((rnd(2) ? '-' : '') + digits + 'e' + (rnd(60) - 30)));
}
for (let i = 0; i < 200; i++) addNumber(2 ** 53 + (rnd(2000) - 1000) * 2 ** rnd(12));  // near 2^53
for (const x of [0, -0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, Math.PI, Math.E, 1e21, 1e-7, 1e-6, 9.5, 0.5,
    Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308,
    Number.MAX_SAFE_INTEGER, 2 ** 63, 2 ** 64, 123e-20, 5e-324, 1e23]) addNumber(x);
fs.writeFileSync(path.join(__dirname, 'numbers.txt'),
    [...numbers].map(([b, s]) => b + ' ' + s).join('\n') + '\n');

// ---- documents
function randomChar() {
  switch (rnd(10)) {
    case 0: return String.fromCharCode(rnd(0x20));                        // control
    case 1: return pick(['"', '\\', '/', '\u007f', '\u2028', '\u2029', '<', '>', '&', "'"]);
    case 2: return String.fromCharCode(0x80 + rnd(0x780));                 // 2-byte UTF-8
    case 3: { let c; do c = 0x800 + rnd(0xf800); while (c >= 0xd800 && c < 0xe000); return String.fromCharCode(c); }
    case 4: return String.fromCodePoint(0x10000 + rnd(0x100000));           // supplementary
    case 5: return pick(['\u20ac', '\ufb33', '\ud83d\ude00', '\u00f6', '\u0080', '\uffff', '\ue000']);
    default: return String.fromCharCode(0x20 + rnd(0x5f));                  // printable ASCII
  }
}
function randomString(max) { let s = ''; const n = rnd(max + 1); for (let i = 0; i < n; i++) s += randomChar(); return s; }
function randomNumberText() {
  const x = pick([() => fromBits(next64()), () => rnd(1000), () => -rnd(1e9), () => rnd(1e9) / 1e9,
    () => Number(rnd(100000) + 'e' + (rnd(50) - 25)), () => fromBits(BigInt(rnd(5000) + 1))])();
  if (!Number.isFinite(x)) return '0';
  switch (rnd(6)) {
    case 0: return x.toExponential().replace('e', pick(['e', 'E']));
    case 1: return Number.isInteger(x) && Math.abs(x) < 1e300 ? BigInt(x).toString() : String(x).replace('+', '');
    case 2: return String(x).includes('.') && !String(x).includes('e') ? String(x) + '000' : String(x).replace('e+', 'e');
    case 3: return rnd(2) ? '-0' : '-0.0e5';
    case 4: return pick(['1E300', '-1e-400', '4.50', '2e-3', '0.000000000000000000000000001', '1E30',
        '333333333.33333329', '123456789012345678901234567890', '9007199254740993', '1e+021', '0.0000001']);
    default: return String(x);
  }
}
function encodeString(s) { // valid JSON text for s, with arbitrary (legal) escaping choices
  const u = (c) => '\\u' + c.toString(16).padStart(4, '0')[rnd(2) ? 'toUpperCase' : 'toLowerCase']();
  let out = '"';
  for (const ch of s) { // code points: a surrogate pair is escaped whole or not at all
    const c = ch.codePointAt(0);
    if (c > 0xffff) out += rnd(4) ? ch : u(ch.charCodeAt(0)) + u(ch.charCodeAt(1));
    else if (c === 0x22) out += rnd(3) ? '\\"' : u(c);
    else if (c === 0x5c) out += rnd(3) ? '\\\\' : u(c);
    else if (c < 0x20) out += rnd(2) ? JSON.stringify(ch).slice(1, -1) : u(c);
    else if (c === 0x2f) out += pick(['/', '\\/', u(c)]);
    else out += rnd(6) ? ch : u(c);
  }
  return out + '"';
}
const WS = [' ', '\t', '\n', '\r', '  ', '\n    '];
function ws() { return rnd(3) ? '' : pick(WS); }
function randomValue(depth) {
  const kind = depth > 4 ? rnd(4) : rnd(6);
  switch (kind) {
    case 0: return { text: pick(['true', 'false', 'null']), canon: null };
    case 1: { const t = randomNumberText(); return { text: t, canon: String(Number(t)) }; }
    case 2: { const s = randomString(12); return { text: encodeString(s), canon: JSON.stringify(s) }; }
    case 3: return { text: pick(['true', 'false', 'null']), canon: null };
    case 4: {
      const items = []; const n = rnd(5);
      for (let i = 0; i < n; i++) items.push(randomValue(depth + 1));
      return { text: '[' + ws() + items.map(v => v.text).join(ws() + ',' + ws()) + ws() + ']',
               canon: '[' + items.map(v => v.canon ?? v.text).join(',') + ']' };
    }
    default: {
      const members = new Map(); const n = rnd(6);
      for (let i = 0; i < n; i++) members.set(rnd(4) ? randomString(6) : pick(['a', 'b', '1', '10', '2', '\ud83d\ude00', '\ufb33', '']), randomValue(depth + 1));
      const entries = [...members];
      const keys = entries.map(([k]) => k).sort();
      return {
        text: '{' + ws() + entries.map(([k, v]) => encodeString(k) + ws() + ':' + ws() + v.text).join(ws() + ',' + ws()) + ws() + '}',
        canon: '{' + keys.map(k => JSON.stringify(k) + ':' + (members.get(k).canon ?? members.get(k).text)).join(',') + '}',
      };
    }
  }
}
const docs = [];
for (let i = 0; i < 400; i++) {
  const v = randomValue(rnd(3) ? 0 : 3);
  docs.push(JSON.stringify([ws() + v.text + ws(), v.canon ?? v.text]));
}
fs.writeFileSync(path.join(__dirname, 'documents.jsonl'), docs.join('\n') + '\n');
