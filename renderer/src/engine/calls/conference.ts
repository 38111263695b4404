/**
 * Conference ("Merge calls", issue 13): the platform mixes audio (engine/web/conference-mixer.ts in a
 * browser); the engine decides which calls take part and when the mix ends.
 *
 * Rules:
 * - Only answered calls merge; held ones are resumed first (a held call sends nothing).
 * - When any call of the conference ends, the mix stops and the remaining call goes back to the plain
 *   microphone; hanging up the conference (our "Hang up") ends every call in it.
 */
import type { SessionDescriptionHandler } from 'sip.js';

export interface ConferenceMix {
  stop(): void;
}

/** Builds the mix for the calls' media handlers (absent where the platform cannot mix, e.g. Node). */
export type ConferenceMixer = (handlers: readonly SessionDescriptionHandler[]) => ConferenceMix;

let next = 1;

/** A new conference id, shared by the merged calls' snapshots. */
export function newConferenceId(): string {
  return `conf-${next++}`;
}
