import { RequestPendingError } from 'sip.js';
import type { Session } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { glareBackoffMs, requestHold } from '../../../../../renderer/src/engine/calls/call-hold.js';

type InviteOptions = {
  sessionDescriptionHandlerOptions?: Record<string, unknown>;
  requestDelegate?: {
    onAccept?: () => void;
    onReject?: (response: { message: { statusCode?: number } }) => void;
  };
};

/** A session whose re-INVITEs get the scripted answers in turn (a number = final status, 'pending' = throws). */
function scriptedSession(answers: Array<number | 'pending'>) {
  const sent: InviteOptions[] = [];
  const session = {
    invite(options: InviteOptions): Promise<void> {
      sent.push(options);
      const next = answers.shift();
      if (next === 'pending') return Promise.reject(new RequestPendingError('Reinvite in progress'));
      queueMicrotask(() => {
        if (next === 200) options.requestDelegate?.onAccept?.();
        else options.requestDelegate?.onReject?.({ message: { statusCode: next } });
      });
      return Promise.resolve();
    },
  };
  return { session: session as unknown as Session, sent };
}

describe('hold and resume (re-INVITE, RFC 3264 §8.4)', () => {
  it('sends the full handler options with hold set, and reports success', async () => {
    const { session, sent } = scriptedSession([200]);
    const outcome = await requestHold({
      session,
      hold: true,
      handlerOptions: { constraints: { audio: true, video: false } },
      modifiers: [],
      ownsCallId: true,
    });
    expect(outcome).toEqual({ ok: true });
    expect(sent[0]?.sessionDescriptionHandlerOptions).toEqual({
      constraints: { audio: true, video: false },
      hold: true,
    });
  });

  it('retries after glare (491, or the other side re-INVITE in progress) with the RFC 3261 §14.1 back-off', async () => {
    const { session, sent } = scriptedSession([491, 'pending', 200]);
    const waits: number[] = [];
    const outcome = await requestHold({
      session,
      hold: false,
      handlerOptions: {},
      modifiers: [],
      ownsCallId: false,
      random: () => 0.5,
      wait: async (ms) => {
        waits.push(ms);
      },
    });
    expect(outcome.ok).toBe(true);
    expect(sent).toHaveLength(3);
    expect(waits).toEqual([1000, 1000]);
  });

  it('gives up after the last glare attempt, and does not retry other refusals', async () => {
    const glare = scriptedSession([491, 491, 491]);
    const gaveUp = await requestHold({
      session: glare.session,
      hold: true,
      handlerOptions: {},
      modifiers: [],
      ownsCallId: true,
      wait: async () => undefined,
    });
    expect(gaveUp).toMatchObject({ ok: false, status: 491 });
    expect(glare.sent).toHaveLength(3);

    const refused = scriptedSession([488]);
    const outcome = await requestHold({
      session: refused.session,
      hold: true,
      handlerOptions: {},
      modifiers: [],
      ownsCallId: true,
    });
    expect(outcome).toMatchObject({ ok: false, status: 488 });
    expect(refused.sent).toHaveLength(1);
  });

  it('waits 2.1–4 s when we own the Call-ID, 0–2 s otherwise', () => {
    expect(glareBackoffMs(true, () => 0)).toBe(2100);
    expect(glareBackoffMs(true, () => 1)).toBe(4000);
    expect(glareBackoffMs(false, () => 0)).toBe(0);
    expect(glareBackoffMs(false, () => 1)).toBe(2000);
  });
});
