import { useEffect } from 'react';
import { startRingtone, type Ringtone } from './ringtone.js';

/**
 * Plays the ringtone while `ringing` is true, on the ringer device (`sinkId`, '' = the OS default);
 * softly while you are in another call (call waiting).
 *
 * The incoming call is painted first (issue 15): React runs this effect before the browser paints an
 * update from the phone engine, and making an AudioContext takes ~10 ms (seconds for a page's first one
 * on a loaded machine), so the ringtone starts in a task after the next frame instead.
 */
export function useRingtone(ringing: boolean, sinkId = '', soft = false): void {
  useEffect(() => {
    if (!ringing || typeof AudioContext === 'undefined') return;
    let ringtone: Ringtone | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => (ringtone = startRingtone(() => ringerContext(sinkId), soft)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      ringtone?.stop();
    };
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
