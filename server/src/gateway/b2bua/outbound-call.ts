/**
 * A call from a local user to a phone number: the gateway is the user's UAS (through the proxy) and the
 * carrier's UAC, with two dialogs that share nothing but the SDP (RFC 7092 §3.1, a signaling-only B2BUA;
 * the media is anchored by the relay at the proxy).
 *
 * ```
 *  user ──INVITE──▶ gateway: 100; policy.authorizeOutbound ──refused──▶ 403 + Reason + X-Parley-Refusal
 *                            │ allowed: for each trunk in order: claimTrunk, INVITE (own Call-ID, From =
 *                            ▼ trunk caller ID); 401/407 → digest once; 503, 408 or no 1xx in 3 s → next
 *  user ◀─18x/200 (SDP)── gateway ◀── carrier          CANCEL/BYE crossed both ways; max length → BYE both
 * ```
 * `finish()` of the authorization runs exactly once, whichever way the call ends.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildResponse, type ResponseOptions } from '../../sip/message/build-response.js';
import type { ParsedRequest, ParsedResponse } from '../../sip/message/parse-message.js';
import type { HeaderField, SipMessage } from '../../sip/message/sip-message.js';
import type { ClientTransaction } from '../../sip/transaction/client-transaction.js';
import type { ServerTransaction } from '../../sip/transaction/server-transaction.js';
import type { Flow } from '../../sip/transport/flow.js';
import type { Authorized, Trunk } from '../gateway-policy.js';
import { causeOf, refusalHeaders, type CallEnv, type GatewayCall } from './call-env.js';
import { GATEWAY_CONTACT } from './core-side.js';
import { answerChallenge } from './digest-client.js';
import { dialledOfRuri } from './phone-uri.js';
import { NO_UPDATE, ReofferBridge } from './reoffer-bridge.js';
import { anonymousSdp, cancelOf, newBranch, newRequest, SipDialog, sdpOf, token } from './sip-dialog.js';
import { TwoxxRetransmitter } from './twoxx-retransmitter.js';

interface Attempt {
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

export class OutboundCall implements GatewayCall {
  private readonly userTag = token();
  private auth: Authorized | undefined;
  private trunks: Trunk[] = [];
  private attempt: Attempt | undefined;
  private lastStatus = 503;
  private userFinal = false;
  private cancelled = false;
  private userDialog: SipDialog | undefined;
  private carrier: { dialog: SipDialog; flow: Flow } | undefined;
  private answeredAt: Date | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  private ok200: TwoxxRetransmitter | undefined;
  private ended = false;
  private readonly reoffers: ReofferBridge;

  constructor(
    private readonly env: CallEnv,
    private readonly invite: ParsedRequest,
  ) {
    this.reoffers = new ReofferBridge(env, {
      userDialog: () => this.userDialog,
      carrier: () => this.carrier,
    });
  }

  async start(): Promise<void> {
    const { env, invite } = this;
    env.track('user', invite.callId, this);
    env.core.respond(invite, 100);
    const user = (invite.from.uri.user ?? '').toLowerCase();
    const uri = invite.message.startLine.kind === 'request' ? invite.message.startLine.uri : '';
    const dialled = dialledOfRuri({ user: invite.ruri.user, text: uri }) ?? '';
    let verdict: Awaited<ReturnType<CallEnv['policy']['authorizeOutbound']>>;
    try {
      verdict = await env.policy.authorizeOutbound(user, dialled, invite.callId);
    } catch (err) {
      env.logger.error({ tnx: 'gateway', err: String(err) }, 'gateway policy failed');
      this.respondUser(503, { headers: [{ name: 'Retry-After', value: '5' }] });
      this.end();
      return;
    }
    if (!verdict.allowed) {
      env.logger.info({ tnx: 'gateway', user, code: verdict.code }, 'outbound call refused');
      this.respondUser(403, { headers: refusalHeaders(verdict.code, verdict.reason) });
      this.end();
      return;
    }
    this.auth = verdict;
    this.trunks = [...verdict.trunks];
    if (this.cancelled) {
      this.finish('cancelled');
      return;
    }
    await this.tryNext();
  }

  // ---- carrier side ---------------------------------------------------------------------------
  private async tryNext(): Promise<void> {
    for (let trunk = this.trunks.shift(); trunk; trunk = this.trunks.shift()) {
      if (this.cancelled) break;
      if (!this.auth?.claimTrunk(trunk.name)) continue;
      try {
        await this.call(trunk);
        return;
      } catch (err) {
        this.env.logger.warn({ tnx: 'gateway', trunk: trunk.name, err: String(err) }, 'trunk unreachable');
        this.lastStatus = 503;
      }
    }
    if (this.cancelled) {
      this.finish('cancelled');
      return;
    }
    const status = this.lastStatus === 408 ? 408 : 503;
    this.respondUser(
      status,
      status === 503 ? { reason: 'Service Unavailable (No Trunk Took The Call)' } : {},
    );
    this.finish(causeOf(status));
  }

  private async call(trunk: Trunk): Promise<void> {
    const address = isIP(trunk.host) ? trunk.host : (await lookup(trunk.host)).address;
    const flow = await this.env.link.flowTo(trunk.transport, address, trunk.port);
    const e164 = this.auth?.quote.e164 ?? '';
    const sentBy = flow.sentBy ?? this.env.link.domain;
    const ourHost = sentBy.replace(/:\d+$/, '');
    const params = trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`;
    const sdp = sdpOf(this.invite.message);
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
    this.env.track('carrier', invite.get('Call-ID') ?? '', this, flow.remote.address);
    this.env.logger.info(
      { tnx: 'gateway', trunk: trunk.name, callId: this.invite.callId },
      'INVITE to trunk',
    );
    this.send(attempt, invite);
  }

  private send(a: Attempt, invite: SipMessage): void {
    const branch = newBranch();
    const sentBy = a.flow.sentBy ?? this.env.link.domain;
    const rport = a.flow.transport === 'UDP' ? ';rport' : '';
    invite.set('Via', `SIP/2.0/${a.flow.transport} ${sentBy};branch=${branch}${rport}`);
    a.invite = invite;
    a.provisional = false;
    a.ct = this.env.link.sendRequest(a.flow, branch, invite, {
      onResponse: (res) => this.onCarrierResponse(a, res),
      onTimeout: () => this.attemptFailed(a, 408),
      onTransportError: () => this.attemptFailed(a, 503),
    });
    if (a.timer) clearTimeout(a.timer);
    // No provisional at all within the failover time: the trunk is taken as dead (§8.1.3.1 treats
    // transport trouble as 503); on UDP the INVITE's own Timer B would take 32 s.
    a.timer = setTimeout(() => {
      if (a.provisional || a.done) return;
      a.ct?.terminate();
      this.attemptFailed(a, 408);
    }, this.env.failoverMs);
    a.timer.unref();
  }

  private onCarrierResponse(a: Attempt, res: ParsedResponse): void {
    const status = res.status;
    if (a !== this.attempt || (a.done && status >= 300)) {
      // A 2xx for an attempt given up on (failover, cancel): take it and end it at once.
      if (status >= 200 && status < 300 && a !== this.attempt) this.ackAndBye(a, res);
      return;
    }
    if (status < 200) {
      a.provisional = true;
      if (a.timer) clearTimeout(a.timer);
      if (a.cancelWanted) this.cancelCarrier(a);
      if (status > 100) this.relayProvisional(res);
      return;
    }
    if (status < 300) {
      this.onCarrierAnswer(a, res);
      return;
    }
    if ((status === 401 || status === 407) && !a.authTried && a.trunk.username && !this.cancelled) {
      const uri = a.invite.startLine.kind === 'request' ? a.invite.startLine.uri : '';
      const challenges = res.message.getAll(status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate');
      const answer = answerChallenge(
        status,
        challenges,
        { username: a.trunk.username, password: a.trunk.password ?? '' },
        'INVITE',
        uri,
      );
      if (answer) {
        a.authTried = true;
        const next = a.invite.clone();
        next.set('CSeq', '2 INVITE');
        next.append(answer.name, answer.value);
        this.send(a, next);
        return;
      }
    }
    a.done = true;
    if (a.timer) clearTimeout(a.timer);
    if ((status === 503 || status === 408) && !this.cancelled) {
      this.lastStatus = status;
      void this.tryNext();
      return;
    }
    const reason = res.message.startLine.kind === 'response' ? res.message.startLine.reason : undefined;
    this.respondUser(status, reason ? { reason } : {});
    this.finish(this.cancelled ? 'cancelled' : causeOf(status));
  }

  private attemptFailed(a: Attempt, status: 408 | 503): void {
    if (a.done || a !== this.attempt) return;
    a.done = true;
    if (a.timer) clearTimeout(a.timer);
    this.lastStatus = status;
    if (this.cancelled) {
      this.finish('cancelled');
      return;
    }
    void this.tryNext();
  }

  private onCarrierAnswer(a: Attempt, res: ParsedResponse): void {
    if (this.carrier && a.done) {
      // A retransmitted 2xx (our ACK was lost): ACK again (§13.2.2.4).
      this.carrier.flow.send(this.carrier.dialog.ack(this.viaFor(a.flow), res.cseq).toString());
      return;
    }
    a.done = true;
    if (a.timer) clearTimeout(a.timer);
    const dialog = SipDialog.asUac(a.invite, res);
    this.carrier = { dialog, flow: a.flow };
    a.flow.send(dialog.ack(this.viaFor(a.flow), res.cseq).toString());
    if (this.cancelled || this.userFinal) {
      this.byeCarrier();
      this.finish('cancelled');
      return;
    }
    this.answeredAt = new Date();
    const sdp = sdpOf(res.message);
    this.userDialog = SipDialog.asUas(this.invite, this.userTag);
    const ok = this.userResponse(200, sdp ? { body: sdp } : {});
    this.userFinal = true;
    this.env.core.send(ok);
    this.ok200 = new TwoxxRetransmitter(() => this.env.core.send(ok));
    const seconds = this.auth?.maxDurationSeconds ?? 0;
    if (seconds > 0) {
      this.maxTimer = setTimeout(() => this.hangUp('max_duration'), seconds * 1000);
      this.maxTimer.unref();
    }
  }

  private ackAndBye(a: Attempt, res: ParsedResponse): void {
    const dialog = SipDialog.asUac(a.invite, res);
    a.flow.send(dialog.ack(this.viaFor(a.flow), res.cseq).toString());
    this.sendCarrier(a.flow, dialog.request('BYE', ''));
  }

  private cancelCarrier(a: Attempt): void {
    if (a.cancelSent || a.done) return;
    if (!a.provisional) {
      a.cancelWanted = true; // §9.1: not before a provisional response
      return;
    }
    a.cancelSent = true;
    const cancel = cancelOf(a.invite);
    const branch = /;\s*branch=([^;\s]+)/i.exec(a.invite.get('Via') ?? '')?.[1] ?? newBranch();
    const ignore = (): void => undefined;
    this.env.link.sendRequest(a.flow, branch, cancel, {
      onResponse: ignore,
      onTimeout: ignore,
      onTransportError: ignore,
    });
  }

  private byeCarrier(): void {
    if (!this.carrier) return;
    this.sendCarrier(this.carrier.flow, this.carrier.dialog.request('BYE', ''));
  }

  private sendCarrier(flow: Flow, request: SipMessage): void {
    const branch = newBranch();
    request.set('Via', `${this.viaFor(flow, branch)}`);
    const ignore = (): void => undefined;
    this.env.link.sendRequest(flow, branch, request, {
      onResponse: ignore,
      onTimeout: ignore,
      onTransportError: ignore,
    });
  }

  private viaFor(flow: Flow, branch = newBranch()): string {
    const rport = flow.transport === 'UDP' ? ';rport' : '';
    return `SIP/2.0/${flow.transport} ${flow.sentBy ?? this.env.link.domain};branch=${branch}${rport}`;
  }

  onCarrierRequest(_flow: Flow, req: ParsedRequest, st: ServerTransaction): void {
    if (req.method === 'BYE') {
      st.respond(200);
      this.byeUser();
      this.finish('normal');
      return;
    }
    if (req.method === 'INVITE') {
      this.reoffers.fromCarrier(req, st);
      return;
    }
    if (req.method === 'UPDATE') st.respond(NO_UPDATE.status, NO_UPDATE.options);
    else st.respond(200);
  }

  onCarrierAck(): void {
    this.reoffers.carrierAcked();
  }

  onCarrierCancel(st: ServerTransaction): void {
    st.respond(481);
  }

  // ---- user side ------------------------------------------------------------------------------
  private userResponse(status: number, options: ResponseOptions = {}): SipMessage {
    const dialogFields: HeaderField[] =
      status > 100 && status < 300
        ? [
            { name: 'Contact', value: GATEWAY_CONTACT },
            ...this.invite.message.getAll('Record-Route').map((value) => ({ name: 'Record-Route', value })),
          ]
        : [];
    return buildResponse(this.invite.message, status, {
      ...options,
      toTag: this.userTag,
      headers: [...dialogFields, ...(options.headers ?? [])],
    });
  }

  private respondUser(status: number, options: ResponseOptions = {}): void {
    if (this.userFinal) return;
    if (status >= 200) this.userFinal = true;
    this.env.core.send(this.userResponse(status, options));
  }

  private relayProvisional(res: ParsedResponse): void {
    if (this.userFinal) return;
    const sdp = sdpOf(res.message);
    this.respondUser(res.status === 183 ? 183 : 180, sdp ? { body: sdp } : {});
  }

  private byeUser(): void {
    if (!this.userDialog) return;
    const via = this.env.core.via();
    const bye = this.userDialog.request('BYE', via.value);
    this.env.core.send(bye, (res) => {
      if (res.status >= 200) this.env.core.forget(bye);
    });
  }

  onUserRequest(req: ParsedRequest): void {
    const core = this.env.core;
    switch (req.method) {
      case 'CANCEL':
        core.respond(req, 200);
        this.cancelled = true;
        this.respondUser(487);
        if (this.attempt && !this.attempt.done) this.cancelCarrier(this.attempt);
        return;
      case 'ACK':
        this.ok200?.stop();
        this.reoffers.userAcked();
        return;
      case 'BYE':
        core.respond(req, 200);
        this.byeCarrier();
        this.finish('normal');
        return;
      case 'INVITE':
        this.reoffers.fromUser(req);
        return;
      case 'UPDATE':
        core.respond(req, NO_UPDATE.status, NO_UPDATE.options);
        return;
      default:
        core.respond(req, 200);
    }
  }

  /** Ends an answered call from here (maximum length, shutdown): BYE both ways. */
  hangUp(cause = 'normal'): void {
    if (this.ended) return;
    if (this.carrier) {
      this.byeCarrier();
      this.byeUser();
    } else {
      this.cancelled = true;
      this.respondUser(503);
      if (this.attempt && !this.attempt.done) this.cancelCarrier(this.attempt);
    }
    this.finish(cause);
  }

  private end(): void {
    this.ended = true;
    this.ok200?.stop();
    this.reoffers.stop();
    if (this.maxTimer) clearTimeout(this.maxTimer);
    if (this.attempt?.timer) clearTimeout(this.attempt.timer);
    this.env.untrack(this);
  }

  private finish(cause: string): void {
    if (this.ended) return;
    this.end();
    const auth = this.auth;
    if (!auth) return;
    const outcome = {
      ...(this.attempt ? { trunk: this.attempt.trunk.name } : {}),
      ...(this.answeredAt ? { answeredAt: this.answeredAt } : {}),
      endedAt: new Date(),
      cause,
    };
    this.env.logger.info({ tnx: 'gateway', callId: this.invite.callId, cause }, 'outbound call ended');
    auth.finish(outcome).catch((err: unknown) => {
      this.env.logger.error({ tnx: 'gateway', err: String(err) }, 'call record not written');
    });
  }
}
