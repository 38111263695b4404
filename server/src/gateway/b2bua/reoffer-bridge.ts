/**
 * Re-offers inside an answered gateway call (RFC 3261 §14, RFC 3264 §8): a re-INVITE from either side —
 * hold and resume (RFC 3264 §8.4), an ICE restart after the user's network changed, a codec change — is
 * carried to the other side as a re-INVITE of that side's own dialog with the same SDP, and the other
 * side's final answer comes back the same way. The two dialogs still share nothing but the SDP (the
 * user's session description is anonymised toward the carrier, as in the first offer).
 *
 * ```
 *  user ──re-INVITE (a=sendonly)──▶ gateway ──re-INVITE (carrier dialog, CSeq+1)──▶ carrier
 *  user ◀──────────200 (answer)──── gateway ◀──────────────────200 (answer)──────── carrier
 *  user ──ACK──▶ gateway (stops the 2xx retransmissions)       gateway ──ACK──▶ carrier
 * ```
 *
 * - One re-offer at a time per call: a second one from either side meanwhile gets 491 Request Pending
 *   (§14.1, "glare"); the side that sent it retries after its random wait.
 * - A re-INVITE before the call is answered gets 500 with Retry-After (§14.2).
 * - A failure leaves the session as it was (§14.1): the far side's final status is passed back as is
 *   (its non-2xx is ACKed by our INVITE client transaction, §17.1.1.3); no answer → 408, transport → 503.
 */
import { buildResponse } from '../../sip/message/build-response.js';
import type { ParsedRequest, ParsedResponse } from '../../sip/message/parse-message.js';
import type { HeaderField } from '../../sip/message/sip-message.js';
import type { ServerTransaction } from '../../sip/transaction/server-transaction.js';
import type { Flow } from '../../sip/transport/flow.js';
import type { CallEnv } from './call-env.js';
import { GATEWAY_CONTACT } from './core-side.js';
import { anonymousSdp, newBranch, sdpOf, type SipDialog } from './sip-dialog.js';
import { TwoxxRetransmitter } from './twoxx-retransmitter.js';

/** The two dialogs of a call, as they are now (neither exists before the call is answered). */
export interface CallLegs {
  userDialog(): SipDialog | undefined;
  carrier(): { readonly dialog: SipDialog; readonly flow: Flow } | undefined;
}

/**
 * What the gateway answers to UPDATE (RFC 3311), which it does not offer: 405 with the methods it does
 * allow (RFC 3261 §21.4.6 requires the Allow field).
 */
export const NO_UPDATE = {
  status: 405,
  options: { headers: [{ name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS' }] },
} as const;

/** Our Via on a flow toward the carrier (`rport` on UDP, RFC 3581). */
export function viaOn(flow: Flow, domain: string, branch = newBranch()): string {
  const rport = flow.transport === 'UDP' ? ';rport' : '';
  return `SIP/2.0/${flow.transport} ${flow.sentBy ?? domain};branch=${branch}${rport}`;
}

const PENDING = { reason: 'Request Pending' };
const cseqOf = (value: string | undefined): number => Number((value ?? '1').split(/\s+/)[0]);

export class ReofferBridge {
  private pending = false;
  /** Our 2xx to the user's latest re-INVITE, again until the user's ACK (§13.3.1.4). */
  private userOk: TwoxxRetransmitter | undefined;
  /** Our 2xx to the carrier's latest re-INVITE, again until the carrier's ACK. */
  private carrierOk: TwoxxRetransmitter | undefined;

  constructor(
    private readonly env: CallEnv,
    private readonly legs: CallLegs,
  ) {}

  /** A re-INVITE from the user's side (through the proxy, in the user's dialog). */
  fromUser(req: ParsedRequest): void {
    const core = this.env.core;
    const carrier = this.legs.carrier();
    if (!carrier || !this.legs.userDialog()) {
      core.respond(req, 500, { headers: [{ name: 'Retry-After', value: '1' }] });
      return;
    }
    if (this.pending) {
      core.respond(req, 491, PENDING);
      return;
    }
    this.pending = true;
    const { dialog, flow } = carrier;
    const offer = sdpOf(req.message);
    const branch = newBranch();
    const reinvite = dialog.request(
      'INVITE',
      viaOn(flow, this.env.link.domain, branch),
      this.fields(`<sip:gateway@${flow.sentBy ?? this.env.link.domain}>`, offer !== undefined),
      offer ? anonymousSdp(offer.text) : '',
    );
    const cseq = cseqOf(reinvite.get('CSeq'));
    const answered = (res: ParsedResponse): void => {
      flow.send(dialog.ack(viaOn(flow, this.env.link.domain), cseq).toString());
      const answer = sdpOf(res.message);
      const ok = buildResponse(req.message, 200, {
        headers: [{ name: 'Contact', value: GATEWAY_CONTACT }],
        ...(answer ? { body: answer } : {}),
      });
      core.send(ok);
      this.userOk?.stop();
      this.userOk = new TwoxxRetransmitter(() => core.send(ok));
    };
    this.env.link.sendRequest(flow, branch, reinvite, {
      onResponse: (res) => {
        if (res.status < 200 || !this.pending) return;
        this.pending = false;
        if (res.status < 300) answered(res);
        else core.respond(req, res.status, this.reasonOf(res));
      },
      onTimeout: () => this.failed(() => core.respond(req, 408)),
      onTransportError: () => this.failed(() => core.respond(req, 503)),
    });
  }

  /** A re-INVITE from the carrier (in the carrier's dialog), answered through `st`. */
  fromCarrier(req: ParsedRequest, st: ServerTransaction): void {
    const core = this.env.core;
    const userDialog = this.legs.userDialog();
    const carrier = this.legs.carrier();
    if (!userDialog || !carrier) {
      st.respond(500, { headers: [{ name: 'Retry-After', value: '1' }] });
      return;
    }
    if (this.pending) {
      st.respond(491, PENDING);
      return;
    }
    this.pending = true;
    const offer = sdpOf(req.message);
    const reinvite = userDialog.request(
      'INVITE',
      core.via().value,
      this.fields(GATEWAY_CONTACT, offer !== undefined),
      offer?.text ?? '',
    );
    const cseq = cseqOf(reinvite.get('CSeq'));
    core.send(reinvite, (res) => {
      if (res.status < 200) return;
      core.forget(reinvite);
      if (!this.pending) return;
      this.pending = false;
      if (res.status >= 300) {
        st.respond(res.status, this.reasonOf(res));
        return;
      }
      core.send(userDialog.ack(core.via().value, cseq));
      const answer = sdpOf(res.message);
      const ok = buildResponse(req.message, 200, {
        toTag: st.toTag,
        headers: [{ name: 'Contact', value: `<sip:gateway@${carrier.flow.sentBy ?? this.env.link.domain}>` }],
        ...(answer ? { body: answer } : {}),
      });
      st.send(ok);
      this.carrierOk?.stop();
      this.carrierOk = new TwoxxRetransmitter(() => st.send(ok));
    });
  }

  /** The user ACKed our 2xx to its re-INVITE. */
  userAcked(): void {
    this.userOk?.stop();
  }

  /** The carrier ACKed our 2xx to its re-INVITE. */
  carrierAcked(): void {
    this.carrierOk?.stop();
  }

  /** The call is over. */
  stop(): void {
    this.pending = false;
    this.userOk?.stop();
    this.carrierOk?.stop();
  }

  private failed(answer: () => void): void {
    if (!this.pending) return;
    this.pending = false;
    answer();
  }

  private fields(contact: string, withSdp: boolean): HeaderField[] {
    return [
      { name: 'Contact', value: contact },
      ...(withSdp ? [{ name: 'Content-Type', value: 'application/sdp' }] : []),
    ];
  }

  private reasonOf(res: ParsedResponse): { reason?: string } {
    const reason = res.message.startLine.kind === 'response' ? res.message.startLine.reason : undefined;
    return reason ? { reason } : {};
  }
}
