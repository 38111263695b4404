/**
 * Voicemail in the service (issue 6), wired in one place:
 *
 * ```
 *  proxy ── divert (no answer within the callee's ring time, busy, declined, offline) ──▶
 *  voicemail agent (SIP UA registered as sip:voicemail@DOMAIN over the service's own /sip)
 *     └─ recording ─▶ outbox (durable, in the store) ─▶ SMTP (PARLEY_SMTP_URL, when set)
 *                       └─▶ box (peaks, heard, deleted, settings, greeting) ─▶ HTTP API, SSE, MWI
 * ```
 * Data lives in the store (server/src/store: outbox rows, state, settings, greetings), so it survives
 * restarts and an unsent voicemail is mailed by the next process (or by another instance).
 * Order: `create` before the SIP room (it gives the SIP hooks), `start` once the HTTP server listens
 * (the agent registers over it), `close` before the SIP room closes (the agent hangs up and
 * unregisters; recordings in progress are still queued).
 */
import { randomBytes } from 'node:crypto';
import { RESERVED_USERNAMES } from '../../../common/username-rules.js';
import type { Logger } from '../../../common/logger.js';
import type { AccountService } from '../accounts/account-service.js';
import {
  startVoicemailAgent,
  type VoicemailAgent,
  type VoicemailAgentEvent,
  type VoicemailAgentOptions,
} from '../agents/voicemail/voicemail-agent.js';
import { createVoicemailOutbox, type VoicemailOutbox } from '../mail/voicemail-outbox.js';
import { createMwiNotifier, type MwiNotifier } from '../mwi/mwi-notifier.js';
import type { SipServiceOptions } from '../sip/sip-service-contract.js';
import type { Store } from '../store/store.js';
import { createVoicemailBox, DEFAULT_RING_TIMEOUT_SEC, type VoicemailBox } from './voicemail-box.js';

export const VOICEMAIL_USER = 'voicemail';

/** How often ring times set through other instances are re-read (they are read synchronously per call). */
const SETTINGS_REFRESH_MS = 30_000;

export interface VoicemailServiceOptions {
  readonly store: Pick<Store, 'voicemail' | 'outbox'>;
  readonly domain: string;
  /** Run the agent and divert failed calls to it (else only the API, settings and MWI). */
  readonly enabled: boolean;
  readonly smtpUrl?: string | undefined;
  /** The service-wide no-answer timeout: the default ring time is the smaller of it and 20 s. */
  readonly noAnswerTimeoutMs: number;
  readonly iceServers?: VoicemailAgentOptions['iceServers'];
  /** Media on 127.0.0.1 only (a service bound to loopback); otherwise every interface. */
  readonly loopbackMedia: boolean;
  /** Accounts (given lazily: the account service is built after the SIP room). */
  readonly accounts: () => AccountService;
  readonly logger: Logger;
  /** Per-change hook (the service publishes SSE `voicemail` events with it). */
  readonly onChange?: (username: string, summary: { newCount: number; totalCount: number }) => void;
  /** Outbox retry timing (tests). */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Progress of each agent call (tests, benchmarks). */
  readonly onAgentEvent?: (event: VoicemailAgentEvent) => void;
}

export interface VoicemailService {
  readonly box: VoicemailBox;
  readonly outbox: VoicemailOutbox;
  readonly mwi: MwiNotifier;
  /** Options for `createSipService`: divert, per-callee ring time, MWI subscriptions. */
  readonly sipOptions: Pick<SipServiceOptions, 'divert' | 'ringTimeoutMs' | 'subscriptions'>;
  /** Starts the outbox and (when enabled) the agent on the service's SIP WebSocket URL. */
  start(sipUrl: string): Promise<void>;
  close(): Promise<void>;
}

export function createVoicemailService(options: VoicemailServiceOptions): VoicemailService {
  const { domain, logger } = options;
  const log = logger.child({ room: 'voicemail' });
  const outbox = createVoicemailOutbox({
    store: options.store.outbox,
    smtpUrl: options.smtpUrl,
    domain,
    logger: log,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const box = createVoicemailBox({
    store: options.store.voicemail,
    domain,
    mailing: options.smtpUrl !== undefined,
  });
  const mwi = createMwiNotifier({ domain, summaryOf: (u) => box.summary(u), logger: log });
  box.onChange((username) => {
    mwi.changed(username);
    if (options.onChange) {
      const publish = options.onChange;
      box.summary(username).then(
        (summary) => publish(username, summary),
        (error: unknown) => log.warn({ tnx: 'voicemail-summary', err: String(error) }, 'no summary'),
      );
    }
  });
  const unsubscribeSent = outbox.onSent((id) => {
    box.sent(id).catch((error: unknown) => {
      log.warn({ tnx: 'voicemail-sent', id, err: String(error) }, 'dropping a deleted voicemail failed');
    });
  });
  const refreshSettings = setInterval(() => {
    box.load().catch(() => undefined); // the database is away: keep the ring times we have
  }, SETTINGS_REFRESH_MS);
  refreshSettings.unref();
  const defaultRingMs = Math.min(DEFAULT_RING_TIMEOUT_SEC * 1000, options.noAnswerTimeoutMs);
  let agent: VoicemailAgent | undefined;
  // The SIP room may still call its hooks while it closes after us: they go quiet once closed.
  let closed = false;

  const sipOptions: VoicemailService['sipOptions'] = {
    subscriptions: {
      handleSubscribe: (req) => !closed && mwi.handleSubscribe(req),
      onResponse: (branch, status) => !closed && mwi.onResponse(branch, status),
      onFlowClosed: (flowId) => mwi.onFlowClosed(flowId),
    },
    ringTimeoutMs: (callee) => {
      if (closed || RESERVED_USERNAMES.has(callee)) return undefined; // agents: the service default
      const stored = box.storedRingTimeoutSec(callee);
      if (stored !== undefined) return stored * 1000;
      return options.enabled ? defaultRingMs : undefined;
    },
    ...(options.enabled
      ? {
          divert: (callee: string, why: 'no-answer' | 'busy' | 'declined' | 'offline' | 'dnd') => {
            if (closed || RESERVED_USERNAMES.has(callee)) return undefined; // agents have no voicemail
            log.debug({ tnx: 'divert', callee, why }, 'to voicemail');
            return `sip:${VOICEMAIL_USER}@${domain}`;
          },
        }
      : {}),
  };

  return {
    box,
    outbox,
    mwi,
    sipOptions,
    async start(sipUrl) {
      await box.load();
      outbox.start();
      if (!options.enabled) return;
      // A fresh random password each start: only this process knows it (RFC 3261 digest as any UA).
      const password = randomBytes(24).toString('base64url');
      await options.accounts().ensureAgentAccount(VOICEMAIL_USER, password, 'Voicemail');
      try {
        agent = await startVoicemailAgent({
          sipUrl,
          domain,
          password,
          outbox,
          mailboxOf: async (username) => (await options.accounts().profile(username))?.email,
          greetingOf: async (username) => {
            const greeting = await box.greeting(username);
            return greeting ? { greeting: greeting.packets, greetingFrameMs: greeting.frameMs } : undefined;
          },
          logger: log,
          loopbackOnly: options.loopbackMedia,
          ...(options.iceServers ? { iceServers: options.iceServers } : {}),
          onEvent: (event) => {
            if (event.phase === 'queued' && event.outboxId) {
              box.recorded(event.outboxId).catch((error: unknown) => {
                log.warn({ tnx: 'voicemail-peaks', err: String(error) }, 'peaks not stored');
              });
            }
            options.onAgentEvent?.(event);
          },
        });
      } catch (error) {
        // The service runs on without voicemail: calls then fail as they would without it.
        log.error({ tnx: 'voicemail-agent-start', err: String(error) }, 'voicemail agent did not start');
      }
    },
    async close() {
      if (closed) return;
      const running = agent;
      agent = undefined;
      await running?.stop().catch((error: unknown) => {
        log.warn({ tnx: 'voicemail-agent-stop', err: String(error) }, 'voicemail agent stop failed');
      });
      closed = true;
      clearInterval(refreshSettings);
      mwi.close();
      await outbox.stop();
      unsubscribeSent();
    },
  };
}
