/**
 * What the authenticator needs from the account store (implemented outside the SIP room, by
 * server/src/accounts/digest-secret-source.ts): the HA1 values a user may answer a challenge with.
 */

/** HA1 values a user may authenticate with (RFC 3261 §22.4, RFC 8760 for SHA-256). */
export interface DigestSecrets {
  /** MD5(username:realm:password) for the account password and for every live session token. */
  readonly md5: readonly string[];
  /** SHA-256(username:realm:password), likewise. */
  readonly sha256: readonly string[];
  /**
   * Which of those HA1s belong to session tokens, named by an id (the token's hash): an answer made with
   * one is reported with that id, so what it set up (bindings) ends when the token is revoked.
   */
  readonly tokens?: readonly { readonly id: string; readonly md5: string; readonly sha256: string }[];
}

export interface DigestSecretSource {
  /** `undefined` when the user does not exist. `username` is already lowercased. */
  getDigestSecrets(username: string): Promise<DigestSecrets | undefined>;
  /** Whether an address-of-record user exists (for 404 vs 480). */
  userExists(username: string): Promise<boolean>;
}
