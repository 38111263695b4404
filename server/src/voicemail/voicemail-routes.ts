/**
 * The voicemail API of the service's own store (common/api-types.ts):
 * - `GET /api/voicemails` → `VoicemailListResponse` (newest first);
 * - `GET /api/voicemails/:id/audio` → the Ogg Opus file (`audio/ogg`), only for its owner; `?token=`
 *   is accepted like on `/api/events`, so an `<audio src>` can play it without a header;
 * - `POST /api/voicemails/:id/heard` → 204; `DELETE /api/voicemails/:id` → 204;
 * - `GET /api/settings`, `PUT /api/settings` `{ ringTimeoutSec }` (5–120) → `UserSettings`;
 * - `PUT /api/voicemail/greeting` (body `audio/ogg`, at most 1 MB, Ogg Opus) → `UserSettings`;
 *   `DELETE /api/voicemail/greeting` → `UserSettings` (back to the default greeting).
 * Errors are `{ "error": { code, message } }` like every other route.
 */
import type { UserSettings, VoicemailListResponse } from '../../../common/api-types.js';
import type { AccountService } from '../accounts/account-service.js';
import type { ApiRoutes } from '../http/api-route.js';
import { NO_CONTENT, TOKEN_QUERY } from '../http/api-schemas.js';
import { authenticate } from '../http/authenticate.js';
import { HttpError, invalidAs } from '../http/http-error.js';
import { MAX_RING_TIMEOUT_SEC, MIN_RING_TIMEOUT_SEC, type VoicemailBox } from './voicemail-box.js';
import { GreetingError, MAX_GREETING_BYTES } from './voicemail-greeting.js';
import {
  SETTINGS_BODY,
  USER_SETTINGS_SCHEMA,
  VOICEMAIL_AUDIO_RESPONSE,
  VOICEMAIL_ID_PARAMS,
  VOICEMAIL_LIST_SCHEMA,
} from './voicemail-schemas.js';

export interface VoicemailRouteDependencies {
  readonly accounts: AccountService;
  readonly box: VoicemailBox;
}

const notFound = (): HttpError => new HttpError(404, 'voicemail_not_found', 'No such voicemail.');

export function addVoicemailRoutes(routes: ApiRoutes, deps: VoicemailRouteDependencies): void {
  const { accounts, box } = deps;

  routes.add({
    method: 'GET',
    url: '/api/voicemails',
    schema: { response: { 200: VOICEMAIL_LIST_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const voicemails = await box.list(caller.username);
      const body: VoicemailListResponse = { voicemails, newCount: voicemails.filter((v) => !v.heard).length };
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/voicemails/:id/audio',
    schema: {
      params: VOICEMAIL_ID_PARAMS,
      querystring: TOKEN_QUERY,
      response: { 200: VOICEMAIL_AUDIO_RESPONSE },
    },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts, { allowQueryToken: true });
      const audio = await box.audio(caller.username, ctx.params['id'] ?? '');
      if (!audio) throw notFound();
      const headers = {
        'content-type': 'audio/ogg',
        'cache-control': 'private, no-store',
        'content-disposition': `inline; filename="voicemail-${encodeURIComponent(ctx.params['id'] ?? '')}.ogg"`,
      };
      return { status: 200, body: audio, headers };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/voicemails/:id/heard',
    schema: { params: VOICEMAIL_ID_PARAMS, response: { 204: NO_CONTENT } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      if (!(await box.markHeard(caller.username, ctx.params['id'] ?? ''))) throw notFound();
      return { status: 204 };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/voicemails/:id',
    schema: { params: VOICEMAIL_ID_PARAMS, response: { 204: NO_CONTENT } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      if (!(await box.remove(caller.username, ctx.params['id'] ?? ''))) throw notFound();
      return { status: 204 };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/settings',
    schema: { response: { 200: USER_SETTINGS_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const body: UserSettings = await box.settings(caller.username);
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/settings',
    schema: { body: SETTINGS_BODY, response: { 200: USER_SETTINGS_SCHEMA } },
    onInvalid: () =>
      invalidAs('invalid_ring_timeout')(
        `ringTimeoutSec must be a whole number of seconds from ${MIN_RING_TIMEOUT_SEC} to ${MAX_RING_TIMEOUT_SEC}.`,
      ),
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const ring = ctx.body?.['ringTimeoutSec'];
      if (typeof ring === 'number') await box.setRingTimeoutSec(caller.username, ring);
      const body: UserSettings = await box.settings(caller.username);
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/voicemail/greeting',
    schema: {
      summary: 'Record a greeting: the body is Ogg Opus, at most 1 MB.',
      response: { 200: USER_SETTINGS_SCHEMA },
    },
    rawBodyTypes: ['audio/ogg', 'audio/opus'],
    bodyLimit: MAX_GREETING_BYTES,
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      if (ctx.rawBody === undefined) {
        throw new HttpError(415, 'unsupported_media_type', 'Send the greeting as audio/ogg (Ogg Opus).');
      }
      try {
        await box.setGreeting(caller.username, ctx.rawBody);
      } catch (error) {
        if (error instanceof GreetingError) throw new HttpError(400, 'invalid_greeting', error.message);
        throw error;
      }
      const body: UserSettings = await box.settings(caller.username);
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/voicemail/greeting',
    schema: { response: { 200: USER_SETTINGS_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      await box.resetGreeting(caller.username);
      const body: UserSettings = await box.settings(caller.username);
      return { status: 200, body };
    },
  });
}
