/**
 * The echo agent: a SIP user agent (SIP.js in Node, werift media) registered as `echo@DOMAIN` like any
 * client, so the proxy — ours or Kamailio — routes test calls to it unchanged. It answers every INVITE
 * (200 + SDP answer, RFC 3264) and sends each received RTP packet straight back (RFC 3550 §5: werift
 * gives the return stream its own SSRC, sequence and timestamp offsets), so the caller hears themself
 * about one round trip later and its WebRTC statistics measure that path (RTT, jitter, loss).
 * A call ends when the caller hangs up, or after `maxCallMs` with a BYE from us.
 */
import type { Invitation } from 'sip.js';
import { Registerer, SessionState } from 'sip.js';
import { RtpHeader, RtpPacket } from 'werift';
import WebSocket from 'ws';
import type { Logger } from '../../../../common/logger.js';
import type { WeriftSessionDescriptionHandler } from '../../media/werift-session-description-handler.js';
import { createAgentUserAgent } from '../agent-user-agent.js';

// SIP.js's transport uses the global WebSocket (FIELD-NOTES); Node 20 has none.
if (!('WebSocket' in globalThis)) (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;

export const ECHO_USER = 'echo';

export interface EchoAgentOptions {
  /** The service's SIP WebSocket URL, e.g. `ws://127.0.0.1:8080/sip`. */
  readonly sipUrl: string;
  readonly domain: string;
  readonly password: string;
  readonly logger: Logger;
  /** Longest test call before the agent hangs up (default 60 s). */
  readonly maxCallMs?: number;
  /** Simultaneous calls before 486 Busy Here (default 20). */
  readonly maxCalls?: number;
  /** Loopback-only ICE (tests, single host). Default true. */
  readonly loopbackOnly?: boolean;
  readonly iceServers?: readonly {
    readonly urls: string | readonly string[];
    readonly username?: string;
    readonly credential?: string;
  }[];
}

export interface EchoAgent {
  /** Hangs up calls in progress, unregisters, disconnects. */
  stop(): Promise<void>;
}

/** Sends every packet `media` receives back to where it came from. Returns a function that stops it. */
export function echoRtp(media: WeriftSessionDescriptionHandler): () => void {
  return media.onRtp((rtp) => {
    const sender = media.peerConnection.getTransceivers()[0]?.sender;
    if (!sender) return;
    const header = new RtpHeader({
      payloadType: rtp.payloadType,
      sequenceNumber: rtp.sequenceNumber,
      timestamp: rtp.timestamp,
    });
    void sender.sendRtp(new RtpPacket(header, rtp.payload)).catch(() => undefined);
  });
}

export async function startEchoAgent(options: EchoAgentOptions): Promise<EchoAgent> {
  const logger = options.logger.child({ room: 'echo-agent' });
  const maxCalls = options.maxCalls ?? 20;
  const handlers = new Map<unknown, WeriftSessionDescriptionHandler>();
  const active = new Set<Invitation>();
  let stopping = false;

  const ua = createAgentUserAgent({
    username: ECHO_USER,
    domain: options.domain,
    sipUrl: options.sipUrl,
    password: options.password,
    displayName: 'Echo test',
    userAgentString: 'Parley echo agent',
    logger,
    ...(options.loopbackOnly !== undefined ? { loopbackOnly: options.loopbackOnly } : {}),
    ...(options.iceServers ? { iceServers: options.iceServers } : {}),
    onHandler: (session, handler) => handlers.set(session, handler),
    delegate: {
      onInvite: (invitation) =>
        void answer(invitation).catch((error: unknown) => {
          logger.warn({ tnx: 'echo-invite-failed', error: String(error) }, 'echo call failed');
          if (invitation.state === SessionState.Initial)
            void invitation.reject({ statusCode: 500 }).catch(() => undefined);
        }),
    },
  });
  const registerer = new Registerer(ua, { expires: 300, refreshFrequency: 90 });

  async function answer(invitation: Invitation): Promise<void> {
    const callId = invitation.request.callId;
    if (stopping || active.size >= maxCalls) {
      await invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    active.add(invitation);
    let stopEcho: () => void = () => undefined;
    const limit = setTimeout(() => {
      if (invitation.state === SessionState.Established) void invitation.bye().catch(() => undefined);
    }, options.maxCallMs ?? 60_000);
    invitation.stateChange.addListener((state) => {
      if (state !== SessionState.Terminated) return;
      clearTimeout(limit);
      stopEcho();
      handlers.get(invitation)?.close();
      handlers.delete(invitation);
      active.delete(invitation);
      logger.info({ tnx: 'echo-call-ended', callId }, 'echo call ended');
    });
    await invitation.accept();
    const media = handlers.get(invitation);
    if (!media) throw new Error('no media handler for the session');
    stopEcho = echoRtp(media);
    logger.info({ tnx: 'echo-call', callId, from: invitation.remoteIdentity.uri.user }, 'echo call answered');
  }

  try {
    await ua.start();
    await registered(registerer);
  } catch (error) {
    // Never leave a half-open connection behind (it would hold the service's close).
    await ua.stop().catch(() => undefined);
    throw error;
  }
  logger.info(
    { tnx: 'echo-agent-started', aor: `sip:${ECHO_USER}@${options.domain}` },
    'echo agent registered',
  );

  return {
    async stop() {
      stopping = true;
      await Promise.all(
        [...active].map((call) =>
          call.state === SessionState.Established ? call.bye().catch(() => undefined) : undefined,
        ),
      );
      await registerer.unregister().catch(() => undefined);
      await ua.stop().catch(() => undefined);
    },
  };
}

/** Resolves once REGISTER succeeded (RFC 3261 §10), rejects when refused or after 10 s. */
function registered(registerer: Registerer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('echo agent: REGISTER timed out')), 10_000);
    registerer.stateChange.addListener((state) => {
      if (state === 'Registered') {
        clearTimeout(timer);
        resolve();
      }
    });
    registerer
      .register({
        requestDelegate: {
          onReject: (response) => {
            clearTimeout(timer);
            reject(new Error(`echo agent: REGISTER refused ${response.message.statusCode}`));
          },
        },
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}
