/**
 * One meter reading (0..1) from a block of Web Audio time-domain samples: RMS on a log scale, so
 * speech (RMS ≈ 0.01–0.3, i.e. −40…−10 dBFS) fills most of the meter and silence reads 0.
 */
export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length);
  return rms <= 0 ? 0 : Math.min(1, Math.max(0, (20 * Math.log10(rms) + 60) / 50));
}
