/**
 * What `npm start` does about rtpengine: when PARLEY_RTPENGINE points at this machine and nothing
 * answers there yet, start one from `deploy/rtpengine/rtpengine.conf` (media ports 30000-30999) if the
 * binary is installed. Each outcome comes with the one line to print.
 */
import { NgClient } from './ng-client.js';
import { formatRtpengineAddress, type RtpengineAddress } from './rtpengine-address.js';
import { findRtpengineBinary, startRtpengine, type RtpengineProcess } from './rtpengine-process.js';

/** The media port range of deploy/rtpengine/rtpengine.conf (repeated so the command line states it). */
export const LOCAL_PORT_MIN = 30_000;
export const LOCAL_PORT_MAX = 30_999;

export type LocalRtpengine =
  | { readonly kind: 'started'; readonly process: RtpengineProcess; readonly note: string }
  | { readonly kind: 'running' | 'remote' | 'missing' | 'failed' | 'off'; readonly note: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** @param envPath where to look for the binary (PATH by default). */
export async function ensureLocalRtpengine(
  address: RtpengineAddress | undefined,
  envPath: string = process.env['PATH'] ?? '',
): Promise<LocalRtpengine> {
  if (address === undefined) {
    return {
      kind: 'off',
      note: 'Media relay off (PARLEY_RTPENGINE=off): calls between browsers and SIP phones get 488.',
    };
  }
  const target = formatRtpengineAddress(address);
  if (await answersPing(address)) return { kind: 'running', note: `Media relay: rtpengine at ${target}.` };
  if (!LOOPBACK.has(address.host)) {
    return {
      kind: 'remote',
      note: `Media relay: rtpengine at ${target} does not answer yet; calls to SIP phones get 488 until it does.`,
    };
  }
  const binary = findRtpengineBinary(envPath);
  if (binary === undefined) {
    return {
      kind: 'missing',
      note: 'Media relay: rtpengine is not installed (Debian: apt install rtpengine-daemon); calls between browsers and SIP phones get 488, browser-to-browser calls work.',
    };
  }
  try {
    const process = await startRtpengine({
      binary,
      ng: address,
      portMin: LOCAL_PORT_MIN,
      portMax: LOCAL_PORT_MAX,
    });
    return {
      kind: 'started',
      process,
      note: `Media relay: started rtpengine at ${target} (media ports ${LOCAL_PORT_MIN}-${LOCAL_PORT_MAX}).`,
    };
  } catch (error) {
    return {
      kind: 'failed',
      note: `Media relay: could not start rtpengine at ${target}: ${(error as Error).message}; calls to SIP phones get 488.`,
    };
  }
}

async function answersPing(address: RtpengineAddress): Promise<boolean> {
  const client = new NgClient({ address, timeoutMs: 200, retries: 1 });
  try {
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.close();
  }
}
