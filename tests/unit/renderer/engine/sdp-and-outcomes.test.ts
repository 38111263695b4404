import { describe, expect, it } from 'vitest';
import {
  isAnsweredElsewhere,
  registrationErrorMessage,
} from '../../../../renderer/src/engine/call-outcome.js';
import { parseCallTarget } from '../../../../renderer/src/engine/call-target.js';
import { withAudioPtime } from '../../../../renderer/src/engine/sdp-low-latency.js';

describe('withAudioPtime', () => {
  it('puts one ptime/maxptime in each audio section only', () => {
    const sdp = [
      'v=0',
      'm=audio 9 RTP/SAVPF 111',
      'a=ptime:20',
      'a=rtpmap:111 opus/48000/2',
      'm=video 9 RTP/SAVPF 96',
      'a=rtpmap:96 VP8/90000',
      '',
    ].join('\r\n');
    const out = withAudioPtime(sdp).split('\r\n');
    expect(out.filter((l) => l.startsWith('a=ptime'))).toEqual(['a=ptime:10']);
    expect(out.indexOf('a=maxptime:10')).toBeLessThan(out.indexOf('m=video 9 RTP/SAVPF 96'));
    expect(out.at(-1)).toBe('');
  });
});

describe('isAnsweredElsewhere', () => {
  it.each([
    ['SIP ;cause=200 ;text="Call completed elsewhere"', true],
    ['SIP;cause=200', true],
    ['Q.850;cause=16, SIP;cause=200', true],
    ['SIP;cause=487', false],
    ['Q.850;cause=200', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(isAnsweredElsewhere(header)).toBe(expected);
  });
});

describe('registrationErrorMessage', () => {
  it('speaks plainly', () => {
    expect(registrationErrorMessage(401)).toBe('Wrong username or password');
    expect(registrationErrorMessage(403)).toBe('Wrong username or password');
    expect(registrationErrorMessage(undefined)).toBe('Cannot reach the Parley service');
    expect(registrationErrorMessage(500, 'Oops')).toBe('Registration refused (500 Oops)');
  });
});

describe('parseCallTarget', () => {
  it('rejects junk', () => {
    expect(parseCallTarget('', 'localhost')).toBeUndefined();
    expect(parseCallTarget('a b', 'localhost')).toBeUndefined();
    expect(parseCallTarget('@localhost', 'localhost')).toBeUndefined();
  });
});
