import { describe, expect, it } from 'vitest';
import { createFailureThrottle } from '../../../../../../common/failure-throttle.js';
import { createAuthenticator } from '../../../../../../server/src/sip/core/auth/authenticator.js';
import { createNonceManager } from '../../../../../../server/src/sip/core/auth/nonce.js';
import { SipMessage } from '../../../../../../server/src/sip/message/sip-message.js';
import { createMemorySecrets } from '../../../../../support/sip/memory-secrets.js';
import { digestAnswer } from '../../../../../support/sip/raw-sip-client.js';

const realm = 'parley.test';

function setup() {
  let now = 0;
  const secrets = createMemorySecrets(realm);
  secrets.addUser('alice', 'password', ['token-1', 'token-2']);
  const nonces = createNonceManager({ secret: Buffer.alloc(32, 1), lifetimeMs: 1000, now: () => now });
  const throttle = createFailureThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
  const auth = createAuthenticator(realm, secrets, nonces, throttle);
  const request = (credentials?: string): SipMessage =>
    new SipMessage(
      { kind: 'request', method: 'INVITE', uri: 'sip:bob@parley.test' },
      credentials ? [{ name: 'Proxy-Authorization', value: credentials }] : [],
      '',
    );
  const answer = (password: string, algorithm: 'MD5' | 'SHA-256' = 'MD5', username = 'alice'): string => {
    const challenge = auth
      .challengeHeaders('proxy', false)
      .find((h) => h.value.includes(`algorithm=${algorithm}`))!;
    return digestAnswer(challenge.value, {
      username,
      password,
      method: 'INVITE',
      uri: 'sip:bob@parley.test',
    });
  };
  return { auth, request, answer, advance: (ms: number) => (now += ms) };
}

describe('authenticator', () => {
  it('offers SHA-256 first and MD5 last (SIP.js/JsSIP keep only the last challenge field)', async () => {
    const { auth } = setup();
    const h = auth.challengeHeaders('registrar', false);
    expect(h.map((x) => x.name)).toEqual(['WWW-Authenticate', 'WWW-Authenticate']);
    expect(h[0]!.value).toMatch(/algorithm=SHA-256/);
    expect(h[1]!.value).toMatch(/^Digest realm="parley.test", nonce="[^"]+", algorithm=MD5, qop="auth"$/);
  });

  it('accepts the password and every session token, with MD5 and SHA-256, naming the token used', async () => {
    const { auth, request, answer } = setup();
    for (const secret of ['password', 'token-1', 'token-2']) {
      for (const alg of ['MD5', 'SHA-256'] as const) {
        expect(await auth.authenticate(request(answer(secret, alg)), 'INVITE', 'proxy')).toEqual({
          ok: true,
          username: 'alice',
          ...(secret === 'password' ? {} : { credential: secret }),
        });
      }
    }
  });

  it('challenges (never accepts) answers without qop, with another digest uri, or a reused nonce count', async () => {
    const { auth, request, answer } = setup();
    const good = answer('password');
    expect(await auth.authenticate(request(good), 'INVITE', 'proxy')).toMatchObject({ ok: true });
    expect(await auth.authenticate(request(good), 'INVITE', 'proxy')).toMatchObject({
      status: 407,
      why: 'nonce count reused',
    });
    const noQop = answer('password').replace(/, qop=auth, nc=\w+, cnonce="\w+"/, '');
    expect(await auth.authenticate(request(noQop), 'INVITE', 'proxy')).toMatchObject({
      status: 407,
      why: 'qop required',
    });
    const otherUri = answer('password').replace('uri="sip:bob@parley.test"', 'uri="sip:carol@parley.test"');
    expect(await auth.authenticate(request(otherUri), 'INVITE', 'proxy')).toMatchObject({
      status: 407,
      why: 'digest uri does not match Request-URI',
    });
  });

  it('challenges without credentials, refuses wrong ones (403) and unknown users (403)', async () => {
    const { auth, request, answer } = setup();
    expect(await auth.authenticate(request(), 'INVITE', 'proxy')).toMatchObject({ ok: false, status: 407 });
    expect(await auth.authenticate(request(answer('nope')), 'INVITE', 'proxy')).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      await auth.authenticate(request(answer('password', 'MD5', 'mallory')), 'INVITE', 'proxy'),
    ).toMatchObject({ ok: false, status: 403 });
  });

  it('answers an expired nonce with a fresh challenge marked stale=true when the password was right', async () => {
    const { auth, request, answer, advance } = setup();
    const creds = answer('password');
    advance(1001);
    const out = await auth.authenticate(request(creds), 'INVITE', 'proxy');
    expect(out).toMatchObject({ ok: false, status: 407 });
    expect(out.ok ? [] : out.headers.map((h) => h.value)).toEqual([
      expect.stringContaining('stale=true'),
      expect.stringContaining('stale=true'),
    ]);
  });

  it('tolerates any nonce-count but requires its syntax, and checks the method', async () => {
    const { auth, request, answer } = setup();
    const c = answer('password').replace('nc=00000001', 'nc=0000000a');
    // The response was computed for nc=00000001: changing nc breaks it (403), a well-formed other nc is not itself an error.
    expect(await auth.authenticate(request(c), 'INVITE', 'proxy')).toMatchObject({ status: 403 });
    expect(
      await auth.authenticate(request(answer('password').replace('nc=00000001', 'nc=1')), 'INVITE', 'proxy'),
    ).toMatchObject({ status: 407 });
    expect(await auth.authenticate(request(answer('password')), 'MESSAGE', 'proxy')).toMatchObject({
      status: 403,
    });
  });

  it('blocks a (user, address) after repeated wrong answers, right password included, until the window passes', async () => {
    const { auth, request, answer, advance } = setup();
    for (let i = 0; i < 3; i++) {
      expect(await auth.authenticate(request(answer('nope')), 'INVITE', 'proxy', '10.0.0.9')).toMatchObject({
        status: 403,
      });
    }
    expect(await auth.authenticate(request(answer('password')), 'INVITE', 'proxy', '10.0.0.9')).toMatchObject(
      {
        ok: false,
        status: 403,
        why: 'too many failed attempts',
      },
    );
    // Another address is not held back.
    expect(await auth.authenticate(request(answer('password')), 'INVITE', 'proxy', '10.0.0.1')).toMatchObject(
      {
        ok: true,
      },
    );
    advance(60_001);
    // Fresh nonce after the clock moved (the old ones are stale by now).
    expect(await auth.authenticate(request(answer('password')), 'INVITE', 'proxy', '10.0.0.9')).toMatchObject(
      {
        ok: true,
      },
    );
  });

  it('ignores credentials for another realm', async () => {
    const { auth, request, answer } = setup();
    expect(
      await auth.authenticate(
        request(answer('password').replace(`realm="${realm}"`, 'realm="other"')),
        'INVITE',
        'proxy',
      ),
    ).toMatchObject({ status: 407 });
  });
});
