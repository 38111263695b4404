/**
 * DTMF as the voicemail agent receives it: RFC 4733 telephone-events in RTP, or SIP INFO bodies
 * (`application/dtmf-relay`, `application/dtmf`: the de-facto formats most phones send).
 */

/** RFC 4733 §3.2 event codes 0–15 → keys. */
const EVENT_KEYS = '0123456789*#ABCD';

export interface TelephoneEvent {
  readonly key: string;
  /** E bit (RFC 4733 §2.5.1.3): the last packets of an event carry it. */
  readonly end: boolean;
  readonly durationSamples: number;
}

/** Parses an RFC 4733 §2.3 payload (event, E|R|volume, duration), or undefined if it is not one. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4 || payload.length % 4 !== 0) return undefined;
  const key = EVENT_KEYS[payload[0]!];
  if (key === undefined) return undefined;
  return { key, end: (payload[1]! & 0x80) !== 0, durationSamples: (payload[2]! << 8) | payload[3]! };
}

/** The key in a SIP INFO body, or undefined. `Signal=#` (dtmf-relay) or a bare key (application/dtmf). */
export function parseInfoDtmf(contentType: string | undefined, body: string): string | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/dtmf-relay') {
    const match = /^\s*signal\s*=\s*([0-9*#A-D])\s*$/im.exec(body);
    return match?.[1]?.toUpperCase();
  }
  if (type === 'application/dtmf') {
    const key = body.trim();
    if (/^[0-9*#A-D]$/i.test(key)) return key.toUpperCase();
    const code = Number(key);
    if (Number.isInteger(code) && code >= 0 && code < 16) return EVENT_KEYS[code];
  }
  return undefined;
}
