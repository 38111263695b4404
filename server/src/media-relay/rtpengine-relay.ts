/**
 * The SIP core's {@link MediaRelayHook} on rtpengine: every offer and answer between a browser and a
 * plain phone goes through rtpengine, which returns the SDP to forward with its own ports in it.
 *
 * ```
 *  caller ──INVITE(sdp A)──▶ core ──offer(A)──▶ rtpengine ──▶ A' ──INVITE(A')──▶ callee
 *  caller ◀──200(B')─────── core ◀──answer(B)── rtpengine ◀── B  ◀──200(B)───── callee
 *  BYE / CANCEL / failure ─▶ core ──delete───▶ rtpengine (ports freed)
 * ```
 * rtpengine keys a call by Call-ID and the From tag of the offer (ng `from-tag`), and each answer by the
 * To tag too (ng `to-tag`); a re-INVITE or UPDATE from either side is just another offer/answer pair.
 */
import type { Logger } from '../../../common/logger.js';
import { silentLogger } from '../../../common/logger.js';
import {
  MediaRelayError,
  type MediaLeg,
  type MediaProfile,
  type MediaRelayHook,
} from '../sip/core/media-relay-hook.js';
import { NgClient, NgError, type NgDictionary } from './ng-client.js';
import { relayFlags, type SdpRole } from './relay-flags.js';
import type { RtpengineAddress } from './rtpengine-address.js';

export interface RtpengineRelayOptions {
  readonly address: RtpengineAddress;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly logger?: Logger;
}

/** A {@link MediaRelayHook} that is also closable (the service closes it on shutdown). */
export interface RtpengineRelay extends MediaRelayHook {
  /** Asks rtpengine for `pong`; rejects with a MediaRelayError when it does not answer. */
  ping(): Promise<void>;
  close(): void;
}

export function createRtpengineRelay(options: RtpengineRelayOptions): RtpengineRelay {
  const logger = (options.logger ?? silentLogger).child({ room: 'media-relay' });
  const client = new NgClient({
    address: options.address,
    logger,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
  });

  const legParams = (leg: MediaLeg): NgDictionary => ({
    'call-id': leg.callId,
    'from-tag': leg.fromTag,
    ...(leg.toTag === undefined ? {} : { 'to-tag': leg.toTag }),
    ...(leg.viaBranch === undefined ? {} : { 'via-branch': leg.viaBranch }),
  });

  const rewrite = async (
    role: SdpRole,
    leg: MediaLeg,
    sdp: string,
    from: MediaProfile,
    to: MediaProfile,
  ): Promise<string> => {
    if (role === 'answer' && leg.toTag === undefined) {
      throw new MediaRelayError(`an answer needs the To tag (call ${leg.callId})`);
    }
    let reply: NgDictionary;
    try {
      reply = await client.request(role, { ...legParams(leg), sdp, ...relayFlags(role, from, to) });
    } catch (error) {
      throw relayError(error, `${role} ${from}→${to} for call ${leg.callId}`);
    }
    const rewritten = reply['sdp'];
    if (typeof rewritten !== 'string' || rewritten === '') {
      throw new MediaRelayError(`rtpengine's ${role} reply for call ${leg.callId} has no SDP`);
    }
    logger.debug({ callId: leg.callId, role, from, to }, 'SDP rewritten by rtpengine');
    return rewritten;
  };

  return {
    offer: (leg, sdp, from, to) => rewrite('offer', leg, sdp, from, to),
    answer: (leg, sdp, from, to) => rewrite('answer', leg, sdp, from, to),
    async delete(leg) {
      try {
        // With a To tag or Via branch, rtpengine removes that dialogue or fork branch only (another
        // branch may have answered); the last one gone ends the call. Call-ID + From tag alone would
        // remove the whole call, every branch included.
        await client.request('delete', legParams(leg));
      } catch (error) {
        // Deleting a call rtpengine does not know (never offered, already deleted) is what the caller
        // wanted anyway: the ports are free.
        if (error instanceof NgError && error.code === 'refused' && /unknown call/i.test(error.message))
          return;
        throw relayError(error, `delete for call ${leg.callId}`);
      }
    },
    async ping() {
      try {
        await client.ping();
      } catch (error) {
        throw relayError(error, 'ping');
      }
    },
    close: () => client.close(),
  };
}

function relayError(error: unknown, what: string): MediaRelayError {
  const message = error instanceof Error ? error.message : String(error);
  return new MediaRelayError(`media relay: ${what}: ${message}`, { cause: error });
}
