/**
 * A call from the phone network to a DID: the gateway is the carrier's UAS and a UAC toward the user the
 * DID belongs to — an INVITE to `sip:user@DOMAIN` sent into the core on the gateway flow, so the proxy
 * rings every device, applies call waiting, the no-answer timeout and voicemail, and anchors the media of
 * WebRTC devices in the relay, exactly as for a call from a plain phone. The caller is presented as
 * `sip:+E164@DOMAIN`.
 *
 * ```
 *  carrier ──INVITE DID──▶ gateway ──INVITE sip:user@DOMAIN (From sip:+caller@DOMAIN)──▶ proxy ──▶ devices
 *  carrier ◀──18x/200──── gateway ◀──18x/200─────────────────────────────────────────── proxy
 *  CANCEL and BYE are carried across both ways; each side keeps its own dialog.
 * ```
 */
import { buildResponse } from '../../sip/message/build-response.js';
import type { ParsedRequest, ParsedResponse } from '../../sip/message/parse-message.js';
import type { HeaderField, SipMessage } from '../../sip/message/sip-message.js';
import type { ServerTransaction } from '../../sip/transaction/server-transaction.js';
import type { Flow } from '../../sip/transport/flow.js';
import type { Did } from '../gateway-policy.js';
import type { CallEnv, GatewayCall } from './call-env.js';
import { GATEWAY_CONTACT } from './core-side.js';
import { NO_UPDATE, ReofferBridge } from './reoffer-bridge.js';
import { cancelOf, newBranch, newRequest, SipDialog, sdpOf, token } from './sip-dialog.js';
import { TwoxxRetransmitter } from './twoxx-retransmitter.js';

export class InboundCall implements GatewayCall {
  private readonly userInvite: SipMessage;
  private userDialog: SipDialog | undefined;
  private carrierDialog: SipDialog | undefined;
  private ok200: TwoxxRetransmitter | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  private carrierCancelled = false;
  private ended = false;
  private readonly reoffers: ReofferBridge;

  constructor(
    private readonly env: CallEnv,
    private readonly carrierFlow: Flow,
    private readonly carrierInvite: ParsedRequest,
    private readonly st: ServerTransaction,
    did: Did,
    /** The caller's number as presented to the user (E.164 when the carrier gave one). */
    caller: string,
  ) {
    const domain = env.link.domain;
    const sdp = sdpOf(carrierInvite.message);
    this.userInvite = newRequest({
      method: 'INVITE',
      uri: `sip:${did.user}@${domain}`,
      via: env.core.via().value,
      from: `<sip:${caller}@${domain};user=phone>;tag=${token()}`,
      to: `<sip:${did.user}@${domain}>`,
      callId: token(12),
      cseq: 1,
      headers: [
        { name: 'Contact', value: GATEWAY_CONTACT },
        { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS' },
        ...(sdp ? [{ name: 'Content-Type', value: sdp.contentType }] : []),
      ],
      body: sdp?.text ?? '',
    });
    this.reoffers = new ReofferBridge(env, {
      userDialog: () => this.userDialog,
      carrier: () => (this.carrierDialog ? { dialog: this.carrierDialog, flow: carrierFlow } : undefined),
    });
  }

  start(): void {
    this.env.track('carrier', this.carrierInvite.callId, this, this.carrierFlow.remote.address);
    this.env.track('user', this.userInvite.get('Call-ID') ?? '', this);
    this.st.respond(100);
    this.env.core.send(this.userInvite, (res) => this.onUserResponse(res));
  }

  /** Contact toward the carrier: the DID at the listener it reached (§8.1.1.8). */
  private carrierFields(): HeaderField[] {
    return [{ name: 'Contact', value: `<sip:gateway@${this.carrierFlow.sentBy ?? this.env.link.domain}>` }];
  }

  private respondCarrier(status: number, res?: ParsedResponse): SipMessage | undefined {
    if (this.st.isFinal && !(status >= 200 && status < 300)) return undefined;
    const sdp = res ? sdpOf(res.message) : undefined;
    const reason = res?.message.startLine.kind === 'response' ? res.message.startLine.reason : undefined;
    const message = buildResponse(this.carrierInvite.message, status, {
      toTag: this.st.toTag,
      ...(reason ? { reason } : {}),
      headers: status > 100 && status < 300 ? this.carrierFields() : [],
      ...(sdp ? { body: sdp } : {}),
    });
    this.st.send(message);
    return message;
  }

  private onUserResponse(res: ParsedResponse): void {
    const status = res.status;
    if (status === 100) return;
    if (status < 200) {
      if (!this.st.isFinal) this.respondCarrier(status === 183 ? 183 : 180, res);
      return;
    }
    if (status >= 300) {
      this.env.core.forget(this.userInvite);
      if (!this.st.isFinal) this.respondCarrier(status, res);
      this.end();
      return;
    }
    if (this.userDialog) {
      // Another fork answered too (§13.2.2.4: ACK it, then BYE), or a retransmission: ACK again.
      const other = SipDialog.asUac(this.userInvite, res);
      this.env.core.send(other.ack(this.env.core.via().value, 1));
      if (res.toTag !== this.userDialog.state.remoteTag) this.byeUser(other);
      return;
    }
    this.userDialog = SipDialog.asUac(this.userInvite, res);
    this.env.core.send(this.userDialog.ack(this.env.core.via().value, 1));
    if (this.carrierCancelled || this.ended) {
      this.byeUser(this.userDialog);
      this.end();
      return;
    }
    this.carrierDialog = SipDialog.asUas(this.carrierInvite, this.st.toTag);
    const ok = this.respondCarrier(200, res);
    if (ok) {
      this.ok200 = new TwoxxRetransmitter(() => this.st.send(ok));
    }
    const seconds = this.env.policy.config().maxCallSeconds;
    if (seconds > 0) {
      this.maxTimer = setTimeout(() => this.hangUp(), seconds * 1000);
      this.maxTimer.unref();
    }
  }

  private byeUser(dialog: SipDialog): void {
    const bye = dialog.request('BYE', this.env.core.via().value);
    this.env.core.send(bye, (r) => {
      if (r.status >= 200) this.env.core.forget(bye);
    });
  }

  private byeCarrier(): void {
    if (!this.carrierDialog) return;
    const branch = newBranch();
    const rport = this.carrierFlow.transport === 'UDP' ? ';rport' : '';
    const via = `SIP/2.0/${this.carrierFlow.transport} ${this.carrierFlow.sentBy ?? this.env.link.domain};branch=${branch}${rport}`;
    const ignore = (): void => undefined;
    this.env.link.sendRequest(this.carrierFlow, branch, this.carrierDialog.request('BYE', via), {
      onResponse: ignore,
      onTimeout: ignore,
      onTransportError: ignore,
    });
  }

  onUserRequest(req: ParsedRequest): void {
    const core = this.env.core;
    if (req.method === 'ACK') {
      this.reoffers.userAcked();
      return;
    }
    if (req.method === 'BYE') {
      core.respond(req, 200);
      this.byeCarrier();
      this.end();
      return;
    }
    if (req.method === 'INVITE') {
      this.reoffers.fromUser(req);
      return;
    }
    if (req.method === 'UPDATE') core.respond(req, NO_UPDATE.status, NO_UPDATE.options);
    else core.respond(req, 200);
  }

  onCarrierRequest(_flow: Flow, req: ParsedRequest, st: ServerTransaction): void {
    if (req.method === 'BYE') {
      st.respond(200);
      if (this.userDialog) this.byeUser(this.userDialog);
      this.end();
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
    this.ok200?.stop();
    this.reoffers.carrierAcked();
  }

  onCarrierCancel(st: ServerTransaction): void {
    st.respond(200);
    if (this.st.isFinal) return;
    this.carrierCancelled = true;
    this.st.respond(487);
    this.env.core.send(cancelOf(this.userInvite));
  }

  hangUp(): void {
    if (this.ended) return;
    if (this.userDialog) {
      this.byeUser(this.userDialog);
      this.byeCarrier();
      this.end();
    } else {
      this.carrierCancelled = true;
      if (!this.st.isFinal) this.st.respond(503);
      this.env.core.send(cancelOf(this.userInvite));
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.ok200?.stop();
    this.reoffers.stop();
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.env.core.forget(this.userInvite);
    this.env.untrack(this);
  }
}
