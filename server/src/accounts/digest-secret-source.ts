/**
 * The SIP room's view of the account store (server/src/sip/sip-service-contract.ts): the HA1 values a
 * user may answer a digest challenge with — the account password's and every live session token's
 * (RFC 3261 §22.4; SHA-256 per RFC 8760). HA1s computed for another realm (the domain changed since)
 * are left out, since they could never verify. Each HA1 is named as a credential — a token's by its
 * hash, the password's by `passwordCredentialId` — so what a credential set up in SIP can be ended when
 * it is revoked (sign-out ends a token's; a password change ends all of the user's).
 */
import type { DigestSecretSource, DigestSecrets } from '../sip/sip-service-contract.js';
import type { Store } from '../store/store.js';

/** The credential id of an account's password (never a token hash: those are hex). */
export const passwordCredentialId = (username: string): string => `password:${username}`;

export function createDigestSecretSource(
  store: Pick<Store, 'accounts' | 'sessions'>,
  realm: string,
  now: () => number = Date.now,
): DigestSecretSource {
  return {
    async getDigestSecrets(username: string): Promise<DigestSecrets | undefined> {
      const [account, sessions] = await Promise.all([
        store.accounts.get(username),
        store.sessions.listLive(username, now()),
      ]);
      if (account === undefined) return undefined;
      const md5: string[] = [];
      const sha256: string[] = [];
      if (account.realm === realm) {
        md5.push(account.ha1Md5);
        sha256.push(account.ha1Sha256);
      }
      const tokens: { id: string; md5: string; sha256: string }[] = [];
      if (account.realm === realm) {
        tokens.push({ id: passwordCredentialId(username), md5: account.ha1Md5, sha256: account.ha1Sha256 });
      }
      for (const session of sessions) {
        if (session.realm !== realm) continue;
        md5.push(session.ha1Md5);
        sha256.push(session.ha1Sha256);
        tokens.push({ id: session.tokenHash, md5: session.ha1Md5, sha256: session.ha1Sha256 });
      }
      return { md5, sha256, tokens };
    },
    async userExists(username: string): Promise<boolean> {
      return (await store.accounts.get(username)) !== undefined;
    },
  };
}
