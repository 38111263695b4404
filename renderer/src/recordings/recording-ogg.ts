/**
 * A recording as Ogg Opus (RFC 7845), the format the service and the desktop folder keep: Ogg from the
 * recorder is kept as it is; WebM Opus (what Chromium's MediaRecorder writes) is remuxed without
 * transcoding by the voicemail room's remuxer (voicemail/webm-opus-to-ogg.ts).
 */
import type { RecordedAudio } from '../engine/calls/call-recording.js';
import { webmOpusToOgg } from '../voicemail/webm-opus-to-ogg.js';

export function toOggOpus(audio: RecordedAudio): Uint8Array {
  if (audio.mimeType === 'audio/ogg') return audio.bytes;
  if (audio.mimeType === 'audio/webm') return webmOpusToOgg(audio.bytes).ogg;
  throw new Error(`Recordings in ${audio.mimeType} cannot be kept (Opus in Ogg or WebM only).`);
}
