/**
 * A messaging user in Node: a SIP.js 0.21 UserAgent over `ws`, registered, with the SIP.js transport
 * adapter and a MessagingClient on top (what the engine will provide in the app).
 */
import { Registerer, RegistererState, UserAgent } from 'sip.js';
import { WebSocket } from 'ws';
import { MessagingClient, type FetchJson } from '../../../../renderer/src/messaging/messaging-client.js';
import {
  createSipJsMessagingTransport,
  type SipJsMessagingTransport,
} from '../../../../renderer/src/messaging/sipjs-messaging-transport.js';

export interface NodeMessenger {
  readonly user: string;
  readonly ua: UserAgent;
  readonly transport: SipJsMessagingTransport;
  readonly client: MessagingClient;
  stop(): Promise<void>;
}

export async function startNodeMessenger(opts: {
  user: string;
  url: string;
  domain: string;
  fetchJson?: FetchJson;
}): Promise<NodeMessenger> {
  // SIP.js's web transport uses the global WebSocket; `ws` provides it in Node (FIELD-NOTES).
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= WebSocket;
  const uri = UserAgent.makeURI(`sip:${opts.user}@${opts.domain}`);
  if (!uri) throw new Error('bad uri');
  const ua = new UserAgent({
    uri,
    transportOptions: { server: opts.url },
    logLevel: 'error',
    logBuiltinEnabled: false,
  });
  const transport = createSipJsMessagingTransport(ua);
  const client = new MessagingClient({
    transport,
    self: opts.user,
    domain: opts.domain,
    ...(opts.fetchJson ? { fetchJson: opts.fetchJson } : {}),
  });
  await ua.start();
  const registerer = new Registerer(ua);
  await new Promise<void>((resolve, reject) => {
    registerer.stateChange.addListener((s) => {
      if (s === RegistererState.Registered) resolve();
    });
    registerer.register().catch(reject);
  });
  return {
    user: opts.user,
    ua,
    transport,
    client,
    async stop() {
      client.dispose();
      transport.dispose();
      await ua.stop();
    },
  };
}
