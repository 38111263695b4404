/**
 * Interop through the REAL service: a JsSIP 3.13 phone (plain `text/plain` MESSAGEs without our id
 * header, digest auth with its password) and a Parley client (phone engine + MessagingClient) message
 * each other; the service stores JsSIP's message under its Call-ID and delivers ours to JsSIP.
 */
import JsSIP from 'jssip';
import type { IncomingMessageEvent, OutgoingMessageEvent } from 'jssip/lib/UA.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestService } from '../../support/service/test-service.js';
import { startMessagingPeer } from './support/messaging-peer.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('JsSIP interop', () => {
  it('a JsSIP phone sends to and receives from a Parley client', async () => {
    const s = await startTestService({ domain: 'parley.test' });
    cleanups.push(() => s.stop());
    const a = await s.createAccount('alice');
    const c = await s.createAccount('carol');
    const alice = await startMessagingPeer({ user: 'alice', token: a.token, ...s });
    cleanups.push(() => alice.stop());

    const carol = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(s.sipUrl)],
      uri: `sip:carol@${s.domain}`,
      password: c.password,
      register: true,
    });
    const received: string[] = [];
    carol.on('newMessage', (event: IncomingMessageEvent | OutgoingMessageEvent) => {
      if (event.originator === 'remote') received.push(event.request.body ?? '');
    });
    const registered = new Promise<void>((resolve) => carol.on('registered', () => resolve()));
    carol.start();
    cleanups.push(() => carol.stop());
    await registered;

    // JsSIP → Parley (no Parley-Message-Id: the service falls back to the Call-ID). 407 then 202.
    const sent = new Promise<number>((resolve) =>
      carol.sendMessage(`sip:alice@${s.domain}`, 'hi from JsSIP', {
        eventHandlers: {
          succeeded: (e) => resolve(e.response.status_code),
          failed: () => resolve(0),
        },
      }),
    );
    expect(await sent).toBe(202);
    await expect
      .poll(() =>
        alice.client
          .getSnapshot()
          .conversations.find((x) => x.peer === 'carol')
          ?.messages.map((m) => m.body),
      )
      .toEqual(['hi from JsSIP']);

    // Parley → JsSIP: stored, then delivered to JsSIP's device (its 200 turns it "delivered").
    alice.client.send('carol', 'hi from Parley');
    await expect.poll(() => received).toEqual(['hi from Parley']);
    await expect
      .poll(
        () =>
          alice.client
            .getSnapshot()
            .conversations.find((x) => x.peer === 'carol')
            ?.messages.at(-1)?.state,
      )
      .toBe('delivered');
    // JsSIP got no receipt or typing document as text.
    expect(received).toEqual(['hi from Parley']);
  });
});
