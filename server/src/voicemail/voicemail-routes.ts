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
import type { IncomingMessage } from 'node:http';
import type { UserSettings, VoicemailListResponse } from '../../../common/api-types.js';
import type { AccountService } from '../accounts/account-service.js';
import { authenticate } from '../http/authenticate.js';
import { HttpError } from '../http/http-error.js';
import { readJsonBody } from '../http/json-body.js';
import { SECURITY_HEADERS } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { MAX_RING_TIMEOUT_SEC, MIN_RING_TIMEOUT_SEC, type VoicemailBox } from './voicemail-box.js';
import { GreetingError, MAX_GREETING_BYTES } from './voicemail-greeting.js';

export interface VoicemailRouteDependencies {
  readonly accounts: AccountService;
  readonly box: VoicemailBox;
}

const notFound = (): HttpError => new HttpError(404, 'voicemail_not_found', 'No such voicemail.');

export function addVoicemailRoutes(router: Router, deps: VoicemailRouteDependencies): void {
  const { accounts, box } = deps;

  router.add('GET', '/api/voicemails', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const voicemails = await box.list(caller.username);
    const body: VoicemailListResponse = { voicemails, newCount: voicemails.filter((v) => !v.heard).length };
    return { status: 200, body };
  });

  router.add('GET', '/api/voicemails/:id/audio', async (ctx) => {
    const caller = await authenticate(ctx, accounts, { allowQueryToken: true });
    const audio = await box.audio(caller.username, ctx.params['id'] ?? '');
    if (!audio) throw notFound();
    ctx.res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'audio/ogg',
      'content-length': String(audio.length),
      'cache-control': 'private, no-store',
      'content-disposition': `inline; filename="voicemail-${ctx.params['id'] ?? ''}.ogg"`,
    });
    ctx.res.end(ctx.req.method === 'HEAD' ? undefined : audio);
    return undefined;
  });

  router.add('POST', '/api/voicemails/:id/heard', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    if (!(await box.markHeard(caller.username, ctx.params['id'] ?? ''))) throw notFound();
    return { status: 204 };
  });

  router.add('DELETE', '/api/voicemails/:id', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    if (!(await box.remove(caller.username, ctx.params['id'] ?? ''))) throw notFound();
    return { status: 204 };
  });

  router.add('GET', '/api/settings', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const body: UserSettings = await box.settings(caller.username);
    return { status: 200, body };
  });

  router.add('PUT', '/api/settings', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const input = await readJsonBody(ctx.req);
    const ring = input['ringTimeoutSec'];
    if (ring !== undefined) {
      if (
        typeof ring !== 'number' ||
        !Number.isInteger(ring) ||
        ring < MIN_RING_TIMEOUT_SEC ||
        ring > MAX_RING_TIMEOUT_SEC
      ) {
        throw new HttpError(
          400,
          'invalid_ring_timeout',
          `ringTimeoutSec must be a whole number of seconds from ${MIN_RING_TIMEOUT_SEC} to ${MAX_RING_TIMEOUT_SEC}.`,
        );
      }
      await box.setRingTimeoutSec(caller.username, ring);
    }
    const body: UserSettings = await box.settings(caller.username);
    return { status: 200, body };
  });

  router.add('PUT', '/api/voicemail/greeting', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const file = await readOggBody(ctx.req);
    try {
      await box.setGreeting(caller.username, file);
    } catch (error) {
      if (error instanceof GreetingError) throw new HttpError(400, 'invalid_greeting', error.message);
      throw error;
    }
    const body: UserSettings = await box.settings(caller.username);
    return { status: 200, body };
  });

  router.add('DELETE', '/api/voicemail/greeting', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    await box.resetGreeting(caller.username);
    const body: UserSettings = await box.settings(caller.username);
    return { status: 200, body };
  });
}

/** An `audio/ogg` body of at most 1 MB (415 / 413 otherwise). */
async function readOggBody(req: IncomingMessage): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'audio/ogg' && type !== 'audio/opus') {
    throw new HttpError(415, 'unsupported_media_type', 'Send the greeting as audio/ogg (Ogg Opus).');
  }
  const tooLarge = new HttpError(413, 'payload_too_large', 'The greeting must be at most 1 MB.', {
    connection: 'close',
  });
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > MAX_GREETING_BYTES) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_GREETING_BYTES) throw tooLarge;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
