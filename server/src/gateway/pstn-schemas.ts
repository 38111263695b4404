/**
 * JSON Schemas of the PSTN gateway's HTTP API (common/pstn-types.ts), for validation, serialisation and
 * the OpenAPI document.
 */
export const PSTN_AVAILABILITY_SCHEMA = {
  type: 'object',
  required: ['available'],
  properties: { available: { type: 'boolean' }, homeCountry: { type: 'string' } },
} as const;

export const PSTN_QUOTE_QUERY = {
  type: 'object',
  properties: { number: { type: 'string', maxLength: 64, description: 'The number as dialled.' } },
} as const;

export const PSTN_QUOTE_SCHEMA = {
  type: 'object',
  required: ['e164', 'destination', 'ratePerMinute', 'currency', 'connectFee', 'incrementSeconds', 'allowed'],
  properties: {
    e164: { type: 'string' },
    destination: { type: 'string' },
    ratePerMinute: { type: 'string' },
    currency: { type: 'string' },
    connectFee: { type: 'string' },
    incrementSeconds: { type: 'integer' },
    allowed: { type: 'boolean' },
    reason: { type: 'string' },
    code: { type: 'string' },
  },
} as const;

export const PSTN_CALL_PARAMS = {
  type: 'object',
  required: ['callId'],
  properties: { callId: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

export const PSTN_CALL_SCHEMA = {
  type: 'object',
  required: [
    'callId',
    'e164',
    'destination',
    'startedAt',
    'endedAt',
    'durationSeconds',
    'billedSeconds',
    'cost',
    'currency',
    'cause',
  ],
  properties: {
    callId: { type: 'string' },
    e164: { type: 'string' },
    destination: { type: 'string' },
    trunk: { type: 'string' },
    startedAt: { type: 'string' },
    answeredAt: { type: 'string' },
    endedAt: { type: 'string' },
    durationSeconds: { type: 'integer' },
    billedSeconds: { type: 'integer' },
    cost: { type: 'string' },
    currency: { type: 'string' },
    cause: { type: 'string' },
  },
} as const;
