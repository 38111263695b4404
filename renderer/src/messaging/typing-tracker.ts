/**
 * RFC 3994 composing state, both directions (https://www.rfc-editor.org/rfc/rfc3994).
 *
 *   ours, per peer:  idle ──typed()──► active (send "active", refresh R)
 *                    active ──typed() after R s──► active (send "active" again: the refresh)
 *                    active ──15 s without typed()──► idle (send "idle")
 *                    active ──message sent──► idle (send nothing: content implies idle at the receiver)
 *                    active ──draft cleared──► idle (send "idle")
 *
 *   theirs, per peer: idle ──"active"──► active ──"idle" | content from them | R s (120 s default)──► idle
 */
import {
  DEFAULT_REFRESH_SECONDS,
  IDLE_TIMEOUT_MS,
  RECEIVER_DEFAULT_TIMEOUT_SECONDS,
  type ComposingState,
} from './is-composing.js';
import type { ClientTimers } from './timers.js';

interface Ours {
  lastActiveAt: number;
  idleTimer: unknown;
}

export class ComposeTracker {
  private readonly ours = new Map<string, Ours>();

  constructor(
    private readonly timers: ClientTimers,
    private readonly sendState: (peer: string, state: ComposingState, refreshSeconds?: number) => void,
    private readonly idleMs = IDLE_TIMEOUT_MS,
    private readonly refreshSeconds = DEFAULT_REFRESH_SECONDS,
  ) {}

  /** The user typed in the conversation with `peer`. */
  typed(peer: string): void {
    const now = this.timers.now();
    let st = this.ours.get(peer);
    if (!st) {
      st = { lastActiveAt: now, idleTimer: undefined };
      this.ours.set(peer, st);
      this.sendState(peer, 'active', this.refreshSeconds);
    } else if (now - st.lastActiveAt >= this.refreshSeconds * 1000) {
      st.lastActiveAt = now;
      this.sendState(peer, 'active', this.refreshSeconds);
    }
    this.timers.clearTimeout(st.idleTimer);
    st.idleTimer = this.timers.setTimeout(() => this.stop(peer, true), this.idleMs);
  }

  /** Back to idle; sends "idle" only when `announce` (not after sending content). */
  stop(peer: string, announce: boolean): void {
    const st = this.ours.get(peer);
    if (!st) return;
    this.timers.clearTimeout(st.idleTimer);
    this.ours.delete(peer);
    if (announce) this.sendState(peer, 'idle');
  }

  dispose(): void {
    for (const st of this.ours.values()) this.timers.clearTimeout(st.idleTimer);
    this.ours.clear();
  }
}

export class PeerTypingTracker {
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly clock: ClientTimers,
    private readonly onChange: () => void,
  ) {}

  isTyping(peer: string): boolean {
    return this.timers.has(peer);
  }

  /** An isComposing document arrived from `peer`. */
  update(peer: string, state: ComposingState, refreshSeconds?: number): void {
    if (state === 'idle') return this.clear(peer);
    const was = this.timers.has(peer);
    this.clock.clearTimeout(this.timers.get(peer));
    const seconds = refreshSeconds && refreshSeconds > 0 ? refreshSeconds : RECEIVER_DEFAULT_TIMEOUT_SECONDS;
    this.timers.set(
      peer,
      this.clock.setTimeout(() => this.clear(peer), seconds * 1000),
    );
    if (!was) this.onChange();
  }

  /** "idle", content from `peer`, or the refresh ran out. */
  clear(peer: string): void {
    if (!this.timers.has(peer)) return;
    this.clock.clearTimeout(this.timers.get(peer));
    this.timers.delete(peer);
    this.onChange();
  }

  dispose(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }
}
