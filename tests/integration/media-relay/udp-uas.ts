/**
 * The smallest SIP user agent server over UDP that takes one call (RFC 3261 §13.3: 180 and 200 for an
 * INVITE, waits for the ACK; 200 for a BYE), so the media tests can let a phone call "the browser" and
 * do the offer/answer through the relay themselves. Loopback only: no retransmissions, no auth.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';

export interface IncomingInvite {
  readonly callId: string;
  readonly fromTag: string;
  readonly sdp: string;
}

export interface UdpUas {
  /** `sip:browser@127.0.0.1:PORT` */
  readonly uri: string;
  /** The local tag it answers with (the To tag of the dialog). */
  readonly toTag: string;
  /** Resolves on the first INVITE (180 Ringing is sent at once). */
  nextInvite(): Promise<IncomingInvite>;
  /** Sends 200 OK with `sdp` and resolves on the ACK. */
  answer(sdp: string): Promise<void>;
  /** Resolves when the caller sends BYE (answered 200). */
  byeReceived(): Promise<void>;
  close(): void;
}

const HEADER = (name: string, text: string): string[] =>
  text
    .split('\r\n')
    .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((line) => line.slice(name.length + 1).trim());

export async function openUdpUas(user = 'browser'): Promise<UdpUas> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const local = `127.0.0.1:${socket.address().port}`;
  const toTag = randomBytes(6).toString('hex');
  let invite: { text: string; port: number; address: string } | undefined;
  const listeners = new Set<(method: string, text: string) => void>();

  const respond = (request: string, status: string, port: number, address: string, body = ''): void => {
    const to = HEADER('To', request)[0] ?? '';
    const lines = [
      `SIP/2.0 ${status}`,
      ...HEADER('Via', request).map((via) => `Via: ${via}`),
      `From: ${HEADER('From', request)[0] ?? ''}`,
      `To: ${to.includes(';tag=') ? to : `${to};tag=${toTag}`}`,
      `Call-ID: ${HEADER('Call-ID', request)[0] ?? ''}`,
      `CSeq: ${HEADER('CSeq', request)[0] ?? ''}`,
      `Contact: <sip:${user}@${local}>`,
      ...(body === '' ? [] : ['Content-Type: application/sdp']),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    socket.send(lines.join('\r\n'), port, address);
  };

  socket.on('message', (msg, from) => {
    const text = msg.toString('utf8');
    const method = /^([A-Z]+) /.exec(text)?.[1];
    if (method === undefined) return;
    if (method === 'INVITE' && invite === undefined) {
      invite = { text, port: from.port, address: from.address };
      respond(text, '180 Ringing', from.port, from.address);
    }
    if (method === 'BYE') respond(text, '200 OK', from.port, from.address);
    for (const listener of listeners) listener(method, text);
  });

  const next = (wanted: string): Promise<string> =>
    new Promise<string>((resolve) => {
      const listener = (method: string, text: string): void => {
        if (method !== wanted) return;
        listeners.delete(listener);
        resolve(text);
      };
      listeners.add(listener);
    });

  const firstInvite = next('INVITE');
  return {
    uri: `sip:${user}@${local}`,
    toTag,
    async nextInvite() {
      const text = await firstInvite;
      const split = text.indexOf('\r\n\r\n');
      return {
        callId: HEADER('Call-ID', text)[0] ?? '',
        fromTag: /;tag=([^;\s>]+)/.exec(HEADER('From', text)[0] ?? '')?.[1] ?? '',
        sdp: split === -1 ? '' : text.slice(split + 4),
      };
    },
    async answer(sdp) {
      if (invite === undefined) throw new Error('answer before an INVITE arrived');
      const ack = next('ACK');
      respond(invite.text, '200 OK', invite.port, invite.address, sdp);
      await ack;
    },
    async byeReceived() {
      await next('BYE');
    },
    close: () => socket.close(),
  };
}
