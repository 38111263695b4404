import { describe, expect, it } from 'vitest';
import {
  recordStateOf,
  withRecordState,
} from '../../../../../renderer/src/engine/calls/recording-indication.js';

const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');

describe('RFC 7866 §6.1 recording indication in SDP', () => {
  it('adds a=record at session level, before the first m= line, keeping CRLF', () => {
    const sdp = withRecordState(OFFER, 'on');
    const lines = sdp.split('\r\n');
    expect(lines.indexOf('a=record:on')).toBe(lines.indexOf('m=audio 9 UDP/TLS/RTP/SAVPF 111') - 1);
    expect(sdp.endsWith('\r\n')).toBe(true);
    expect(sdp.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
    expect(recordStateOf(sdp)).toBe('on');
  });

  it('replaces an earlier indication instead of adding a second one', () => {
    const sdp = withRecordState(withRecordState(OFFER, 'on'), 'off');
    expect(sdp.match(/a=record:/g)).toHaveLength(1);
    expect(recordStateOf(sdp)).toBe('off');
  });

  it('reads on, off and paused at session or media level; nothing when absent', () => {
    expect(recordStateOf(OFFER)).toBeUndefined();
    expect(recordStateOf(OFFER.replace('a=rtpmap', 'a=record:paused\r\na=rtpmap'))).toBe('paused');
    expect(recordStateOf('v=0\na=record:ON\n')).toBe('on');
    expect(recordStateOf('v=0\na=record:maybe\n')).toBeUndefined();
  });

  it('adds the line at the end of a description without media', () => {
    expect(withRecordState('v=0\ns=-\nt=0 0\n', 'on')).toBe('v=0\ns=-\nt=0 0\na=record:on\n');
  });
});
