import { describe, expect, it } from 'vitest';
import { MessagingClient, type FetchJson } from '../../../../renderer/src/messaging/messaging-client.js';
import { FakeTimers, FakeTransport, flush } from './fakes.js';

function setup(fetchJson?: FetchJson) {
  const transport = new FakeTransport();
  let n = 0;
  const client = new MessagingClient({
    transport,
    self: 'alice',
    domain: 'example.test',
    timers: new FakeTimers(),
    newId: () => `id-${++n}`,
    ...(fetchJson ? { fetchJson } : {}),
  });
  const conv = (peer: string) => client.getSnapshot().conversations.find((c) => c.peer === peer);
  const failedReceipt = (ids: string[], failure: unknown) =>
    transport.deliver(
      'sip:parley@example.test',
      'application/vnd.parley.receipt+json',
      JSON.stringify({ type: 'failed', peer: 'bob', ids, at: 5, failure }),
    );
  return { transport, client, conv, failedReceipt };
}

describe("MessagingClient: the recipient's device refused a message (failed receipt)", () => {
  it('shows sent → failed with the status and reason, then Retry resends the same id', async () => {
    const { transport, client, conv, failedReceipt } = setup();
    client.send('bob', 'hello');
    transport.chat()[0]!.resolve({ code: 202, seq: 3 });
    await flush();
    expect(conv('bob')?.messages[0]?.state).toBe('sent');

    failedReceipt(['id-1'], { status: 415, reason: 'Unsupported Media Type' });
    expect(conv('bob')?.messages[0]).toMatchObject({
      state: 'failed',
      failure: {
        reason: 'undeliverable',
        message: "bob's device could not take it (415 Unsupported Media Type).",
      },
    });

    client.retry('id-1');
    expect(conv('bob')?.messages[0]).toMatchObject({ state: 'sending' });
    expect(transport.chat()[1]!.headers['Parley-Message-Id']).toBe('id-1');
    // A late copy of the old receipt does not fail the resend in flight.
    failedReceipt(['id-1'], { status: 415, reason: 'Unsupported Media Type' });
    expect(conv('bob')?.messages[0]?.state).toBe('sending');
    transport.chat()[1]!.resolve({ code: 200, seq: 3 });
    await flush();
    expect(conv('bob')?.messages[0]).toMatchObject({ state: 'sent' });
    expect(conv('bob')?.messages[0]?.failure).toBeUndefined();
  });

  it('never fails a message that was already delivered, and ignores malformed failure details', async () => {
    const { transport, client, conv, failedReceipt } = setup();
    client.send('bob', 'a');
    client.send('bob', 'b');
    transport.chat()[0]!.resolve({ code: 202, seq: 1 });
    await flush();
    transport.chat()[1]!.resolve({ code: 202, seq: 2 });
    await flush();
    transport.deliver(
      'sip:parley@example.test',
      'application/vnd.parley.receipt+json',
      JSON.stringify({ type: 'delivered', peer: 'bob', ids: ['id-1'], at: 1 }),
    );
    failedReceipt(['id-1', 'id-2'], { status: 'x', reason: 42 });
    expect(conv('bob')?.messages.map((m) => m.state)).toEqual(['delivered', 'failed']);
    expect(conv('bob')?.messages[1]?.failure?.message).toBe("bob's device could not take it.");
  });

  it('shows a failed message from the history API as failed with its reason (after a reload)', async () => {
    const fetchJson: FetchJson = async (path) => {
      if (path.includes('/read')) return { marked: 0 };
      return {
        messages: [
          {
            id: 'm1',
            seq: 1,
            from: 'alice',
            to: 'bob',
            body: 'x',
            createdAt: 1,
            state: 'failed',
            failure: { status: 606, reason: 'Not Acceptable' },
          },
        ],
        hasMore: false,
      };
    };
    const { client, conv } = setup(fetchJson);
    await client.open('bob');
    expect(conv('bob')?.messages[0]).toMatchObject({
      state: 'failed',
      failure: { reason: 'undeliverable', message: "bob's device could not take it (606 Not Acceptable)." },
    });
  });
});
