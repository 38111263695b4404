/**
 * Reads the RTP payload types of the packets arriving at given UDP ports, with tshark on the loopback
 * interface. SRTP (RFC 3711 §3.1) encrypts the payload but not the RTP header, so the payload type of
 * WebRTC media is visible on the wire: RFC 4733 telephone events show up as packets of the
 * telephone-event payload type negotiated in the SDP. Needs root (as CI runs) and `tshark`.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RtpCapture {
  /** Payload types seen so far, one entry per packet (in arrival order). */
  payloadTypes(): number[];
  stop(): Promise<void>;
}

export async function captureRtpPayloadTypes(ports: readonly number[]): Promise<RtpCapture> {
  if (ports.length === 0) throw new Error('no ports to capture');
  const filter = `udp and (${ports.map((p) => `dst port ${p}`).join(' or ')})`;
  const decodeAs = ports.flatMap((p) => ['-d', `udp.port==${p},rtp`]);
  const child: ChildProcess = spawn(
    'tshark',
    ['-i', 'lo', '-l', '-n', '-f', filter, ...decodeAs, '-T', 'fields', '-e', 'rtp.p_type'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const types: number[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (/^\d+$/.test(line.trim())) types.push(Number(line.trim()));
  });
  // tshark says "Capturing on 'Loopback: lo'" on stderr once the capture runs.
  await new Promise<void>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`tshark did not start: ${err}`)), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (/Capturing on/i.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tshark exited (${code}): ${err}`));
    });
  });
  return {
    payloadTypes: () => [...types],
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}
