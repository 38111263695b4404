import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiErrorBody,
  ContactsResponse,
  DirectoryEntry,
  DirectoryResponse,
  PresenceEvent,
} from '../../../common/api-types.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { createFakeSipService, type FakeSipService } from '../../support/service/fake-sip-service.js';
import { startTestService, type TestService, type TestAccount } from '../../support/service/test-service.js';

let service: TestService;
let api: ApiClient;
let sip: FakeSipService;
let alice: TestAccount;

beforeAll(async () => {
  sip = createFakeSipService();
  service = await startTestService({ serviceOptions: { createSip: sip.create } });
  api = apiClient(service.baseUrl);
  alice = await service.createAccount('alice', undefined, 'Alice Liddell');
  await service.createAccount('bob', undefined, 'Bob Builder');
  await service.createAccount('bobby', undefined, 'Roberta');
  await service.createAccount('carol', undefined, 'Carol ALICEson');
});
afterAll(() => service.stop());

const errorCode = (body: unknown): string => (body as ApiErrorBody).error.code;
const search = async (q: string, token = alice.token) =>
  (await api.get<DirectoryResponse>(`/api/directory?q=${encodeURIComponent(q)}`, { token })).body.users;

describe('GET /api/directory', () => {
  it('lists everyone but the caller when the query is empty', async () => {
    expect((await search('')).map((u) => u.username)).toEqual(['bob', 'bobby', 'carol']);
  });

  it('searches username and display name, case-insensitively', async () => {
    expect((await search('BOB')).map((u) => u.username)).toEqual(['bob', 'bobby']);
    expect((await search('robert')).map((u) => u.username)).toEqual(['bobby']);
    // "alice" matches carol's display name; alice herself is never listed.
    expect((await search('Alice')).map((u) => u.username)).toEqual(['carol']);
    expect(await search('nobody-like-this')).toEqual([]);
  });

  it('gives each entry its aor, display name, presence and contact flag', async () => {
    sip.setPresence('bob', 'on-call');
    const [bob] = await search('bob');
    expect(bob).toEqual<DirectoryEntry>({
      username: 'bob',
      displayName: 'Bob Builder',
      aor: 'sip:bob@localhost',
      presence: 'on-call',
      status: { availability: 'available', note: '' },
      isContact: false,
    });
    sip.setPresence('bob', 'offline');
    expect((await search('bob'))[0]!.presence).toBe('offline');
  });

  it('never lists the service’s own agents (reserved names)', async () => {
    await service.service.accounts.ensureAgentAccount('voicemail', 'agent-password-123', 'Voicemail');
    expect((await search('')).map((u) => u.username)).toEqual(['bob', 'bobby', 'carol']);
    expect(await search('voice')).toEqual([]);
  });

  it('needs authentication', async () => {
    const reply = await api.get('/api/directory?q=');
    expect(reply.status).toBe(401);
    expect(errorCode(reply.body)).toBe('unauthorized');
  });

  it('returns at most 50 users', async () => {
    // Straight into the store: this is about the search limit, not 52 slow password hashes.
    const { store } = service.service;
    for (let i = 0; i < 52; i++) {
      const username = `many${String(i).padStart(2, '0')}`;
      const secrets = {
        passwordHash: '',
        passwordSalt: '',
        passwordParams: '{}',
        realm: 'localhost',
        ha1Md5: '',
        ha1Sha256: '',
      };
      await store.accounts.create(
        { username, displayName: username, email: '', createdAt: 0, ...secrets },
        { username, domain: 'localhost', ha1: '', ha1b: '' },
      );
    }
    expect(await search('many')).toHaveLength(50);
  });
});

describe('contacts', () => {
  it('adds, lists (with presence) and removes contacts', async () => {
    const added = await api.put<DirectoryEntry>('/api/contacts/Bob', undefined, { token: alice.token });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ username: 'bob', isContact: true });
    expect((await api.put('/api/contacts/bob', undefined, { token: alice.token })).status).toBe(200);
    await api.put('/api/contacts/carol', undefined, { token: alice.token });

    sip.setPresence('carol', 'online');
    const list = await api.get<ContactsResponse>('/api/contacts', { token: alice.token });
    expect(list.body.contacts.map((c) => [c.username, c.presence, c.isContact])).toEqual([
      ['bob', 'offline', true],
      ['carol', 'online', true],
    ]);
    expect((await search('bob')).map((u) => [u.username, u.isContact])).toEqual([
      ['bob', true],
      ['bobby', false],
    ]);

    expect((await api.delete('/api/contacts/bob', { token: alice.token })).status).toBe(204);
    // Removing again is harmless.
    expect((await api.delete('/api/contacts/bob', { token: alice.token })).status).toBe(204);
    const after = await api.get<ContactsResponse>('/api/contacts', { token: alice.token });
    expect(after.body.contacts.map((c) => c.username)).toEqual(['carol']);
  });

  it('keeps each user’s list to themselves', async () => {
    const bobby = await api.post<{ token: string }>('/api/sessions', {
      username: 'bobby',
      password: 'pw-bobby-secret',
    });
    expect(
      (await api.get<ContactsResponse>('/api/contacts', { token: bobby.body.token })).body.contacts,
    ).toEqual([]);
  });

  it('refuses unknown users (404) and yourself (400)', async () => {
    const unknown = await api.put('/api/contacts/ghost', undefined, { token: alice.token });
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown.body)).toBe('user_not_found');
    const removeUnknown = await api.delete('/api/contacts/ghost', { token: alice.token });
    expect(removeUnknown.status).toBe(404);
    const self = await api.put('/api/contacts/ALICE', undefined, { token: alice.token });
    expect(self.status).toBe(400);
    expect(errorCode(self.body)).toBe('contact_self');
    expect((await api.put('/api/contacts/bob', undefined)).status).toBe(401);
  });
});

describe('GET /api/events (presence stream)', () => {
  it('streams presence changes to a signed-in EventSource-style client', async () => {
    const controller = new AbortController();
    const res = await fetch(`${service.baseUrl}/api/events?token=${encodeURIComponent(alice.token)}`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();

    const nextEvent = async (): Promise<{ event: string; data: PresenceEvent }> => {
      let buffer = '';
      for (;;) {
        const blocks = buffer.split('\n\n');
        for (const block of blocks.slice(0, -1)) {
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) {
            buffer = buffer.slice(buffer.indexOf(block) + block.length + 2);
            return { event, data: JSON.parse(data) as PresenceEvent };
          }
        }
        const { value, done } = await reader.read();
        if (done === true) throw new Error('stream ended');
        buffer += value;
      }
    };

    sip.setPresence('bobby', 'online');
    const available = { availability: 'available', note: '' };
    expect(await nextEvent()).toEqual({
      event: 'presence',
      data: { username: 'bobby', presence: 'online', status: available },
    });
    sip.setPresence('bobby', 'online'); // no change: no event
    sip.setPresence('bobby', 'on-call');
    expect(await nextEvent()).toEqual({
      event: 'presence',
      data: { username: 'bobby', presence: 'on-call', status: available },
    });
    controller.abort();
  });

  it('refuses a missing or bad token with 401', async () => {
    expect((await api.get('/api/events')).status).toBe(401);
    expect((await api.get('/api/events?token=nope')).status).toBe(401);
  });
});
