/**
 * A real rtpengine for tests: userspace, loopback, from the repository's config file, with an ng port
 * and a media port range chosen at run time so parallel runs do not collide. Resolves once it answers
 * an ng `ping`; `stop()` ends it by PID.
 */
import {
  findRtpengineBinary,
  startRtpengine,
  type RtpengineProcess,
} from '../../../server/src/media-relay/rtpengine-process.js';
import { freeUdpPort } from './free-port.js';

export interface TestRtpengine extends RtpengineProcess {
  /** `udp:127.0.0.1:PORT`, the PARLEY_RTPENGINE value for a service under test. */
  readonly setting: string;
  /** Its log so far (stderr lines), for failure messages. */
  log(): string;
}

/** Media ports per instance: two calls × two legs × (RTP + RTCP) with room to spare. */
const RANGE = 200;

export async function startTestRtpengine(): Promise<TestRtpengine> {
  const binary = findRtpengineBinary();
  if (binary === undefined) throw new Error('rtpengine is not installed (Debian package rtpengine-daemon)');
  const port = await freeUdpPort();
  // A range clear of the ephemeral ports Linux hands out (32768-60999) and of the usual fixed ones.
  const portMin = 20_000 + 2 * Math.floor(Math.random() * ((12_000 - RANGE) / 2));
  const lines: string[] = [];
  const process = await startRtpengine({
    binary,
    ng: { host: '127.0.0.1', port },
    portMin,
    portMax: portMin + RANGE - 1,
    onLog: (line) => lines.push(line),
  });
  return { ...process, setting: `udp:127.0.0.1:${port}`, log: () => lines.join('\n') };
}
