/**
 * The SIP.js user agent every service agent (voicemail, echo) runs: it registers over the service's
 * own WebSocket like any client, with werift media (never Google's STUN: ICE servers come from the
 * configuration), and SIP.js's warnings in the agent's log.
 */
import { UserAgent } from 'sip.js';
import type { Session, UserAgentDelegate } from 'sip.js';
import type { Logger } from '../../../common/logger.js';
import { createWeriftSessionDescriptionHandlerFactory } from '../media/werift-session-description-handler-factory.js';
import type { WeriftSessionDescriptionHandler } from '../media/werift-session-description-handler.js';

export interface AgentUserAgentOptions {
  readonly username: string;
  readonly domain: string;
  readonly sipUrl: string;
  readonly password: string;
  readonly displayName: string;
  readonly userAgentString: string;
  readonly logger: Logger;
  /** Loopback-only ICE (tests, single host). Default true. */
  readonly loopbackOnly?: boolean;
  readonly iceServers?: readonly {
    readonly urls: string | readonly string[];
    readonly username?: string;
    readonly credential?: string;
  }[];
  /** Each call's media handler, as it is made. */
  readonly onHandler: (session: Session, handler: WeriftSessionDescriptionHandler) => void;
  readonly delegate: UserAgentDelegate;
}

export function createAgentUserAgent(options: AgentUserAgentOptions): UserAgent {
  const { username, domain, logger } = options;
  const uri = UserAgent.makeURI(`sip:${username}@${domain}`);
  if (!uri) throw new Error(`invalid agent identity ${username}@${domain}`);
  return new UserAgent({
    uri,
    transportOptions: { server: options.sipUrl, connectionTimeout: 5 },
    authorizationUsername: username,
    authorizationPassword: options.password,
    displayName: options.displayName,
    userAgentString: options.userAgentString,
    sessionDescriptionHandlerFactory: createWeriftSessionDescriptionHandlerFactory({
      logger,
      loopbackOnly: options.loopbackOnly ?? true,
      onCreated: (handler, session) => options.onHandler(session, handler),
    }),
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: (options.iceServers ?? []).map((s) => ({ ...s })) },
    },
    logBuiltinEnabled: false,
    logLevel: 'warn',
    logConnector: (level, category, _label, content) => {
      if (level === 'error' || level === 'warn') logger.warn({ lib: 'sip.js', category }, content);
    },
    delegate: options.delegate,
  });
}
