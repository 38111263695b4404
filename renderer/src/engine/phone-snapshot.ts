/**
 * Immutable snapshots for the UI. A new object is built only when something changed, so
 * `getSnapshot()` is stable between changes (what React's `useSyncExternalStore` requires).
 */
import type { CallSnapshot, PhoneSnapshot, RegistrationState } from './phone-engine-contract.js';

/** The engine's mutable view of one call; snapshots copy it. */
export interface CallRecord {
  readonly id: string;
  sipCallId?: string;
  readonly direction: CallSnapshot['direction'];
  peer: CallSnapshot['peer'];
  state: CallSnapshot['state'];
  muted: boolean;
  held: boolean;
  holdPending: boolean;
  remoteHeld: boolean;
  reconnecting?: boolean;
  verifyCode?: string;
  readonly createdAt: number;
  answeredAt?: number;
  endedAt?: number;
  endReason?: CallSnapshot['endReason'];
  endStatus?: CallSnapshot['endStatus'];
  quality?: CallSnapshot['quality'];
  transfer?: CallSnapshot['transfer'];
  consultFor?: string;
  referredBy?: string;
  conference?: string;
  calleeDoNotDisturb?: boolean;
  recording?: boolean;
  remoteRecording?: boolean;
}

export function freezeCall(record: CallRecord): CallSnapshot {
  return Object.freeze({
    id: record.id,
    ...(record.sipCallId !== undefined ? { sipCallId: record.sipCallId } : {}),
    direction: record.direction,
    peer: Object.freeze({ ...record.peer }),
    state: record.state,
    muted: record.muted,
    held: record.held,
    holdPending: record.holdPending,
    remoteHeld: record.remoteHeld,
    ...(record.reconnecting ? { reconnecting: true } : {}),
    ...(record.verifyCode !== undefined ? { verifyCode: record.verifyCode } : {}),
    createdAt: record.createdAt,
    ...(record.answeredAt !== undefined ? { answeredAt: record.answeredAt } : {}),
    ...(record.endedAt !== undefined ? { endedAt: record.endedAt } : {}),
    ...(record.endReason !== undefined ? { endReason: record.endReason } : {}),
    ...(record.endStatus !== undefined ? { endStatus: Object.freeze({ ...record.endStatus }) } : {}),
    ...(record.quality !== undefined ? { quality: Object.freeze({ ...record.quality }) } : {}),
    ...(record.transfer !== undefined ? { transfer: Object.freeze({ ...record.transfer }) } : {}),
    ...(record.consultFor !== undefined ? { consultFor: record.consultFor } : {}),
    ...(record.conference !== undefined ? { conference: record.conference } : {}),
    ...(record.referredBy !== undefined ? { referredBy: record.referredBy } : {}),
    ...(record.calleeDoNotDisturb ? { calleeDoNotDisturb: true } : {}),
    ...(record.recording ? { recording: true } : {}),
    ...(record.remoteRecording ? { remoteRecording: true } : {}),
  });
}

/** Live calls first in creation order, then the last `keepEnded` ended calls (oldest first). */
export function buildSnapshot(
  registration: { state: RegistrationState; error: string | undefined },
  records: Iterable<CallRecord>,
  keepEnded: number,
): PhoneSnapshot {
  const all = [...records];
  const live = all.filter((r) => r.state !== 'ended');
  const ended = all.filter((r) => r.state === 'ended').slice(-keepEnded);
  return Object.freeze({
    registration: Object.freeze({
      state: registration.state,
      ...(registration.error !== undefined ? { error: registration.error } : {}),
    }),
    calls: Object.freeze([...live, ...ended].map(freezeCall)),
  });
}
