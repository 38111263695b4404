/**
 * Asks the caller to keep Opus under a bitrate, so a minute of voicemail stays well under 300 kB:
 * `maxaveragebitrate` in our SDP answer's Opus `a=fmtp` line (RFC 7587 §6.1: the sender SHOULD NOT
 * exceed the receiver's maximum average bitrate). 32 kbit/s ≈ 240 kB/min of Opus + ~5 % Ogg framing.
 */
import type { SessionDescriptionHandlerModifier } from 'sip.js';

/** Adds or replaces `maxaveragebitrate` on every Opus payload type of an SDP body. */
export function capOpusBitrateInSdp(sdp: string, bitsPerSecond: number): string {
  const opusTypes = [...sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000/gim)].map((m) => m[1]!);
  let out = sdp;
  for (const pt of opusTypes) {
    const fmtp = new RegExp(`^a=fmtp:${pt} (.*)$`, 'im');
    const match = fmtp.exec(out);
    if (match) {
      const params = match[1]!
        .split(';')
        .map((p) => p.trim())
        .filter((p) => p && !/^maxaveragebitrate=/i.test(p));
      params.push(`maxaveragebitrate=${bitsPerSecond}`);
      out = out.replace(fmtp, `a=fmtp:${pt} ${params.join(';')}`);
    } else {
      const eol = out.includes('\r\n') ? '\r\n' : '\n';
      out = out.replace(
        new RegExp(`^(a=rtpmap:${pt} opus/48000[^\\r\\n]*)`, 'im'),
        `$1${eol}a=fmtp:${pt} maxaveragebitrate=${bitsPerSecond}`,
      );
    }
  }
  return out;
}

export function capOpusBitrate(bitsPerSecond: number): SessionDescriptionHandlerModifier {
  return (description) =>
    Promise.resolve({ ...description, sdp: capOpusBitrateInSdp(description.sdp ?? '', bitsPerSecond) });
}
