import { useEffect } from 'react';
import { startRingtone } from './ringtone.js';

/** Plays the ringtone while `ringing` is true, on the ringer device (`sinkId`, '' = the OS default). */
export function useRingtone(ringing: boolean, sinkId = ''): void {
  useEffect(() => {
    if (!ringing || typeof AudioContext === 'undefined') return;
    const ringtone = startRingtone(() => ringerContext(sinkId));
    return () => ringtone.stop();
  }, [ringing, sinkId]);
}

/** An AudioContext that plays on `sinkId` (Chromium's `AudioContextOptions.sinkId`), else the default. */
export function ringerContext(sinkId: string): AudioContext {
  if (!sinkId) return new AudioContext();
  try {
    return new AudioContext({ sinkId } as AudioContextOptions);
  } catch {
    return new AudioContext(); // the device vanished or the option is unknown: ring on the default
  }
}
