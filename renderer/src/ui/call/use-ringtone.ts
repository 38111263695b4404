import { useEffect } from 'react';
import { startRingtone } from './ringtone.js';

/**
 * Plays the ringtone while `ringing` is true, on the ringer device (`sinkId`, '' = the OS default);
 * softly while you are in another call (call waiting).
 */
export function useRingtone(ringing: boolean, sinkId = '', soft = false): void {
  useEffect(() => {
    if (!ringing || typeof AudioContext === 'undefined') return;
    const ringtone = startRingtone(() => ringerContext(sinkId), soft);
    return () => ringtone.stop();
  }, [ringing, sinkId, soft]);
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
