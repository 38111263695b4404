/**
 * A call from a local user to a phone number: the gateway is the user's UAS (through the proxy) and the
 * carrier's UAC, with two dialogs that share nothing but the SDP (RFC 7092 §3.1, a signaling-only B2BUA;
 * the media is anchored by the relay at the proxy).
 *
 * ```
 *  user ──INVITE──▶ gateway: 100; policy.authorizeOutbound ──refused──▶ 403 + Reason + X-Parley-Refusal
 *                            │ allowed: the trunks in order (trunk-dialer.ts): own Call-ID, From = the
 *                            ▼ trunk's caller ID; 401/407 → digest once; 503, 408 or no 1xx in 3 s → next
 *  user ◀─18x/200 (SDP)── gateway ◀── carrier          CANCEL/BYE crossed both ways; max length → BYE both
 *  re-INVITEs (hold, ICE restart) either way ⇄ reoffer-bridge.ts
 * ```
 * `finish()` of the authorization runs exactly once, whichever way the call ends.
 */
import { buildResponse, type ResponseOptions } from '../../sip/message/build-response.js';
import type { ParsedRequest, ParsedResponse } from '../../sip/message/parse-message.js';
import type { HeaderField, SipMessage } from '../../sip/message/sip-message.js';
import type { ServerTransaction } from '../../sip/transaction/server-transaction.js';
import type { Flow } from '../../sip/transport/flow.js';
import type { Authorized } from '../gateway-policy.js';
import { causeOf, refusalHeaders, type CallEnv, type GatewayCall } from './call-env.js';
import { GATEWAY_CONTACT } from './core-side.js';
import { dialledOfRuri } from './phone-uri.js';
import { NO_UPDATE, ReofferBridge, viaOn } from './reoffer-bridge.js';
import { newBranch, SipDialog, sdpOf, token } from './sip-dialog.js';
import { TrunkDialer, type Attempt, type DialerEvents } from './trunk-dialer.js';
import { TwoxxRetransmitter } from './twoxx-retransmitter.js';

export class OutboundCall implements GatewayCall {
  private readonly userTag = token();
  private auth: Authorized | undefined;
  private dialer: TrunkDialer | undefined;
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
    if (this.cancelled) {
      this.finish('cancelled');
      return;
    }
    this.dialer = new TrunkDialer(env, this, verdict, invite, this.dialerEvents);
    await this.dialer.dial();
  }

  // ---- carrier side ---------------------------------------------------------------------------
  private readonly dialerEvents: DialerEvents = {
    cancelled: () => this.cancelled,
    provisional: (res) => this.relayProvisional(res),
    answered: (a, res) => this.onCarrierAnswer(a, res),
    refused: (status, reason) => {
      this.respondUser(status, reason ? { reason } : {});
      this.finish(this.cancelled ? 'cancelled' : causeOf(status));
    },
    exhausted: (status) => {
      if (this.cancelled) {
        this.finish('cancelled');
        return;
      }
      this.respondUser(
        status,
        status === 503 ? { reason: 'Service Unavailable (No Trunk Took The Call)' } : {},
      );
      this.finish(causeOf(status));
    },
  };

  private onCarrierAnswer(a: Attempt, res: ParsedResponse): void {
    if (this.carrier) {
      // A retransmitted 2xx (our ACK was lost): ACK again (§13.2.2.4).
      this.carrier.flow.send(this.carrier.dialog.ack(this.viaFor(a.flow), res.cseq).toString());
      return;
    }
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
    return viaOn(flow, this.env.link.domain, branch);
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
        this.dialer?.cancel();
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
      this.dialer?.cancel();
    }
    this.finish(cause);
  }

  private end(): void {
    this.ended = true;
    this.ok200?.stop();
    this.reoffers.stop();
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.dialer?.stop();
    this.env.untrack(this);
  }

  private finish(cause: string): void {
    if (this.ended) return;
    this.end();
    const auth = this.auth;
    if (!auth) return;
    const outcome = {
      ...(this.dialer?.current() ? { trunk: this.dialer.current()!.trunk.name } : {}),
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
