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
 * - Call waiting: an INVITE while ONE call is active (answered) rings as a second, waiting call; an
 *   INVITE while a call is being set up, while two are live, or with call waiting off is refused with
 *   486 Busy Here (RFC 3261 §21.4.24).
 * - Answering while another call is active puts that one on hold first ("Answer and hold").
 * - Merged calls (calls/conference.ts) are mixed by the platform; hanging up ends them all.
 * - Auto-answer (a setting, off by default) answers a call at once when no other call is live.
 * - Decline is 603 Decline (RFC 3261 §21.6.2).
 * - Hangup works in every state: CANCEL before a final response, reject before answer, BYE after.
 * - Mute disables the local audio track (SDH `enableSenderTracks`), and survives media (re)creation.
 * - Hold (calls/call-hold.ts) also disables the local track; mute and hold are independent.
 * - Keypad tones: RFC 4733 when negotiated, else SIP INFO (calls/keypad.ts).
 * - A new microphone replaces the sending track (no re-INVITE, the call stays) and keeps mute.
 * - Pre-warming (calls/call-warmup.ts): `prepareCall()` makes the next outgoing call's media handler
 *   ahead (microphone, peer connection, offer); `call()` takes it, an unused one is released when idle.
 * - Recording (calls/call-recording.ts): the platform records both voices after a tone; our offers say
 *   `a=record:on`/`off` (RFC 7866 §6.1) and theirs set `remoteRecording`.
 * - Network change (network-watch.ts): answered calls show "Reconnecting…", the transport reconnects
 *   and re-registers, and each call restarts ICE with a re-INVITE keeping its hold state
 *   (calls/ice-restart.ts); after 60 s without media the call is hung up ('connection-lost').
 */
import { Invitation, Inviter, SessionState, UserAgent } from 'sip.js';
import { SIPExtension } from 'sip.js';
import type {
  NameAddrHeader,
  Session,
  SessionDescriptionHandler,
  SessionDescriptionHandlerFactory,
  SessionDelegate,
  SessionDescriptionHandlerModifier,
  URI,
  UserAgentOptions,
} from 'sip.js';
import { createSipJsMessagingTransport } from '../messaging/sipjs-messaging-transport.js';
import { endReasonForStatus, isAnsweredElsewhere, isDoNotDisturb, serviceRefusal } from './call-outcome.js';
import { parseCallTarget, peerFromUri } from './call-target.js';
import type { CallEndReason, PhoneEngine, PhoneSnapshot } from './phone-engine-contract.js';
import type { PhoneEngineOptions } from './phone-engine-options.js';
import { startCallQualityMonitor } from './call-quality-monitor.js';
import { sameQuality } from './call-quality.js';
import { buildSnapshot } from './phone-snapshot.js';
import type { CallRecord } from './phone-snapshot.js';
import { NetworkWatch } from './network-watch.js';
import { RegistrationController } from './registration-controller.js';
import { lowLatencyOpus } from './sdp-low-latency.js';
import { sipJsLogConnector } from './sip-js-log-connector.js';
import { requestHold } from './calls/call-hold.js';
import { CallWarmup, DEFAULT_WARMUP_IDLE_MS } from './calls/call-warmup.js';
import { referAndFollow } from './calls/call-transfer.js';
import { newConferenceId, type ConferenceMix } from './calls/conference.js';
import { createCallRecording, type RecordableCall } from './calls/call-recording.js';
import { createKeypad } from './calls/keypad.js';
import { remoteHolds } from './calls/sdp-facts.js';
import { tapSessionDescriptions, type SdpKind } from './calls/sdp-tap.js';
import { verifyCodeFor } from './calls/verify-code.js';

interface CallEntry extends CallRecord, Pick<RecordableCall, 'recorder' | 'recordIndication'> {
  session?: Session;
  /** Why the call will end, learnt before SIP.js reports `Terminated`. */
  pendingEnd?: { reason: CallEndReason; status?: { code: number; reason: string } };
  /** Hung up while our 2xx was on its way: send BYE once the dialog is confirmed. */
  byeWhenEstablished?: boolean;
  /** Stops the call-quality readings (set while the call is active). */
  stopQuality?: () => void;
  /** Keypad tones in order (calls/keypad.ts), made on first use. */
  keypad?: (tones: string) => Promise<unknown>;
  /** Our latest offer/answer and theirs (calls/sdp-tap.ts). */
  localSdp?: string;
  remoteSdp?: string;
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
  const entryOf = new WeakMap<Session, CallEntry>();
  const conferences = new Map<string, { mix: ConferenceMix; members: Set<string> }>();
  // A call placed with a prepared handler (calls/call-warmup.ts) gets it from the factory, once.
  const preparedFor = new WeakMap<Session, SessionDescriptionHandler>();
  const platformFactory: SessionDescriptionHandlerFactory = (session, factoryOptions) => {
    const prepared = preparedFor.get(session);
    if (!prepared) return options.sessionDescriptionHandlerFactory(session, factoryOptions);
    preparedFor.delete(session);
    return prepared;
  };
  const sessionDescriptionHandlerFactory = tapSessionDescriptions(platformFactory, {
    onLocal: (session, sdp) => noteSdp(session, 'local', sdp, 'answer'),
    onRemote: (session, sdp, kind) => noteSdp(session, 'remote', sdp, kind),
    rewriteLocal: (session, sdp) => {
      const entry = entryOf.get(session);
      return entry ? recording.describe(entry, sdp) : sdp;
    },
  });
  const recording = createCallRecording({
    ...(options.recordCall ? { record: options.recordCall } : {}),
    ...(options.onCallRecorded ? { onRecorded: options.onCallRecorded } : {}),
    handlerOptions: sdhOptions,
    logger,
    clock,
    changed: () => changed(),
  });

  const uri = UserAgent.makeURI(`sip:${options.username.toLowerCase()}@${options.domain}`);
  if (!uri) throw new Error(`Invalid SIP identity ${options.username}@${options.domain}`);
  const uaOptions: UserAgentOptions = {
    uri,
    transportOptions: { server: options.sipUrl, connectionTimeout: 5 },
    authorizationUsername: options.username.toLowerCase(),
    authorizationPassword: options.password,
    sessionDescriptionHandlerFactory,
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: options.iceServers.map((s) => ({ ...s })) },
      iceGatheringTimeout: options.iceGatheringTimeoutMs ?? 1000,
    },
    // We send 180 ourselves, after deciding we are not busy.
    sendInitialProvisionalResponse: false,
    // Attended transfer: an INVITE with Replaces takes over one of our calls (RFC 3891).
    sipExtensionReplaces: SIPExtension.Supported,
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
    onChange: () => {
      network.registrationChanged(registration.state);
      changed();
    },
  });
  const network = new NetworkWatch({
    ...(options.networkSignals ? { signals: options.networkSignals } : {}),
    reconnectNow: () => registration.reconnectNow(),
    logger,
  });

  const prepareHandler = options.prepareSessionDescriptionHandler;
  const warmup = prepareHandler
    ? new CallWarmup<SessionDescriptionHandler>({
        prepare: () => {
          const handler = prepareHandler(
            ua.getLogger('sip.SessionDescriptionHandler'),
            uaOptions.sessionDescriptionHandlerFactoryOptions ?? {},
          );
          // The description the INVITE will carry, made now: microphone, offer, first usable candidate.
          // The call asks for it first, with these same options; any later one is made as usual.
          const description = handler.getDescription(sdhOptions, modifiers);
          const getDescription = handler.getDescription.bind(handler);
          let first: typeof description | undefined = description;
          handler.getDescription = (...args) => {
            const made = first;
            first = undefined;
            return made ?? getDescription(...args);
          };
          return { value: handler, ready: description };
        },
        release: (handler) => handler.close(),
        idleMs: options.callWarmupIdleMs ?? DEFAULT_WARMUP_IDLE_MS,
        logger,
      })
    : undefined;

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
      held: false,
      holdPending: false,
      remoteHeld: false,
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
    entry.reconnecting = false;
    network.untrack(entry.id);
    leaveConference(entry);
    recording.finish(entry);
    if (status) entry.endStatus = status;
    logger.info({ tnx: 'call', call: entry.id, reason, code: status?.code }, 'call ended');
    const ended = [...calls.values()].filter((c) => c.state === 'ended');
    for (const old of ended.slice(0, Math.max(0, ended.length - keepEnded))) calls.delete(old.id);
    changed();
  }

  function applyMute(entry: CallEntry): void {
    const media = entry.session?.sessionDescriptionHandler as MutableMedia | undefined;
    try {
      media?.enableSenderTracks?.(!entry.muted && !entry.held);
    } catch (error) {
      logger.debug({ tnx: 'mute', error: String(error) }, 'cannot apply mute');
    }
  }

  /** A description went out or came in: the other side's hold state and the verify code follow it. */
  function noteSdp(session: Session, side: 'local' | 'remote', sdp: string, kind: SdpKind): void {
    const entry = entryOf.get(session);
    if (!entry || entry.state === 'ended') return;
    if (side === 'local') entry.localSdp = sdp;
    else {
      entry.remoteSdp = sdp;
      // Only their offers say whether they hold us; their answers reply to ours.
      const remoteHeld = kind === 'offer' ? remoteHolds(sdp) : entry.remoteHeld;
      const recordingChanged = recording.noteRemote(entry, sdp, kind);
      if (remoteHeld !== entry.remoteHeld || recordingChanged) {
        entry.remoteHeld = remoteHeld;
        changed();
      }
    }
    const { localSdp, remoteSdp } = entry;
    if (localSdp === undefined || remoteSdp === undefined) return;
    void verifyCodeFor(localSdp, remoteSdp).then((code) => {
      if (code === entry.verifyCode || entry.state === 'ended') return;
      entry.verifyCode = code;
      changed();
    });
  }

  function watch(entry: CallEntry, session: Session): void {
    entry.session = session;
    entryOf.set(session, entry);
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
        keepThroughNetworkChanges(entry, session);
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

  /** Restarts the call's ICE when the network changes or the connection comes back (network-watch.ts). */
  function keepThroughNetworkChanges(entry: CallEntry, session: Session): void {
    network.track(entry.id, session.sessionDescriptionHandler, {
      // Rule: the restart re-INVITE keeps the hold state (a held call stays sendonly).
      restart: () =>
        requestHold({
          session,
          hold: entry.held,
          iceRestart: true,
          handlerOptions: sdhOptions,
          modifiers,
          ownsCallId: entry.direction === 'outgoing',
        }),
      onReconnecting: (reconnecting) => {
        if (entry.state === 'ended' || entry.reconnecting === reconnecting) return;
        entry.reconnecting = reconnecting;
        changed();
      },
      onGiveUp: () => {
        entry.pendingEnd = { reason: 'connection-lost' };
        end(entry, 'connection-lost');
        if (session.state === SessionState.Established) void session.bye().catch(() => undefined);
      },
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
    // Rule: an INVITE with Replaces for one of our calls (attended transfer, RFC 3891 §3) takes that
    // call over without ringing: it is answered at once and SIP.js sends BYE on the replaced dialog.
    const replaced = invitation.replacee ? entryOf.get(invitation.replacee) : undefined;
    if (replaced && replaced.state !== 'ended') {
      const entry = newCall('incoming', peer, 'incoming');
      entry.sipCallId = invitation.request.callId;
      replaced.pendingEnd = { reason: 'replaced' };
      invitation.delegate = sessionDelegate(entry);
      watch(entry, invitation);
      logger.info({ tnx: 'call', call: entry.id, replaces: replaced.id }, 'call replaced by transfer');
      void answer(entry.id).catch((error: unknown) => {
        logger.warn({ tnx: 'call', call: entry.id, error: String(error) }, 'cannot take over replaced call');
      });
      return;
    }
    // Rule: call waiting rings a second call only beside ONE answered call; otherwise 486 Busy Here.
    const live = [...calls.values()].filter((c) => c.state !== 'ended');
    const waitingAllowed = options.callWaiting?.() ?? true;
    if (live.length > 0 && (!waitingAllowed || live.length > 1 || live[0]!.state !== 'active')) {
      logger.info({ tnx: 'call', from: peer.uri }, 'busy: rejecting incoming call');
      void invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    const entry = newCall('incoming', peer, 'incoming');
    invitation.delegate = {
      ...sessionDelegate(entry),
      onCancel: (cancel) => {
        // RFC 3326: a CANCEL with `Reason: SIP;cause=200` means another of our devices answered.
        const elsewhere = isAnsweredElsewhere(cancel.request.getHeader('reason'));
        entry.pendingEnd = { reason: elsewhere ? 'answered-elsewhere' : 'cancelled' };
      },
    };
    watch(entry, invitation);
    logger.info({ tnx: 'call', call: entry.id, from: peer.uri }, 'incoming call');
    changed();
    // Rule: auto-answer (a setting) takes a call at once when it is the only one.
    if (live.length === 0 && options.autoAnswer?.() === true) {
      logger.info({ tnx: 'call', call: entry.id }, 'auto-answer');
      void answer(entry.id).catch((error: unknown) => {
        logger.warn({ tnx: 'call', call: entry.id, error: String(error) }, 'auto-answer failed');
      });
      return;
    }
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
    const prepared = warmup?.take();
    if (!prepared) {
      placeCall(entry, inviter);
      return entry.id;
    }
    changed(); // "Calling…" at once; the INVITE follows when the prepared handler is ready
    void prepared.then((handler) => {
      // Hung up while the prepared handler was finishing: it goes unused.
      if (entry.state === 'ended') {
        handler?.close();
        return;
      }
      if (handler) preparedFor.set(inviter, handler);
      placeCall(entry, inviter);
    });
    return entry.id;
  }

  function prepareCall(): void {
    if (registration.state !== 'registered') return;
    warmup?.prepare();
  }

  /** Sends an outgoing call's INVITE (ours, or one a REFER asked us to make) and follows it. */
  function placeCall(entry: CallEntry, inviter: Inviter): void {
    inviter.delegate = sessionDelegate(entry);
    entry.sipCallId = inviter.request.callId;
    watch(entry, inviter);
    changed();
    logger.info({ tnx: 'call', call: entry.id, to: entry.peer.uri }, 'dialing');
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode ?? 0;
            if (isDoNotDisturb(code, response.message.reasonPhrase)) {
              entry.calleeDoNotDisturb = true;
              changed();
            }
            if ((code === 180 || code === 183) && entry.state === 'dialing') {
              entry.state = 'ringing';
              changed();
            }
          },
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            const reason = response.message.reasonPhrase ?? '';
            const refusal = serviceRefusal(response.message);
            if (isDoNotDisturb(code, reason)) entry.calleeDoNotDisturb = true;
            entry.pendingEnd = refusal
              ? { reason: 'refused', status: { code, reason: refusal } }
              : { reason: endReasonForStatus(code), status: { code, reason } };
          },
        },
      })
      .catch((error: unknown) => {
        // The INVITE never left: no microphone or no usable media (the SDH failed).
        logger.warn({ tnx: 'call', call: entry.id, error: String(error) }, 'cannot start call');
        entry.pendingEnd ??= { reason: 'media-failed' };
        if (inviter.state === SessionState.Terminated) end(entry, entry.pendingEnd.reason);
      });
  }

  /** In-dialog requests of a call: BYE, and REFER (we are being transferred, RFC 3515 §2.4.2). */
  function sessionDelegate(entry: CallEntry): SessionDelegate {
    return {
      onBye: (bye) => {
        // The transferee may hang up on us itself once our transfer succeeded.
        const transferring = entry.transfer !== undefined && entry.transfer.state !== 'failed';
        entry.pendingEnd ??= { reason: transferring ? 'transferred' : 'remote-hangup' };
        void bye.accept().catch(() => undefined);
      },
      onRefer: (referral) => {
        const target = referral.referTo.uri;
        logger.info({ tnx: 'transfer', call: entry.id, to: target.toString() }, 'referred');
        void referral
          .accept()
          .then(() => {
            const inviter = referral.makeInviter({
              sessionDescriptionHandlerOptions: sdhOptions,
              sessionDescriptionHandlerModifiers: modifiers,
            });
            const next = newCall('outgoing', referredPeer(referral.referTo), 'dialing');
            next.referredBy = entry.peer.uri;
            placeCall(next, inviter);
          })
          .catch((error: unknown) => {
            logger.warn({ tnx: 'transfer', call: entry.id, error: String(error) }, 'cannot follow REFER');
          });
      },
    };
  }

  /**
   * Who a REFER sends us to. Attended transfers refer to the target's contact (a device URI), named
   * by SIP.js with the consulted party's "user@domain" as display name: show that user when it is ours.
   */
  function referredPeer(referTo: NameAddrHeader): CallEntry['peer'] {
    const shown = (referTo.displayName as string | undefined)?.trim() ?? ''; // undefined at run time when absent
    const aor = /^[^\s@<>"]+@[^\s@<>"]+$/.test(shown) ? UserAgent.makeURI(`sip:${shown}`) : undefined;
    if (aor && aor.host.toLowerCase() === options.domain.toLowerCase())
      return peerFromUri(aor, options.domain);
    return peerFromUri(referTo.uri, options.domain, shown || undefined);
  }

  /** REFERs `entry`'s call (blind: a URI; attended: the consult session) and follows the NOTIFYs. */
  async function runTransfer(entry: CallEntry & { session: Session }, referTo: URI | Session, label: string) {
    entry.transfer = { target: label, state: 'trying' };
    changed();
    const final = await referAndFollow(entry.session, referTo, (progress) => {
      if (entry.state === 'ended') return;
      const detail =
        progress.status !== undefined
          ? `${progress.status} ${progress.reason ?? ''}`.trim()
          : progress.reason;
      entry.transfer = { target: label, state: progress.state, ...(detail ? { detail } : {}) };
      changed();
    });
    if (final.state !== 'done') {
      const why = entry.transfer?.detail ? ` (${entry.transfer.detail})` : '';
      throw new Error(
        `The transfer to ${label} failed${why}. The call is on hold: choose Resume to talk again.`,
      );
    }
    const session = entry.session;
    end(entry, 'transferred');
    if (session.state === SessionState.Established) await session.bye().catch(() => undefined);
  }

  /** A call of a conference ended: the mix stops and the others go back to their own microphone. */
  function leaveConference(entry: CallEntry): void {
    const id = entry.conference;
    const conference = id !== undefined ? conferences.get(id) : undefined;
    if (!id || !conference) return;
    conferences.delete(id);
    conference.mix.stop();
    for (const memberId of conference.members) {
      const member = calls.get(memberId);
      if (member) member.conference = undefined;
    }
    logger.info({ tnx: 'conference', conference: id, left: entry.id }, 'conference ended');
  }

  async function merge(callId: string, otherCallId: string): Promise<void> {
    const mixer = options.mixConference;
    if (!mixer) throw new Error('This device cannot mix a three-way call.');
    const members = [activeCall(callId), activeCall(otherCallId)];
    if (members.some((m) => m.conference !== undefined)) throw new Error('These calls are already merged.');
    // Rule: only answered calls merge; held ones are resumed first.
    for (const member of members) if (member.held) await setHeld(member.id, false);
    const handlers = members.map((m) => m.session.sessionDescriptionHandler);
    if (handlers.some((h) => h === undefined) || members.some((m) => m.state !== 'active')) {
      throw new Error('A call ended before the merge.');
    }
    const id = newConferenceId();
    conferences.set(id, {
      mix: mixer(handlers as SessionDescriptionHandler[]),
      members: new Set(members.map((m) => m.id)),
    });
    for (const member of members) member.conference = id;
    logger.info({ tnx: 'conference', conference: id, calls: [callId, otherCallId] }, 'calls merged');
    changed();
  }

  async function transfer(callId: string, target: string): Promise<void> {
    const entry = activeCall(callId);
    const uri = parseCallTarget(target, options.domain);
    if (!uri) throw new Error(`Cannot transfer to "${target}": type a username or a SIP address.`);
    if (!entry.held) await setHeld(callId, true);
    await runTransfer(entry, uri, target);
  }

  function consult(callId: string, target: string): string {
    const held = activeCall(callId);
    if (!held.held) {
      void setHeld(callId, true).catch((error: unknown) => {
        logger.warn({ tnx: 'transfer', call: callId, error: String(error) }, 'cannot hold to consult');
      });
    }
    const id = call(target);
    const entry = calls.get(id);
    if (entry && entry.state !== 'ended') {
      entry.consultFor = callId;
      changed();
    }
    return id;
  }

  async function completeTransfer(consultCallId: string): Promise<void> {
    const consultCall = activeCall(consultCallId);
    const heldId = consultCall.consultFor;
    if (heldId === undefined) throw new Error('This call is not a consultation for a transfer.');
    const held = activeCall(heldId);
    // The target ends our consultation itself once the transferee replaced it (RFC 3891 §3).
    consultCall.pendingEnd = { reason: 'transferred' };
    try {
      await runTransfer(held, consultCall.session, consultCall.peer.username ?? consultCall.peer.uri);
    } catch (error) {
      consultCall.pendingEnd = undefined;
      throw error;
    }
  }

  async function answer(callId: string): Promise<void> {
    const entry = calls.get(callId);
    if (!entry || entry.state !== 'incoming' || !(entry.session instanceof Invitation)) {
      throw new Error(`No incoming call ${callId} to answer`);
    }
    // Rule: answering while another call is active puts that one on hold first ("Answer and hold").
    for (const other of calls.values()) {
      if (other === entry || other.state !== 'active' || other.held) continue;
      if (other.pendingEnd?.reason === 'replaced') continue; // about to be replaced by this one
      await setHeld(other.id, true).catch((error: unknown) => {
        logger.warn({ tnx: 'call', call: other.id, error: String(error) }, 'cannot hold before answering');
      });
    }
    if (entry.state !== 'incoming') return; // the caller gave up meanwhile
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
    // Rule: hanging up a conference ends every call in it.
    const conference = entry.conference !== undefined ? conferences.get(entry.conference) : undefined;
    if (conference) {
      await Promise.all([...conference.members].map((id) => hangupOne(id)));
      return;
    }
    return hangupOne(callId);
  }

  async function hangupOne(callId: string): Promise<void> {
    const entry = calls.get(callId);
    if (!entry || entry.state === 'ended') return;
    const session = entry.session;
    // Rule: hangup works in every state.
    if (entry.state === 'incoming') return decline(callId);
    // An outgoing call still waiting for its prepared handler has sent nothing yet.
    if (entry.direction === 'outgoing' && !session) return end(entry, 'cancelled');
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

  function activeCall(callId: string): CallEntry & { session: Session } {
    const entry = calls.get(callId);
    if (!entry || entry.state !== 'active' || !entry.session) throw new Error(`No active call ${callId}`);
    return entry as CallEntry & { session: Session };
  }

  async function setHeld(callId: string, held: boolean): Promise<void> {
    const entry = activeCall(callId);
    if (entry.held === held || entry.holdPending) return;
    entry.holdPending = true;
    changed();
    const outcome = await requestHold({
      session: entry.session,
      hold: held,
      handlerOptions: sdhOptions,
      modifiers,
      ownsCallId: entry.direction === 'outgoing',
    });
    entry.holdPending = false;
    if (outcome.ok && entry.state === 'active') {
      entry.held = held;
      applyMute(entry);
    }
    logger.info({ tnx: 'hold', call: callId, held, ok: outcome.ok }, 'hold request settled');
    changed();
    if (!outcome.ok) throw new Error(`Could not ${held ? 'hold' : 'resume'} the call: ${outcome.reason}`);
  }

  async function sendDtmf(callId: string, tones: string): Promise<void> {
    const entry = activeCall(callId);
    entry.keypad ??= createKeypad(entry.session, () => entry.remoteSdp);
    const method = await entry.keypad(tones);
    logger.debug({ tnx: 'dtmf', call: callId, method, count: tones.length }, 'keypad tones sent');
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
      warmup?.release();
      network.dispose();
      await registration.stop();
      await ua
        .stop()
        .catch((error: unknown) => logger.debug({ tnx: 'stop', error: String(error) }, 'stop failed'));
    },
    call,
    prepareCall,
    answer,
    decline,
    hangup,
    setMuted,
    setHeld,
    sendDtmf,
    transfer,
    consult,
    completeTransfer,
    merge,
    switchMicrophone,
    setRecording: (callId, on) => recording.set(activeCall(callId), on, modifiers),
    messaging,
    dismiss(callId) {
      const entry = calls.get(callId);
      if (entry?.state !== 'ended') return;
      calls.delete(callId);
      changed();
    },
  };
}
