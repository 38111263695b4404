/**
 * The recording indication of RFC 7866 §6.1 in SDP: "a=record:on" / "a=record:off" (also "paused")
 * tells the other party whether this call is being recorded. We put it at session level of our
 * offers, and read it from theirs (session or media level).
 *
 * Why SDP in a re-INVITE and not an INFO/MESSAGE: RFC 7866 defines exactly this attribute for a
 * recording-aware user agent to indicate recording to its peer; SIP.js sends re-INVITEs for hold
 * already (calls/call-hold.ts, with glare handling), and every description passes through our SDP tap
 * (calls/sdp-tap.ts), which writes the attribute into ours and reads it from theirs, so a Parley peer
 * learns the state from the offer with no extra method.
 * A peer that ignores the attribute loses nothing (RFC 4566 §5.13: unknown attributes are ignored)
 * and still hears the tone the recorder mixes into our audio.
 */
export type RecordState = 'on' | 'off' | 'paused';

const RECORD_LINE = /^a=record:(on|off|paused)\s*$/im;

/** The first `a=record` value in a description (session level first, then any media level). */
export function recordStateOf(sdp: string): RecordState | undefined {
  const match = RECORD_LINE.exec(sdp);
  return match ? (match[1]!.toLowerCase() as RecordState) : undefined;
}

/** `sdp` with one session-level `a=record:STATE` (RFC 7866 §6.1), replacing any it had. */
export function withRecordState(sdp: string, state: RecordState): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/).filter((line) => !/^a=record:/i.test(line));
  const firstMedia = lines.findIndex((line) => line.startsWith('m='));
  const at = firstMedia === -1 ? lines.length - (lines[lines.length - 1] === '' ? 1 : 0) : firstMedia;
  lines.splice(at, 0, `a=record:${state}`);
  return lines.join(eol);
}
