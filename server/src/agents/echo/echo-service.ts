/**
 * The echo agent in the service, in one call: create (or refresh) the reserved `echo` account with a
 * fresh random password only this process knows, then register the agent over the service's own SIP
 * WebSocket. A failure is logged and the service runs on without the echo test.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../../common/logger.js';
import type { AccountService } from '../../accounts/account-service.js';
import { ECHO_USER, startEchoAgent, type EchoAgent, type EchoAgentOptions } from './echo-agent.js';

export interface EchoServiceOptions {
  readonly sipUrl: string;
  readonly domain: string;
  readonly accounts: AccountService;
  readonly logger: Logger;
  readonly loopbackOnly: boolean;
  readonly iceServers?: EchoAgentOptions['iceServers'];
}

export async function startEchoService(options: EchoServiceOptions): Promise<{ stop(): Promise<void> }> {
  let agent: EchoAgent | undefined;
  try {
    const password = randomBytes(24).toString('base64url');
    await options.accounts.ensureAgentAccount(ECHO_USER, password, 'Echo test');
    agent = await startEchoAgent({
      sipUrl: options.sipUrl,
      domain: options.domain,
      password,
      logger: options.logger,
      loopbackOnly: options.loopbackOnly,
      ...(options.iceServers ? { iceServers: options.iceServers } : {}),
    });
  } catch (error) {
    options.logger.error({ tnx: 'echo-agent-start', err: String(error) }, 'echo agent did not start');
  }
  return {
    async stop() {
      await agent?.stop().catch((error: unknown) => {
        options.logger.warn({ tnx: 'echo-agent-stop', err: String(error) }, 'echo agent stop failed');
      });
    },
  };
}
