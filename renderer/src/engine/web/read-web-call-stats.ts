/**
 * Reads a browser call's statistics for the call-quality estimate, from the SIP.js Web handler's
 * `RTCPeerConnection.getStats()` (W3C "Identifiers for WebRTC's Statistics API"):
 * - `inbound-rtp` (kind audio): packetsReceived, packetsLost, jitter (s), audioLevel;
 * - the selected `candidate-pair`: currentRoundTripTime (s), from ICE consent checks (RFC 7675),
 *   else `remote-inbound-rtp.roundTripTime` (s), from RTCP receiver reports (RFC 3550 §6.4.1);
 * - `remote-inbound-rtp.fractionLost`: what the peer lost of our stream;
 * - `media-source` (kind audio): audioLevel of our microphone.
 */
import type { SessionDescriptionHandler } from 'sip.js';
import type { CallStatsSample } from '../call-quality.js';

type Report = { readonly type: string; readonly id: string } & Readonly<Record<string, unknown>>;

export async function readWebCallStats(
  handler: SessionDescriptionHandler,
): Promise<CallStatsSample | undefined> {
  const pc = (handler as { peerConnection?: RTCPeerConnection }).peerConnection;
  if (!pc || pc.connectionState === 'closed') return undefined;
  const stats = await pc.getStats();
  return sampleFromReports([...(stats.values() as Iterable<Report>)], performance.now());
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const ms = (seconds: unknown): number | undefined => {
  const value = num(seconds);
  return value === undefined ? undefined : value * 1000;
};

/** The pure part: one `getStats()` result (as a list of reports) → a sample. Exported for unit tests. */
export function sampleFromReports(reports: readonly Report[], at: number): CallStatsSample {
  const byId = new Map(reports.map((r) => [r.id, r]));
  const inbound = reports.find((r) => r.type === 'inbound-rtp' && r['kind'] === 'audio');
  const remoteInbound = reports.find((r) => r.type === 'remote-inbound-rtp' && r['kind'] === 'audio');
  const source = reports.find((r) => r.type === 'media-source' && r['kind'] === 'audio');
  // The selected pair: named by the transport, else the nominated succeeded one.
  const transport = reports.find((r) => r.type === 'transport');
  const selectedId = transport?.['selectedCandidatePairId'];
  const pair =
    (typeof selectedId === 'string' ? byId.get(selectedId) : undefined) ??
    reports.find((r) => r.type === 'candidate-pair' && r['nominated'] === true && r['state'] === 'succeeded');
  const rttMs = ms(pair?.['currentRoundTripTime']) ?? ms(remoteInbound?.['roundTripTime']);
  const sample: Record<string, number> = { at };
  const put = (key: keyof CallStatsSample, value: number | undefined): void => {
    if (value !== undefined) sample[key] = value;
  };
  put('packetsReceived', num(inbound?.['packetsReceived']));
  put('packetsLost', num(inbound?.['packetsLost']));
  put('jitterMs', ms(inbound?.['jitter']));
  put('rttMs', rttMs);
  put('remoteFractionLost', num(remoteInbound?.['fractionLost']));
  put('audioLevelIn', num(inbound?.['audioLevel']));
  put('audioLevelOut', num(source?.['audioLevel']));
  return sample as unknown as CallStatsSample;
}
