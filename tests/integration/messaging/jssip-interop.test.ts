/**
 * Interop: a JsSIP 3.13 phone (which sends plain `text/plain` MESSAGEs without our id header) and a
 * Parley client (SIP.js + MessagingClient) message each other through the service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JsSIP from 'jssip';
import type { IncomingMessageEvent, OutgoingMessageEvent } from 'jssip/lib/UA.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { directFetch } from './support/direct-fetch.js';
import { startMiniSipServer, type MiniSipServer } from './support/mini-sip-server.js';
import { startNodeMessenger, type NodeMessenger } from './support/node-messenger.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('JsSIP interop', () => {
  it('a JsSIP phone sends to and receives from a Parley client', async () => {
    const g = globalThis as { WebSocket?: unknown };
    g.WebSocket ??= WebSocket;
    const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-jssip-')), 'parley.db');
    const s: MiniSipServer = await startMiniSipServer({ dbFile, users: ['alice', 'carol'] });
    cleanups.push(() => s.stop());
    const alice: NodeMessenger = await startNodeMessenger({
      user: 'alice',
      url: s.url,
      domain: s.domain,
      fetchJson: directFetch(() => s.messaging, 'alice'),
    });
    cleanups.push(() => alice.stop());

    const carol = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(s.url)],
      uri: `sip:carol@${s.domain}`,
      password: 'unused',
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

    // JsSIP → Parley (no Parley-Message-Id: the service falls back to the Call-ID).
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
          .conversations.find((c) => c.peer === 'carol')
          ?.messages.map((m) => m.body),
      )
      .toEqual(['hi from JsSIP']);

    // Parley → JsSIP.
    alice.client.send('carol', 'hi from Parley');
    await expect.poll(() => received).toEqual(['hi from Parley']);
    await expect
      .poll(
        () =>
          alice.client
            .getSnapshot()
            .conversations.find((c) => c.peer === 'carol')
            ?.messages.at(-1)?.state,
      )
      .toBe('delivered');
  });
});
