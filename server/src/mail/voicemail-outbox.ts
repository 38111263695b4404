/**
 * The durable voicemail outbox: every voicemail is stored in the store BEFORE the first send attempt, then
 * sent over SMTP (nodemailer) with exponential backoff while the mail server is down. Rows survive a
 * process restart (`start()` picks up whatever is unsent). Delivery is at-least-once: a crash between
 * the server's `250` and our commit resends, with the same Message-ID so clients can de-duplicate.
 *
 * ```
 *   enqueue ──▶ [pending] ──send ok──▶ [sent]   (row kept: the service's own copy of the voicemail)
 *                  │  ▲
 *          send fails │ next_attempt_at = now + min(max, initial·2^(attempts−1))
 *                  └──┘
 * ```
 * Several service instances may share one outbox (PostgreSQL): an instance sends an entry only after
 * claiming it in the database (`OutboxRepository.claimNextDue`: a claim column picked with
 * `FOR UPDATE SKIP LOCKED`), so each voicemail is mailed by one of them; a claim whose holder died runs
 * out after `claimMs`. Each instance also looks for due entries every `pollMs`, since another one
 * may have queued them.
 *
 * Logs one line per attempt (`tnx: 'voicemail-send'`) with id, attempt, recipient, server host:port and
 * the SMTP error code — never the SMTP URL's credentials or the audio.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Logger } from '../../../common/logger.js';
import type { OutboxRepository } from '../store/store.js';
import { composeVoicemailEmail, type Voicemail } from './voicemail-email.js';

export interface VoicemailOutboxOptions {
  /** The store's outbox repository (server/src/store). */
  readonly store: OutboxRepository;
  /**
   * e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.example.com` (from `PARLEY_SMTP_URL`).
   * Undefined: voicemails are only stored (the service's own copy, `listFor`/`audioOf`), never mailed.
   */
  readonly smtpUrl: string | undefined;
  /** SIP/mail domain, used for the From address and Message-IDs. */
  readonly domain: string;
  /** From address; default `Parley Voicemail <voicemail@DOMAIN>`. */
  readonly from?: string;
  readonly logger: Logger;
  /** Backoff: first retry after `initialMs` (default 5 s), doubling up to `maxMs` (default 10 min). */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Per-attempt SMTP timeouts, ms (default 15 s). */
  readonly timeoutMs?: number;
  /** How long a claim keeps other instances off an entry (default: 4 × timeoutMs). */
  readonly claimMs?: number;
  /** How often to look for entries queued by other instances (default 5 s). */
  readonly pollMs?: number;
  /** This instance's name in claims (default: random). */
  readonly instanceId?: string;
  readonly now?: () => number;
}

export interface StoredVoicemail {
  readonly id: string;
  readonly callee: string;
  readonly callerName: string;
  readonly callerUri: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly attempts: number;
  readonly sentAt: number | null;
}

export interface VoicemailOutbox {
  /** Stores the voicemail (durable when this resolves) and schedules sending. Resolves to its id. */
  enqueue(voicemail: Voicemail): Promise<string>;
  /** Starts sending (including rows left unsent by an earlier process). */
  start(): void;
  /** Stops timers and waits for an attempt in flight. Unsent rows stay for the next start. */
  stop(): Promise<void>;
  /** Voicemails not yet accepted by the SMTP server. */
  pendingCount(): Promise<number>;
  /** The service's own copy: a user's voicemails, newest first (without audio). */
  listFor(callee: string): Promise<StoredVoicemail[]>;
  /** The Ogg file of one voicemail. */
  audioOf(id: string): Promise<Buffer | undefined>;
  /** Called after each successful send. Returns an unsubscribe function. */
  onSent(listener: (id: string) => void): () => void;
}

/** Host and port of an SMTP URL, for logs (credentials never leave this function). */
export function describeSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || (u.protocol === 'smtps:' ? '465' : '587')}`;
  } catch {
    return 'invalid-url';
  }
}

export function createVoicemailOutbox(options: VoicemailOutboxOptions): VoicemailOutbox {
  const { store, logger, domain } = options;
  const now = options.now ?? Date.now;
  const initialMs = options.retry?.initialMs ?? 5000;
  const maxMs = options.retry?.maxMs ?? 600_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const claimMs = options.claimMs ?? 4 * timeoutMs;
  const pollMs = options.pollMs ?? 5000;
  const holder = options.instanceId ?? randomUUID();
  const from = options.from ?? `Parley Voicemail <voicemail@${domain}>`;
  const server = options.smtpUrl ? describeSmtpUrl(options.smtpUrl) : 'none';
  const transport = nodemailer.createTransport({
    url: options.smtpUrl ?? 'smtp://127.0.0.1:25',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });

  const listeners = new Set<(id: string) => void>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  /** A kick came while a pass ran: run another one after it. */
  let again = false;

  /** Sends what is due now, one at a time, then sleeps until the next due time (or the poll). */
  const pass = async (): Promise<void> => {
    for (;;) {
      if (!running) return;
      const entry = await store.claimNextDue(holder, now(), now() + claimMs);
      if (!entry) break;
      await attempt(entry);
    }
    const next = await store.nextDueAt();
    arm(next === undefined ? pollMs : Math.min(pollMs, Math.max(0, next - now())));
  };

  const arm = (delay: number): void => {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      kick();
    }, delay);
    timer.unref?.();
  };

  const kick = (): void => {
    if (!running || !options.smtpUrl) return; // no SMTP configured: store only
    if (inFlight) {
      again = true;
      return;
    }
    again = false;
    if (timer) clearTimeout(timer);
    timer = undefined;
    inFlight = pass()
      .catch((error: unknown) => {
        // The database is away: try again at the next poll.
        logger.warn({ tnx: 'voicemail-send', err: String(error) }, 'voicemail outbox pass failed');
        arm(pollMs);
      })
      .finally(() => {
        inFlight = undefined;
        if (again) kick();
      });
  };

  const attempt = async (
    row: Awaited<ReturnType<OutboxRepository['claimNextDue']>> & object,
  ): Promise<void> => {
    const { id } = row;
    const attemptNo = row.attempts + 1;
    const base = { tnx: 'voicemail-send', id, attempt: attemptNo, to: row.recipient, server };
    const message = composeVoicemailEmail(
      {
        to: row.recipient,
        callee: row.callee,
        callerName: row.callerName,
        callerUri: row.callerUri,
        startedAt: row.startedAt,
        durationMs: row.durationMs,
        audio: row.audio,
      },
      { id, from, domain },
    );
    const started = now();
    try {
      const info = (await transport.sendMail(message)) as { response?: string };
      const recorded = await store.markSent(id, holder, now());
      logger.info(
        { ...base, result: 'sent', ms: now() - started, response: info.response, recorded },
        'voicemail email sent',
      );
      for (const listener of listeners) listener(id);
    } catch (error) {
      const e = error as { code?: string; responseCode?: number; message?: string };
      const delay = Math.min(maxMs, initialMs * 2 ** (attemptNo - 1));
      const reason = `${e.code ?? 'ERROR'}${e.responseCode ? ` ${e.responseCode}` : ''}`;
      await store.markFailed(id, holder, attemptNo, now() + delay, reason);
      logger.warn(
        { ...base, result: 'failed', code: reason, retryInMs: delay },
        'voicemail email not sent; will retry',
      );
    }
  };

  return {
    async enqueue(voicemail) {
      const id = randomUUID();
      await store.enqueue({
        id,
        createdAt: now(),
        recipient: voicemail.to,
        callee: voicemail.callee,
        callerName: voicemail.callerName,
        callerUri: voicemail.callerUri,
        startedAt: Math.round(voicemail.startedAt),
        durationMs: Math.round(voicemail.durationMs),
        audio: voicemail.audio,
      });
      logger.info(
        {
          tnx: 'voicemail-queued',
          id,
          to: voicemail.to,
          durationMs: voicemail.durationMs,
          bytes: voicemail.audio.length,
        },
        'voicemail queued',
      );
      kick();
      return id;
    },
    start() {
      running = true;
      logger.info({ tnx: 'voicemail-outbox-start', server }, 'voicemail outbox started');
      kick();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
      transport.close();
    },
    pendingCount: () => store.pendingCount(),
    listFor: (callee) => store.listFor(callee),
    audioOf: (id) => store.audioOf(id),
    onSent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
