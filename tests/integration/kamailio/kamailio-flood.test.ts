/**
 * Anti-flood: a Kamailio with a low pike threshold (5 requests per 2 s per source IP) answers the
 * request that trips it with 503 + Retry-After, then drops everything from that IP while it is banned.
 * Its own instance: the ban covers 127.0.0.1, i.e. every test client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startParleyWithKamailio,
  type ParleyWithKamailio,
} from '../../support/kamailio/parley-with-kamailio.js';
import { buildRequest, openRawSipSocket, type RawResponse } from '../../support/kamailio/raw-sip-socket.js';

describe('Kamailio anti-flood (pike)', () => {
  let deployment: ParleyWithKamailio;

  beforeAll(async () => {
    deployment = await startParleyWithKamailio({ pikeDensity: 5, banSeconds: 30 });
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  it('answers 503 once when a source floods, then drops its requests', async () => {
    const socket = await openRawSipSocket(deployment.sipUrl);
    const options = (): { text: string; callId: string } =>
      buildRequest({
        method: 'OPTIONS',
        requestUri: `sip:${deployment.domain}`,
        from: `sip:flooder@${deployment.domain}`,
        to: `sip:${deployment.domain}`,
      });

    const sent = Array.from({ length: 100 }, options);
    for (const request of sent) socket.send(request.text);

    // Replies come in order on one connection: read until the 503 (or until the replies stop).
    let response: RawResponse | null;
    do {
      response = await socket.nextResponse(undefined, 3000);
    } while (response !== null && response.status !== 503);
    expect(response?.status, deployment.kamailio.readLog().slice(-2000)).toBe(503);
    expect(response?.text).toMatch(/^Retry-After: 30/m);
    const answered = socket.responses.length;
    expect(answered).toBeLessThan(sent.length);
    expect(socket.responses.slice(0, -1).every((r) => r.status === 200)).toBe(true);

    // Banned: a new request from the same address gets no answer at all.
    const probe = options();
    socket.send(probe.text);
    expect(await socket.nextResponse(probe.callId, 1000)).toBeNull();
    expect(socket.responses.length).toBe(answered);
    socket.close();
  });
});
