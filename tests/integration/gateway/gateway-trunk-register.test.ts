/**
 * The gateway registers with a trunk that asks for it (`register: true`, RFC 3261 §10.2): a UDP socket
 * plays the carrier's registrar, challenges the first REGISTER (401) and checks the digest answer of the
 * second with the service's own digest code before accepting it.
 */
import dgram from 'node:dgram';
import { afterAll, describe, expect, it } from 'vitest';
import { computeDigestResponse, computeHa1 } from '../../../server/src/sip/core/auth/digest.js';
import { createTestGatewayPolicy, trunk } from '../../support/gateway/test-gateway-policy.js';
import { parseChallenge } from '../../support/sip/raw-sip-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

let test: TestService | undefined;
const sockets: dgram.Socket[] = [];
afterAll(async () => {
  for (const s of sockets) s.close();
  await test?.stop();
});

function reply(request: string, status: string, extra: string[] = []): string {
  const pick = (name: string): string[] =>
    request.split('\r\n').filter((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
  return [
    `SIP/2.0 ${status}`,
    ...pick('Via'),
    ...pick('From'),
    `${pick('To')[0] ?? ''};tag=reg`,
    ...pick('Call-ID'),
    ...pick('CSeq'),
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('gateway registration with a trunk', () => {
  it('answers the registrar challenge with the trunk credentials and is registered', async () => {
    const registrar = dgram.createSocket('udp4');
    sockets.push(registrar);
    await new Promise<void>((resolve) => registrar.bind(0, '127.0.0.1', resolve));
    const requests: string[] = [];
    const accepted = new Promise<string>((resolve) => {
      registrar.on('message', (data, from) => {
        const text = data.toString();
        requests.push(text);
        const auth = /^Authorization: (.*)$/m.exec(text)?.[1]?.trim();
        if (!auth) {
          registrar.send(
            reply(text, '401 Unauthorized', [
              'WWW-Authenticate: Digest realm="carrier", nonce="n42", qop="auth"',
            ]),
            from.port,
            from.address,
          );
          return;
        }
        const p = parseChallenge(auth);
        const expected = computeDigestResponse({
          algorithm: 'MD5',
          ha1: computeHa1('MD5', 'trunkuser', 'carrier', 'trunk-secret'),
          nonce: 'n42',
          method: 'REGISTER',
          uri: p['uri'] ?? '',
          qop: 'auth',
          nc: p['nc'] ?? '',
          cnonce: p['cnonce'] ?? '',
        });
        const ok = p['response'] === expected;
        registrar.send(
          reply(text, ok ? '200 OK' : '403 Forbidden', ok ? ['Expires: 600'] : []),
          from.port,
          from.address,
        );
        if (ok) resolve(text);
      });
    });
    const port = registrar.address().port;
    const policy = createTestGatewayPolicy({
      trunks: [
        trunk('registered', port, { register: true, username: 'trunkuser', password: 'trunk-secret' }),
      ],
    });
    test = await startTestService({
      sip: { sipUdp: { host: '127.0.0.1', port: 0 } },
      serviceOptions: { gatewayPolicy: policy },
    });
    const register = await accepted;
    expect(requests).toHaveLength(2);
    expect(register).toMatch(new RegExp(`^REGISTER sip:127\\.0\\.0\\.1:${port} SIP/2\\.0`));
    expect(register).toMatch(/^From: <sip:trunkuser@127\.0\.0\.1>;tag=/m);
    const sipPort = test.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
    expect(register).toMatch(new RegExp(`^Contact: <sip:gateway@127\\.0\\.0\\.1:${sipPort}>`, 'm'));
  });
});
