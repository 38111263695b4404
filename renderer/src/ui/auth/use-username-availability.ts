import { useEffect, useState } from 'react';
import { checkUsername } from '../../../../common/username-rules.js';
import type { ApiClient } from '../../app/api-client.js';
import { errorMessage, translateErrorCode } from '../../app/api-error.js';
import { t } from '../../i18n/i18n.js';

export type Availability =
  | { readonly status: 'empty' }
  | { readonly status: 'checking' }
  | { readonly status: 'available'; readonly username: string }
  | { readonly status: 'unavailable'; readonly reason: string }
  | { readonly status: 'error'; readonly reason: string };

export const AVAILABILITY_DEBOUNCE_MS = 300;

/**
 * Live availability while typing: the shape is checked at once (shared rules), then the service is asked
 * after a short pause. Only the answer for the latest text is kept.
 */
export function useUsernameAvailability(api: ApiClient, input: string): Availability {
  const [result, setResult] = useState<{ input: string; availability: Availability } | undefined>(undefined);
  const local = input.trim() === '' ? undefined : checkUsername(input);

  useEffect(() => {
    if (!local?.ok) return;
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const answer = await api.checkAvailability(local.username, abort.signal);
        const availability: Availability = answer.available
          ? { status: 'available', username: answer.username }
          : {
              status: 'unavailable',
              reason: withNextStep(
                (answer.code !== undefined ? translateErrorCode(answer.code) : undefined) ??
                  answer.reason ??
                  t('error.username_taken'),
              ),
            };
        if (!abort.signal.aborted) setResult({ input, availability });
      } catch (error) {
        if (!abort.signal.aborted)
          setResult({ input, availability: { status: 'error', reason: errorMessage(error) } });
      }
    }, AVAILABILITY_DEBOUNCE_MS);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
    // local is derived from input; depending on input keeps the effect simple.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, input]);

  if (!local) return { status: 'empty' };
  if (!local.ok) return { status: 'unavailable', reason: translateErrorCode(local.code) ?? local.reason };
  if (result?.input === input) return result.availability;
  return { status: 'checking' };
}

/** Words that already say what to do next, in every catalogue language. */
const NEXT_STEP_WORDS =
  /\btry\b|\buse\b|\bchoose\b|\bstart\b|\bwählen\b|\bverwenden\b|\bbeginnen\b|\belige\b|\busa\b|\bempieza\b|\binténtalo\b/i;

/** The service says why a name is unavailable; make sure the user also reads what to do. */
export function withNextStep(reason: string): string {
  return NEXT_STEP_WORDS.test(reason)
    ? reason
    : t('auth.tryAnother', { reason: reason.replace(/\.?\s*$/, '.') });
}
