/**
 * Waveform peaks of a voicemail, computed once when it is recorded, WITHOUT decoding the audio.
 *
 * Method: Opus in VBR mode (the WebRTC default, RFC 7587 §3.1.3) spends bytes in step with how much
 * there is to code: silence and steady noise take a few bytes per frame, speech and louder sound many
 * more (the same property the recorder's speech detector relies on). So each packet's size, scaled to
 * bytes per 20 ms (RFC 6716 §3.1 TOC gives its duration), minus the recording's quietest packet size,
 * is taken as its level. The recording is cut into `count` equal slices of time; a slice's peak is the
 * largest level in it, divided by the largest level of the whole recording (so the loudest slice is 1).
 * Padding (the 3-byte silence frames the writer inserts for gaps) is 0. With constant bitrate every
 * packet has the same size and carries no level: audio slices are then drawn flat at 0.5.
 * It is a drawing aid (relative loudness), not a measurement: use the audio for anything exact.
 */
import { readOggOpus } from '../mail/ogg-opus-reader.js';
import { opusPacketSamples } from '../mail/ogg-opus-writer.js';

export const PEAK_COUNT = 64;

/** Peaks (0..1, two decimals) of Opus packets. */
export function opusPeaks(packets: readonly Uint8Array[], count = PEAK_COUNT): number[] {
  const sized = packets
    .map((p) => ({ samples: opusPacketSamples(p), bytes: p.length }))
    .filter((p) => p.samples > 0);
  const total = sized.reduce((sum, p) => sum + p.samples, 0);
  if (total === 0) return [];
  const slices = Math.min(count, sized.length);
  const per20ms = sized.map((p) => (p.bytes <= 3 ? 0 : (p.bytes * 960) / p.samples));
  const audible = per20ms.filter((b) => b > 0);
  const floor = audible.length > 0 ? Math.min(...audible) : 0;
  const top = audible.length > 0 ? Math.max(...audible) : 0;
  const flat = top - floor < 1;
  const peaks = new Array<number>(slices).fill(0);
  let at = 0;
  sized.forEach((p, i) => {
    const slice = Math.min(slices - 1, Math.floor((at / total) * slices));
    at += p.samples;
    const b = per20ms[i]!;
    const level = b === 0 ? 0 : flat ? 0.5 : (b - floor) / (top - floor);
    if (level > peaks[slice]!) peaks[slice] = level;
  });
  return peaks.map((v) => Math.round(v * 100) / 100);
}

/** Peaks of an Ogg Opus file; `[]` when it cannot be read. */
export function oggOpusPeaks(ogg: Uint8Array, count = PEAK_COUNT): number[] {
  try {
    return opusPeaks(readOggOpus(ogg).packets, count);
  } catch {
    return [];
  }
}
