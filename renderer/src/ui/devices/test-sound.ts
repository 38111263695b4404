/**
 * "Play test sound": a short, friendly three-note chime (C5 E5 G5, soft attack and release) made with Web
 * Audio on the chosen speaker, so the user hears where call audio will come out.
 */
import { ringerContext } from '../call/use-ringtone.js';

export async function playTestSound(sinkId: string): Promise<void> {
  const context = ringerContext(sinkId);
  await context.resume().catch(() => undefined);
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(context.destination);
  const start = context.currentTime + 0.05;
  [523.25, 659.25, 783.99].forEach((hz, i) => {
    const oscillator = context.createOscillator();
    oscillator.type = 'sine';
    oscillator.frequency.value = hz;
    oscillator.connect(gain);
    const t0 = start + i * 0.28;
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(0.18, t0 + 0.03);
    gain.gain.linearRampToValueAtTime(0, t0 + 0.26);
    oscillator.start(t0);
    oscillator.stop(t0 + 0.27);
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await context.close().catch(() => undefined);
}
