/**
 * Valid seed messages for the fuzzer (RFC 3261 §7, §20): REGISTER, INVITE with SDP, MESSAGE, SUBSCRIBE,
 * ACK, CANCEL, BYE, OPTIONS and responses, split into start line, header fields and body so mutators
 * can work on the grammar. No request carries a valid credential: an Authorization is absent, garbage
 * or a digest answer computed with a wrong password — so the service must never accept one (no 2xx to
 * REGISTER, INVITE, MESSAGE or SUBSCRIBE).
 */
import type { Prng } from './prng.js';

export interface SipParts {
  startLine: string;
  headers: [string, string][];
  body: string;
  /** Content-Length as written; `undefined` = computed from the body. */
  contentLength?: string;
}

export interface CorpusContext {
  readonly domain: string;
  /** `VIA` transport token: WS, UDP, TCP. */
  readonly transport: string;
  /** Our Via sent-by. */
  readonly viaHost: string;
  /** Existing users (targets and claimed senders). */
  readonly users: readonly string[];
}

export const SEED_KINDS = [
  'REGISTER',
  'INVITE',
  'MESSAGE',
  'SUBSCRIBE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'response',
] as const;
export type SeedKind = (typeof SEED_KINDS)[number];

const SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0 8 101',
  'a=rtpmap:101 telephone-event/8000',
  '',
].join('\r\n');

function hex(rng: Prng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
  return s;
}

/** An Authorization value the service must refuse: none, garbage, or a wrong digest answer. */
function brokenAuth(rng: Prng, user: string, ctx: CorpusContext, uri: string): string | undefined {
  switch (rng.int(4)) {
    case 0:
      return undefined;
    case 1:
      return 'Digest ' + hex(rng, rng.int(40));
    default:
      return (
        `Digest username="${user}", realm="${ctx.domain}", nonce="${hex(rng, 32)}", uri="${uri}", ` +
        `response="${hex(rng, 32)}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${hex(rng, 8)}"`
      );
  }
}

/** A seed message of `kind`, unique by `n` (branch, Call-ID, tags). */
export function seedMessage(kind: SeedKind, n: number, ctx: CorpusContext, rng: Prng): SipParts {
  const from = rng.pick(ctx.users);
  const to = rng.pick(ctx.users);
  const branch = `z9hG4bKfz${n.toString(36)}`;
  const callId = `fz-${n.toString(36)}-${hex(rng, 6)}`;
  const via: [string, string] = ['Via', `SIP/2.0/${ctx.transport} ${ctx.viaHost};branch=${branch};rport`];
  const common = (method: string, cseq: number, toTag?: string): [string, string][] => [
    via,
    ['Max-Forwards', '70'],
    ['From', `"${from} fuzz" <sip:${from}@${ctx.domain}>;tag=${hex(rng, 8)}`],
    ['To', `<sip:${to}@${ctx.domain}>${toTag ? `;tag=${toTag}` : ''}`],
    ['Call-ID', callId],
    ['CSeq', `${cseq} ${method}`],
  ];
  const contact: [string, string] = [
    'Contact',
    `<sip:${from}@${ctx.viaHost};transport=${ctx.transport.toLowerCase()}>`,
  ];
  if (kind === 'response') {
    const status = rng.pick([100, 180, 183, 200, 202, 401, 486, 603]);
    const method = rng.pick(['INVITE', 'MESSAGE', 'BYE', 'NOTIFY']);
    return {
      startLine: `SIP/2.0 ${status} ${status === 200 ? 'OK' : 'Whatever'}`,
      headers: [
        ['Via', `SIP/2.0/${ctx.transport} ${ctx.domain};branch=z9hG4bK${hex(rng, 12)}`],
        ['From', `<sip:${from}@${ctx.domain}>;tag=${hex(rng, 8)}`],
        ['To', `<sip:${to}@${ctx.domain}>;tag=${hex(rng, 8)}`],
        ['Call-ID', callId],
        ['CSeq', `${1 + rng.int(100)} ${method}`],
        contact,
      ],
      body: '',
    };
  }
  const ruri = kind === 'REGISTER' ? `sip:${ctx.domain}` : `sip:${to}@${ctx.domain}`;
  const auth = brokenAuth(rng, from, ctx, ruri);
  const authName = kind === 'REGISTER' ? 'Authorization' : 'Proxy-Authorization';
  const headers = common(kind === 'CANCEL' || kind === 'ACK' ? kind : kind, 1 + rng.int(1000));
  let body = '';
  switch (kind) {
    case 'REGISTER':
      headers[3] = ['To', `<sip:${from}@${ctx.domain}>`];
      headers.push(contact, ['Expires', String(rng.pick([0, 60, 600, 3600]))]);
      break;
    case 'INVITE':
      headers.push(contact, ['Content-Type', 'application/sdp'], ['Supported', 'outbound, path']);
      body = SDP;
      break;
    case 'MESSAGE':
      headers.push(['Content-Type', 'text/plain;charset=utf-8'], ['Parley-Message-Id', hex(rng, 16)]);
      body = `hello ${n} ✓ "quoted" <b>`;
      break;
    case 'SUBSCRIBE':
      headers.push(
        contact,
        ['Event', rng.pick(['message-summary', 'presence', 'dialog'])],
        ['Expires', '600'],
      );
      break;
    case 'BYE':
      headers[3] = ['To', `<sip:${to}@${ctx.domain}>;tag=${hex(rng, 8)}`];
      break;
    default:
      break;
  }
  if (auth !== undefined) headers.push([authName, auth]);
  return { startLine: `${kind} ${ruri} SIP/2.0`, headers, body };
}

/** The message as bytes (Content-Length computed unless a mutator wrote it). */
export function serialize(parts: SipParts): Buffer {
  const body = Buffer.from(parts.body, 'utf8');
  const cl = parts.contentLength ?? String(body.length);
  const head = [parts.startLine, ...parts.headers.map(([n, v]) => `${n}: ${v}`)];
  if (cl !== 'omit') head.push(`Content-Length: ${cl}`);
  return Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'utf8'), body]);
}
