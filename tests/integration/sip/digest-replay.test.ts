/**
 * Replayed and misused digest answers against the real SIP service on a real socket (RFC 7616 §3.3–§3.4,
 * §5.5; RFC 3261 §22): each rule refuses what a captured Authorization would otherwise get through, and an
 * honest client still registers by answering the fresh challenge.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDigestResponse, computeHa1 } from '../../../server/src/sip/core/auth/digest.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';
import {
  buildRequest,
  digestAnswer,
  parseChallenge,
  RawSipClient,
  type RawFrame,
} from '../../support/sip/raw-sip-client.js';

let server: SipTestServer;
const clients: RawSipClient[] = [];

async function connect(): Promise<RawSipClient> {
  const c = await RawSipClient.connect(server.url);
  clients.push(c);
  return c;
}

function register(c: RawSipClient, user: string, auth?: string, contactUser = c.contactUser): string {
  const d = server.domain;
  return buildRequest({
    method: 'REGISTER',
    ruri: `sip:${d}`,
    from: `sip:${user}@${d}`,
    to: `sip:${user}@${d}`,
    callId: `reg-${c.contactUser}`,
    cseq: c.nextCSeq(),
    viaHost: c.viaHost,
    headers: [
      `Contact: <sip:${contactUser}@${c.viaHost};transport=ws>`,
      'Expires: 600',
      ...(auth ? [`Authorization: ${auth}`] : []),
    ],
  });
}

/** The MD5 challenge of a 401/407. */
function md5Challenge(f: RawFrame): string {
  const all = [...f.headers('WWW-Authenticate'), ...f.headers('Proxy-Authenticate')];
  return all.find((h) => h.includes('algorithm=MD5'))!;
}

beforeEach(async () => {
  server = await startSipTestServer();
  server.secrets.addUser('alice', 'alice-password');
  server.secrets.addUser('bob', 'bob-password');
  server.secrets.addUser('carol', 'carol-password');
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

describe('digest replay protection', () => {
  it('refuses a replayed REGISTER Authorization on the same connection and on a new one (401, fresh nonce)', async () => {
    const c = await connect();
    const challenge = md5Challenge(await c.request(register(c, 'alice')));
    const auth = digestAnswer(challenge, {
      username: 'alice',
      password: 'alice-password',
      method: 'REGISTER',
      uri: `sip:${server.domain}`,
    });
    expect((await c.request(register(c, 'alice', auth))).status).toBe(200);

    const again = await c.request(register(c, 'alice', auth));
    expect(again.status).toBe(401);
    expect(parseChallenge(md5Challenge(again)).nonce).not.toBe(parseChallenge(challenge).nonce);

    const thief = await connect();
    const stolen = await thief.request(register(thief, 'alice', auth));
    expect(stolen.status).toBe(401);
    expect(server.service.presenceOf('alice')).toBe('online'); // only the honest binding
  });

  it('refuses a reused nonce count (401) and accepts the next count on the same nonce', async () => {
    const c = await connect();
    const challenge = md5Challenge(await c.request(register(c, 'alice')));
    const answer = (nc: string): string =>
      digestAnswer(challenge, {
        username: 'alice',
        password: 'alice-password',
        method: 'REGISTER',
        uri: `sip:${server.domain}`,
        nc,
      });
    expect((await c.request(register(c, 'alice', answer('00000001')))).status).toBe(200);
    // A new cnonce and a correct response, but the count was used: a replay.
    expect((await c.request(register(c, 'alice', answer('00000001')))).status).toBe(401);
    expect((await c.request(register(c, 'alice', answer('00000002')))).status).toBe(200);
    // Lower than the highest seen is refused too.
    expect((await c.request(register(c, 'alice', answer('00000002')))).status).toBe(401);
  });

  it('refuses a digest answer without qop (RFC 2069 style) with 401', async () => {
    const c = await connect();
    const p = parseChallenge(md5Challenge(await c.request(register(c, 'alice'))));
    const uri = `sip:${server.domain}`;
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1: computeHa1('MD5', 'alice', p.realm ?? '', 'alice-password'),
      nonce: p.nonce ?? '',
      method: 'REGISTER',
      uri,
    });
    const auth = `Digest username="alice", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", response="${response}", algorithm=MD5`;
    expect((await c.request(register(c, 'alice', auth))).status).toBe(401);
  });

  it('refuses an answer whose digest uri is not the Request-URI (401)', async () => {
    const c = await connect();
    const challenge = md5Challenge(await c.request(register(c, 'alice')));
    const auth = digestAnswer(challenge, {
      username: 'alice',
      password: 'alice-password',
      method: 'REGISTER',
      uri: 'sip:elsewhere.example',
    });
    expect((await c.request(register(c, 'alice', auth))).status).toBe(401);
  });

  it('refuses an INVITE credential computed for one callee when used for another (407)', async () => {
    const bob = await connect();
    const carol = await connect();
    for (const [c, user] of [
      [bob, 'bob'],
      [carol, 'carol'],
    ] as const) {
      const ch = md5Challenge(await c.request(register(c, user)));
      const auth = digestAnswer(ch, {
        username: user,
        password: `${user}-password`,
        method: 'REGISTER',
        uri: `sip:${server.domain}`,
      });
      expect((await c.request(register(c, user, auth))).status).toBe(200);
    }
    const alice = await connect();
    const invite = (callee: string, auth?: string): string =>
      buildRequest({
        method: 'INVITE',
        ruri: `sip:${callee}@${server.domain}`,
        from: `sip:alice@${server.domain}`,
        to: `sip:${callee}@${server.domain}`,
        callId: `call-${randomBytes(4).toString('hex')}`,
        viaHost: alice.viaHost,
        headers: [
          `Contact: <sip:${alice.contactUser}@${alice.viaHost};transport=ws>`,
          'Content-Type: application/sdp',
          ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
        ],
        body: 'v=0\r\n',
      });
    const challenge = md5Challenge(await alice.request(invite('bob')));
    const forBob = digestAnswer(challenge, {
      username: 'alice',
      password: 'alice-password',
      method: 'INVITE',
      uri: `sip:bob@${server.domain}`,
    });
    // The same Proxy-Authorization, sent to carol, does not ring her.
    const rang = carol.next((f) => f.method === 'INVITE').then(() => 'carol rang');
    expect((await alice.request(invite('carol', forBob))).status).toBe(407);
    // Then the honest INVITE to bob with it rings bob, and only bob.
    alice.send(invite('bob', forBob));
    const first = await Promise.race([bob.next((f) => f.method === 'INVITE').then(() => 'bob rang'), rang]);
    expect(first).toBe('bob rang');
  });

  it('refuses an 11th binding for one user with 403 and a reason; refreshes still pass', async () => {
    const c = await connect();
    const registerContact = async (contactUser: string): Promise<RawFrame> => {
      const ch = md5Challenge(await c.request(register(c, 'alice', undefined, contactUser)));
      const auth = digestAnswer(ch, {
        username: 'alice',
        password: 'alice-password',
        method: 'REGISTER',
        uri: `sip:${server.domain}`,
      });
      return c.request(register(c, 'alice', auth, contactUser));
    };
    for (let i = 1; i <= 10; i++) expect((await registerContact(`dev${i}`)).status).toBe(200);
    const eleventh = await registerContact('dev11');
    expect(eleventh.status).toBe(403);
    expect(eleventh.text.split('\r\n')[0]).toBe('SIP/2.0 403 Forbidden (Too Many Registrations)');
    const refresh = await registerContact('dev3');
    expect(refresh.status).toBe(200);
    expect(refresh.headers('Contact')).toHaveLength(10);
  });
});
