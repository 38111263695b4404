/**
 * The generator's side of HTTP Digest as SIP uses it (RFC 3261 §22.4, RFC 7616 §3.4 with MD5 and
 * qop=auth): picks the MD5 challenge of a 401/407, keeps that nonce and answers every later request
 * with it and a growing nonce count (the Parley service refuses a replayed `nc`, RFC 7616 §3.4), until
 * the server challenges again (stale or unknown nonce).
 */
import { createHash, randomBytes } from 'node:crypto';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** The fields of one `Digest ...` challenge. */
interface Challenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
}

function param(value: string, name: string): string | undefined {
  const m = new RegExp(`[\\s,]${name}\\s*=\\s*(?:"([^"]*)"|([^\\s,]+))`, 'i').exec(` ${value}`);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The MD5 (or algorithm-less) challenge among the WWW-/Proxy-Authenticate values, if any. */
export function pickMd5Challenge(values: readonly string[]): Challenge | undefined {
  for (const v of values) {
    const algorithm = (param(v, 'algorithm') ?? 'MD5').toUpperCase();
    if (algorithm !== 'MD5') continue;
    const realm = param(v, 'realm');
    const nonce = param(v, 'nonce');
    if (realm === undefined || nonce === undefined) continue;
    const opaque = param(v, 'opaque');
    return opaque === undefined ? { realm, nonce } : { realm, nonce, opaque };
  }
  return undefined;
}

/** One user's digest state: HA1 computed once, the current nonce and its count. */
export class DigestClient {
  private readonly ha1: string;
  private challenge: Challenge | undefined;
  private nc = 0;
  private readonly cnonce = randomBytes(6).toString('hex');

  constructor(
    readonly username: string,
    realm: string,
    password: string,
  ) {
    this.ha1 = md5(`${username}:${realm}:${password}`);
  }

  /** Remembers a new challenge (its nonce count starts again at 1). False if none was MD5. */
  learn(values: readonly string[]): boolean {
    const c = pickMd5Challenge(values);
    if (!c) return false;
    this.challenge = c;
    this.nc = 0;
    return true;
  }

  /** Whether a nonce is known (requests can carry credentials before being challenged). */
  get ready(): boolean {
    return this.challenge !== undefined;
  }

  /** The credentials value for `method` to `uri` with the next nonce count (RFC 7616 §3.4). */
  answer(method: string, uri: string): string {
    const c = this.challenge;
    if (!c) throw new Error('no challenge yet');
    const nc = (++this.nc).toString(16).padStart(8, '0');
    const ha2 = md5(`${method}:${uri}`);
    const response = md5(`${this.ha1}:${c.nonce}:${nc}:${this.cnonce}:auth:${ha2}`);
    const opaque = c.opaque === undefined ? '' : `, opaque="${c.opaque}"`;
    return (
      `Digest username="${this.username}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", ` +
      `response="${response}", algorithm=MD5, cnonce="${this.cnonce}", qop=auth, nc=${nc}${opaque}`
    );
  }
}
