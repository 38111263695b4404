/**
 * Grammar-aware mutations of a SIP message (RFC 3261 §25 ABNF): header fields, URIs, parameters,
 * quoted strings, Content-Length, start line, and finally raw bytes (encodings, stray CR/LF, NUL,
 * invalid UTF-8). A mutant is marked `malformed` when a mutation surely breaks the grammar of a request
 * — then the service must answer 400 (or 416/505/513, the statuses its parser suggests) or nothing.
 */
import type { Prng } from './prng.js';
import { serialize, type SipParts } from './sip-corpus.js';

export interface Mutant {
  readonly bytes: Buffer;
  /** Names of the mutations applied, for the report of a finding. */
  readonly mutations: string[];
  /** A request that no longer parses: only 400/416/505/513 or no answer is right. */
  readonly malformed: boolean;
}

export interface MutateOptions {
  /** Stream transport (TCP): Content-Length beyond the body would swallow the next message. */
  readonly stream: boolean;
}

type PartMutator = (p: SipParts, rng: Prng) => void;

const NASTY_URIS = [
  'sip:',
  'sip:@',
  'sip:a@',
  'sips:alice@parley.test:99999',
  'sip:alice@[::1',
  'sip:alice@[::1]:5060;transport=tcp',
  'tel:+15551234567',
  'sip:%00%ff@parley.test',
  'sip:al%ice@parley.test',
  'sip:a;;;=@b',
  'http://parley.test/',
  '<sip:alice@parley.test',
  'sip:alice@parley.test;lr;lr=;=x;maddr=',
  'sip:alice:secret@parley.test',
  'sip:alice@parley.test?subject=x&priority=urgent',
  'sip:alice@256.256.256.256',
  'sip:alice@parley.test:0',
  'sip:alice@parley.test:-1',
  'SIP:ALICE@PARLEY.TEST',
  'sip:' + 'x'.repeat(300) + '@parley.test',
  'sip:ålice@pärley.test',
  '*',
];
const NASTY_PARAMS = [
  ';',
  ';;',
  ';=',
  ';tag',
  ';tag=',
  ';branch=',
  ';branch=z9hG4bK',
  ';expires=-1',
  ';expires=99999999999999999999',
  ';q=2.5',
  ';rport=abc',
  ';received=not-an-ip',
  ';transport=',
  ';lr;lr;lr',
  ';x="unterminated',
  ';ob;+sip.instance="<urn:uuid:0>"',
  ';' + 'p'.repeat(200) + '=' + 'v'.repeat(200),
];
const NASTY_QUOTED = ['"', '"unterminated', '"esc\\"aped"', '"\\', '"ö ✓ 🎉"', '""', '"a\r\n b"', '"\\\\"'];
const COMPACT: Record<string, string> = {
  Via: 'v',
  From: 'f',
  To: 't',
  'Call-ID': 'i',
  Contact: 'm',
  'Content-Type': 'c',
  Subject: 's',
  Supported: 'k',
};
const MANDATORY = ['From', 'To', 'Call-ID', 'CSeq'];
const METHODS = [
  'REGISTER',
  'INVITE',
  'MESSAGE',
  'SUBSCRIBE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'NOTIFY',
  'FOO',
  'invite',
  '',
];

function headerIndex(p: SipParts, rng: Prng): number {
  return rng.int(p.headers.length);
}

function withHeader(p: SipParts, rng: Prng, f: (value: string) => string): void {
  if (p.headers.length === 0) return;
  const i = headerIndex(p, rng);
  const [n, v] = p.headers[i]!;
  p.headers[i] = [n, f(v)];
}

/** Mutations that keep the message parseable or not — no promise either way. */
const MUTATORS: Record<string, PartMutator> = {
  'header-duplicate': (p, rng) => {
    if (p.headers.length > 0) p.headers.splice(rng.int(p.headers.length), 0, p.headers[headerIndex(p, rng)]!);
  },
  'header-swap': (p, rng) => {
    const i = headerIndex(p, rng);
    const j = headerIndex(p, rng);
    [p.headers[i], p.headers[j]] = [p.headers[j]!, p.headers[i]!];
  },
  'header-case': (p, rng) => {
    const i = headerIndex(p, rng);
    const [n, v] = p.headers[i]!;
    p.headers[i] = [rng.chance(0.5) ? n.toUpperCase() : n.toLowerCase(), v];
  },
  'header-compact': (p, rng) => {
    const i = headerIndex(p, rng);
    const [n, v] = p.headers[i]!;
    p.headers[i] = [COMPACT[n] ?? n, v];
  },
  'header-fold': (p, rng) => withHeader(p, rng, (v) => v.replace(/;/, '\r\n\t;').replace(/ /, '\r\n  ')),
  'header-empty': (p, rng) => withHeader(p, rng, () => ''),
  'header-long': (p, rng) => withHeader(p, rng, (v) => v + 'A'.repeat(1 + rng.int(3000))),
  'header-unknown': (p, rng) =>
    p.headers.splice(rng.int(p.headers.length + 1), 0, [
      rng.pick([
        'X-Fuzz',
        'Route',
        'Record-Route',
        'Require',
        'Proxy-Require',
        'Path',
        'Expires',
        'Max-Forwards',
        'Event',
        'Subscription-State',
      ]),
      rng.pick(['', '0', '-1', '<sip:x>', 'outbound', 'sip:parley.test;lr', '4294967296', '🎉']),
    ]),
  'header-name-bad': (p, rng) => {
    const i = headerIndex(p, rng);
    const [n, v] = p.headers[i]!;
    p.headers[i] = [rng.pick([n + ' ', ' ' + n, n + '\t', n.replace(/-/, ' '), n + '(', '']), v];
  },
  'uri-replace': (p, rng) => {
    const uri = rng.pick(NASTY_URIS);
    if (rng.chance(0.4) && !p.startLine.startsWith('SIP/')) {
      const parts = p.startLine.split(' ');
      parts[1] = uri;
      p.startLine = parts.join(' ');
    } else withHeader(p, rng, (v) => v.replace(/sips?:[^>;,\s]*/i, uri));
  },
  'param-add': (p, rng) => withHeader(p, rng, (v) => v + rng.pick(NASTY_PARAMS)),
  'param-in-uri': (p, rng) => withHeader(p, rng, (v) => v.replace(/>/, rng.pick(NASTY_PARAMS) + '>')),
  'param-strip-tag-branch': (p, rng) => withHeader(p, rng, (v) => v.replace(/;(tag|branch)=[^;,\s]*/i, '')),
  'quoted-break': (p, rng) =>
    withHeader(p, rng, (v) =>
      v.includes('"') ? v.replace(/"[^"]*"/, rng.pick(NASTY_QUOTED)) : rng.pick(NASTY_QUOTED) + ' ' + v,
    ),
  'content-length-small': (p, rng) => {
    const len = Buffer.byteLength(p.body);
    p.contentLength = String(Math.max(0, len - 1 - rng.int(len + 1)));
  },
  'content-length-omit': (p) => {
    p.contentLength = 'omit';
  },
  'content-type-odd': (p, rng) =>
    p.headers.push([
      'Content-Type',
      rng.pick([
        '',
        'text/plain;charset=latin1',
        'application/sdp;;',
        'multipart/mixed;boundary=',
        'x/y;a="',
      ]),
    ]),
  'body-junk': (p, rng) => {
    p.body = rng.pick([
      '',
      p.body + p.body,
      'v=0\r\nm=audio x',
      '\u0000\u0001',
      'é'.repeat(1 + rng.int(500)),
      p.body.slice(0, rng.int(p.body.length + 1)),
    ]);
  },
  'start-method': (p, rng) => {
    if (p.startLine.startsWith('SIP/')) return;
    const parts = p.startLine.split(' ');
    parts[0] = rng.pick(METHODS);
    p.startLine = parts.join(' ');
  },
  'start-status': (p, rng) => {
    if (!p.startLine.startsWith('SIP/')) return;
    p.startLine = `SIP/2.0 ${rng.pick(['000', '99', '700', '2000', '200', '1xx', '-1', ''])} ${rng.pick(['OK', '', '✓'])}`;
  },
  'start-spaces': (p, rng) => {
    p.startLine = rng.pick([
      p.startLine.replace(/ /g, '  '),
      p.startLine.replace(/ /, '\t'),
      ' ' + p.startLine,
      p.startLine + ' ',
    ]);
  },
  'cseq-number': (p, rng) =>
    withCSeq(p, (n, m) => `${rng.pick(['0', '2147483647', '4294967296', '00001', n])} ${m}`),
};

/** Mutations that surely break a request's grammar (RFC 3261 §8.1.1, §7.1, §18.3). */
const BREAKERS: Record<string, (p: SipParts, rng: Prng, o: MutateOptions) => void> = {
  'drop-mandatory': (p, rng) => {
    const name = rng.pick(MANDATORY);
    p.headers = p.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase() && n !== COMPACT[name]);
  },
  'cseq-garbage': (p, rng) =>
    withCSeq(p, (_n, m) => `${rng.pick(['abc', '-1', '1.5', '99999999999', ''])} ${m}`),
  'cseq-method-mismatch': (p) => withCSeq(p, (n, m) => `${n} ${m === 'INVITE' ? 'BYE' : 'INVITE'}`),
  'version-garbage': (p, rng) => {
    p.startLine = p.startLine.replace(
      /SIP\/2\.0$/,
      rng.pick(['SIP/2.1', 'SIP/1.0', 'HTTP/1.1', 'SIP/2.0 extra', 'sip/20']),
    );
  },
  'content-length-large': (p, rng, o) => {
    const len = Buffer.byteLength(p.body);
    // On a stream a value far beyond any frame limit is refused at once; a slightly larger one waits for
    // bytes that would be the next message (the fuzzer then ends that connection, stream-fate.ts).
    const huge = o.stream && rng.chance(0.5);
    p.contentLength = huge ? String(10_000_000 + rng.int(1e9)) : String(len + 1 + rng.int(1000));
  },
  'content-length-garbage': (p, rng) => {
    p.contentLength = rng.pick(['abc', '-1', '1e3', '0x10', '']);
  },
};

function withCSeq(p: SipParts, f: (n: string, method: string) => string): void {
  const i = p.headers.findIndex(([n]) => n.toLowerCase() === 'cseq');
  if (i < 0) return;
  const [n, v] = p.headers[i]!;
  const [num = '', method = ''] = v.split(' ');
  p.headers[i] = [n, f(num, method)];
}

/** Byte-level damage after serialization. */
function mutateBytes(bytes: Buffer, rng: Prng): Buffer {
  const at = rng.int(bytes.length);
  const insert = (b: Buffer): Buffer => Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at)]);
  switch (rng.int(7)) {
    case 0: {
      const copy = Buffer.from(bytes);
      copy[at] = rng.int(256);
      return copy;
    }
    case 1:
      return insert(Buffer.from([0]));
    case 2:
      return insert(
        Buffer.from(rng.pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x8e, 0x89]])),
      );
    case 3:
      return insert(Buffer.from(rng.pick(['\r', '\n', '\r\n', '\r\n\r\n'])));
    case 4:
      return Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    case 5:
      return bytes.subarray(0, at);
    default:
      return Buffer.concat([Buffer.from('\r\n'), bytes]);
  }
}

const MUTATOR_NAMES = Object.keys(MUTATORS);
const BREAKER_NAMES = Object.keys(BREAKERS);

/**
 * One mutant of `seed` (not modified). One in five requests gets a single breaker and nothing else (so
 * `malformed` is exact); the rest 1–3 grammar mutations (mostly one, so many get past the parser), and one in seven then byte damage.
 */
export function mutate(seed: SipParts, rng: Prng, o: MutateOptions): Mutant {
  const p: SipParts = { ...seed, headers: seed.headers.map(([n, v]) => [n, v] as [string, string]) };
  const mutations: string[] = [];
  if (!p.startLine.startsWith('SIP/') && rng.chance(0.2)) {
    const name = rng.pick(BREAKER_NAMES);
    BREAKERS[name]!(p, rng, o);
    return { bytes: serialize(p), mutations: [name], malformed: true };
  }
  const roll = rng.next();
  const count = roll < 0.6 ? 1 : roll < 0.9 ? 2 : 3;
  for (let i = 0; i < count; i++) {
    const name = rng.pick(MUTATOR_NAMES);
    MUTATORS[name]!(p, rng);
    mutations.push(name);
  }
  let bytes = serialize(p);
  if (rng.chance(0.15)) {
    bytes = mutateBytes(bytes, rng);
    mutations.push('bytes');
  }
  return { bytes, mutations, malformed: false };
}
