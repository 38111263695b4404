/**
 * Pre-warming an outgoing call (issue 15, "the client's own latency"). When the person shows they are
 * about to call (the pointer on a Call button, typing in the dial box), the platform's media handler is
 * made at once: microphone open, `RTCPeerConnection` made, offer made and its first usable ICE candidate
 * gathered. The next `call()` takes it, so the click only has to send the INVITE (≈25 ms of a click's
 * work moved before it on loopback).
 *
 *   empty ──prepare()──► preparing ──ready──► ready ──take()──► handed to the call ──► empty
 *                          │  ▲                  │  ▲
 *                          │  └── prepare() ─────┘  └── prepare(): the idle timer starts again
 *                          └──── idle timer / release() / failure: released (handler closed) ──► empty
 *
 * Rules (repeated above the code that keeps them):
 * - At most one warm handler exists: `prepare()` while one exists only starts its idle timer again.
 * - An unused handler is released `idleMs` after the last sign of intent (default 5 s): closing it stops
 *   its microphone track, so the browser's "microphone in use" indicator goes out. The indicator is on
 *   only from a sign of intent until a call or that idle time, never while nothing is about to happen.
 * - `take()` hands the handler over once. Still preparing: the call awaits it (it is ahead of a fresh
 *   one). A preparation that failed (no microphone, permission denied) yields nothing: the call makes its
 *   own handler as before and reports the real error.
 *
 * Environment-free: the handler type, how to make and release one, and the timers come in.
 */
import type { Logger } from '../../../../common/logger.js';

/** A handler being made: the value at once, `ready` when its offer and first candidate are done. */
export interface Preparation<T> {
  readonly value: T;
  readonly ready: Promise<unknown>;
}

export interface WarmupTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CallWarmupOptions<T> {
  /** Makes a handler and starts its work (may throw: then nothing is warm). */
  prepare(): Preparation<T>;
  /** Releases an unused handler: stops its tracks, closes its connection. */
  release(value: T): void;
  /** How long an unused handler is kept after the last `prepare()`, ms. */
  readonly idleMs: number;
  readonly logger: Logger;
  /** Test seam (default: the global timers). */
  readonly timers?: WarmupTimers;
}

export const DEFAULT_WARMUP_IDLE_MS = 5000;

interface Warm<T> {
  readonly value: T;
  /** True once ready; false when the preparation failed. */
  readonly ready: Promise<boolean>;
  timer: unknown;
}

export class CallWarmup<T> {
  private current: Warm<T> | undefined;
  private readonly timers: WarmupTimers;

  constructor(private readonly options: CallWarmupOptions<T>) {
    this.timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
  }

  /** A handler is prepared or being prepared. */
  get warm(): boolean {
    return this.current !== undefined;
  }

  /** A sign of intent: prepare a handler unless one exists, and (re)start the idle timer. */
  prepare(): void {
    // Rule: at most one warm handler; another sign of intent only starts its idle timer again.
    if (this.current) {
      this.armIdleTimer(this.current);
      return;
    }
    let preparation: Preparation<T>;
    try {
      preparation = this.options.prepare();
    } catch (error) {
      this.options.logger.debug({ tnx: 'warmup', error: String(error) }, 'cannot prepare a call');
      return;
    }
    const warm: Warm<T> = {
      value: preparation.value,
      ready: preparation.ready.then(
        () => true,
        (error: unknown) => {
          this.options.logger.debug({ tnx: 'warmup', error: String(error) }, 'call preparation failed');
          // Rule: a failed preparation yields nothing; it is released if still ours.
          if (this.current === warm) this.drop(warm);
          return false;
        },
      ),
      timer: undefined,
    };
    this.current = warm;
    this.armIdleTimer(warm);
    this.options.logger.debug({ tnx: 'warmup' }, 'preparing a call');
  }

  /**
   * Hands the prepared handler to a call: undefined when nothing is prepared, else a promise of the
   * handler once ready (undefined if its preparation failed; it is then released).
   */
  take(): Promise<T | undefined> | undefined {
    const warm = this.current;
    if (!warm) return undefined;
    // Rule: handed over once; the idle timer no longer applies.
    this.current = undefined;
    this.timers.clearTimeout(warm.timer);
    return warm.ready.then((ok) => {
      if (ok) return warm.value;
      this.safeRelease(warm.value);
      return undefined;
    });
  }

  /** Releases the unused handler now (idle, sign-out). */
  release(): void {
    if (this.current) this.drop(this.current);
  }

  private armIdleTimer(warm: Warm<T>): void {
    this.timers.clearTimeout(warm.timer);
    // Rule: an unused handler goes `idleMs` after the last sign of intent (the microphone with it).
    warm.timer = this.timers.setTimeout(() => {
      if (this.current !== warm) return;
      this.options.logger.debug({ tnx: 'warmup' }, 'prepared call unused: releasing it');
      this.drop(warm);
    }, this.options.idleMs);
  }

  private drop(warm: Warm<T>): void {
    this.current = undefined;
    this.timers.clearTimeout(warm.timer);
    this.safeRelease(warm.value);
  }

  private safeRelease(value: T): void {
    try {
      this.options.release(value);
    } catch (error) {
      this.options.logger.debug({ tnx: 'warmup', error: String(error) }, 'cannot release a prepared call');
    }
  }
}
