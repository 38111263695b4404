/**
 * A known Opus source for tests and agents: a sine tone made with `sox`, encoded once with
 * `opusenc --framesize 20` into Ogg Opus, read back as 20 ms packets (FIELD-NOTES, werift section).
 * Results are cached on disk (by frequency and length) and in memory.
 */
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOggOpus } from './ogg-opus-reader.js';
import { encodeOggOpus, writeSineWav } from './sine-wav.js';

const memo = new Map<string, Promise<readonly Buffer[]>>();

export interface OpusToneOptions {
  /** Tone frequency in Hz (default 440). */
  readonly hz?: number;
  /** Length in seconds (default 1; loop it for longer). */
  readonly seconds?: number;
  /** Cache folder (default `$TMPDIR/parley-media`). */
  readonly cacheDir?: string;
}

/** Returns 20 ms Opus packets of a sine tone (48 kHz mono). Needs `sox` and `opusenc` on PATH. */
export function createOpusTone(options: OpusToneOptions = {}): Promise<readonly Buffer[]> {
  const hz = options.hz ?? 440;
  const seconds = options.seconds ?? 1;
  const dir = options.cacheDir ?? join(tmpdir(), 'parley-media');
  const key = `${dir}|${hz}|${seconds}`;
  let packets = memo.get(key);
  if (!packets) {
    packets = encodeTone(dir, hz, seconds);
    memo.set(key, packets);
    packets.catch(() => memo.delete(key));
  }
  return packets;
}

async function encodeTone(dir: string, hz: number, seconds: number): Promise<readonly Buffer[]> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, `tone-${hz}hz-${seconds}s`);
  const opusPath = `${base}.opus`;
  if (!(await exists(opusPath))) {
    // Unique temporaries, then an atomic rename: parallel test processes may race here.
    const unique = `${base}.${process.pid}.${Date.now()}`;
    await writeSineWav(`${unique}.wav`, { hz, seconds, volume: 0.5 });
    await encodeOggOpus(`${unique}.wav`, `${unique}.opus`, { bitrateKbps: 32 });
    await rename(`${unique}.opus`, opusPath);
    await rm(`${unique}.wav`, { force: true });
  }
  const file = readOggOpus(await readFile(opusPath));
  if (file.packets.length === 0) throw new Error(`No Opus packets in ${opusPath}`);
  return file.packets;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
