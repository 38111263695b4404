import { useEffect } from 'react';
import { startRingtone } from './ringtone.js';

/** Plays the ringtone while `ringing` is true; softly while you are in another call (call waiting). */
export function useRingtone(ringing: boolean, soft = false): void {
  useEffect(() => {
    if (!ringing || typeof AudioContext === 'undefined') return;
    const ringtone = startRingtone(undefined, soft);
    return () => ringtone.stop();
  }, [ringing, soft]);
}
