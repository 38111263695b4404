import { useEffect } from 'react';
import { startRingtone } from './ringtone.js';

/** Plays the ringtone while `ringing` is true. */
export function useRingtone(ringing: boolean): void {
  useEffect(() => {
    if (!ringing || typeof AudioContext === 'undefined') return;
    const ringtone = startRingtone();
    return () => ringtone.stop();
  }, [ringing]);
}
