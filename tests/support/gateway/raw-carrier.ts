/**
 * A carrier the test owns end to end (for the browser test of the gateway): a UDP SIP socket that answers
 * each INVITE with 100 and 200 and each BYE with 200, and a media socket of its own.
 *
 * - The answer (RFC 3264 §6.1) keeps the offer's payload types: PCMU (0) and the offer's
 *   `telephone-event/8000` (RFC 4733 §7.1.1), so the keypad's events arrive with that payload type.
 * - While the call is up the media socket plays a steady tone as PCMU (G.711 µ-law, 20 ms packets) to
 *   the address in the offer, and keeps every RTP packet it receives (for RFC 4733 §2.3 events: the event
 *   code is the payload's first byte, the E bit the top bit of the second).
 */
import dgram from 'node:dgram';

export interface RtpSeen {
  readonly payloadType: number;
  readonly timestamp: number;
  readonly payload: Buffer;
}

export interface RawCarrier {
  readonly port: number;
  /** Every INVITE received, as text. */
  readonly invites: string[];
  /** Every RTP packet received at the media socket. */
  readonly rtp: RtpSeen[];
  /** The telephone-event payload type of the last answer (undefined if the offer had none). */
  telephoneEventPt(): number | undefined;
  /** Resolves at the next INVITE. */
  nextInvite(): Promise<string>;
  /** Every ACK received, as text. */
  readonly acks: string[];
  /**
   * Sends a re-INVITE in the call's dialog (RFC 3261 §14) offering `direction` (RFC 3264 §8.4), ACKs a
   * 2xx, and resolves with the final response's text.
   */
  reinvite(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'): Promise<string>;
  close(): void;
}

/** ITU-T G.711 µ-law: one 16-bit linear sample → one byte. */
export function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(Math.round(sample)), 32_635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = 0;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz

/** RFC 3264 §6.1: the answer's direction for an offer's. */
function answerDirection(sdp: string): string {
  const offered = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(sdp)?.[1] ?? 'sendrecv';
  return { sendonly: 'recvonly', recvonly: 'sendonly' }[offered] ?? offered;
}

/** The offer's media address and its `telephone-event/8000` payload type. */
function readOffer(sdp: string): { host: string; port: number; telephoneEvent?: number } | undefined {
  const host = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];
  const port = /^m=audio (\d+) /m.exec(sdp)?.[1];
  if (host === undefined || port === undefined) return undefined;
  const te = /^a=rtpmap:(\d+) telephone-event\/8000/im.exec(sdp)?.[1];
  return { host, port: Number(port), ...(te === undefined ? {} : { telephoneEvent: Number(te) }) };
}

export async function startRawCarrier(options: { toneHz: number }): Promise<RawCarrier> {
  const sip = dgram.createSocket('udp4');
  const media = dgram.createSocket('udp4');
  await Promise.all([
    new Promise<void>((resolve) => sip.bind(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => media.bind(0, '127.0.0.1', resolve)),
  ]);
  const invites: string[] = [];
  const acks: string[] = [];
  /** The dialog of the call as the carrier (UAS) sees it, from the first INVITE (§12.1.1). */
  let dialog: { from: string; to: string; callId: string; target: string; via: string } | undefined;
  let cseq = 1;
  const finals = new Map<string, (text: string) => void>();
  const rtp: RtpSeen[] = [];
  const waiters: Array<(invite: string) => void> = [];
  const mediaPort = media.address().port;
  let telephoneEvent: number | undefined;
  let player: ReturnType<typeof setInterval> | undefined;
  /** The 200 to an INVITE goes again until its ACK (RFC 3261 §13.3.1.4), in case a datagram is lost. */
  let unacked: ReturnType<typeof setInterval> | undefined;
  const acked = (): void => {
    if (unacked !== undefined) clearInterval(unacked);
    unacked = undefined;
  };

  const stopTone = (): void => {
    if (player !== undefined) clearInterval(player);
    player = undefined;
  };
  const playTone = (host: string, port: number): void => {
    stopTone();
    const ssrc = 0x5eed0001;
    let seq = 0;
    let sample = 0;
    player = setInterval(() => {
      const packet = Buffer.alloc(12 + SAMPLES_PER_PACKET);
      packet[0] = 0x80; // RTP version 2
      packet[1] = seq === 0 ? 0x80 : 0; // marker on the first packet, payload type 0 (PCMU)
      packet.writeUInt16BE(seq & 0xffff, 2);
      packet.writeUInt32BE((sample >>> 0) & 0xffffffff, 4);
      packet.writeUInt32BE(ssrc, 8);
      for (let i = 0; i < SAMPLES_PER_PACKET; i++) {
        const t = (sample + i) / 8000;
        packet[12 + i] = linearToUlaw(12_000 * Math.sin(2 * Math.PI * options.toneHz * t));
      }
      seq++;
      sample += SAMPLES_PER_PACKET;
      media.send(packet, port, host);
    }, 20);
  };

  media.on('message', (packet) => {
    if (packet.length < 12 || packet[0]! >> 6 !== 2) return;
    rtp.push({
      payloadType: packet[1]! & 0x7f,
      timestamp: packet.readUInt32BE(4),
      payload: packet.subarray(12),
    });
  });

  sip.on('message', (data, from) => {
    const text = data.toString();
    if (text.startsWith('SIP/2.0')) {
      const status = Number(/^SIP\/2\.0 (\d+)/.exec(text)?.[1]);
      const key = /\r\nCSeq:\s*([^\r]+)/i.exec(text)?.[1]?.trim() ?? '';
      if (status >= 200) finals.get(key)?.(text);
      return;
    }
    const method = /^(\w+) /.exec(text)?.[1];
    if (method === 'ACK') {
      acks.push(text);
      acked();
    }
    if (method === undefined || method === 'ACK') return;
    const head = text.split('\r\n\r\n')[0] ?? '';
    const pick = (name: string): string[] =>
      head.split('\r\n').filter((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
    const to = pick('To')[0] ?? '';
    const response = (status: string, extra: string[] = [], body = ''): string =>
      [
        `SIP/2.0 ${status}`,
        ...pick('Via'),
        ...pick('From'),
        /;tag=/.test(to) ? to : `${to};tag=carrier`,
        ...pick('Call-ID'),
        ...pick('CSeq'),
        ...extra,
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n');
    const reply = (message: string): void => {
      sip.send(message, from.port, from.address);
    };
    if (method === 'INVITE') {
      invites.push(text);
      for (const w of waiters.splice(0)) w(text);
      const offer = readOffer(text.slice(head.length + 4));
      if (offer === undefined) {
        reply(response('488 Not Acceptable Here'));
        return;
      }
      const field = (name: string): string => pick(name)[0]?.replace(/^[^:]+:\s*/, '') ?? '';
      if (!/;tag=/.test(to)) {
        dialog = {
          from: `${field('To')};tag=carrier`,
          to: field('From'),
          callId: field('Call-ID'),
          target: /<([^>]+)>/.exec(field('Contact'))?.[1] ?? '',
          via: `${from.address}:${from.port}`,
        };
      }
      const direction = answerDirection(text);
      telephoneEvent = offer.telephoneEvent;
      const te = telephoneEvent === undefined ? [] : [telephoneEvent];
      const sdp = [
        'v=0',
        'o=carrier 1 1 IN IP4 127.0.0.1',
        's=-',
        'c=IN IP4 127.0.0.1',
        't=0 0',
        `m=audio ${mediaPort} RTP/AVP ${[0, ...te].join(' ')}`,
        'a=rtpmap:0 PCMU/8000',
        ...te.flatMap((pt) => [`a=rtpmap:${pt} telephone-event/8000`, `a=fmtp:${pt} 0-16`]),
        'a=ptime:20',
        `a=${direction}`,
        '',
      ].join('\r\n');
      reply(response('100 Trying'));
      const ok = response(
        '200 OK',
        [`Contact: <sip:carrier@127.0.0.1:${sip.address().port}>`, 'Content-Type: application/sdp'],
        sdp,
      );
      reply(ok);
      acked();
      unacked = setInterval(() => reply(ok), 500);
      if (direction === 'sendrecv' || direction === 'sendonly') playTone(offer.host, offer.port);
      else stopTone();
      return;
    }
    if (method === 'BYE') stopTone();
    reply(response('200 OK'));
  });

  return {
    port: sip.address().port,
    invites,
    rtp,
    telephoneEventPt: () => telephoneEvent,
    nextInvite: () => new Promise((resolve) => waiters.push(resolve)),
    acks,
    reinvite(direction) {
      const d = dialog;
      if (d === undefined) return Promise.reject(new Error('no call'));
      const n = ++cseq;
      const [host, port] = d.via.split(':');
      const sdp = [
        'v=0',
        'o=carrier 1 2 IN IP4 127.0.0.1',
        's=-',
        'c=IN IP4 127.0.0.1',
        't=0 0',
        `m=audio ${mediaPort} RTP/AVP 0`,
        'a=rtpmap:0 PCMU/8000',
        `a=${direction}`,
        '',
      ].join('\r\n');
      const head = (method: string, number: number, branch: string): string[] => [
        `${method} ${d.target} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${sip.address().port};branch=z9hG4bK${branch};rport`,
        'Max-Forwards: 70',
        `From: ${d.from}`,
        `To: ${d.to}`,
        `Call-ID: ${d.callId}`,
        `CSeq: ${number} ${method}`,
      ];
      const final = new Promise<string>((resolve) => finals.set(`${n} INVITE`, resolve));
      sip.send(
        [
          ...head('INVITE', n, `re${n}`),
          `Contact: <sip:carrier@127.0.0.1:${sip.address().port}>`,
          'Content-Type: application/sdp',
          `Content-Length: ${Buffer.byteLength(sdp)}`,
          '',
          sdp,
        ].join('\r\n'),
        Number(port),
        host,
      );
      return final.then((res) => {
        finals.delete(`${n} INVITE`);
        if (/^SIP\/2\.0 2/.test(res)) {
          const toTagged = /\r\nTo:\s*([^\r]+)/i.exec(res)?.[1] ?? d.to;
          const ack = [...head('ACK', n, `ack${n}`), 'Content-Length: 0', '', ''].join('\r\n');
          sip.send(ack.replace(/\r\nTo: [^\r]+/, `\r\nTo: ${toTagged}`), Number(port), host);
        }
        return res;
      });
    },
    close() {
      stopTone();
      acked();
      sip.close();
      media.close();
    },
  };
}
