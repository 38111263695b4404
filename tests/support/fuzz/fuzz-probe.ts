/**
 * The health check between fuzz batches, over its own WebSocket: OPTIONS to the service → 200, and a
 * REGISTER with a valid digest answer (RFC 3261 §22.4) → 200, then its removal (Expires: 0) → 200. The
 * probe leaves no binding behind, so the binding table is back to its start after the run.
 */
import { randomBytes } from 'node:crypto';
import { RawSipClient, buildRequest, digestAnswer } from '../sip/raw-sip-client.js';

export class FuzzProbe {
  private cseq = 1;
  private readonly callId = `probe-${randomBytes(6).toString('hex')}`;

  private constructor(
    private readonly client: RawSipClient,
    private readonly domain: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  static async open(wsUrl: string, domain: string, username: string, password: string): Promise<FuzzProbe> {
    return new FuzzProbe(await RawSipClient.connect(wsUrl), domain, username, password);
  }

  /** Throws with what went wrong when the service does not answer as it should. */
  async check(): Promise<void> {
    const c = this.client;
    const opt = await c.request(
      buildRequest({
        method: 'OPTIONS',
        ruri: `sip:${this.domain}`,
        from: `sip:${this.username}@${this.domain}`,
        to: `sip:${this.domain}`,
        viaHost: c.viaHost,
      }),
    );
    if (opt.status !== 200) throw new Error(`probe OPTIONS: ${opt.status}`);
    for (const expires of [600, 0]) {
      const status = await this.register(expires);
      if (status !== 200) throw new Error(`probe REGISTER (Expires ${expires}): ${status}`);
    }
  }

  private async register(expires: number): Promise<number> {
    const c = this.client;
    const aor = `sip:${this.username}@${this.domain}`;
    const build = (auth?: string): string =>
      buildRequest({
        method: 'REGISTER',
        ruri: `sip:${this.domain}`,
        from: aor,
        to: aor,
        callId: this.callId,
        cseq: this.cseq++,
        viaHost: c.viaHost,
        headers: [
          `Contact: <sip:${this.username}@${c.viaHost};transport=ws>`,
          `Expires: ${expires}`,
          ...(auth ? [`Authorization: ${auth}`] : []),
        ],
      });
    const challenge = await c.request(build());
    const value = challenge.header('WWW-Authenticate');
    if (challenge.status !== 401 || !value) return challenge.status;
    const auth = digestAnswer(value, {
      username: this.username,
      password: this.password,
      method: 'REGISTER',
      uri: `sip:${this.domain}`,
    });
    return (await c.request(build(auth))).status;
  }

  close(): void {
    this.client.close();
  }
}
