/* Frozen copy of the first release's voicemail-outbox.ts (commit 0d32493), kept to build ./data folders the way that release wrote them (tests/integration/store/legacy-data-migration.test.ts). Do not edit. */
/**
 * The durable voicemail outbox: every voicemail is stored in SQLite BEFORE the first send attempt, then
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
 * Logs one line per attempt (`tnx: 'voicemail-send'`) with id, attempt, recipient, server host:port and
 * the SMTP error code — never the SMTP URL's credentials or the audio.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import nodemailer from 'nodemailer';
import type { Logger } from '../../../common/logger.js';
import { composeVoicemailEmail, type Voicemail } from '../../../server/src/mail/voicemail-email.js';

export interface VoicemailOutboxOptions {
  readonly db: Database;
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
  /** Stores the voicemail (synchronously, durable when this returns) and schedules sending. Returns its id. */
  enqueue(voicemail: Voicemail): string;
  /** Starts sending (including rows left unsent by an earlier process). */
  start(): void;
  /** Stops timers and waits for an attempt in flight. Unsent rows stay for the next start. */
  stop(): Promise<void>;
  /** Voicemails not yet accepted by the SMTP server. */
  pendingCount(): number;
  /** The service's own copy: a user's voicemails, newest first (without audio). */
  listFor(callee: string): StoredVoicemail[];
  /** The Ogg file of one voicemail. */
  audioOf(id: string): Buffer | undefined;
  /** Called after each successful send. Returns an unsubscribe function. */
  onSent(listener: (id: string) => void): () => void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS voicemail_outbox (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  callee TEXT NOT NULL,
  caller_name TEXT NOT NULL,
  caller_uri TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  audio BLOB NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  sent_at INTEGER
);
CREATE INDEX IF NOT EXISTS voicemail_outbox_due ON voicemail_outbox (sent_at, next_attempt_at);
CREATE INDEX IF NOT EXISTS voicemail_outbox_callee ON voicemail_outbox (callee, started_at);
`;

interface Row {
  id: string;
  recipient: string;
  callee: string;
  caller_name: string;
  caller_uri: string;
  started_at: number;
  duration_ms: number;
  audio: Buffer;
  attempts: number;
  next_attempt_at: number;
  sent_at: number | null;
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
  const { db, logger, domain } = options;
  const now = options.now ?? Date.now;
  const initialMs = options.retry?.initialMs ?? 5000;
  const maxMs = options.retry?.maxMs ?? 600_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const from = options.from ?? `Parley Voicemail <voicemail@${domain}>`;
  const server = options.smtpUrl ? describeSmtpUrl(options.smtpUrl) : 'none';
  const transport = nodemailer.createTransport({
    url: options.smtpUrl ?? 'smtp://127.0.0.1:25',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  db.exec(SCHEMA);

  const insert = db.prepare(
    `INSERT INTO voicemail_outbox (id, created_at, recipient, callee, caller_name, caller_uri, started_at, duration_ms, audio, next_attempt_at)
     VALUES (@id, @createdAt, @recipient, @callee, @callerName, @callerUri, @startedAt, @durationMs, @audio, @createdAt)`,
  );
  const nextDue = db.prepare<[], Row>(
    'SELECT * FROM voicemail_outbox WHERE sent_at IS NULL ORDER BY next_attempt_at, created_at LIMIT 1',
  );
  const markSent = db.prepare(
    'UPDATE voicemail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?',
  );
  const markFailed = db.prepare(
    'UPDATE voicemail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
  );
  const countPending = db.prepare<[], { n: number }>(
    'SELECT COUNT(*) AS n FROM voicemail_outbox WHERE sent_at IS NULL',
  );
  const selectFor = db.prepare<[string], Row>(
    'SELECT id, callee, caller_name, caller_uri, started_at, duration_ms, attempts, sent_at FROM voicemail_outbox WHERE callee = ? ORDER BY started_at DESC',
  );
  const selectAudio = db.prepare<[string], { audio: Buffer }>(
    'SELECT audio FROM voicemail_outbox WHERE id = ?',
  );

  const listeners = new Set<(id: string) => void>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const schedule = (): void => {
    if (!running || inFlight || !options.smtpUrl) return; // no SMTP configured: store only
    if (timer) clearTimeout(timer);
    timer = undefined;
    const row = nextDue.get();
    if (!row) return;
    const delay = Math.max(0, row.next_attempt_at - now());
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = attempt(row.id).finally(() => {
        inFlight = undefined;
        schedule();
      });
    }, delay);
  };

  const attempt = async (id: string): Promise<void> => {
    const row = db
      .prepare<[string], Row>('SELECT * FROM voicemail_outbox WHERE id = ? AND sent_at IS NULL')
      .get(id);
    if (!row) return;
    const attemptNo = row.attempts + 1;
    const base = { tnx: 'voicemail-send', id, attempt: attemptNo, to: row.recipient, server };
    const message = composeVoicemailEmail(
      {
        to: row.recipient,
        callee: row.callee,
        callerName: row.caller_name,
        callerUri: row.caller_uri,
        startedAt: row.started_at,
        durationMs: row.duration_ms,
        audio: row.audio,
      },
      { id, from, domain },
    );
    const started = now();
    try {
      const info = (await transport.sendMail(message)) as { response?: string };
      markSent.run(now(), id);
      logger.info(
        { ...base, result: 'sent', ms: now() - started, response: info.response },
        'voicemail email sent',
      );
      for (const listener of listeners) listener(id);
    } catch (error) {
      const e = error as { code?: string; responseCode?: number; message?: string };
      const delay = Math.min(maxMs, initialMs * 2 ** (attemptNo - 1));
      const reason = `${e.code ?? 'ERROR'}${e.responseCode ? ` ${e.responseCode}` : ''}`;
      markFailed.run(attemptNo, now() + delay, reason, id);
      logger.warn(
        { ...base, result: 'failed', code: reason, retryInMs: delay },
        'voicemail email not sent; will retry',
      );
    }
  };

  return {
    enqueue(voicemail) {
      const id = randomUUID();
      insert.run({
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
      schedule();
      return id;
    },
    start() {
      running = true;
      const pending = countPending.get()?.n ?? 0;
      logger.info({ tnx: 'voicemail-outbox-start', pending, server }, 'voicemail outbox started');
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
      transport.close();
    },
    pendingCount: () => countPending.get()?.n ?? 0,
    listFor: (callee) =>
      selectFor.all(callee).map((r) => ({
        id: r.id,
        callee: r.callee,
        callerName: r.caller_name,
        callerUri: r.caller_uri,
        startedAt: r.started_at,
        durationMs: r.duration_ms,
        attempts: r.attempts,
        sentAt: r.sent_at,
      })),
    audioOf: (id) => selectAudio.get(id)?.audio,
    onSent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
