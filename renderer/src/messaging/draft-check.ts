/** Checks a draft before sending: the same limit the service enforces with 413 (common/messaging-types.ts). */
import { t } from '../i18n/i18n.js';
import { MAX_MESSAGE_CHARS, messageLength } from '../../../common/messaging-types.js';

export type DraftCheck =
  | { readonly ok: true; readonly length: number }
  | {
      readonly ok: false;
      readonly length: number;
      readonly code: 'empty' | 'too-long';
      readonly message: string;
    };

export function checkDraft(body: string): DraftCheck {
  const length = messageLength(body);
  if (body.trim() === '') return { ok: false, length, code: 'empty', message: t('chat.typeFirst') };
  if (length > MAX_MESSAGE_CHARS) {
    return {
      ok: false,
      length,
      code: 'too-long',
      message: t('chat.tooLong', { max: MAX_MESSAGE_CHARS, length }),
    };
  }
  return { ok: true, length };
}
