/**
 * A person's chosen status (issue 13 item 7) and how it is shown to others, shared by the service and
 * the client:
 * - `GET /api/me/status` → `UserStatus`; `PUT /api/me/status` `{ availability, note }` → `UserStatus`;
 * - directory and contact entries carry `status` next to the SIP-derived `presence`;
 * - the SSE `presence` event carries it too, so lists update live.
 */

/** From the SIP room: no binding, ≥ 1 binding, an INVITE to them ringing, in a confirmed call. */
export type PresenceStatus = 'online' | 'ringing' | 'on-call' | 'offline';

/** What the user chose. `dnd`: calls go straight to voicemail without ringing any device. */
export type Availability = 'available' | 'away' | 'busy' | 'dnd';

export const AVAILABILITIES: readonly Availability[] = ['available', 'away', 'busy', 'dnd'];

/** Longest note kept (characters); longer notes are refused, not cut. */
export const MAX_STATUS_NOTE_LENGTH = 80;

export interface UserStatus {
  readonly availability: Availability;
  /** A short free text, e.g. "Back at 3"; empty when none. */
  readonly note: string;
}

export const DEFAULT_STATUS: UserStatus = { availability: 'available', note: '' };

export const AVAILABILITY_LABEL: Readonly<Record<Availability, string>> = {
  available: 'Available',
  away: 'Away',
  busy: 'Busy',
  dnd: 'Do not disturb',
};

/** What others see: the busy lamp (ringing, on the phone) wins over the chosen status; offline over all. */
export type ShownPresence = 'offline' | 'ringing' | 'on-call' | Availability;

export function shownPresence(presence: PresenceStatus, status: UserStatus | undefined): ShownPresence {
  if (presence === 'offline') return 'offline';
  if (presence === 'ringing' || presence === 'on-call') return presence;
  return status?.availability ?? 'available';
}

export const SHOWN_LABEL: Readonly<Record<ShownPresence, string>> = {
  ...AVAILABILITY_LABEL,
  offline: 'Offline',
  ringing: 'Ringing',
  'on-call': 'On the phone',
};

export function isAvailability(value: unknown): value is Availability {
  return typeof value === 'string' && (AVAILABILITIES as readonly string[]).includes(value);
}

/** A note as stored: one line, trimmed. */
export function cleanNote(note: string): string {
  // Control characters (C0 and DEL) become spaces: the note is one line of text.
  return [...note]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}
