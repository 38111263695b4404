import { describe, expect, it } from 'vitest';
import { capOpusBitrateInSdp } from '../../../../../server/src/agents/voicemail/opus-bitrate-cap.js';

describe('capOpusBitrateInSdp (RFC 7587 §6.1)', () => {
  it('adds maxaveragebitrate to the Opus fmtp line, replacing an old value', () => {
    const sdp =
      'm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1;maxaveragebitrate=64000\r\na=rtpmap:0 PCMU/8000\r\n';
    const out = capOpusBitrateInSdp(sdp, 32000);
    expect(out).toContain('a=fmtp:111 minptime=10;useinbandfec=1;maxaveragebitrate=32000\r\n');
    expect(out).not.toContain('64000');
    expect(out).toContain('a=rtpmap:0 PCMU/8000');
  });
  it('adds an fmtp line when there is none', () => {
    const out = capOpusBitrateInSdp('a=rtpmap:96 opus/48000/2\r\na=sendrecv\r\n', 24000);
    expect(out).toBe('a=rtpmap:96 opus/48000/2\r\na=fmtp:96 maxaveragebitrate=24000\r\na=sendrecv\r\n');
  });
});
