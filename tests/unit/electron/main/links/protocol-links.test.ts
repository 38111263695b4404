import { describe, expect, it } from 'vitest';
import {
  linksFromArgv,
  MAX_LINK_LENGTH,
  MAX_LINKS_PER_LAUNCH,
  parseProtocolLink,
} from '../../../../../electron/src/main/links/protocol-links.js';
import { createLinkInbox } from '../../../../../electron/src/main/links/link-inbox.js';
import type { DialRequest } from '../../../../../common/ipc-contract.js';

function target(link: unknown, defaultCountry?: string): string {
  const result = parseProtocolLink(link, defaultCountry ? { defaultCountry } : {});
  if (!result.ok) throw new Error(`refused ${String(link)}: ${result.reason}`);
  return result.request.target;
}

function refused(link: unknown): string {
  const result = parseProtocolLink(link);
  if (result.ok) throw new Error(`accepted ${String(link)} as ${result.request.target}`);
  return result.reason;
}

describe('sip: and sips: links (RFC 3261 §19.1)', () => {
  it('keeps scheme, user and host, lower-cases the host and scheme', () => {
    expect(target('sip:alice@example.org')).toBe('sip:alice@example.org');
    expect(target('SIP:alice@Example.ORG')).toBe('sip:alice@example.org');
    expect(target('sips:bob@secure.example.org:5061')).toBe('sips:bob@secure.example.org:5061');
    expect(parseProtocolLink('sips:bob@x.org')).toEqual({
      ok: true,
      request: { scheme: 'sips', target: 'sips:bob@x.org' },
    });
  });

  it('accepts IPv4 and IPv6 hosts and phone-number users', () => {
    expect(target('sip:alice@127.0.0.1:5060')).toBe('sip:alice@127.0.0.1:5060');
    expect(target('sip:alice@[2001:db8::1]:5060')).toBe('sip:alice@[2001:db8::1]:5060');
    expect(target('sip:+15551234567@gw.example.org;user=phone')).toBe('sip:+15551234567@gw.example.org');
  });

  it('decodes harmless %-escapes in the user part', () => {
    expect(target('sip:%61lice@example.org')).toBe('sip:alice@example.org');
  });

  it('drops the accepted transport parameter', () => {
    expect(target('sip:bob@x.org;transport=tcp')).toBe('sip:bob@x.org');
  });

  it('refuses header fields, even with an accepted parameter before them', () => {
    expect(refused('sip:bob@x;transport=tcp?subject=..')).toMatch(/header/);
    expect(refused('sip:bob@x.org?Route=%3Csip:evil.example%3E')).toMatch(/header/);
    expect(refused('sip:bob@x.org?body=hello')).toMatch(/header/);
  });

  it('refuses routing parameters and unknown parameters', () => {
    expect(refused('sip:bob@x.org;maddr=evil.example')).toMatch(/maddr/);
    expect(refused('sip:bob@x.org;method=REGISTER')).toMatch(/method/);
    expect(refused('sip:bob@x.org;transport=carrier-pigeon')).toMatch(/transport/);
    expect(refused('sip:bob@x.org;lr')).toMatch(/lr/);
  });

  it('refuses passwords, missing users and bad hosts', () => {
    expect(refused('sip:bob:secret@x.org')).toMatch(/password/);
    expect(refused('sip:x.org')).toMatch(/user@host/);
    expect(refused('sip:@x.org')).toMatch(/user@host/);
    expect(refused('sip:bob@')).toMatch(/host/);
    expect(refused('sip:bob@-bad-.org')).toMatch(/host/);
    expect(refused('sip:bob@300.1.1.1')).toMatch(/host/);
    expect(refused('sip:bob@x.org:0')).toMatch(/host/);
    expect(refused('sip:bob@x.org:70000')).toMatch(/host/);
    expect(refused('sip:bob@[zz::1]')).toMatch(/host/);
    expect(refused('sip:bob@x.org:5060:5060')).toMatch(/host/);
  });

  it('refuses characters that could break out of the user part, raw or %-encoded', () => {
    expect(refused('sip:bo"b@x.org')).toMatch(/user/);
    expect(refused('sip:<script>@x.org')).toMatch(/user/);
    expect(refused('sip:bob%0d%0aX-Evil@x.org')).toMatch(/user/);
    expect(refused('sip:bob%00@x.org')).toMatch(/user/);
    expect(refused('sip:bob%40evil.org@x.org')).toMatch(/user/);
    expect(refused('sip:bob%zz@x.org')).toMatch(/user/);
  });
});

describe('tel: links (RFC 3966), normalised to E.164', () => {
  it('normalises global numbers with visual separators', () => {
    expect(target('tel:+1-201-555-0123')).toBe('+12015550123');
    expect(target('tel:+44.20.7946.0958')).toBe('+442079460958');
    expect(target('tel:+33(0)1-42-68-53-00'.replace('(0)', ''))).toBe('+33142685300');
  });

  it('uses a numeric phone-context or the default country for local numbers', () => {
    expect(target('tel:0142685300;phone-context=+33')).toBe('+33142685300');
    expect(target('tel:(201)555-0123', 'US')).toBe('+12015550123');
    expect(refused('tel:2015550123')).toMatch(/country/);
    expect(refused('tel:2015550123;phone-context=example.com')).toMatch(/phone-context/);
  });

  it('refuses scripts, letters, extensions and impossible numbers', () => {
    expect(refused('tel:javascript:alert(1)')).toMatch(/phone number/);
    expect(refused('tel:+1-800-FLOWERS')).toMatch(/phone number/);
    expect(refused('tel:+1-201-555-0123;ext=12')).toMatch(/ext/);
    expect(refused('tel:+1')).toMatch(/phone number/);
    expect(refused('tel:+999999999999999999999')).toMatch(/phone number/);
    expect(refused('tel:+1-201-555-0123;phone-context=+1')).toMatch(/phone-context/);
  });
});

describe('callto: links', () => {
  it('handles numbers, user@host and Parley usernames', () => {
    expect(parseProtocolLink('callto:+12015550123')).toEqual({
      ok: true,
      request: { scheme: 'callto', target: '+12015550123' },
    });
    expect(target('callto://+12015550123/')).toBe('+12015550123');
    expect(target('callto:alice@example.org')).toBe('sip:alice@example.org');
    expect(target('callto:Alice')).toBe('alice');
    expect(target('callto://bob.smith')).toBe('bob.smith');
  });

  it('refuses what is not a username', () => {
    expect(refused('callto:a')).toMatch(/username/);
    expect(refused('callto:javascript:alert(1)')).toMatch(/username/);
    expect(refused('callto:')).toMatch(/empty/);
  });
});

describe('untrusted input in general', () => {
  it('refuses other schemes and non-links', () => {
    for (const link of [
      'javascript:alert(1)',
      'http://example.org',
      'file:///etc/passwd',
      'mailto:a@b.org',
      'sipx:bob@x.org',
      'bob@x.org',
      '',
    ]) {
      expect(parseProtocolLink(link).ok).toBe(false);
    }
    expect(refused('https://x.org')).toMatch(/not handled/);
  });

  it('refuses white space and control characters: newlines, tabs, NUL, DEL, non-ASCII', () => {
    for (const link of [
      'sip:bob@x.org\n',
      'sip:bob@x.org\r\nVia: x',
      'sip:bob @x.org',
      'tel:+1201555\t0123',
      'sip:bob\u0000@x.org',
      'sip:bob\u007f@x.org',
      'sip:bøb@x.org',
      'sip:bob@x.org\u2028',
    ]) {
      expect(refused(link)).toMatch(/white space|control/);
    }
  });

  it('refuses very long input before any parsing', () => {
    expect(refused(`sip:${'a'.repeat(MAX_LINK_LENGTH)}@x.org`)).toMatch(/longer/);
    expect(refused(`tel:+1${'0'.repeat(100_000)}`)).toMatch(/longer/);
    expect(refused(`sip:${'a'.repeat(200)}@x.org`)).toMatch(/user/);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [
      undefined,
      null,
      42,
      {},
      [],
      'sip:',
      'tel:',
      'callto://',
      'sip:%',
      '%%%',
      'sip:a@[',
      'tel:;;;',
    ]) {
      expect(() => parseProtocolLink(input)).not.toThrow();
      expect(parseProtocolLink(input).ok).toBe(false);
    }
  });
});

describe('links in a command line', () => {
  it('takes links, ignores flags and the executable, reports refused ones', () => {
    const argv = [
      '/opt/Parley/parley',
      '--no-sandbox',
      '--url',
      'http://127.0.0.1:8080',
      'sip:bob@x.org',
      'tel:javascript:x',
    ];
    const result = linksFromArgv(argv);
    expect(result.accepted).toEqual([{ scheme: 'sip', target: 'sip:bob@x.org' }]);
    expect(result.refused).toHaveLength(1);
  });

  it(`takes at most ${MAX_LINKS_PER_LAUNCH} links`, () => {
    const argv = Array.from({ length: 10 }, (_, i) => `sip:user${i}@x.org`);
    expect(linksFromArgv(argv).accepted).toHaveLength(MAX_LINKS_PER_LAUNCH);
  });
});

describe('link inbox', () => {
  const a: DialRequest = { scheme: 'sip', target: 'sip:a@x.org' };
  const b: DialRequest = { scheme: 'tel', target: '+12015550123' };

  it('queues until the renderer takes, then delivers at once; queues again after a reload', () => {
    const delivered: DialRequest[] = [];
    const inbox = createLinkInbox((r) => delivered.push(r));
    inbox.push(a);
    expect(delivered).toEqual([]);
    expect(inbox.take()).toEqual([a]);
    inbox.push(b);
    expect(delivered).toEqual([b]);
    inbox.rendererGone();
    inbox.push(a);
    expect(delivered).toEqual([b]);
    expect(inbox.take()).toEqual([a]);
    expect(inbox.take()).toEqual([]);
  });

  it('keeps only the last few while waiting', () => {
    const inbox = createLinkInbox(() => undefined);
    for (let i = 0; i < 10; i++) inbox.push({ scheme: 'sip', target: `sip:u${i}@x.org` });
    expect(inbox.take().map((r) => r.target)).toEqual(['sip:u7@x.org', 'sip:u8@x.org', 'sip:u9@x.org']);
  });
});
