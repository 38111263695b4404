/**
 * vCard 4.0 (RFC 6350) ⇄ address book cards, both ways: a file with folded lines, non-ASCII names,
 * typed numbers, a SIP address and a favourite; 3.0 cards; errors that name the card; and an export
 * that reads back to the same cards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  numberTypeOf,
  parseVcards,
  structuredNameOf,
  VcardError,
  writeVcards,
  type VcardExportCard,
} from '../../../../server/src/contacts/vcard.js';

const fixture = fs.readFileSync(
  path.join(import.meta.dirname, '../../../fixtures/contacts/three-contacts.vcf'),
  'utf8',
);

const errorOf = (text: string): VcardError => {
  try {
    parseVcards(text);
  } catch (error) {
    if (error instanceof VcardError) return error;
    throw error;
  }
  throw new Error('no error');
};

const card = (lines: string[]): string => ['BEGIN:VCARD', ...lines, 'END:VCARD', ''].join('\r\n');

describe('parseVcards', () => {
  it('reads every card of a file: folded lines, non-ASCII names, typed numbers, SIP address, favourite', () => {
    const [jurgen, bob, ana] = parseVcards(fixture);
    expect(jurgen).toEqual({
      displayName: 'Jürgen Müller-Lüdenscheidt',
      name: { family: 'Müller-Lüdenscheidt', given: 'Jürgen', additional: '', prefixes: 'Dr.', suffixes: '' },
      numbers: [
        { type: 'mobile', value: 'tel:+49-1512-3456789' },
        { type: 'work', value: 'tel:+49-30-1234567' },
      ],
      favourite: true,
      sipUris: [],
      emails: [],
    });
    expect(bob).toMatchObject({
      displayName: 'Bob Builder',
      numbers: [{ type: 'home', value: 'tel:+1-202-555-0123' }],
      sipUris: ['sip:bob@localhost'],
      favourite: false,
    });
    expect(ana).toMatchObject({
      displayName: 'Ana Núñez',
      numbers: [{ type: 'work', value: 'ext. 42' }],
      emails: ['ana@example.org'],
    });
  });

  it('reads vCard 3.0 cards, LF line ends, a byte order mark, and a name from N when FN is missing', () => {
    const text =
      '\uFEFF' +
      card([
        'VERSION:3.0',
        'N:Doe;Jane;;;',
        'TEL;TYPE=CELL,VOICE:+1 202 555 0199',
        'CATEGORIES:starred',
      ]).replace(/\r\n/g, '\n');
    expect(parseVcards(text)).toEqual([
      {
        displayName: 'Jane Doe',
        name: { family: 'Doe', given: 'Jane', additional: '', prefixes: '', suffixes: '' },
        numbers: [{ type: 'mobile', value: '+1 202 555 0199' }],
        favourite: true,
        sipUris: [],
        emails: [],
      },
    ]);
  });

  it('names the card and the problem when a file is malformed', () => {
    const good = card(['VERSION:4.0', 'FN:Good']);
    expect(errorOf(good + card(['VERSION:4.0', 'FN:Broken', 'this line has no colon'])).message).toMatch(
      /^Card 2: it cannot be read \(.*this line has no colon/,
    );
    expect(errorOf(good + 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Open\r\n').message).toBe(
      'Card 2: it has no END:VCARD.',
    );
    expect(errorOf(card(['VERSION:4.0', 'EMAIL:a@b.c'])).message).toBe(
      'Card 1: it has no name (FN, RFC 6350 §6.2.1).',
    );
    expect(errorOf(good + good + card(['VERSION:2.1', 'FN:Old'])).message).toBe(
      'Card 3: VERSION 2.1 is not supported (only 4.0, and 3.0).',
    );
    expect(errorOf(card(['FN:No version'])).card).toBe(1);
    expect(errorOf(good + 'hello\r\n' + good).message).toBe(
      'Card 1: line 5 is outside any card (every card starts with BEGIN:VCARD).',
    );
    expect(errorOf('not a vcard at all').card).toBeUndefined();
    expect(errorOf('').message).toMatch(/holds no vCard/);
    expect(errorOf(card(['VERSION:4.0', 'FN:x', 'TEL:'])).message).toBe('Card 1: a TEL has no number.');
  });
});

describe('writeVcards', () => {
  const cards: VcardExportCard[] = [
    {
      id: '6f1c1a52-54f4-4a1d-9a57-8c3a5ef0a001',
      displayName: 'Jürgen Müller-Lüdenscheidt, the very long name that needs folding over two lines',
      name: { family: 'Müller-Lüdenscheidt', given: 'Jürgen', additional: '', prefixes: 'Dr.', suffixes: '' },
      numbers: [
        { type: 'mobile', number: '+4915123456789', valid: true },
        { type: 'other', number: 'ext. 42', valid: false },
      ],
      favourite: true,
      sipUri: null,
    },
    {
      id: 'b0b',
      displayName: 'Bob',
      name: null,
      numbers: [],
      favourite: false,
      sipUri: 'sip:bob@example.com',
    },
  ];

  it('writes vCard 4.0 with tel: URIs, IMPP, CATEGORIES and CRLF-folded lines', () => {
    const text = writeVcards(cards);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCARD');
    expect(lines).toContain('VERSION:4.0');
    expect(lines).toContain('UID:urn:uuid:6f1c1a52-54f4-4a1d-9a57-8c3a5ef0a001');
    expect(lines).toContain('N:Müller-Lüdenscheidt;Jürgen;;Dr.;');
    expect(lines).toContain('TEL;TYPE=cell;VALUE=uri:tel:+4915123456789');
    expect(lines).toContain('TEL;TYPE=voice;VALUE=TEXT:ext. 42');
    expect(lines).toContain('CATEGORIES:Favorites');
    expect(lines).toContain('IMPP:sip:bob@example.com');
    expect(lines).toContain('N:;Bob;;;');
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
  });

  it('reads back to the same cards', () => {
    const [jurgen, bob] = parseVcards(writeVcards(cards));
    expect(jurgen).toEqual({
      displayName: cards[0]!.displayName,
      name: cards[0]!.name,
      numbers: [
        { type: 'mobile', value: 'tel:+4915123456789' },
        { type: 'other', value: 'ext. 42' },
      ],
      favourite: true,
      sipUris: [],
      emails: [],
    });
    expect(bob).toMatchObject({ displayName: 'Bob', sipUris: ['sip:bob@example.com'], favourite: false });
  });
});

describe('mapping helpers', () => {
  it('maps TEL types (RFC 6350 §6.4.1) to ours', () => {
    expect(numberTypeOf(['cell', 'voice'])).toBe('mobile');
    expect(numberTypeOf(['work', 'voice'])).toBe('work');
    expect(numberTypeOf(['home'])).toBe('home');
    expect(numberTypeOf(['fax'])).toBe('other');
    expect(numberTypeOf([])).toBe('other');
  });

  it('derives a structured name from a display name', () => {
    expect(structuredNameOf('Ana María Núñez')).toMatchObject({ family: 'Núñez', given: 'Ana María' });
    expect(structuredNameOf('Cher')).toMatchObject({ family: '', given: 'Cher' });
  });
});
