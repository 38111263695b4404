import { describe, expect, it } from 'vitest';
import { ha1Md5, ha1Sha256, ha1bMd5, hashToken } from '../../../../server/src/accounts/digest-ha1.js';

describe('HA1 values', () => {
  it('MD5 matches the RFC 2617 §3.5 example (Mufasa / testrealm@host.com)', () => {
    expect(ha1Md5('Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe('939e7578ed9e3c518a452acee763bce9');
  });

  it('SHA-256 matches the RFC 7616 §3.9.1 example credentials (used by RFC 8760)', () => {
    expect(ha1Sha256('Mufasa', 'http-auth@example.org', 'Circle of Life')).toBe(
      '7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232',
    );
  });

  it("gives Kamailio's ha1b as MD5(user@domain:domain:password)", () => {
    expect(ha1bMd5('carol', 'corp.example', 'Secret123!')).toBe('51a409f80370747e3fb13ac24897cf94');
    expect(ha1Md5('carol', 'corp.example', 'Secret123!')).toBe('ff04157c3dc3dca4c9b9ceeb92d22a91');
  });

  it('hashes tokens with SHA-256', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
