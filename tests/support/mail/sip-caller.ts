/**
 * A bare SIP.js caller in Node with werift media, for voicemail tests: it can put extra headers on the
 * INVITE (e.g. `Diversion`), send a tone on demand, send DTMF as SIP INFO, and hang up.
 */
import { Inviter, Registerer, SessionState, UserAgent, type Session } from 'sip.js';
import WebSocket from 'ws';
import { createWeriftSessionDescriptionHandlerFactory } from '../../../server/src/media/werift-session-description-handler-factory.js';
import type { WeriftSessionDescriptionHandler } from '../../../server/src/media/werift-session-description-handler.js';

if (!('WebSocket' in globalThis)) (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;

export interface SipCaller {
  /** Calls `target` (`sip:user@domain`); resolves once answered (or rejects with the final status). */
  call(target: string, extraHeaders?: string[]): Promise<SipCall>;
  stop(): Promise<void>;
}

export interface SipCall {
  readonly media: WeriftSessionDescriptionHandler;
  /** The dialog's Call-ID (the agent's events carry it). */
  readonly callId: string;
  /** Resolves when the call ends, whoever ends it. */
  readonly ended: Promise<void>;
  readonly state: () => SessionState;
  /** Sends Opus packets paced at 20 ms; resolves when sent. */
  send(packets: readonly Buffer[]): Promise<void>;
  info(key: string): Promise<void>;
  hangup(): Promise<void>;
}

export async function startSipCaller(options: {
  sipUrl: string;
  domain: string;
  username: string;
  password: string;
  displayName?: string;
}): Promise<SipCaller> {
  const handlers = new Map<Session, WeriftSessionDescriptionHandler>();
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${options.username}@${options.domain}`)!,
    transportOptions: { server: options.sipUrl, connectionTimeout: 5 },
    authorizationUsername: options.username,
    authorizationPassword: options.password,
    ...(options.displayName ? { displayName: options.displayName } : {}),
    sessionDescriptionHandlerFactory: createWeriftSessionDescriptionHandlerFactory({
      onCreated: (handler, session) => handlers.set(session, handler),
    }),
    sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
    logBuiltinEnabled: false,
    logLevel: 'error',
  });
  await ua.start();
  const registerer = new Registerer(ua);
  await registerer.register();

  return {
    async call(target, extraHeaders = []) {
      const inviter = new Inviter(ua, UserAgent.makeURI(target)!, { extraHeaders });
      const ended = new Promise<void>((resolve) =>
        inviter.stateChange.addListener((s) => s === SessionState.Terminated && resolve()),
      );
      const answered = new Promise<void>((resolve, reject) => {
        inviter.stateChange.addListener((s) => {
          if (s === SessionState.Established) resolve();
          if (s === SessionState.Terminated) reject(new Error('call ended before it was answered'));
        });
      });
      await inviter.invite({
        requestDelegate: { onReject: (r) => void r }, // the answered promise reports it
      });
      await answered;
      const media = handlers.get(inviter)!;
      return {
        media,
        callId: inviter.request.callId,
        ended,
        state: () => inviter.state,
        send: (packets) => media.sendOpusFrames(packets),
        async info(key) {
          await inviter.info({
            requestOptions: {
              body: {
                contentDisposition: 'render',
                contentType: 'application/dtmf-relay',
                content: `Signal=${key}\r\nDuration=160\r\n`,
              },
            },
          });
        },
        async hangup() {
          if (inviter.state === SessionState.Established) await inviter.bye();
          await ended;
        },
      };
    },
    async stop() {
      for (const h of handlers.values()) h.close();
      await registerer.unregister().catch(() => undefined);
      await ua.stop();
    },
  };
}
