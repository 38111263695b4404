/**
 * One request from a raw plain-SIP client as an account, answering a 401/407 digest challenge once
 * (the MD5 one: what a plain phone answers), as any phone does.
 */
import type { RawPlainClient } from './raw-plain-client.js';
import { buildRequest, digestAnswer, type RawFrame } from './raw-sip-client.js';

export interface PlainRequestSpec {
  readonly method: string;
  readonly ruri: string;
  readonly to: string;
  readonly callId: string;
  readonly headers: readonly string[];
  readonly body?: string;
}

export async function requestWithDigest(
  c: RawPlainClient,
  who: { readonly username: string; readonly password: string },
  domain: string,
  spec: PlainRequestSpec,
): Promise<RawFrame> {
  const build = (extra: string[]): string =>
    buildRequest({
      method: spec.method,
      ruri: spec.ruri,
      from: `sip:${who.username}@${domain}`,
      to: spec.to,
      callId: spec.callId,
      cseq: c.nextCSeq(),
      viaHost: `${c.viaHost};rport`,
      viaTransport: c.transport,
      headers: [...spec.headers, ...extra],
      ...(spec.body !== undefined ? { body: spec.body } : {}),
    });
  const first = await c.request(build([]));
  if (first.status !== 401 && first.status !== 407) return first;
  const header = first.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  const challenge = first.headers(header).find((v) => /algorithm=MD5\b/i.test(v)) ?? first.header(header)!;
  const answer = digestAnswer(challenge, {
    username: who.username,
    password: who.password,
    method: spec.method,
    uri: spec.ruri,
  });
  return c.request(build([`${first.status === 401 ? 'Authorization' : 'Proxy-Authorization'}: ${answer}`]));
}
