/**
 * The PSTN gateway's HTTP API (issue 11), shared by the service and the client:
 * - `GET /api/pstn/config` → `PstnAvailability`;
 * - `GET /api/pstn/quote?number=…` → `PstnQuoteResponse` (a number that is not a phone number: 400
 *   `invalid_number`; no gateway configured: 404 `pstn_unavailable`);
 * - `GET /api/pstn/calls/:callId` → `PstnCallResponse`, the signed-in user's own calls only (404
 *   `call_not_found` otherwise).
 * Amounts are decimal strings ("0.04"), never floating-point numbers.
 */

export interface PstnAvailability {
  readonly available: boolean;
  /** ISO 3166-1 alpha-2 country of national numbers ("020 …"), when available. */
  readonly homeCountry?: string;
}

/** Stable refusal codes (server/src/gateway/gateway-policy.ts `PstnRefusalCode`). */
export type PstnRefusal =
  | 'invalid_number'
  | 'pstn_not_permitted'
  | 'premium_blocked'
  | 'destination_blocked'
  | 'unrated_destination'
  | 'daily_limit_reached'
  | 'too_many_calls'
  | 'no_trunk';

export interface PstnQuoteResponse {
  readonly e164: string;
  /** From the rates file, e.g. "United Kingdom – London". */
  readonly destination: string;
  readonly ratePerMinute: string;
  readonly currency: string;
  readonly connectFee: string;
  readonly incrementSeconds: number;
  readonly allowed: boolean;
  /** Why not, for people ("Premium-rate numbers are blocked"). */
  readonly reason?: string;
  readonly code?: PstnRefusal;
}

/** A call detail record as its caller sees it. Times are ISO 8601. */
export interface PstnCallResponse {
  readonly callId: string;
  readonly e164: string;
  readonly destination: string;
  readonly trunk?: string;
  readonly startedAt: string;
  readonly answeredAt?: string;
  readonly endedAt: string;
  /** Talk time, answer to end, in whole seconds (rounded up). */
  readonly durationSeconds: number;
  readonly billedSeconds: number;
  readonly cost: string;
  readonly currency: string;
  /** "normal", "busy", "no_answer", "failed", "cancelled", "max_duration". */
  readonly cause: string;
}
