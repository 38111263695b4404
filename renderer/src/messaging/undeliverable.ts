/**
 * The failure a message shows when the service gave up delivering it: the recipient's device refused
 * it for good (e.g. 415, 488, 606) or kept failing after every retry. From a `failed` receipt or from
 * the history API; the message gets Retry like any failed send.
 */
import type { DeliveryFailureDto } from '../../../common/messaging-types.js';
import type { ClientMessage } from './messaging-snapshot.js';

export function undeliverableFailure(
  peer: string,
  failure: DeliveryFailureDto | undefined,
): NonNullable<ClientMessage['failure']> {
  const status = failure && failure.status > 0 ? `${failure.status}` : '';
  const detail = [status, failure?.reason ?? ''].filter(Boolean).join(' ');
  return {
    reason: 'undeliverable',
    message: `${peer}'s device could not take it${detail ? ` (${detail})` : ''}.`,
  };
}
