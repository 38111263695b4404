import { describe, expect, it } from 'vitest';
import { verifyCodeFor } from '../../../../../renderer/src/engine/calls/verify-code.js';

const withFingerprint = (fp: string): string =>
  `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 ${fp}\r\n`;

const alice = withFingerprint('AA:11:22:33');
const bob = withFingerprint('BB:44:55:66');
const mallory = withFingerprint('CC:77:88:99');

describe('verify code', () => {
  it('is six digits, and the same on both ends of the call', async () => {
    const atAlice = await verifyCodeFor(alice, bob);
    const atBob = await verifyCodeFor(bob, alice);
    expect(atAlice).toMatch(/^\d{3} \d{3}$/);
    expect(atBob).toBe(atAlice);
  });

  it('differs when someone in the middle presents its own certificate to either side', async () => {
    const honest = await verifyCodeFor(alice, bob);
    // Alice talks to Mallory, who talks to Bob: each side holds a different pair.
    const atAlice = await verifyCodeFor(alice, mallory);
    const atBob = await verifyCodeFor(bob, mallory);
    expect(atAlice).not.toBe(honest);
    expect(atBob).not.toBe(honest);
    expect(atAlice).not.toBe(atBob);
  });

  it('is absent without DTLS fingerprints (plain RTP)', async () => {
    const plain = 'v=0\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n';
    expect(await verifyCodeFor(plain, bob)).toBeUndefined();
    expect(await verifyCodeFor(alice, plain)).toBeUndefined();
  });
});
