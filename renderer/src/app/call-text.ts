/**
 * Words the UI shows for calls and registration: pure functions, so every sentence is unit-tested.
 * Rule of the house: an error always says what to do next.
 */
import { e164FromSipUser, formatInternational } from '../../../common/phone-number.js';
import { t, type MessageId } from '../i18n/i18n.js';
import { registrationErrorMessage } from '../engine/call-outcome.js';
import type {
  CallPeer,
  CallSnapshot,
  PhoneSnapshot,
  RegistrationState,
} from '../engine/phone-engine-contract.js';

/** 42_000 → "00:42"; 3_723_000 → "1:02:03". Negative or NaN counts as zero. */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/** The name to show for a peer: display name, else username, else the URI's user part. */
export function peerName(peer: CallPeer): string {
  const display = peer.displayName?.trim();
  if (display) return display;
  return peerHandle(peer);
}

/**
 * The peer's username (or the user part of its URI): what one types to call them. A phone number
 * (E.164 user part, from the gateway) is written for people: `+44 20 7946 0018`.
 */
export function peerHandle(peer: CallPeer): string {
  const match = /^sips?:([^@;>]+)/i.exec(peer.uri);
  const phone = e164FromSipUser(match?.[1] ?? '');
  if (phone !== undefined) return formatInternational(phone);
  if (peer.username) return peer.username;
  return match?.[1] ?? peer.uri;
}

/** One line under the peer's name: "Calling…", "In call 00:42", "Call ended: …". */
export function callStateText(call: CallSnapshot, now: number): string {
  switch (call.state) {
    case 'dialing':
      return t('call.state.dialing');
    case 'ringing':
      return t('call.state.ringing');
    case 'incoming':
      return t('call.state.incoming', { name: peerName(call.peer) });
    case 'connecting':
      return t('call.state.connecting');
    case 'active':
      return t('call.state.active', { duration: formatDuration(now - (call.answeredAt ?? call.createdAt)) });
    case 'ended':
      return t('call.state.ended', { reason: endReasonText(call) });
  }
}

/**
 * What a screen reader hears about the call on screen, from a live region that outlives every call:
 * "Calling…", "Ringing…", "Connecting…", "In call" (no ticking timer), "Call ended. Why." An incoming
 * call says nothing here (it has its own assertive announcement).
 */
/** An answered call: "In call", or who holds whom (RFC 3264 §8.4 hold, either side). */
export function activeCallText(call: CallSnapshot): string {
  if (call.reconnecting) return t('call.active.reconnecting');
  if (call.conference !== undefined) return t('call.active.conference');
  if (call.held) return t('call.active.held');
  if (call.remoteHeld) return t('call.active.remoteHeld', { who: peerHandle(call.peer) });
  return t('call.active.inCall');
}

export function spokenCallState(call: CallSnapshot): string {
  switch (call.state) {
    case 'incoming':
      return '';
    case 'active':
      return activeCallText(call);
    case 'ended':
      return t('call.state.endedSpoken', { reason: endReasonText(call) });
    default:
      return callStateText(call, call.createdAt);
  }
}

/** An outgoing call to someone in Do not disturb: what the caller reads while voicemail takes it. */
export function doNotDisturbText(name: string): string {
  return t('call.doNotDisturb', { name });
}

/** Why a call ended, as a sentence; failures say what to do next. */
export function endReasonText(call: CallSnapshot): string {
  const who = peerHandle(call.peer);
  const outgoing = call.direction === 'outgoing';
  switch (call.endReason) {
    case 'local-hangup':
      return t('call.end.localHangup');
    case 'remote-hangup':
      return t('call.end.remoteHangup', { who });
    case 'declined':
      return outgoing ? t('call.end.declinedByThem', { who }) : t('call.end.declinedByYou');
    case 'busy':
      return t('call.end.busy', { who });
    case 'no-answer':
      return outgoing ? t('call.end.noAnswer', { who }) : t('call.end.missed', { who });
    case 'unavailable':
      return call.calleeDoNotDisturb ? t('call.end.doNotDisturb', { who }) : t('call.end.offline', { who });
    case 'not-found':
      return t('call.end.notFound', { who });
    case 'cancelled':
      return outgoing ? t('call.end.cancelled') : t('call.end.missed', { who });
    case 'answered-elsewhere':
      return t('call.end.answeredElsewhere');
    case 'transferred':
      return t('call.end.transferred');
    case 'replaced':
      return t('call.end.replaced', { who });
    case 'refused':
      // The service's own reason (it knows why: e.g. the gateway's "No rate for this destination").
      return call.endStatus?.reason
        ? t('call.end.refusedBecause', { reason: call.endStatus.reason })
        : t('call.end.refused');
    case 'connection-lost':
      return t('call.end.connectionLost');
    case 'media-failed':
      return t('call.end.mediaFailed');
    case 'failed':
    case undefined: {
      const status = call.endStatus;
      return status
        ? t('call.end.failedStatus', { code: status.code, reason: status.reason })
        : t('call.end.failed');
    }
  }
}

/**
 * True for end reasons that mean something went wrong (shown with warning colours). Declining a call
 * yourself is a choice, not a failure; being declined is.
 */
export function isProblemEnd(call: CallSnapshot): boolean {
  if (call.endReason === 'declined' && call.direction === 'incoming') return false;
  return ![
    'local-hangup',
    'remote-hangup',
    'answered-elsewhere',
    'cancelled',
    'transferred',
    'replaced',
  ].includes(call.endReason ?? 'failed');
}

export interface RegistrationText {
  readonly label: string;
  /** What to do next, for states that need the user's attention. */
  readonly hint?: string;
  readonly tone: 'ok' | 'busy' | 'problem' | 'idle';
}

/**
 * The engine's registration errors in the user's language. The engine words a few fixed cases
 * (call-outcome.ts) and keeps no code, so they are matched by the engine's own function; any other
 * ("Registration refused (500 …)") is shown as the engine wrote it.
 */
const REGISTRATION_ERRORS: ReadonlyMap<string, MessageId> = new Map<string, MessageId>([
  [registrationErrorMessage(undefined), 'registration.error.unreachable'],
  [registrationErrorMessage(401), 'registration.error.credentials'],
  [registrationErrorMessage(404), 'registration.error.noUser'],
  [registrationErrorMessage(408), 'registration.error.notAnswering'],
]);

function registrationError(error: string | undefined): string | undefined {
  if (error === undefined) return undefined;
  const id = REGISTRATION_ERRORS.get(error);
  return id ? t(id) : error;
}

export function registrationText(registration: PhoneSnapshot['registration']): RegistrationText {
  const state: RegistrationState = registration.state;
  switch (state) {
    case 'registered':
      return { label: t('registration.ready'), tone: 'ok' };
    case 'connecting':
      return { label: t('registration.connecting'), tone: 'busy' };
    case 'failed': {
      const reason =
        registrationError(registration.error)?.replace(/\.?\s*$/, '.') ?? t('registration.couldNotConnect');
      return {
        label: t('registration.notConnected'),
        hint: t('registration.failedHint', { reason }),
        tone: 'problem',
      };
    }
    case 'idle':
    case 'stopped':
      return { label: t('registration.offline'), hint: t('registration.offlineHint'), tone: 'idle' };
  }
}

/** Live calls (not ended), in creation order. */
export function liveCalls(snapshot: PhoneSnapshot): readonly CallSnapshot[] {
  return snapshot.calls.filter((call) => call.state !== 'ended');
}

/**
 * What the call area shows: incoming calls that ring, and one "main" call — the first live call that is
 * not ringing in, else the most recent ended call (so the user can read why it ended).
 */
export function callsToShow(snapshot: PhoneSnapshot): {
  readonly ringing: readonly CallSnapshot[];
  readonly main?: CallSnapshot;
  /** Other live calls (on hold, call waiting): shown in a strip with Swap. */
  readonly others: readonly CallSnapshot[];
} {
  const ringing = snapshot.calls.filter((call) => call.state === 'incoming');
  const live = snapshot.calls.filter((call) => call.state !== 'incoming' && call.state !== 'ended');
  // The call you talk in: the newest live one that nobody holds (a call being set up beside a held
  // one: consult, call waiting, being transferred), else the first not held by you, else the first.
  const main =
    live.findLast((call) => !call.held && !call.remoteHeld) ??
    live.find((call) => !call.held) ??
    live[0] ??
    (ringing.length === 0 ? lastEnded(snapshot) : undefined);
  return { ringing, main, others: live.filter((call) => call !== main) };
}

function lastEnded(snapshot: PhoneSnapshot): CallSnapshot | undefined {
  const ended = snapshot.calls.filter((call) => call.state === 'ended');
  return ended.reduce<CallSnapshot | undefined>(
    (latest, call) => (!latest || (call.endedAt ?? 0) >= (latest.endedAt ?? 0) ? call : latest),
    undefined,
  );
}
