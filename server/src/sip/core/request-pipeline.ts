/**
 * What the core does with each new request before any routing (the steps of RFC 3261 §16.3 and §16.4
 * that are not about forwarding, then §22 and §10.3), in this order:
 *
 *   validation (Max-Forwards, loop, Proxy-Require) → Route pre-processing (by the router) →
 *   REGISTER (authentication + registrar) → authentication of everything else (§22.3) →
 *   local handlers (OPTIONS to the service, MESSAGE store, SUBSCRIBE notifiers) → the router (proxy).
 *
 * The hooks (`DigestSecretSource`, messaging) are asynchronous; the server transaction exists before the
 * first await, so retransmissions are absorbed meanwhile, and a CANCEL that arrives during an await
 * finds the transaction answered and stops the request.
 */
import type { Logger } from '../../../../common/logger.js';
import type { ParsedRequest } from '../message/parse-message.js';
import type { HeaderField } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/server-transaction.js';
import type { Flow } from '../transport/flow.js';
import type { AuthOutcome, Authenticator } from './auth/authenticator.js';
import { flowScope } from './auth/flow-scope.js';
import type { CoreRouter, PreRoute } from './core-router.js';
import type { SipGatewayHook } from './gateway-hook.js';
import type { SipMessagingHooks } from './local/messaging-hook.js';
import { toLocalSubscribe, type SipSubscriptionHooks } from './local/local-subscribe.js';
import type { Registrar } from './registrar/registrar.js';
import type { SubscriptionLimit } from './limits/subscription-limit.js';

export const ALLOW =
  'INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, SUBSCRIBE, NOTIFY, REFER, INFO, UPDATE, PRACK, REGISTER';

export interface RequestPipelineOptions {
  readonly domain: string;
  readonly logger: Logger;
  readonly auth: Authenticator;
  readonly registrar: Registrar;
  readonly router: () => CoreRouter;
  /** Whether `host[:port]` names this service: the domain, or one of its listener addresses. */
  readonly isLocal: (host: string, port: number | undefined) => boolean;
  readonly messaging?: SipMessagingHooks;
  readonly subscriptions?: SipSubscriptionHooks;
  /** The PSTN gateway (issue 11): trunk traffic, refusals before routing, and its own in-process flow. */
  readonly gateway?: { readonly hook: SipGatewayHook; readonly flowId: string };
  /** Every authentication outcome of a request on `flow` (credential tracking, per-source limits). */
  readonly onAuthOutcome?: (flow: Flow, outcome: AuthOutcome) => void;
  /** Live subscriptions per user (403 past the cap). */
  readonly subscriptionLimit?: SubscriptionLimit;
}

export interface RequestPipeline {
  onRequest(flow: Flow, req: ParsedRequest, st: ServerTransaction, invite?: ServerTransaction): Promise<void>;
  onAck(flow: Flow, req: ParsedRequest): Promise<void>;
}

export function optionsHeaders(): HeaderField[] {
  return [
    { name: 'Allow', value: ALLOW },
    { name: 'Accept', value: 'application/sdp' },
  ];
}

export function createRequestPipeline(options: RequestPipelineOptions): RequestPipeline {
  const { logger: log } = options;
  const ours = (uri: { host: string; port?: number | undefined }): boolean =>
    options.isLocal(uri.host, uri.port);

  const onRegister = async (flow: Flow, req: ParsedRequest, st: ServerTransaction): Promise<void> => {
    if (!ours(req.ruri)) {
      st.respond(404, { reason: 'Not Found (Domain Not Served)' });
      return;
    }
    const auth = await options.auth.authenticate(
      req.message,
      'REGISTER',
      'registrar',
      flow.remote.address,
      flow.transport,
      flowScope(flow),
    );
    options.onAuthOutcome?.(flow, auth);
    if (!auth.ok) {
      log.info({ tnx: 'register', status: auth.status, why: auth.why }, 'register not authenticated');
      st.respond(auth.status, { headers: auth.headers });
      return;
    }
    const result = options.registrar.register(req, flow.id, auth.username, auth.credential);
    log.debug({ tnx: 'register', user: auth.username, flow: flow.id, status: result.status }, 'register');
    st.respond(result.status, {
      ...('reason' in result && result.reason ? { reason: result.reason } : {}),
      headers: result.headers,
    });
    // Stored messages go out as soon as a device is there (RFC 3428 §7 store-and-forward).
    if (result.status === 200) options.messaging?.onBindingAdded(auth.username);
  };

  /** RFC 3428 §7: an out-of-dialog MESSAGE to a local user goes to the messaging room first. */
  const onLocalMessage = async (req: ParsedRequest, st: ServerTransaction): Promise<boolean> => {
    if (!options.messaging || !req.ruri.user) return false;
    const verdict = await options.messaging.handleSipMessage({
      fromUser: (req.from.uri.user ?? '').toLowerCase(), // equals the digest user (checked before)
      toUser: req.ruri.user.toLowerCase(),
      contentType: req.message.get('Content-Type'),
      body: req.message.body,
      messageId: req.message.get('Parley-Message-Id'),
      callId: req.callId,
    });
    if (verdict.action !== 'respond') return false;
    const headers = Object.entries(verdict.headers).map(([name, value]) => ({ name, value }));
    st.respond(verdict.status, { reason: verdict.reason, headers });
    return true;
  };

  return {
    async onRequest(flow, req, st, invite) {
      const router = options.router();
      const gateway = options.gateway;
      if (req.method === 'CANCEL') {
        if (gateway?.hook.claimCancel(flow, req, st, invite)) return;
        router.cancel(flow, req, st, invite);
        return;
      }
      // §16.3 step 3: Max-Forwards. OPTIONS with 0 is answered by us (§11).
      if (req.maxForwards === 0) {
        if (req.method === 'OPTIONS') st.respond(200, { headers: optionsHeaders() });
        else st.respond(483);
        return;
      }
      // §16.3 step 5: Proxy-Require: we support no extension there.
      const proxyRequire = req.message.getAll('Proxy-Require');
      if (proxyRequire.length > 0) {
        st.respond(420, { headers: [{ name: 'Unsupported', value: proxyRequire.join(', ') }] });
        return;
      }
      const pre: PreRoute = router.preprocess(req, flow); // §16.4
      // §16.3 step 4: loop detection.
      if (pre.loop) {
        st.respond(482);
        return;
      }
      // Trunk traffic (inbound calls, the carrier's side of gateway dialogs) is the gateway's own.
      if (gateway && flow.id !== gateway.flowId && gateway.hook.claim(flow, req, st)) return;
      if (req.method === 'REGISTER' && !pre.byToken) {
        await onRegister(flow, req, st);
        return;
      }
      const toService = !pre.byToken && !req.ruri.user && ours(req.ruri);
      // §11: OPTIONS to the service itself is answered here, unauthenticated.
      if (req.method === 'OPTIONS' && toService) {
        st.respond(200, { headers: optionsHeaders() });
        return;
      }
      // §22.3: everything else must carry valid Proxy-Authorization, except trusted in-dialog requests.
      // The gateway flow is the service itself (its inbound calls carry the caller's number in From).
      const fromGateway = gateway !== undefined && flow.id === gateway.flowId;
      if (!pre.trusted && !fromGateway) {
        const auth = await options.auth.authenticate(
          req.message,
          req.method,
          'proxy',
          flow.remote.address,
          flow.transport,
          flowScope(flow),
        );
        options.onAuthOutcome?.(flow, auth);
        if (st.isFinal) return; // cancelled meanwhile
        if (!auth.ok) {
          log.info(
            { tnx: 'auth', method: req.method, status: auth.status, why: auth.why },
            'not authenticated',
          );
          st.respond(auth.status, { headers: auth.headers });
          return;
        }
        // The caller's identity must be the authenticated one (no spoofed From, §22.3 / §26.3.2).
        const fromUser = (req.from.uri.user ?? '').toLowerCase();
        if (fromUser !== auth.username || !ours(req.from.uri)) {
          st.respond(403, { reason: 'Forbidden (From Does Not Match Credentials)' });
          return;
        }
      }
      // RFC 3515 REFER toward a phone number: the referrer's own permission to call it (toll fraud).
      if (gateway && !fromGateway && req.method === 'REFER') {
        const refusal = await gateway.hook.screen(req, (req.from.uri.user ?? '').toLowerCase());
        if (st.isFinal) return;
        if (refusal) {
          st.respond(refusal.status, { reason: refusal.reason, headers: refusal.headers });
          return;
        }
      }
      if (req.method === 'SUBSCRIBE' && options.subscriptionLimit) {
        const expiresField = req.message.get('Expires');
        const expires =
          expiresField !== undefined && /^\d{1,10}$/.test(expiresField) ? Number(expiresField) : 3600;
        const admitted = options.subscriptionLimit.admit(
          {
            user: (req.from.uri.user ?? '').toLowerCase(),
            callId: req.callId,
            fromTag: req.fromTag ?? '',
            event: req.message.get('Event') ?? '',
          },
          flow.id,
          req.toTag !== undefined,
          expires,
        );
        if (!admitted) {
          st.respond(403, { reason: 'Forbidden (Too Many Subscriptions)' });
          return;
        }
      }
      const outOfDialogToUs = !pre.byToken && req.toTag === undefined && ours(req.ruri);
      if (req.method === 'MESSAGE' && outOfDialogToUs && (await onLocalMessage(req, st))) return;
      if (st.isFinal) return;
      // RFC 6665 notifier role: SUBSCRIBEs the service answers itself (RFC 3842 message-summary).
      if (
        req.method === 'SUBSCRIBE' &&
        options.subscriptions &&
        !pre.byToken &&
        ours(req.ruri) &&
        options.subscriptions.handleSubscribe(
          toLocalSubscribe(
            req,
            (req.from.uri.user ?? '').toLowerCase(),
            flow,
            st.toTag,
            (s, reason, headers) =>
              st.respond(s, { ...(reason ? { reason } : {}), ...(headers ? { headers } : {}) }),
            options.domain,
          ),
        )
      ) {
        return;
      }
      await options.router().route(flow, req, st, pre);
    },

    async onAck(flow, req) {
      if (req.maxForwards === 0) return;
      const router = options.router();
      const pre = router.preprocess(req, flow);
      if (pre.loop) return;
      if (options.gateway?.hook.claimAck(flow, req)) return;
      router.forwardAck(flow, req, pre);
      return Promise.resolve();
    },
  };
}
