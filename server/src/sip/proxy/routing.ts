/**
 * Where a request goes (RFC 3261 §16.4–§16.5), as a pure function of what the proxy knows, so the
 * rules can be tested without sockets. Authentication and transaction state live elsewhere.
 */
import { otherFlow, type FlowPair } from './flow-token.js';

export interface RouteTarget {
  readonly flowId: string;
  /** New Request-URI (the binding's contact, §16.5); `undefined` keeps the received one. */
  readonly ruri?: string;
  /** Username whose binding this is (for presence and logs). */
  readonly username?: string;
}

/** `dnd`: the callee is in Do not disturb (no device rings). */
export type DivertReason = 'no-answer' | 'busy' | 'declined' | 'offline' | 'dnd';

/**
 * The reason phrase of what a caller gets when the callee is in Do not disturb: a 181 (RFC 3261
 * §21.1.3, "the call is being forwarded") before voicemail answers, or a 480 (§21.4.18: "the callee …
 * has activated the 'do not disturb' feature") when there is no voicemail. Reason phrases are for the
 * human user (§7.2), so any client shows it; Parley's client recognises it and says so in words.
 */
export const DO_NOT_DISTURB_REASON = 'Do Not Disturb';

export type RouteDecision =
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly reason?: string;
      /** The local user the request was for, when it exists but cannot be reached (480). */
      readonly callee?: string;
    }
  /** OPTIONS addressed to the service itself (§11): answer 200 here. */
  | { readonly kind: 'local' }
  | {
      readonly kind: 'forward';
      readonly targets: readonly RouteTarget[];
      /** Routed by our Record-Route token or by contact: a request inside a dialog. */
      readonly inDialog: boolean;
      /** The callee's username for out-of-dialog requests to an address of record. */
      readonly callee?: string;
      /** Set when the request was retargeted by the `divert` hook. */
      readonly diverted?: { readonly from: string; readonly why: DivertReason; readonly to: string };
      /** A new call to a phone number, forwarded to the PSTN gateway's flow (step 1b). */
      readonly phoneCall?: boolean;
    };

export interface RoutingFacts {
  readonly domain: string;
  flowAlive(flowId: string): boolean;
  userExists(username: string): Promise<boolean>;
  /** Whether a Request-URI host (and port) names this service besides the domain (listener addresses). */
  isAlias?(host: string, port: number | undefined): boolean;
  /** Live bindings of a user. */
  bindings(username: string): ReadonlyArray<{ readonly flowId: string; readonly uri: string }>;
  /** The live binding whose contact URI equals this one (RFC 3261 §19.1.4, one-sided params ignored). */
  bindingByUri(uri: string): { readonly flowId: string; readonly username: string } | undefined;
  /** Whether the user is in Do not disturb: an INVITE rings none of their devices. */
  doNotDisturb?(username: string): boolean;
  /** Optional retargeting hook (voicemail): returns a SIP URI or undefined. */
  divert?(callee: string, why: DivertReason): string | undefined;
  /** The gateway flow when this Request-URI of ours names a phone number (issue 11), else undefined. */
  gatewayFlow?(ruri: RoutingInput['ruri']): string | undefined;
}

export interface RoutingInput {
  readonly method: string;
  readonly arrivalFlow: string;
  readonly ruri: {
    /** `sip`, `sips` or `tel` (RFC 3966, see message/tel-uri.ts); absent means SIP. */
    readonly scheme?: string;
    readonly user?: string | undefined;
    readonly host: string;
    readonly port?: number | undefined;
    readonly text: string;
  };
  readonly toTag?: string;
  /** The flow pair from our topmost Route (already removed from the request), if any. */
  readonly token?: FlowPair;
}

/** Whether a request must carry valid Proxy-Authorization (§22.3). ACK and CANCEL cannot be
 * challenged (§22.1: they cannot be resubmitted); in-dialog requests (with a To tag, §12.2) that
 * arrive on one of the flows named by our signed Record-Route token are trusted (the flow itself
 * authenticated). A request without a To tag starts something new: a token does not vouch for it,
 * or anyone who once saw a token (in a 180 Ringing, say) could send the peer calls and messages
 * with any From, unauthenticated. */
export function requiresAuthentication(input: RoutingInput): boolean {
  if (input.method === 'ACK' || input.method === 'CANCEL') return false;
  if (input.token && input.toTag !== undefined && otherFlow(input.token, input.arrivalFlow) !== undefined)
    return false;
  return true;
}

export async function decideRoute(input: RoutingInput, facts: RoutingFacts): Promise<RouteDecision> {
  // 1. In-dialog by flow token: forward to the other flow (RFC 5626 §5.3).
  if (input.token) {
    let target = otherFlow(input.token, input.arrivalFlow);
    if (target === undefined) {
      // A party that reconnected (new flow): the live end of the pair is the peer.
      const alive = [input.token.a, input.token.b].filter((f) => facts.flowAlive(f));
      target = alive.length === 1 ? alive[0] : undefined;
      if (target === undefined) return { kind: 'respond', status: 430 };
    }
    if (!facts.flowAlive(target)) return { kind: 'respond', status: 430 };
    return { kind: 'forward', targets: [{ flowId: target }], inDialog: true };
  }
  if (input.ruri.scheme?.toLowerCase() === 'tel') return telRoute(input, facts);
  const ours =
    input.ruri.host.toLowerCase() === facts.domain.toLowerCase() ||
    (facts.isAlias?.(input.ruri.host.toLowerCase(), input.ruri.port) ?? false);
  // 1b. A new call to a phone number (`sip:+E164@DOMAIN`, `;user=phone`): the PSTN gateway's flow.
  const gateway =
    ours && input.method === 'INVITE' && input.toTag === undefined
      ? facts.gatewayFlow?.(input.ruri)
      : undefined;
  if (gateway !== undefined) {
    return { kind: 'forward', targets: [{ flowId: gateway }], inDialog: false, phoneCall: true };
  }
  // 2. A registered contact as Request-URI (in-dialog requests from UAs without our Route). Never for
  // an address of record of ours: Contact values are chosen by clients, and one spelling another
  // user's AOR would otherwise take that user's calls (§16.5 looks AORs up in the location service).
  const isAor =
    ours && input.ruri.user !== undefined && (await facts.userExists(input.ruri.user.toLowerCase()));
  const byContact = isAor ? undefined : facts.bindingByUri(input.ruri.text);
  if (byContact) {
    return {
      kind: 'forward',
      targets: [{ flowId: byContact.flowId, username: byContact.username }],
      inDialog: input.toTag !== undefined,
    };
  }
  if (!ours) {
    // No open relay: only our own domain is served.
    return input.toTag !== undefined
      ? { kind: 'respond', status: 404, reason: 'Not Found (No Such Dialog Peer)' }
      : { kind: 'respond', status: 403, reason: 'Forbidden (Relaying Denied)' };
  }
  // 3. The service itself.
  if (!input.ruri.user) {
    return input.method === 'OPTIONS' ? { kind: 'local' } : { kind: 'respond', status: 404 };
  }
  // 4. An address of record (§16.5): every binding is a target (parallel forking).
  const callee = input.ruri.user.toLowerCase();
  if (!(await facts.userExists(callee))) return { kind: 'respond', status: 404 };
  // Do not disturb: straight to voicemail (no device rings), or 480 when there is none.
  if (input.method === 'INVITE' && facts.doNotDisturb?.(callee)) {
    return (
      divertTargets(facts, callee, 'dnd') ?? { kind: 'respond', status: 480, reason: DO_NOT_DISTURB_REASON }
    );
  }
  const bindings = facts.bindings(callee);
  if (bindings.length > 0) {
    return {
      kind: 'forward',
      targets: bindings.map((b) => ({ flowId: b.flowId, ruri: b.uri, username: callee })),
      inDialog: false,
      callee,
    };
  }
  if (input.method === 'INVITE' && facts.divert) {
    const retarget = divertTargets(facts, callee, 'offline');
    if (retarget) return retarget;
  }
  return { kind: 'respond', status: 480, callee };
}

/**
 * A request to a tel URI (RFC 3966): the only thing here with a tel address is the phone network, so a
 * new call to a global number goes to the gateway's flow, retargeted to `sip:NUMBER@DOMAIN;user=phone`
 * (the conversion of RFC 3261 §19.1.6; tel parameters are dropped), and meets the same policy as a
 * call dialled that way. Anything else is 404: no user, device or service of ours has a tel address.
 */
function telRoute(input: RoutingInput, facts: RoutingFacts): RouteDecision {
  const user = input.ruri.user ?? '';
  if (input.method === 'INVITE' && input.toTag === undefined && user.startsWith('+')) {
    const ruri = `sip:${user}@${facts.domain};user=phone`;
    const flowId = facts.gatewayFlow?.({ user, host: facts.domain, text: ruri });
    if (flowId !== undefined) {
      return { kind: 'forward', targets: [{ flowId, ruri }], inDialog: false, phoneCall: true };
    }
  }
  return { kind: 'respond', status: 404, reason: 'Not Found (No Route To Tel URI)' };
}

/** Targets for a retarget to the URI the `divert` hook gives (only users of our domain). */
export function divertTargets(
  facts: RoutingFacts,
  callee: string,
  why: DivertReason,
): RouteDecision | undefined {
  const uri = facts.divert?.(callee, why);
  const m = uri ? /^sips?:([^@;>]+)@([^;>?]+)/i.exec(uri) : null;
  if (!uri || !m || (m[2] ?? '').toLowerCase() !== facts.domain.toLowerCase()) return undefined;
  const user = (m[1] ?? '').toLowerCase();
  if (user === callee) return undefined;
  const bindings = facts.bindings(user);
  if (bindings.length === 0) return undefined;
  return {
    kind: 'forward',
    targets: bindings.map((b) => ({ flowId: b.flowId, ruri: b.uri, username: user })),
    inDialog: false,
    callee: user,
    diverted: { from: callee, why, to: uri },
  };
}
