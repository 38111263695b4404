/**
 * A bare SIP.js 0.21 user agent in Node (ws as WebSocket), for signalling tests and benchmarks that
 * must run the same client against Kamailio and against the Parley service. Media is a stub: a fixed
 * SDP offer/answer and no RTP (audio tests use the real engine, `createNodePhone`).
 *
 * Every call-flow step is exposed as an awaitable event so tests never sleep.
 */
import { EventEmitter, once } from 'node:events';
import {
  Inviter,
  Messager,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Invitation,
  type Session,
  type SessionDescriptionHandler,
} from 'sip.js';
import WebSocket from 'ws';

// SIP.js's Web transport uses the global WebSocket; in Node it is the `ws` package (which speaks the
// `sip` subprotocol SIP.js asks for).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** SDP of a silent audio endpoint: enough for proxies, which never look at media. */
function stubSdp(): string {
  const id = Math.floor(Math.random() * 1e9);
  return [
    'v=0',
    `o=- ${id} 1 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'c=IN IP4 127.0.0.1',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=rtpmap:111 opus/48000/2',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

class StubDescriptionHandler implements SessionDescriptionHandler {
  close(): void {}
  getDescription(): Promise<{ body: string; contentType: string }> {
    return Promise.resolve({ body: stubSdp(), contentType: 'application/sdp' });
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  setDescription(): Promise<void> {
    return Promise.resolve();
  }
  sendDtmf(): boolean {
    return false;
  }
}

export interface SipClientOptions {
  readonly sipUrl: string;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
}

export interface ReceivedMessage {
  readonly from: string;
  readonly body: string;
}

/**
 * Events: `invite` (Invitation), `message` (ReceivedMessage).
 */
export class SipClient extends EventEmitter {
  readonly ua: UserAgent;
  readonly aor: string;
  private registerer: Registerer | undefined;

  constructor(readonly options: SipClientOptions) {
    super();
    this.aor = `sip:${options.username}@${options.domain}`;
    const uri = UserAgent.makeURI(this.aor);
    if (!uri) throw new Error(`bad AOR ${this.aor}`);
    this.ua = new UserAgent({
      uri,
      transportOptions: { server: options.sipUrl, traceSip: false },
      authorizationUsername: options.username,
      authorizationPassword: options.password,
      logLevel: 'error',
      logBuiltinEnabled: false,
      sessionDescriptionHandlerFactory: () => new StubDescriptionHandler(),
      delegate: {
        onInvite: (invitation) => this.emit('invite', invitation),
        onMessage: (message) => {
          this.emit('message', {
            from: message.request.from.uri.toString(),
            body: message.request.body,
          } satisfies ReceivedMessage);
          void message.accept();
        },
      },
    });
  }

  /**
   * Connects and registers; resolves with the final REGISTER status (200 when registered, 401/403
   * when the registrar refused the credentials — SIP.js answers one challenge, then gives up).
   */
  async register(): Promise<number> {
    await this.ua.start();
    const registerer = new Registerer(this.ua);
    this.registerer = registerer;
    return await new Promise<number>((resolve, reject) => {
      registerer
        .register({
          requestDelegate: {
            onAccept: (response) => resolve(response.message.statusCode ?? 0),
            onReject: (response) => resolve(response.message.statusCode ?? 0),
          },
        })
        .catch(reject);
    });
  }

  /** Sends one REGISTER refresh (re-using the registerer) and resolves when it succeeds. */
  async reregister(): Promise<void> {
    const registerer = this.registerer;
    if (!registerer) throw new Error('register() first');
    await new Promise<void>((resolve, reject) => {
      void registerer.register({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => reject(new Error(`REGISTER ${response.message.statusCode}`)),
        },
      });
    });
  }

  /** Starts a call; returns the Inviter and a promise of the final status code (200, 404, 480, ...). */
  call(username: string): { inviter: Inviter; final: Promise<number>; ringing: Promise<void> } {
    const target = UserAgent.makeURI(`sip:${username}@${this.options.domain}`);
    if (!target) throw new Error(`bad target ${username}`);
    const inviter = new Inviter(this.ua, target, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    let ring: () => void = () => undefined;
    const ringing = new Promise<void>((resolve) => (ring = resolve));
    const final = new Promise<number>((resolve, reject) => {
      inviter
        .invite({
          requestDelegate: {
            onProgress: (response) => {
              if (response.message.statusCode === 180) ring();
            },
            onAccept: (response) => resolve(response.message.statusCode ?? 0),
            onReject: (response) => resolve(response.message.statusCode ?? 0),
          },
        })
        .catch(reject);
    });
    return { inviter, final, ringing };
  }

  /** Sends a MESSAGE (RFC 3428) and resolves with the final status code. */
  async message(username: string, body: string): Promise<number> {
    const target = UserAgent.makeURI(`sip:${username}@${this.options.domain}`);
    if (!target) throw new Error(`bad target ${username}`);
    return await new Promise<number>((resolve, reject) => {
      new Messager(this.ua, target, body)
        .message({
          requestDelegate: {
            onAccept: (response) => resolve(response.message.statusCode ?? 0),
            onReject: (response) => resolve(response.message.statusCode ?? 0),
          },
        })
        .catch(reject);
    });
  }

  /** Resolves with the next incoming call. */
  async nextInvite(): Promise<Invitation> {
    const [invitation] = (await once(this, 'invite')) as [Invitation];
    return invitation;
  }

  /** Resolves with the next incoming MESSAGE. */
  async nextMessage(): Promise<ReceivedMessage> {
    const [message] = (await once(this, 'message')) as [ReceivedMessage];
    return message;
  }

  /** Unregisters (best effort) and closes the WebSocket. */
  async stop(): Promise<void> {
    try {
      if (this.registerer?.state === RegistererState.Registered) {
        await this.registerer.unregister();
      }
    } catch {
      // The transport may already be gone; stopping the UA below is what matters.
    }
    await this.ua.stop();
  }
}

/** Resolves when the session reaches `state` (or at once if it is already there). */
export async function sessionReaches(session: Session, state: SessionState): Promise<void> {
  if (session.state === state) return;
  await new Promise<void>((resolve) => {
    const listener = (next: SessionState): void => {
      if (next === state) {
        session.stateChange.removeListener(listener);
        resolve();
      }
    };
    session.stateChange.addListener(listener);
  });
}

export { SessionState };
