import { describe, expect, it } from 'vitest';
import { relayFlags } from '../../../../server/src/media-relay/relay-flags.js';

const anchor = { flags: ['trust-address'], replace: ['origin', 'session-connection'] };

describe('relayFlags (FIELD-NOTES, rtpengine)', () => {
  it('offer WebRTC → plain: ICE=remove RTP/AVP rtcp-mux-demux, and offers G.711 for a phone without Opus', () => {
    expect(relayFlags('offer', 'webrtc', 'plain')).toEqual({
      ...anchor,
      ICE: 'remove',
      'transport-protocol': 'RTP/AVP',
      'rtcp-mux': ['demux'],
      codec: { transcode: ['PCMU', 'PCMA'] },
    });
  });

  it('answer back to the browser: ICE=force UDP/TLS/RTP/SAVPF rtcp-mux-require generate-mid SDES-off', () => {
    expect(relayFlags('answer', 'plain', 'webrtc')).toEqual({
      flags: ['trust-address', 'generate-mid', 'full-rtcp-attribute'],
      replace: ['origin', 'session-connection'],
      ICE: 'force',
      'transport-protocol': 'UDP/TLS/RTP/SAVPF',
      'rtcp-mux': ['require'],
      SDES: ['off'],
    });
  });

  it('offer plain → WebRTC: ICE=force UDP/TLS/RTP/SAVPF rtcp-mux-offer generate-mid SDES-off, and offers Opus for an Opus-only agent', () => {
    expect(relayFlags('offer', 'plain', 'webrtc')).toEqual({
      flags: ['trust-address', 'generate-mid', 'full-rtcp-attribute'],
      replace: ['origin', 'session-connection'],
      ICE: 'force',
      'transport-protocol': 'UDP/TLS/RTP/SAVPF',
      'rtcp-mux': ['offer'],
      SDES: ['off'],
      codec: { transcode: ['opus'] },
    });
  });

  it('answer back to the phone: ICE=remove RTP/AVP rtcp-mux-demux, no codec changes in an answer', () => {
    expect(relayFlags('answer', 'webrtc', 'plain')).toEqual({
      ...anchor,
      ICE: 'remove',
      'transport-protocol': 'RTP/AVP',
      'rtcp-mux': ['demux'],
    });
  });

  it('same profile on both sides: only anchoring, no protocol change', () => {
    expect(relayFlags('offer', 'plain', 'plain')).toEqual(anchor);
    expect(relayFlags('answer', 'webrtc', 'webrtc')).toEqual(anchor);
  });
});
