/**
 * The gateway's SIP side, outbound (issue 11): a plain phone (UDP, digest) dials `sip:+E164@DOMAIN`; sipp
 * plays the carrier on the trunks (scenario files in tests/support/peers/sipp/carrier-*.xml). The policy
 * is the in-test one (tests/support/gateway): the B2BUA, the proxy and the transports are the real ones.
 */
import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestGatewayPolicy,
  trunk,
  type TestGatewayPolicy,
} from '../../support/gateway/test-gateway-policy.js';
import { plainSdp, UdpPhone } from '../../support/gateway/udp-phone.js';
import { freeUdpPort, startSipp, type SippProcess } from '../../support/peers/sipp.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

const NUMBER = '+442079460018';
let test: TestService;
let policy: TestGatewayPolicy;
let sipPort: number;
let phone: UdpPhone;
let dir: string;
const carriers: SippProcess[] = [];

/** A sipp carrier on a port of its own, logging every message it sees to a file of ours. */
async function carrier(
  scenario: string,
  extra: string[] = [],
): Promise<{ port: number; log: string; sipp: SippProcess }> {
  const port = await freeUdpPort();
  const log = path.join(dir, `${scenario}-${port}.log`);
  const sipp = await startSipp({
    scenario,
    remotePort: sipPort,
    domain: 'localhost',
    localPort: port,
    extraArgs: ['-trace_msg', '-message_file', log, ...extra],
  });
  carriers.push(sipp);
  return { port, log, sipp };
}

/** The first INVITE the carrier received, as sipp logged it. */
async function inviteAtCarrier(log: string): Promise<string> {
  const text = await fs.readFile(log, 'utf8');
  const at = text.indexOf('INVITE sip:');
  expect(at).toBeGreaterThanOrEqual(0);
  return text.slice(at, text.indexOf('\n\n', at) > 0 ? text.indexOf('\n\n', at) : undefined);
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-gw-'));
  policy = createTestGatewayPolicy({ trunks: [] });
  test = await startTestService({
    sip: { sipUdp: { host: '127.0.0.1', port: 0 } },
    serviceOptions: { gatewayPolicy: policy },
  });
  await test.createAccount('alice', 'alice-phone-secret');
  await test.createAccount('bob', 'bob-phone-secret');
  policy.allowed.add('alice');
  policy.premium.add('+19005550199');
  sipPort = test.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
  phone = await UdpPhone.open(sipPort, 'alice', 'alice-phone-secret');
});
afterEach(async () => {
  await Promise.all(carriers.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  phone?.close();
  await test?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('gateway outbound', () => {
  it('the carrier answers and echoes RTP: E.164 and trunk caller ID at the carrier, nothing of the user', async () => {
    const c = await carrier('carrier-answer.xml', ['-rtp_echo']);
    policy.setTrunks([trunk('first', c.port)]);
    const rtp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => rtp.bind(0, '127.0.0.1', resolve));
    const finished = policy.nextFinish();
    const call = await phone.call(`sip:${NUMBER}@localhost;user=phone`, plainSdp(rtp.address().port));
    const ok = await call.final;
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/a=rtpmap:101 telephone-event\/8000/);

    // Media: what we send to the carrier's address comes back (sipp -rtp_echo).
    const port = Number(/m=audio (\d+)/.exec(ok.text)?.[1]);
    const echoed = new Promise<Buffer>((resolve) => rtp.once('message', (m) => resolve(m)));
    const packet = Buffer.alloc(172);
    packet[0] = 0x80;
    packet.writeUInt32BE(0x1234abcd, 8);
    rtp.send(packet, port, '127.0.0.1');
    expect((await echoed).readUInt32BE(8)).toBe(0x1234abcd);
    rtp.close();

    expect((await call.bye()).status).toBe(200);
    const result = await c.sipp.done;
    expect(result.successful).toBe(1);
    const f = await finished;
    expect(f.outcome.cause).toBe('normal');
    expect(f.outcome.trunk).toBe('first');
    expect(f.outcome.answeredAt).toBeInstanceOf(Date);
    expect(policy.finishCount(call.callId)).toBe(1);

    const invite = await inviteAtCarrier(c.log);
    expect(invite).toMatch(new RegExp(`^INVITE sip:\\${NUMBER}@127\\.0\\.0\\.1:${c.port} SIP/2\\.0`));
    expect(invite).toMatch(/^From: <sip:\+15550100@127\.0\.0\.1>;tag=/m);
    expect(invite).toMatch(/^To: <sip:\+442079460018@127\.0\.0\.1>/m);
    for (const leak of [
      'alice',
      'Alice Private',
      'secret-device',
      call.callId,
      phone.client.viaHost,
      'Record-Route',
    ]) {
      expect(invite).not.toContain(leak);
    }
    expect(invite.match(/^Via:/gm)).toHaveLength(1);
  });

  it('a carrier that challenges gets the trunk credentials (digest) and answers', async () => {
    const c = await carrier('carrier-auth.xml');
    policy.setTrunks([trunk('first', c.port, { username: 'trunkuser', password: 'trunk-secret' })]);
    const call = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
    expect((await call.final).status).toBe(200);
    expect((await call.bye()).status).toBe(200);
    expect((await c.sipp.done).successful).toBe(1);
    const log = await fs.readFile(c.log, 'utf8');
    expect(log).toMatch(/^Authorization: Digest username="trunkuser", realm="carrier\.example"/m);
  });

  it('wrong trunk credentials: the carrier refuses and the caller gets its 403', async () => {
    const c = await carrier('carrier-auth.xml');
    policy.setTrunks([trunk('first', c.port, { username: 'trunkuser', password: 'not-the-secret' })]);
    const finished = policy.nextFinish();
    const call = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
    expect((await call.final).status).toBe(403);
    expect((await finished).outcome.cause).toBe('failed');
    await c.sipp.done;
  });

  it('the carrier answers 486: the caller gets 486, the call ends busy', async () => {
    const c = await carrier('carrier-busy.xml');
    policy.setTrunks([trunk('first', c.port)]);
    const finished = policy.nextFinish();
    const call = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
    expect((await call.final).status).toBe(486);
    expect((await finished).outcome.cause).toBe('busy');
    expect((await c.sipp.done).successful).toBe(1);
  });

  it('the first trunk answers 503: the second trunk takes the call', async () => {
    const first = await carrier('carrier-unavailable.xml');
    const second = await carrier('carrier-answer.xml');
    policy.setTrunks([trunk('first', first.port), trunk('second', second.port, { priority: 2 })]);
    const finished = policy.nextFinish();
    const call = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
    expect((await call.final).status).toBe(200);
    expect((await call.bye()).status).toBe(200);
    const f = await finished;
    expect(f.claimed).toEqual(['first', 'second']);
    expect(f.outcome.trunk).toBe('second');
    expect((await first.sipp.done).successful).toBe(1);
    expect((await second.sipp.done).successful).toBe(1);
  });

  it('early media: the 183 with the carrier SDP reaches the caller before the 200', async () => {
    const c = await carrier('carrier-early-media.xml');
    policy.setTrunks([trunk('first', c.port)]);
    const call = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
    let first = await call.responses.next();
    while (first.status === 100) first = await call.responses.next();
    expect(first.status).toBe(183);
    expect(first.header('Content-Type')).toBe('application/sdp');
    expect(first.text).toMatch(/m=audio \d+ RTP\/AVP 0 101/);
    expect((await call.final).status).toBe(200);
    expect((await call.bye()).status).toBe(200);
    expect((await c.sipp.done).successful).toBe(1);
  });

  it('a trunk that gives no provisional within 3 s is passed over for the next', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const reached = new Promise<string>((resolve) => silent.once('message', (m) => resolve(m.toString())));
    const second = await carrier('carrier-answer.xml');
    policy.setTrunks([trunk('silent', silent.address().port), trunk('second', second.port, { priority: 2 })]);
    const finished = policy.nextFinish();
    const started = Date.now();
    const call = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
    expect(await reached).toMatch(/^INVITE sip:/);
    expect((await call.final).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect((await call.bye()).status).toBe(200);
    expect((await finished).outcome.trunk).toBe('second');
    expect((await second.sipp.done).successful).toBe(1);
    silent.close();
  });

  it('the caller cancels while the carrier rings: CANCEL reaches the carrier, the call ends cancelled', async () => {
    const c = await carrier('carrier-ring.xml');
    policy.setTrunks([trunk('first', c.port)]);
    const finished = policy.nextFinish();
    const call = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
    let r = await call.responses.next();
    while (r.status !== 180) r = await call.responses.next();
    call.cancel();
    expect((await call.final).status).toBe(487);
    expect((await finished).outcome.cause).toBe('cancelled');
    expect((await c.sipp.done).successful).toBe(1);
  });

  it('refused calls get 403 with the reason and nothing reaches the carrier', async () => {
    const c = await carrier('carrier-busy.xml');
    policy.setTrunks([trunk('first', c.port)]);
    const premium = await phone.call('sip:+19005550199@localhost', plainSdp(40_000));
    const refused = await premium.final;
    expect(refused.status).toBe(403);
    expect(refused.header('X-Parley-Refusal')).toBe('premium_blocked');
    expect(refused.header('Reason')).toBe('SIP;cause=403;text="Premium-rate numbers are blocked"');

    const bob = await UdpPhone.open(sipPort, 'bob', 'bob-phone-secret');
    const denied = await (await bob.call(`sip:${NUMBER}@localhost`, plainSdp(40_000))).final;
    bob.close();
    expect(denied.status).toBe(403);
    expect(denied.header('X-Parley-Refusal')).toBe('pstn_not_permitted');

    // Then an allowed call: the only INVITE the carrier ever saw is that one.
    const allowed = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
    expect((await allowed.final).status).toBe(486);
    await c.sipp.done;
    const log = await fs.readFile(c.log, 'utf8');
    expect(log.match(/^INVITE sip:/gm)).toHaveLength(1);
    expect(log).toContain(`INVITE sip:${NUMBER}@`);
  });

  it('the maximum call length ends the call with BYE both ways', async () => {
    const c = await carrier('carrier-answer.xml');
    policy.setTrunks([trunk('first', c.port)]);
    const finished = policy.nextFinish();
    const original = policy.authorizeOutbound.bind(policy);
    policy.authorizeOutbound = async (u, d, id) => {
      const a = await original(u, d, id);
      return a.allowed ? { ...a, maxDurationSeconds: 1 } : a;
    };
    try {
      const call = await phone.call(`sip:${NUMBER}@localhost`, plainSdp(40_000));
      expect((await call.final).status).toBe(200);
      await call.byeReceived;
      expect((await finished).outcome.cause).toBe('max_duration');
      expect((await c.sipp.done).successful).toBe(1);
    } finally {
      policy.authorizeOutbound = original;
    }
  });
});
