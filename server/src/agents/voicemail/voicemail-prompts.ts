/**
 * The default prompts, committed as Ogg Opus in `assets/voicemail/` (made by `make-assets.sh` with
 * espeak-ng → sox → opusenc --framesize 20) and read back as 20 ms packets, sent without decoding.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readOggOpus } from '../../mail/ogg-opus-reader.js';
import type { VoicemailPrompts } from './voicemail-call.js';

const ASSETS = new URL('../../../../assets/voicemail/', import.meta.url);

/** Loads `greeting.opus` and `beep.opus` (or the files given) into packets. */
export async function loadVoicemailPrompts(
  paths: { greeting?: string; beep?: string } = {},
): Promise<VoicemailPrompts> {
  const load = async (path: string): Promise<readonly Buffer[]> => {
    const { packets } = readOggOpus(await readFile(path));
    if (packets.length === 0) throw new Error(`no audio in ${path}`);
    return packets;
  };
  const [greeting, beep] = await Promise.all([
    load(paths.greeting ?? fileURLToPath(new URL('greeting.opus', ASSETS))),
    load(paths.beep ?? fileURLToPath(new URL('beep.opus', ASSETS))),
  ]);
  return { greeting, beep };
}
