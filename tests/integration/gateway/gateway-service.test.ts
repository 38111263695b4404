/**
 * The gateway end to end as `npm start` runs it (issue 11): the real policy from a gateway file (the
 * shipped example, its trunk pointed at a sipp carrier) and the shipped rates, the B2BUA on the service's
 * UDP listener, a plain phone dialling a number: refused until the operator allows the user, then carried
 * to the carrier, with the call detail record readable over the API after the call.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistoryPage } from '../../../common/call-history-types.js';
import type { PstnCallResponse } from '../../../common/pstn-types.js';
import { pollUntil } from '../../support/browser/audio-stats.js';
import { plainSdp, UdpPhone } from '../../support/gateway/udp-phone.js';
import { freeUdpPort, startSipp } from '../../support/peers/sipp.js';
import { apiClient } from '../../support/service/api-client.js';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let dir: string;
let carrierPort: number;
let svc: TestService;
let alice: TestAccount;
let phone: UdpPhone;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-gw-file-'));
  carrierPort = await freeUdpPort();
  const example = await fs.readFile(path.join(ROOT, 'deploy/gateway.example.json'), 'utf8');
  const gatewayFile = path.join(dir, 'gateway.json');
  await fs.writeFile(gatewayFile, example.replace('127.0.0.1:5090', `127.0.0.1:${carrierPort}`));
  svc = await startTestService({
    sip: { sipUdp: { host: '127.0.0.1', port: 0 } },
    gateway: { gatewayFile, ratesFile: path.join(ROOT, 'deploy/rates.example.csv') },
  });
  alice = await svc.createAccount('alice', 'alice-phone-secret');
  const sipPort = svc.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
  phone = await UdpPhone.open(sipPort, 'alice', 'alice-phone-secret');
});
afterAll(async () => {
  phone?.close();
  await svc?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('gateway with the gateway file', () => {
  it('refuses a user without permission, then carries the call once allowed and records it', async () => {
    const refused = await (await phone.call('sip:+442079460018@localhost', plainSdp(44_000))).final;
    expect(refused.status).toBe(403);
    expect(refused.header('X-Parley-Refusal')).toBe('pstn_not_permitted');

    await svc.service.store.pstn.setPermission('alice', true, null, Date.now());
    const premium = await (await phone.call('sip:+19005550199@localhost', plainSdp(44_000))).final;
    expect(premium.status).toBe(403);
    expect(premium.header('X-Parley-Refusal')).toBe('premium_blocked');

    const carrier = await startSipp({
      scenario: 'carrier-answer.xml',
      remotePort: svc.service.sip.listeners.find((l) => l.protocol === 'udp')!.port,
      domain: 'localhost',
      localPort: carrierPort,
    });
    const call = await phone.call('sip:+442079460018@localhost;user=phone', plainSdp(44_000));
    expect((await call.final).status).toBe(200);
    expect((await call.bye()).status).toBe(200);
    expect((await carrier.done).successful).toBe(1);

    const api = apiClient(svc.baseUrl);
    const record = await pollUntil(
      async () => api.get<PstnCallResponse>(`/api/pstn/calls/${call.callId}`, { token: alice.token }),
      (reply) => reply.status === 200,
      5000,
      'the call detail record',
    );
    expect(record.body).toMatchObject({
      callId: call.callId,
      e164: '+442079460018',
      destination: 'United Kingdom – London',
      trunk: 'carrier',
      cause: 'normal',
    });
    expect(record.body.answeredAt).toBeDefined();

    // The caller's call history has the phone call with what it cost (issue 11: "with both").
    const history = await pollUntil(
      async () => api.get<CallHistoryPage>('/api/calls', { token: alice.token }),
      (reply) => reply.body.entries.some((e) => e.callId === call.callId && e.endedAt !== undefined),
      5000,
      'the call history entry',
    );
    const entry = history.body.entries.find((e) => e.callId === call.callId);
    expect(entry).toMatchObject({
      direction: 'outgoing',
      outcome: 'answered',
      peer: { uri: 'sip:+442079460018@localhost' },
      cost: { amount: record.body.cost, currency: record.body.currency },
    });
  });
});
