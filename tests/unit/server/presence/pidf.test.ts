import { describe, expect, it } from 'vitest';
import { basicOf, buildPidf, escapeXml } from '../../../../server/src/presence/pidf.js';

const entity = 'sip:alice@parley.test';

describe('PIDF presence documents (RFC 3863 with RPID, RFC 4480)', () => {
  it('builds a well-formed document: one tuple with basic and contact, the person with activity and note', () => {
    const doc = buildPidf({ entity, shown: 'away', note: 'Back at 3' });
    expect(doc).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"' +
          ' xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:alice@parley.test">',
        '  <tuple id="t1">',
        '    <status><basic>open</basic></status>',
        '    <contact>sip:alice@parley.test</contact>',
        '    <note>Away — Back at 3</note>',
        '  </tuple>',
        '  <dm:person id="p1">',
        '    <rpid:activities><rpid:away/></rpid:activities>',
        '    <dm:note>Back at 3</dm:note>',
        '  </dm:person>',
        '</presence>',
        '',
      ].join('\r\n'),
    );
  });

  it('maps what others see to basic and the RPID activity', () => {
    const activity = (shown: Parameters<typeof buildPidf>[0]['shown']): string | undefined =>
      /<rpid:activities>(.*)<\/rpid:activities>/.exec(buildPidf({ entity, shown, note: '' }))?.[1];
    expect(activity('available')).toBeUndefined();
    expect(activity('offline')).toBeUndefined();
    expect(activity('busy')).toBe('<rpid:busy/>');
    expect(activity('dnd')).toBe('<rpid:busy/>');
    expect(activity('on-call')).toBe('<rpid:on-the-phone/>');
    expect(activity('ringing')).toBe('<rpid:other>Ringing</rpid:other>');
    expect(basicOf('available')).toBe('open');
    expect(basicOf('on-call')).toBe('open');
    expect(basicOf('dnd')).toBe('closed'); // not willing to take a call now (RFC 3863 §4.1.4)
    expect(basicOf('offline')).toBe('closed');
    expect(buildPidf({ entity, shown: 'dnd', note: '' })).toContain('<note>Do not disturb</note>');
    expect(buildPidf({ entity, shown: 'available', note: '' })).not.toContain('dm:note');
  });

  it('escapes the note and the entity, so no note can break the XML', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    const doc = buildPidf({ entity, shown: 'busy', note: '</dm:note><evil/>' });
    expect(doc).toContain('<dm:note>&lt;/dm:note&gt;&lt;evil/&gt;</dm:note>');
    expect(doc).not.toContain('<evil/>');
  });
});
