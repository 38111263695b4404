/**
 * The presence document of a user (RFC 3863 PIDF, `application/pidf+xml`) with the person's activity
 * from RPID (RFC 4480 §3.2) in the data-model person element (RFC 4479 §3.2):
 *
 * - one tuple (the user's address of record) whose `basic` is `open` when the user can take a call now
 *   (a device registered, not Do not disturb) and `closed` otherwise (RFC 3863 §4.1.4: "open" means
 *   willing to receive communication);
 * - `<rpid:activities>`: `on-the-phone` in a call, `away`, `busy` (Busy and Do not disturb), or
 *   `<rpid:other>Ringing</rpid:other>` while a call to them rings (RPID has no ringing activity,
 *   RFC 4480 §3.2 allows `other` with text); none when simply available or offline;
 * - the user's note as `<dm:note>` of the person (RFC 4479 §3.2) and, for clients that read only the
 *   tuple, the label a person would read ("Do not disturb — Back at 3") as the tuple's `<note>`
 *   (RFC 3863 §4.1.6).
 */
import { SHOWN_LABEL, type ShownPresence } from '../../../common/presence-types.js';

export const PIDF_CONTENT_TYPE = 'application/pidf+xml';

export interface PidfInput {
  /** Address of record, e.g. `sip:alice@example.com`. */
  readonly entity: string;
  readonly shown: ShownPresence;
  /** The user's own note (may be empty). */
  readonly note: string;
}

/** XML character data / attribute value escaping (XML 1.0 §2.4, §3.3.3). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const ACTIVITY: Readonly<Record<ShownPresence, string | undefined>> = {
  offline: undefined,
  available: undefined,
  away: '<rpid:away/>',
  busy: '<rpid:busy/>',
  dnd: '<rpid:busy/>',
  ringing: '<rpid:other>Ringing</rpid:other>',
  'on-call': '<rpid:on-the-phone/>',
};

/** RFC 3863 §4.1.4: open = willing and able to take a call now. */
export function basicOf(shown: ShownPresence): 'open' | 'closed' {
  return shown === 'offline' || shown === 'dnd' ? 'closed' : 'open';
}

export function buildPidf(input: PidfInput): string {
  const { entity, shown, note } = input;
  const label = note ? `${SHOWN_LABEL[shown]} — ${note}` : SHOWN_LABEL[shown];
  const activity = ACTIVITY[shown];
  const person = [
    '  <dm:person id="p1">',
    ...(activity ? [`    <rpid:activities>${activity}</rpid:activities>`] : []),
    ...(note ? [`    <dm:note>${escapeXml(note)}</dm:note>`] : []),
    '  </dm:person>',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<presence xmlns="urn:ietf:params:xml:ns:pidf"' +
      ' xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"' +
      ' xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"' +
      ` entity="${escapeXml(entity)}">`,
    '  <tuple id="t1">',
    `    <status><basic>${basicOf(shown)}</basic></status>`,
    `    <contact>${escapeXml(entity)}</contact>`,
    `    <note>${escapeXml(label)}</note>`,
    '  </tuple>',
    ...person,
    '</presence>',
    '',
  ].join('\r\n');
}
