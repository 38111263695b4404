/**
 * A digest REGISTER over a raw WebSocket client (RFC 3261 §10.2, §22.4): the request with the client's
 * own Contact, and the challenge → answer round that most SIP integration tests start with.
 */
import { buildRequest, digestAnswer, type RawSipClient } from './raw-sip-client.js';

/** A REGISTER of `user` binding `c`'s Contact for 600 s, with `auth` as its Authorization when given. */
export function wsRegister(c: RawSipClient, user: string, domain: string, auth?: string): string {
  return buildRequest({
    method: 'REGISTER',
    ruri: `sip:${domain}`,
    from: `sip:${user}@${domain}`,
    to: `sip:${user}@${domain}`,
    callId: `reg-${c.contactUser}`,
    cseq: c.nextCSeq(),
    viaHost: c.viaHost,
    headers: [
      `Contact: <sip:${c.contactUser}@${c.viaHost};transport=ws>`,
      'Expires: 600',
      ...(auth ? [`Authorization: ${auth}`] : []),
    ],
  });
}

/** Registers `user` on `c` with `password` (the MD5 challenge's answer); the final status. */
export async function registerWithDigest(
  c: RawSipClient,
  user: string,
  password: string,
  domain: string,
): Promise<number> {
  const first = await c.request(wsRegister(c, user, domain));
  const challenge = first.headers('WWW-Authenticate').find((h) => h.includes('algorithm=MD5'))!;
  const auth = digestAnswer(challenge, {
    username: user,
    password,
    method: 'REGISTER',
    uri: `sip:${domain}`,
  });
  return (await c.request(wsRegister(c, user, domain, auth))).status;
}
