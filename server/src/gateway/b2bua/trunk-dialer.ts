/**
 * The carrier side of an outbound call before it is answered: the INVITE to each allowed trunk in turn
 * (RFC 3261 §8.1.1 — a new dialog of the gateway's own: Call-ID, From = the trunk's caller ID, the user's
 * SDP anonymised), digest toward the carrier once per trunk (§22.2), failover on 503, 408 or no
 * provisional response within the failover time, and CANCEL once a provisional has come (§9.1).
 *
 * ```
 *  dial() ─▶ trunk 1: claimTrunk → INVITE ─401/407─▶ INVITE + Authorization
 *              │ 503 / 408 / no 1xx in failoverMs          │ 1xx → events.provisional
 *              ▼                                           │ 2xx → events.answered
 *            trunk 2 … ─▶ none left → events.exhausted     │ other final → events.refused
 * ```
 * A 2xx that arrives for an attempt already given up on (failover, cancel) is ACKed and ended with BYE.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ParsedRequest, ParsedResponse } from '../../sip/message/parse-message.js';
import type { HeaderField, SipMessage } from '../../sip/message/sip-message.js';
import type { ClientTransaction } from '../../sip/transaction/client-transaction.js';
import type { Flow } from '../../sip/transport/flow.js';
import type { Authorized, Trunk } from '../gateway-policy.js';
import type { CallEnv, GatewayCall } from './call-env.js';
import { answerChallenge } from './digest-client.js';
import { viaOn } from './reoffer-bridge.js';
import { anonymousSdp, cancelOf, newBranch, newRequest, SipDialog, sdpOf, token } from './sip-dialog.js';

/** One INVITE toward one trunk. */
export interface Attempt {
  readonly trunk: Trunk;
  readonly flow: Flow;
  invite: SipMessage;
  ct?: ClientTransaction;
  provisional: boolean;
  done: boolean;
  authTried: boolean;
  cancelWanted: boolean;
  cancelSent: boolean;
  timer?: NodeJS.Timeout;
}

/** What the call hears from its dialer. */
export interface DialerEvents {
  /** The user gave up (CANCEL, shutdown): stop trying. */
  cancelled(): boolean;
  /** A provisional response above 100 from the current trunk. */
  provisional(res: ParsedResponse): void;
  /** The current trunk answered (first 2xx of the attempt, or a retransmission of it). */
  answered(attempt: Attempt, res: ParsedResponse): void;
  /** The current trunk refused with a final status that is no reason to try another. */
  refused(status: number, reason: string | undefined): void;
  /** No trunk took the call: `status` is 408 when the last one timed out, 503 otherwise. */
  exhausted(status: 408 | 503): void;
}

export class TrunkDialer {
  private attempt: Attempt | undefined;
  private lastStatus = 503;

  constructor(
    private readonly env: CallEnv,
    private readonly call: GatewayCall,
    private readonly auth: Authorized,
    private readonly userInvite: ParsedRequest,
    private readonly events: DialerEvents,
    private readonly trunks: Trunk[] = [...auth.trunks],
  ) {}

  /** The attempt now in progress or the last one made. */
  current(): Attempt | undefined {
    return this.attempt;
  }

  /** Tries the remaining trunks in order until one takes the call or none is left. */
  async dial(): Promise<void> {
    for (let trunk = this.trunks.shift(); trunk; trunk = this.trunks.shift()) {
      if (this.events.cancelled()) break;
      if (!this.auth.claimTrunk(trunk.name)) continue;
      try {
        await this.invite(trunk);
        return;
      } catch (err) {
        this.env.logger.warn({ tnx: 'gateway', trunk: trunk.name, err: String(err) }, 'trunk unreachable');
        this.lastStatus = 503;
      }
    }
    this.events.exhausted(this.lastStatus === 408 ? 408 : 503);
  }

  /** The user cancelled: CANCEL the current attempt (at once, or when its first provisional comes). */
  cancel(): void {
    const a = this.attempt;
    if (!a || a.done || a.cancelSent) return;
    if (!a.provisional) {
      a.cancelWanted = true; // §9.1: not before a provisional response
      return;
    }
    a.cancelSent = true;
    const branch = /;\s*branch=([^;\s]+)/i.exec(a.invite.get('Via') ?? '')?.[1] ?? newBranch();
    const ignore = (): void => undefined;
    this.env.link.sendRequest(a.flow, branch, cancelOf(a.invite), {
      onResponse: ignore,
      onTimeout: ignore,
      onTransportError: ignore,
    });
  }

  /** The call is over: no timer of ours may fire. */
  stop(): void {
    if (this.attempt?.timer) clearTimeout(this.attempt.timer);
  }

  private async invite(trunk: Trunk): Promise<void> {
    const address = isIP(trunk.host) ? trunk.host : (await lookup(trunk.host)).address;
    const flow = await this.env.link.flowTo(trunk.transport, address, trunk.port);
    const e164 = this.auth.quote.e164;
    const sentBy = flow.sentBy ?? this.env.link.domain;
    const ourHost = sentBy.replace(/:\d+$/, '');
    const params = trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`;
    const sdp = sdpOf(this.userInvite.message);
    const headers: HeaderField[] = [
      { name: 'Contact', value: `<sip:gateway@${sentBy}${params}>` },
      { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS' },
      ...(sdp ? [{ name: 'Content-Type', value: sdp.contentType }] : []),
    ];
    const invite = newRequest({
      method: 'INVITE',
      uri: `sip:${e164}@${trunk.host}:${trunk.port}${params}`,
      via: '',
      from: `<sip:${trunk.callerId}@${ourHost}>;tag=${token()}`,
      to: `<sip:${e164}@${trunk.host}>`,
      callId: token(12),
      cseq: 1,
      headers,
      body: sdp ? anonymousSdp(sdp.text) : '',
    });
    const attempt: Attempt = {
      trunk,
      flow,
      invite,
      provisional: false,
      done: false,
      authTried: false,
      cancelWanted: false,
      cancelSent: false,
    };
    this.attempt = attempt;
    this.env.track('carrier', invite.get('Call-ID') ?? '', this.call, flow.remote.address);
    this.env.logger.info(
      { tnx: 'gateway', trunk: trunk.name, callId: this.userInvite.callId },
      'INVITE to trunk',
    );
    this.send(attempt, invite);
  }

  private send(a: Attempt, invite: SipMessage): void {
    const branch = newBranch();
    invite.set('Via', viaOn(a.flow, this.env.link.domain, branch));
    a.invite = invite;
    a.provisional = false;
    a.ct = this.env.link.sendRequest(a.flow, branch, invite, {
      onResponse: (res) => this.onResponse(a, res),
      onTimeout: () => this.failed(a, 408),
      onTransportError: () => this.failed(a, 503),
    });
    if (a.timer) clearTimeout(a.timer);
    // No provisional at all within the failover time: the trunk is taken as dead (§8.1.3.1 treats
    // transport trouble as 503); on UDP the INVITE's own Timer B would take 32 s.
    a.timer = setTimeout(() => {
      if (a.provisional || a.done) return;
      a.ct?.terminate();
      this.failed(a, 408);
    }, this.env.failoverMs);
    a.timer.unref();
  }

  private onResponse(a: Attempt, res: ParsedResponse): void {
    const status = res.status;
    if (a !== this.attempt) {
      // A 2xx for an attempt given up on (failover): take it and end it at once.
      if (status >= 200 && status < 300) this.ackAndBye(a, res);
      return;
    }
    if (status >= 200 && status < 300) {
      a.done = true;
      if (a.timer) clearTimeout(a.timer);
      this.events.answered(a, res);
      return;
    }
    if (a.done) return;
    if (status < 200) {
      a.provisional = true;
      if (a.timer) clearTimeout(a.timer);
      if (a.cancelWanted) this.cancel();
      if (status > 100) this.events.provisional(res);
      return;
    }
    if (this.retryWithDigest(a, res)) return;
    a.done = true;
    if (a.timer) clearTimeout(a.timer);
    if ((status === 503 || status === 408) && !this.events.cancelled()) {
      this.lastStatus = status;
      void this.dial();
      return;
    }
    const reason = res.message.startLine.kind === 'response' ? res.message.startLine.reason : undefined;
    this.events.refused(status, reason);
  }

  /** §22.2: a 401/407 from the trunk is answered once with its credentials. */
  private retryWithDigest(a: Attempt, res: ParsedResponse): boolean {
    const status = res.status;
    if ((status !== 401 && status !== 407) || a.authTried || !a.trunk.username) return false;
    if (this.events.cancelled()) return false;
    const uri = a.invite.startLine.kind === 'request' ? a.invite.startLine.uri : '';
    const challenges = res.message.getAll(status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate');
    const answer = answerChallenge(
      status,
      challenges,
      { username: a.trunk.username, password: a.trunk.password ?? '' },
      'INVITE',
      uri,
    );
    if (!answer) return false;
    a.authTried = true;
    const next = a.invite.clone();
    next.set('CSeq', '2 INVITE');
    next.append(answer.name, answer.value);
    this.send(a, next);
    return true;
  }

  private failed(a: Attempt, status: 408 | 503): void {
    if (a.done || a !== this.attempt) return;
    a.done = true;
    if (a.timer) clearTimeout(a.timer);
    this.lastStatus = status;
    void this.dial();
  }

  private ackAndBye(a: Attempt, res: ParsedResponse): void {
    const dialog = SipDialog.asUac(a.invite, res);
    a.flow.send(dialog.ack(viaOn(a.flow, this.env.link.domain), res.cseq).toString());
    const bye = dialog.request('BYE', '');
    const branch = newBranch();
    bye.set('Via', viaOn(a.flow, this.env.link.domain, branch));
    const ignore = (): void => undefined;
    this.env.link.sendRequest(a.flow, branch, bye, {
      onResponse: ignore,
      onTimeout: ignore,
      onTransportError: ignore,
    });
  }
}
