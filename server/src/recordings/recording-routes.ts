/**
 * The call-recording API (common/recording-types.ts), every route for the signed-in user only:
 * - `POST /api/recordings?peerUri=&peerName=&direction=&startedAt=&callId=` with an `audio/ogg` body
 *   (Ogg Opus, at most `MAX_RECORDING_BYTES`) → 201 `RecordingEntry`; 403 `recording_disabled` when the
 *   administrator did not allow recording (`PARLEY_RECORDING`, default off);
 * - `GET /api/recordings` → `RecordingListResponse` (newest first);
 * - `GET /api/recordings/:id/audio` → the Ogg Opus file (`?token=` accepted, so an `<audio src>` works);
 * - `DELETE /api/recordings/:id` → 204.
 * Errors are `{ "error": { code, message } }` like every other route.
 *
 * Each route's JSON Schema (query and success response) sits next to it, exported `as const`; the HTTP
 * room validates with them and lists them in the OpenAPI document.
 */
import { randomBytes } from 'node:crypto';
import {
  MAX_RECORDING_BYTES,
  type RecordingEntry,
  type RecordingListResponse,
  type RecordingPolicy,
} from '../../../common/recording-types.js';
import type { AccountService } from '../accounts/account-service.js';
import type { ApiRoutes } from '../http/api-route.js';
import { NO_CONTENT, TOKEN_QUERY } from '../http/api-schemas.js';
import { authenticate } from '../http/authenticate.js';
import { HttpError, invalidAs } from '../http/http-error.js';
import type { RecordingRecord, RecordingRepository } from '../store/recording-repository.js';
import { checkRecording, RecordingFileError } from './recording-file.js';

export interface RecordingRouteDependencies {
  readonly accounts: AccountService;
  readonly recordings: RecordingRepository;
  readonly policy: RecordingPolicy;
  readonly now?: () => number;
}

/** One recording as the API returns it. */
export const RECORDING_ENTRY_SCHEMA = {
  type: 'object',
  required: ['id', 'peerUri', 'direction', 'startedAt', 'durationMs', 'size', 'peaks'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    peerUri: { type: 'string' },
    peerName: { type: 'string' },
    direction: { type: 'string', enum: ['outgoing', 'incoming'] },
    startedAt: { type: 'integer', minimum: 0 },
    durationMs: { type: 'integer', minimum: 0 },
    size: { type: 'integer', minimum: 0 },
    peaks: { type: 'array', maxItems: 64, items: { type: 'number', minimum: 0, maximum: 1 } },
  },
} as const;

/** `POST /api/recordings`: the query (the body is the `audio/ogg` file itself). */
export const UPLOAD_RECORDING_QUERY_SCHEMA = {
  type: 'object',
  required: ['peerUri', 'direction', 'startedAt'],
  properties: {
    peerUri: { type: 'string', minLength: 1, maxLength: 512 },
    peerName: { type: 'string', maxLength: 200 },
    direction: { type: 'string', enum: ['outgoing', 'incoming'] },
    startedAt: { type: 'string', pattern: '^[0-9]{1,15}$' },
    callId: { type: 'string', maxLength: 256 },
  },
} as const;
/** `POST /api/recordings`: 201. */
export const UPLOAD_RECORDING_RESPONSE_SCHEMA = RECORDING_ENTRY_SCHEMA;

/** `GET /api/recordings`: 200. */
export const LIST_RECORDINGS_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['recordings'],
  additionalProperties: false,
  properties: { recordings: { type: 'array', items: RECORDING_ENTRY_SCHEMA } },
} as const;

/** `GET /api/recordings/:id/audio`: 200, the file itself. */
export const RECORDING_AUDIO_RESPONSE_SCHEMA = {
  type: 'string',
  contentMediaType: 'audio/ogg',
  description: 'The recording, Ogg Opus (RFC 7845).',
} as const;

/** `GET /api/recordings/:id/audio` and `DELETE /api/recordings/:id`: the path. */
export const RECORDING_ID_PARAMS_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const notFound = (): HttpError => new HttpError(404, 'recording_not_found', 'No such recording.');

function toEntry(r: RecordingRecord): RecordingEntry {
  return {
    id: r.id,
    peerUri: r.peerUri,
    ...(r.peerName !== null ? { peerName: r.peerName } : {}),
    direction: r.direction,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    size: r.size,
    peaks: r.peaks,
  };
}

/** The upload's query, checked by hand the way `UPLOAD_RECORDING_QUERY_SCHEMA` says (400 otherwise). */
function uploadQuery(params: URLSearchParams) {
  const bad = (message: string): HttpError => new HttpError(400, 'invalid_query', message);
  const peerUri = params.get('peerUri') ?? '';
  if (peerUri.length < 1 || peerUri.length > 512) throw bad('peerUri must be the other party’s address.');
  const peerName = params.get('peerName');
  if (peerName !== null && peerName.length > 200) throw bad('peerName must be at most 200 characters.');
  const direction = params.get('direction');
  if (direction !== 'outgoing' && direction !== 'incoming') {
    throw bad('direction must be outgoing or incoming.');
  }
  const startedAt = params.get('startedAt') ?? '';
  if (!/^[0-9]{1,15}$/.test(startedAt)) throw bad('startedAt must be a time in ms since the epoch.');
  const callId = params.get('callId');
  if (callId !== null && callId.length > 256) throw bad('callId must be at most 256 characters.');
  return { peerUri, peerName: peerName || null, direction, startedAt: Number(startedAt), callId } as const;
}

export function addRecordingRoutes(routes: ApiRoutes, deps: RecordingRouteDependencies): void {
  const { accounts, recordings } = deps;
  const now = deps.now ?? Date.now;

  routes.add({
    method: 'POST',
    url: '/api/recordings',
    schema: {
      summary: 'Keep a call recording: the body is Ogg Opus, at most 16 MB.',
      querystring: UPLOAD_RECORDING_QUERY_SCHEMA,
      response: { 201: UPLOAD_RECORDING_RESPONSE_SCHEMA },
    },
    onInvalid: invalidAs('invalid_query'),
    rawBodyTypes: ['audio/ogg'],
    bodyLimit: MAX_RECORDING_BYTES,
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      // Rule: the service enforces the administrator's policy, whatever the client shows.
      if (deps.policy !== 'allowed') {
        throw new HttpError(403, 'recording_disabled', 'Call recording is turned off on this service.');
      }
      const query = uploadQuery(ctx.url.searchParams);
      const file = ctx.rawBody;
      if (file === undefined) {
        throw new HttpError(415, 'unsupported_media_type', 'Send the recording as audio/ogg (Ogg Opus).');
      }
      let checked;
      try {
        checked = checkRecording(file);
      } catch (error) {
        if (error instanceof RecordingFileError) throw new HttpError(400, 'invalid_recording', error.message);
        throw error;
      }
      const stored = await recordings.add(
        {
          id: randomBytes(8).toString('hex'),
          username: caller.username,
          peerUri: query.peerUri,
          peerName: query.peerName,
          direction: query.direction,
          callId: query.callId,
          startedAt: query.startedAt,
          durationMs: checked.durationMs,
          peaks: checked.peaks,
          createdAt: now(),
        },
        file,
      );
      const body: RecordingEntry = toEntry(stored);
      return { status: 201, body, headers: { location: `/api/recordings/${stored.id}/audio` } };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/recordings',
    schema: { response: { 200: LIST_RECORDINGS_RESPONSE_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const body: RecordingListResponse = {
        recordings: (await recordings.list(caller.username)).map(toEntry),
      };
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/recordings/:id/audio',
    schema: {
      params: RECORDING_ID_PARAMS_SCHEMA,
      querystring: TOKEN_QUERY,
      response: { 200: RECORDING_AUDIO_RESPONSE_SCHEMA },
    },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts, { allowQueryToken: true });
      const id = ctx.params['id'] ?? '';
      const audio = await recordings.audio(caller.username, id);
      if (!audio) throw notFound();
      const headers = {
        'content-type': 'audio/ogg',
        'cache-control': 'private, no-store',
        'content-disposition': `inline; filename="recording-${id.replace(/[^A-Za-z0-9]/g, '')}.ogg"`,
      };
      return { status: 200, body: audio, headers };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/recordings/:id',
    schema: { params: RECORDING_ID_PARAMS_SCHEMA, response: { 204: NO_CONTENT } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      if (!(await recordings.delete(caller.username, ctx.params['id'] ?? ''))) throw notFound();
      return { status: 204 };
    },
  });
}
