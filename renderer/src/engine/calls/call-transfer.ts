/**
 * Transfer: REFER (RFC 3515) and its progress, read from the NOTIFYs the transferee sends in the call's
 * dialog with a `message/sipfrag` body (RFC 3515 §2.4.5, RFC 3420): "SIP/2.0 180 Ringing", then a
 * final "SIP/2.0 200 OK" (transfer done) or an error (transfer failed).
 *
 * - Blind transfer: REFER with the target's URI.
 * - Attended transfer (RFC 5589 §7): REFER whose Refer-To carries `Replaces` for the consult call,
 *   so the target swaps its call with us for one with the transferee (SIP.js builds it from a Session).
 *
 * Rules:
 * - Only a final sipfrag status settles the transfer; SIP.js marks even 100/180 NOTIFYs
 *   `Subscription-State: terminated` (FIELD-NOTES), so that header is not trusted for the outcome.
 * - A REFER refused (4xx-6xx), a final sipfrag of 300 or more, or no final NOTIFY within
 *   `timeoutMs` fails the transfer; the call stays as it was (on hold) for the user to resume.
 */
import type { Session, URI } from 'sip.js';

export type TransferState = 'trying' | 'ringing' | 'done' | 'failed';

export interface TransferProgress {
  readonly state: TransferState;
  readonly status?: number;
  readonly reason?: string;
}

/** The status line of a sipfrag body, or undefined. */
export function parseSipfrag(body: string | undefined): { code: number; reason: string } | undefined {
  const match = /^SIP\/2\.0\s+(\d{3})\s*([^\r\n]*)/i.exec((body ?? '').trim());
  return match ? { code: Number(match[1]), reason: match[2]!.trim() } : undefined;
}

/** The progress a sipfrag status stands for. */
export function progressOf(code: number, reason: string): TransferProgress {
  if (code < 200) return { state: code === 100 ? 'trying' : 'ringing', status: code, reason };
  if (code < 300) return { state: 'done', status: code, reason };
  return { state: 'failed', status: code, reason };
}

/**
 * Sends the REFER and follows it: `onProgress` hears each step; resolves with the final one.
 * `referTo` is a URI (blind) or the consult call's Session (attended, with Replaces).
 */
export function referAndFollow(
  session: Session,
  referTo: URI | Session,
  onProgress: (progress: TransferProgress) => void,
  timeoutMs = 32_000,
): Promise<TransferProgress> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (progress: TransferProgress): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      onProgress(progress);
      resolve(progress);
    };
    const timer = setTimeout(
      () => finish({ state: 'failed', reason: 'The other side did not report the transfer' }),
      timeoutMs,
    );
    session
      .refer(referTo, {
        requestDelegate: {
          onAccept: () => {
            if (!settled) onProgress({ state: 'trying', status: 202 });
          },
          onReject: (response) =>
            finish({
              state: 'failed',
              status: response.message.statusCode ?? 500,
              reason: response.message.reasonPhrase ?? 'Refused',
            }),
        },
        onNotify: (notification) => {
          void notification.accept().catch(() => undefined);
          const frag = parseSipfrag(notification.request.body);
          if (!frag) return;
          const progress = progressOf(frag.code, frag.reason);
          if (progress.state === 'done' || progress.state === 'failed') finish(progress);
          else if (!settled) onProgress(progress);
        },
      })
      .catch((error: unknown) => finish({ state: 'failed', reason: String(error) }));
  });
}
