/**
 * A Parley messaging user in Node against the REAL service: the real phone engine (SIP.js over `ws`,
 * digest auth with the session token, fake media) and a `MessagingClient` on `engine.messaging`, with
 * the history API over HTTP (bearer token), as the web app wires it.
 *
 * `arrivals` counts every MESSAGE the device received per `Parley-Message-Id` (before the client's
 * dedup), so tests can prove each device got each message exactly once.
 */
import WebSocket from 'ws';
import { silentLogger } from '../../../../common/logger.js';
import { MESSAGE_ID_HEADER } from '../../../../common/messaging-types.js';
import { createPhoneEngine } from '../../../../renderer/src/engine/create-phone-engine.js';
import type { PhoneEngine } from '../../../../renderer/src/engine/phone-engine-contract.js';
import { MessagingClient, type FetchJson } from '../../../../renderer/src/messaging/messaging-client.js';
import type { MessagingTransport } from '../../../../renderer/src/messaging/messaging-transport.js';
import { fakeSessionDescriptionHandlerFactory } from '../../../support/sip/fake-session-description-handler.js';

// SIP.js's transport uses the global WebSocket (FIELD-NOTES); Node 20 has none.
if (!('WebSocket' in globalThis)) (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;

export interface MessagingPeer {
  readonly user: string;
  readonly engine: PhoneEngine;
  readonly transport: MessagingTransport;
  readonly client: MessagingClient;
  /** MESSAGEs received by this device per `Parley-Message-Id` (chat only). */
  readonly arrivals: Map<string, number>;
  stop(): Promise<void>;
}

export interface PeerOptions {
  readonly user: string;
  readonly token: string;
  readonly baseUrl: string;
  readonly sipUrl: string;
  readonly domain: string;
}

/** `fetchJson` as the app has it: JSON over HTTP with `Authorization: Bearer TOKEN`; throws on errors. */
export function bearerFetch(baseUrl: string, token: string): FetchJson {
  return async (path, init) => {
    const res = await fetch(baseUrl + path, {
      method: init?.method ?? 'GET',
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  };
}

export async function startMessagingPeer(opts: PeerOptions): Promise<MessagingPeer> {
  const engine = createPhoneEngine({
    sipUrl: opts.sipUrl,
    domain: opts.domain,
    username: opts.user,
    password: opts.token,
    iceServers: [],
    sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory,
    logger: silentLogger,
    clock: { now: () => Date.now() },
    reconnectDelayMs: { initial: 100, max: 500 },
  });
  const transport = engine.messaging;
  if (!transport) throw new Error('the phone engine has no messaging transport');
  const arrivals = new Map<string, number>();
  transport.onMessage((m) => {
    const id = m.header(MESSAGE_ID_HEADER);
    if (id && m.contentType.startsWith('text/plain')) arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
  });
  const client = new MessagingClient({
    transport,
    self: opts.user,
    domain: opts.domain,
    fetchJson: bearerFetch(opts.baseUrl, opts.token),
  });
  await engine.start();
  return {
    user: opts.user,
    engine,
    transport,
    client,
    arrivals,
    async stop() {
      client.dispose();
      await engine.stop();
    },
  };
}
