/**
 * The service as a UAC (RFC 3428 §6) sending one MESSAGE down each live binding's flow (each device
 * once), collecting final responses by Via branch (RFC 3261 §17.1.3): what a messaging room needs to
 * deliver stored messages and receipts. The message shapes are declared here (the messaging room's
 * `OutboundMessage`/`DeliveryReport` match them structurally); which failures are permanent is the
 * messaging room's policy, passed in as `isPermanentFailure`. The core hands responses whose top Via
 * branch is one of ours to `onResponse`.
 */
import { cleanReasonPhrase } from '../../../../../common/messaging-types.js';
import { REASONS } from '../../message/build-response.js';
import { buildMessageRequest, type DeviceMessage } from './outbound-request.js';

export type { DeviceMessage };

/** `delivered` (some device answered 2xx), `failed` (devices refused or timed out), `offline` (none). */
export interface DeviceDeliveryReport {
  readonly outcome: 'delivered' | 'failed' | 'offline';
  readonly status?: number;
  readonly reason?: string;
}

/** Sends a MESSAGE to every live device of `user`. */
export type DeviceSender = (user: string, message: DeviceMessage) => Promise<DeviceDeliveryReport>;

const defaultReasonPhrase = (status: number): string => REASONS[status] ?? 'Failed';

interface DeviceAnswer {
  readonly status: number;
  readonly reason: string;
}

export interface DeviceBinding {
  /** Contact URI (the Request-URI for this device). */
  readonly uri: string;
  readonly flowId: string;
}

export interface DeviceFlow {
  /** `WS`, `WSS`, `UDP`, `TCP`, `TLS` (for our Via). */
  readonly transport: string;
  /** Via sent-by on this flow (`host:port` of a UDP/TCP listener); `viaHost` when absent. */
  readonly sentBy?: string;
  /** Returns false when the flow is gone. */
  send(text: string): boolean;
}

export interface DeviceSenderOptions {
  /** Via sent-by host: the proxy's own (responses are matched on it), e.g. the domain. */
  readonly viaHost: string;
  readonly bindings: (user: string) => readonly DeviceBinding[];
  readonly flow: (flowId: string) => DeviceFlow | undefined;
  /**
   * How long to wait for a device's final response. Timer F is 64·T1 = 32 s (RFC 3261 §17.1.2.2);
   * on reliable flows (all of ours) a live device answers in milliseconds, and the pump waits for
   * this before the next message to that user, so the default is 8 s.
   */
  readonly timeoutMs?: number;
  /** Whether sending again can never succeed (the messaging room's policy); never, by default. */
  readonly isPermanentFailure?: (status: number) => boolean;
  /**
   * Sends through a non-INVITE client transaction (RFC 3261 §17.1.2: Timer E retransmits on UDP) and
   * calls `onFinal` with its final response, Timer F (408) or a transport error (503); returns false when
   * the flow is gone. Without it the request is written to the flow once and `onResponse` gets answers.
   */
  readonly sendRequest?: (
    flowId: string,
    branch: string,
    text: string,
    onFinal: (status: number, reason?: string) => void,
  ) => boolean;
}

export class ServiceDeviceSender {
  private readonly waiters = new Map<
    string,
    { flowId: string; done: (status: number, reason?: string) => void }
  >();

  constructor(private readonly options: DeviceSenderOptions) {}

  /** Service MESSAGEs waiting for a device's answer (introspection). */
  get pending(): number {
    return this.waiters.size;
  }

  /** The `DeviceSender` to give `MessagingService.setDeviceSender`. */
  readonly send = async (user: string, message: DeviceMessage): Promise<DeviceDeliveryReport> => {
    const targets = this.options.bindings(user).filter((b) => this.options.flow(b.flowId) !== undefined);
    if (targets.length === 0) return { outcome: 'offline' };
    const answers = await Promise.all(targets.map((b) => this.sendOne(b, message)));
    const ok = answers.find((a) => a.status >= 200 && a.status < 300);
    if (ok) return { outcome: 'delivered', status: ok.status, reason: ok.reason };
    // Permanent only when every device refused for good: one that may accept later keeps it retried.
    const worst = answers.find((a) => !(this.options.isPermanentFailure?.(a.status) ?? false)) ?? answers[0];
    return { outcome: 'failed', ...worst };
  };

  /**
   * Feed every response here first; returns true when it answered one of our requests (consumed).
   * `reason` is the response's reason phrase, shown to the sender when delivery fails.
   */
  onResponse(branch: string | undefined, status: number, reason?: string): boolean {
    if (!branch) return false;
    const waiter = this.waiters.get(branch);
    if (!waiter) return false;
    if (status >= 200) waiter.done(status, reason);
    return true;
  }

  /** A flow closed: its pending requests fail now (RFC 3261 §8.1.3.1: as a 503). */
  onFlowClosed(flowId: string): void {
    for (const w of [...this.waiters.values()]) if (w.flowId === flowId) w.done(503);
  }

  /** Fails every pending request (service shutdown). */
  close(): void {
    for (const w of [...this.waiters.values()]) w.done(503);
  }

  private sendOne(binding: DeviceBinding, message: DeviceMessage): Promise<DeviceAnswer> {
    const flow = this.options.flow(binding.flowId);
    if (!flow) return Promise.resolve({ status: 503, reason: defaultReasonPhrase(503) });
    const req = buildMessageRequest(message, {
      requestUri: binding.uri,
      viaHost: flow.sentBy ?? this.options.viaHost,
      viaTransport: flow.transport,
    });
    return new Promise<DeviceAnswer>((resolve) => {
      const timer = setTimeout(() => done(408), this.options.timeoutMs ?? 8000);
      const done = (status: number, reason?: string): void => {
        clearTimeout(timer);
        this.waiters.delete(req.branch);
        resolve({ status, reason: cleanReasonPhrase(reason) || defaultReasonPhrase(status) });
      };
      this.waiters.set(req.branch, { flowId: binding.flowId, done });
      const sent = this.options.sendRequest
        ? this.options.sendRequest(binding.flowId, req.branch, req.text, done)
        : flow.send(req.text);
      if (!sent) done(503);
    });
  }
}
