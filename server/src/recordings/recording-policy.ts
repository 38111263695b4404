/**
 * The administrator's call-recording switch: `PARLEY_RECORDING` (or `--recording`) is `off` (the
 * default: nobody records, the service stores nothing) or `allowed`. Anything else stops the start with
 * a one-line reason, like every other setting (config.ts).
 */
import type { RecordingPolicy } from '../../../common/recording-types.js';

export function parseRecordingPolicy(raw: string | undefined): RecordingPolicy {
  if (raw === undefined) return 'off';
  const value = raw.trim().toLowerCase();
  if (value === 'off' || value === 'allowed') return value;
  throw new Error(`PARLEY_RECORDING must be off or allowed, got ${JSON.stringify(raw)}`);
}
