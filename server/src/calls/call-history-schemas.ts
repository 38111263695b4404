/**
 * JSON Schemas of the call history API (common/call-history-types.ts), for its routes' validation,
 * serialisation and the OpenAPI document.
 */
export const CALL_HISTORY_QUERY = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, description: 'Entries per page (default 50).' },
    before: { type: 'string', maxLength: 512, description: 'The `nextCursor` of the previous page.' },
  },
} as const;

export const CALL_ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

export const CALL_HISTORY_SUMMARY_SCHEMA = {
  type: 'object',
  required: ['missedUnseen'],
  properties: { missedUnseen: { type: 'integer' } },
} as const;

export const CALL_HISTORY_ENTRY_SCHEMA = {
  type: 'object',
  required: ['id', 'callId', 'direction', 'outcome', 'peer', 'startedAt'],
  properties: {
    id: { type: 'string' },
    callId: { type: 'string' },
    direction: { type: 'string', enum: ['outgoing', 'incoming', 'missed'] },
    outcome: {
      type: 'string',
      enum: ['answered', 'voicemail', 'declined', 'busy', 'cancelled', 'no-answer', 'failed'],
    },
    peer: {
      type: 'object',
      required: ['uri'],
      properties: { username: { type: 'string' }, uri: { type: 'string' }, displayName: { type: 'string' } },
    },
    startedAt: { type: 'string' },
    answeredAt: { type: 'string' },
    endedAt: { type: 'string' },
    durationSeconds: { type: 'number' },
    device: { type: 'string' },
    answeredBy: { type: 'string' },
    answeredOn: { type: 'string' },
    status: { type: 'integer' },
    cost: {
      type: 'object',
      required: ['amount', 'currency'],
      properties: { amount: { type: 'string' }, currency: { type: 'string' } },
    },
  },
} as const;

export const CALL_HISTORY_PAGE_SCHEMA = {
  type: 'object',
  required: ['missedUnseen', 'entries'],
  properties: {
    missedUnseen: { type: 'integer' },
    entries: { type: 'array', items: CALL_HISTORY_ENTRY_SCHEMA },
    nextCursor: { type: 'string' },
  },
} as const;
