/**
 * The phone engine: SIP.js 0.21 user agent + registerer + sessions behind the `PhoneEngine` contract.
 * React-free and environment-free: transport, media, logger and clock come in `PhoneEngineOptions`.
 *
 *   registration: see registration-controller.ts
 *
 *   outgoing call                         incoming call
 *   call() ─► dialing ──180/183──► ringing    INVITE ─► incoming ──answer()──► connecting
 *               │                    │                    │                      │ 2xx sent, ACK
 *               │ 2xx ──► active ◄───┘ 2xx                │                      ▼
 *               │           │ BYE (either side)           │                    active ── BYE ─► ended
 *               ▼           ▼                             ▼
 *             ended (endReason from the final response,  ended (decline() → 603 declined;
 *             or cancelled / local-hangup / remote-hangup)  CANCEL → cancelled, or answered-elsewhere
 *                                                          when Reason: SIP;cause=200)
 *
 * Rules (repeated above the code that keeps them):
 * - Snapshots are immutable and rebuilt only on change; `subscribe()` listeners run after each change.
 * - An INVITE while another call is live is refused with 486 Busy Here (call waiting comes later).
 * - Decline is 603 Decline (RFC 3261 §21.6.2).
 * - Hangup works in every state: CANCEL before a final response, reject before answer, BYE after.
 * - Mute disables the local audio track (SDH `enableSenderTracks`), and survives media (re)creation.
 * - A new microphone replaces the sending track (no re-INVITE, the call stays) and keeps mute.
 */
import { Invitation, Inviter, SessionState, UserAgent } from 'sip.js';
import type { Session, SessionDescriptionHandlerModifier, UserAgentOptions } from 'sip.js';
import { createSipJsMessagingTransport } from '../messaging/sipjs-messaging-transport.js';
import { endReasonForStatus, isAnsweredElsewhere } from './call-outcome.js';
import { parseCallTarget, peerFromUri } from './call-target.js';
import type { CallEndReason, PhoneEngine, PhoneSnapshot } from './phone-engine-contract.js';
import type { PhoneEngineOptions } from './phone-engine-options.js';
import { startCallQualityMonitor } from './call-quality-monitor.js';
import { sameQuality } from './call-quality.js';
import { buildSnapshot } from './phone-snapshot.js';
import type { CallRecord } from './phone-snapshot.js';
import { RegistrationController } from './registration-controller.js';
import { lowLatencyOpus } from './sdp-low-latency.js';
import { sipJsLogConnector } from './sip-js-log-connector.js';

interface CallEntry extends CallRecord {
  session?: Session;
  /** Why the call will end, learnt before SIP.js reports `Terminated`. */
  pendingEnd?: { reason: CallEndReason; status?: { code: number; reason: string } };
  /** Hung up while our 2xx was on its way: send BYE once the dialog is confirmed. */
  byeWhenEstablished?: boolean;
  /** Stops the call-quality readings (set while the call is active). */
  stopQuality?: () => void;
}

/** What SIP.js's Web handler and our werift handler both offer for mute (and the Web one for a new mic). */
interface MutableMedia {
  enableSenderTracks?(enable: boolean): void;
  setLocalMediaStream?(stream: object): Promise<void>;
}

export function createPhoneEngine(options: PhoneEngineOptions): PhoneEngine {
  const logger = options.logger.child({ room: 'engine', user: options.username });
  const clock = options.clock;
  const keepEnded = options.keepEndedCalls ?? 3;
  const calls = new Map<string, CallEntry>();
  const listeners = new Set<() => void>();
  const modifiers: SessionDescriptionHandlerModifier[] =
    options.lowLatencyAudio === false ? [] : [lowLatencyOpus];
  const sdhOptions = { constraints: options.mediaConstraints ?? { audio: true, video: false } };
  let nextId = 1;

  const uri = UserAgent.makeURI(`sip:${options.username.toLowerCase()}@${options.domain}`);
  if (!uri) throw new Error(`Invalid SIP identity ${options.username}@${options.domain}`);
  const uaOptions: UserAgentOptions = {
    uri,
    transportOptions: { server: options.sipUrl, connectionTimeout: 5 },
    authorizationUsername: options.username.toLowerCase(),
    authorizationPassword: options.password,
    sessionDescriptionHandlerFactory: options.sessionDescriptionHandlerFactory,
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: options.iceServers.map((s) => ({ ...s })) },
      iceGatheringTimeout: options.iceGatheringTimeoutMs ?? 1000,
    },
    // We send 180 ourselves, after deciding we are not busy.
    sendInitialProvisionalResponse: false,
    logBuiltinEnabled: false,
    logLevel: 'warn',
    logConnector: sipJsLogConnector(logger),
    delegate: {
      onInvite: (invitation) => onInvite(invitation),
      onDisconnect: (error) => registration.handleDisconnect(error),
    },
  };
  if (options.displayName) uaOptions.displayName = options.displayName;
  if (options.userAgentString) uaOptions.userAgentString = options.userAgentString;
  if (options.transportConstructor) uaOptions.transportConstructor = options.transportConstructor;
  const ua = new UserAgent(uaOptions);
  // Chat over the same connection (issue 3): incoming MESSAGEs are answered 200 by this transport.
  const messaging = createSipJsMessagingTransport(ua);
  const registration = new RegistrationController(ua, {
    expiresSec: options.registerExpiresSec ?? 300,
    reconnectDelayMs: options.reconnectDelayMs ?? { initial: 500, max: 30_000 },
    logger,
    onChange: () => changed(),
  });

  let snapshot: PhoneSnapshot = buildSnapshot(registration, calls.values(), keepEnded);

  function changed(): void {
    snapshot = buildSnapshot(registration, calls.values(), keepEnded);
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        logger.error({ tnx: 'subscribe', error: String(error) }, 'snapshot listener threw');
      }
    }
  }

  function newCall(
    direction: CallEntry['direction'],
    peer: CallEntry['peer'],
    state: CallEntry['state'],
  ): CallEntry {
    const entry: CallEntry = {
      id: `call-${nextId++}`,
      direction,
      peer,
      state,
      muted: false,
      createdAt: clock.now(),
    };
    calls.set(entry.id, entry);
    return entry;
  }

  /** Marks a call ended (once), keeps only the last few ended calls, and notifies. */
  function end(entry: CallEntry, reason: CallEndReason, status?: { code: number; reason: string }): void {
    if (entry.state === 'ended') return;
    entry.state = 'ended';
    entry.stopQuality?.();
    entry.stopQuality = undefined;
    entry.endedAt = clock.now();
    entry.endReason = reason;
    if (status) entry.endStatus = status;
    logger.info({ tnx: 'call', call: entry.id, reason, code: status?.code }, 'call ended');
    const ended = [...calls.values()].filter((c) => c.state === 'ended');
    for (const old of ended.slice(0, Math.max(0, ended.length - keepEnded))) calls.delete(old.id);
    changed();
  }

  function applyMute(entry: CallEntry): void {
    const media = entry.session?.sessionDescriptionHandler as MutableMedia | undefined;
    try {
      media?.enableSenderTracks?.(!entry.muted);
    } catch (error) {
      logger.debug({ tnx: 'mute', error: String(error) }, 'cannot apply mute');
    }
  }

  function watch(entry: CallEntry, session: Session): void {
    entry.session = session;
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        if (entry.byeWhenEstablished) {
          void session.bye().catch(() => undefined);
          return;
        }
        if (entry.state === 'ended') return;
        entry.state = 'active';
        entry.answeredAt = clock.now();
        applyMute(entry);
        watchQuality(entry, session);
        changed();
      } else if (state === SessionState.Terminated) {
        // SIP.js reports Terminated before it calls `requestDelegate.onReject` (and before a failed
        // `invite()` rejects): let those speak first, on the next task.
        setTimeout(() => {
          const pending = entry.pendingEnd;
          const fallback: CallEndReason = entry.state === 'active' ? 'remote-hangup' : 'failed';
          end(entry, pending?.reason ?? fallback, pending?.status);
        }, 0);
      }
    });
  }

  /** Reads the call's media statistics every ~2 s into `quality` (when the platform can read them). */
  function watchQuality(entry: CallEntry, session: Session): void {
    const read = options.readCallStats;
    if (!read || entry.stopQuality) return;
    entry.stopQuality = startCallQualityMonitor({
      read,
      intervalMs: options.callQualityIntervalMs ?? 2000,
      handler: () => session.sessionDescriptionHandler,
      logger,
      onQuality: (quality) => {
        if (entry.state !== 'active' || sameQuality(entry.quality, quality)) return;
        entry.quality = quality;
        changed();
      },
    });
  }

  // An INVITE outside any dialog (RFC 3261 §13.3).
  function onInvite(invitation: Invitation): void {
    const remote = invitation.remoteIdentity;
    const peer = peerFromUri(remote.uri, options.domain, remote.displayName);
    // Rule: an INVITE while another call is live is refused with 486 Busy Here.
    // Call waiting (a second line) comes later; until then one call at a time.
    if ([...calls.values()].some((c) => c.state !== 'ended')) {
      logger.info({ tnx: 'call', from: peer.uri }, 'busy: rejecting incoming call');
      void invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    const entry = newCall('incoming', peer, 'incoming');
    invitation.delegate = {
      onCancel: (cancel) => {
        // RFC 3326: a CANCEL with `Reason: SIP;cause=200` means another of our devices answered.
        const elsewhere = isAnsweredElsewhere(cancel.request.getHeader('reason'));
        entry.pendingEnd = { reason: elsewhere ? 'answered-elsewhere' : 'cancelled' };
      },
      onBye: (bye) => {
        entry.pendingEnd ??= { reason: 'remote-hangup' };
        void bye.accept().catch(() => undefined);
      },
    };
    watch(entry, invitation);
    logger.info({ tnx: 'call', call: entry.id, from: peer.uri }, 'incoming call');
    changed();
    // 180 Ringing (RFC 3261 §13.3.1.1).
    void invitation.progress().catch((error: unknown) => {
      logger.warn({ tnx: 'call', call: entry.id, error: String(error) }, 'cannot send 180');
    });
  }

  function call(target: string): string {
    const targetUri = parseCallTarget(target, options.domain);
    const entry = newCall(
      'outgoing',
      targetUri ? peerFromUri(targetUri, options.domain) : { uri: target },
      'dialing',
    );
    if (!targetUri) {
      end(entry, 'not-found');
      return entry.id;
    }
    if (registration.state !== 'registered') {
      end(entry, 'failed');
      return entry.id;
    }
    const inviter = new Inviter(ua, targetUri, {
      sessionDescriptionHandlerOptions: sdhOptions,
      sessionDescriptionHandlerModifiers: modifiers,
    });
    inviter.delegate = {
      onBye: (bye) => {
        entry.pendingEnd ??= { reason: 'remote-hangup' };
        void bye.accept().catch(() => undefined);
      },
    };
    watch(entry, inviter);
    changed();
    logger.info({ tnx: 'call', call: entry.id, to: targetUri.toString() }, 'dialing');
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode ?? 0;
            if ((code === 180 || code === 183) && entry.state === 'dialing') {
              entry.state = 'ringing';
              changed();
            }
          },
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            const reason = response.message.reasonPhrase ?? '';
            entry.pendingEnd = { reason: endReasonForStatus(code), status: { code, reason } };
          },
        },
      })
      .catch((error: unknown) => {
        // The INVITE never left: no microphone or no usable media (the SDH failed).
        logger.warn({ tnx: 'call', call: entry.id, error: String(error) }, 'cannot start call');
        entry.pendingEnd ??= { reason: 'media-failed' };
        if (inviter.state === SessionState.Terminated) end(entry, entry.pendingEnd.reason);
      });
    return entry.id;
  }

  async function answer(callId: string): Promise<void> {
    const entry = calls.get(callId);
    if (!entry || entry.state !== 'incoming' || !(entry.session instanceof Invitation)) {
      throw new Error(`No incoming call ${callId} to answer`);
    }
    entry.state = 'connecting';
    changed();
    try {
      await entry.session.accept({
        sessionDescriptionHandlerOptions: sdhOptions,
        sessionDescriptionHandlerModifiers: modifiers,
      });
    } catch (error) {
      logger.warn({ tnx: 'call', call: callId, error: String(error) }, 'cannot answer');
      entry.pendingEnd ??= { reason: 'media-failed' };
    }
    // SIP.js rejects the INVITE itself when media fails; it then reaches Terminated.
    // (`entry.state` may have changed while we awaited; TypeScript narrowed it to 'connecting'.)
    if (entry.session.state === SessionState.Terminated && (entry.state as CallEntry['state']) !== 'ended') {
      end(entry, entry.pendingEnd?.reason ?? 'media-failed');
    }
  }

  async function decline(callId: string): Promise<void> {
    const entry = calls.get(callId);
    if (!entry || entry.state !== 'incoming' || !(entry.session instanceof Invitation)) return;
    // Rule: decline is 603 Decline (RFC 3261 §21.6.2).
    end(entry, 'declined', { code: 603, reason: 'Decline' });
    await entry.session.reject({ statusCode: 603 }).catch(() => undefined);
  }

  async function hangup(callId: string): Promise<void> {
    const entry = calls.get(callId);
    if (!entry || entry.state === 'ended') return;
    const session = entry.session;
    // Rule: hangup works in every state.
    if (entry.state === 'incoming') return decline(callId);
    if (session instanceof Inviter && (entry.state === 'dialing' || entry.state === 'ringing')) {
      // Before a final response: CANCEL (RFC 3261 §9.1). A 2xx racing it gets ACK + BYE from SIP.js.
      end(entry, 'cancelled');
      if (session.state === SessionState.Initial || session.state === SessionState.Establishing) {
        await session.cancel().catch(() => undefined);
      }
      return;
    }
    end(entry, 'local-hangup');
    if (!session) return;
    if (session.state === SessionState.Established) {
      await session.bye().catch(() => undefined);
    } else if (session.state === SessionState.Establishing || session.state === SessionState.Initial) {
      // Our 2xx is on its way (answer in progress): hang up as soon as the dialog is confirmed.
      entry.byeWhenEstablished = true;
    }
  }

  // Rule: a new microphone replaces the sending track (no re-INVITE, the call stays) and keeps mute.
  async function switchMicrophone(): Promise<void> {
    const acquire = options.acquireMicrophone;
    if (!acquire) return;
    for (const entry of [...calls.values()]) {
      const media = entry.session?.sessionDescriptionHandler as MutableMedia | undefined;
      if (entry.state === 'ended' || !media?.setLocalMediaStream) continue;
      await media.setLocalMediaStream(await acquire());
      applyMute(entry); // a replaced track starts enabled
      logger.info({ tnx: 'media', call: entry.id }, 'microphone switched');
    }
  }

  function setMuted(callId: string, muted: boolean): void {
    const entry = calls.get(callId);
    if (!entry || entry.state === 'ended' || entry.muted === muted) return;
    entry.muted = muted;
    applyMute(entry);
    changed();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    start: () => registration.start(),
    async stop() {
      await Promise.all([...calls.keys()].map((id) => hangup(id)));
      await registration.stop();
      await ua
        .stop()
        .catch((error: unknown) => logger.debug({ tnx: 'stop', error: String(error) }, 'stop failed'));
    },
    call,
    answer,
    decline,
    hangup,
    setMuted,
    switchMicrophone,
    messaging,
    dismiss(callId) {
      const entry = calls.get(callId);
      if (entry?.state !== 'ended') return;
      calls.delete(callId);
      changed();
    },
  };
}
