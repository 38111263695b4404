import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../../common/logger.js';
import { CallWarmup } from '../../../../../renderer/src/engine/calls/call-warmup.js';

/** A handler the test finishes (or fails) by hand. */
interface Handler {
  readonly n: number;
  finish(): void;
  fail(error: Error): void;
}

function setup(idleMs = 5000) {
  const made: Handler[] = [];
  const released: number[] = [];
  const warmup = new CallWarmup<Handler>({
    prepare: () => {
      let finish!: () => void;
      let fail!: (error: Error) => void;
      const ready = new Promise<void>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      });
      const handler: Handler = { n: made.length + 1, finish, fail };
      made.push(handler);
      return { value: handler, ready };
    },
    release: (handler) => released.push(handler.n),
    idleMs,
    logger: silentLogger,
  });
  return { warmup, made, released };
}

describe('call warm-up', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('makes one handler however often intent is shown', () => {
    const { warmup, made } = setup();
    warmup.prepare();
    warmup.prepare();
    warmup.prepare();
    expect(made).toHaveLength(1);
    expect(warmup.warm).toBe(true);
  });

  it('releases an unused handler after the idle time (the microphone goes with it)', async () => {
    const { warmup, made, released } = setup(5000);
    warmup.prepare();
    made[0]!.finish();
    await vi.advanceTimersByTimeAsync(4999);
    expect(released).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(released).toEqual([1]);
    expect(warmup.warm).toBe(false);
    expect(warmup.take()).toBeUndefined();
  });

  it('counts the idle time from the last sign of intent', async () => {
    const { warmup, released } = setup(5000);
    warmup.prepare();
    await vi.advanceTimersByTimeAsync(4000);
    warmup.prepare();
    await vi.advanceTimersByTimeAsync(4000);
    expect(released).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(released).toEqual([1]);
  });

  it('hands a ready handler to the call once, and never releases it', async () => {
    const { warmup, made, released } = setup();
    warmup.prepare();
    made[0]!.finish();
    await expect(warmup.take()).resolves.toBe(made[0]);
    expect(warmup.take()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(released).toEqual([]);
  });

  it('lets a call wait for a handler still being prepared', async () => {
    const { warmup, made } = setup();
    warmup.prepare();
    const taken = warmup.take();
    expect(taken).toBeInstanceOf(Promise);
    made[0]!.finish();
    await expect(taken).resolves.toBe(made[0]);
  });

  it('yields nothing from a failed preparation, releases it, and prepares afresh next time', async () => {
    const { warmup, made, released } = setup();
    warmup.prepare();
    made[0]!.fail(new Error('NotAllowedError: Permission denied'));
    await vi.advanceTimersByTimeAsync(0);
    expect(released).toEqual([1]);
    expect(warmup.take()).toBeUndefined();
    warmup.prepare();
    expect(made).toHaveLength(2);
  });

  it('releases a handler that fails after the call took it', async () => {
    const { warmup, made, released } = setup();
    warmup.prepare();
    const taken = warmup.take();
    made[0]!.fail(new Error('no microphone'));
    await expect(taken).resolves.toBeUndefined();
    expect(released).toEqual([1]);
  });

  it('keeps nothing when making a handler throws', () => {
    const warmup = new CallWarmup<object>({
      prepare: () => {
        throw new Error('RTCPeerConnection is not defined');
      },
      release: () => undefined,
      idleMs: 5000,
      logger: silentLogger,
    });
    warmup.prepare();
    expect(warmup.warm).toBe(false);
  });

  it('releases on demand (sign-out) and stops its idle timer', async () => {
    const { warmup, released } = setup();
    warmup.prepare();
    warmup.release();
    expect(released).toEqual([1]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(released).toEqual([1]);
  });
});
