/**
 * JSON Schemas of the history API (common/messaging-types.ts; routes in ./http-handlers.ts), keyed by
 * `"METHOD pattern"`, for validation, serialisation and the OpenAPI document. The handlers still check
 * the peer and the numbers themselves (`bad_peer`, `bad_query`): they also serve callers without HTTP.
 */
import type { RouteSchema } from '../http/api-route.js';

const PEER_PARAMS = {
  type: 'object',
  required: ['peer'],
  properties: { peer: { type: 'string', minLength: 1, maxLength: 256, description: 'The other username.' } },
} as const;

const DELIVERY_FAILURE_SCHEMA = {
  type: 'object',
  required: ['status', 'reason'],
  properties: { status: { type: 'integer' }, reason: { type: 'string' } },
} as const;

export const CHAT_MESSAGE_SCHEMA = {
  type: 'object',
  required: ['id', 'seq', 'from', 'to', 'body', 'createdAt', 'state'],
  properties: {
    id: { type: 'string' },
    seq: { type: 'integer' },
    from: { type: 'string' },
    to: { type: 'string' },
    body: { type: 'string' },
    createdAt: { type: 'number' },
    state: { type: 'string', enum: ['sent', 'delivered', 'read', 'failed'] },
    failure: DELIVERY_FAILURE_SCHEMA,
  },
} as const;

export const CONVERSATIONS_RESPONSE = {
  type: 'object',
  required: ['conversations', 'totalUnread'],
  properties: {
    conversations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['peer', 'lastMessage', 'unread'],
        properties: {
          peer: { type: 'string' },
          lastMessage: CHAT_MESSAGE_SCHEMA,
          unread: { type: 'integer' },
        },
      },
    },
    totalUnread: { type: 'integer' },
  },
} as const;

export const MESSAGES_QUERY = {
  type: 'object',
  properties: {
    before: { type: 'string', maxLength: 15, description: 'Messages with a lower `seq` than this.' },
    limit: { type: 'string', maxLength: 15, description: 'At most this many messages.' },
  },
} as const;

export const MESSAGES_PAGE_RESPONSE = {
  type: 'object',
  required: ['messages', 'hasMore'],
  properties: { messages: { type: 'array', items: CHAT_MESSAGE_SCHEMA }, hasMore: { type: 'boolean' } },
} as const;

export const MARK_READ_RESPONSE = {
  type: 'object',
  required: ['marked'],
  properties: { marked: { type: 'integer' } },
} as const;

export const MESSAGING_ROUTE_SCHEMAS: Readonly<Record<string, RouteSchema>> = {
  'GET /api/conversations': { response: { 200: CONVERSATIONS_RESPONSE } },
  'GET /api/conversations/:peer/messages': {
    params: PEER_PARAMS,
    querystring: MESSAGES_QUERY,
    response: { 200: MESSAGES_PAGE_RESPONSE },
  },
  'POST /api/conversations/:peer/read': { params: PEER_PARAMS, response: { 200: MARK_READ_RESPONSE } },
};
