/** The ng client against a scripted UDP socket standing in for rtpengine (the real one: integration). */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { decode, encode, type BencodeValue } from '../../../../server/src/media-relay/bencode.js';
import { NgClient, NgError } from '../../../../server/src/media-relay/ng-client.js';

interface Received {
  readonly cookie: string;
  readonly body: BencodeValue;
  /** Sends `reply` back to where this request came from. */
  readonly respond: (reply: Buffer) => void;
}

/** A UDP socket that hands each request to `reply`, which answers (a Buffer) or stays silent. */
async function fakeRtpengine(
  reply: (request: Received, index: number) => Buffer | undefined,
): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  const received: Received[] = [];
  socket.on('message', (msg, from) => {
    const space = msg.indexOf(0x20);
    const request: Received = {
      cookie: msg.toString('ascii', 0, space),
      body: decode(msg.subarray(space + 1)),
      respond: (reply) => socket.send(reply, from.port, from.address),
    };
    received.push(request);
    const answer = reply(request, received.length - 1);
    if (answer !== undefined) request.respond(answer);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    received,
    close: () => new Promise<void>((resolve) => socket.close(resolve)),
  };
}

const answer = (cookie: string, body: BencodeValue): Buffer =>
  Buffer.concat([Buffer.from(`${cookie} `), encode(body)]);

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setUp(reply: Parameters<typeof fakeRtpengine>[0], timeoutMs = 50) {
  const server = await fakeRtpengine(reply);
  const client = new NgClient({ address: { host: '127.0.0.1', port: server.port }, timeoutMs, retries: 2 });
  closers.push(
    () => client.close(),
    () => server.close(),
  );
  return { server, client };
}

describe('NgClient', () => {
  it('sends COOKIE SP bencode with the command and resolves to the reply', async () => {
    const { server, client } = await setUp((r) => answer(r.cookie, { result: 'ok', sdp: 'v=0' }));
    const reply = await client.request('offer', { 'call-id': 'c', 'from-tag': 'f', sdp: 'v=0' });
    expect(reply).toEqual({ result: 'ok', sdp: 'v=0' });
    expect(server.received[0]?.body).toEqual({
      command: 'offer',
      'call-id': 'c',
      'from-tag': 'f',
      sdp: 'v=0',
    });
  });

  it('sends again with the same cookie when a reply is lost, so rtpengine answers from its cache', async () => {
    const { server, client } = await setUp((r, i) =>
      i === 0 ? undefined : answer(r.cookie, { result: 'pong' }),
    );
    await client.ping();
    expect(server.received).toHaveLength(2);
    expect(server.received[1]?.cookie).toBe(server.received[0]?.cookie);
  });

  it('gives up after the retries with an error that names the target and what to install', async () => {
    const { server, client } = await setUp(() => undefined);
    const error = await client.request('offer').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NgError);
    expect((error as NgError).code).toBe('timeout');
    expect((error as NgError).message).toMatch(
      /rtpengine at udp:127\.0\.0\.1:\d+ did not answer offer \(3 sends/,
    );
    expect((error as NgError).message).toMatch(/rtpengine-daemon/);
    expect(server.received).toHaveLength(3);
  });

  it("turns result=error into a 'refused' error carrying rtpengine's reason", async () => {
    const { client } = await setUp((r) =>
      answer(r.cookie, { result: 'error', 'error-reason': 'Unknown call-id' }),
    );
    await expect(client.request('delete')).rejects.toMatchObject({
      code: 'refused',
      message: 'rtpengine refused delete: Unknown call-id',
    });
  });

  it('rejects an unreadable reply and ignores packets with a cookie it did not send', async () => {
    const { client } = await setUp((r) =>
      r.body && (r.body as { command?: string }).command === 'ping'
        ? Buffer.from(`${r.cookie} d6:result`)
        : answer('someone-else', { result: 'ok' }),
    );
    await expect(client.ping()).rejects.toMatchObject({ code: 'bad-reply' });
    await expect(client.request('query')).rejects.toMatchObject({ code: 'timeout' });
  });

  it('keeps requests apart by cookie when replies come back out of order', async () => {
    const held: Received[] = [];
    let sendHeld: (() => void) | undefined;
    const { client } = await setUp((r) => {
      held.push(r);
      if (held.length === 2) sendHeld?.();
      return undefined;
    }, 2000);
    const first = client.request('query', { 'call-id': 'one' });
    const second = client.request('query', { 'call-id': 'two' });
    // Answer the second request first, then the first, each with its own call-id echoed back.
    await new Promise<void>((resolve) => (sendHeld = resolve));
    for (const r of [...held].reverse()) {
      r.respond(answer(r.cookie, { result: 'ok', id: (r.body as { 'call-id': string })['call-id'] }));
    }
    expect(await first).toMatchObject({ id: 'one' });
    expect(await second).toMatchObject({ id: 'two' });
  });

  it('rejects waiting requests when closed', async () => {
    const server = await fakeRtpengine(() => undefined);
    closers.push(() => server.close());
    const client = new NgClient({ address: { host: '127.0.0.1', port: server.port }, timeoutMs: 1000 });
    const pending = client.request('offer');
    client.close();
    await expect(pending).rejects.toMatchObject({ code: 'closed' });
    await expect(client.ping()).rejects.toMatchObject({ code: 'closed' });
  });
});
