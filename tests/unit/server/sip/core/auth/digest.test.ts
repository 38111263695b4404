import { describe, expect, it } from 'vitest';
import {
  computeDigestResponse,
  computeHa1,
  parseDigestCredentials,
} from '../../../../../../server/src/sip/core/auth/digest.js';

describe('digest computation', () => {
  it('matches the RFC 2617 §3.5 example (MD5, qop=auth)', () => {
    const ha1 = computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1,
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  const rfc7616 = {
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    method: 'GET',
    uri: '/dir/index.html',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  };

  it('matches the RFC 7616 §3.9.1 SHA-256 example (the algorithm RFC 8760 brings to SIP)', () => {
    const ha1 = computeHa1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(computeDigestResponse({ algorithm: 'SHA-256', ha1, ...rfc7616 })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('matches the RFC 7616 §3.9.1 MD5 example', () => {
    const ha1 = computeHa1('MD5', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(computeDigestResponse({ algorithm: 'MD5', ha1, ...rfc7616 })).toBe(
      '8ca523f5e9506fed4657c9700eebdbec',
    );
  });

  it('supports RFC 2069 answers without qop', () => {
    const ha1 = computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    const r = computeDigestResponse({ algorithm: 'MD5', ha1, nonce: 'n', method: 'GET', uri: '/' });
    expect(r).toMatch(/^[0-9a-f]{32}$/);
    expect(r).not.toBe(
      computeDigestResponse({
        algorithm: 'MD5',
        ha1,
        nonce: 'n',
        method: 'GET',
        uri: '/',
        qop: 'auth',
        nc: '00000001',
        cnonce: 'c',
      }),
    );
  });
});

describe('parseDigestCredentials', () => {
  it('reads quoted and token parameters, escapes, and defaults the algorithm to MD5', () => {
    const c = parseDigestCredentials(
      'Digest username="bob", realm="parley.test", nonce="a.b.c", uri="sip:parley.test", response="0123abcd", qop=auth, nc=00000001, cnonce="x\\"y"',
    );
    expect(c).toMatchObject({
      username: 'bob',
      realm: 'parley.test',
      qop: 'auth',
      nc: '00000001',
      cnonce: 'x"y',
      algorithm: 'MD5',
    });
  });

  it('rejects other schemes, missing parameters, duplicates and junk', () => {
    expect(parseDigestCredentials('Basic Ym9iOnB3')).toBeUndefined();
    expect(parseDigestCredentials('Digest username="bob", realm="r"')).toBeUndefined();
    expect(
      parseDigestCredentials(
        'Digest username="a", username="b", realm="r", nonce="n", uri="u", response="x"',
      ),
    ).toBeUndefined();
    expect(parseDigestCredentials('Digest username="a" realm="r"')).toBeUndefined();
    expect(parseDigestCredentials('Digest ,,,')).toBeUndefined();
  });
});
