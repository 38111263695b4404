/**
 * An in-memory `DigestSecretSource` for SIP tests: users with a password and optional extra
 * secrets (standing in for session tokens), HA1 values computed like the account store does.
 */
import { computeHa1 } from '../../../server/src/sip/core/auth/digest.js';
import type { DigestSecretSource, DigestSecrets } from '../../../server/src/sip/sip-service-contract.js';

export interface MemorySecrets extends DigestSecretSource {
  addUser(username: string, password: string, tokens?: readonly string[]): void;
  /** Users that exist but have no secret usable for SIP (e.g. the voicemail agent before it logs in). */
  addUserWithoutSecrets(username: string): void;
}

export function createMemorySecrets(realm: string): MemorySecrets {
  const users = new Map<string, DigestSecrets | undefined>();
  return {
    addUser(username, password, tokens = []) {
      const u = username.toLowerCase();
      const all = [password, ...tokens];
      users.set(u, {
        md5: all.map((p) => computeHa1('MD5', u, realm, p)),
        sha256: all.map((p) => computeHa1('SHA-256', u, realm, p)),
        // Named like the account store names them (by the token's hash; here the token itself).
        tokens: tokens.map((t) => ({
          id: t,
          md5: computeHa1('MD5', u, realm, t),
          sha256: computeHa1('SHA-256', u, realm, t),
        })),
      });
    },
    addUserWithoutSecrets(username) {
      users.set(username.toLowerCase(), undefined);
    },
    async getDigestSecrets(username) {
      return users.get(username);
    },
    async userExists(username) {
      return users.has(username);
    },
  };
}
