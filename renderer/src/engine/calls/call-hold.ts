/**
 * Hold and resume: a re-INVITE whose offer marks our audio sendonly (or inactive when the other
 * side already holds us), RFC 3264 §8.4; resume offers sendrecv again. SIP.js's Web handler picks
 * the direction from the `hold` option of the re-INVITE's handler options.
 *
 * Rules:
 * - Every re-INVITE carries the FULL handler options (SIP.js keeps the last ones for every later
 *   re-INVITE, including the ones it answers: FIELD-NOTES "call control pitfalls").
 * - Glare: a 491 Request Pending, or a re-INVITE of the other side still in progress
 *   (SIP.js `RequestPendingError`), is retried after a random wait, RFC 3261 §14.1: "If the UAC is
 *   the owner of the Call-ID of the dialog ID (meaning it generated the value), T has a randomly
 *   chosen value between 2.1 and 4 seconds ... If the UAC is not the owner of the Call-ID of the
 *   dialog ID, T has a randomly chosen value of between 0 and 2 seconds."
 * - Any other final failure leaves the hold state as it was.
 */
import { RequestPendingError } from 'sip.js';
import type { Session, SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from 'sip.js';

export interface HoldRequest {
  readonly session: Session;
  readonly hold: boolean;
  /** The call's handler options (constraints, ...), without `hold`: it is added here. */
  readonly handlerOptions: Readonly<Record<string, unknown>>;
  readonly modifiers: SessionDescriptionHandlerModifier[];
  /** True when we placed the call (our Call-ID): the longer glare back-off applies. */
  readonly ownsCallId: boolean;
  /**
   * Also restart ICE (RFC 8445 §9: the offer carries a new ice-ufrag/ice-pwd), keeping the hold state
   * (calls/ice-restart.ts). Only this re-INVITE: the options are reset after it (FIELD-NOTES).
   */
  readonly iceRestart?: boolean;
  /** Glare retries before giving up (default 3). */
  readonly maxAttempts?: number;
  readonly random?: () => number;
  readonly wait?: (ms: number) => Promise<void>;
}

export type HoldOutcome =
  { readonly ok: true } | { readonly ok: false; readonly status?: number; readonly reason: string };

/** RFC 3261 §14.1 back-off before retrying a re-INVITE that met glare, in ms. */
export function glareBackoffMs(ownsCallId: boolean, random: () => number = Math.random): number {
  return ownsCallId ? 2100 + random() * 1900 : random() * 2000;
}

const defaultWait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one hold/resume re-INVITE: resolves with its final status (200 for accepted). */
function reinvite(request: HoldRequest): Promise<number> {
  const { session } = request;
  return new Promise<number>((resolve, reject) => {
    session
      .invite({
        // `hold` is an option of SIP.js's Web handler (Web.SessionDescriptionHandlerOptions).
        sessionDescriptionHandlerOptions: {
          ...request.handlerOptions,
          hold: request.hold,
          ...(request.iceRestart ? { offerOptions: { iceRestart: true } } : {}),
        } as SessionDescriptionHandlerOptions,
        sessionDescriptionHandlerModifiers: request.modifiers,
        requestDelegate: {
          onAccept: () => {
            // SIP.js keeps these options for later re-INVITEs (and answers): drop the one-off restart.
            if (request.iceRestart) {
              session.sessionDescriptionHandlerOptionsReInvite = {
                ...request.handlerOptions,
                hold: request.hold,
              } as SessionDescriptionHandlerOptions;
            }
            resolve(200);
          },
          onReject: (response) => resolve(response.message.statusCode ?? 500),
        },
      })
      .catch(reject);
  });
}

export async function requestHold(request: HoldRequest): Promise<HoldOutcome> {
  const attempts = request.maxAttempts ?? 3;
  const wait = request.wait ?? defaultWait;
  for (let attempt = 1; ; attempt++) {
    let status: number;
    try {
      status = await reinvite(request);
    } catch (error) {
      // The other side's re-INVITE is still being handled: the same glare, seen from our side.
      if (!(error instanceof RequestPendingError)) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
      status = 491;
    }
    if (status >= 200 && status < 300) return { ok: true };
    if (status !== 491 || attempt >= attempts) {
      return {
        ok: false,
        status,
        reason: status === 491 ? 'Request pending (glare)' : `Refused (${status})`,
      };
    }
    await wait(glareBackoffMs(request.ownsCallId, request.random));
  }
}
