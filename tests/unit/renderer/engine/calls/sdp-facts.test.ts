import { describe, expect, it } from 'vitest';
import {
  audioDirection,
  fingerprints,
  hasTelephoneEvent,
  isHoldOffer,
  remoteHolds,
} from '../../../../../renderer/src/engine/calls/sdp-facts.js';

const sdp = (...lines: string[]): string =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', ...lines].join('\r\n') + '\r\n';

describe('SDP facts for call control', () => {
  it('reads the audio direction, media level over session level, sendrecv by default', () => {
    expect(audioDirection(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111'))).toBe('sendrecv');
    expect(audioDirection(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendonly'))).toBe('sendonly');
    expect(audioDirection(sdp('a=inactive', 'm=audio 9 RTP/AVP 0'))).toBe('inactive');
    expect(audioDirection(sdp('a=inactive', 'm=audio 9 RTP/AVP 0', 'a=recvonly'))).toBe('recvonly');
    // A video section's direction does not count for audio.
    expect(audioDirection(sdp('m=audio 9 RTP/AVP 0', 'm=video 9 RTP/AVP 96', 'a=sendonly'))).toBe('sendrecv');
  });

  it('knows a hold offer (RFC 3264 §8.4: sendonly, inactive, or the old 0.0.0.0 form)', () => {
    expect(isHoldOffer(sdp('m=audio 9 RTP/AVP 0', 'a=sendonly'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 9 RTP/AVP 0', 'a=inactive'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 9 RTP/AVP 0', 'c=IN IP4 0.0.0.0'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 9 RTP/AVP 0', 'a=sendrecv'))).toBe(false);
    expect(isHoldOffer(sdp('m=audio 9 RTP/AVP 0', 'a=recvonly'))).toBe(false);
  });

  it('tells from their offer when the other side holds us', () => {
    expect(remoteHolds(sdp('m=audio 9 RTP/AVP 0', 'a=sendonly'))).toBe(true);
    expect(remoteHolds(sdp('m=audio 9 RTP/AVP 0', 'a=inactive'))).toBe(true);
    expect(remoteHolds(sdp('m=audio 9 RTP/AVP 0', 'a=sendrecv'))).toBe(false);
  });

  it("does not take WebRTC's placeholder address (JSEP c=IN IP4 0.0.0.0, port 9) for the old hold form", () => {
    const webrtc = sdp(
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'c=IN IP4 0.0.0.0',
      'a=ice-ufrag:abcd',
      'a=sendrecv',
    );
    expect(isHoldOffer(webrtc)).toBe(false);
  });

  it('finds RFC 4733 telephone-event in the audio section only', () => {
    expect(hasTelephoneEvent(sdp('m=audio 9 RTP/AVP 111 126', 'a=rtpmap:126 telephone-event/8000'))).toBe(
      true,
    );
    expect(hasTelephoneEvent(sdp('m=audio 9 RTP/AVP 111', 'a=rtpmap:111 opus/48000/2'))).toBe(false);
  });

  it('collects fingerprints in a stable, normalised order', () => {
    const text = sdp(
      'a=fingerprint:SHA-256 AB:CD',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=fingerprint:sha-1 01:02',
      'a=fingerprint:sha-256 ab:cd',
    );
    expect(fingerprints(text)).toEqual(['sha-1 01:02', 'sha-256 ab:cd']);
  });
});
