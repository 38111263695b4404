/**
 * The generator's user agents, written as raw SIP (RFC 3261): each user runs one operation at a time in a
 * closed loop, many users share one flow, so many requests are in flight per connection or socket.
 *
 * - `register`: REGISTER with Authorization (cached nonce, growing nc) → 200; a 401 is answered once.
 * - `call`: INVITE (Proxy-Authorization) → 100/180/200 → ACK → BYE → 200, along the Record-Route set,
 *   to a callee held by this same generator, which answers 180 + 200 at once and 200 to the BYE.
 * - `message`: MESSAGE (RFC 3428) → 200/202 from the callee (or the service's store).
 *
 * Requests arriving for a user (INVITE, ACK, BYE, MESSAGE, ...) are answered statelessly by `answerRequest`;
 * responses are matched to the waiting operation by Call-ID and CSeq method.
 */
import type { DigestClient } from './digest-client.js';
import type { Flow } from './flows.js';
import {
  addrUri,
  all,
  build,
  cseqMethod,
  first,
  parseWire,
  respond,
  STUB_SDP,
  unique,
  type WireMessage,
} from './sip-wire.js';

export type Mode = 'register' | 'call' | 'message';

export interface LoadUser {
  readonly name: string;
  readonly password: string;
  readonly flow: Flow;
  readonly digest: DigestClient;
  /** One Call-ID per registering UA, CSeq growing (RFC 3261 §10.2.4). */
  readonly registerCallId: string;
  registerCSeq: number;
}

interface Waiter {
  readonly method: string;
  readonly resolve: (m: WireMessage | undefined) => void;
}

/** Routes what the flows receive: responses to their operation, requests to the callee logic. */
export class Dispatcher {
  private readonly waiting = new Map<string, Waiter>();
  /** With LOAD_DEBUG set: what arrived, by start line (method or status) and CSeq method. */
  readonly received = new Map<string, number>();
  private readonly debug = process.env.LOAD_DEBUG !== undefined;

  constructor(
    private readonly domain: string,
    private readonly timeoutMs: number,
  ) {}

  /** `onMessage` of one flow. */
  handler(flow: () => Flow): (text: string) => void {
    return (text) => {
      const m = parseWire(text);
      if (!m) return;
      if (this.debug) {
        const k = `${m.method ?? m.status} ${cseqMethod(m)}`;
        this.received.set(k, (this.received.get(k) ?? 0) + 1);
      }
      if (m.status === 0) return answerRequest(m, flow());
      if (m.status < 200) return;
      const callId = first(m, 'call-id');
      const w = this.waiting.get(callId);
      if (!w || w.method !== cseqMethod(m)) return;
      this.waiting.delete(callId);
      w.resolve(m);
    };
  }

  /** Sends `text` and resolves with the final response for `callId`/`method` (undefined on timeout). */
  request(flow: Flow, callId: string, method: string, text: string): Promise<WireMessage | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(callId);
        resolve(undefined);
      }, this.timeoutMs);
      this.waiting.set(callId, {
        method,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
      flow.send(text);
    });
  }

  aor(user: string): string {
    return `sip:${user}@${this.domain}`;
  }

  /** REGISTER `contact` (or `*` with expires 0) for `u`, answering one challenge. */
  async register(u: LoadUser, expires: number, contact?: string): Promise<number> {
    const uri = `sip:${this.domain}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const cseq = ++u.registerCSeq;
      const headers = [
        via(u.flow),
        'Max-Forwards: 70',
        `From: <${this.aor(u.name)}>;tag=${unique()}`,
        `To: <${this.aor(u.name)}>`,
        `Call-ID: ${u.registerCallId}`,
        `CSeq: ${cseq} REGISTER`,
        contact === undefined ? 'Contact: *' : `Contact: <${contact}>`,
        `Expires: ${expires}`,
        'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE',
      ];
      if (u.digest.ready) headers.push(`Authorization: ${u.digest.answer('REGISTER', uri)}`);
      const r = await this.request(
        u.flow,
        u.registerCallId,
        'REGISTER',
        build(`REGISTER ${uri} SIP/2.0`, headers),
      );
      if (!r) return 0;
      if (r.status !== 401 || !u.digest.learn(all(r, 'www-authenticate'))) return r.status;
    }
    return 401;
  }

  /** One out-of-dialog request that a proxy may challenge with 407 (INVITE, MESSAGE). */
  private async challenged(
    caller: LoadUser,
    callId: string,
    method: 'INVITE' | 'MESSAGE',
    callee: string,
    fromTag: string,
    extra: readonly string[],
    body: string,
  ): Promise<{ response: WireMessage | undefined; cseq: number }> {
    const target = this.aor(callee);
    let response: WireMessage | undefined;
    for (let cseq = 1; cseq <= 2; cseq++) {
      const branch = `z9hG4bK${unique()}`;
      const common = [
        `From: <${this.aor(caller.name)}>;tag=${fromTag}`,
        `To: <${target}>`,
        `Call-ID: ${callId}`,
      ];
      const headers = [
        via(caller.flow, branch),
        'Max-Forwards: 70',
        ...common,
        `CSeq: ${cseq} ${method}`,
        ...extra,
      ];
      if (caller.digest.ready) headers.push(`Proxy-Authorization: ${caller.digest.answer(method, target)}`);
      response = await this.request(
        caller.flow,
        callId,
        method,
        build(`${method} ${target} SIP/2.0`, headers, body),
      );
      if (!response) return { response, cseq };
      const challenge = response.status === 407 || response.status === 401;
      if (method === 'INVITE' && response.status >= 300) {
        // ACK of a non-2xx final response: same branch, hop by hop (RFC 3261 §17.1.1.3).
        const ack = [
          via(caller.flow, branch),
          'Max-Forwards: 70',
          common[0]!,
          `To: ${first(response, 'to')}`,
          common[2]!,
          `CSeq: ${cseq} ACK`,
        ];
        caller.flow.send(build(`ACK ${target} SIP/2.0`, ack));
      }
      if (!challenge) return { response, cseq };
      const values = [...all(response, 'proxy-authenticate'), ...all(response, 'www-authenticate')];
      if (!caller.digest.learn(values)) return { response, cseq };
    }
    return { response, cseq: 2 };
  }

  /** A whole call; true when the BYE got its 200. */
  async call(caller: LoadUser, callee: string): Promise<boolean> {
    const callId = unique();
    const fromTag = unique();
    const { response, cseq } = await this.challenged(
      caller,
      callId,
      'INVITE',
      callee,
      fromTag,
      [`Contact: <${caller.flow.contact(caller.name)}>`, 'Content-Type: application/sdp'],
      STUB_SDP,
    );
    if (!response || response.status !== 200) return false;
    // The dialog (RFC 3261 §12.1.2): route set = Record-Route reversed, remote target = Contact.
    const routes = all(response, 'record-route')
      .reverse()
      .map((r) => `Route: ${r}`);
    const target = addrUri(first(response, 'contact'));
    const inDialog = (method: string, n: number): string =>
      build(`${method} ${target} SIP/2.0`, [
        via(caller.flow),
        'Max-Forwards: 70',
        ...routes,
        `From: <${this.aor(caller.name)}>;tag=${fromTag}`,
        `To: ${first(response, 'to')}`,
        `Call-ID: ${callId}`,
        `CSeq: ${n} ${method}`,
      ]);
    caller.flow.send(inDialog('ACK', cseq));
    const bye = await this.request(caller.flow, callId, 'BYE', inDialog('BYE', cseq + 1));
    return bye?.status === 200;
  }

  /** One MESSAGE; true on 200/202. */
  async message(caller: LoadUser, callee: string): Promise<boolean> {
    const { response } = await this.challenged(
      caller,
      caller.name + unique(),
      'MESSAGE',
      callee,
      unique(),
      ['Content-Type: text/plain'],
      'load test message',
    );
    return response !== undefined && (response.status === 200 || response.status === 202);
  }
}

function via(flow: Flow, branch = `z9hG4bK${unique()}`): string {
  return `Via: SIP/2.0/${flow.viaTransport} ${flow.sentBy};branch=${branch}`;
}

/** The callee side, stateless: INVITE → 180 + 200 (stub SDP), ACK → nothing, anything else → 200. */
function answerRequest(m: WireMessage, flow: Flow): void {
  if (m.method === 'ACK') return;
  const tag = unique();
  if (m.method === 'INVITE') {
    const user = /sip:([^@;>]+)@/.exec(first(m, 'to'))?.[1] ?? 'callee';
    const contact = `Contact: <${flow.contact(user)}>`;
    flow.send(respond(m, 180, 'Ringing', tag, [contact]));
    flow.send(respond(m, 200, 'OK', tag, [contact, 'Content-Type: application/sdp'], STUB_SDP));
    return;
  }
  flow.send(respond(m, 200, 'OK', tag));
}
