/**
 * A message the recipient's device refuses for good (415) must not block the ones after it: through the
 * REAL service (`startTestService()`), a real Parley client as the sender and a raw SIP device as bob
 * that answers its first chat MESSAGE 415 and every later one 200.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestService } from '../../support/service/test-service.js';
import { RawSipClient, readFrame, type RawFrame } from '../../support/sip/raw-sip-client.js';
import { registerWithDigest } from '../../support/sip/ws-register.js';
import { startMessagingPeer } from './support/messaging-peer.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** A final response to `req` (RFC 3261 §8.2.6: Via, From, To with a tag, Call-ID, CSeq copied). */
function answer(req: RawFrame, status: number, reason: string): string {
  const to = req.header('To') ?? '';
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...req.headers('Via').map((v) => `Via: ${v}`),
    `From: ${req.header('From') ?? ''}`,
    `To: ${/;\s*tag=/i.test(to) ? to : `${to};tag=dev${status}`}`,
    `Call-ID: ${req.header('Call-ID') ?? ''}`,
    `CSeq: ${req.header('CSeq') ?? ''}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('messaging: a permanently refused message (poison message)', () => {
  it('is marked failed for the sender with the reason, later messages still arrive in order, and Retry delivers it', async () => {
    const s = await startTestService({ domain: 'parley.test' });
    cleanups.push(() => s.stop());
    const a = await s.createAccount('alice');
    const b = await s.createAccount('bob', 'bob-password-1');
    const alice = await startMessagingPeer({
      user: 'alice',
      token: a.token,
      baseUrl: s.baseUrl,
      sipUrl: s.sipUrl,
      domain: s.domain,
    });
    cleanups.push(() => alice.stop());
    const state = (id: string) =>
      alice.client.getSnapshot().conversations[0]?.messages.find((m) => m.id === id);

    // Bob is offline: four messages are stored in order.
    const ids = ['m0', 'm1', 'm2', 'm3'].map((body) => {
      const out = alice.client.send('bob', body);
      if (!out.ok) throw new Error(out.message);
      return out.id;
    });
    await expect.poll(() => ids.map((id) => state(id)?.state)).toEqual(['sent', 'sent', 'sent', 'sent']);

    // Bob's device: 415 to its first chat MESSAGE, 200 to every later one.
    const bob = await RawSipClient.connect(s.sipUrl);
    cleanups.push(async () => bob.close());
    const received: string[] = [];
    let chatCount = 0;
    const isChat = (f: RawFrame): boolean =>
      f.method === 'MESSAGE' && (f.header('Content-Type') ?? '').startsWith('text/plain');
    bob.ws.on('message', (data) => {
      const f = readFrame(data.toString());
      if (!isChat(f)) return;
      received.push(f.text.split('\r\n\r\n')[1] ?? '');
      bob.send(chatCount++ === 0 ? answer(f, 415, 'Unsupported Media Type') : answer(f, 200, 'OK'));
    });
    expect(await registerWithDigest(bob, 'bob', b.password, s.domain)).toBe(200);

    // Every message after the refused one arrives, in order; the refused one is not retried.
    await expect.poll(() => received).toEqual(['m0', 'm1', 'm2', 'm3']);
    await expect
      .poll(() => ids.map((id) => state(id)?.state))
      .toEqual(['failed', 'delivered', 'delivered', 'delivered']);
    expect(state(ids[0]!)?.failure).toEqual({
      reason: 'undeliverable',
      message: "bob's device could not take it (415 Unsupported Media Type).",
    });
    // A message sent now goes straight through too.
    const live = alice.client.send('bob', 'm4');
    await expect.poll(() => (live.ok ? state(live.id)?.state : undefined)).toBe('delivered');
    expect(received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);

    // The history keeps the failure (a reload shows it), and Retry sends the same id, now accepted.
    const history = (await (
      await fetch(`${s.baseUrl}/api/conversations/bob/messages`, {
        headers: { Authorization: `Bearer ${a.token}` },
      })
    ).json()) as { messages: { id: string; state: string; failure?: unknown }[] };
    expect(history.messages.map((m) => m.state)).toEqual([
      'failed',
      'delivered',
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect(history.messages[0]?.failure).toEqual({ status: 415, reason: 'Unsupported Media Type' });
    alice.client.retry(ids[0]!);
    await expect.poll(() => state(ids[0]!)?.state).toBe('delivered');
    expect(received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm0']);
  });
});
