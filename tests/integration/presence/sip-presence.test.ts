/**
 * Presence over SIP (RFC 3856) against the real service, with hand-written SIP over UDP (what any plain
 * phone sends): an authenticated SUBSCRIBE to `sip:bob@DOMAIN` gets 200 and a NOTIFY with Bob's PIDF
 * (RFC 3863, RPID RFC 4480); every change of his status (HTTP), his registration and a call ringing him
 * brings a NOTIFY; `Expires: 0` ends it with `Subscription-State: terminated`; an unknown event is 489.
 * Do not disturb without voicemail: an INVITE to Bob rings none of his devices and is answered 480.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';
import { RawPlainClient } from '../../support/sip/raw-plain-client.js';
import { requestWithDigest, type PlainRequestSpec } from '../../support/sip/plain-digest.js';
import { buildRequest, type RawFrame } from '../../support/sip/raw-sip-client.js';

let service: TestService;
let api: ApiClient;
let alice: TestAccount;
let bob: TestAccount;
let carol: TestAccount;
const clients: RawPlainClient[] = [];

beforeAll(async () => {
  service = await startTestService({ sip: { sipUdp: { host: '127.0.0.1', port: 0 } } });
  api = apiClient(service.baseUrl);
  alice = await service.createAccount('alice');
  bob = await service.createAccount('bob');
  carol = await service.createAccount('carol');
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await service.stop();
});

async function connect(): Promise<RawPlainClient> {
  const port = service.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
  const c = await RawPlainClient.connect('udp', port);
  clients.push(c);
  return c;
}

/** Sends a request as `who`, answering a digest challenge once. */
const authed = (c: RawPlainClient, who: TestAccount, spec: PlainRequestSpec): Promise<RawFrame> =>
  requestWithDigest(c, who, service.domain, spec);

/** The next NOTIFY, answered 200 (RFC 6665 §4.1.3). */
async function nextNotify(c: RawPlainClient): Promise<RawFrame> {
  const notify = await c.next((f) => f.method === 'NOTIFY');
  const head = notify.text.split('\r\n\r\n')[0]!.split('\r\n');
  const keep = head.filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
  c.send(['SIP/2.0 200 OK', ...keep, 'Content-Length: 0', '', ''].join('\r\n'));
  return notify;
}

const bodyOf = (f: RawFrame): string => f.text.split('\r\n\r\n').slice(1).join('\r\n\r\n');
const basic = (f: RawFrame): string | undefined => /<basic>(\w+)<\/basic>/.exec(bodyOf(f))?.[1];

describe('presence over SIP (RFC 3856 / 3863) for a plain SIP client', () => {
  it('notifies Bob’s status, registration and ringing, ends on Expires: 0, and refuses unknown events', async () => {
    const watcher = await connect();
    const aor = `sip:bob@${service.domain}`;
    const subscribe = (extra: string[], callId: string, to = aor) =>
      authed(watcher, alice, {
        method: 'SUBSCRIBE',
        ruri: aor,
        to,
        callId,
        headers: [`Contact: <sip:${watcher.contactUser}@${watcher.viaHost}>`, ...extra],
      });

    const ok = await subscribe(['Event: presence', 'Accept: application/pidf+xml', 'Expires: 600'], 'pres-1');
    expect(ok.status).toBe(200);
    expect(ok.header('Expires')).toBe('600');
    let notify = await nextNotify(watcher);
    expect(notify.header('Event')).toBe('presence');
    expect(notify.header('Content-Type')).toBe('application/pidf+xml');
    expect(notify.header('Subscription-State')).toMatch(/^active;expires=\d+/);
    expect(bodyOf(notify)).toContain(`entity="${aor}"`);
    expect(basic(notify)).toBe('closed'); // Bob has no device online

    // Bob chooses Do not disturb with a note (HTTP, as the web client does): a NOTIFY follows.
    const set = await api.put(
      '/api/me/status',
      { availability: 'dnd', note: 'Focus <time> & quiet' },
      { token: bob.token },
    );
    expect(set.status).toBe(200);
    notify = await nextNotify(watcher);
    expect(basic(notify)).toBe('closed');
    expect(bodyOf(notify)).toContain('<dm:note>Focus &lt;time&gt; &amp; quiet</dm:note>');
    expect(bodyOf(notify)).toContain('<note>Offline — Focus &lt;time&gt; &amp; quiet</note>');

    // Bob's phone registers; in Do not disturb a call from Carol rings none of his devices: 480.
    const phone = await connect();
    const reg = await authed(phone, bob, {
      method: 'REGISTER',
      ruri: `sip:${service.domain}`,
      to: aor,
      callId: 'bob-reg',
      headers: [`Contact: <sip:${phone.contactUser}@${phone.viaHost};transport=udp>`, 'Expires: 600'],
    });
    expect(reg.status).toBe(200);
    notify = await nextNotify(watcher); // registered (still closed: Do not disturb)
    expect(basic(notify)).toBe('closed');
    expect(bodyOf(notify)).toContain('<rpid:activities><rpid:busy/></rpid:activities>');
    expect(bodyOf(notify)).toContain('<note>Do not disturb — Focus &lt;time&gt; &amp; quiet</note>');
    const caller = await connect();
    const invite = (callId: string) =>
      authed(caller, carol, {
        method: 'INVITE',
        ruri: aor,
        to: aor,
        callId,
        headers: [`Contact: <sip:${caller.contactUser}@${caller.viaHost}>`],
      });
    const refused = await invite('dnd-call');
    expect(refused.status).toBe(480);
    expect(refused.text.split('\r\n')[0]).toBe('SIP/2.0 480 Do Not Disturb');
    caller.send(
      buildRequest({
        method: 'ACK',
        ruri: aor,
        from: `sip:carol@${service.domain}`,
        to: aor,
        callId: 'dnd-call',
        viaHost: caller.viaHost,
        viaTransport: 'UDP',
      }),
    );

    // Available again: open, no activity, no note.
    await api.put('/api/me/status', { availability: 'available', note: '' }, { token: bob.token });
    notify = await nextNotify(watcher);
    expect(basic(notify)).toBe('open');
    expect(bodyOf(notify)).not.toContain('rpid:activities');

    // A call to Bob rings his phone: watchers see "Ringing"; when he declines, back to available.
    const ringing = invite('ring-call');
    const incoming = await phone.next((f) => f.method === 'INVITE');
    expect(incoming.header('Call-ID')).toBe('ring-call'); // the call in Do not disturb never reached it
    notify = await nextNotify(watcher);
    expect(bodyOf(notify)).toContain('<rpid:other>Ringing</rpid:other>');
    const head = incoming.text.split('\r\n\r\n')[0]!.split('\r\n');
    const keep = head.filter((l) => /^(Via|From|Call-ID|CSeq):/i.test(l));
    const to = head.find((l) => /^To:/i.test(l))!;
    phone.send(
      ['SIP/2.0 486 Busy Here', ...keep, `${to};tag=bobtag`, 'Content-Length: 0', '', ''].join('\r\n'),
    );
    notify = await nextNotify(watcher);
    expect(basic(notify)).toBe('open');
    expect(bodyOf(notify)).not.toContain('Ringing');
    expect((await ringing).status).toBe(486);

    // Unsubscribe inside the subscription dialog: 200, then a terminated NOTIFY.
    const toTagged = `${aor}>;tag=${/tag=([^;\s]+)/.exec(ok.header('To')!)![1]}`;
    const off = await subscribe(
      ['Event: presence', 'Expires: 0'],
      'pres-1',
      toTagged.replace(/>;tag/, ';tag'),
    );
    expect(off.status).toBe(200);
    notify = await nextNotify(watcher);
    expect(notify.header('Subscription-State')).toMatch(/^terminated/);

    // An event package the service does not serve: 489 Bad Event with Allow-Events (RFC 6665 §8.2.2).
    const bad = await subscribe(['Event: dialog', 'Expires: 600'], 'pres-2');
    expect(bad.status).toBe(489);
    expect(bad.header('Allow-Events')).toContain('presence');
    // Nobody unknown is watched.
    const nobody = await authed(watcher, alice, {
      method: 'SUBSCRIBE',
      ruri: `sip:nobody@${service.domain}`,
      to: `sip:nobody@${service.domain}`,
      callId: 'pres-3',
      headers: [`Contact: <sip:${watcher.contactUser}@${watcher.viaHost}>`, 'Event: presence'],
    });
    expect(nobody.status).toBe(404);
  });

  it('keeps a status across a service restart and shows it in the directory and contact list', async () => {
    await api.put('/api/me/status', { availability: 'away', note: 'Back at 3' }, { token: carol.token });
    await service.restart();
    const mine = await api.get('/api/me/status', { token: carol.token });
    expect(mine.body).toEqual({ availability: 'away', note: 'Back at 3' });
    await api.put('/api/contacts/carol', undefined, { token: alice.token });
    const contacts = await api.get<{ contacts: { username: string; status?: unknown }[] }>('/api/contacts', {
      token: alice.token,
    });
    expect(contacts.body.contacts.find((c) => c.username === 'carol')?.status).toEqual({
      availability: 'away',
      note: 'Back at 3',
    });
    const bad = await api.put<{ error: { code: string } }>(
      '/api/me/status',
      { availability: 'sleeping' },
      { token: carol.token },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_status');
    const long = await api.put(
      '/api/me/status',
      { availability: 'away', note: 'x'.repeat(81) },
      {
        token: carol.token,
      },
    );
    expect(long.status).toBe(400);
    expect((await api.get('/api/me/status', { token: carol.token })).body).toEqual({
      availability: 'away',
      note: 'Back at 3',
    });
  });
});
