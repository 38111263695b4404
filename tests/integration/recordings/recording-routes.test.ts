/**
 * The call-recording API on the real service (SQLite, real socket): the administrator's policy is
 * published in `GET /api/config` and enforced on upload; an allowed upload is measured, listed,
 * served and deleted for its owner only; bad files and oversized bodies get 4xx JSON errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECORDING_BYTES, type RecordingEntry } from '../../../common/recording-types.js';
import { parseConfig } from '../../../server/src/config.js';
import { makeToneOpus } from '../../support/mail/audio-tools.js';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';

const QUERY = 'peerUri=sip%3Abob%40localhost&peerName=Bob&direction=outgoing&startedAt=1700000000000';

async function upload(service: TestService, token: string, body: BodyInit, type = 'audio/ogg') {
  const res = await fetch(`${service.baseUrl}/api/recordings?${QUERY}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('PARLEY_RECORDING', () => {
  it('defaults to off, accepts off and allowed, and refuses anything else with one line', () => {
    expect(parseConfig({}).recording).toBe('off');
    expect(parseConfig({ PARLEY_RECORDING: 'allowed' }).recording).toBe('allowed');
    expect(parseConfig({}, ['--recording', 'OFF']).recording).toBe('off');
    expect(() => parseConfig({ PARLEY_RECORDING: 'yes' })).toThrow(/PARLEY_RECORDING must be off or allowed/);
  });
});

describe('recordings API with the policy off (the default)', () => {
  let service: TestService;
  let alice: TestAccount;
  beforeAll(async () => {
    service = await startTestService();
    alice = await service.createAccount('alice');
  });
  afterAll(async () => service?.stop());

  it('tells clients recording is off and refuses an upload with 403 JSON', async () => {
    const config = (await (await fetch(`${service.baseUrl}/api/config`)).json()) as { recording?: string };
    expect(config.recording).toBe('off');
    const { status, json } = await upload(service, alice.token, new Uint8Array(await makeToneOpus(440, 1)));
    expect(status).toBe(403);
    expect(json).toEqual({ error: { code: 'recording_disabled', message: expect.any(String) as string } });
    const list = await fetch(`${service.baseUrl}/api/recordings`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(await list.json()).toEqual({ recordings: [] });
  });
});

describe('recordings API with recording allowed', () => {
  let service: TestService;
  let alice: TestAccount;
  let bob: TestAccount;
  beforeAll(async () => {
    service = await startTestService({ recording: 'allowed' });
    alice = await service.createAccount('alice');
    bob = await service.createAccount('bob');
  });
  afterAll(async () => service?.stop());

  const get = (path: string, token: string) =>
    fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('publishes the policy in /api/config', async () => {
    const config = (await (await fetch(`${service.baseUrl}/api/config`)).json()) as { recording?: string };
    expect(config.recording).toBe('allowed');
  });

  it('stores an Ogg Opus upload, measures it, lists, serves and deletes it for its owner only', async () => {
    const ogg = await makeToneOpus(440, 3);
    const { status, json } = await upload(service, alice.token, new Uint8Array(ogg));
    expect(status).toBe(201);
    const entry = json as unknown as RecordingEntry;
    expect(entry).toMatchObject({
      peerUri: 'sip:bob@localhost',
      peerName: 'Bob',
      direction: 'outgoing',
      startedAt: 1700000000000,
      size: ogg.length,
    });
    // Measured by the service from the packets (3 s of 20 ms frames, opusenc may pad the last one).
    expect(entry.durationMs).toBeGreaterThanOrEqual(2980);
    expect(entry.durationMs).toBeLessThanOrEqual(3100);
    expect(entry.peaks.length).toBeGreaterThan(0);

    expect(await (await get('/api/recordings', alice.token)).json()).toEqual({ recordings: [entry] });
    expect(await (await get('/api/recordings', bob.token)).json()).toEqual({ recordings: [] });

    const audio = await fetch(`${service.baseUrl}/api/recordings/${entry.id}/audio?token=${alice.token}`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await audio.arrayBuffer()).equals(ogg)).toBe(true);
    expect((await get(`/api/recordings/${entry.id}/audio`, bob.token)).status).toBe(404);

    const del = (token: string) =>
      fetch(`${service.baseUrl}/api/recordings/${entry.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await del(bob.token)).status).toBe(404);
    expect((await del(alice.token)).status).toBe(204);
    expect(await (await get('/api/recordings', alice.token)).json()).toEqual({ recordings: [] });
  });

  it('refuses bad uploads with 4xx JSON and stores nothing', async () => {
    const notOgg = await upload(service, alice.token, new TextEncoder().encode('hello, not audio'));
    expect(notOgg.status).toBe(400);
    expect((notOgg.json['error'] as { code: string }).code).toBe('invalid_recording');

    const wrongType = await upload(service, alice.token, 'x', 'text/plain');
    expect(wrongType.status).toBe(415);

    const tooBig = await upload(service, alice.token, new Uint8Array(MAX_RECORDING_BYTES + 1));
    expect(tooBig.status).toBe(413);
    expect((tooBig.json['error'] as { code: string }).code).toBe('payload_too_large');

    const res = await fetch(`${service.baseUrl}/api/recordings?direction=sideways`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'audio/ogg' },
      body: new Uint8Array(await makeToneOpus(440, 1)),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_query');

    const anonymous = await fetch(`${service.baseUrl}/api/recordings`);
    expect(anonymous.status).toBe(401);
    expect(await (await get('/api/recordings', alice.token)).json()).toEqual({ recordings: [] });
  });
});
