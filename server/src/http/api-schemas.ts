/**
 * JSON Schemas of the accounts, sessions, directory and config routes (common/api-types.ts), and the
 * shapes every route shares (the error body, "no content"). Response schemas also decide what is
 * serialised: a field missing here never reaches the client, so keep them in step with the types.
 */
import type { JsonSchema } from './api-route.js';

/** `{ "error": { "code", "message" } }` (`ApiErrorBody`), added to every route's 4xx/5xx. */
export const API_ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/** A 204 response. */
export const NO_CONTENT = { description: 'No content', type: 'null' } as const;

/** Any JSON object (the OpenAPI document itself). */
export const OPENAPI_DOCUMENT_SCHEMA = { type: 'object', additionalProperties: true } as const;

/** A path parameter that is one non-empty segment. */
export const segment = (description: string): JsonSchema =>
  ({ type: 'string', minLength: 1, maxLength: 256, description }) as const;

export const USERNAME_PARAMS = {
  type: 'object',
  required: ['username'],
  properties: { username: segment('A username (case-insensitive).') },
} as const;

export const SERVICE_CONFIG_SCHEMA = {
  type: 'object',
  required: ['domain', 'sipUrl', 'iceServers'],
  properties: {
    domain: { type: 'string' },
    sipUrl: { type: 'string' },
    sipListeners: { type: 'array', items: { type: 'string' } },
    recording: { type: 'string', enum: ['allowed', 'off'] },
    iceServers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['urls'],
        properties: {
          urls: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          username: { type: 'string' },
          credential: { type: 'string' },
        },
      },
    },
  },
} as const;

export const AVAILABILITY_QUERY = {
  type: 'object',
  properties: { username: { type: 'string', maxLength: 256 } },
} as const;

export const USERNAME_AVAILABILITY_SCHEMA = {
  type: 'object',
  required: ['username', 'available'],
  properties: {
    username: { type: 'string' },
    available: { type: 'boolean' },
    code: { type: 'string' },
    reason: { type: 'string' },
  },
} as const;

/**
 * Types only: the accounts room gives the specific codes (`username_missing`, `password_too_short`, ...)
 * for missing or ill-sized fields (server/src/accounts/sign-up-rules.ts).
 */
export const CREATE_ACCOUNT_BODY = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    password: { type: 'string' },
    displayName: { type: 'string' },
    email: { type: 'string' },
  },
} as const;

export const CREATE_ACCOUNT_RESPONSE = {
  type: 'object',
  required: ['username', 'aor'],
  properties: { username: { type: 'string' }, aor: { type: 'string' } },
} as const;

/** Sign-in: anything else than two strings is `invalid_credentials` (401), like a wrong password. */
export const CREATE_SESSION_BODY = {
  type: 'object',
  properties: { username: { type: 'string' }, password: { type: 'string' } },
} as const;

export const ACCOUNT_PROFILE_SCHEMA = {
  type: 'object',
  required: ['username', 'displayName', 'email', 'aor'],
  properties: {
    username: { type: 'string' },
    displayName: { type: 'string' },
    email: { type: 'string' },
    aor: { type: 'string' },
  },
} as const;

export const SESSION_RESPONSE = {
  type: 'object',
  required: ['token', 'account'],
  properties: { token: { type: 'string' }, account: ACCOUNT_PROFILE_SCHEMA },
} as const;

/** PUT /api/me/password (the lengths are the sign-up rules, checked by the accounts room). */
export const CHANGE_PASSWORD_BODY = {
  type: 'object',
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
  properties: {
    currentPassword: { type: 'string', maxLength: 1024 },
    newPassword: { type: 'string' },
  },
} as const;

export const USER_STATUS_SCHEMA = {
  type: 'object',
  required: ['availability', 'note'],
  properties: {
    availability: { type: 'string', enum: ['available', 'away', 'busy', 'dnd'] },
    note: { type: 'string' },
  },
} as const;

export const DIRECTORY_ENTRY_SCHEMA = {
  type: 'object',
  required: ['username', 'displayName', 'aor', 'presence', 'isContact'],
  properties: {
    username: { type: 'string' },
    displayName: { type: 'string' },
    aor: { type: 'string' },
    presence: { type: 'string', enum: ['online', 'ringing', 'on-call', 'offline'] },
    status: USER_STATUS_SCHEMA,
    isContact: { type: 'boolean' },
  },
} as const;

export const DIRECTORY_QUERY = {
  type: 'object',
  properties: { q: { type: 'string', maxLength: 256 } },
} as const;

export const DIRECTORY_RESPONSE = {
  type: 'object',
  required: ['users'],
  properties: { users: { type: 'array', items: DIRECTORY_ENTRY_SCHEMA } },
} as const;

export const CONTACTS_RESPONSE = {
  type: 'object',
  required: ['contacts'],
  properties: { contacts: { type: 'array', items: DIRECTORY_ENTRY_SCHEMA } },
} as const;

/** `?token=` for clients that cannot set headers (EventSource, `<audio src>`). */
export const TOKEN_QUERY = {
  type: 'object',
  properties: { token: { type: 'string', maxLength: 256 } },
} as const;

/** Server-Sent Events (WHATWG HTML §9.2); not JSON. */
export const EVENT_STREAM_RESPONSE = {
  type: 'string',
  contentMediaType: 'text/event-stream',
  description: '`event: presence` (PresenceEvent), `event: voicemail`, ... as Server-Sent Events.',
} as const;
