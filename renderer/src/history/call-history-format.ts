/**
 * How call history entries read on screen and to screen readers. Pure, so unit-tested.
 */
import type { CallHistoryEntry } from '../../../common/call-history-types.js';
import { clockLength, formatPrice, formatWhen, spokenSeconds } from '../i18n/format.js';
import { t, type MessageId } from '../i18n/i18n.js';

/** The header button's accessible name: "Call history", "Call history, 2 missed". */
export function historyButtonLabel(missed: number): string {
  return missed > 0 ? t('history.buttonMissed', { count: missed }) : t('history.button');
}

/** The other party as a person reads it: display name, else username, else the URI's user part. */
export function peerName(entry: Pick<CallHistoryEntry, 'peer'>): string {
  const { displayName, username, uri } = entry.peer;
  const shown = displayName?.trim() || username?.trim();
  if (shown) return shown;
  const match = /^sips?:([^@;>]+)@?/i.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : t('history.unknown');
}

/** What "Call back" dials: the username for users of this service, else the whole SIP URI. */
export function callBackTarget(entry: Pick<CallHistoryEntry, 'peer'>): string {
  return entry.peer.username ?? entry.peer.uri;
}

/** "Just now", "5 min ago", "3 h ago", "Yesterday 09:12", "Mon 3 Mar 14:05", "3 Mar 2024 14:05". */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '';
  const ago = now - at;
  if (ago < 60_000) return t('format.justNow');
  if (ago < 3_600_000) return t('format.minutesAgo', { minutes: Math.floor(ago / 60_000) });
  if (ago < 6 * 3_600_000 && new Date(at).getDate() === new Date(now).getDate())
    return t('format.hoursAgo', { hours: Math.floor(ago / 3_600_000) });
  return formatWhen(at, now);
}

/** A call's length: "0:42", "12:05", "1:02:03". */
export function formatDuration(seconds: number): string {
  return clockLength(Math.round(seconds));
}

/** The same for screen readers: "42 seconds", "1 minute 5 seconds". */
export function spokenDuration(seconds: number): string {
  return spokenSeconds(seconds);
}

const OUTCOME_TEXT: Record<CallHistoryEntry['outcome'], MessageId> = {
  answered: 'history.outcome.answered',
  voicemail: 'history.outcome.voicemail',
  declined: 'history.outcome.declined',
  busy: 'history.outcome.busy',
  cancelled: 'history.outcome.cancelled',
  'no-answer': 'history.outcome.noAnswer',
  failed: 'history.outcome.failed',
};

const DIRECTION_TEXT: Record<CallHistoryEntry['direction'], MessageId> = {
  outgoing: 'history.direction.outgoing',
  incoming: 'history.direction.incoming',
  missed: 'history.direction.missed',
};

/** The kind of call in words: "Outgoing", "Incoming", "Missed", "Outgoing · No answer". */
export function callKind(entry: Pick<CallHistoryEntry, 'direction' | 'outcome'>): string {
  const direction = t(DIRECTION_TEXT[entry.direction]);
  if (entry.outcome === 'answered' || (entry.direction === 'missed' && entry.outcome === 'cancelled'))
    return direction;
  return `${direction} · ${t(OUTCOME_TEXT[entry.outcome])}`;
}

/** Who answered where: "On Parley web (Chrome on Linux)", "Answered by voicemail". */
export function deviceText(entry: CallHistoryEntry): string | undefined {
  if (entry.direction === 'incoming')
    return entry.device ? t('history.answeredOn', { device: entry.device }) : undefined;
  if (entry.direction === 'missed')
    return entry.outcome === 'voicemail' ? t('history.wentToVoicemail') : undefined;
  const parts: string[] = [];
  if (entry.device) parts.push(t('history.from', { device: entry.device }));
  if (entry.answeredBy && entry.answeredBy !== entry.peer.username)
    parts.push(t('history.answeredBy', { who: entry.answeredBy }));
  else if (entry.answeredOn) parts.push(t('history.answeredOnLower', { device: entry.answeredOn }));
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** A price like "0.12 EUR" in the reader's format ("€0.12", "0,12 €"), or as given when unknown. */
export function formatCost(cost: { amount: string; currency: string }): string {
  return formatPrice(cost.amount, cost.currency);
}

/** A row's description for screen readers: "Missed call from Alice, 5 min ago". */
export function rowSummary(entry: CallHistoryEntry, now: number = Date.now()): string {
  const name = peerName(entry);
  const when = relativeTime(entry.startedAt, now);
  const lead = t(
    entry.direction === 'missed'
      ? 'history.summary.missed'
      : entry.direction === 'incoming'
        ? 'history.summary.incoming'
        : 'history.summary.outgoing',
    { name },
  );
  return entry.durationSeconds !== undefined
    ? t('history.summary.withLength', { lead, length: spokenDuration(entry.durationSeconds), when })
    : t('history.summary.noLength', { lead, when });
}
