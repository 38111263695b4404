/**
 * The request/response entry of the SIP core: transaction matching (RFC 3261 §17.2.3), request
 * validation (§16.3), Route pre-processing (§16.4), authentication (§22), the registrar (§10.3)
 * and the proxy proper (§16.5–§16.10).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../../common/logger.js';
import type { ServiceDeviceSender } from '../../messaging/device-sender.js';
import type { InboundDecision, InboundMessageRequest } from '../../messaging/sip-message-policy.js';
import type { Authenticator } from '../auth/authenticator.js';
import { buildResponse } from '../message/build-response.js';
import type { ParsedRequest, ParsedResponse } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import type { PresenceTracker } from '../presence/presence-tracker.js';
import type { Registrar } from '../registrar/registrar.js';
import type { Flow, FlowTransport } from '../transport/flow.js';
import type { FlowPair, FlowTokenCodec } from './flow-token.js';
import { toLocalSubscribe, type SipSubscriptionHooks } from './local-subscribe.js';
import { ProxyContext, ServerTransaction, type ClientBranch } from './proxy-context.js';
import type { ProxyHost } from './proxy-host.js';
import { decideRoute, requiresAuthentication, type RoutingFacts, type RoutingInput } from './routing.js';
import { isLoop, loopHash, newBranch } from './via-branch.js';

export interface StatefulProxyOptions {
  readonly domain: string;
  readonly logger: Logger;
  readonly flow: (id: string) => Flow | undefined;
  readonly tokens: FlowTokenCodec;
  readonly facts: RoutingFacts;
  readonly auth: Authenticator;
  readonly registrar: Registrar;
  readonly presence: PresenceTracker;
  readonly noAnswerTimeoutMs: number;
  readonly transactionTimeoutMs?: number;
  readonly cancelGuardMs?: number;
  /** Store-and-forward messaging (issue 3): MESSAGEs to local users go here before routing. */
  readonly messaging?: {
    handleSipMessage(req: InboundMessageRequest): Promise<InboundDecision>;
    onBindingAdded(user: string): void;
  };
  /** The service's own MESSAGE sender: responses to its requests are consumed here. */
  readonly deviceSender?: ServiceDeviceSender;
  /** SUBSCRIBEs answered by the service itself (MWI, RFC 3842), tried before routing. */
  readonly subscriptions?: SipSubscriptionHooks;
  /** Per-callee ring time (voicemail user setting); `undefined` → `noAnswerTimeoutMs`. */
  readonly ringTimeoutMs?: (callee: string) => number | undefined;
}

const ALLOW =
  'INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, SUBSCRIBE, NOTIFY, REFER, INFO, UPDATE, PRACK, REGISTER';

export class StatefulProxy implements ProxyHost {
  readonly domain: string;
  readonly viaHost: string;
  readonly tokens: FlowTokenCodec;
  readonly facts: RoutingFacts;
  readonly logger: Logger;
  readonly noAnswerTimeoutMs: number;
  readonly transactionTimeoutMs: number;
  readonly cancelGuardMs: number;
  readonly ringTimeoutMs: ((callee: string) => number | undefined) | undefined;
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly branches = new Map<string, ClientBranch>();
  private readonly cleanups = new Set<NodeJS.Timeout>();

  constructor(private readonly options: StatefulProxyOptions) {
    this.domain = options.domain;
    this.viaHost = options.domain;
    this.tokens = options.tokens;
    this.facts = options.facts;
    this.logger = options.logger;
    this.noAnswerTimeoutMs = options.noAnswerTimeoutMs;
    this.transactionTimeoutMs = options.transactionTimeoutMs ?? 32_000;
    this.cancelGuardMs = options.cancelGuardMs ?? 4_000;
    this.ringTimeoutMs = options.ringTimeoutMs;
  }

  // ---- ProxyHost ----------------------------------------------------------------------------
  sendTo(flowId: string, message: SipMessage): boolean {
    const flow = this.options.flow(flowId);
    return flow ? flow.send(message.toString()) : false;
  }

  flowTransport(flowId: string): FlowTransport | undefined {
    return this.options.flow(flowId)?.transport;
  }

  registerBranch(branch: ClientBranch): void {
    this.branches.set(branch.id, branch);
  }

  /** Keeps a finished transaction 32 s (Timer J/H-like) to absorb ACKs and late messages. */
  serverFinal(server: ServerTransaction): void {
    const t = setTimeout(() => {
      this.cleanups.delete(t);
      if (this.servers.get(server.key) === server) this.servers.delete(server.key);
      const ctx = server.context;
      if (ctx) {
        ctx.dispose();
        for (const b of ctx.branches) this.branches.delete(b.id);
      }
    }, this.transactionTimeoutMs);
    t.unref();
    this.cleanups.add(t);
  }

  onAnswered(context: ProxyContext, branch: ClientBranch, response: ParsedResponse): void {
    const req = context.server.request;
    if (!response.toTag || !req.fromTag) return;
    const caller = (req.from.uri.user ?? '').toLowerCase();
    const callee = (branch.target.username ?? response.to.uri.user ?? '').toLowerCase();
    this.options.presence.dialogConfirmed(
      req.callId,
      req.fromTag,
      response.toTag,
      [caller, callee],
      [context.server.flowId, branch.target.flowId],
    );
  }

  // ---- requests -------------------------------------------------------------------------------
  onRequest(flow: Flow, req: ParsedRequest): void {
    this.handleRequest(flow, req).catch((error: unknown) => {
      // The account or message store is away: 503 with Retry-After (RFC 3261 §21.5.4, §20.33).
      this.logger.warn({ tnx: 'request', method: req.method, err: String(error) }, 'request failed');
      if (req.method === 'ACK' || req.method === 'CANCEL') return; // never answered (§17.1.1.3)
      const st = this.servers.get(serverKey(req, req.method));
      if (st && !st.isFinal) st.respond(503, { headers: [{ name: 'Retry-After', value: '5' }] });
    });
  }

  private async handleRequest(flow: Flow, req: ParsedRequest): Promise<void> {
    const log = this.logger;
    const key = serverKey(req, req.method === 'ACK' || req.method === 'CANCEL' ? 'INVITE' : req.method);
    if (req.method === 'ACK') {
      // §17.2.3: an ACK matching an INVITE server transaction acknowledges our non-2xx: absorb.
      if (this.servers.has(key)) return;
    } else if (req.method === 'CANCEL') {
      this.onCancel(flow, req, key);
      return;
    } else {
      const existing = this.servers.get(key);
      if (existing) {
        // A retransmission: resend the last final response, if any (§17.2.1, §17.2.2).
        if (existing.last) this.sendTo(flow.id, existing.last);
        return;
      }
    }
    const st = req.method === 'ACK' ? undefined : new ServerTransaction(key, flow.id, req, this);
    if (st) this.servers.set(key, st);
    const respond = (status: number, reason?: string, headers?: SipMessage['headers']): void => {
      if (!st) return; // an ACK is never answered (§17.1.1.3)
      st.respond(status, { ...(reason ? { reason } : {}), ...(headers ? { headers } : {}) });
    };

    // §16.3 step 3: Max-Forwards. OPTIONS with 0 is answered by us (§11).
    if (req.maxForwards === 0) {
      if (req.method === 'OPTIONS') respond(200, undefined, optionsHeaders());
      else respond(483);
      return;
    }
    // §16.3 step 4: loop detection.
    if (isLoop(req, this.viaHost)) {
      respond(482);
      return;
    }
    // §16.3 step 5: Proxy-Require: we support no extension there.
    const proxyRequire = req.message.getAll('Proxy-Require');
    if (proxyRequire.length > 0 && req.method !== 'ACK') {
      respond(420, undefined, [{ name: 'Unsupported', value: proxyRequire.join(', ') }]);
      return;
    }
    // §16.4: our own Route values are removed; a flow token tells where the dialog goes.
    let token: FlowPair | undefined;
    for (const route of req.routes) {
      if (!this.tokens.isOurs(route.uri)) break;
      token = this.tokens.decode(route.uri) ?? token;
      req.message.removeFirst('Route');
    }

    if (req.method === 'REGISTER' && !token) {
      await this.onRegister(req, flow, respond);
      return;
    }

    const input: RoutingInput = {
      method: req.method,
      arrivalFlow: flow.id,
      ruri: { user: req.ruri.user, host: req.ruri.host, text: requestUri(req.message) },
      ...(req.toTag !== undefined ? { toTag: req.toTag } : {}),
      ...(token ? { token } : {}),
    };
    const isLocalOptions =
      req.method === 'OPTIONS' &&
      !token &&
      !req.ruri.user &&
      req.ruri.host.toLowerCase() === this.domain.toLowerCase();
    if (!isLocalOptions && requiresAuthentication(input)) {
      const auth = await this.options.auth.authenticate(
        req.message,
        req.method,
        'proxy',
        flow.remote.address,
      );
      if (st?.isFinal) return; // CANCELled meanwhile
      if (!auth.ok) {
        log.info(
          { tnx: 'auth', method: req.method, status: auth.status, why: auth.why },
          'request not authenticated',
        );
        respond(auth.status, undefined, auth.headers);
        return;
      }
      // The caller's identity must be the authenticated one (no spoofed From, §22.3 / §26.3.2).
      const fromUser = (req.from.uri.user ?? '').toLowerCase();
      if (fromUser !== auth.username || req.from.uri.host.toLowerCase() !== this.domain.toLowerCase()) {
        respond(403, 'Forbidden (From Does Not Match Credentials)');
        return;
      }
    }

    // RFC 3428 §7 store-and-forward: an out-of-dialog MESSAGE to a local user is stored (202/200) or
    // refused by the messaging room; only RFC 3994 isComposing is routed on like any request.
    if (
      req.method === 'MESSAGE' &&
      this.options.messaging &&
      !token &&
      req.toTag === undefined &&
      req.ruri.user &&
      req.ruri.host.toLowerCase() === this.domain.toLowerCase()
    ) {
      const verdict = await this.options.messaging.handleSipMessage({
        fromUser: (req.from.uri.user ?? '').toLowerCase(), // equals the digest user (checked above)
        toUser: req.ruri.user.toLowerCase(),
        contentType: req.message.get('Content-Type'),
        body: req.message.body,
        messageId: req.message.get('Parley-Message-Id'),
        callId: req.callId,
      });
      if (verdict.action === 'respond') {
        const headers = Object.entries(verdict.headers).map(([name, value]) => ({ name, value }));
        respond(verdict.status, verdict.reason, headers);
        return;
      }
    }

    // RFC 6665 notifier role: SUBSCRIBEs the service answers itself (RFC 3842 message-summary).
    if (
      req.method === 'SUBSCRIBE' &&
      this.options.subscriptions &&
      st &&
      !token &&
      req.ruri.host.toLowerCase() === this.domain.toLowerCase() &&
      this.options.subscriptions.handleSubscribe(
        toLocalSubscribe(req, (req.from.uri.user ?? '').toLowerCase(), flow, st.toTag, respond),
      )
    ) {
      return;
    }

    const decision = await decideRoute(input, this.facts);
    if (st?.isFinal) return; // CANCELled meanwhile
    if (req.method === 'BYE' && req.fromTag && req.toTag) {
      this.options.presence.dialogEnded(req.callId, req.fromTag, req.toTag);
    }
    log.debug({ tnx: 'route', method: req.method, callId: req.callId, decision: decision.kind }, 'routed');
    if (req.method === 'ACK') {
      if (decision.kind === 'forward' && decision.targets[0]) this.forwardStateless(req, decision.targets[0]);
      return;
    }
    if (!st) return;
    if (decision.kind === 'respond') respond(decision.status, decision.reason);
    else if (decision.kind === 'local') respond(200, undefined, optionsHeaders());
    else {
      const ctx = new ProxyContext(this, st, decision);
      st.context = ctx;
      ctx.start();
    }
  }

  private async onRegister(
    req: ParsedRequest,
    flow: Flow,
    respond: (s: number, r?: string, h?: SipMessage['headers']) => void,
  ): Promise<void> {
    if (req.ruri.host.toLowerCase() !== this.domain.toLowerCase()) {
      respond(404, 'Not Found (Domain Not Served)');
      return;
    }
    const auth = await this.options.auth.authenticate(
      req.message,
      'REGISTER',
      'registrar',
      flow.remote.address,
    );
    if (!auth.ok) {
      this.logger.info({ tnx: 'register', status: auth.status, why: auth.why }, 'register not authenticated');
      respond(auth.status, undefined, auth.headers);
      return;
    }
    const result = this.options.registrar.register(req, flow.id, auth.username);
    this.logger.debug(
      { tnx: 'register', user: auth.username, flow: flow.id, status: result.status },
      'register',
    );
    respond(result.status, 'reason' in result ? result.reason : undefined, result.headers);
    // Stored messages go out as soon as a device is there (RFC 3428 §7 store-and-forward).
    if (result.status === 200) this.options.messaging?.onBindingAdded(auth.username);
  }

  /** §16.10 CANCEL: 200 to the CANCEL, then cancel the pending branches of the INVITE. */
  private onCancel(flow: Flow, req: ParsedRequest, inviteKey: string): void {
    const invite = this.servers.get(inviteKey);
    if (!invite || invite.flowId !== flow.id) {
      this.sendTo(flow.id, buildResponse(req.message, 481, { toTag: randomBytes(5).toString('hex') }));
      return;
    }
    this.sendTo(flow.id, buildResponse(req.message, 200, { toTag: invite.toTag }));
    if (invite.context) invite.context.callerCancelled(req.message.get('Reason'));
    else if (!invite.isFinal) invite.respond(487);
  }

  /** ACK for a 2xx travels end to end, outside any transaction (§16.11-style forwarding). */
  private forwardStateless(req: ParsedRequest, target: { flowId: string; ruri?: string }): void {
    const copy = req.message.clone();
    if (target.ruri) copy.startLine = { kind: 'request', method: req.method, uri: target.ruri };
    copy.set('Max-Forwards', String((req.maxForwards ?? 71) - 1));
    const transport = this.flowTransport(target.flowId) ?? 'WS';
    copy.prepend('Via', `SIP/2.0/${transport} ${this.viaHost};branch=${newBranch(loopHash(req))}`);
    this.sendTo(target.flowId, copy);
  }

  // ---- responses ------------------------------------------------------------------------------
  /** §16.7 step 1–2: the response must carry our Via on top, with a branch we know; else dropped. */
  onResponse(_flow: Flow, res: ParsedResponse): void {
    const top = res.vias[0];
    if (!top?.branch || top.host.toLowerCase() !== this.viaHost.toLowerCase()) {
      this.logger.debug({ tnx: 'response', status: res.status }, 'response not for us: dropped');
      return;
    }
    // A device's answer to a MESSAGE the service itself sent (delivery or receipt).
    const phrase = res.message.startLine.kind === 'response' ? res.message.startLine.reason : undefined;
    if (this.options.deviceSender?.onResponse(top.branch, res.status, phrase)) return;
    // A subscriber's answer to a NOTIFY the service sent (MWI).
    if (this.options.subscriptions?.onResponse(top.branch, res.status)) return;
    const branch = this.branches.get(top.branch);
    if (!branch) return;
    if (res.cseqMethod === 'CANCEL') return; // 200 to our CANCEL: nothing to do
    if (branch.request.startLine.kind !== 'request' || res.cseqMethod !== branch.request.startLine.method)
      return;
    branch.context.onResponse(branch, res);
  }

  onFlowClosed(flowId: string): void {
    for (const st of [...this.servers.values()]) st.context?.onFlowClosed(flowId);
  }

  close(): void {
    for (const t of this.cleanups) clearTimeout(t);
    this.cleanups.clear();
    for (const st of this.servers.values()) st.context?.dispose();
    this.servers.clear();
    this.branches.clear();
  }

  get stats(): { servers: number; branches: number } {
    return { servers: this.servers.size, branches: this.branches.size };
  }
}

function optionsHeaders(): SipMessage['headers'] {
  return [
    { name: 'Allow', value: ALLOW },
    { name: 'Accept', value: 'application/sdp' },
  ];
}

function requestUri(message: SipMessage): string {
  return message.startLine.kind === 'request' ? message.startLine.uri : '';
}

/** Server transaction key (§17.2.3): top Via branch + sent-by + method (ACK/CANCEL → INVITE). */
function serverKey(req: ParsedRequest, method: string): string {
  const top = req.vias[0];
  if (top?.branch?.startsWith('z9hG4bK')) return `${top.branch}|${top.host}:${top.port ?? ''}|${method}`;
  // RFC 2543 clients: fall back on the dialog/request identifiers.
  return `${req.callId}|${req.fromTag ?? ''}|${req.cseq}|${method}|${requestUri(req.message)}`;
}
