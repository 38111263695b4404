/**
 * The SIP core: takes frames from flows, parses them and hands requests and responses to the
 * proxy; answers malformed requests with 400 (RFC 3261 §8.2.2, §16.3 step 1) and drops malformed
 * responses (§18.1.2). Any number of bad frames from one client never disturbs another.
 */
import type { Logger } from '../../../common/logger.js';
import { buildResponse } from './message/build-response.js';
import { parseMessage } from './message/parse-message.js';
import type { StatefulProxy } from './proxy/stateful-proxy.js';
import type { Flow, FlowEvents } from './transport/flow.js';

export interface SipCoreOptions {
  readonly logger: Logger;
  readonly maxMessageBytes: number;
  /** After this many unparseable frames in a row a flow is closed (1008 policy violation). */
  readonly maxBadFrames?: number;
  readonly proxy: () => StatefulProxy;
  readonly onFlowClosed: (flow: Flow) => void;
}

export class SipCore implements FlowEvents {
  readonly flows = new Map<string, Flow>();
  private readonly bad = new Map<string, number>();

  constructor(private readonly options: SipCoreOptions) {}

  onFlowOpen(flow: Flow): void {
    this.flows.set(flow.id, flow);
  }

  onFlowClose(flow: Flow): void {
    this.flows.delete(flow.id);
    this.bad.delete(flow.id);
    this.options.onFlowClosed(flow);
  }

  onFlowMessage(flow: Flow, text: string): void {
    const log = this.options.logger;
    // RFC 5626 §4.4.1 keep-alive: a double CRLF ping gets a single CRLF pong.
    if (/^(\r\n)+$/.test(text)) {
      if (text === '\r\n\r\n') flow.send('\r\n');
      return;
    }
    const parsed = parseMessage(text, { maxBytes: this.options.maxMessageBytes });
    if (!parsed.ok) {
      log.info({ tnx: 'sip-in', flow: flow.id, reason: parsed.reason }, 'malformed message');
      const partial = parsed.partial;
      if (parsed.notSip) {
        // Not SIP at all: a WebSocket protocol violation for the `sip` subprotocol (RFC 6455 §7.4.1).
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
      const count = (this.bad.get(flow.id) ?? 0) + 1;
      this.bad.set(flow.id, count);
      if (count >= (this.options.maxBadFrames ?? 20)) flow.close(1008, 'too many malformed messages');
      return;
    }
    this.bad.delete(flow.id);
    const msg = parsed.value;
    if (msg.kind === 'request') {
      log.debug({ tnx: 'sip-in', flow: flow.id, method: msg.method, callId: msg.callId }, 'request');
      this.options.proxy().onRequest(flow, msg);
    } else {
      log.debug({ tnx: 'sip-in', flow: flow.id, status: msg.status, callId: msg.callId }, 'response');
      this.options.proxy().onResponse(flow, msg);
    }
  }
}
