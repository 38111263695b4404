/**
 * Builds werift session description handlers for a SIP.js `UserAgent` in Node.
 * The engine passes `{ peerConnectionConfiguration: { iceServers } }` as factory options
 * (`sessionDescriptionHandlerFactoryOptions`); those win over the defaults given here.
 */
import type { Session, SessionDescriptionHandlerFactory } from 'sip.js';
import type { WeriftSessionDescriptionHandlerOptions } from './werift-session-description-handler.js';
import { WeriftSessionDescriptionHandler } from './werift-session-description-handler.js';

export interface WeriftFactoryOptions extends WeriftSessionDescriptionHandlerOptions {
  /** Called with every handler made, e.g. to start sending a tone or count received packets. */
  readonly onCreated?: (handler: WeriftSessionDescriptionHandler, session: Session) => void;
}

interface FactoryOptionsFromUserAgent {
  readonly peerConnectionConfiguration?: {
    readonly iceServers?: WeriftSessionDescriptionHandlerOptions['iceServers'];
  };
}

export function createWeriftSessionDescriptionHandlerFactory(
  options: WeriftFactoryOptions = {},
): SessionDescriptionHandlerFactory {
  return (session: Session, factoryOptions?: object) => {
    const fromUserAgent = factoryOptions as FactoryOptionsFromUserAgent | undefined;
    const handler = new WeriftSessionDescriptionHandler({
      ...options,
      iceServers: fromUserAgent?.peerConnectionConfiguration?.iceServers ?? options.iceServers ?? [],
    });
    options.onCreated?.(handler, session);
    return handler;
  };
}
