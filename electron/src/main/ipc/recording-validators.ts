/** Validators of the `recordings:*` channels' arguments (see ipc-validators.ts for the house rules). */
import type { SaveRecordingRequest } from '../../../../common/ipc-contract.js';
import { MAX_RECORDING_BYTES } from '../../../../common/recording-types.js';
import { bad, CONTROL_RE, ok, type Validation } from './validation.js';

/** File names this shell writes: no path separators, no dots in front, `.ogg` at the end. */
export const RECORDING_FILE_RE = /^parley-[A-Za-z0-9._@+-]{1,160}\.ogg$/;
const SAVE_KEYS = ['peerUri', 'peerName', 'direction', 'startedAt', 'durationMs', 'data'];

export function validateRecordingId(input: unknown): Validation<string> {
  return typeof input === 'string' && RECORDING_FILE_RE.test(input) && !input.includes('..')
    ? ok(input)
    : bad('id is not a recording of this folder');
}

const text = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max && !CONTROL_RE.test(value);
const count = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 53;

export function validateSaveRecording(input: unknown): Validation<SaveRecordingRequest> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return bad('expected an object');
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!SAVE_KEYS.includes(k)) return bad(`unexpected field "${k}"`);
  if (!text(o['peerUri'], 512)) return bad('peerUri must be the other party’s address');
  if (o['peerName'] !== undefined && !text(o['peerName'], 200)) return bad('peerName is not a name');
  if (o['direction'] !== 'outgoing' && o['direction'] !== 'incoming')
    return bad('direction must be outgoing or incoming');
  if (!count(o['startedAt']) || !count(o['durationMs'])) return bad('startedAt and durationMs must be ms');
  const data = o['data'];
  if (!(data instanceof Uint8Array) || data.length === 0 || data.length > MAX_RECORDING_BYTES)
    return bad(`data must be 1 to ${MAX_RECORDING_BYTES} bytes`);
  return ok({
    peerUri: o['peerUri'],
    ...(o['peerName'] !== undefined ? { peerName: o['peerName'] as string } : {}),
    direction: o['direction'],
    startedAt: o['startedAt'],
    durationMs: o['durationMs'],
    data,
  });
}
