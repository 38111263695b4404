/**
 * The service as its own process for crash tests (`kill -9`): the configuration from the environment
 * like `npm run service`, with the per-sender MESSAGE rate limit lifted so a burst is not throttled.
 * Prints the same `"tnx":"ready","url":…` line as server/src/main.ts.
 */
import { createJsonLogger } from '../../../common/logger.js';
import { startService } from '../../../server/src/service.js';
import { configOrExit } from '../../../server/src/start-up.js';

const config = configOrExit();
const logger = createJsonLogger(config.logLevel);
const service = await startService(config, logger, {
  messagingRateLimit: { burst: 1_000_000, perSecond: 1_000_000 },
});
logger.info({ tnx: 'ready', url: service.url, sipUrl: service.sipUrl }, 'ready');
