/**
 * A carrier that calls in (for the DID-to-voicemail test): one UDP SIP socket at the trunk's address
 * sends an INVITE to a DID with a PCMU-only offer (RFC 3264), ACKs the 200 (RFC 3261 §13.2.2.4), then
 * plays a steady tone as PCMU (G.711 µ-law, 20 ms packets) to the answer's address until `bye()`.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { linearToUlaw } from './raw-carrier.js';

export interface CarrierCaller {
  /** The SIP socket's port (the trunk's address in the gateway file). */
  readonly port: number;
  /** Calls `did` at the service's UDP port; resolves with the 200's status line once it is ACKed and the tone plays. */
  call(did: string, from: string, servicePort: number): Promise<string>;
  /** BYE inside the call; resolves with the status of its response. */
  bye(): Promise<number>;
  close(): void;
}

const tok = (): string => randomBytes(5).toString('hex');

export async function startCarrierCaller(options: { toneHz: number }): Promise<CarrierCaller> {
  const sip = dgram.createSocket('udp4');
  const media = dgram.createSocket('udp4');
  await Promise.all([
    new Promise<void>((resolve) => sip.bind(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => media.bind(0, '127.0.0.1', resolve)),
  ]);
  const port = sip.address().port;
  const callId = `carrier-${tok()}@127.0.0.1`;
  const fromTag = tok();
  let to = '';
  let from = '';
  let remote = '';
  let servicePort = 0;
  let player: ReturnType<typeof setInterval> | undefined;
  let onResponse: ((text: string) => void) | undefined;
  sip.on('message', (data) => {
    const text = data.toString();
    if (text.startsWith('SIP/2.0 ')) onResponse?.(text);
  });
  const send = (text: string): void => {
    sip.send(text, servicePort, '127.0.0.1');
  };
  const header = (text: string, name: string): string =>
    new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(text.split('\r\n\r\n')[0] ?? '')?.[1]?.trim() ?? '';
  const request = (method: string, cseq: number, body = '', extra: string[] = []): string =>
    [
      `${method} ${remote} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${tok()};rport`,
      'Max-Forwards: 70',
      `From: ${from}`,
      `To: ${to}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: <sip:carrier@127.0.0.1:${port}>`,
      ...extra,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  const playTone = (host: string, rtpPort: number): void => {
    let seq = 0;
    let sample = 0;
    player = setInterval(() => {
      const packet = Buffer.alloc(12 + 160);
      packet[0] = 0x80;
      packet[1] = seq === 0 ? 0x80 : 0; // marker on the first packet, payload type 0 (PCMU)
      packet.writeUInt16BE(seq & 0xffff, 2);
      packet.writeUInt32BE(sample >>> 0, 4);
      packet.writeUInt32BE(0x5eed0002, 8);
      for (let i = 0; i < 160; i++) {
        const t = (sample + i) / 8000;
        packet[12 + i] = linearToUlaw(12_000 * Math.sin(2 * Math.PI * options.toneHz * t));
      }
      seq++;
      sample += 160;
      media.send(packet, rtpPort, host);
    }, 20);
  };
  const stopTone = (): void => {
    if (player !== undefined) clearInterval(player);
    player = undefined;
  };

  return {
    port,
    call(did, caller, target) {
      servicePort = target;
      remote = `sip:${did}@127.0.0.1:${servicePort};user=phone`;
      from = `<sip:${caller}@127.0.0.1:${port};user=phone>;tag=${fromTag}`;
      to = `<${remote}>`;
      const sdp = [
        'v=0',
        'o=carrier 1 1 IN IP4 127.0.0.1',
        's=-',
        'c=IN IP4 127.0.0.1',
        't=0 0',
        `m=audio ${media.address().port} RTP/AVP 0`,
        'a=rtpmap:0 PCMU/8000',
        'a=ptime:20',
        'a=sendrecv',
        '',
      ].join('\r\n');
      return new Promise((resolve, reject) => {
        onResponse = (text) => {
          const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
          if (!/ INVITE$/i.test(header(text, 'CSeq')) || status < 200 || player !== undefined) return;
          onResponse = undefined;
          if (status >= 300) {
            reject(new Error(`the DID call failed: ${text.split('\r\n')[0]}`));
            return;
          }
          to = header(text, 'To');
          const answer = text.split('\r\n\r\n')[1] ?? '';
          const host = /^c=IN IP4 (\S+)/m.exec(answer)?.[1] ?? '127.0.0.1';
          const rtpPort = Number(/^m=audio (\d+) /m.exec(answer)?.[1]);
          send(request('ACK', 1));
          playTone(host, rtpPort);
          resolve(text.split('\r\n')[0] ?? '');
        };
        send(request('INVITE', 1, sdp, ['Content-Type: application/sdp']));
      });
    },
    bye() {
      stopTone();
      return new Promise((resolve) => {
        onResponse = (text) => {
          if (/ BYE$/i.test(header(text, 'CSeq'))) resolve(Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]));
        };
        send(request('BYE', 2));
      });
    },
    close() {
      stopTone();
      sip.close();
      media.close();
    },
  };
}
