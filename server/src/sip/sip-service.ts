/**
 * Entry point of the SIP room: wires the WebSocket transport, the SIP core, the registrar, the
 * stateful proxy and presence. See sip-service-contract.ts for the door to the rest of the service.
 */
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { PresenceStatus } from '../../../common/api-types.js';
import { createSignInThrottle } from '../accounts/sign-in-throttle.js';
import { ServiceDeviceSender } from '../messaging/device-sender.js';
import { createAuthenticator } from './auth/authenticator.js';
import { createNonceManager } from './auth/nonce.js';
import { PresenceTracker } from './presence/presence-tracker.js';
import { createFlowTokenCodec } from './proxy/flow-token.js';
import type { RoutingFacts } from './proxy/routing.js';
import { StatefulProxy } from './proxy/stateful-proxy.js';
import { BindingStore } from './registrar/binding-store.js';
import { Registrar } from './registrar/registrar.js';
import { SipCore } from './sip-core.js';
import type { SipService, SipServiceOptions } from './sip-service-contract.js';
import { createWsTransport } from './transport/ws-transport.js';

export function createSipService(options: SipServiceOptions): SipService {
  const logger = options.logger.child({ room: 'sip' });
  const now = options.now ?? Date.now;
  const secret = randomBytes(32);
  const maxMessageBytes = options.maxMessageBytes ?? 65_536;

  // Callbacks below refer to objects built further down; none is called during construction.
  const store = new BindingStore(now, (username) => presence.emit(username));
  const presence = new PresenceTracker((username) => store.list(username).length);
  const registrar = new Registrar({ domain: options.domain, store, now });
  const nonces = createNonceManager({
    secret,
    now,
    ...(options.nonceLifetimeMs ? { lifetimeMs: options.nonceLifetimeMs } : {}),
  });
  // Failed digest answers are limited like HTTP sign-ins (10 per minute per user and address).
  const auth = createAuthenticator(options.domain, options.secrets, nonces, createSignInThrottle({ now }));
  const tokens = createFlowTokenCodec(options.domain, secret);

  const core: SipCore = new SipCore({
    logger,
    maxMessageBytes,
    proxy: () => proxy,
    onFlowClosed: (flow) => {
      logger.debug({ tnx: 'ws-close', flow: flow.id }, 'sip flow closed');
      store.removeFlow(flow.id);
      proxy.onFlowClosed(flow.id);
      devices.onFlowClosed(flow.id);
      options.subscriptions?.onFlowClosed(flow.id);
      presence.flowClosed(flow.id);
    },
  });
  const facts: RoutingFacts = {
    domain: options.domain,
    flowAlive: (id) => core.flows.has(id),
    userExists: (u) => options.secrets.userExists(u),
    bindings: (u) => store.list(u),
    bindingByUri: (uri) => store.findByUri(uri),
    ...(options.divert ? { divert: options.divert } : {}),
  };
  // The service as a UAC for stored messages and receipts (RFC 3428 §6); responses come back through
  // the proxy, matched on our Via host (= the proxy's viaHost, the domain) and branch.
  const devices = new ServiceDeviceSender({
    viaHost: options.domain,
    bindings: (u) => store.list(u),
    flow: (id) => core.flows.get(id),
  });
  const proxy = new StatefulProxy({
    domain: options.domain,
    logger,
    flow: (id) => core.flows.get(id),
    tokens,
    facts,
    auth,
    registrar,
    presence,
    noAnswerTimeoutMs: options.noAnswerTimeoutMs ?? 30_000,
    ...(options.messaging ? { messaging: options.messaging, deviceSender: devices } : {}),
    ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
    ...(options.ringTimeoutMs ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
  });
  const transport = createWsTransport({
    events: core,
    logger,
    maxFrameBytes: maxMessageBytes * 4,
    pingIntervalMs: 30_000,
  });
  const sweeper = setInterval(() => store.sweep(), 5_000);
  sweeper.unref();

  return {
    attach(server: HttpServer, path = '/sip'): void {
      transport.attach(server, path);
      logger.info({ tnx: 'attach', path, domain: options.domain }, 'sip over websocket ready');
    },
    presenceOf(username: string): PresenceStatus {
      return presence.presenceOf(username);
    },
    onPresenceChange(listener: (username: string) => void): () => void {
      return presence.onChange(listener);
    },
    sendToDevices: devices.send,
    async close(): Promise<void> {
      devices.close();
      clearInterval(sweeper);
      proxy.close();
      await transport.close();
    },
  };
}
