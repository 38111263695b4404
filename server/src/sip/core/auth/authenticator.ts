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
 * Replay protection (RFC 7616 §3.3, §3.4, §5.5; RFC 3261 §22.4): qop=auth is required (an RFC 2069 answer
 * without qop and nonce count could be replayed as is); the digest `uri` must equal the Request-URI (a
 * response computed for one callee does not call another, RFC 7616 §3.4.6); each nonce is bound to the
 * flow it was issued on and its nonce count must grow (nonce.ts). Each such refusal is a new challenge
 * (401/407 with a fresh nonce), so an honest client recovers by answering it.
 *
 * Failed answers are counted per (username, client address) like HTTP sign-in (the throttle is given by
 * the service, `AuthThrottle`): once blocked, even the right password gets 403 until the
 * window passes, so SIP is no side door around the HTTP sign-in limit for online password guessing.
 */
import type { DigestSecretSource } from './digest-secrets.js';
import type { HeaderField, SipMessage } from '../../message/sip-message.js';
import { computeDigestResponse, parseDigestCredentials, sameHex, type DigestAlgorithm } from './digest.js';
import type { NonceManager } from './nonce.js';
import { parseUri } from '../../message/fast-grammar.js';
import { sipUriEquals } from '../../message/sip-uri-equality.js';

/** 401 from a registrar (WWW-Authenticate), 407 from a proxy (Proxy-Authenticate) (§22.1, §22.3). */
export type AuthRole = 'registrar' | 'proxy';

export type AuthOutcome =
  | {
      readonly ok: true;
      readonly username: string;
      /** Id of the session token the answer was made with (absent for the account password). */
      readonly credential?: string;
    }
  /** Send `status` (401/407) with `headers` (the challenges). */
  | { readonly ok: false; readonly status: 401 | 407; readonly headers: HeaderField[]; readonly why: string }
  /** Credentials were checked and are wrong: 403 (§22.4 lets servers refuse instead of re-challenge). */
  | { readonly ok: false; readonly status: 403; readonly headers: HeaderField[]; readonly why: string };

export interface Authenticator {
  /**
   * `transport` of the flow: WS/WSS (or none) get SHA-256 and MD5, UDP/TCP/TLS MD5 alone. `scope` names
   * the flow the nonces are bound to (`flowScope`).
   */
  challengeHeaders(role: AuthRole, stale: boolean, transport?: string, scope?: string): HeaderField[];
  /**
   * `client` (the remote address of the flow) scopes the failure count with the username; `transport`
   * chooses the challenges; `scope` is the flow the nonce must have been issued to. Asynchronous: the
   * secrets come from the account store.
   */
  authenticate(
    request: SipMessage,
    method: string,
    role: AuthRole,
    client?: string,
    transport?: string,
    scope?: string,
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
  const challengeHeaders = (role: AuthRole, stale: boolean, transport = 'WS', scope = ''): HeaderField[] => {
    const name = role === 'registrar' ? 'WWW-Authenticate' : 'Proxy-Authenticate';
    const staleParam = stale ? ', stale=true' : '';
    // One nonce for both challenges, as in the example of RFC 7616 §3.9.1: half the nonce table.
    const nonce = nonces.issue(scope);
    const make = (algorithm: DigestAlgorithm): HeaderField => ({
      name,
      value: `Digest realm="${realm}", nonce="${nonce}", algorithm=${algorithm}, qop="auth"${staleParam}`,
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
    scope = '',
  ): Promise<AuthOutcome> => {
    const status = role === 'registrar' ? 401 : 407;
    const challenge = (why: string, stale = false): AuthOutcome => ({
      ok: false,
      status,
      headers: challengeHeaders(role, stale, transport, scope),
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
    // RFC 7616 §3.4: we only offer qop="auth"; an answer without it (RFC 2069 style) has no nonce count
    // and could be replayed for the nonce's whole life.
    if (creds.qop === undefined) return challenge('qop required');
    if (creds.qop.toLowerCase() !== 'auth') return challenge('unsupported qop');
    // nc: 8 hex digits (RFC 7616 §3.4).
    if (!creds.nc || !/^[0-9a-fA-F]{8}$/.test(creds.nc) || !creds.cnonce) return challenge('bad nc/cnonce');
    // RFC 7616 §3.4.6: the digest-uri must name the request's target, or one answer serves for any callee.
    const requestUri = request.startLine.kind === 'request' ? request.startLine.uri : '';
    if (!sameRequestUri(creds.uri, requestUri)) return challenge('digest uri does not match Request-URI');
    const username = creds.username.toLowerCase();
    const nonce = nonces.check(creds.nonce, scope);
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
    const expect = (ha1: string): boolean =>
      sameHex(
        computeDigestResponse({
          algorithm: algorithm as DigestAlgorithm,
          ha1,
          nonce: creds.nonce,
          method,
          uri: creds.uri,
          qop: 'auth',
          nc: creds.nc ?? '',
          cnonce: creds.cnonce ?? '',
        }),
        creds.response,
      );
    const matched = ha1s.find(expect);
    if (matched === undefined) return refuse('wrong credentials');
    // Right password, old nonce: ask again with stale=true so the client retries silently.
    if (nonce === 'stale') return challenge('stale nonce', true);
    // RFC 7616 §3.4: the nonce count must grow; a count seen before is a replayed answer.
    if (!nonces.use(creds.nonce, parseInt(creds.nc, 16))) {
      // Forgotten while the secrets were read (table cap): stale, so the client retries on its own.
      if (nonces.check(creds.nonce, scope) === 'stale') return challenge('stale nonce', true);
      return challenge('nonce count reused');
    }
    throttle?.recordSuccess(key);
    const token = known.tokens?.find((t) => (algorithm === 'MD5' ? t.md5 : t.sha256) === matched);
    return token ? { ok: true, username, credential: token.id } : { ok: true, username };
  };

  return { challengeHeaders, authenticate };
}

/** Equal as strings, or as SIP URIs (RFC 3261 §19.1.4: clients may spell the same URI differently). */
function sameRequestUri(digestUri: string, requestUri: string): boolean {
  if (digestUri === requestUri) return true;
  const a = parseUri(digestUri);
  const b = parseUri(requestUri);
  return a !== undefined && b !== undefined && sipUriEquals(a, b);
}
