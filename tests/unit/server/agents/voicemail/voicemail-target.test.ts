import { describe, expect, it } from 'vitest';
import {
  resolveVoicemailTarget,
  splitHeaderList,
  type TargetRequest,
} from '../../../../../server/src/agents/voicemail/voicemail-target.js';
import { parseInfoDtmf, parseTelephoneEvent } from '../../../../../server/src/agents/voicemail/dtmf.js';

function request(
  requestUri: string,
  headers: Record<string, string[]> = {},
  to = '<sip:voicemail@parley.test>',
): TargetRequest {
  return { requestUri, to, getHeaders: (name) => headers[name.toLowerCase()] ?? [] };
}
const SELF = ['voicemail', 'vm1abc'];

describe('resolveVoicemailTarget', () => {
  it('reads the RFC 4458 target parameter first', () => {
    const t = resolveVoicemailTarget(
      request('sip:voicemail@parley.test;target=sip:bob%40parley.test;cause=486'),
      SELF,
    );
    expect(t).toEqual({ user: 'bob', source: 'target-param', cause: '486' });
  });

  it('never throws on escapes a caller controls: users are unescaped once, by the SIP grammar', () => {
    const diverted = request('sip:vm1abc@x.invalid;transport=ws', {
      diversion: ['<sip:%25ff@parley.test>;reason=no-answer'],
    });
    expect(resolveVoicemailTarget(diverted, SELF)).toEqual({
      user: '%ff',
      source: 'diversion',
      cause: 'no-answer',
    });
    expect(() =>
      resolveVoicemailTarget(request('sip:voicemail@parley.test;target=%E0%A4'), SELF),
    ).not.toThrow();
    expect(
      resolveVoicemailTarget(request('sip:vm1abc@x.invalid', {}, '<sip:a%2540b@parley.test>'), SELF),
    ).toEqual({ user: 'a%40b', source: 'to' });
  });

  it('reads History-Info (RFC 7044): the last entry that is not the agent, by index', () => {
    const t = resolveVoicemailTarget(
      request('sip:vm1abc@x.invalid;transport=ws', {
        'history-info': [
          '<sip:voicemail@parley.test>;index=1.1.1;mp=1.1',
          '<sip:alice@parley.test>;index=1, <sip:Bob@parley.test?Reason=SIP%3Bcause%3D480>;index=1.1;rc=1',
        ],
      }),
      SELF,
    );
    expect(t).toEqual({ user: 'bob', source: 'history-info', cause: '480' });
  });

  it('reads the top-most Diversion (RFC 5806)', () => {
    const t = resolveVoicemailTarget(
      request('sip:vm1abc@x.invalid', {
        diversion: [
          '"Carol" <sip:carol@parley.test>;reason=no-answer;counter=1',
          '<sip:bob@parley.test>;reason=unconditional',
        ],
      }),
      SELF,
    );
    expect(t).toEqual({ user: 'carol', source: 'diversion', cause: 'no-answer' });
  });

  it('falls back to the Request-URI user, then to the To user', () => {
    expect(resolveVoicemailTarget(request('sip:dave@parley.test'), SELF)?.user).toBe('dave');
    const viaTo = resolveVoicemailTarget(
      request('sip:vm1abc@x.invalid;transport=ws', {}, '"Erin" <sip:erin@parley.test>;tag=1'),
      SELF,
    );
    expect(viaTo).toEqual({ user: 'erin', source: 'to' });
    expect(resolveVoicemailTarget(request('sip:voicemail@parley.test'), SELF)).toBeUndefined();
  });

  it('splits header lists outside brackets and quotes', () => {
    expect(splitHeaderList('"a, b" <sip:x@y;p=1,2>;i=1, <sip:z@y>')).toEqual([
      '"a, b" <sip:x@y;p=1,2>;i=1',
      '<sip:z@y>',
    ]);
  });
});

describe('DTMF parsing', () => {
  it('reads RFC 4733 telephone-events', () => {
    expect(parseTelephoneEvent(Uint8Array.of(11, 0x8a, 0x03, 0x20))).toEqual({
      key: '#',
      end: true,
      durationSamples: 800,
    });
    expect(parseTelephoneEvent(Uint8Array.of(1, 2, 3))).toBeUndefined();
  });
  it('reads SIP INFO bodies', () => {
    expect(parseInfoDtmf('application/dtmf-relay', 'Signal=#\r\nDuration=160\r\n')).toBe('#');
    expect(parseInfoDtmf('application/dtmf', '11')).toBe('#');
    expect(parseInfoDtmf('application/dtmf', '*')).toBe('*');
    expect(parseInfoDtmf('text/plain', '#')).toBeUndefined();
  });
});
