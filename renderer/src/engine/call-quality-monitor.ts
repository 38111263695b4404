/**
 * Reads an active call's media statistics every few seconds (through the platform's reader) and turns
 * them into a `CallQuality` with the pure `assessCallQuality`. The engine starts one monitor per call
 * when the call becomes active and stops it when the call ends.
 */
import type { SessionDescriptionHandler } from 'sip.js';
import type { Logger } from '../../../common/logger.js';
import { assessCallQuality } from './call-quality.js';
import type { CallStatsSample } from './call-quality.js';
import type { CallQuality } from './phone-engine-contract.js';

/** Platform code reads its media's statistics (browser: `RTCPeerConnection.getStats()`). */
export type CallStatsReader = (handler: SessionDescriptionHandler) => Promise<CallStatsSample | undefined>;

export interface CallQualityMonitorOptions {
  readonly read: CallStatsReader;
  /** Period between readings, ms (the engine's default is 2000). */
  readonly intervalMs: number;
  /** The current media handler of the call (it may be replaced by a re-INVITE). */
  readonly handler: () => SessionDescriptionHandler | undefined;
  readonly onQuality: (quality: CallQuality | undefined) => void;
  readonly logger: Logger;
}

/** Starts reading at once (the baseline), then every `intervalMs`. Returns `stop()`. */
export function startCallQualityMonitor(options: CallQualityMonitorOptions): () => void {
  let previous: CallStatsSample | undefined;
  let stopped = false;
  let reading = false;

  const tick = async (): Promise<void> => {
    const handler = options.handler();
    if (stopped || reading || !handler) return;
    reading = true;
    try {
      const sample = await options.read(handler);
      if (stopped || !sample) return;
      const quality = assessCallQuality(sample, previous);
      previous = sample;
      if (quality) options.onQuality(quality);
    } catch (error) {
      options.logger.debug({ tnx: 'quality', error: String(error) }, 'cannot read call statistics');
    } finally {
      reading = false;
    }
  };

  void tick();
  const timer = setInterval(() => void tick(), options.intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
