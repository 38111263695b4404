/**
 * Audio helpers for voicemail tests: make Opus with sox + opusenc, decode with opusdec, and measure a
 * tone with a Goertzel filter. Uses the Debian packages sox and opus-tools.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeOggOpus, writeSineWav } from '../../../server/src/media/sine-wav.js';

const run = promisify(execFile);

async function inTemp<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-audio-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An Ogg Opus file with a sine tone (48 kHz mono, 20 ms frames). */
export async function makeToneOpus(frequencyHz: number, seconds: number, bitrateKbps = 24): Promise<Buffer> {
  return inTemp(async (dir) => {
    const wav = join(dir, 'tone.wav');
    const opus = join(dir, 'tone.opus');
    await writeSineWav(wav, { hz: frequencyHz, seconds, volume: 0.5 });
    await encodeOggOpus(wav, opus, { bitrateKbps, cvbr: true });
    return readFile(opus);
  });
}

export interface DecodedAudio {
  /** Mono samples in [-1, 1] at `sampleRate`. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly durationMs: number;
}

/** Decodes an Ogg Opus file with `opusdec` to 48 kHz mono PCM. */
export async function decodeOpus(ogg: Uint8Array): Promise<DecodedAudio> {
  return inTemp(async (dir) => {
    const input = join(dir, 'in.opus');
    const raw = join(dir, 'out.raw');
    await writeFile(input, ogg);
    await run('opusdec', ['--quiet', '--force-wav', '--rate', '48000', input, join(dir, 'out.wav')]);
    await run('sox', [join(dir, 'out.wav'), '-t', 'raw', '-e', 'signed', '-b', '16', '-c', '1', raw]);
    const bytes = await readFile(raw);
    const samples = new Float32Array(bytes.length / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
    return { samples, sampleRate: 48000, durationMs: (samples.length / 48000) * 1000 };
  });
}

/** Relative power of `frequencyHz` in the samples (Goertzel), normalised so a full-scale sine ≈ 0.25·A². */
export function goertzelPower(samples: Float32Array, sampleRate: number, frequencyHz: number): number {
  const k = (2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate)) as number;
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  return power / (samples.length * samples.length);
}

/** RMS of a slice of samples. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

/** The strongest of `candidates` (Hz) in the samples, with each one's power. */
export function dominantFrequency(
  samples: Float32Array,
  sampleRate: number,
  candidates: readonly number[],
): { frequency: number; powers: Record<number, number> } {
  const powers: Record<number, number> = {};
  let best = candidates[0] ?? 0;
  for (const f of candidates) {
    powers[f] = goertzelPower(samples, sampleRate, f);
    if (powers[f]! > (powers[best] ?? -1)) best = f;
  }
  return { frequency: best, powers };
}
