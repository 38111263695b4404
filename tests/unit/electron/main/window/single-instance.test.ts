import { describe, expect, it } from 'vitest';
import {
  claimSingleInstance,
  handedOverArgv,
  type SingleInstanceApp,
} from '../../../../../electron/src/main/window/single-instance.js';

/** Two fake Electron apps sharing one lock, as two processes of the same user would. */
function fakeLockServer() {
  let holder: FakeApp | undefined;
  const claim = (app: FakeApp, data: Record<string, unknown> | undefined): boolean => {
    if (!holder) {
      holder = app;
      return true;
    }
    holder.secondInstance(data);
    return false;
  };
  class FakeApp implements SingleInstanceApp {
    quitCalled = false;
    private listener: ((event: unknown, argv: string[], cwd: string, data: unknown) => void) | undefined;
    requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
      return claim(this, additionalData);
    }
    secondInstance(data: Record<string, unknown> | undefined): void {
      this.listener?.({}, ['/chromium/reordered', '--switch'], '/home/u', data);
    }
    on(
      _event: 'second-instance',
      listener: (event: unknown, argv: string[], cwd: string, data: unknown) => void,
    ): this {
      this.listener = listener;
      return this;
    }
    quit(): void {
      this.quitCalled = true;
    }
  }
  return { FakeApp };
}

describe('single instance', () => {
  it('the first instance keeps running; the second quits and hands over its arguments', () => {
    const { FakeApp } = fakeLockServer();
    const first = new FakeApp();
    const handed: (readonly string[])[] = [];
    expect(claimSingleInstance(first, ['/opt/parley'], (argv) => handed.push(argv))).toBe(true);
    expect(first.quitCalled).toBe(false);

    const second = new FakeApp();
    expect(claimSingleInstance(second, ['/opt/parley', 'sip:bob@x.org'], () => handed.push(['wrong']))).toBe(
      false,
    );
    expect(second.quitCalled).toBe(true);
    expect(handed).toEqual([['/opt/parley', 'sip:bob@x.org']]);
  });

  it('falls back to argv and drops what is not a short string', () => {
    expect(handedOverArgv(['a', 'sip:b@x.org'], undefined)).toEqual(['a', 'sip:b@x.org']);
    expect(handedOverArgv(['a'], { argv: 'not an array' })).toEqual(['a']);
    expect(handedOverArgv(['a', 42, 'x'.repeat(5000)], null)).toEqual(['a']);
    expect(handedOverArgv(undefined, { argv: new Array(1000).fill('x') })).toEqual([]);
  });
});
