/**
 * Keeps the last local and remote SDP of each call, for the features that read them (hold state of
 * the other side, RFC 4733 negotiation, the verify code), by wrapping the handler factory. Works with
 * any `SessionDescriptionHandler` (SIP.js Web in browsers, werift in Node): it only observes the
 * public `getDescription` (our offer/answer) and `setDescription` (theirs).
 */
import type { Session, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';

export type SdpKind = 'offer' | 'answer';

export interface SdpListener {
  onLocal(session: Session, sdp: string, kind: SdpKind): void;
  /**
   * Rewrites our description before it is sent (e.g. the recording indication, calls/call-recording.ts).
   * Here and not in a SIP.js modifier: a modifier's changes go through the browser's
   * `setLocalDescription`, and Chromium re-serializes the SDP without attributes it does not know.
   */
  rewriteLocal?(session: Session, sdp: string): string;
  onRemote(session: Session, sdp: string, kind: SdpKind): void;
}

export function tapSessionDescriptions(
  factory: SessionDescriptionHandlerFactory,
  listener: SdpListener,
): SessionDescriptionHandlerFactory {
  return (session, options) => {
    const handler: SessionDescriptionHandler = factory(session, options);
    // Offer and answer alternate (RFC 3264 §4): a description that follows one of the other side's
    // is an answer; anything else opens a new exchange. (A new offer from us replaces an unanswered one.)
    let pending: 'local' | 'remote' | undefined;
    const kindOf = (side: 'local' | 'remote'): SdpKind => {
      if (pending !== undefined && pending !== side) {
        pending = undefined;
        return 'answer';
      }
      pending = side;
      return 'offer';
    };
    const getDescription = handler.getDescription.bind(handler);
    const setDescription = handler.setDescription.bind(handler);
    handler.getDescription = async (...args) => {
      const described = await getDescription(...args);
      const body = listener.rewriteLocal?.(session, described.body) ?? described.body;
      const description = body === described.body ? described : { ...described, body };
      listener.onLocal(session, description.body, kindOf('local'));
      return description;
    };
    handler.setDescription = async (sdp, ...rest) => {
      await setDescription(sdp, ...rest);
      listener.onRemote(session, sdp, kindOf('remote'));
    };
    return handler;
  };
}
