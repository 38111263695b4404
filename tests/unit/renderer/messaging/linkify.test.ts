import { describe, expect, it } from 'vitest';
import { linkify } from '../../../../renderer/src/messaging/linkify.js';
import { checkDraft } from '../../../../renderer/src/messaging/draft-check.js';
import { buildIsComposing, parseIsComposing } from '../../../../renderer/src/messaging/is-composing.js';

describe('linkify', () => {
  it('splits text and http(s) links, trimming trailing punctuation', () => {
    expect(linkify('see https://example.com/a?b=1, and www.test.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', and ' },
      { kind: 'link', text: 'www.test.org', href: 'https://www.test.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps markup as plain text and never links other schemes', () => {
    const text =
      '<img src=x onerror=alert(1)> javascript:alert(1) data:text/html,<b>x</b> <a href="https://x.y">z</a>';
    const segments = linkify(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    for (const s of segments) if (s.kind === 'link') expect(s.href).toMatch(/^https?:\/\//);
    expect(segments.filter((s) => s.kind === 'link').map((s) => s.href)).toEqual(['https://x.y/']);
  });

  it('keeps balanced parentheses in a link', () => {
    expect(linkify('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
  });
});

describe('checkDraft', () => {
  it('accepts up to 4,000 code points and explains longer drafts', () => {
    expect(checkDraft('🙂'.repeat(4000))).toEqual({ ok: true, length: 4000 });
    expect(checkDraft('x'.repeat(4001))).toMatchObject({
      ok: false,
      code: 'too-long',
      message: expect.stringContaining('4,000'),
    });
    expect(checkDraft(' ')).toMatchObject({ ok: false, code: 'empty' });
  });
});

describe('isComposing (RFC 3994)', () => {
  it('round-trips active with refresh and idle, and ignores other XML', () => {
    expect(parseIsComposing(buildIsComposing('active', 60))).toEqual({ state: 'active', refreshSeconds: 60 });
    expect(parseIsComposing(buildIsComposing('idle'))).toEqual({ state: 'idle' });
    expect(
      parseIsComposing('<ic:isComposing xmlns:ic="x"><ic:state>active</ic:state></ic:isComposing>'),
    ).toEqual({ state: 'active' });
    expect(parseIsComposing('<foo><state>active</state></foo>')).toBeUndefined();
  });
});
