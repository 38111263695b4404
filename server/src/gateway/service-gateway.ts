/**
 * The gateway as the service starts it: from `PARLEY_GATEWAY_FILE` and `PARLEY_RATES_FILE`, over the
 * service's store. No file = no gateway (`undefined`): phone numbers are then not routed and the quote
 * API answers 404 `pstn_unavailable`. A file that cannot be used closes the store and fails start-up
 * with its one line (`gateway file: trunks[0].port must be 1-65535`).
 */
import type { Logger } from '../../../common/logger.js';
import type { ParleyConfig } from '../config.js';
import type { Store } from '../store/store.js';
import { createGatewayPolicy, type Gateway } from './create-gateway-policy.js';

export type { Gateway } from './create-gateway-policy.js';

export async function createServiceGateway(
  config: Pick<ParleyConfig, 'gatewayFile' | 'ratesFile'>,
  store: Store,
  logger: Logger,
): Promise<Gateway | undefined> {
  if (config.gatewayFile === undefined) return undefined;
  try {
    return createGatewayPolicy({
      gatewayFile: config.gatewayFile,
      ratesFile: config.ratesFile,
      pstn: store.pstn,
      logger: logger.child({ room: 'gateway' }),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
}
