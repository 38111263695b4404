/**
 * Peak levels of decoded audio for drawing a waveform, the same shape the service sends in
 * `VoicemailEntry.peaks` (up to 64 values 0..1). Used for mailbox voicemails, whose emails carry none:
 * once the recording is downloaded for playing, it is decoded and measured here.
 */

/** The part of `AudioBuffer` used (a fake in unit tests). */
export interface DecodedAudio {
  readonly length: number;
  getChannelData(channel: number): Float32Array;
}

export function peaksOf(audio: DecodedAudio, count = 64): number[] {
  if (audio.length === 0 || count <= 0) return [];
  const samples = audio.getChannelData(0);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * samples.length) / count);
    const end = Math.floor(((i + 1) * samples.length) / count);
    let max = 0;
    for (let j = start; j < end; j++) {
      const v = Math.abs(samples[j]!);
      if (v > max) max = v;
    }
    out.push(Math.min(1, Math.round(max * 1000) / 1000));
  }
  return out;
}

/** Decodes a recording (Ogg Opus) in the browser and measures its peaks; [] when it cannot. */
export async function peaksOfBlob(blob: Blob, count = 64): Promise<number[]> {
  if (typeof OfflineAudioContext === 'undefined') return [];
  try {
    // Any rate works for peaks; 8 kHz keeps the decoded buffer small.
    const context = new OfflineAudioContext(1, 1, 8_000);
    const decoded = await context.decodeAudioData(await blob.arrayBuffer());
    return peaksOf(decoded, count);
  } catch {
    return [];
  }
}
