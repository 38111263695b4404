/**
 * One side of a gateway call as a SIP dialog (RFC 3261 §12): the identifiers, the remote target and the
 * route set, and the in-dialog requests built from them (§12.2.1.1). The gateway holds two per call — one
 * toward the local user (through the proxy), one toward the carrier — and never copies one's fields into
 * the other: that is what keeps the user's identity away from the carrier.
 */
import { randomBytes } from 'node:crypto';
import type { ParsedRequest, ParsedResponse } from '../../sip/message/parse-message.js';
import { SipMessage, type HeaderField } from '../../sip/message/sip-message.js';

export const token = (bytes = 6): string => randomBytes(bytes).toString('hex');
export const newBranch = (): string => `z9hG4bK${token(8)}`;

/** The URI inside a name-addr (`"x" <sip:a@b>;p` → `sip:a@b`) or an addr-spec. */
export function uriOf(value: string): string {
  const angle = /<([^>]*)>/.exec(value);
  return (angle ? angle[1] : value.split(';')[0])?.trim() ?? '';
}

/** A From/To value without its tag parameter. */
export function withoutTag(value: string): string {
  return value.replace(/;\s*tag=[^;]*/i, '');
}

export interface DialogState {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** From/To values (without tags) as this side writes them in its requests. */
  readonly localUri: string;
  readonly remoteUri: string;
  readonly remoteTarget: string;
  /** Route set, in the order the Route fields are written (§12.1.1, §12.1.2). */
  readonly routeSet: readonly string[];
}

export class SipDialog {
  private cseq: number;

  constructor(
    readonly state: DialogState,
    firstCseq: number,
  ) {
    this.cseq = firstCseq;
  }

  /** §12.1.1: the UAS's view of a dialog from the request that created it. */
  static asUas(req: ParsedRequest, localTag: string): SipDialog {
    const m = req.message;
    return new SipDialog(
      {
        callId: req.callId,
        localTag,
        remoteTag: req.fromTag ?? '',
        localUri: withoutTag(m.get('To') ?? ''),
        remoteUri: withoutTag(m.get('From') ?? ''),
        remoteTarget: uriOf(m.get('Contact') ?? '') || uriOf(m.get('From') ?? ''),
        routeSet: m.getAll('Record-Route'),
      },
      1,
    );
  }

  /** §12.1.2: the UAC's view from the request it sent and the 2xx (or 1xx with a tag) it got. */
  static asUac(sent: SipMessage, res: ParsedResponse): SipDialog {
    return new SipDialog(
      {
        callId: res.callId,
        localTag: /;\s*tag=([^;]*)/i.exec(sent.get('From') ?? '')?.[1] ?? '',
        remoteTag: res.toTag ?? '',
        localUri: withoutTag(sent.get('From') ?? ''),
        remoteUri: withoutTag(sent.get('To') ?? ''),
        remoteTarget: uriOf(res.message.get('Contact') ?? '') || uriOf(sent.get('To') ?? ''),
        routeSet: [...res.message.getAll('Record-Route')].reverse(),
      },
      Number((sent.get('CSeq') ?? '1').split(/\s+/)[0]) + 1,
    );
  }

  /** §12.2.1.1: a request inside the dialog (loose routing: Request-URI = remote target). */
  request(method: string, via: string, extra: readonly HeaderField[] = [], body = ''): SipMessage {
    const number = method === 'ACK' ? this.cseq - 1 : this.cseq++;
    return this.requestWithCseq(method, via, number, extra, body);
  }

  /** The ACK of the 2xx to the INVITE with CSeq `inviteCseq` (§13.2.2.4: same CSeq number). */
  ack(via: string, inviteCseq: number): SipMessage {
    return this.requestWithCseq('ACK', via, inviteCseq, [], '');
  }

  private requestWithCseq(
    method: string,
    via: string,
    cseq: number,
    extra: readonly HeaderField[],
    body: string,
  ): SipMessage {
    const s = this.state;
    const headers: HeaderField[] = [
      { name: 'Via', value: via },
      { name: 'Max-Forwards', value: '70' },
      ...s.routeSet.map((value) => ({ name: 'Route', value })),
      { name: 'From', value: `${s.localUri};tag=${s.localTag}` },
      { name: 'To', value: `${s.remoteUri};tag=${s.remoteTag}` },
      { name: 'Call-ID', value: s.callId },
      { name: 'CSeq', value: `${cseq} ${method}` },
      ...extra,
    ];
    return new SipMessage({ kind: 'request', method, uri: s.remoteTarget }, headers, body);
  }
}

/** The first request of a dialog (§8.1.1). */
export function newRequest(spec: {
  readonly method: string;
  readonly uri: string;
  readonly via: string;
  readonly from: string;
  readonly to: string;
  readonly callId: string;
  readonly cseq: number;
  readonly headers?: readonly HeaderField[];
  readonly body?: string;
}): SipMessage {
  return new SipMessage(
    { kind: 'request', method: spec.method, uri: spec.uri },
    [
      { name: 'Via', value: spec.via },
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: spec.from },
      { name: 'To', value: spec.to },
      { name: 'Call-ID', value: spec.callId },
      { name: 'CSeq', value: `${spec.cseq} ${spec.method}` },
      ...(spec.headers ?? []),
    ],
    spec.body ?? '',
  );
}

/** §9.1 CANCEL of a sent INVITE: same Request-URI, Via (branch), Call-ID, From, To, CSeq number. */
export function cancelOf(invite: SipMessage, reason?: string): SipMessage {
  if (invite.startLine.kind !== 'request') throw new Error('not a request');
  const number = (invite.get('CSeq') ?? '1').split(/\s+/)[0] ?? '1';
  return new SipMessage(
    { kind: 'request', method: 'CANCEL', uri: invite.startLine.uri },
    [
      { name: 'Via', value: invite.get('Via') ?? '' },
      { name: 'Max-Forwards', value: '70' },
      ...invite.getAll('Route').map((value) => ({ name: 'Route', value })),
      { name: 'From', value: invite.get('From') ?? '' },
      { name: 'To', value: invite.get('To') ?? '' },
      { name: 'Call-ID', value: invite.get('Call-ID') ?? '' },
      { name: 'CSeq', value: `${number} CANCEL` },
      ...(reason ? [{ name: 'Reason', value: reason }] : []),
    ],
    '',
  );
}

/** The SDP body of a message with its Content-Type, for copying into the other side's message. */
export function sdpOf(message: SipMessage): { contentType: string; text: string } | undefined {
  const type = message.get('Content-Type') ?? '';
  if (!/^application\/sdp/i.test(type) || message.body.trim() === '') return undefined;
  return { contentType: 'application/sdp', text: message.body };
}

/**
 * An SDP with the originator's user name and session name blanked (RFC 8866 §5.2: `-` when there is no
 * user), so nothing of the local user's device reaches the carrier in it.
 */
export function anonymousSdp(sdp: string): string {
  return sdp.replace(/^o=\S+ /m, 'o=- ').replace(/^s=.*$/m, 's=-');
}
