/**
 * How call history entries read on screen and to screen readers. Pure, so unit-tested.
 */
import type { CallHistoryEntry } from '../../../common/call-history-types.js';

/** The header button's accessible name: "Call history", "Call history, 2 missed". */
export function historyButtonLabel(missed: number): string {
  return missed > 0 ? `Call history, ${missed} missed` : 'Call history';
}

/** The other party as a person reads it: display name, else username, else the URI's user part. */
export function peerName(entry: Pick<CallHistoryEntry, 'peer'>): string {
  const { displayName, username, uri } = entry.peer;
  const shown = displayName?.trim() || username?.trim();
  if (shown) return shown;
  const match = /^sips?:([^@;>]+)@?/i.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : 'Unknown';
}

/** What "Call back" dials: the username for users of this service, else the whole SIP URI. */
export function callBackTarget(entry: Pick<CallHistoryEntry, 'peer'>): string {
  return entry.peer.username ?? entry.peer.uri;
}

/** "Just now", "5 min ago", "3 h ago", "Yesterday 09:12", "Mon 3 Mar 14:05", "3 Mar 2024 14:05". */
export function relativeTime(iso: string, now: number = Date.now(), locale?: string): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '';
  const ago = now - at;
  if (ago < 60_000) return 'Just now';
  if (ago < 3_600_000) return `${Math.floor(ago / 60_000)} min ago`;
  const when = new Date(at);
  const today = new Date(now);
  const time = when.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (ago < 6 * 3_600_000 && when.getDate() === today.getDate())
    return `${Math.floor(ago / 3_600_000)} h ago`;
  if (when.toDateString() === today.toDateString()) return `Today ${time}`;
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (when.toDateString() === yesterday.toDateString()) return `Yesterday ${time}`;
  const thisYear = when.getFullYear() === today.getFullYear();
  const date = when.toLocaleDateString(locale, {
    ...(thisYear ? { weekday: 'short' as const } : { year: 'numeric' as const }),
    day: 'numeric',
    month: 'short',
  });
  return `${date} ${time}`;
}

/** A call's length: "0:42", "12:05", "1:02:03". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The same for screen readers: "42 seconds", "1 minute 5 seconds". */
export function spokenDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const part = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (m === 0) return part(s, 'second');
  return s === 0 ? part(m, 'minute') : `${part(m, 'minute')} ${part(s, 'second')}`;
}

const OUTCOME_TEXT: Record<CallHistoryEntry['outcome'], string> = {
  answered: 'Answered',
  voicemail: 'Voicemail',
  declined: 'Declined',
  busy: 'Busy',
  cancelled: 'Cancelled',
  'no-answer': 'No answer',
  failed: 'Failed',
};

/** The kind of call in words: "Outgoing", "Incoming", "Missed", "Outgoing · No answer". */
export function callKind(entry: Pick<CallHistoryEntry, 'direction' | 'outcome'>): string {
  const direction = { outgoing: 'Outgoing', incoming: 'Incoming', missed: 'Missed' }[entry.direction];
  if (entry.outcome === 'answered' || (entry.direction === 'missed' && entry.outcome === 'cancelled'))
    return direction;
  return `${direction} · ${OUTCOME_TEXT[entry.outcome]}`;
}

/** Who answered where: "On Parley web (Chrome on Linux)", "Answered by voicemail". */
export function deviceText(entry: CallHistoryEntry): string | undefined {
  if (entry.direction === 'incoming') return entry.device ? `Answered on ${entry.device}` : undefined;
  if (entry.direction === 'missed') return entry.outcome === 'voicemail' ? 'Went to voicemail' : undefined;
  const parts: string[] = [];
  if (entry.device) parts.push(`From ${entry.device}`);
  if (entry.answeredBy && entry.answeredBy !== entry.peer.username)
    parts.push(`answered by ${entry.answeredBy}`);
  else if (entry.answeredOn) parts.push(`answered on ${entry.answeredOn}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** A price like "0.12 EUR" in the reader's format ("€0.12"), or as given when unknown. */
export function formatCost(cost: { amount: string; currency: string }, locale?: string): string {
  const n = Number(cost.amount);
  if (!Number.isFinite(n)) return `${cost.amount} ${cost.currency}`;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: cost.currency,
      maximumFractionDigits: 4,
    }).format(n);
  } catch {
    return `${cost.amount} ${cost.currency}`;
  }
}

/** A row's description for screen readers: "Missed call from Alice, 5 min ago". */
export function rowSummary(entry: CallHistoryEntry, now: number = Date.now()): string {
  const name = peerName(entry);
  const when = relativeTime(entry.startedAt, now);
  const lead =
    entry.direction === 'missed'
      ? `Missed call from ${name}`
      : entry.direction === 'incoming'
        ? `Incoming call from ${name}`
        : `Outgoing call to ${name}`;
  const length = entry.durationSeconds !== undefined ? `, ${spokenDuration(entry.durationSeconds)}` : '';
  return `${lead}${length}, ${when}`;
}
