/**
 * What voicemail must not change, and what it does without a mail server:
 * - with voicemail ON, a call the callee answers is an ordinary call (no agent involved);
 * - without `PARLEY_SMTP_URL` a voicemail is kept in the service store only (listed, never queued);
 * - with voicemail OFF, callers still get 408 (no answer), 480 (offline), 486 (busy), 603 (declined).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VoicemailListResponse } from '../../../common/api-types.js';
import { startSipCaller } from '../../support/mail/sip-caller.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import { createTestPhone, type TestPhone } from '../../support/sip/sipjs-phone.js';
import { AgentEvents, tonePackets } from './voicemail-support.js';

const phones: TestPhone[] = [];
async function phoneOn(service: TestService, username: string): Promise<TestPhone> {
  const account = await service.createAccount(username);
  const p = await createTestPhone({
    url: service.sipUrl,
    domain: service.domain,
    username,
    password: account.password,
  });
  phones.push(p);
  await p.register();
  return p;
}
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.stop().catch(() => undefined)));
});

describe('voicemail on, no mail server', () => {
  let service: TestService;
  const events = new AgentEvents();
  beforeAll(async () => {
    service = await startTestService({
      voicemail: true,
      noAnswerTimeoutMs: 3000,
      serviceOptions: { voicemail: { onAgentEvent: events.push } },
    });
  });
  afterAll(() => service.stop());

  it('leaves answered calls alone', async () => {
    const alice = await phoneOn(service, 'alice');
    const bob = await phoneOn(service, 'bob');
    const { outcome } = alice.call('bob');
    const incoming = await bob.nextCall();
    expect(incoming.invitation.request.getHeader('Diversion')).toBeUndefined();
    await incoming.invitation.accept();
    expect(await outcome).toBe('established');
  });

  it('keeps a voicemail in the service store only', async () => {
    const carol = await service.createAccount('carol', undefined, 'Carol');
    const dan = await service.createAccount('dan');
    const caller = await startSipCaller({
      sipUrl: service.sipUrl,
      domain: service.domain,
      username: 'carol',
      password: carol.password,
      displayName: 'Carol',
    });
    try {
      const call = await caller.call(`sip:dan@${service.domain}`); // dan is offline
      await events.wait('greeting', call.callId);
      await call.info('#');
      await events.wait('recording', call.callId);
      await call.send(await tonePackets(700, 1.5));
      await call.hangup();
      const queued = await events.wait('queued', call.callId);
      expect(await service.service.voicemail.outbox.pendingCount()).toBe(1); // never sent: no SMTP
      const res = await fetch(`${service.baseUrl}/api/voicemails`, {
        headers: { authorization: `Bearer ${dan.token}` },
      });
      const body = (await res.json()) as VoicemailListResponse;
      expect(body.voicemails.map((v) => v.id)).toEqual([queued.outboxId]);
      expect(body.voicemails[0]!.caller).toEqual({
        username: 'carol',
        displayName: 'Carol',
        uri: `sip:carol@${service.domain}`,
      });
      // Deleting it removes it for good (nothing waits to be mailed).
      const del = await fetch(`${service.baseUrl}/api/voicemails/${queued.outboxId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${dan.token}` },
      });
      expect(del.status).toBe(204);
      expect(await service.service.voicemail.outbox.pendingCount()).toBe(0);
    } finally {
      await caller.stop();
    }
  });
});

describe('voicemail off', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ voicemail: false, noAnswerTimeoutMs: 1000 });
  });
  afterAll(() => service.stop());

  it('callers still get 408, 480, 486 and 603', async () => {
    const alice = await phoneOn(service, 'alice');
    const bob = await phoneOn(service, 'bob');
    await service.createAccount('offline');
    expect(await alice.call('offline').outcome).toBe(480);

    const noAnswer = alice.call('bob');
    await bob.nextCall();
    expect(await noAnswer.outcome).toBe(408);

    const busy = alice.call('bob');
    await (await bob.nextCall()).invitation.reject({ statusCode: 486 });
    expect(await busy.outcome).toBe(486);

    const declined = alice.call('bob');
    await (await bob.nextCall()).invitation.reject({ statusCode: 603 });
    expect(await declined.outcome).toBe(603);
  });
});
