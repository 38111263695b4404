/**
 * A soft ringtone made with Web Audio (no asset): a 440 + 480 Hz chord, two short bursts then a pause,
 * with gentle attack and release so it never clicks.
 */
export interface Ringtone {
  stop(): void;
}

const PATTERN_S = 3; // one cycle: ring 0.4 s, pause 0.2 s, ring 0.4 s, silence
const BURSTS: readonly (readonly [start: number, length: number])[] = [
  [0, 0.4],
  [0.6, 0.4],
];
const VOLUME = 0.12;

/**
 * `soft`: call waiting while you talk in another call: one short, quiet burst per cycle, so it does not
 * drown the person you are talking to.
 */
export function startRingtone(
  createContext: () => AudioContext = () => new AudioContext(),
  soft = false,
): Ringtone {
  const volume = soft ? VOLUME / 3 : VOLUME;
  const bursts = soft ? BURSTS.slice(0, 1) : BURSTS;
  let context: AudioContext;
  try {
    context = createContext();
  } catch {
    return { stop: () => undefined }; // no Web Audio: the card still shows the call
  }
  void context.resume().catch(() => undefined);
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(context.destination);
  const oscillators = [440, 480].map((frequency) => {
    const oscillator = context.createOscillator();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start();
    return oscillator;
  });

  let scheduledUntil = context.currentTime;
  const schedule = (): void => {
    // Keep about two cycles scheduled ahead; timers in background tabs may be throttled.
    while (scheduledUntil < context.currentTime + 2 * PATTERN_S) {
      const cycle = Math.max(scheduledUntil, context.currentTime + 0.05);
      for (const [start, length] of bursts) {
        const t0 = cycle + start;
        gain.gain.setValueAtTime(0, t0);
        gain.gain.linearRampToValueAtTime(volume, t0 + 0.03);
        gain.gain.setValueAtTime(volume, t0 + length - 0.05);
        gain.gain.linearRampToValueAtTime(0, t0 + length);
      }
      scheduledUntil = cycle + PATTERN_S;
    }
  };
  schedule();
  const timer = setInterval(schedule, 1000);

  return {
    stop() {
      clearInterval(timer);
      gain.gain.cancelScheduledValues(context.currentTime);
      gain.gain.setValueAtTime(0, context.currentTime);
      for (const oscillator of oscillators) oscillator.stop();
      void context.close().catch(() => undefined);
    },
  };
}
