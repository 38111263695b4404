/**
 * The smallest SIP user agent client over UDP that places one call (RFC 3261 §13.2: INVITE, ACK for
 * the 2xx, BYE), so the media tests can drive offer/answer through the relay themselves before the
 * service speaks UDP. Loopback only: no retransmission timers, no authentication.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';

export interface CallAnswer {
  readonly status: number;
  readonly toTag: string;
  readonly sdp: string;
  /** ms from sending INVITE to the first 180, if any. */
  readonly ringingAfterMs?: number;
}

export interface UdpCall {
  readonly callId: string;
  readonly fromTag: string;
  /** Sends INVITE with `sdp` to `uri` (`sip:user@127.0.0.1:port`) and waits for the final response; ACKs a 2xx. */
  invite(sdp: string): Promise<CallAnswer>;
  /** Sends BYE and waits for its 200. */
  bye(): Promise<void>;
  close(): void;
}

const token = (): string => randomBytes(6).toString('hex');

interface Parsed {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
  readonly cseq: string;
}

function parseResponse(text: string): Parsed | undefined {
  const status = /^SIP\/2\.0 (\d{3})/.exec(text);
  if (status === null) return undefined;
  const split = text.indexOf('\r\n\r\n');
  const headers = split === -1 ? text : text.slice(0, split);
  return {
    status: Number(status[1]),
    headers,
    body: split === -1 ? '' : text.slice(split + 4),
    cseq: /^CSeq:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? '',
  };
}

export async function openUdpCall(uri: string): Promise<UdpCall> {
  const target = /^sip:[^@]+@([^:;>]+):(\d+)/.exec(uri);
  if (target === null) throw new Error(`openUdpCall: ${uri} has no host:port`);
  const [host, port] = [target[1] ?? '', Number(target[2])];
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const local = `127.0.0.1:${socket.address().port}`;
  const callId = `${token()}@parley-test`;
  const fromTag = token();
  let toHeader = `<${uri}>`;
  let remoteTarget = uri;

  const waiters = new Set<(response: Parsed) => void>();
  socket.on('message', (msg) => {
    const response = parseResponse(msg.toString('utf8'));
    if (response !== undefined) for (const waiter of [...waiters]) waiter(response);
  });

  const send = (method: string, requestUri: string, cseq: number, body = ''): void => {
    const lines = [
      `${method} ${requestUri} SIP/2.0`,
      `Via: SIP/2.0/UDP ${local};branch=z9hG4bK${token()};rport`,
      'Max-Forwards: 70',
      `From: <sip:relay-test@127.0.0.1>;tag=${fromTag}`,
      `To: ${toHeader}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      `Contact: <sip:relay-test@${local}>`,
      ...(body === '' ? [] : ['Content-Type: application/sdp']),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    socket.send(lines.join('\r\n'), port, host);
  };

  /** The final response to the request with CSeq `cseq`; `onProvisional` sees the 1xx. */
  const finalResponse = (cseq: string, onProvisional?: (r: Parsed) => void): Promise<Parsed> =>
    new Promise<Parsed>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no final response to ${cseq} from ${uri}`));
      }, 10_000);
      const waiter = (response: Parsed): void => {
        if (response.cseq !== cseq) return;
        if (response.status < 200) {
          onProvisional?.(response);
          return;
        }
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(response);
      };
      waiters.add(waiter);
    });

  return {
    callId,
    fromTag,
    async invite(sdp) {
      const sentAt = performance.now();
      let ringingAfterMs: number | undefined;
      const final = finalResponse('1 INVITE', (r) => {
        if (r.status === 180 && ringingAfterMs === undefined) ringingAfterMs = performance.now() - sentAt;
      });
      send('INVITE', uri, 1, sdp);
      const response = await final;
      const to = /^(?:To|t):\s*(.+)$/im.exec(response.headers)?.[1]?.trim() ?? '';
      const toTag = /;tag=([^;\s>]+)/.exec(to)?.[1] ?? '';
      if (response.status >= 200 && response.status < 300) {
        toHeader = to;
        remoteTarget = /^(?:Contact|m):\s*<([^>]+)>/im.exec(response.headers)?.[1] ?? uri;
        send('ACK', remoteTarget, 1);
      }
      return {
        status: response.status,
        toTag,
        sdp: response.body,
        ...(ringingAfterMs === undefined ? {} : { ringingAfterMs }),
      };
    },
    async bye() {
      const final = finalResponse('2 BYE');
      send('BYE', remoteTarget, 2);
      const response = await final;
      if (response.status !== 200) throw new Error(`BYE answered ${response.status}`);
    },
    close: () => socket.close(),
  };
}
