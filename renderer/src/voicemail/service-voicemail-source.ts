/**
 * Voicemail held by the Parley service (common/api-types.ts):
 *   GET /api/voicemails → VoicemailListResponse       GET /api/voicemails/:id/audio → audio/ogg
 *   POST /api/voicemails/:id/heard → 204              DELETE /api/voicemails/:id → 204
 *   SSE /api/events?token=…  `event: voicemail`  data VoicemailSummaryEvent (every device of the user)
 * Every request carries `Authorization: Bearer <token>`; EventSource cannot, so the stream has the token
 * in its query, as the presence feed does.
 */
import type { VoicemailListResponse, VoicemailSummaryEvent } from '../../../common/api-types.js';
import { createServiceRequest } from './service-request.js';
import {
  toVoicemailList,
  type VoicemailAudio,
  type VoicemailList,
  type VoicemailSource,
} from './voicemail-source.js';

/** The part of `EventSource` used here (a fake in unit tests). */
export interface VoicemailEventStream {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export interface ServiceVoicemailSourceOptions {
  /** Origin of the service; '' (same origin) in the browser. */
  readonly baseUrl?: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  /** Opens the SSE stream; default `new EventSource(url)`. */
  readonly openEvents?: (url: string) => VoicemailEventStream;
}

/** Parses one `voicemail` event's data; undefined when it is not a valid summary. */
export function parseVoicemailEvent(data: unknown): VoicemailSummaryEvent | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as Partial<Record<keyof VoicemailSummaryEvent, unknown>> | null;
    if (typeof value !== 'object' || value === null) return undefined;
    const { newCount, totalCount } = value;
    if (!isCount(newCount) || !isCount(totalCount)) return undefined;
    return { newCount, totalCount };
  } catch {
    return undefined;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function createServiceVoicemailSource(options: ServiceVoicemailSourceOptions): VoicemailSource {
  const baseUrl = options.baseUrl ?? '';
  const openEvents =
    options.openEvents ??
    ((url: string): VoicemailEventStream => new EventSource(url) as unknown as VoicemailEventStream);
  const path = (id: string): string => `/api/voicemails/${encodeURIComponent(id)}`;

  const send = createServiceRequest(options);

  return {
    kind: 'service',
    async list(): Promise<VoicemailList> {
      const body = (await (await send('GET', '/api/voicemails')).json()) as VoicemailListResponse;
      return toVoicemailList(Array.isArray(body?.voicemails) ? body.voicemails : []);
    },
    async fetchAudio(id): Promise<VoicemailAudio> {
      const response = await send('GET', `${path(id)}/audio`);
      const mimeType = response.headers.get('Content-Type')?.split(';')[0]?.trim() || 'audio/ogg';
      const bytes = await response.arrayBuffer();
      return { data: new Blob([bytes], { type: mimeType }), mimeType };
    },
    async markHeard(id, heard) {
      // The API has no "unheard": marking new again stays local to this device.
      if (heard) await send('POST', `${path(id)}/heard`);
    },
    async remove(id) {
      await send('DELETE', path(id));
    },
    watch(onChange) {
      const stream = openEvents(`${baseUrl}/api/events?token=${encodeURIComponent(options.token)}`);
      let opened = false;
      stream.addEventListener('voicemail', (event) => {
        const summary = parseVoicemailEvent(event.data);
        if (summary) onChange({ newCount: summary.newCount });
      });
      // After a reconnect the count may have changed while the stream was down.
      stream.addEventListener('open', () => {
        if (opened) onChange();
        opened = true;
      });
      return () => stream.close();
    },
  };
}
