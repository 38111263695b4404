/**
 * Checks an uploaded recording: an Ogg Opus file (RFC 7845) with at least one audio packet, at most
 * `MAX_RECORDING_BYTES`. Its length is measured here from the Opus packets (RFC 6716 §3.1 TOC byte),
 * not taken from the client, and its peaks are drawn like a voicemail's.
 */
import { MAX_RECORDING_BYTES } from '../../../common/recording-types.js';
import { readOggOpus, totalSamples } from '../mail/ogg-opus-reader.js';
import { opusPeaks } from '../voicemail/voicemail-peaks.js';

export interface CheckedRecording {
  readonly durationMs: number;
  readonly peaks: number[];
}

/** Why a recording was refused: a one-line message for the user. */
export class RecordingFileError extends Error {
  override readonly name = 'RecordingFileError';
}

/** @throws RecordingFileError */
export function checkRecording(file: Uint8Array): CheckedRecording {
  if (file.length > MAX_RECORDING_BYTES) {
    throw new RecordingFileError(`A recording must be at most ${MAX_RECORDING_BYTES} bytes.`);
  }
  let packets: readonly Buffer[];
  try {
    packets = readOggOpus(file).packets;
  } catch {
    throw new RecordingFileError('A recording must be an Ogg Opus file (audio/ogg; codecs=opus).');
  }
  if (packets.length === 0) throw new RecordingFileError('The recording has no audio.');
  return {
    durationMs: Math.round(totalSamples(packets) / 48),
    peaks: opusPeaks(packets),
  };
}
