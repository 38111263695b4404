/**
 * The deployment under test: the real Parley service (accounts through its sign-up API, which writes
 * Kamailio's `subscriber` rows into `parley.db`) and a real Kamailio reading that same SQLite file.
 * Clients talk SIP to Kamailio only (`sipUrl`), HTTP to the service only.
 */
import path from 'node:path';
import { startTestService, type TestService } from '../service/test-service.js';
import { startKamailio, type RunningKamailio, type StartKamailioOptions } from './start-kamailio.js';

export interface ParleyWithKamailio {
  readonly service: TestService;
  readonly kamailio: RunningKamailio;
  /** Kamailio's WebSocket URL: the only thing a client changes to use Kamailio. */
  readonly sipUrl: string;
  readonly domain: string;
  /** Stops Kamailio, then the service (removing its data folder). */
  stop(): Promise<void>;
}

export async function startParleyWithKamailio(
  options: { domain?: string } & Omit<Partial<StartKamailioOptions>, 'dbPath' | 'domain'> = {},
): Promise<ParleyWithKamailio> {
  const { domain = 'parley.test', ...kamailioOptions } = options;
  const service = await startTestService({ domain });
  let kamailio: RunningKamailio;
  try {
    kamailio = await startKamailio({
      ...kamailioOptions,
      dbPath: path.join(service.dataDir, 'parley.db'),
      domain: service.domain,
    });
  } catch (error) {
    await service.stop();
    throw error;
  }
  return {
    service,
    kamailio,
    sipUrl: kamailio.sipUrl,
    domain: service.domain,
    async stop() {
      await kamailio.stop();
      await service.stop();
    },
  };
}
