/**
 * Probes the browser benchmarks share (bench/browser-call-setup.ts, bench/ui-call-latency.ts): a
 * synthetic microphone that sends silence but for one 440 Hz burst on demand, the first audio packet
 * of each peer connection, a burst detector on remote audio, and a percentile summary line.
 */
/**
 * Runs in each page before anything else: a synthetic microphone (oscillator → gain → stream, silent
 * until `burst()`), the remote track's first unmute per peer connection, and a burst detector on the
 * remote audio. A string, so no compiler helper leaks into the page.
 */
export const instrument = `
  (() => {
    const now = () => performance.timeOrigin + performance.now();
    const bench = (window.bench = { firstAudio: [], heardAt: undefined, burstAt: undefined });
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config) {
        super(config);
        const record = { firstPacketAt: undefined };
        bench.firstAudio.push(record);
        this.addEventListener('track', (event) => {
          const track = event.track;
          if (!track.muted) record.firstPacketAt ??= now();
          track.addEventListener('unmute', () => (record.firstPacketAt ??= now()), { once: true });
        });
      }
    };
    let mic;
    const micContext = () => {
      if (mic) return mic;
      const context = new AudioContext({ latencyHint: 0 });
      const oscillator = context.createOscillator();
      oscillator.frequency.value = 440;
      const gain = context.createGain();
      gain.gain.value = 0;
      const destination = context.createMediaStreamDestination();
      oscillator.connect(gain).connect(destination);
      const local = context.createAnalyser();
      local.fftSize = 256;
      gain.connect(local);
      oscillator.start();
      mic = { context, gain, destination, local };
      return mic;
    };
    // Opens the (fake) microphone as a real call does, so its cost stays in the numbers, then sends
    // the oscillator's track instead of the device's.
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const device = await getUserMedia(constraints);
      for (const track of device.getTracks()) track.stop();
      const { context, destination } = micContext();
      await context.resume();
      return new MediaStream([destination.stream.getAudioTracks()[0].clone()]);
    };
    // The burst leaves when the microphone's own context renders it into the track: an analyser on the
    // same graph, polled by the same detector as the far end, marks that moment.
    bench.burst = () => {
      const { context, gain, local } = micContext();
      bench.watch(local, (at) => (bench.burstAt = at));
      const start = context.currentTime + 0.05;
      gain.gain.setValueAtTime(0.5, start);
      gain.gain.setValueAtTime(0, start + 0.2);
    };
    bench.listen = (element) => {
      bench.heardAt = undefined;
      bench.detect(element.srcObject, (at) => (bench.heardAt = at));
    };
    bench.detect = (stream, onHeard) => {
      const context = new AudioContext({ latencyHint: 0 });
      const analyser = context.createAnalyser();
      analyser.fftSize = 256;
      context.createMediaStreamSource(stream).connect(analyser);
      bench.watch(analyser, onHeard, () => void context.close());
    };
    const watching = new Set();
    bench.watch = (analyser, onHeard, done) => {
      const samples = new Float32Array(analyser.fftSize);
      const stop = () => {
        clearInterval(timer);
        watching.delete(stop);
        if (done) done();
      };
      const timer = setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        let peak = 0;
        for (const s of samples) peak = Math.max(peak, Math.abs(s));
        if (peak > 0.1) {
          onHeard(now());
          stop();
        }
      }, 1);
      watching.add(stop);
    };
    // A burst never heard leaves its detector polling every millisecond: stop them all between calls.
    bench.stopWatching = () => {
      for (const stop of [...watching]) stop();
    };
  })();
`;

export function summary(name: string, values: number[]): string {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return `${name.padEnd(36)} no samples`;
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const f = (v: number): string => v.toFixed(1).padStart(6);
  return `${name.padEnd(36)} median ${f(median)} ms   p90 ${f(at(0.9))}   min ${f(sorted[0]!)}   max ${f(sorted.at(-1)!)}   (n=${sorted.length})`;
}

/** The `q` quantile (0..1) of `values` by nearest rank; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Runs in each page of the UI benchmark, after `instrument`: notes when the page's click events happen
 * (capture phase, the event's own timestamp), when an INVITE leaves or arrives on a WebSocket, and when
 * the incoming call's Answer button is first in the document, timed in the next animation frame (the
 * frame that paints it). Reset with `uiProbe.reset()` before each call. A string, like `instrument`.
 */
export const uiProbe = `
  (() => {
    const now = () => performance.timeOrigin + performance.now();
    const probe = (window.uiProbe = {});
    probe.reset = () => {
      probe.clickAt = undefined;
      probe.answerClickAt = undefined;
      probe.inviteSentAt = undefined;
      probe.inviteReceivedAt = undefined;
      probe.answerSeen = false;
      probe.answerPaintedAt = undefined;
    };
    probe.reset();
    const isInvite = (data) => typeof data === 'string' && data.startsWith('INVITE ');
    const Original = window.WebSocket;
    window.WebSocket = class extends Original {
      constructor(...args) {
        super(...args);
        // Added before the SIP stack's own listener, so it runs first.
        this.addEventListener('message', (event) => {
          if (isInvite(event.data)) probe.inviteReceivedAt ??= now();
        });
      }
      send(data) {
        if (isInvite(data)) probe.inviteSentAt ??= now();
        return super.send(data);
      }
    };
    window.addEventListener(
      'click',
      (event) => {
        const at = performance.timeOrigin + event.timeStamp;
        const answer = event.target instanceof Element && event.target.closest('button.answer');
        if (answer) probe.answerClickAt ??= at;
        else probe.clickAt ??= at;
      },
      true,
    );
    const observer = new MutationObserver(() => {
      if (probe.answerSeen || !document.querySelector('button.answer')) return;
      probe.answerSeen = true;
      requestAnimationFrame(() => (probe.answerPaintedAt = now()));
    });
    const observe = () => observer.observe(document.body, { childList: true, subtree: true });
    if (document.body) observe();
    else document.addEventListener('DOMContentLoaded', observe, { once: true });
  })();
`;
