/**
 * The PSTN gateway's SIP side (issue 11): the `SipGatewayHook` the SIP room calls (sip/core/gateway-hook.ts).
 * It sorts what arrives into calls — outbound (outbound-call.ts) from the gateway flow, inbound
 * (inbound-call.ts) from a trunk's address — by Call-ID, one map per side so a user can never reach a
 * carrier dialog by naming its Call-ID, and screens REFERs to phone numbers through the policy.
 */
import type { Logger } from '../../../../common/logger.js';
import { toE164 } from '../../../../common/phone-number.js';
import type { GatewayLink, GatewayRefusal, SipGatewayHook } from '../../sip/core/gateway-hook.js';
import { parseMessage, type ParsedRequest } from '../../sip/message/parse-message.js';
import type { ServerTransaction } from '../../sip/transaction/server-transaction.js';
import type { Flow } from '../../sip/transport/flow.js';
import type { GatewayPolicy } from '../gateway-policy.js';
import { refusalHeaders, type CallEnv, type GatewayCall } from './call-env.js';
import { CoreSide } from './core-side.js';
import { InboundCall } from './inbound-call.js';
import { OutboundCall } from './outbound-call.js';
import { dialledOfReferTo, dialledOfRuri } from './phone-uri.js';
import { createTrunkRegistrations } from './trunk-registration.js';

export interface GatewayB2buaOptions {
  readonly policy: GatewayPolicy;
  readonly logger: Logger;
  /** No provisional from a trunk within this long → the next trunk (default 3000 ms). */
  readonly failoverMs?: number;
  /** The caller's number as the user sees it; default: E.164 (home country for national ones) or as received. */
  readonly presentCaller?: (number: string) => string;
}

export interface GatewayB2bua extends SipGatewayHook {
  /** Calls in progress. */
  readonly activeCalls: number;
  /** Starts the REGISTERs to trunks with `register: true` (once the SIP listeners are bound). */
  start(): void;
  /** Trunk name → registered until (ms since epoch). */
  readonly registrations: ReadonlyMap<string, number>;
  /** Ends every call (BYE/CANCEL both ways): service shutdown. */
  close(): void;
}

export function createGatewayB2bua(link: GatewayLink, options: GatewayB2buaOptions): GatewayB2bua {
  const logger = options.logger.child({ room: 'gateway' });
  const core = new CoreSide(link, logger);
  const registrations = createTrunkRegistrations(link, options.policy, logger);
  const userSide = new Map<string, GatewayCall>();
  const carrierSide = new Map<string, { call: GatewayCall; address: string }>();
  const keys = new Map<GatewayCall, Array<{ side: 'user' | 'carrier'; callId: string }>>();
  const env: CallEnv = {
    policy: options.policy,
    link,
    core,
    logger,
    failoverMs: options.failoverMs ?? 3000,
    track(side, callId, call, carrierAddress) {
      if (side === 'user') userSide.set(callId, call);
      else carrierSide.set(callId, { call, address: carrierAddress ?? '' });
      keys.set(call, [...(keys.get(call) ?? []), { side, callId }]);
    },
    untrack(call) {
      for (const { side, callId } of keys.get(call) ?? []) {
        if (side === 'user' && userSide.get(callId) === call) userSide.delete(callId);
        if (side === 'carrier' && carrierSide.get(callId)?.call === call) carrierSide.delete(callId);
      }
      keys.delete(call);
    },
  };

  const isTrunkSource = (flow: Flow): boolean =>
    options.policy.config().trunks.some((t) => t.host === flow.remote.address && t.port === flow.remote.port);

  const isDid = (user: string | undefined): boolean => {
    const digits = (user ?? '').replace(/[^\d]/g, '');
    return (
      digits !== '' && options.policy.config().dids.some((d) => d.number.replace(/[^\d]/g, '') === digits)
    );
  };

  const fromCore = (text: string): void => {
    const parsed = parseMessage(text, { maxBytes: Number.MAX_SAFE_INTEGER });
    if (!parsed.ok) {
      logger.warn({ tnx: 'gateway', reason: parsed.reason }, 'unparseable message on the gateway flow');
      return;
    }
    const msg = parsed.value;
    if (msg.kind === 'response') {
      core.onResponse(msg);
      return;
    }
    const call = userSide.get(msg.callId);
    if (call) {
      call.onUserRequest(msg);
      return;
    }
    if (msg.method === 'INVITE' && msg.toTag === undefined) {
      const outbound = new OutboundCall(env, msg);
      outbound.start().catch((err: unknown) => {
        logger.error({ tnx: 'gateway', err: String(err) }, 'outbound call failed');
      });
      return;
    }
    if (msg.method !== 'ACK') core.respond(msg, 481);
  };

  /** The call whose carrier dialog this request belongs to, when it comes from that carrier's address. */
  const carrierCall = (flow: Flow, callId: string): GatewayCall | undefined => {
    const entry = carrierSide.get(callId);
    return entry && entry.address === flow.remote.address ? entry.call : undefined;
  };

  const claim = (flow: Flow, req: ParsedRequest, st: ServerTransaction): boolean => {
    const call = carrierCall(flow, req.callId);
    if (call) {
      call.onCarrierRequest(flow, req, st);
      return true;
    }
    if (req.method !== 'INVITE' || req.toTag !== undefined) {
      if (!isTrunkSource(flow)) return false;
      // A trunk's OPTIONS keep-alive, or a request for a dialog we no longer know.
      if (req.method === 'OPTIONS') st.respond(200);
      else st.respond(481);
      return true;
    }
    const route = options.policy.routeInbound(flow.remote, req.ruri.user ?? '');
    if (route) {
      const number = req.from.uri.user ?? 'anonymous';
      const caller =
        options.presentCaller?.(number) ?? toE164(number, options.policy.config().homeCountry) ?? number;
      logger.info({ tnx: 'gateway', trunk: route.trunk.name, did: route.did.number }, 'inbound call');
      new InboundCall(env, flow, req, st, route.did, caller).start();
      return true;
    }
    if (isTrunkSource(flow)) {
      st.respond(404, { reason: 'Not Found (No Such Number)' });
      return true;
    }
    // A DID called from elsewhere without credentials: only the trunks may deliver calls to it.
    if (isDid(req.ruri.user) && !req.message.has('Proxy-Authorization')) {
      logger.info({ tnx: 'gateway', from: flow.remote.address }, 'inbound call not from a trunk');
      st.respond(403, { reason: 'Forbidden (Not From A Trunk)' });
      return true;
    }
    return false;
  };

  const screen = async (req: ParsedRequest, username: string): Promise<GatewayRefusal | undefined> => {
    if (req.method !== 'REFER') return undefined;
    const dialled = dialledOfReferTo(req.message.get('Refer-To') ?? '');
    if (dialled === undefined) return undefined;
    const quote = await options.policy.quote(username, dialled);
    if (quote.allowed) return undefined;
    const code = quote.code ?? 'pstn_not_permitted';
    const reason = quote.reason ?? 'Calls to this number are not permitted';
    logger.info({ tnx: 'gateway', user: username, code }, 'REFER to a phone number refused');
    return { status: 403, reason: 'Forbidden', headers: refusalHeaders(code, reason) };
  };

  return {
    fromCore,
    claim,
    claimAck(flow, req) {
      const call = carrierCall(flow, req.callId);
      if (!call) return false;
      call.onCarrierAck(req);
      return true;
    },
    claimCancel(flow, req, st) {
      const call = carrierCall(flow, req.callId);
      if (!call) return false;
      call.onCarrierCancel(st);
      return true;
    },
    screen,
    isPhoneUri: (ruri) => dialledOfRuri(ruri) !== undefined,
    get activeCalls() {
      return keys.size;
    },
    start: () => registrations.start(),
    registrations: registrations.state,
    close() {
      registrations.stop();
      for (const call of [...keys.keys()]) call.hangUp();
    },
  };
}
