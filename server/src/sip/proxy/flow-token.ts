/**
 * Record-Route flow tokens (ideas of RFC 5626 §5.3 "flow tokens" and §5.2 integrity protection).
 *
 * WebSocket clients put unroutable Contacts in dialogs (`sip:x@y.invalid;transport=ws`, RFC 7118
 * §5.3), so in-dialog requests must be routed by connection. The proxy Record-Routes (RFC 3261
 * §16.6 step 4) with a URI that names BOTH flows of the dialog and is signed:
 *
 *     sip:<flowA>.<flowB>.<hmac>@<domain>;transport=ws;lr
 *
 * `flowA` is the flow the dialog-creating request came from (caller), `flowB` the flow it was sent
 * to (callee). Both parties see the same URI in their route set (caller in the 2xx, callee in the
 * request), so a request arriving on A goes to B and one arriving on B goes to A. The HMAC keeps
 * clients from forging tokens that point at other people's connections.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { URI } from 'sip.js';

export interface FlowPair {
  readonly a: string;
  readonly b: string;
}

export interface FlowTokenCodec {
  /**
   * The Record-Route field value for a dialog between flows `a` and `b`, naming the transport and the
   * address (`host:port` of a UDP/TCP/TLS listener; the domain when absent) the peer reaches us on.
   */
  recordRoute(pair: FlowPair, transport?: string, hostport?: string): string;
  /** The pair named by a Route URI of ours, or `undefined` when it is not a valid token. */
  decode(uri: URI): FlowPair | undefined;
  /** Whether a Route URI designates this proxy (our domain; no user part, or a valid token). */
  isOurs(uri: URI): boolean;
}

const FLOW_ID = /^[A-Za-z0-9]{1,40}$/;

export function createFlowTokenCodec(
  domain: string,
  secret: Buffer,
  /** Other host names of this service (its listener addresses), besides the domain. */
  isAlias: (host: string) => boolean = () => false,
): FlowTokenCodec {
  const host = domain.toLowerCase();
  const isUs = (h: string): boolean => h.toLowerCase() === host || isAlias(h.toLowerCase());
  const mac = (a: string, b: string): string =>
    createHmac('sha256', secret).update(`rr:${a}:${b}`).digest('base64url').replace(/[-_]/g, '').slice(0, 16);
  const decode = (uri: URI): FlowPair | undefined => {
    if (!isUs(uri.host) || !uri.user) return undefined;
    const parts = uri.user.split('.');
    if (parts.length !== 3) return undefined;
    const [a = '', b = '', tag = ''] = parts;
    if (!FLOW_ID.test(a) || !FLOW_ID.test(b)) return undefined;
    const expected = Buffer.from(mac(a, b));
    const given = Buffer.from(tag);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { a, b };
  };
  return {
    recordRoute(pair: FlowPair, transport = 'ws', hostport = domain): string {
      if (!FLOW_ID.test(pair.a) || !FLOW_ID.test(pair.b)) throw new Error('flow ids must be alphanumeric');
      return `<sip:${pair.a}.${pair.b}.${mac(pair.a, pair.b)}@${hostport};transport=${transport};lr>`;
    },
    decode,
    isOurs(uri: URI): boolean {
      if (!isUs(uri.host)) return false;
      return !uri.user || decode(uri) !== undefined;
    },
  };
}

/** The flow to forward to: "the other one" of the pair (RFC 5626 §5.3 routes by flow token). */
export function otherFlow(pair: FlowPair, arrival: string): string | undefined {
  if (arrival === pair.a) return pair.b;
  if (arrival === pair.b) return pair.a;
  return undefined;
}
