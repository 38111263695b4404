/**
 * Call recordings for the signed-in user (issue 16 item 4), kept by the Parley service
 * (server/src/recordings/recording-routes.ts), or in the desktop app, once the user chose one, in a
 * folder on their computer (`recordings:*` IPC; platform/desktop-recordings.ts). Either way the
 * administrator's policy from the service decides whether calls may be recorded.
 *
 *   app auth ──signed in──► GET /api/config (the administrator's policy) + GET /api/recordings
 *   engine ──finished recording──► save(): WebM → Ogg Opus (remux) ──► POST /api/recordings ──► list again
 *   UI ──► loadAudio(id) (the voicemail player) / remove(id)
 *
 * One immutable snapshot for React (`useSyncExternalStore`); answers for an older sign-in are dropped.
 */
import { t } from '../i18n/i18n.js';
import type { ServiceConfig } from '../../../common/api-types.js';
import type { RecordingEntry, RecordingPolicy } from '../../../common/recording-types.js';
import type { CallRecording } from '../engine/calls/call-recording.js';
import type { DesktopRecordingsApi } from '../platform/desktop-recordings.js';
import { createServiceRequest, type ServiceRequest } from '../voicemail/service-request.js';
import type { AuthSource } from '../voicemail/voicemail-controller.js';
import type { VoicemailAudio } from '../voicemail/voicemail-source.js';
import { toOggOpus } from './recording-ogg.js';

export interface RecordingsSnapshot {
  /** The administrator's policy; `unknown` until the service said (and when signed out). */
  readonly policy: RecordingPolicy | 'unknown';
  /** Newest first. */
  readonly recordings: readonly RecordingEntry[];
  /** A recording is being converted or uploaded. */
  readonly saving: boolean;
  /** The last failure (save, load, delete) as a sentence. */
  readonly notice?: string;
  /** Desktop only: the folder recordings are saved in (null = none chosen: the service store). */
  readonly folder?: string | null;
}

export interface RecordingsController {
  subscribe(listener: () => void): () => void;
  getSnapshot(): RecordingsSnapshot;
  /** Keeps a finished recording (called by the phone engine). */
  save(recording: CallRecording): Promise<void>;
  refresh(): Promise<void>;
  remove(id: string): Promise<void>;
  /** The Ogg Opus file, for the voicemail player. */
  loadAudio(id: string): Promise<VoicemailAudio>;
  /** Desktop: asks the user for the folder to keep recordings in. */
  chooseFolder(): Promise<void>;
  /** The voicemail player marks what it plays as heard; recordings have no such state. */
  markHeard(id: string, heard?: boolean): Promise<void>;
  dispose(): void;
}

export interface RecordingsControllerOptions {
  readonly app: AuthSource;
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** The other party's name as the app knows it (contacts, directory), kept with the recording. */
  readonly nameOf?: (peer: CallRecording['peer']) => string | undefined;
  /** The desktop shell's recording channels; undefined in a plain browser. */
  readonly desktop?: DesktopRecordingsApi;
}

const EMPTY: RecordingsSnapshot = { policy: 'unknown', recordings: [], saving: false };

const message = (error: unknown): string => (error instanceof Error ? error.message : t('error.unknown'));

/** The value of an IPC result, or its sentence thrown. */
async function value<T>(
  result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

export function createRecordingsController(options: RecordingsControllerOptions): RecordingsController {
  let snapshot = EMPTY;
  const listeners = new Set<() => void>();
  let request: ServiceRequest | undefined;
  let token: string | undefined;
  let generation = 0;
  const audio = new Map<string, Promise<VoicemailAudio>>();

  const patch = (change: Partial<RecordingsSnapshot>): void => {
    snapshot = { ...snapshot, ...change };
    for (const listener of [...listeners]) listener();
  };

  /** The chosen folder (desktop with a folder), else undefined: the service store. */
  const folderApi = (): DesktopRecordingsApi | undefined =>
    options.desktop && typeof snapshot.folder === 'string' ? options.desktop : undefined;

  async function load(gen: number): Promise<void> {
    if (!request) return;
    const send = request;
    try {
      const desktop = options.desktop;
      const folder = desktop ? (await value(desktop.getFolder())).path : undefined;
      const config = (await (await send('GET', '/api/config')).json()) as ServiceConfig;
      const recordings: readonly RecordingEntry[] =
        desktop && typeof folder === 'string'
          ? (await value(desktop.list())).recordings.map((r) => ({ ...r, peaks: [] }))
          : ((await (await send('GET', '/api/recordings')).json()) as { recordings: RecordingEntry[] })
              .recordings;
      if (gen !== generation) return;
      patch({
        policy: config.recording ?? 'off',
        recordings,
        ...(folder !== undefined ? { folder } : {}),
      });
    } catch (error) {
      if (gen === generation) patch({ notice: message(error) });
    }
  }

  function sync(): void {
    const auth = options.app.getSnapshot().auth;
    const next = auth.status === 'signed-in' ? auth.token : undefined;
    if (next === token) return;
    token = next;
    generation++;
    audio.clear();
    snapshot = EMPTY;
    request = next
      ? createServiceRequest({
          token: next,
          ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
          ...(options.fetch ? { fetch: options.fetch } : {}),
        })
      : undefined;
    patch({});
    if (next) void load(generation);
  }

  const unsubscribe = options.app.subscribe(sync);
  sync();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    async save(recording) {
      const send = request;
      if (!send) return;
      const gen = generation;
      patch({ saving: true });
      try {
        const { ogg, durationMs } = toOggOpus(recording.audio);
        const peerName = recording.peer.displayName?.trim() || options.nameOf?.(recording.peer);
        const query = new URLSearchParams({
          peerUri: recording.peer.uri,
          direction: recording.direction,
          startedAt: String(recording.startedAt),
          ...(peerName ? { peerName } : {}),
          ...(recording.sipCallId ? { callId: recording.sipCallId } : {}),
        });
        const folder = folderApi();
        if (folder) {
          await value(
            folder.save({
              peerUri: recording.peer.uri,
              ...(peerName ? { peerName } : {}),
              direction: recording.direction,
              startedAt: recording.startedAt,
              durationMs: Math.round(durationMs ?? recording.endedAt - recording.startedAt),
              data: ogg,
            }),
          );
        } else {
          const blob = new Blob([ogg.slice().buffer], { type: 'audio/ogg' });
          await send('POST', `/api/recordings?${query.toString()}`, { blob, type: 'audio/ogg' });
        }
        if (gen === generation) patch({ saving: false });
        await load(gen);
      } catch (error) {
        if (gen === generation)
          patch({ saving: false, notice: t('recordings.notSaved', { error: message(error) }) });
      }
    },
    refresh: () => load(generation),
    async remove(id) {
      const send = request;
      if (!send) return;
      const before = snapshot.recordings;
      patch({ recordings: before.filter((r) => r.id !== id) });
      try {
        const folder = folderApi();
        if (folder) await value(folder.remove(id));
        else await send('DELETE', `/api/recordings/${encodeURIComponent(id)}`);
        audio.delete(id);
      } catch (error) {
        patch({ recordings: before, notice: message(error) });
      }
    },
    loadAudio(id) {
      const send = request;
      if (!send) return Promise.reject(new Error(t('recordings.signInToPlay')));
      const cached = audio.get(id);
      if (cached) return cached;
      const folder = folderApi();
      const pending: Promise<VoicemailAudio> = folder
        ? value(folder.fetchAudio(id)).then((file) => ({
            data: new Blob([file.data.slice().buffer], { type: file.mimeType }),
            mimeType: file.mimeType,
          }))
        : send('GET', `/api/recordings/${encodeURIComponent(id)}/audio`).then(async (res) => ({
            data: await res.blob(),
            mimeType: 'audio/ogg',
          }));
      pending.catch(() => audio.delete(id));
      audio.set(id, pending);
      return pending;
    },
    async chooseFolder() {
      if (!options.desktop) return;
      try {
        const { path } = await value(options.desktop.chooseFolder());
        audio.clear();
        patch({ folder: path });
        await load(generation);
      } catch (error) {
        patch({ notice: message(error) });
      }
    },
    markHeard: () => Promise.resolve(),
    dispose() {
      unsubscribe();
      generation++;
      listeners.clear();
    },
  };
}
