/**
 * A stand-in for the SIP proxy, for testing the messaging room end to end before it is wired into the
 * real one (server/src/sip). Real WebSocket on 127.0.0.1:0 (RFC 7118), parsing with SIP.js, and the
 * real MessagingService on a SQLite file. It does only what messaging needs and is NOT a proxy: no
 * digest auth (the sender is the From user), REGISTER just records the socket, isComposing is
 * re-originated to the recipient's sockets, and service MESSAGEs go out through `ServiceDeviceSender`
 * (the same class the real proxy is to use).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Core } from 'sip.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { silentLogger } from '../../../../common/logger.js';
import { MESSAGE_ID_HEADER } from '../../../../common/messaging-types.js';
import { openMessagingDatabase } from '../../../../server/src/messaging/message-store.js';
import {
  MessagingService,
  type MessagingServiceOptions,
} from '../../../../server/src/messaging/messaging-service.js';
import type { DeliveryOutcome, OutboundMessage } from '../../../../server/src/messaging/outbound-message.js';
import { ServiceDeviceSender } from '../../../../server/src/messaging/device-sender.js';

export interface MiniSipServer {
  readonly url: string;
  readonly domain: string;
  readonly messaging: MessagingService;
  /** Counts of MESSAGE requests the service sent per (user, Parley-Message-Id). */
  readonly deliveries: Map<string, number>;
  stop(): Promise<void>;
}

const sipLogger = new Core.LoggerFactory().getLogger('mini-sip');

interface Binding {
  readonly ws: WebSocket;
  readonly contact: string;
}

export async function startMiniSipServer(opts: {
  dbFile: string;
  users: readonly string[];
  domain?: string;
  service?: Partial<MessagingServiceOptions>;
}): Promise<MiniSipServer> {
  const domain = opts.domain ?? 'parley.test';
  const users = new Set(opts.users);
  const db = openMessagingDatabase(opts.dbFile);
  const bindings = new Map<string, Map<WebSocket, Binding>>();
  const deliveries = new Map<string, number>();

  const flowIds = new Map<WebSocket, string>();
  const flowsById = new Map<string, WebSocket>();
  const devices = new ServiceDeviceSender({
    viaHost: 'parley.invalid',
    bindings: (user) =>
      [...(bindings.get(user)?.values() ?? [])].map((b) => ({ uri: b.contact, flowId: flowIds.get(b.ws)! })),
    flow: (id) => {
      const ws = flowsById.get(id);
      return ws ? { transport: 'WS', send: (text: string) => (ws.send(text), true) } : undefined;
    },
  });

  const sendToDevices = async (user: string, out: OutboundMessage): Promise<DeliveryOutcome> => {
    const id = out.headers[MESSAGE_ID_HEADER];
    const n = bindings.get(user)?.size ?? 0;
    if (id && n > 0) deliveries.set(`${user}:${id}`, (deliveries.get(`${user}:${id}`) ?? 0) + n);
    return devices.send(user, out);
  };

  const messaging = new MessagingService({
    db,
    domain,
    userExists: (u) => users.has(u),
    logger: silentLogger,
    sendToDevices,
    ...opts.service,
  });

  const reply = (
    ws: WebSocket,
    req: Core.IncomingRequestMessage,
    statusCode: number,
    extraHeaders: string[] = [],
    reasonPhrase?: string,
  ) => {
    const res = Core.constructOutgoingResponse(req, {
      statusCode,
      ...(reasonPhrase ? { reasonPhrase } : {}),
      toTag: Math.random().toString(36).slice(2, 10),
      extraHeaders,
    });
    ws.send(res.message);
  };

  const onRequest = (ws: WebSocket, req: Core.IncomingRequestMessage): void => {
    const fromUser = (req.from.uri.user ?? '').toLowerCase();
    if (req.method === 'REGISTER') {
      const contactHeader = req.getHeader('Contact') ?? '';
      const contact = /<([^>]+)>/.exec(contactHeader)?.[1] ?? '';
      const expires = /expires=(\d+)/i.exec(contactHeader)?.[1] ?? req.getHeader('Expires') ?? '600';
      const mine = bindings.get(fromUser) ?? new Map<WebSocket, Binding>();
      if (expires === '0') mine.delete(ws);
      else mine.set(ws, { ws, contact });
      bindings.set(fromUser, mine);
      reply(ws, req, 200, [`Contact: <${contact}>;expires=${expires}`]);
      if (expires !== '0') messaging.onBindingAdded(fromUser);
      return;
    }
    if (req.method !== 'MESSAGE') {
      reply(ws, req, req.method === 'OPTIONS' ? 200 : 501);
      return;
    }
    const toUser = (req.ruri?.user ?? '').toLowerCase();
    const decision = messaging.handleSipMessage({
      fromUser,
      toUser,
      contentType: req.getHeader('Content-Type'),
      body: req.body,
      messageId: req.getHeader(MESSAGE_ID_HEADER),
      callId: req.callId,
    });
    if (decision.action === 'respond') {
      reply(
        ws,
        req,
        decision.status,
        Object.entries(decision.headers).map(([k, v]) => `${k}: ${v}`),
        decision.reason,
      );
      return;
    }
    // isComposing: re-originated to the recipient's devices; the sender gets 200 or 480 at once.
    const online = (bindings.get(toUser)?.size ?? 0) > 0;
    reply(ws, req, online ? 200 : 480);
    if (online) {
      void sendToDevices(toUser, {
        fromUri: `sip:${fromUser}@${domain}`,
        toUri: `sip:${toUser}@${domain}`,
        contentType: req.getHeader('Content-Type') ?? '',
        body: req.body,
        headers: {},
      });
    }
  };

  const server = http.createServer();
  const wss = new WebSocketServer({ server, handleProtocols: (p) => (p.has('sip') ? 'sip' : false) });
  let nextFlow = 0;
  wss.on('connection', (ws) => {
    const flowId = `f${++nextFlow}`;
    flowIds.set(ws, flowId);
    flowsById.set(flowId, ws);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '\r\n\r\n') return; // RFC 5626 keep-alive
      const msg = Core.Parser.parseMessage(text, sipLogger);
      if (msg instanceof Core.IncomingRequestMessage) onRequest(ws, msg);
      else if (msg instanceof Core.IncomingResponseMessage) {
        devices.onResponse(/branch=([^;,\s]+)/.exec(msg.getHeader('Via') ?? '')?.[1], msg.statusCode ?? 0);
      }
    });
    ws.on('close', () => {
      for (const mine of bindings.values()) mine.delete(ws);
      flowsById.delete(flowId);
      devices.onFlowClosed(flowId);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}`,
    domain,
    messaging,
    deliveries,
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
      messaging.close();
      devices.close();
      db.close();
    },
  };
}
