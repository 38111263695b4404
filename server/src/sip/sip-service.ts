/**
 * Entry point of the SIP room: wires the layers bottom-up — transports (WebSocket, UDP/TCP/TLS
 * listeners) → message parsing → transactions → core (validation, authentication, registrar, local
 * handlers) → proxy — and presence. See sip-service-contract.ts for the door to the rest of the service.
 */
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { PresenceStatus } from '../../../common/api-types.js';
import { createFailureThrottle } from '../../../common/failure-throttle.js';
import { createAuthenticator } from './core/auth/authenticator.js';
import { createNonceManager } from './core/auth/nonce.js';
import { CredentialFlows } from './core/auth/credential-flows.js';
import { SubscriptionLimit } from './core/limits/subscription-limit.js';
import { DEFAULT_SOURCE_LIMITS, SourceGuard } from './transport/source-guard.js';
import { ServiceDeviceSender } from './core/local/device-sender.js';
import { PresenceTracker } from './core/presence/presence-tracker.js';
import { BindingStore } from './core/registrar/binding-store.js';
import { Registrar } from './core/registrar/registrar.js';
import { createRequestPipeline } from './core/request-pipeline.js';
import { SipCore } from './core/sip-core.js';
import { parseMessage } from './message/parse-message.js';
import { FlowSuccession } from './proxy/flow-succession.js';
import { createFlowTokenCodec } from './proxy/flow-token.js';
import type { RoutingFacts } from './proxy/routing.js';
import { StatefulProxy } from './proxy/stateful-proxy.js';
import type { SipService, SipServiceOptions } from './sip-service-contract.js';
import { DEFAULT_TIMERS } from './transaction/timers.js';
import { TransactionLayer } from './transaction/transaction-layer.js';
import type { Flow, SipTransport } from './transport/flow.js';
import type { SipGatewayHook } from './core/gateway-hook.js';
import { listenerUri, reachableHost, type SipListenerInfo } from './transport/listeners.js';
import { createStreamTransport, type StreamTransport } from './transport/stream-transport.js';
import { createUdpTransport, type UdpTransport } from './transport/udp-transport.js';
import { createWsTransport } from './transport/ws-transport.js';

export function createSipService(options: SipServiceOptions): SipService {
  const logger = options.logger.child({ room: 'sip' });
  const now = options.now ?? Date.now;
  const secret = randomBytes(32);
  const maxMessageBytes = options.maxMessageBytes ?? 65_536;
  const timers = options.timers ?? DEFAULT_TIMERS;
  const domain = options.domain.toLowerCase();
  let bound: SipListenerInfo[] = [];
  const udp: UdpTransport[] = [];
  const plain: SipTransport[] = [];
  let tcp: StreamTransport | undefined;
  /** Our listener addresses are names of this service too (Request-URI, Route, Via hosts). */
  const isAlias = (host: string, port?: number): boolean =>
    bound.some((l) => sameHost(reachableHost(l.host), host) && (port === undefined || port === l.port));
  const isLocal = (host: string, port?: number): boolean =>
    host.toLowerCase() === domain || isAlias(host, port);

  // Callbacks below refer to objects built further down; none is called during construction.
  // A UA that registers again on a new connection takes its dialogs along (proxy/flow-succession.ts).
  const succession = new FlowSuccession(now);
  const store = new BindingStore(
    now,
    (username) => presence.emit(username),
    (binding, previous) => succession.bound(binding, previous),
  );
  const presence = new PresenceTracker((username) => store.list(username).length);
  const registrar = new Registrar({
    domain: options.domain,
    store,
    now,
    isAlias: (h) => isAlias(h),
    ...(options.maxBindingsPerUser !== undefined ? { maxBindingsPerUser: options.maxBindingsPerUser } : {}),
  });
  const nonces = createNonceManager({
    secret,
    now,
    ...(options.nonceLifetimeMs ? { lifetimeMs: options.nonceLifetimeMs } : {}),
    ...(options.maxNonces !== undefined ? { maxEntries: options.maxNonces } : {}),
  });
  const credentialFlows = new CredentialFlows();
  const subscriptionLimit = new SubscriptionLimit(options.maxSubscriptionsPerUser ?? 500, now);
  const guard =
    options.sourceLimits === false
      ? undefined
      : new SourceGuard({
          limits: { ...DEFAULT_SOURCE_LIMITS, ...options.sourceLimits },
          now,
          onBan: (address, why) => {
            logger.warn({ tnx: 'ban', remote: address, why }, 'source banned');
            core.closeSource(address);
          },
        });
  // Failed digest answers are limited like HTTP sign-ins (10 per minute per user and address).
  const throttle = options.authThrottle ?? createFailureThrottle({ now });
  const auth = createAuthenticator(options.domain, options.secrets, nonces, throttle);
  const tokens = createFlowTokenCodec(options.domain, secret, (h) => isAlias(h));
  const transactions = new TransactionLayer(timers);

  const core: SipCore = new SipCore({
    logger,
    maxMessageBytes,
    transactions,
    pipeline: () => pipeline,
    resolveFlow: (id) => {
      for (const u of udp) {
        const flow = u.flowById(id);
        if (flow) return flow;
      }
      return undefined;
    },
    otherResponses: (branch, status, reason) =>
      // A device's answer to a MESSAGE the service itself sent, or a subscriber's to a NOTIFY (MWI).
      devices.onResponse(branch, status, reason) ||
      (options.subscriptions?.onResponse(branch, status) ?? false),
    ...(guard ? { guard } : {}),
    ...(options.maxHeaderFields !== undefined ? { maxHeaderFields: options.maxHeaderFields } : {}),
    ...(options.maxHeaderBytes !== undefined ? { maxHeaderBytes: options.maxHeaderBytes } : {}),
    onFlowClosed: (flow) => {
      logger.debug({ tnx: 'flow-close', flow: flow.id }, 'sip flow closed');
      credentialFlows.flowClosed(flow.id);
      subscriptionLimit.flowClosed(flow.id);
      succession.flowClosed(store.removeFlow(flow.id));
      proxy.onFlowClosed(flow.id);
      devices.onFlowClosed(flow.id);
      options.subscriptions?.onFlowClosed(flow.id);
      presence.flowClosed(flow.id);
    },
  });
  // The PSTN gateway's in-process flow (gateway-hook.ts): reliable, plain media profile, delivered
  // asynchronously both ways so the core and the gateway never call into each other re-entrantly.
  let gateway: SipGatewayHook | undefined;
  const gatewayFlow: Flow = {
    id: 'gw' + randomBytes(4).toString('hex'),
    transport: 'TCP',
    remote: { address: '127.0.0.1', port: 0 },
    send(text: string): boolean {
      const hook = gateway;
      if (!hook) return false;
      queueMicrotask(() => hook.fromCore(text));
      return true;
    },
    close(): void {},
  };
  const facts: RoutingFacts = {
    domain: options.domain,
    flowAlive: (id) => core.flows.has(id),
    userExists: (u) => options.secrets.userExists(u),
    bindings: (u) => store.list(u),
    bindingByUri: (uri) => store.findByUri(uri),
    isAlias,
    ...(options.divert ? { divert: options.divert } : {}),
    ...(options.doNotDisturb ? { doNotDisturb: options.doNotDisturb } : {}),
    gatewayFlow: (ruri) => (gateway?.isPhoneUri(ruri) ? gatewayFlow.id : undefined),
  };
  // The service as a UAC for stored messages and receipts (RFC 3428 §6).
  const devices = new ServiceDeviceSender({
    viaHost: options.domain,
    bindings: (u) => store.list(u),
    flow: (id) => core.flows.get(id),
    ...(options.isPermanentDeliveryFailure ? { isPermanentFailure: options.isPermanentDeliveryFailure } : {}),
    // Through the transaction layer, so a MESSAGE to a UDP phone is retransmitted (Timer E).
    sendRequest: (flowId, branch, text, onFinal) => {
      const flow = core.flows.get(flowId);
      const parsed = parseMessage(text, { maxBytes: Number.MAX_SAFE_INTEGER });
      if (!flow || !parsed.ok) return false;
      transactions.sendRequest(flow, branch, parsed.value.message, {
        onResponse: (res) => {
          const reason = res.message.startLine.kind === 'response' ? res.message.startLine.reason : undefined;
          if (res.status >= 200) onFinal(res.status, reason);
        },
        onTimeout: () => onFinal(408),
        onTransportError: () => onFinal(503),
      });
      return true;
    },
  });
  const proxy = new StatefulProxy({
    domain: options.domain,
    logger,
    flow: (id) => core.flows.get(id),
    tokens,
    successor: (id) => succession.current(id),
    facts,
    presence,
    transactions,
    noAnswerTimeoutMs: options.noAnswerTimeoutMs ?? 30_000,
    lingerMs: 64 * timers.t1,
    isOurHost: (h) => isLocal(h),
    tcpTo: async (address, port) => {
      if (!tcp) throw new Error('no TCP listener');
      return tcp.connect(address, port);
    },
    ...(options.ringTimeoutMs ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
    ...(options.mediaRelay ? { mediaRelay: options.mediaRelay } : {}),
    ...(options.calls ? { calls: options.calls } : {}),
  });
  if (options.gateway) {
    gateway = options.gateway({
      domain: options.domain,
      toCore: (text) => queueMicrotask(() => core.onFlowMessage(gatewayFlow, text)),
      async flowTo(transport, address, port) {
        if (transport === 'udp') {
          const socket = udp[0];
          if (!socket)
            throw new Error('the gateway needs a SIP UDP listener (PARLEY_SIP_UDP) for UDP trunks');
          return socket.flowTo(address, port);
        }
        if (transport === 'tcp' && tcp) return tcp.connect(address, port);
        throw new Error(`no SIP ${transport.toUpperCase()} listener for the trunk at ${address}:${port}`);
      },
      sendRequest: (flow, branch, request, user) => transactions.sendRequest(flow, branch, request, user),
    });
    core.onFlowOpen(gatewayFlow);
  }
  const pipeline = createRequestPipeline({
    domain: options.domain,
    logger,
    auth,
    registrar,
    router: () => proxy,
    isLocal,
    ...(options.messaging ? { messaging: options.messaging } : {}),
    ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
    ...(gateway ? { gateway: { hook: gateway, flowId: gatewayFlow.id } } : {}),
    subscriptionLimit,
    onAuthOutcome: (flow, outcome) => {
      if (outcome.ok) {
        if (outcome.credential !== undefined) credentialFlows.note(outcome.credential, flow.id);
      } else guard?.unauthenticated(flow.remote.address);
    },
  });
  const ws = createWsTransport({
    events: core,
    logger,
    maxFrameBytes: maxMessageBytes * 4,
    pingIntervalMs: 30_000,
    ...(guard ? { admit: (address: string) => guard.admitConnection(address) } : {}),
    trustedProxies: options.trustedProxies ?? ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
  });
  // Expiries of the tables that are otherwise pruned only when touched (README "Caps and expiries").
  const sweeper = setInterval(() => {
    store.sweep();
    nonces.sweep();
    subscriptionLimit.sweep();
    succession.sweep();
  }, 5_000);
  sweeper.unref();

  return {
    attach(server: HttpServer, path = '/sip'): void {
      ws.attach(server, path);
      logger.info({ tnx: 'attach', path, domain: options.domain }, 'sip over websocket ready');
    },
    async listen(): Promise<readonly SipListenerInfo[]> {
      const opened: SipListenerInfo[] = [];
      try {
        for (const spec of options.listeners ?? []) {
          const where =
            spec.protocol === 'udp'
              ? createUdpTransport({
                  host: spec.host,
                  port: spec.port,
                  events: core,
                  logger,
                  ...(guard ? { isBanned: (a: string) => guard.isBanned(a) } : {}),
                })
              : createStreamTransport({
                  protocol: spec.protocol,
                  host: spec.host,
                  port: spec.port,
                  events: core,
                  logger,
                  maxFrameBytes: maxMessageBytes * 4,
                  ...(spec.tls ? { tls: spec.tls } : {}),
                });
          plain.push(where);
          if (spec.protocol === 'udp') udp.push(where as UdpTransport);
          if (spec.protocol === 'tcp') tcp ??= where as StreamTransport;
          const { host, port } = await where.listen();
          opened.push({ protocol: spec.protocol, host, port, uri: listenerUri(spec.protocol, host, port) });
          bound = [...opened];
        }
      } catch (error) {
        await Promise.all(plain.splice(0).map((t) => t.close()));
        udp.length = 0;
        tcp = undefined;
        bound = [];
        throw error;
      }
      for (const l of bound) logger.info({ tnx: 'listen', uri: l.uri }, 'sip listener ready');
      return bound;
    },
    get listeners(): readonly SipListenerInfo[] {
      return bound;
    },
    transactionCounts: () => transactions.counts(),
    disconnectUser(username: string): number {
      const ids = new Set(store.list(username.toLowerCase()).map((b) => b.flowId));
      for (const id of ids) core.flows.get(id)?.close(1001, 'disconnected by the service');
      return ids.size;
    },
    tableSizes: (usernames) => ({
      transactions: transactions.counts(),
      proxy: proxy.stats,
      dialogs: presence.dialogCount,
      bindings: usernames.reduce((n, u) => n + store.list(u).length, 0),
    }),
    introspect: () => ({
      serverTransactions: transactions.counts().servers,
      clientTransactions: transactions.counts().clients,
      transactionTimers: transactions.timerCount(),
      proxyContexts: proxy.stats.servers,
      proxyBranches: proxy.stats.branches,
      proxyLingering: proxy.lingering,
      dialogs: presence.dialogCount,
      ringing: presence.ringingCount,
      bindings: store.total,
      flows: core.flowCount,
      subscriptions: subscriptionLimit.size,
      nonces: nonces.size(),
      credentialFlows: credentialFlows.size,
      flowSuccessions: succession.size,
      deviceRequests: devices.pending,
      sources: guard?.tracked ?? 0,
    }),
    presenceOf(username: string): PresenceStatus {
      return presence.presenceOf(username);
    },
    onPresenceChange(listener: (username: string) => void): () => void {
      return presence.onChange(listener);
    },
    sendToDevices: devices.send,
    revokeCredential(id: string): void {
      const removed = store.removeCredential(id);
      const flows = new Set([...credentialFlows.take(id), ...removed.map((b) => b.flowId)]);
      for (const flowId of flows) {
        const flow = core.flows.get(flowId);
        if (!flow) continue;
        // A connection ends with everything on it; a datagram peer's subscriptions end explicitly.
        if (flow.transport === 'UDP') {
          options.subscriptions?.onFlowClosed(flowId);
          subscriptionLimit.flowClosed(flowId);
        } else flow.close(1008, 'session revoked');
      }
      logger.info({ tnx: 'revoke', bindings: removed.length, flows: flows.size }, 'session token revoked');
    },
    bannedSources: () => guard?.banned() ?? [],
    async close(): Promise<void> {
      devices.close();
      clearInterval(sweeper);
      proxy.close();
      transactions.close();
      await Promise.all([ws.close(), ...plain.splice(0).map((t) => t.close())]);
    },
  };
}

function sameHost(a: string, b: string): boolean {
  const strip = (h: string): string => h.replace(/^\[|\]$/g, '').toLowerCase();
  return strip(a) === strip(b);
}
