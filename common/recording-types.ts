/**
 * Call recording (issue 16 item 4), shared by the service and the client.
 *
 * Policy: recording is off unless the administrator allows it (`PARLEY_RECORDING=allowed`; default
 * `off`). The client learns the policy from `GET /api/config` (`ServiceConfig.recording`) and the
 * service enforces it: with `off`, `POST /api/recordings` is refused with 403 `recording_disabled`.
 */

/** What the administrator set: `off` (the default, locked off) or `allowed`. */
export type RecordingPolicy = 'off' | 'allowed';

/** Largest recording the service stores (Ogg Opus at ~32 kbit/s: about an hour). */
export const MAX_RECORDING_BYTES = 16 * 1024 * 1024;

/** One stored recording of a call (`GET /api/recordings`, `POST /api/recordings`). */
export interface RecordingEntry {
  readonly id: string;
  /** The other party's SIP address, e.g. `sip:bob@example.org`. */
  readonly peerUri: string;
  /** Their display name when known. */
  readonly peerName?: string;
  readonly direction: 'outgoing' | 'incoming';
  /** When recording started (ms since the epoch). */
  readonly startedAt: number;
  /** Playable length measured by the service from the Opus packets (RFC 7845 §4). */
  readonly durationMs: number;
  /** Bytes of the Ogg Opus file. */
  readonly size: number;
  /** Up to 64 levels 0..1 for the waveform (like voicemail). */
  readonly peaks: readonly number[];
}

/** `GET /api/recordings`: newest first. */
export interface RecordingListResponse {
  readonly recordings: readonly RecordingEntry[];
}
