/**
 * JSON Schemas of the voicemail API (common/api-types.ts: `VoicemailListResponse`, `UserSettings`), for
 * validation, serialisation and the OpenAPI document.
 */
import { MAX_RING_TIMEOUT_SEC, MIN_RING_TIMEOUT_SEC } from './voicemail-box.js';

export const VOICEMAIL_ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

export const VOICEMAIL_ENTRY_SCHEMA = {
  type: 'object',
  required: ['id', 'caller', 'receivedAt', 'durationMs', 'sizeBytes', 'heard', 'peaks'],
  properties: {
    id: { type: 'string' },
    caller: {
      type: 'object',
      required: ['displayName', 'uri'],
      properties: { username: { type: 'string' }, displayName: { type: 'string' }, uri: { type: 'string' } },
    },
    receivedAt: { type: 'number' },
    durationMs: { type: 'number' },
    sizeBytes: { type: 'integer' },
    heard: { type: 'boolean' },
    peaks: { type: 'array', items: { type: 'number' } },
  },
} as const;

export const VOICEMAIL_LIST_SCHEMA = {
  type: 'object',
  required: ['voicemails', 'newCount'],
  properties: {
    voicemails: { type: 'array', items: VOICEMAIL_ENTRY_SCHEMA },
    newCount: { type: 'integer' },
  },
} as const;

export const VOICEMAIL_AUDIO_RESPONSE = {
  type: 'string',
  contentMediaType: 'audio/ogg',
  description: 'The recording, Ogg Opus (RFC 7845).',
} as const;

export const USER_SETTINGS_SCHEMA = {
  type: 'object',
  required: ['ringTimeoutSec', 'customGreeting'],
  properties: { ringTimeoutSec: { type: 'integer' }, customGreeting: { type: 'boolean' } },
} as const;

export const SETTINGS_BODY = {
  type: 'object',
  properties: {
    ringTimeoutSec: { type: 'integer', minimum: MIN_RING_TIMEOUT_SEC, maximum: MAX_RING_TIMEOUT_SEC },
  },
} as const;
