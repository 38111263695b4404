/**
 * Voicemail through the REAL Parley service (its own proxy, its own agent registered over its own
 * `/sip`, its outbox) with a real Exim and Dovecot: a call nobody answers within the callee's ring time,
 * or to a busy, declining or offline callee, reaches voicemail; the caller's 3 s tone arrives in the
 * callee's Maildir as Ogg Opus; the service lists and serves it, marks it heard, deletes it, and keeps
 * SSE and MWI (RFC 3842) current; a caller who hangs up before the beep leaves nothing; with SMTP
 * down the voicemail waits, also across a restart, and is mailed once SMTP is back.
 */
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSettings, VoicemailListResponse } from '../../../common/api-types.js';
import { makeToneOpus } from '../../support/mail/audio-tools.js';
import { startSipCaller, type SipCall, type SipCaller } from '../../support/mail/sip-caller.js';
import { startMailServers, type MailServers } from '../../support/mail/start-mail-servers.js';
import { listMaildir, waitForMail } from '../../support/mail/wait-for-mail.js';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';
import { createTestPhone, type TestPhone } from '../../support/sip/sipjs-phone.js';
import { AgentEvents, expectTone, openEvents, subscribeMwi, tonePackets } from './voicemail-support.js';

const DOMAIN = 'parley.test';
const USERS = ['bob', 'carol', 'dave', 'erin', 'frank'];

describe('voicemail through the Parley service', () => {
  let mail: MailServers;
  let service: TestService;
  let alice: SipCaller;
  const accounts = new Map<string, TestAccount>();
  const phones: TestPhone[] = [];
  const events = new AgentEvents();
  let tone: readonly Buffer[];

  const api = async (user: string, method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${accounts.get(user)!.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(service.baseUrl + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  const list = async (user: string): Promise<VoicemailListResponse> =>
    (await (await api(user, 'GET', '/api/voicemails')).json()) as VoicemailListResponse;

  const phone = async (user: string): Promise<TestPhone> => {
    const p = await createTestPhone({
      url: service.sipUrl,
      domain: DOMAIN,
      username: user,
      password: accounts.get(user)!.password,
    });
    phones.push(p);
    await p.register();
    return p;
  };

  /** Alice calls `user`, skips the greeting with a key, says `seconds` of tone after the beep, hangs up. */
  const leaveMessage = async (user: string, seconds = 3, call?: Promise<SipCall>): Promise<string> => {
    const answered = await (call ?? alice.call(`sip:${user}@${DOMAIN}`));
    await events.wait('greeting', answered.callId);
    await answered.info('1'); // any key skips the greeting
    const recording = await events.wait('recording', answered.callId);
    expect(recording.callee).toBe(user);
    await answered.send(seconds === 3 ? tone : tone.slice(0, seconds * 50));
    await answered.hangup();
    const queued = await events.wait('queued', answered.callId);
    return queued.outboxId!;
  };

  beforeAll(async () => {
    tone = await tonePackets(700, 3);
    mail = await startMailServers({ users: USERS.map((user) => ({ user, password: `${user}-mail` })) });
    service = await startTestService({
      domain: DOMAIN,
      voicemail: true,
      smtpUrl: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
      noAnswerTimeoutMs: 2000,
      serviceOptions: { voicemail: { onAgentEvent: events.push, retry: { initialMs: 200, maxMs: 1000 } } },
    });
    accounts.set('alice', await service.createAccount('alice', undefined, 'Alice'));
    for (const user of USERS) accounts.set(user, await service.createAccount(user));
    const a = accounts.get('alice')!;
    alice = await startSipCaller({
      sipUrl: service.sipUrl,
      domain: DOMAIN,
      username: 'alice',
      password: a.password,
      displayName: 'Alice',
    });
  });

  afterAll(async () => {
    await Promise.all(phones.map((p) => p.stop().catch(() => undefined)));
    await alice?.stop().catch(() => undefined);
    await service?.stop();
    await mail?.stop();
  });

  it('no answer within the callee ring time → voicemail: mailed, listed, served, heard, deleted; SSE and MWI follow', async () => {
    const settings = await api('bob', 'PUT', '/api/settings', { ringTimeoutSec: 5 });
    expect((await settings.json()) as UserSettings).toEqual({ ringTimeoutSec: 5, customGreeting: false });
    const bob = await phone('bob');
    const mwi = await subscribeMwi(bob.ua, `sip:bob@${DOMAIN}`);
    expect(await mwi.next()).toMatchObject({ waiting: false, voice: '0/0' });
    const sse = await openEvents(service.baseUrl, accounts.get('bob')!.token);

    const started = Date.now();
    const calling = alice.call(`sip:bob@${DOMAIN}`);
    const ringing = await bob.nextCall(); // bob's phone rings and nobody answers
    const cancelled = ringing.cancelled.then(() => Date.now() - started);
    const answered = await calling;
    // The proxy used bob's 5 s, not the service's 2 s default.
    expect(await cancelled).toBeGreaterThanOrEqual(4900);
    expect(Date.now() - started).toBeLessThan(9000);
    const id = await leaveMessage('bob', 3, Promise.resolve(answered));

    const [file] = await waitForMail(mail.maildirOf('bob'));
    const email = await simpleParser(readFileSync(file!));
    expect(email.subject).toBe('Voicemail from Alice (0:03)');
    expect(email.headers.get('x-parley-voicemail')).toBe('1');
    expect(email.attachments[0]!.contentType).toBe('audio/ogg');
    await expectTone(email.attachments[0]!.content, 700, 3);

    expect(await sse.next('voicemail')).toEqual({ newCount: 1, totalCount: 1 });
    expect(await mwi.next()).toMatchObject({ waiting: true, voice: '1/0' });

    const listed = await list('bob');
    expect(listed.newCount).toBe(1);
    const entry = listed.voicemails[0]!;
    expect(entry).toMatchObject({
      id,
      caller: { username: 'alice', displayName: 'Alice', uri: `sip:alice@${DOMAIN}` },
      heard: false,
    });
    expect(Math.abs(entry.durationMs - 3000)).toBeLessThan(300);
    expect(entry.peaks.length).toBeGreaterThan(32);
    expect(Math.max(...entry.peaks)).toBe(1);

    const audio = await api('bob', 'GET', `/api/voicemails/${id}/audio`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/ogg');
    const ogg = Buffer.from(await audio.arrayBuffer());
    expect(ogg.length).toBe(entry.sizeBytes);
    await expectTone(ogg, 700, 3);
    // Only the owner: anyone else gets 404, nobody signed in gets 401.
    expect((await api('carol', 'GET', `/api/voicemails/${id}/audio`)).status).toBe(404);
    expect((await fetch(`${service.baseUrl}/api/voicemails/${id}/audio`)).status).toBe(401);
    const byQuery = await fetch(
      `${service.baseUrl}/api/voicemails/${id}/audio?token=${accounts.get('bob')!.token}`,
    );
    expect(byQuery.status).toBe(200);

    expect((await api('carol', 'POST', `/api/voicemails/${id}/heard`)).status).toBe(404);
    expect((await api('bob', 'POST', `/api/voicemails/${id}/heard`)).status).toBe(204);
    expect(await sse.next('voicemail')).toEqual({ newCount: 0, totalCount: 1 });
    expect(await mwi.next()).toMatchObject({ waiting: false, voice: '0/1' });
    expect((await list('bob')).voicemails[0]!.heard).toBe(true);

    expect((await api('bob', 'DELETE', `/api/voicemails/${id}`)).status).toBe(204);
    expect(await sse.next('voicemail')).toEqual({ newCount: 0, totalCount: 0 });
    expect(await list('bob')).toEqual({ voicemails: [], newCount: 0 });
    const gone = await api('bob', 'GET', `/api/voicemails/${id}/audio`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'voicemail_not_found' } });
    sse.close();
    await mwi.unsubscribe();
  });

  it('busy, declined and offline callees each reach voicemail', async () => {
    const carol = await phone('carol');
    // Busy: the phone answers 486.
    const busyCall = alice.call(`sip:carol@${DOMAIN}`);
    await (await carol.nextCall()).invitation.reject({ statusCode: 486 });
    const busy = await leaveMessage('carol', 1.5, busyCall);
    // Declined: 603.
    const declinedCall = alice.call(`sip:carol@${DOMAIN}`);
    await (await carol.nextCall()).invitation.reject({ statusCode: 603 });
    const declined = await leaveMessage('carol', 1.5, declinedCall);
    // Offline: no device registered.
    await carol.unregister();
    const offline = await leaveMessage('carol', 1.5);

    const files = await waitForMail(mail.maildirOf('carol'), 3);
    expect(files).toHaveLength(3);
    const listed = await list('carol');
    expect(listed.voicemails.map((v) => v.id).sort()).toEqual([busy, declined, offline].sort());
    expect(listed.newCount).toBe(3);
  });

  it('a caller who hangs up before the beep leaves nothing', async () => {
    const call = await alice.call(`sip:dave@${DOMAIN}`);
    await events.wait('greeting', call.callId);
    await call.hangup();
    await events.wait('discarded', call.callId);
    expect(events.has('recording', call.callId)).toBe(false);
    expect(await list('dave')).toEqual({ voicemails: [], newCount: 0 });
    expect(await listMaildir(mail.maildirOf('dave'))).toEqual([]);
  });

  it("plays the callee's own greeting (validated Ogg Opus), and the default again after a reset", async () => {
    const greeting = await makeToneOpus(500, 1);
    const put = await fetch(`${service.baseUrl}/api/voicemail/greeting`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${accounts.get('frank')!.token}`, 'content-type': 'audio/ogg' },
      body: new Uint8Array(greeting),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ ringTimeoutSec: 20, customGreeting: true });
    const bad = await fetch(`${service.baseUrl}/api/voicemail/greeting`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${accounts.get('frank')!.token}`, 'content-type': 'audio/ogg' },
      body: Buffer.from('not an ogg file'),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_greeting' } });
    const big = await fetch(`${service.baseUrl}/api/voicemail/greeting`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${accounts.get('frank')!.token}`, 'content-type': 'audio/ogg' },
      body: Buffer.alloc(1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect((await api('frank', 'PUT', '/api/settings', { ringTimeoutSec: 4 })).status).toBe(400);

    // The 1 s greeting plays in full (no key pressed): greeting → beep in about 1 s, not the default 9 s.
    const call = await alice.call(`sip:frank@${DOMAIN}`);
    await events.wait('greeting', call.callId);
    const t0 = Date.now();
    await events.wait('beep', call.callId);
    const greetingMs = Date.now() - t0;
    expect(greetingMs).toBeGreaterThan(800);
    expect(greetingMs).toBeLessThan(2500);
    await call.hangup();
    await events.wait('discarded', call.callId);

    const reset = await api('frank', 'DELETE', '/api/voicemail/greeting');
    expect(await reset.json()).toEqual({ ringTimeoutSec: 20, customGreeting: false });
  });

  it('SMTP down during the call: the voicemail waits, survives a restart, and is mailed once SMTP is back', async () => {
    await mail.stopSmtp();
    const id = await leaveMessage('erin', 1.5);
    expect(await service.service.voicemail.outbox.pendingCount()).toBe(1);
    await alice.stop();
    await service.restart();
    // Still listed by the new process, still unsent.
    expect((await list('erin')).voicemails.map((v) => v.id)).toEqual([id]);
    expect(await service.service.voicemail.outbox.pendingCount()).toBe(1);
    await mail.startSmtp();
    const [file] = await waitForMail(mail.maildirOf('erin'), 1, 30_000);
    const email = await simpleParser(readFileSync(file!));
    expect(email.messageId).toBe(`<voicemail-${id}@${DOMAIN}>`);
    expect(await service.service.voicemail.outbox.pendingCount()).toBe(0);
    expect(await listMaildir(mail.maildirOf('erin'))).toHaveLength(1);
  });
});
