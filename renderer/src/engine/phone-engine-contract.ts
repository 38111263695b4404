/**
 * The phone engine's public face: what the UI (and the desktop shell, and tests) may use.
 * No SIP.js type appears here; the UI reads immutable snapshots via `subscribe()` + `getSnapshot()`
 * (React: `useSyncExternalStore`) and acts only through the methods below.
 *
 *   call lifecycle (one CallSnapshot):
 *
 *   outgoing:  dialing ──► ringing ──► connecting? ──► active ──► ended
 *                 └────────────┴─────────────────────────────────► ended (declined, busy, …)
 *   incoming:  incoming ──► connecting ──► active ──► ended
 *                 └────────────────────────────────► ended (declined, cancelled, answered-elsewhere)
 */
import type { MessagingTransport } from '../messaging/messaging-transport.js';

export type RegistrationState = 'idle' | 'connecting' | 'registered' | 'failed' | 'stopped';

export type CallDirection = 'outgoing' | 'incoming';

export type CallState = 'dialing' | 'ringing' | 'incoming' | 'connecting' | 'active' | 'ended';

/** Why a call ended; the UI turns each into a clear sentence. */
export type CallEndReason =
  | 'local-hangup'
  | 'remote-hangup'
  | 'declined' // callee declined (603) or we declined
  | 'busy' // 486 / 600
  | 'no-answer' // 408 / 480 after the ring timeout
  | 'unavailable' // 480: the user exists but has no device online
  | 'not-found' // 404: no such user
  | 'cancelled' // caller gave up before answer
  | 'answered-elsewhere' // another device of ours answered
  | 'media-failed' // no microphone / WebRTC failure
  | 'transferred' // we handed the call to someone else (REFER accepted and completed)
  | 'replaced' // the other side's transfer replaced this call with another (RFC 3891)
  | 'refused' // the service refused it and said why (phone calls: 403 + Reason, issue 11)
  | 'connection-lost' // the network did not come back within 60 s (calls/ice-restart.ts)
  | 'failed'; // anything else (see endMessage)

export interface CallPeer {
  /** Username when the peer is in our domain, else undefined. */
  readonly username?: string;
  readonly uri: string;
  readonly displayName?: string;
}

export interface CallSnapshot {
  readonly id: string;
  /** The SIP Call-ID of this call's dialog (RFC 3261 §8.1.1.4), e.g. to fetch a phone call's cost. */
  readonly sipCallId?: string;
  readonly direction: CallDirection;
  readonly peer: CallPeer;
  readonly state: CallState;
  readonly muted: boolean;
  /** We put the call on hold (re-INVITE sendonly accepted, RFC 3264 §8.4). */
  readonly held: boolean;
  /** A hold or resume request is on its way. */
  readonly holdPending: boolean;
  /** The other side put us on hold (their offer is sendonly/inactive). */
  readonly remoteHeld: boolean;
  /**
   * The network or the connection to the service dropped: the call is being restored (reconnect,
   * re-REGISTER, ICE restart; network-watch.ts). Cleared when media flows again.
   */
  readonly reconnecting?: boolean;
  /**
   * Six digits ("123 456") both sides see when no one sits in the middle of the media: derived from
   * both DTLS certificate fingerprints (calls/verify-code.ts). Absent until media is set up, and for
   * media without DTLS.
   */
  readonly verifyCode?: string;
  /** Epoch ms when the call was created / answered / ended. */
  readonly createdAt: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly endReason?: CallEndReason;
  /** SIP status code and reason phrase behind the end, when there was one. */
  readonly endStatus?: { readonly code: number; readonly reason: string };
  /** A transfer of this call in progress or just failed (RFC 3515 NOTIFY progress). */
  readonly transfer?: {
    readonly target: string;
    readonly state: 'trying' | 'ringing' | 'done' | 'failed';
    /** e.g. "486 Busy Here" when it failed. */
    readonly detail?: string;
  };
  /** Merged into a three-way call with the other calls that carry the same id ("Merge calls"). */
  readonly conference?: string;
  /** This call is a consultation for an attended transfer of the call with this id (on hold). */
  readonly consultFor?: string;
  /** The call came from a transfer: who referred us (their address). */
  readonly referredBy?: string;
  /** An outgoing call whose callee is in Do not disturb (the service said so: 181 or 480 `Do Not Disturb`). */
  readonly calleeDoNotDisturb?: boolean;
  /** We are recording this call (`setRecording`; the other party heard a tone and sees it). */
  readonly recording?: boolean;
  /** The other party records this call (their offer said `a=record:on`, RFC 7866 §6.1). */
  readonly remoteRecording?: boolean;
  /** How the call sounds, measured about every 2 s while active (absent where media gives no stats). */
  readonly quality?: CallQuality;
}

export type CallQualityLevel = 'good' | 'fair' | 'poor';

/** A call's media quality from WebRTC statistics (see `call-quality.ts` for how `level` is decided). */
export interface CallQuality {
  readonly level: CallQualityLevel;
  /** Estimated mean opinion score, 1..4.5 (E-model lite, ITU-T G.107). */
  readonly mos?: number;
  readonly rttMs?: number;
  readonly jitterMs?: number;
  /** Packet loss over the last interval, percent (the worse of the two directions when both are known). */
  readonly lossPercent?: number;
  /** Remote voice as decoded, 0..1. */
  readonly audioLevelIn?: number;
  /** Our microphone as sent, 0..1. */
  readonly audioLevelOut?: number;
}

export interface PhoneSnapshot {
  readonly registration: {
    readonly state: RegistrationState;
    /** Human-readable reason for `failed` (e.g. "Wrong username or password"). */
    readonly error?: string;
  };
  /** Live calls first in creation order, then the last ended call(s) so the UI can show why it ended. */
  readonly calls: readonly CallSnapshot[];
}

export interface PhoneEngine {
  subscribe(listener: () => void): () => void;
  getSnapshot(): PhoneSnapshot;
  /** Connects and registers. Resolves once registered, rejects with a clear Error otherwise. */
  start(): Promise<void>;
  /** Unregisters and disconnects; ends live calls. */
  stop(): Promise<void>;
  /**
   * A sign the person is about to call (the pointer on a Call button, typing in the dial box): the
   * microphone, the peer connection and its offer are made now and used by the next `call()`; unused,
   * they are released after a few seconds (calls/call-warmup.ts). Cheap to call often. Optional so
   * fakes and Node engines may lack it.
   */
  prepareCall?(): void;
  /** Calls a username (`bob`), an AOR (`bob@domain`) or a SIP URI. Returns the call id at once. */
  call(target: string): string;
  answer(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): void;
  /**
   * Puts an active call on hold or resumes it (re-INVITE; glare retried per RFC 3261 §14.1).
   * Resolves once the other side accepted; rejects with a clear Error when it refused.
   */
  setHeld(callId: string, held: boolean): Promise<void>;
  /**
   * Sends keypad tones (0-9, *, #, A-D) on an active call: RFC 4733 events when negotiated, else SIP
   * INFO. Rejects on other characters or when there is no such active call.
   */
  sendDtmf(callId: string, tones: string): Promise<void>;
  /**
   * Blind transfer (REFER, RFC 3515): holds the call, asks the other side to call `target`, and ends our
   * call once they report success. Rejects with a clear Error when it fails (the call stays on hold).
   */
  transfer(callId: string, target: string): Promise<void>;
  /** Attended transfer, step 1: holds the call and calls `target` to consult. Returns the new call id. */
  consult(callId: string, target: string): string;
  /**
   * Attended transfer, step 2 (RFC 5589 §7): REFER with Replaces on the held call; both our calls end
   * when the others are connected. Rejects with a clear Error when it fails.
   */
  completeTransfer(consultCallId: string): Promise<void>;
  /**
   * Merges two answered calls into a three-way call mixed here (held ones are resumed first): each
   * party hears the two others. Rejects where the platform cannot mix audio.
   */
  merge(callId: string, otherCallId: string): Promise<void>;
  /**
   * Takes a fresh microphone track (from the platform's current choice) for every live call, replacing
   * the one being sent; mute stays as it was. Optional: fakes and Node engines may lack it.
   */
  switchMicrophone?(): Promise<void>;
  /**
   * Starts or stops recording an active call: both voices, a tone for the other party, and a
   * re-INVITE saying `a=record:on`/`off` (RFC 7866 §6.1). The finished recording goes to the platform's
   * `onCallRecorded`. Optional: engines without a recorder lack it; it rejects where the platform cannot record.
   */
  setRecording?(callId: string, on: boolean): Promise<void>;
  /** Forgets ended calls from the snapshot. */
  dismiss(callId: string): void;
  /**
   * SIP MESSAGE over this engine's connection (RFC 3428; issue 3), for a `MessagingClient`.
   * Optional so fakes and older engines still fit the contract; the SIP.js engine always has it.
   */
  readonly messaging?: MessagingTransport;
}
