/**
 * The PSTN gateway's API as the client uses it (common/pstn-types.ts): the price of a number before
 * dialing, and a finished phone call's length and cost. No React here; the UI wraps it in hooks.
 */
import { formatRate } from '../i18n/format.js';
import { t, type MessageId } from '../i18n/i18n.js';
import type { PstnAvailability, PstnCallResponse, PstnQuoteResponse } from '../../../common/pstn-types.js';
import { networkError, readResponseJson, toApiError } from './api-error.js';

export type QuoteResult =
  | { readonly kind: 'quote'; readonly quote: PstnQuoteResponse }
  /** Not (yet) a complete phone number. */
  | { readonly kind: 'invalid' }
  /** The service has no gateway. */
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'error'; readonly message: string };

export interface PstnClient {
  availability(): Promise<PstnAvailability>;
  quote(number: string, signal?: AbortSignal): Promise<QuoteResult>;
  /** The CDR of one of our phone calls by its SIP Call-ID; undefined while it is not written yet. */
  callRecord(sipCallId: string, signal?: AbortSignal): Promise<PstnCallResponse | undefined>;
}

export interface PstnClientOptions {
  readonly baseUrl?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly getToken: () => string | undefined;
}

export function createPstnClient(options: PstnClientOptions): PstnClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function get(path: string, signal?: AbortSignal): Promise<{ status: number; body: unknown }> {
    const token = options.getToken();
    const response = await doFetch(baseUrl + path, {
      headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(signal ? { signal } : {}),
    });
    return { status: response.status, body: await readResponseJson(response) };
  }

  return {
    async availability() {
      try {
        const { status, body } = await get('/api/pstn/config');
        return status === 200 ? (body as PstnAvailability) : { available: false };
      } catch {
        return { available: false };
      }
    },
    async quote(number, signal) {
      let reply: { status: number; body: unknown };
      try {
        reply = await get(`/api/pstn/quote?number=${encodeURIComponent(number)}`, signal);
      } catch (cause) {
        if (signal?.aborted) throw cause;
        return { kind: 'error', message: networkError(cause).message };
      }
      if (reply.status === 200) return { kind: 'quote', quote: reply.body as PstnQuoteResponse };
      const error = toApiError(reply.status, reply.body);
      if (error.code === 'invalid_number') return { kind: 'invalid' };
      if (error.code === 'pstn_unavailable') return { kind: 'unavailable' };
      return { kind: 'error', message: error.message };
    },
    async callRecord(sipCallId, signal) {
      const { status, body } = await get(`/api/pstn/calls/${encodeURIComponent(sipCallId)}`, signal);
      if (status === 404) return undefined;
      if (status !== 200) throw toApiError(status, body);
      return body as PstnCallResponse;
    },
  };
}

/** "Charges may apply: United Kingdom – London, €0.02/min" (the price in the locale's format). */
export function chargesText(quote: PstnQuoteResponse): string {
  return t('pstn.charges', {
    destination: quote.destination,
    rate: formatRate(quote.ratePerMinute, quote.currency),
  });
}

/** Refusals the catalogues word themselves; the others carry numbers only the service's sentence has. */
const REFUSAL_ID: Partial<Record<NonNullable<PstnQuoteResponse['code']>, MessageId>> = {
  invalid_number: 'pstn.refusal.invalid_number',
  pstn_not_permitted: 'pstn.refusal.pstn_not_permitted',
  premium_blocked: 'pstn.refusal.premium_blocked',
  destination_blocked: 'pstn.refusal.destination_blocked',
  unrated_destination: 'pstn.refusal.unrated_destination',
  no_trunk: 'pstn.refusal.no_trunk',
};

/**
 * Why a number cannot be called, in the user's language: translated by the refusal's stable code, else
 * the service's own sentence, else a general one.
 */
export function refusalText(quote: PstnQuoteResponse): string {
  const id = quote.code !== undefined ? REFUSAL_ID[quote.code] : undefined;
  const needsPlace = quote.code === 'destination_blocked' && !quote.destination;
  if (id && !needsPlace) return t(id, { destination: quote.destination });
  return quote.reason ?? t('dial.cannotCallNumber');
}
