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
  | 'failed'; // anything else (see endMessage)

export interface CallPeer {
  /** Username when the peer is in our domain, else undefined. */
  readonly username?: string;
  readonly uri: string;
  readonly displayName?: string;
}

export interface CallSnapshot {
  readonly id: string;
  readonly direction: CallDirection;
  readonly peer: CallPeer;
  readonly state: CallState;
  readonly muted: boolean;
  /** Epoch ms when the call was created / answered / ended. */
  readonly createdAt: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly endReason?: CallEndReason;
  /** SIP status code and reason phrase behind the end, when there was one. */
  readonly endStatus?: { readonly code: number; readonly reason: string };
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
  /** Calls a username (`bob`), an AOR (`bob@domain`) or a SIP URI. Returns the call id at once. */
  call(target: string): string;
  answer(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): void;
  /**
   * Takes a fresh microphone track (from the platform's current choice) for every live call, replacing
   * the one being sent; mute stays as it was. Optional: fakes and Node engines may lack it.
   */
  switchMicrophone?(): Promise<void>;
  /** Forgets ended calls from the snapshot. */
  dismiss(callId: string): void;
  /**
   * SIP MESSAGE over this engine's connection (RFC 3428; issue 3), for a `MessagingClient`.
   * Optional so fakes and older engines still fit the contract; the SIP.js engine always has it.
   */
  readonly messaging?: MessagingTransport;
}
