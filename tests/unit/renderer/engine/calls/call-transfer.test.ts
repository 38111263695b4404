import type { Session } from 'sip.js';
import { describe, expect, it } from 'vitest';
import {
  parseSipfrag,
  progressOf,
  referAndFollow,
  type TransferProgress,
} from '../../../../../renderer/src/engine/calls/call-transfer.js';

type ReferOptions = {
  requestDelegate?: {
    onAccept?: () => void;
    onReject?: (r: { message: { statusCode?: number; reasonPhrase?: string } }) => void;
  };
  onNotify?: (n: { request: { body: string }; accept: () => Promise<void> }) => void;
};

/** A session whose REFER is accepted and then gets the given sipfrag NOTIFYs. */
function referringSession(notifies: string[], refuse?: number) {
  const session = {
    async refer(_to: unknown, options: ReferOptions) {
      queueMicrotask(() => {
        if (refuse) {
          options.requestDelegate?.onReject?.({ message: { statusCode: refuse, reasonPhrase: 'Forbidden' } });
          return;
        }
        options.requestDelegate?.onAccept?.();
        for (const body of notifies) options.onNotify?.({ request: { body }, accept: async () => undefined });
      });
    },
  };
  return session as unknown as Session;
}

describe('transfer progress (RFC 3515 NOTIFY with message/sipfrag)', () => {
  it('reads the status line of a sipfrag body', () => {
    expect(parseSipfrag('SIP/2.0 180 Ringing\r\n')).toEqual({ code: 180, reason: 'Ringing' });
    expect(parseSipfrag('SIP/2.0 200 OK')).toEqual({ code: 200, reason: 'OK' });
    expect(parseSipfrag('hello')).toBeUndefined();
    expect(parseSipfrag(undefined)).toBeUndefined();
  });

  it('maps statuses to steps', () => {
    expect(progressOf(100, 'Trying').state).toBe('trying');
    expect(progressOf(183, 'Session Progress').state).toBe('ringing');
    expect(progressOf(200, 'OK').state).toBe('done');
    expect(progressOf(486, 'Busy Here').state).toBe('failed');
  });

  it('follows the NOTIFYs to the final one, whatever their Subscription-State', async () => {
    const steps: TransferProgress[] = [];
    const final = await referAndFollow(
      referringSession(['SIP/2.0 100 Trying', 'SIP/2.0 180 Ringing', 'SIP/2.0 200 OK']),
      {} as Session,
      (p) => steps.push(p),
    );
    expect(final).toMatchObject({ state: 'done', status: 200 });
    expect(steps.map((p) => p.state)).toEqual(['trying', 'trying', 'ringing', 'done']);
  });

  it('fails on a refused REFER, on an error sipfrag, and when no final NOTIFY comes', async () => {
    expect(await referAndFollow(referringSession([], 403), {} as Session, () => undefined)).toMatchObject({
      state: 'failed',
      status: 403,
    });
    expect(
      await referAndFollow(referringSession(['SIP/2.0 486 Busy Here']), {} as Session, () => undefined),
    ).toMatchObject({ state: 'failed', status: 486, reason: 'Busy Here' });
    expect(
      await referAndFollow(referringSession(['SIP/2.0 180 Ringing']), {} as Session, () => undefined, 20),
    ).toMatchObject({ state: 'failed' });
  });
});
