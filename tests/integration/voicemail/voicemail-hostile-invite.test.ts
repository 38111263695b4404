/**
 * The voicemail agent runs inside the service process: whatever a caller writes in the headers it
 * reads to find the mailbox (History-Info, Diversion, To) must end in a SIP answer, never in an
 * exception that escapes the agent (an unhandled rejection stops the whole service in Node 20).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';
import { buildRequest, digestAnswer, RawSipClient } from '../../support/sip/raw-sip-client.js';

const DOMAIN = 'parley.test';

describe('voicemail agent and hostile INVITE headers', () => {
  let service: TestService;
  let alice: TestAccount;
  let client: RawSipClient;

  beforeAll(async () => {
    service = await startTestService({ domain: DOMAIN, voicemail: true });
    alice = await service.createAccount('alice');
    client = await RawSipClient.connect(service.sipUrl);
  });
  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  /** INVITE sip:voicemail@DOMAIN with extra headers, through the proxy's digest challenge. */
  async function inviteVoicemail(headers: readonly string[]): Promise<number> {
    const ruri = `sip:voicemail@${DOMAIN}`;
    const callId = `hostile-${Math.random().toString(36).slice(2)}`;
    const invite = (auth?: string): string =>
      buildRequest({
        method: 'INVITE',
        ruri,
        from: `sip:alice@${DOMAIN}`,
        to: ruri,
        callId,
        viaHost: client.viaHost,
        headers: [
          `Contact: <sip:${client.contactUser}@${client.viaHost};transport=ws>`,
          ...headers,
          ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
        ],
      });
    const challenge = (await client.request(invite())).headers('Proxy-Authenticate')[1]!;
    const auth = digestAnswer(challenge, {
      username: 'alice',
      password: alice.password,
      method: 'INVITE',
      uri: ruri,
    });
    return (await client.request(invite(auth))).status;
  }

  it('answers 404 (no mailbox) to a Diversion, History-Info or To naming a user with a broken escape', async () => {
    // `%25ff` is a valid SIP escape whose decoded user (`%ff`) is no valid URI escape any more.
    expect(await inviteVoicemail([`Diversion: <sip:%25ff@${DOMAIN}>;reason=no-answer`])).toBe(404);
    expect(await inviteVoicemail([`History-Info: <sip:%25ff@${DOMAIN}>;index=1`])).toBe(404);
    // The service still serves everyone.
    expect((await fetch(`${service.baseUrl}/api/config`)).status).toBe(200);
  });
});
