/**
 * The voicemail agent: a SIP user agent (SIP.js in Node) registered as `voicemail@DOMAIN` like any client,
 * so the proxy — ours or Kamailio — routes diverted calls to it unchanged. Media is the werift
 * SessionDescriptionHandler of `server/src/media/`.
 *
 * Per INVITE: find whose mailbox it is (voicemail-target.ts), 404 if none; 486 when at capacity;
 * otherwise answer (200 + SDP answer), run the call (voicemail-call.ts), send BYE if the agent ended it,
 * and queue the email in the outbox. DTMF `#` arrives as SIP INFO (RFC 6086 usage with
 * `application/dtmf-relay`) or RFC 4733 events when negotiated.
 */
import type { Invitation, Session } from 'sip.js';
import { SessionState } from 'sip.js';
import type { Logger } from '../../../../common/logger.js';
import type { VoicemailOutbox } from '../../mail/voicemail-outbox.js';
import type { WeriftSessionDescriptionHandler } from '../../media/werift-session-description-handler.js';
import { startAgentLine, type AgentLine } from '../agent-line.js';
import { parseInfoDtmf } from './dtmf.js';
import { capOpusBitrate } from './opus-bitrate-cap.js';
import { runVoicemailCall, type VoicemailPrompts } from './voicemail-call.js';
import { loadVoicemailPrompts } from './voicemail-prompts.js';
import type { VoicemailRecorderOptions } from './voicemail-recorder.js';
import { resolveVoicemailTarget } from './voicemail-target.js';

export interface VoicemailAgentEvent {
  readonly callId: string;
  readonly phase: 'greeting' | 'beep' | 'recording' | 'done' | 'queued' | 'discarded' | 'rejected';
  readonly callee?: string;
  readonly outboxId?: string;
}

export interface VoicemailAgentOptions {
  /** The service's SIP WebSocket URL, e.g. `ws://127.0.0.1:8080/sip`. */
  readonly sipUrl: string;
  readonly domain: string;
  /** The agent account's password (the service creates the `voicemail` account). */
  readonly password: string;
  /** Username to register as (default `voicemail`, a reserved name). */
  readonly username?: string;
  readonly outbox: VoicemailOutbox;
  /** The email address for a user's voicemail, or undefined when the user has none (call refused 404). */
  mailboxOf(username: string): string | undefined | Promise<string | undefined>;
  readonly logger: Logger;
  /** Prompts (default: the committed greeting and beep). */
  readonly prompts?: VoicemailPrompts;
  /** A callee's own greeting (recorded in the app), used instead of the default one when given. */
  greetingOf?(
    username: string,
  ):
    | Pick<VoicemailPrompts, 'greeting' | 'greetingFrameMs'>
    | undefined
    | Promise<Pick<VoicemailPrompts, 'greeting' | 'greetingFrameMs'> | undefined>;
  readonly recorder?: VoicemailRecorderOptions;
  /** Opus bitrate asked of callers in the SDP answer (default 32 kbit/s ≈ 250 kB per minute of Ogg). */
  readonly maxBitrate?: number;
  /** Simultaneous voicemail calls before 486 Busy Here (default 20). */
  readonly maxCalls?: number;
  /** Loopback-only ICE (tests, single host). Default true. */
  readonly loopbackOnly?: boolean;
  readonly iceServers?: readonly {
    readonly urls: string | readonly string[];
    readonly username?: string;
    readonly credential?: string;
  }[];
  /** Progress of each call (logs, tests, benchmarks). */
  readonly onEvent?: (event: VoicemailAgentEvent) => void;
}

export interface VoicemailAgent {
  /** Ends calls in progress (their recordings are still queued), unregisters, disconnects. */
  stop(): Promise<void>;
}

/** Telephone-event payload types offered in an SDP body (RFC 4733 §7.1.1). */
function telephoneEventTypes(sdp: string): number[] {
  return [...sdp.matchAll(/^a=rtpmap:(\d+) telephone-event\//gim)].map((m) => Number(m[1]));
}

export async function startVoicemailAgent(options: VoicemailAgentOptions): Promise<VoicemailAgent> {
  const username = options.username ?? 'voicemail';
  const logger = options.logger.child({ room: 'voicemail-agent' });
  const prompts = options.prompts ?? (await loadVoicemailPrompts());
  const maxCalls = options.maxCalls ?? 20;
  const handlers = new Map<Session, WeriftSessionDescriptionHandler>();
  const active = new Map<string, { session: Session; hangup: () => void; done: Promise<void> }>();
  // Assigned once, but calls can arrive while it registers (then it is still undefined, not in a TDZ).
  // eslint-disable-next-line prefer-const
  let line: AgentLine | undefined;

  const onInvite = async (invitation: Invitation): Promise<void> => {
    const request = invitation.request;
    const callId = request.callId;
    const emit = (phase: VoicemailAgentEvent['phase'], extra: Partial<VoicemailAgentEvent> = {}): void =>
      options.onEvent?.({ callId, phase, ...extra });
    const contactUser = line?.ua.contact.uri.user?.toLowerCase();
    const target = resolveVoicemailTarget(
      {
        requestUri: request.ruri?.toString() ?? '',
        to: request.getHeader('to') ?? '',
        getHeaders: (name) => request.getHeaders(name),
      },
      [username, ...(contactUser ? [contactUser] : [])],
    );
    const log = logger.child({ callId, callee: target?.user, via: target?.source });
    if (line?.stopping !== false || active.size >= maxCalls) {
      log.warn({ tnx: 'voicemail-busy', active: active.size }, 'refusing voicemail call');
      emit('rejected');
      await invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    const mailbox = target ? await options.mailboxOf(target.user) : undefined;
    if (!target || !mailbox) {
      log.info({ tnx: 'voicemail-no-mailbox' }, 'no mailbox for this call');
      emit('rejected', target ? { callee: target.user } : {});
      await invitation.reject({ statusCode: 404, reasonPhrase: 'No Voicemail Box' }).catch(() => undefined);
      return;
    }
    const callerName =
      invitation.remoteIdentity.displayName || invitation.remoteIdentity.uri.user || 'unknown';
    const callerUri = `sip:${invitation.remoteIdentity.uri.user ?? ''}@${invitation.remoteIdentity.uri.host}`;

    let hangupCall: () => void = () => undefined;
    let keyCall: (key: string) => void = () => undefined;
    const ended = (): void => hangupCall();
    invitation.stateChange.addListener((state) => {
      if (state === SessionState.Terminated) ended();
    });
    invitation.delegate = {
      onInfo: (info) => {
        const key = parseInfoDtmf(info.request.getHeader('content-type'), info.request.body);
        void info.accept().catch(() => undefined);
        if (key) keyCall(key);
      },
    };

    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    active.set(callId, { session: invitation, hangup: () => ended(), done });
    try {
      await invitation.accept({
        sessionDescriptionHandlerModifiers: [capOpusBitrate(options.maxBitrate ?? 32_000)],
      });
      const media = handlers.get(invitation);
      if (!media) throw new Error('no media handler for the session');
      const own = await Promise.resolve(options.greetingOf?.(target.user)).catch(() => undefined);
      const call = runVoicemailCall({
        media,
        prompts: own ? { ...prompts, ...own } : prompts,
        ...(options.recorder ? { recorder: options.recorder } : {}),
        telephoneEventPayloadTypes: telephoneEventTypes(request.body),
        onPhase: (phase) => emit(phase, { callee: target.user }),
      });
      hangupCall = call.hangup;
      keyCall = call.dtmf;
      if (invitation.state === SessionState.Terminated) call.hangup(); // BYE raced the answer
      const { recording, reason, startedAt } = await call.result;
      if (invitation.state === SessionState.Established) await invitation.bye().catch(() => undefined);
      if (!recording || startedAt === undefined) {
        log.info({ tnx: 'voicemail-discarded', reason }, 'nothing recorded worth sending');
        emit('discarded', { callee: target.user });
        return;
      }
      const outboxId = await options.outbox.enqueue({
        to: mailbox,
        callee: target.user,
        callerName,
        callerUri,
        startedAt,
        durationMs: recording.durationMs,
        audio: recording.audio,
      });
      log.info(
        {
          tnx: 'voicemail-recorded',
          reason,
          durationMs: recording.durationMs,
          bytes: recording.audio.length,
          outboxId,
        },
        'voicemail recorded',
      );
      emit('queued', { callee: target.user, outboxId });
    } catch (error) {
      log.warn({ tnx: 'voicemail-call-failed', error: (error as Error).message }, 'voicemail call failed');
      emit('discarded', { callee: target.user });
      if (invitation.state === SessionState.Established) await invitation.bye().catch(() => undefined);
    } finally {
      handlers.get(invitation)?.close();
      handlers.delete(invitation);
      active.delete(callId);
      resolveDone();
    }
  };

  line = await startAgentLine({
    name: 'voicemail',
    username,
    domain: options.domain,
    sipUrl: options.sipUrl,
    password: options.password,
    displayName: 'Voicemail',
    userAgentString: 'Parley voicemail agent',
    logger,
    ...(options.loopbackOnly !== undefined ? { loopbackOnly: options.loopbackOnly } : {}),
    ...(options.iceServers ? { iceServers: options.iceServers } : {}),
    onHandler: (session, handler) => handlers.set(session, handler),
    onInvite,
  });
  const started = line;
  logger.info(
    { tnx: 'voicemail-agent-started', aor: `sip:${username}@${options.domain}` },
    'voicemail agent registered',
  );

  return {
    stop: () =>
      started.stop(async () => {
        for (const { hangup } of active.values()) hangup();
        await Promise.all([...active.values()].map((c) => c.done));
      }),
  };
}
