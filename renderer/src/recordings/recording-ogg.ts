/**
 * A recording as Ogg Opus (RFC 7845), the format the service and the desktop folder keep: Ogg from the
 * recorder is kept as it is; WebM Opus (what Chromium's MediaRecorder writes) is remuxed without
 * transcoding by the voicemail room's remuxer (voicemail/webm-opus-to-ogg.ts).
 */
import type { RecordedAudio } from '../engine/calls/call-recording.js';
import { webmOpusToOgg } from '../voicemail/webm-opus-to-ogg.js';

export interface OggRecording {
  readonly ogg: Uint8Array;
  /** The length from the Opus packets when remuxed; undefined when the recorder wrote Ogg itself. */
  readonly durationMs?: number;
}

export function toOggOpus(audio: RecordedAudio): OggRecording {
  if (audio.mimeType === 'audio/ogg') return { ogg: audio.bytes };
  if (audio.mimeType === 'audio/webm') {
    const { ogg, durationMs } = webmOpusToOgg(audio.bytes);
    return { ogg, durationMs };
  }
  throw new Error(`Recordings in ${audio.mimeType} cannot be kept (Opus in Ogg or WebM only).`);
}
