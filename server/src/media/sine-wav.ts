/**
 * A sine tone as a file, with the Debian packages sox and opus-tools: 48 kHz, mono, 16-bit WAV, and
 * that WAV encoded to Ogg Opus in 20 ms frames (the frame size the media code expects; FIELD-NOTES).
 * Shared by the Opus tone source, the voicemail test tools and the browser tests' fake microphone.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SineWavOptions {
  /** Tone frequency in Hz. */
  readonly hz: number;
  /** Length in seconds. */
  readonly seconds: number;
  /** Amplitude, 0 to 1 (sox `vol`). */
  readonly volume: number;
}

/** Writes a 48 kHz mono 16-bit WAV of a sine tone to `file`. Needs `sox` on PATH. */
export async function writeSineWav(file: string, options: SineWavOptions): Promise<void> {
  await run('sox', [
    '-n',
    '-r',
    '48000',
    '-c',
    '1',
    '-b',
    '16',
    file,
    'synth',
    String(options.seconds),
    'sine',
    String(options.hz),
    'vol',
    String(options.volume),
  ]);
}

export interface OpusEncodeOptions {
  readonly bitrateKbps: number;
  /** Constrained VBR (`--cvbr`) instead of opusenc's default VBR. */
  readonly cvbr?: boolean;
}

/** Encodes a WAV file to Ogg Opus with 20 ms frames. Needs `opusenc` on PATH. */
export async function encodeOggOpus(wav: string, opus: string, options: OpusEncodeOptions): Promise<void> {
  await run('opusenc', [
    '--quiet',
    '--framesize',
    '20',
    '--bitrate',
    String(options.bitrateKbps),
    ...(options.cvbr ? ['--cvbr'] : []),
    wav,
    opus,
  ]);
}
