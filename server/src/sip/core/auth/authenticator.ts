/**
 * Digest authentication of requests (RFC 3261 §22): builds challenges and checks credentials
 * against every HA1 the `DigestSecretSource` knows for the user (account password, session tokens).
 *
 * Challenge order: SHA-256 first, MD5 last. RFC 8760 §2.4 / RFC 7616 §3.7 ask servers to list the
 * preferred algorithm first, and clients pick the first they support. SIP.js 0.21.2 and JsSIP 3.13
 * are not such clients: their parsers keep only the LAST `WWW-Authenticate`/`Proxy-Authenticate`
 * field (`message.setHeader(...)` overwrites, sip.js lib/core/messages/parser.js and
 * jssip lib/Parser.js), and both abort on any algorithm other than MD5
 * (lib/core/messages/digest-authentication.js, lib/DigestAuthentication.js). MD5 last therefore
 * serves both libraries while SHA-256-capable clients still see their preferred offer first.
 *
 * Plain SIP phones get MD5 alone: Debian's baresip 1.0 refuses to register when ANY challenge is
 * SHA-256 and sipp 3.6 answers only the first challenge, so over UDP/TCP/TLS only MD5 is offered, while
 * WebSocket clients keep SHA-256 + MD5.
 *
 * Failed answers are counted per (username, client address) like HTTP sign-in (the throttle is given by
 * the service, `AuthThrottle`): once blocked, even the right password gets 403 until the
 * window passes, so SIP is no side door around the HTTP sign-in limit for online password guessing.
 */
import type { DigestSecretSource } from './digest-secrets.js';
import type { HeaderField, SipMessage } from '../../message/sip-message.js';
import { computeDigestResponse, parseDigestCredentials, sameHex, type DigestAlgorithm } from './digest.js';
import type { NonceManager } from './nonce.js';

/** 401 from a registrar (WWW-Authenticate), 407 from a proxy (Proxy-Authenticate) (§22.1, §22.3). */
export type AuthRole = 'registrar' | 'proxy';

export type AuthOutcome =
  | { readonly ok: true; readonly username: string }
  /** Send `status` (401/407) with `headers` (the challenges). */
  | { readonly ok: false; readonly status: 401 | 407; readonly headers: HeaderField[]; readonly why: string }
  /** Credentials were checked and are wrong: 403 (§22.4 lets servers refuse instead of re-challenge). */
  | { readonly ok: false; readonly status: 403; readonly headers: HeaderField[]; readonly why: string };

export interface Authenticator {
  /** `transport` of the flow: WS/WSS (or none) get SHA-256 and MD5, UDP/TCP/TLS MD5 alone. */
  challengeHeaders(role: AuthRole, stale: boolean, transport?: string): HeaderField[];
  /**
   * `client` (the remote address of the flow) scopes the failure count with the username; `transport`
   * chooses the challenges. Asynchronous: the secrets come from the account store.
   */
  authenticate(
    request: SipMessage,
    method: string,
    role: AuthRole,
    client?: string,
    transport?: string,
  ): Promise<AuthOutcome>;
}

/** Failed-attempt limiter (structurally `SignInThrottle` of the accounts room). */
export interface AuthThrottle {
  retryAfterSeconds(key: string): number;
  recordFailure(key: string): void;
  recordSuccess(key: string): void;
}

export function createAuthenticator(
  realm: string,
  secrets: DigestSecretSource,
  nonces: NonceManager,
  throttle?: AuthThrottle,
): Authenticator {
  const challengeHeaders = (role: AuthRole, stale: boolean, transport = 'WS'): HeaderField[] => {
    const name = role === 'registrar' ? 'WWW-Authenticate' : 'Proxy-Authenticate';
    const staleParam = stale ? ', stale=true' : '';
    const make = (algorithm: DigestAlgorithm): HeaderField => ({
      name,
      value: `Digest realm="${realm}", nonce="${nonces.issue()}", algorithm=${algorithm}, qop="auth"${staleParam}`,
    });
    const t = transport.toUpperCase();
    return t === 'WS' || t === 'WSS' ? [make('SHA-256'), make('MD5')] : [make('MD5')];
  };

  const authenticate = async (
    request: SipMessage,
    method: string,
    role: AuthRole,
    client = '',
    transport?: string,
  ): Promise<AuthOutcome> => {
    const status = role === 'registrar' ? 401 : 407;
    const challenge = (why: string, stale = false): AuthOutcome => ({
      ok: false,
      status,
      headers: challengeHeaders(role, stale, transport),
      why,
    });
    const fieldName = role === 'registrar' ? 'Authorization' : 'Proxy-Authorization';
    // Several credentials may be present (one per realm, §22.3): use the one for our realm.
    const creds = request
      .getAll(fieldName)
      .map(parseDigestCredentials)
      .find((c) => c !== undefined && c.realm === realm);
    if (!creds) return challenge('no credentials');
    const algorithm = creds.algorithm.toUpperCase();
    if (algorithm !== 'MD5' && algorithm !== 'SHA-256') return challenge('unsupported algorithm');
    if (creds.qop !== undefined) {
      if (creds.qop.toLowerCase() !== 'auth') return challenge('unsupported qop');
      // nc: 8 hex digits (RFC 2617 §3.2.2). Any count is tolerated: nonces are short-lived and
      // stateless, and a client may restart its count; replay is bounded by the nonce lifetime.
      if (!creds.nc || !/^[0-9a-fA-F]{8}$/.test(creds.nc) || !creds.cnonce) return challenge('bad nc/cnonce');
    }
    const username = creds.username.toLowerCase();
    const nonce = nonces.check(creds.nonce);
    if (nonce === 'invalid') return challenge('unknown nonce');
    const key = `${username}\n${client}`;
    if (throttle && throttle.retryAfterSeconds(key) > 0) {
      return { ok: false, status: 403, headers: [], why: 'too many failed attempts' };
    }
    const refuse = (why: string): AuthOutcome => {
      throttle?.recordFailure(key);
      return { ok: false, status: 403, headers: [], why };
    };
    const known = await secrets.getDigestSecrets(username);
    if (!known) return refuse('unknown user');
    const ha1s = algorithm === 'MD5' ? known.md5 : known.sha256;
    const matches = ha1s.some((ha1) =>
      sameHex(
        computeDigestResponse({
          algorithm: algorithm as DigestAlgorithm,
          ha1,
          nonce: creds.nonce,
          method,
          uri: creds.uri,
          ...(creds.qop !== undefined ? { qop: creds.qop.toLowerCase() } : {}),
          ...(creds.nc !== undefined ? { nc: creds.nc } : {}),
          ...(creds.cnonce !== undefined ? { cnonce: creds.cnonce } : {}),
        }),
        creds.response,
      ),
    );
    if (!matches) return refuse('wrong credentials');
    // Right password, old nonce: ask again with stale=true so the client retries silently.
    if (nonce === 'stale') return challenge('stale nonce', true);
    throttle?.recordSuccess(key);
    return { ok: true, username };
  };

  return { challengeHeaders, authenticate };
}
