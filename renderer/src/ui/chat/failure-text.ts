/** Why a message was not sent, by its stable reason (the client's English words are not shown). */
import type { MessageId } from '../../i18n/i18n.js';
import type { SendFailureReason } from '../../messaging/messaging-snapshot.js';

const FAILURE_ID: Readonly<Record<SendFailureReason, MessageId>> = {
  'too-long': 'chat.failure.tooLong',
  'not-found': 'chat.failure.notFound',
  'rate-limited': 'chat.failure.rateLimited',
  timeout: 'chat.failure.timeout',
  network: 'chat.failure.network',
  rejected: 'chat.failure.rejected',
  undeliverable: 'chat.failure.undeliverable',
};

export function failureId(reason: SendFailureReason): MessageId {
  return FAILURE_ID[reason];
}
