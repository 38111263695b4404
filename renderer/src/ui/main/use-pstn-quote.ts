/**
 * The price of a phone number while it is typed: asks the service (debounced, the older answer
 * dropped when the entry changed) and says where it stands. Nothing is asked for usernames.
 */
import { useEffect, useState } from 'react';
import { looksLikePhoneNumber } from '../../../../common/phone-number.js';
import type { PstnQuoteResponse } from '../../../../common/pstn-types.js';
import type { QuoteResult } from '../../app/pstn-client.js';
import { useAppStore } from '../shared/store-context.js';

export type QuoteState =
  | { readonly status: 'none' }
  | { readonly status: 'pending' }
  | { readonly status: 'ready'; readonly quote: PstnQuoteResponse }
  | { readonly status: 'invalid' | 'unavailable' }
  | { readonly status: 'error'; readonly message: string };

const DEBOUNCE_MS = 250;

function fromResult(result: QuoteResult): QuoteState {
  switch (result.kind) {
    case 'quote':
      return { status: 'ready', quote: result.quote };
    case 'invalid':
    case 'unavailable':
      return { status: result.kind };
    case 'error':
      return { status: 'error', message: result.message };
  }
}

export function usePstnQuote(entry: string): QuoteState {
  const store = useAppStore();
  const text = entry.trim();
  const phone = looksLikePhoneNumber(text);
  const [answer, setAnswer] = useState<{ text: string; state: QuoteState } | undefined>(undefined);

  useEffect(() => {
    if (!phone) return undefined;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      store.pstn.quote(text, abort.signal).then(
        (result) => setAnswer({ text, state: fromResult(result) }),
        () => undefined, // aborted: a newer entry asks again
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [store, text, phone]);

  if (!phone) return { status: 'none' };
  return answer?.text === text ? answer.state : { status: 'pending' };
}
