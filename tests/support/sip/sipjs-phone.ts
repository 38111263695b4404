/**
 * SIP.js 0.21.2 user agents in Node for signalling tests: `ws` as the WebSocket, a fake media
 * handler, and small promise helpers around registration, calls and incoming invitations.
 */
import type { Invitation } from 'sip.js';
import {
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Cancel,
  type Core,
  type Message,
  type Session,
} from 'sip.js';
import { WebSocket } from 'ws';
import { fakeSessionDescriptionHandlerFactory } from './fake-session-description-handler.js';

// SIP.js's transport uses the global WebSocket (FIELD-NOTES: works in Node 20 with `ws`).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export interface IncomingCall {
  readonly invitation: Invitation;
  /** Resolves with the CANCEL request if the caller (or the proxy) cancels this ringing call. */
  readonly cancelled: Promise<Core.IncomingRequestMessage>;
}

export interface TestPhone {
  readonly ua: UserAgent;
  readonly username: string;
  readonly registerer: Registerer;
  /** Registers; resolves on 200, rejects with the final status code otherwise. */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** The next incoming INVITE (already queued ones first). */
  nextCall(): Promise<IncomingCall>;
  nextMessage(): Promise<Message>;
  /** Places a call; `outcome` resolves with 'established' or the final failure status. */
  call(target: string): {
    inviter: Inviter;
    outcome: Promise<'established' | number>;
    ringing: Promise<void>;
  };
  stop(): Promise<void>;
}

export interface TestPhoneOptions {
  readonly url: string;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  /** Authorization username if it differs from the AOR user (to test 403). */
  readonly authUsername?: string;
}

/** A queue of things that arrive before or after someone waits for them. */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<(item: T) => void> = [];
  push(item: T): void {
    const w = this.waiters.shift();
    if (w) w(item);
    else this.items.push(item);
  }
  next(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  get size(): number {
    return this.items.length;
  }
}

export async function createTestPhone(options: TestPhoneOptions): Promise<TestPhone> {
  const uri = UserAgent.makeURI(`sip:${options.username}@${options.domain}`);
  if (!uri) throw new Error('bad uri');
  const calls = new Inbox<IncomingCall>();
  const messages = new Inbox<Message>();
  const ua = new UserAgent({
    uri,
    transportOptions: { server: options.url },
    authorizationUsername: options.authUsername ?? options.username,
    authorizationPassword: options.password,
    sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory,
    logLevel: 'error',
    logBuiltinEnabled: false,
    delegate: {
      onInvite(invitation: Invitation): void {
        let onCancel: (r: Core.IncomingRequestMessage) => void = () => undefined;
        const cancelled = new Promise<Core.IncomingRequestMessage>((resolve) => (onCancel = resolve));
        invitation.delegate = { onCancel: (c: Cancel) => onCancel(c.request) };
        calls.push({ invitation, cancelled });
      },
      onMessage(message: Message): void {
        messages.push(message);
        void message.accept();
      },
    },
  });
  await ua.start();
  const registerer = new Registerer(ua, { expires: 600 });
  return {
    ua,
    username: options.username,
    registerer,
    register(): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const listener = (state: RegistererState): void => {
          if (state === RegistererState.Registered) {
            registerer.stateChange.removeListener(listener);
            resolve();
          }
        };
        registerer.stateChange.addListener(listener);
        registerer
          .register({
            requestDelegate: {
              onReject: (response) => {
                registerer.stateChange.removeListener(listener);
                reject(new Error(`REGISTER failed: ${response.message.statusCode}`));
              },
            },
          })
          .catch(reject);
      });
    },
    async unregister(): Promise<void> {
      await new Promise<void>((resolve, reject) => {
        registerer
          .unregister({
            requestDelegate: {
              onAccept: () => resolve(),
              onReject: () => reject(new Error('un-REGISTER failed')),
            },
          })
          .catch(reject);
      });
    },
    nextCall: () => calls.next(),
    nextMessage: () => messages.next(),
    call(target: string) {
      const targetUri = UserAgent.makeURI(target.includes(':') ? target : `sip:${target}@${options.domain}`);
      if (!targetUri) throw new Error('bad target');
      const inviter = new Inviter(ua, targetUri);
      let ring: () => void = () => undefined;
      const ringing = new Promise<void>((resolve) => (ring = resolve));
      const outcome = new Promise<'established' | number>((resolve, reject) => {
        inviter.stateChange.addListener((state) => {
          if (state === SessionState.Established) resolve('established');
        });
        inviter
          .invite({
            requestDelegate: {
              onProgress: (r) => {
                if (r.message.statusCode === 180) ring();
              },
              onReject: (r) => resolve(r.message.statusCode ?? 0),
            },
          })
          .catch(reject);
      });
      return { inviter, outcome, ringing };
    },
    async stop(): Promise<void> {
      await ua.stop();
    },
  };
}

/** Resolves when a session reaches `state`. */
export function sessionReaches(session: Session, state: SessionState): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = (s: SessionState): void => {
      if (s === state) {
        session.stateChange.removeListener(listener);
        resolve();
      }
    };
    session.stateChange.addListener(listener);
  });
}
