/**
 * Known tones in and out of peers: a WAV of one frequency (sox, via the shared `writeSineWav`), and a
 * check that a recorded WAV carries that frequency (Goertzel, shared with the voicemail tests).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import { writeSineWav } from '../../../server/src/media/sine-wav.js';
import { dominantFrequency, rms } from '../mail/audio-tools.js';

const run = promisify(execFile);

/** A 48 kHz mono 16-bit WAV of `hz` for `seconds` (a fake microphone or a file source). */
export function writeToneWav(file: string, hz: number, seconds = 2, volume = 0.5): Promise<void> {
  return writeSineWav(file, { hz, seconds, volume });
}

export interface Pcm {
  /** Mono samples in [-1, 1]. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** Reads any WAV sox understands as mono 16-bit PCM at `sampleRate` (default 8000: enough for G.711 tones). */
export async function readWavMono(file: string, sampleRate = 8000): Promise<Pcm> {
  const { stdout } = await run(
    'sox',
    [file, '-t', 'raw', '-e', 'signed', '-b', '16', '-c', '1', '-r', String(sampleRate), '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  const samples = new Float32Array(Math.floor(stdout.length / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = stdout.readInt16LE(i * 2) / 32768;
  return { samples, sampleRate };
}

export interface ToneCheck {
  /** The candidate with the most power. */
  readonly dominant: number;
  /** Loudness of the analysed stretch (0 = silence, ~0.35 = a sine at half scale). */
  readonly rms: number;
  readonly seconds: number;
}

/**
 * Which of `candidates` (Hz) dominates the loudest stretch of `pcm`. Silence at the start (before media
 * flowed) and the end is skipped by analysing the samples above a tenth of the peak level only.
 */
export function checkTone(pcm: Pcm, candidates: readonly number[]): ToneCheck {
  const window = Math.floor(pcm.sampleRate / 10);
  const loud: number[] = [];
  let peak = 0;
  const levels: number[] = [];
  for (let at = 0; at + window <= pcm.samples.length; at += window) {
    const level = rms(pcm.samples.subarray(at, at + window));
    levels.push(level);
    peak = Math.max(peak, level);
  }
  levels.forEach((level, i) => {
    if (peak > 0 && level >= peak / 10) loud.push(i);
  });
  const joined = new Float32Array(loud.length * window);
  loud.forEach((index, i) =>
    joined.set(pcm.samples.subarray(index * window, (index + 1) * window), i * window),
  );
  return {
    dominant: dominantFrequency(joined, pcm.sampleRate, candidates).frequency,
    rms: rms(joined),
    seconds: joined.length / pcm.sampleRate,
  };
}

/**
 * Seconds of audio a WAV that is still being written holds so far, from its size and the header's byte
 * rate (RIFF `fmt ` chunk, offset 28); 0 while the file or its header does not exist yet. Peers that
 * record (baresip's sndfile, linphonec's `record`) fill the length fields only when the call ends.
 */
export async function wavSecondsWritten(file: string): Promise<number> {
  try {
    const handle = await fs.open(file, 'r');
    try {
      const header = Buffer.alloc(44);
      const { bytesRead } = await handle.read(header, 0, 44, 0);
      const size = (await handle.stat()).size;
      if (bytesRead < 44 || header.toString('ascii', 0, 4) !== 'RIFF') return 0;
      const byteRate = header.readUInt32LE(28);
      return byteRate === 0 ? 0 : (size - 44) / byteRate;
    } finally {
      await handle.close();
    }
  } catch {
    return 0;
  }
}
