/**
 * Keeps the last local and remote SDP of each call, for the features that read them (hold state of
 * the other side, RFC 4733 negotiation, the verify code), by wrapping the handler factory. Works with
 * any `SessionDescriptionHandler` (SIP.js Web in browsers, werift in Node): it only observes the
 * public `getDescription` (our offer/answer) and `setDescription` (theirs).
 */
import type { Session, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';

export interface SdpListener {
  onLocal(session: Session, sdp: string): void;
  onRemote(session: Session, sdp: string): void;
}

export function tapSessionDescriptions(
  factory: SessionDescriptionHandlerFactory,
  listener: SdpListener,
): SessionDescriptionHandlerFactory {
  return (session, options) => {
    const handler: SessionDescriptionHandler = factory(session, options);
    const getDescription = handler.getDescription.bind(handler);
    const setDescription = handler.setDescription.bind(handler);
    handler.getDescription = async (...args) => {
      const description = await getDescription(...args);
      listener.onLocal(session, description.body);
      return description;
    };
    handler.setDescription = async (sdp, ...rest) => {
      await setDescription(sdp, ...rest);
      listener.onRemote(session, sdp);
    };
    return handler;
  };
}
