/**
 * Store-and-forward delivery (RFC 3428 §7: a 202 answer means "accepted, not yet delivered").
 *
 *   per recipient:  idle ──deliver(user)──► running ──all sent──► idle
 *                                             │  ├─device refused for good──► message failed, next one
 *                                             │  └─device failed──► retry timer (backoff) ──► running
 *                                             │        (after `maxDeliveryAttempts`: message failed, next one)
 *                                             └─no binding (offline)──► idle (next REGISTER calls deliver)
 *
 * Rules kept here:
 * - One pass at a time per recipient, pending messages in `seq` order, one MESSAGE in flight: so a
 *   recipient sees each sender's messages in the order the service accepted them.
 * - A message becomes `delivered` only when `sendToDevices` says a device answered 2xx; then it is never
 *   sent again. If the process dies between the 2xx and the database update, the message is sent once more
 *   after restart: at-least-once on the wire, exactly-once on screen because clients drop repeated ids.
 * - On a transient failure (./delivery-failure.ts) the pass stops (later messages must not overtake it)
 *   and retries with backoff. A permanent one (e.g. 415, 403, 488, 606: sending again cannot help), or
 *   the last of `maxDeliveryAttempts` transient ones, marks the message `failed` with the device's status
 *   and reason, sends the sender's devices a `failed` receipt (their Retry resends the same id), and the
 *   pass goes on with the next message: one poison message never blocks the rest forever.
 * - Across service instances sharing one database, a pass runs only under the recipient's delivery
 *   lease (`MessageRepository.claimDelivery`, renewed while it runs, released at its end): one
 *   instance at a time sends a recipient's queue, so each message goes out once and in order. An
 *   instance that finds the lease taken looks again shortly (the holder may not reach the device).
 * - Delivered receipts (`ReceiptBody`) go to the senders' devices, batched per pass; best effort (the
 *   durable state is in the history API); none for senders without `Parley-Message-Id` (plain phones).
 */
import type { Logger } from '../../../common/logger.js';
import {
  MESSAGE_ID_HEADER,
  MESSAGE_SEQ_HEADER,
  MESSAGE_TIME_HEADER,
  RECEIPT_CONTENT_TYPE,
  SERVICE_USER,
  TEXT_CONTENT_TYPE,
  isSenderChosenId,
  type ChatMessageDto,
  type ReceiptBody,
} from '../../../common/messaging-types.js';
import { defaultReasonPhrase, isPermanentDeliveryFailure } from './delivery-failure.js';
import { randomUUID } from 'node:crypto';
import type { MessageRepository } from '../store/store.js';
import type { DeliveryOutcome, DeliveryReport, DeviceSender, OutboundMessage } from './outbound-message.js';

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 5000, 10_000, 30_000, 60_000];
/** Sends of one message that failed transiently before it is marked failed (~5 minutes of backoff). */
export const DEFAULT_MAX_DELIVERY_ATTEMPTS = 10;

export interface DeliveryPumpOptions {
  readonly store: MessageRepository;
  readonly domain: string;
  /** This instance's name in delivery leases (default: random). */
  readonly instanceId?: string;
  readonly logger: Logger;
  readonly now: () => number;
  readonly retryDelaysMs?: readonly number[];
  /** Default `DEFAULT_MAX_DELIVERY_ATTEMPTS`. */
  readonly maxDeliveryAttempts?: number;
  /**
   * Whether `user` may have a device here (the SIP room's bindings). False skips the pass: no lease is
   * taken for a recipient this instance cannot reach, so a burst to an offline user costs no delivery
   * queries, and an instance killed mid-burst leaves no lease behind to delay the next one.
   */
  readonly hasDevices?: (user: string) => boolean;
}

interface RecipientState {
  running?: Promise<void>;
  again: boolean;
  attempt: number;
  /** Times in a row the lease was held by another instance. */
  busy: number;
  timer?: ReturnType<typeof setTimeout>;
}

const PAGE = 100;
/** A delivery lease runs this long unless renewed (a holder that died frees the queue after it). */
export const DELIVERY_LEASE_MS = 30_000;
/** Waits before looking again when another instance holds the lease: doubling up to the last. */
const LEASE_BUSY_DELAYS_MS: readonly number[] = [100, 250, 500, 1000, 2000, 5000];

export class DeliveryPump {
  private sender: DeviceSender | undefined;
  private readonly states = new Map<string, RecipientState>();
  private closed = false;
  private readonly retryDelays: readonly number[];
  private readonly maxAttempts: number;
  private readonly holder: string;

  constructor(private readonly options: DeliveryPumpOptions) {
    this.holder = options.instanceId ?? randomUUID();
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.maxAttempts = Math.max(1, options.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS);
  }

  /** Recipients with a delivery pass running or a retry waiting, and the retry timers (introspection). */
  get stats(): { recipients: number; timers: number } {
    let timers = 0;
    for (const st of this.states.values()) if (st.timer) timers++;
    return { recipients: this.states.size, timers };
  }

  setSender(sender: DeviceSender | undefined): void {
    this.sender = sender;
  }

  /** Sends `user`'s pending messages now. Resolves when this (or the running) pass ends. */
  deliver(user: string): Promise<void> {
    if (this.closed || !this.sender) return Promise.resolve();
    if (this.options.hasDevices?.(user) === false) {
      // Nobody to send to here: forget retries; the next REGISTER (onBindingAdded) starts a pass.
      const idle = this.states.get(user);
      if (idle?.running) return idle.running;
      if (idle?.timer) clearTimeout(idle.timer);
      this.states.delete(user);
      return Promise.resolve();
    }
    let st = this.states.get(user);
    if (!st) {
      st = { again: false, attempt: 0, busy: 0 };
      this.states.set(user, st);
    }
    if (st.timer) {
      clearTimeout(st.timer);
      st.timer = undefined;
    }
    if (st.running) {
      st.again = true;
      return st.running;
    }
    const state = st;
    state.running = this.run(user, state)
      .catch((error: unknown) => {
        // e.g. the database was closed under us: leave the messages pending for the next pass.
        this.options.logger.error({ tnx: 'msg-pump', user, error: String(error) }, 'delivery pass failed');
      })
      .finally(() => {
        state.running = undefined;
        if (!state.timer && state.attempt === 0) this.states.delete(user);
      });
    return state.running;
  }

  /** A receipt or other service MESSAGE to every device of `user`; best effort. */
  async notify(user: string, message: OutboundMessage): Promise<DeliveryOutcome> {
    if (this.closed || !this.sender) return 'offline';
    try {
      return reportOf(await this.sender(user, message)).outcome;
    } catch (error) {
      this.options.logger.warn({ tnx: 'msg-notify', user, error: String(error) }, 'notify failed');
      return 'failed';
    }
  }

  receipt(to: string, body: ReceiptBody): OutboundMessage {
    return {
      fromUri: `sip:${SERVICE_USER}@${this.options.domain}`,
      toUri: `sip:${to}@${this.options.domain}`,
      contentType: RECEIPT_CONTENT_TYPE,
      body: JSON.stringify(body),
      headers: {},
    };
  }

  /** Stops timers and waits for the passes in flight (they stop after their current send). */
  async close(): Promise<void> {
    this.closed = true;
    const running: Promise<void>[] = [];
    for (const st of this.states.values()) {
      if (st.timer) clearTimeout(st.timer);
      if (st.running) running.push(st.running);
    }
    this.states.clear();
    await Promise.all(running);
  }

  private async run(user: string, st: RecipientState): Promise<void> {
    const { store, logger, now } = this.options;
    do {
      st.again = false;
      // Most passes (every REGISTER refresh starts one) find nothing to send: one read instead of
      // taking and releasing the lease (two writes) — issue 15, CPU per REGISTER.
      if ((await store.pendingFor(user, 1, 0)).length === 0) {
        st.attempt = 0;
        continue;
      }
      if (!(await store.claimDelivery(user, this.holder, now(), now() + DELIVERY_LEASE_MS))) {
        this.scheduleLeaseRetry(user, st);
        return;
      }
      st.busy = 0;
      let renewAt = now() + DELIVERY_LEASE_MS / 3;
      let afterSeq = 0;
      const receipts = new Map<string, string[]>();
      try {
        for (;;) {
          const batch = await store.pendingFor(user, PAGE, afterSeq);
          if (batch.length === 0) break;
          for (const m of batch) {
            if (now() >= renewAt) {
              // A lost lease (we stalled past it) means another instance owns the queue now.
              if (!(await store.claimDelivery(user, this.holder, now(), now() + DELIVERY_LEASE_MS))) return;
              renewAt = now() + DELIVERY_LEASE_MS / 3;
            }
            const report = await this.send(user, m);
            if (this.closed) return;
            if (report.outcome === 'offline') {
              st.attempt = 0;
              return;
            }
            if (report.outcome === 'failed') {
              const status = report.status ?? 408;
              if (!isPermanentDeliveryFailure(status) && st.attempt + 1 < this.maxAttempts) {
                this.scheduleRetry(user, st, status);
                return;
              }
              await this.giveUp(
                user,
                m,
                status,
                report.reason ?? defaultReasonPhrase(status),
                st.attempt + 1,
              );
              st.attempt = 0;
              afterSeq = m.seq;
              continue;
            }
            st.attempt = 0;
            if ((await store.markDelivered(m.seq, now())) && isSenderChosenId(m.id)) {
              const ids = receipts.get(m.from) ?? [];
              ids.push(m.id);
              receipts.set(m.from, ids);
            }
            afterSeq = m.seq;
          }
        }
        st.attempt = 0;
      } finally {
        this.flushReceipts(user, receipts);
        await store.releaseDelivery(user, this.holder).catch((error: unknown) => {
          // It runs out by itself (DELIVERY_LEASE_MS).
          logger.warn({ tnx: 'msg-pump', user, error: String(error) }, 'delivery lease not released');
        });
      }
      logger.debug({ tnx: 'msg-pump', user }, 'delivery pass done');
    } while (st.again && !this.closed);
  }

  /** Another instance holds `user`'s lease: look again soon (no delivery attempt was spent). */
  private scheduleLeaseRetry(user: string, st: RecipientState): void {
    const delay = LEASE_BUSY_DELAYS_MS[Math.min(st.busy, LEASE_BUSY_DELAYS_MS.length - 1)] ?? 5000;
    st.busy++;
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.deliver(user);
    }, delay);
    st.timer.unref?.();
  }

  private async send(user: string, m: ChatMessageDto): Promise<DeliveryReport> {
    const sender = this.sender;
    if (!sender) return { outcome: 'offline' };
    const { domain } = this.options;
    try {
      const result = await sender(user, {
        fromUri: `sip:${m.from}@${domain}`,
        toUri: `sip:${m.to}@${domain}`,
        contentType: TEXT_CONTENT_TYPE,
        body: m.body,
        headers: {
          [MESSAGE_ID_HEADER]: m.id,
          [MESSAGE_SEQ_HEADER]: String(m.seq),
          [MESSAGE_TIME_HEADER]: String(m.createdAt),
        },
      });
      return reportOf(result);
    } catch (error) {
      this.options.logger.warn(
        { tnx: 'msg-deliver', user, seq: m.seq, error: String(error) },
        'delivery threw',
      );
      return { outcome: 'failed' };
    }
  }

  /** The message will not be sent again: `failed` in the store, and a `failed` receipt to its sender. */
  private async giveUp(
    user: string,
    m: ChatMessageDto,
    status: number,
    reason: string,
    attempts: number,
  ): Promise<void> {
    const at = this.options.now();
    const changed = await this.options.store.markFailed(m.seq, status, reason, at);
    this.options.logger.info(
      { tnx: 'msg-failed', user, seq: m.seq, status, attempts },
      'delivery failed for good: message marked failed',
    );
    if (!changed || !isSenderChosenId(m.id)) return;
    const body: ReceiptBody = { type: 'failed', peer: user, ids: [m.id], at, failure: { status, reason } };
    void this.notify(m.from, this.receipt(m.from, body));
  }

  private flushReceipts(recipient: string, receipts: Map<string, string[]>): void {
    const at = this.options.now();
    for (const [sender, ids] of receipts) {
      void this.notify(sender, this.receipt(sender, { type: 'delivered', peer: recipient, ids, at }));
    }
  }

  private scheduleRetry(user: string, st: RecipientState, status: number): void {
    const delay = this.retryDelays[Math.min(st.attempt, this.retryDelays.length - 1)] ?? 60_000;
    st.attempt++;
    this.options.logger.info(
      { tnx: 'msg-retry', user, delayMs: delay, attempt: st.attempt, status },
      'delivery retry scheduled',
    );
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.deliver(user);
    }, delay);
    st.timer.unref?.();
  }
}

function reportOf(result: DeliveryOutcome | DeliveryReport): DeliveryReport {
  return typeof result === 'string' ? { outcome: result } : result;
}
