import type { Session } from 'sip.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../../common/logger.js';
import { requestHold } from '../../../../../renderer/src/engine/calls/call-hold.js';
import type { HoldOutcome } from '../../../../../renderer/src/engine/calls/call-hold.js';
import { CallRecovery } from '../../../../../renderer/src/engine/calls/ice-restart.js';

/** A recovery whose restarts answer from `outcomes` in turn; records what it reported. */
function recoveryWith(outcomes: HoldOutcome[], signalling = { up: true }) {
  const seen = { restarts: 0, reconnecting: [] as boolean[], gaveUp: false };
  const recovery = new CallRecovery({
    restart: () => {
      seen.restarts++;
      return Promise.resolve(outcomes.shift() ?? { ok: true });
    },
    signallingUp: () => signalling.up,
    onReconnecting: (on) => seen.reconnecting.push(on),
    onGiveUp: () => {
      seen.gaveUp = true;
    },
    logger: silentLogger,
    retryMs: { initial: 1000, max: 4000 },
  });
  return { recovery, seen, signalling };
}

describe('call recovery after a network change (ICE restart, RFC 8445 §9)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for signalling, restarts once it is back, and clears "Reconnecting…" when ICE connects', async () => {
    const { recovery, seen, signalling } = recoveryWith([{ ok: true }], { up: false });
    recovery.iceChanged('connected');
    recovery.lost('transport');
    expect(seen.reconnecting).toEqual([true]);
    expect(seen.restarts).toBe(0);
    recovery.iceChanged('disconnected');
    signalling.up = true;
    recovery.signallingRestored();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.restarts).toBe(1);
    expect(seen.reconnecting).toEqual([true]); // accepted, but no media yet
    recovery.iceChanged('connected');
    expect(seen.reconnecting).toEqual([true, false]);
  });

  it('a refused restart is retried with back-off', async () => {
    const { recovery, seen } = recoveryWith([{ ok: false, status: 408, reason: 'timeout' }, { ok: true }]);
    recovery.iceChanged('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.restarts).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen.restarts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.restarts).toBe(2);
  });

  it('ICE disconnected that heals within the grace period restarts nothing', async () => {
    const { recovery, seen } = recoveryWith([]);
    recovery.iceChanged('connected');
    recovery.iceChanged('disconnected');
    await vi.advanceTimersByTimeAsync(4000);
    recovery.iceChanged('connected');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen.restarts).toBe(0);
    expect(seen.reconnecting).toEqual([]);
  });

  it('ICE disconnected for longer than the grace period restarts', async () => {
    const { recovery, seen } = recoveryWith([]);
    recovery.iceChanged('disconnected');
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen.restarts).toBe(1);
  });

  it('gives up after 60 s without media', async () => {
    const { recovery, seen } = recoveryWith([], { up: false });
    recovery.lost('offline');
    await vi.advanceTimersByTimeAsync(59_999);
    expect(seen.gaveUp).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.gaveUp).toBe(true);
  });
});

describe('the ICE-restart re-INVITE', () => {
  it('offers iceRestart with the hold state kept, then drops the one-off option', async () => {
    const sent: Array<Record<string, unknown> | undefined> = [];
    const session = {
      sessionDescriptionHandlerOptionsReInvite: {} as Record<string, unknown>,
      invite(options: {
        sessionDescriptionHandlerOptions?: Record<string, unknown>;
        requestDelegate?: { onAccept?: () => void };
      }) {
        sent.push(options.sessionDescriptionHandlerOptions);
        session.sessionDescriptionHandlerOptionsReInvite = options.sessionDescriptionHandlerOptions ?? {};
        queueMicrotask(() => options.requestDelegate?.onAccept?.());
        return Promise.resolve();
      },
    };
    const outcome = await requestHold({
      session: session as unknown as Session,
      hold: true,
      iceRestart: true,
      handlerOptions: { constraints: { audio: true } },
      modifiers: [],
      ownsCallId: true,
    });
    expect(outcome).toEqual({ ok: true });
    expect(sent[0]).toEqual({ constraints: { audio: true }, hold: true, offerOptions: { iceRestart: true } });
    expect(session.sessionDescriptionHandlerOptionsReInvite).toEqual({
      constraints: { audio: true },
      hold: true,
    });
  });
});
