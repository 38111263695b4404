/**
 * The PSTN gateway's HTTP API (common/pstn-types.ts): availability, a quote before dialing, and the
 * caller's own call detail records after the call. Every route needs a signed-in user except the
 * availability, which says only whether phone calls exist and the home country.
 */
import type { PstnAvailability, PstnCallResponse, PstnQuoteResponse } from '../../../common/pstn-types.js';
import type { AccountService } from '../accounts/account-service.js';
import { authenticate } from '../http/authenticate.js';
import type { ApiRoutes } from '../http/api-route.js';
import { HttpError, invalidAs } from '../http/http-error.js';
import type { PstnCallRecord } from '../store/pstn-repository.js';
import type { Gateway } from './create-gateway-policy.js';
import { formatMoney } from './money.js';
import {
  PSTN_AVAILABILITY_SCHEMA,
  PSTN_CALL_PARAMS,
  PSTN_CALL_SCHEMA,
  PSTN_QUOTE_QUERY,
  PSTN_QUOTE_SCHEMA,
} from './pstn-schemas.js';

export interface PstnRouteDependencies {
  readonly accounts: AccountService;
  /** Undefined when `PARLEY_GATEWAY_FILE` is not set. */
  readonly gateway: Gateway | undefined;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toCallResponse(r: PstnCallRecord): PstnCallResponse {
  return {
    callId: r.callId,
    e164: r.e164,
    destination: r.destination,
    ...(r.trunk === null ? {} : { trunk: r.trunk }),
    startedAt: iso(r.startedAt),
    ...(r.answeredAt === null ? {} : { answeredAt: iso(r.answeredAt) }),
    endedAt: iso(r.endedAt),
    durationSeconds: r.answeredAt === null ? 0 : Math.ceil((r.endedAt - r.answeredAt) / 1000),
    billedSeconds: r.billedSeconds,
    cost: formatMoney(r.costMicros),
    currency: r.currency,
    cause: r.cause,
  };
}

export function addPstnRoutes(routes: ApiRoutes, deps: PstnRouteDependencies): void {
  const { accounts, gateway } = deps;
  const requireGateway = (): NonNullable<typeof gateway> => {
    if (!gateway) throw new HttpError(404, 'pstn_unavailable', 'Phone calls are not set up on this service.');
    return gateway;
  };

  routes.add({
    method: 'GET',
    url: '/api/pstn/config',
    schema: { response: { 200: PSTN_AVAILABILITY_SCHEMA } },
    handler: () => {
      const body: PstnAvailability = gateway
        ? { available: true, homeCountry: gateway.config().homeCountry }
        : { available: false };
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/pstn/quote',
    schema: { querystring: PSTN_QUOTE_QUERY, response: { 200: PSTN_QUOTE_SCHEMA } },
    onInvalid: () => invalidAs('invalid_number')('That is not a phone number.'),
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const gw = requireGateway();
      const number = ctx.url.searchParams.get('number') ?? '';
      const quote = await gw.quote(caller.username, number);
      if (!('e164' in quote)) throw new HttpError(400, quote.code, `${quote.reason}.`);
      const body: PstnQuoteResponse = {
        e164: quote.e164,
        destination: quote.destination,
        ratePerMinute: quote.ratePerMinute,
        currency: quote.currency,
        connectFee: quote.connectFee,
        incrementSeconds: quote.incrementSeconds,
        allowed: quote.allowed,
        ...(quote.code === undefined ? {} : { code: quote.code }),
        ...(quote.reason === undefined ? {} : { reason: quote.reason }),
      };
      return { status: 200, body, headers: { 'cache-control': 'no-store' } };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/pstn/calls/:callId',
    schema: { params: PSTN_CALL_PARAMS, response: { 200: PSTN_CALL_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const record = await requireGateway().callRecord(caller.username, ctx.params['callId'] ?? '');
      if (!record) throw new HttpError(404, 'call_not_found', 'No such phone call.');
      return { status: 200, body: toCallResponse(record) };
    },
  });
}

/** What a phone call cost, for its call history entry (`CallCostLookup`); none when the gateway has no record. */
export function phoneCallCost(
  record: PstnCallRecord | undefined,
): { cost: string; currency: string } | undefined {
  return record ? { cost: formatMoney(record.costMicros), currency: record.currency } : undefined;
}
