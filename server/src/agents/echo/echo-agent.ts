/**
 * The echo agent: a SIP user agent (SIP.js in Node, werift media) registered as `echo@DOMAIN` like any
 * client, so the proxy — ours or Kamailio — routes test calls to it unchanged. It answers every INVITE
 * (200 + SDP answer, RFC 3264) and sends each received RTP packet straight back (RFC 3550 §5: werift
 * gives the return stream its own SSRC, sequence and timestamp offsets), so the caller hears themself
 * about one round trip later and its WebRTC statistics measure that path (RTT, jitter, loss).
 * A call ends when the caller hangs up, or after `maxCallMs` with a BYE from us.
 */
import type { Invitation } from 'sip.js';
import { SessionState } from 'sip.js';
import { RtpHeader, RtpPacket } from 'werift';
import type { Logger } from '../../../../common/logger.js';
import type { WeriftSessionDescriptionHandler } from '../../media/werift-session-description-handler.js';
import { startAgentLine, type AgentLine } from '../agent-line.js';

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
  // Assigned once, but calls can arrive while it registers (then it is still undefined, not in a TDZ).
  // eslint-disable-next-line prefer-const
  let line: AgentLine | undefined;

  async function answer(invitation: Invitation): Promise<void> {
    const callId = invitation.request.callId;
    if (line?.stopping !== false || active.size >= maxCalls) {
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

  line = await startAgentLine({
    name: 'echo',
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
    onInvite: answer,
  });
  const started = line;
  logger.info(
    { tnx: 'echo-agent-started', aor: `sip:${ECHO_USER}@${options.domain}` },
    'echo agent registered',
  );

  return {
    stop: () =>
      started.stop(async () => {
        await Promise.all(
          [...active].map((call) =>
            call.state === SessionState.Established ? call.bye().catch(() => undefined) : undefined,
          ),
        );
      }),
  };
}
