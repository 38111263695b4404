/** Checks a draft before sending: the same limit the service enforces with 413 (common/messaging-types.ts). */
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
  if (body.trim() === '') return { ok: false, length, code: 'empty', message: 'Type a message first.' };
  if (length > MAX_MESSAGE_CHARS) {
    return {
      ok: false,
      length,
      code: 'too-long',
      message: `Messages can be at most ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters (this one has ${length.toLocaleString('en')}).`,
    };
  }
  return { ok: true, length };
}
