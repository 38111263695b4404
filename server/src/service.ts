/**
 * Wires the service together: store → accounts/directory → SIP room → one HTTP server that carries the
 * JSON API, the web client and (on `/sip`) SIP over WebSocket (RFC 7118), all on one port.
 */
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../common/logger.js';
import { RESERVED_USERNAMES } from '../../common/username-rules.js';
import { createAccountService, type AccountService } from './accounts/account-service.js';
import { createDigestSecretSource } from './accounts/digest-secret-source.js';
import { createDirectory } from './accounts/directory.js';
import { createCallHistory, type CallCostLookup, type CallHistory } from './calls/call-history.js';
import { addCallHistoryRoutes } from './calls/call-history-routes.js';
import { addRecordingRoutes } from './recordings/recording-routes.js';
import type { ParleyConfig } from './config.js';
import { createApiRoutes } from './http/api-routes.js';
import { createEventStreams } from './http/event-stream.js';
import { createHttpApp, type RegisteredRoute } from './http/http-app.js';
import { createStaticFiles } from './http/static-files.js';
import { isPermanentDeliveryFailure } from './messaging/delivery-failure.js';
import { createMessagingHttpHandlers } from './messaging/http-handlers.js';
import { MessagingService } from './messaging/messaging-service.js';
import type { RateLimitOptions } from './messaging/rate-limiter.js';
import { addStatusRoutes } from './presence/http-routes.js';
import { createAddressBook } from './contacts/address-book.js';
import { addContactRoutes } from './contacts/contact-routes.js';
import { createPresenceService, PRESENCE_EVENT } from './presence/presence-service.js';
import { MWI_EVENT } from './mwi/mwi-notifier.js';
import { combineSubscriptionHooks } from './subscriptions/subscription-hooks.js';
import { createRtpengineRelay } from './media-relay/rtpengine-relay.js';
import { createServiceGateway, type Gateway } from './gateway/service-gateway.js';
import { addPstnRoutes, phoneCallCost } from './gateway/http-routes.js';
import { createSipService } from './sip/sip-service.js';
import type { ListenerSpec, SipService, SipServiceOptions } from './sip/sip-service-contract.js';
import { openStore } from './store/open-store.js';
import {
  createVoicemailService,
  type VoicemailService,
  type VoicemailServiceOptions,
} from './voicemail/voicemail-service.js';
import { addVoicemailRoutes } from './voicemail/voicemail-routes.js';
import { startEchoService } from './agents/echo/echo-service.js';
import type { Store } from './store/store.js';
import { createGatewayB2bua, type GatewayB2bua } from './gateway/b2bua/gateway-b2bua.js';
import type { GatewayPolicy } from './gateway/gateway-policy.js';

export const SIP_PATH = '/sip';

export interface RunningService {
  /** e.g. `http://127.0.0.1:8080` (loopback when bound to every interface). */
  readonly url: string;
  /** e.g. `ws://127.0.0.1:8080/sip` */
  readonly sipUrl: string;
  readonly port: number;
  /** The pieces, for tests and in-process tools (agents, benchmarks). */
  readonly store: Store;
  readonly sip: SipService;
  readonly accounts: AccountService;
  /** Store-and-forward text messaging (issue 3). */
  readonly messaging: MessagingService;
  /** Voicemail (issue 6): agent, outbox, the service's store, MWI. */
  readonly voicemail: VoicemailService;
  /** PSTN gateway policy (issue 11) when `PARLEY_GATEWAY_FILE` is set; `reload()` on SIGHUP. */
  readonly gateway: Gateway | undefined;
  /** Call history (issue 13 item 6); `calls.observer` takes reports from user agents of the service. */
  readonly calls: CallHistory;
  /** Every route of the HTTP server, as Fastify registered it (server/src/http/http-app.ts). */
  readonly httpRoutes: readonly RegisteredRoute[];
  /** Graceful: stop accepting, close SIP (1001), event streams, HTTP, then the database. Idempotent. */
  close(): Promise<void>;
}

export interface StartServiceOptions {
  /** Replaces `createSipService` (tests of the HTTP side with a fake SIP room). */
  readonly createSip?: (options: SipServiceOptions) => SipService;
  /** How long `close()` waits for in-flight HTTP requests before cutting them. */
  readonly closeGraceMs?: number;
  /** Per-user MESSAGE send limit (default 20 burst, 20/s); benchmarks lift it. */
  readonly messagingRateLimit?: RateLimitOptions;
  /** Voicemail test hooks: outbox retry timing, agent call progress. */
  readonly voicemail?: Pick<VoicemailServiceOptions, 'retry' | 'onAgentEvent'>;
  /** What a call cost (`cost` of call history entries); none by default. */
  readonly callCost?: CallCostLookup;
  /** Replaces the gateway file's policy (tests of the SIP path with a policy of their own). */
  readonly gatewayPolicy?: GatewayPolicy;
}

export async function startService(
  config: ParleyConfig,
  logger: Logger,
  options: StartServiceOptions = {},
): Promise<RunningService> {
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    logger: logger.child({ room: 'store' }),
  });
  // Issue 11: created first, so a bad gateway file fails start-up with its one line and the B2BUA can use it.
  const gateway = await createServiceGateway(config, store, logger);
  const now = Date.now;
  const sweepSessions = (): void => {
    store.sessions.deleteExpired(now()).catch((error: unknown) => {
      logger.warn({ tnx: 'session-sweep', err: String(error) }, 'expired sessions not swept');
    });
  };
  sweepSessions();
  const sweep = setInterval(sweepSessions, 60 * 60 * 1000);
  sweep.unref();

  const messaging = new MessagingService({
    store: store.messages,
    domain: config.domain,
    // Agents (reserved names) do not take chat: a MESSAGE to them is refused (404), not stored forever.
    userExists: async (u) => !RESERVED_USERNAMES.has(u) && (await store.accounts.get(u)) !== undefined,
    logger: logger.child({ room: 'messaging' }),
    // Devices are the SIP room's bindings (built below): no binding here, no delivery pass.
    hasDevices: (u) => sip.presenceOf(u) !== 'offline',
    ...(options.messagingRateLimit ? { rateLimit: options.messagingRateLimit } : {}),
  });
  const voicemail = createVoicemailService({
    store,
    domain: config.domain,
    enabled: config.voicemail === true,
    smtpUrl: config.smtpUrl,
    noAnswerTimeoutMs: config.noAnswerTimeoutMs,
    iceServers: config.iceServers,
    loopbackMedia: config.host === '127.0.0.1' || config.host === '::1' || config.host === 'localhost',
    accounts: () => accounts,
    logger,
    onChange: (username, summary) => events.publish(username, 'voicemail', summary),
    ...options.voicemail,
  });

  // Call history (issue 13 item 6): the SIP room reports every call it forwards.
  const calls = createCallHistory({
    repository: store.callHistory,
    now,
    logger: logger.child({ room: 'calls' }),
    publish: (username, change) => events.publish(username, 'calls', change),
    isListening: (username) => events.listening(username),
    displayNameOf: async (username) => (await store.accounts.get(username))?.displayName,
    // A phone call's history entry shows what the gateway billed for it (its call detail record).
    ...(options.callCost
      ? { cost: options.callCost }
      : gateway
        ? { cost: async (username, callId) => phoneCallCost(await gateway.callRecord(username, callId)) }
        : {}),
  });

  const presence = createPresenceService({
    store: store.statuses,
    domain: config.domain,
    userExists: async (u) => (await store.accounts.get(u)) !== undefined,
    logger,
    now,
  });

  // Calls between WebRTC and plain RTP phones anchor their media in rtpengine (issue 10); without
  // PARLEY_RTPENGINE the SIP room answers them 488.
  const mediaRelay =
    config.rtpengine === undefined
      ? undefined
      : createRtpengineRelay({ address: config.rtpengine, logger: logger.child({ room: 'media-relay' }) });
  // The B2BUA (issue 11) takes calls to phone numbers and from trunks when a policy is in force.
  const gatewayPolicy = options.gatewayPolicy ?? gateway;
  let b2bua: GatewayB2bua | undefined;
  const sip = (options.createSip ?? createSipService)({
    domain: config.domain,
    secrets: createDigestSecretSource(store, config.domain, now),
    logger: logger.child({ room: 'sip' }),
    noAnswerTimeoutMs: config.noAnswerTimeoutMs,
    now,
    // The messaging room answers synchronously; the SIP hook is asynchronous (a store may be remote).
    messaging: {
      handleSipMessage: async (request) => messaging.handleSipMessage(request),
      onBindingAdded: (user) => messaging.onBindingAdded(user),
    },
    isPermanentDeliveryFailure,
    listeners: sipListeners(config),
    ...(mediaRelay ? { mediaRelay } : {}),
    calls: calls.observer,
    ...(gatewayPolicy
      ? {
          gateway: (link) => (b2bua = createGatewayB2bua(link, { policy: gatewayPolicy, logger })),
        }
      : {}),
    ...voicemail.sipOptions,
    ...presence.sipOptions,
    // RFC 6665 notifier: message-summary (voicemail) and presence (RFC 3856); other events get 489.
    subscriptions: combineSubscriptionHooks([
      ...(voicemail.sipOptions.subscriptions
        ? [{ events: [MWI_EVENT], hooks: voicemail.sipOptions.subscriptions }]
        : []),
      { events: [PRESENCE_EVENT], hooks: presence.subscriptions },
    ]),
    ...config.sipLimits,
  });
  messaging.setDeviceSender(sip.sendToDevices);
  const feed = presence.attach(sip);
  const accounts = createAccountService({
    store,
    domain: config.domain,
    now,
    onSessionRevoked: (tokenHash) => sip.revokeCredential?.(tokenHash),
  });
  const directory = createDirectory({
    store,
    domain: config.domain,
    presenceOf: feed.presenceOf,
    statusOf: feed.statusOf,
    now,
  });
  const events = createEventStreams(feed);

  let boundHost = `${config.host}:${config.port}`;
  const routes = createApiRoutes({
    accounts,
    directory,
    events,
    clientConfig: { ...config, sipListeners: () => sip.listeners.map((l) => l.uri) },
    boundHost: () => boundHost,
    messaging: createMessagingHttpHandlers(messaging),
  });
  addVoicemailRoutes(routes, { accounts, box: voicemail.box });
  addPstnRoutes(routes, { accounts, gateway });
  addCallHistoryRoutes(routes, { accounts, history: calls });
  addStatusRoutes(routes, { accounts, statuses: presence.statuses });
  const book = createAddressBook({
    store,
    domain: config.domain,
    homeCountry: () => gateway?.config().homeCountry,
    presenceOf: feed.presenceOf,
    statusOf: feed.statusOf,
    now,
  });
  addContactRoutes(routes, { accounts, book });
  addRecordingRoutes(routes, { accounts, recordings: store.recordings, policy: config.recording ?? 'off' });
  const httpApp = await createHttpApp({
    routes,
    staticFiles: createStaticFiles(config.webRoot),
    logger: logger.child({ room: 'http' }),
  });
  const server = httpApp.app.server;
  sip.attach(server, SIP_PATH);
  // Upgrades anywhere else: refuse, or the socket would hang (the SIP room ignores other paths).
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    if ((req.url ?? '').split('?')[0] === SIP_PATH) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  try {
    await presence.start();
    await sip.listen(); // a SIP port in use fails start-up with one line naming it
    b2bua?.start(); // REGISTERs to trunks go out on the listeners just bound
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(sweep);
    events.closeAll();
    presence.close();
    await voicemail.close();
    await sip.close();
    mediaRelay?.close();
    await messaging.close();
    await store.close();
    throw error;
  }

  const port = (server.address() as AddressInfo).port;
  const host = displayHost(config.host);
  boundHost = `${host}:${port}`;
  const url = `http://${boundHost}`;
  const sipUrl = `ws://${boundHost}${SIP_PATH}`;
  // The agent registers over this very server, like any client.
  await voicemail.start(sipUrl);
  // The echo test agent (echo@DOMAIN, "Check my setup"): registers over this server like the voicemail one.
  const echo =
    config.echo === true
      ? await startEchoService({
          sipUrl,
          domain: config.domain,
          accounts,
          logger,
          loopbackOnly: config.host === '127.0.0.1' || config.host === '::1' || config.host === 'localhost',
          iceServers: config.iceServers,
        })
      : undefined;
  logger.info(
    {
      tnx: 'listen',
      host: config.host,
      port,
      domain: config.domain,
      store: store.backend,
      ...(store.backend === 'sqlite' ? { dataDir: config.dataDir } : {}),
    },
    'service listening',
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info({ tnx: 'close' }, 'service closing');
      clearInterval(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      events.closeAll();
      presence.close();
      await voicemail.close(); // the agent hangs up and unregisters while SIP still runs
      await echo?.stop();
      b2bua?.close(); // BYE/CANCEL both ways while SIP still runs
      try {
        await sip.close();
      } catch (error) {
        logger.warn({ tnx: 'close', err: String(error) }, 'sip close failed');
      }
      mediaRelay?.close();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 2000);
      await closed;
      clearTimeout(grace);
      // After HTTP is closed: a history request in its grace period still finds the database open.
      await messaging.close();
      await calls.settled();
      await store.close();
      logger.info({ tnx: 'close' }, 'service closed');
    })();
    return closing;
  };

  const httpRoutes = httpApp.registered;
  return { url, sipUrl, port, store, sip, accounts, messaging, voicemail, gateway, calls, httpRoutes, close };
}

/** The UDP/TCP/TLS listeners of the configuration (TLS with its PEM files read now). */
function sipListeners(config: ParleyConfig): ListenerSpec[] {
  const out: ListenerSpec[] = [];
  if (config.sipUdp) out.push({ protocol: 'udp', ...config.sipUdp });
  if (config.sipTcp) out.push({ protocol: 'tcp', ...config.sipTcp });
  if (config.sipTls) {
    const { host, port, cert, key } = config.sipTls;
    out.push({
      protocol: 'tls',
      host,
      port,
      tls: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) },
    });
  }
  return out;
}

/** The address a local client should use: loopback for wildcard binds, brackets for IPv6. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
