import { useEffect, useRef } from 'react';
import { levelFromSamples } from './audio-level.js';

/**
 * Measures the microphone level for the meter (0..1) and hands each value to `onLevel` about 30 times a
 * second, without re-rendering React. The engine does not expose its local track, so the meter opens its
 * own capture of the same microphone; it is closed as soon as the meter goes away.
 */
export function useMicLevel(
  active: boolean,
  onLevel: (level: number) => void,
  /** The microphone to measure (the one chosen in Audio settings); the default device when absent. */
  deviceId?: string,
): void {
  const callback = useRef(onLevel);
  useEffect(() => {
    callback.current = onLevel;
  });

  useEffect(() => {
    if (!active || !navigator.mediaDevices?.getUserMedia) return;
    let cancelled = false;
    let stream: MediaStream | undefined;
    let context: AudioContext | undefined;
    let frame = 0;

    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: {
            echoCancellation: false,
            noiseSuppression: false,
            autoGainControl: false,
            ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
          },
          video: false,
        });
      } catch {
        return; // the call view shows the engine's media error; the meter just stays flat
      }
      if (cancelled) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      context = new AudioContext();
      void context.resume().catch(() => undefined);
      const analyser = context.createAnalyser();
      analyser.fftSize = 512;
      context.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      let last = 0;
      const tick = (time: number): void => {
        if (cancelled) return;
        frame = requestAnimationFrame(tick);
        if (time - last < 33) return;
        last = time;
        analyser.getFloatTimeDomainData(samples);
        callback.current(levelFromSamples(samples));
      };
      frame = requestAnimationFrame(tick);
    })();

    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      for (const track of stream?.getTracks() ?? []) track.stop();
      void context?.close().catch(() => undefined);
    };
  }, [active, deviceId]);
}
