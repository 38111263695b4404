/**
 * Keeps one answered call alive across a network change: an ICE restart (RFC 8445 §9: a new offer
 * with fresh ice-ufrag/ice-pwd, carried by a re-INVITE, RFC 3264 §8) once signalling works again.
 *
 *   steady ──lost(why)──────────────► reconnecting ──signalling up──► re-INVITE (iceRestart, hold kept)
 *     ▲   ICE disconnected > grace,        │  ▲                             │
 *     │   ICE failed, network changed      │  └── refused / no answer: retry after back-off
 *     └──────── ICE connected after the restart (media flows again) ◄───────┘
 *   reconnecting for more than `limitMs` (60 s) ──► gave up: the engine hangs up
 *
 * Rules (repeated above the code that keeps them):
 * - One restart at a time; glare (491) is retried by calls/call-hold.ts as RFC 3261 §14.1 says.
 * - The restart re-INVITE carries the call's hold state, so a held call stays sendonly (RFC 3264 §8.4).
 * - ICE `disconnected` may heal by itself (consent freshness, RFC 7675): wait `disconnectedGraceMs`
 *   before restarting; `failed` restarts at once (when signalling works).
 * - "Reconnecting…" clears only when ICE is connected again after the loss: media flows.
 * - Keep trying for 60 s: past that, the person on the other end has long hung up in practice, and a
 *   silent line that "reconnects" a minute later surprises more than it helps.
 */
import type { Logger } from '../../../../common/logger.js';
import type { HoldOutcome } from './call-hold.js';

export interface CallRecoveryOptions {
  /** Sends the ICE-restart re-INVITE (with the current hold state). */
  readonly restart: () => Promise<HoldOutcome>;
  /** Whether requests can be sent now (registered over a live transport). */
  readonly signallingUp: () => boolean;
  readonly onReconnecting: (reconnecting: boolean) => void;
  /** Reconnecting lasted longer than `limitMs`. */
  readonly onGiveUp: () => void;
  readonly logger: Logger;
  readonly limitMs?: number;
  readonly disconnectedGraceMs?: number;
  /** Retry back-off after a failed restart, ms (doubles up to `max`). */
  readonly retryMs?: { readonly initial: number; readonly max: number };
}

/** How long a call keeps trying to reconnect before it is hung up (ms). */
export const RECOVERY_LIMIT_MS = 60_000;

export type IceState = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';

export class CallRecovery {
  private reconnecting = false;
  private restarting = false;
  /** A restart is owed since the last loss (cleared when a restart re-INVITE is accepted). */
  private owed = false;
  private attempt = 0;
  private ice: IceState = 'new';
  private stopped = false;
  private giveUpTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: CallRecoveryOptions) {}

  get isReconnecting(): boolean {
    return this.reconnecting;
  }

  /** The path of this call may be broken (transport lost, network changed, ICE failed). */
  lost(why: string): void {
    if (this.stopped) return;
    this.owed = true;
    if (!this.reconnecting) {
      this.options.logger.info({ tnx: 'ice-restart', why }, 'call reconnecting');
      this.reconnecting = true;
      this.attempt = 0;
      this.giveUpTimer = setTimeout(() => this.giveUp(), this.options.limitMs ?? RECOVERY_LIMIT_MS);
      this.options.onReconnecting(true);
    }
    this.tryNow();
  }

  /** Registered again over a (new) transport: restart now if a restart is owed. */
  signallingRestored(): void {
    if (!this.owed || this.stopped) return;
    this.attempt = 0;
    this.tryNow();
  }

  /** The call's `RTCPeerConnection.iceConnectionState` changed. */
  iceChanged(state: IceState): void {
    this.ice = state;
    if (this.stopped) return;
    if (this.connected()) {
      clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
      // Rule: "Reconnecting…" clears only when ICE is connected again after the restart.
      if (this.reconnecting && !this.owed && !this.restarting) this.recovered();
      return;
    }
    if (state === 'failed') {
      this.lost('ice-failed');
      return;
    }
    // Rule: `disconnected` may heal by itself; restart only if it lasts.
    if (state === 'disconnected' && !this.graceTimer && !this.reconnecting) {
      this.graceTimer = setTimeout(() => {
        this.graceTimer = undefined;
        if (this.ice === 'disconnected') this.lost('ice-disconnected');
      }, this.options.disconnectedGraceMs ?? 5000);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.giveUpTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.graceTimer);
  }

  private connected(): boolean {
    return this.ice === 'connected' || this.ice === 'completed';
  }

  private tryNow(): void {
    // Rule: one restart at a time, and only when signalling works.
    if (this.restarting || !this.owed || !this.options.signallingUp()) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.restarting = true;
    this.owed = false;
    void this.options
      .restart()
      .catch((error: unknown): HoldOutcome => ({ ok: false, reason: String(error) }))
      .then((outcome) => {
        this.restarting = false;
        if (this.stopped) return;
        if (outcome.ok) {
          this.options.logger.info({ tnx: 'ice-restart' }, 'ICE restart accepted');
          if (this.owed)
            this.tryNow(); // lost again meanwhile
          else if (this.reconnecting && this.connected()) this.recovered();
          return;
        }
        this.owed = true;
        this.options.logger.info({ tnx: 'ice-restart', reason: outcome.reason }, 'ICE restart failed');
        const { initial, max } = this.options.retryMs ?? { initial: 1000, max: 8000 };
        const delay = Math.min(max, initial * 2 ** this.attempt++);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.tryNow();
        }, delay);
      });
  }

  private recovered(): void {
    this.reconnecting = false;
    clearTimeout(this.giveUpTimer);
    this.giveUpTimer = undefined;
    this.options.logger.info({ tnx: 'ice-restart' }, 'call reconnected');
    this.options.onReconnecting(false);
  }

  private giveUp(): void {
    this.giveUpTimer = undefined;
    if (this.stopped || !this.reconnecting) return;
    if (this.connected()) {
      // Media flows, only signalling is still away: stop saying "Reconnecting…", keep the restart owed.
      this.recovered();
      return;
    }
    this.options.logger.warn({ tnx: 'ice-restart' }, 'call could not reconnect: giving up');
    this.stop();
    this.options.onGiveUp();
  }
}
