/**
 * An independent SIP client watches presence through the service: baresip 1.0 (Debian `baresip-core`)
 * with its `presence` module SUBSCRIBEs to Bob over UDP (answering the digest challenge itself) and
 * reads the service's PIDF NOTIFYs: Offline while Bob has no device (basic `closed`), Online once his
 * phone registers, Busy in Do not disturb (RPID `busy`), "Offline" when Away (baresip reads RPID `away`
 * so), Online again when Available.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaresipRegister, type BaresipRegistration } from '../../support/peers/baresip-register.js';
import { pollUntil } from '../../support/browser/audio-stats.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';
import { requestWithDigest } from '../../support/sip/plain-digest.js';
import { RawPlainClient } from '../../support/sip/raw-plain-client.js';

let service: TestService;
let api: ApiClient;
let bob: TestAccount;
let watcher: BaresipRegistration | undefined;
let phone: RawPlainClient | undefined;

beforeAll(async () => {
  service = await startTestService({ sip: { sipUdp: { host: '127.0.0.1', port: 0 } } });
  api = apiClient(service.baseUrl);
  await service.createAccount('alice', 'alice-password');
  bob = await service.createAccount('bob');
});
afterAll(async () => {
  phone?.close();
  await watcher?.stop();
  await service.stop();
});

/** Reads baresip's contact list until Bob shows `status` (baresip reports no event for it). */
async function bobShows(w: BaresipRegistration, status: string): Promise<void> {
  const listed = await pollUntil(
    () => w.contacts(),
    (text) => new RegExp(`${status}.*bob@`, 'i').test(text),
    5000,
  );
  expect(listed).toMatch(new RegExp(`${status}.*bob@`, 'i'));
}

describe('baresip watches a Parley user’s presence', () => {
  it('follows Bob through offline, online, Do not disturb, away and available', async () => {
    const port = service.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
    const aor = `sip:bob@${service.domain}`;
    watcher = await startBaresipRegister({
      username: 'alice',
      password: 'alice-password',
      domain: service.domain,
      transport: 'udp',
      port,
      watch: [aor],
    });
    await bobShows(watcher, 'Offline');

    phone = await RawPlainClient.connect('udp', port);
    const reg = await requestWithDigest(phone, bob, service.domain, {
      method: 'REGISTER',
      ruri: `sip:${service.domain}`,
      to: aor,
      callId: 'bob-phone',
      headers: [`Contact: <sip:${phone.contactUser}@${phone.viaHost};transport=udp>`, 'Expires: 600'],
    });
    expect(reg.status).toBe(200);
    await bobShows(watcher, 'Online');

    // baresip reads RPID `busy` as Busy (Do not disturb carries it, with basic closed), `away` as Offline.
    await api.put('/api/me/status', { availability: 'dnd', note: 'Focus' }, { token: bob.token });
    await bobShows(watcher, 'Busy');
    await api.put('/api/me/status', { availability: 'away', note: '' }, { token: bob.token });
    await bobShows(watcher, 'Offline');
    await api.put('/api/me/status', { availability: 'available', note: '' }, { token: bob.token });
    await bobShows(watcher, 'Online');
  });
});
