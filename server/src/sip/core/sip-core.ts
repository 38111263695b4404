/**
 * The SIP core: takes messages from flows, parses them (answering malformed requests with 400, RFC 3261
 * §8.2.2, §16.3 step 1; dropping malformed responses, §18.1.2), stamps `received`/`rport` on requests
 * (§18.2.1, RFC 3581 §4), passes them through the transaction layer (§17) and hands new requests to the
 * request pipeline (validation, authentication, registrar, local handlers, then the proxy). Any number of
 * bad messages from one client never disturbs another.
 */
import type { Logger } from '../../../../common/logger.js';
import { buildResponse } from '../message/build-response.js';
import { parseMessage, type ParsedRequest } from '../message/parse-message.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type { Flow, FlowEvents } from '../transport/flow.js';
import type { SourceGuard } from '../transport/source-guard.js';
import type { RequestPipeline } from './request-pipeline.js';
import { answerUnframable } from './unframable-answer.js';

export interface SipCoreOptions {
  readonly logger: Logger;
  readonly maxMessageBytes: number;
  /** After this many unparseable messages in a row a flow is closed (1008 policy violation). */
  readonly maxBadFrames?: number;
  readonly transactions: TransactionLayer;
  readonly pipeline: () => RequestPipeline;
  /**
   * Responses that match no client transaction: requests the service sends outside the transaction layer
   * (stored-message delivery, MWI NOTIFYs) are answered here. Returns true when consumed.
   */
  readonly otherResponses?: (branch: string, status: number, reason: string) => boolean;
  /** Flows the transports do not announce (UDP: rebuilt from their id), looked up when not open. */
  readonly resolveFlow?: (id: string) => Flow | undefined;
  readonly onFlowClosed: (flow: Flow) => void;
  /** Per-source limits (connections, messages per second, bans); none when absent. */
  readonly guard?: SourceGuard;
  /** Most header fields in a request (400 above); 256 by default. */
  readonly maxHeaderFields?: number;
  /** Largest header section of a request in bytes (513 above); 16 384 by default. */
  readonly maxHeaderBytes?: number;
}

export class SipCore implements FlowEvents {
  private readonly open = new Map<string, Flow>();
  private readonly bad = new Map<string, number>();
  /** Connection flows counted against their source's connection budget. */
  private readonly counted = new Set<string>();

  constructor(private readonly options: SipCoreOptions) {}

  /** Open connection flows (introspection; UDP peers are rebuilt from their id and not held). */
  get flowCount(): number {
    return this.open.size;
  }

  /** The flows by id: open connections, plus UDP peers rebuilt from their id. */
  readonly flows = {
    get: (id: string): Flow | undefined => this.open.get(id) ?? this.options.resolveFlow?.(id),
    has: (id: string): boolean => this.flows.get(id) !== undefined,
  };

  onFlowOpen(flow: Flow): void {
    const guard = this.options.guard;
    if (guard && flow.transport !== 'UDP') {
      // WebSocket attempts were counted at the upgrade (ws-transport `admit`); TCP/TLS ones count here.
      const ws = flow.transport === 'WS' || flow.transport === 'WSS';
      const room = ws
        ? guard.hasConnectionRoom(flow.remote.address)
        : guard.admitConnection(flow.remote.address);
      if (!room) {
        flow.close(1008, 'too many connections');
        return;
      }
      guard.connectionOpened(flow.remote.address);
      this.counted.add(flow.id);
    }
    this.open.set(flow.id, flow);
  }

  /** Closes every open connection from `address` (a banned source). */
  closeSource(address: string): void {
    for (const flow of [...this.open.values()]) {
      if (flow.remote.address !== address) continue;
      if (flow.abort) flow.abort();
      else flow.close(1008, 'banned');
    }
  }

  onFlowClose(flow: Flow): void {
    if (this.counted.delete(flow.id)) this.options.guard?.connectionClosed(flow.remote.address);
    this.open.delete(flow.id);
    this.bad.delete(flow.id);
    this.options.onFlowClosed(flow);
  }

  onFlowUnframable(flow: Flow, head: string, status: number, reason: string): void {
    this.options.guard?.unauthenticated(flow.remote.address);
    answerUnframable(flow, head, status, reason);
  }

  onFlowMessage(flow: Flow, text: string): void {
    const log = this.options.logger;
    // A banned source, or one over its message rate, is dropped before any parsing (pike-style).
    if (this.options.guard && !this.options.guard.admitMessage(flow.remote.address)) return;
    // RFC 5626 §4.4.1 keep-alive: a double CRLF ping gets a single CRLF pong (stream transports frame
    // these before us; WebSocket clients send them as frames).
    if (/^(\r\n)+$/.test(text)) {
      if (text === '\r\n\r\n') flow.send('\r\n');
      return;
    }
    const parsed = parseMessage(text, { maxBytes: this.options.maxMessageBytes });
    if (!parsed.ok) {
      log.info({ tnx: 'sip-in', flow: flow.id, reason: parsed.reason }, 'malformed message');
      // A malformed message is an unauthenticated request as far as the per-source budget goes.
      this.options.guard?.unauthenticated(flow.remote.address);
      const partial = parsed.partial;
      if (parsed.notSip && flow.transport !== 'UDP') {
        // Not SIP at all: a WebSocket protocol violation for the `sip` subprotocol (RFC 6455 §7.4.1);
        // on TCP/TLS the stream cannot be framed any further. A stray datagram is just dropped.
        flow.close(1002, 'not SIP');
        return;
      }
      if (partial?.isRequest && partial.startLine.kind === 'request' && partial.startLine.method !== 'ACK') {
        if (partial.has('Via')) {
          flow.send(
            buildResponse(partial, parsed.status, {
              reason: parsed.reason,
              toTag: 'e' + Date.now().toString(36),
            }).toString(),
          );
        }
      }
      // RFC 3261 §18.3: on a stream, Content-Length is how the end of a message is found; after a message
      // that does not parse the next bytes may be the rest of it, not a new one — close the connection.
      if (flow.transport === 'TCP' || flow.transport === 'TLS') {
        flow.close(1002, parsed.reason);
        return;
      }
      const count = (this.bad.get(flow.id) ?? 0) + 1;
      // Bounded: datagrams from ever new addresses must not grow this map without limit.
      if (this.bad.size >= 10_000 && !this.bad.has(flow.id)) this.bad.clear();
      this.bad.set(flow.id, count);
      if (count >= (this.options.maxBadFrames ?? 20)) flow.close(1008, 'too many malformed messages');
      return;
    }
    this.bad.delete(flow.id);
    const msg = parsed.value;
    if (msg.kind === 'response') {
      log.debug({ tnx: 'sip-in', flow: flow.id, status: msg.status, callId: msg.callId }, 'response');
      if (this.options.transactions.receiveResponse(msg)) return;
      const branch = msg.vias[0]?.branch;
      const reason = msg.message.startLine.kind === 'response' ? msg.message.startLine.reason : '';
      if (branch && this.options.otherResponses?.(branch, msg.status, reason)) return;
      log.debug({ tnx: 'response', status: msg.status }, 'response matches no transaction: dropped');
      return;
    }
    log.debug({ tnx: 'sip-in', flow: flow.id, method: msg.method, callId: msg.callId }, 'request');
    const tooBig = this.headerLimit(text, msg.message.headers.length);
    if (tooBig) {
      if (msg.method !== 'ACK') {
        flow.send(
          buildResponse(msg.message, tooBig.status, {
            reason: tooBig.reason,
            toTag: 'e' + Date.now().toString(36),
          }).toString(),
        );
      }
      return;
    }
    if (flow.transport !== 'WS' && flow.transport !== 'WSS') stampReceived(msg, flow);
    const match = this.options.transactions.receiveRequest(flow, msg);
    if (match.kind === 'absorbed') return;
    const pipeline = this.options.pipeline();
    const run =
      match.kind === 'ack'
        ? pipeline.onAck(flow, msg)
        : pipeline.onRequest(flow, msg, match.st, match.invite);
    run.catch((err: unknown) => {
      log.error({ tnx: 'sip-in', flow: flow.id, err: String(err) }, 'request handling failed');
      // What fails here is almost always the account or message store being away (the handlers await
      // it): 503 with Retry-After asks the client to try again later (RFC 3261 §21.5.4, §20.33).
      if (match.kind === 'new' && !match.st.isFinal) {
        match.st.respond(503, { headers: [{ name: 'Retry-After', value: '5' }] });
      }
    });
  }

  /**
   * Header limits of a request (RFC 3261 §21.5.14 513 Message Too Large; too many fields: 400). Checked
   * before the request reaches transactions, authentication or routing.
   */
  private headerLimit(text: string, fields: number): { status: number; reason: string } | undefined {
    if (fields > (this.options.maxHeaderFields ?? 256))
      return { status: 400, reason: 'Too Many Header Fields' };
    const end = text.indexOf('\r\n\r\n');
    const headerBytes = end === -1 ? text.length : end;
    if (headerBytes > (this.options.maxHeaderBytes ?? 16_384)) {
      return { status: 513, reason: 'Message Too Large (Header Section)' };
    }
    return undefined;
  }
}

/**
 * §18.2.1: "the server MUST add a received parameter" when the sent-by host differs from the source
 * address; RFC 3581 §4: an empty `rport` gets the source port. The response then finds its way back.
 */
function stampReceived(req: ParsedRequest, flow: Flow): void {
  const top = req.vias[0];
  const at = req.message.headers.findIndex((h) => h.name === 'Via');
  if (!top || at < 0) return;
  let value = req.message.headers[at]!.value;
  const wantsRport = /;\s*rport(?=\s*(;|$))/i.test(value);
  if (top.host !== flow.remote.address || wantsRport) {
    value = value.replace(/;\s*received=[^;]*/i, '') + `;received=${flow.remote.address}`;
  }
  if (wantsRport) value = value.replace(/;\s*rport(?=\s*(;|$))/i, `;rport=${flow.remote.port}`);
  req.message.headers[at] = { name: 'Via', value };
}
