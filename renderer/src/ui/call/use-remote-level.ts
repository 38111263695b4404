import { useEffect, useRef } from 'react';
import { levelFromSamples } from './audio-level.js';

/** The element `main.tsx` plays the remote party with (outside React, so no re-render replaces it). */
export const REMOTE_AUDIO_ID = 'remote-audio';

/**
 * Measures the remote party's voice (0..1) for the meter, about 30 times a second, without re-rendering
 * React. It analyses the stream the remote `<audio>` element plays: Chromium feeds a remote WebRTC track
 * to Web Audio only while an unmuted element plays it (FIELD-NOTES), which that element does. The analyser
 * is not connected to the speakers, so nothing is heard twice. It follows the element's `srcObject`, which
 * the engine sets when the call's first remote track arrives.
 */
export function useRemoteLevel(active: boolean, onLevel: (level: number) => void): void {
  const callback = useRef(onLevel);
  useEffect(() => {
    callback.current = onLevel;
  });

  useEffect(() => {
    const element = document.getElementById(REMOTE_AUDIO_ID);
    if (!active || !(element instanceof HTMLAudioElement) || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    void context.resume().catch(() => undefined);
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    const samples = new Float32Array(analyser.fftSize);
    let source: MediaStreamAudioSourceNode | undefined;
    let attached: MediaStream | undefined;
    let frame = 0;
    let last = 0;

    const follow = (): void => {
      const stream = element.srcObject instanceof MediaStream ? element.srcObject : undefined;
      if (stream === attached) return;
      source?.disconnect();
      source = undefined;
      attached = stream;
      if (stream && stream.getAudioTracks().length > 0) {
        source = context.createMediaStreamSource(stream);
        source.connect(analyser);
      } else {
        attached = undefined; // no track yet: try again on the next frame
      }
    };

    const tick = (time: number): void => {
      frame = requestAnimationFrame(tick);
      if (time - last < 33) return;
      last = time;
      follow();
      if (!source) return callback.current(0);
      analyser.getFloatTimeDomainData(samples);
      callback.current(levelFromSamples(samples));
    };
    frame = requestAnimationFrame(tick);

    return () => {
      cancelAnimationFrame(frame);
      source?.disconnect();
      void context.close().catch(() => undefined);
    };
  }, [active]);
}
