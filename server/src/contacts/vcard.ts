/**
 * vCard files (RFC 6350, vCard 4.0; 3.0 files, RFC 2426, are read too) ⇄ the address book's cards.
 * The grammar (content lines, folding §3.2, parameters §5, escaping §3.4, value types) is ical.js's:
 * this module only finds where each card begins and ends, so an error can name the card, and maps
 * properties to cards and back. ical.js is pinned at 2.2.1 (MPL-2.0: file-level copyleft on its own
 * files, used unmodified as a dependency; fine beside Parley's MIT). It reads vCard 4.0 (RFC 6350) and
 * 3.0 with their own value types (4.0 TEL is a URI by default) and writes folded CRLF lines.
 *
 * Parsing runs in the service, not the client: the import is one request that the service checks
 * completely before it writes anything (all cards or none), a `sip:`/`IMPP` address is resolved to a
 * Parley user against the account store the client cannot see, numbers are normalised with the same
 * home country as the gateway, every client (web, desktop, scripts) gets the same behaviour, and the
 * parser stays out of the client bundle.
 */
import ICAL from 'ical.js';
import type { PhoneNumberType, StructuredName } from '../../../common/contact-types.js';
import { CONTACT_LIMITS } from '../../../common/contact-types.js';

/** A problem in the file; `card` is 1-based, absent when the problem is outside every card. */
export class VcardError extends Error {
  override readonly name = 'VcardError';
  constructor(
    readonly card: number | undefined,
    message: string,
  ) {
    super(card === undefined ? message : `Card ${card}: ${message}`);
  }
}

/** One card as read from a file, before usernames are resolved and numbers normalised. */
export interface VcardContact {
  readonly displayName: string;
  readonly name: StructuredName | null;
  /** `tel:` URIs or the text as written (§6.4.1). */
  readonly numbers: readonly { readonly type: PhoneNumberType; readonly value: string }[];
  readonly favourite: boolean;
  /** `sip:`/`sips:` URIs from IMPP (§6.4.3) and URL (§6.7.8). */
  readonly sipUris: readonly string[];
  /** EMAIL values (§6.4.2). */
  readonly emails: readonly string[];
}

/** What an export writes for one card. */
export interface VcardExportCard {
  readonly id: string;
  readonly displayName: string;
  readonly name: StructuredName | null;
  readonly numbers: readonly {
    readonly type: PhoneNumberType;
    readonly number: string;
    readonly valid: boolean;
  }[];
  readonly favourite: boolean;
  /** `sip:user@domain` of the Parley user, if any. */
  readonly sipUri: string | null;
}

/** The CATEGORIES value (§6.7.1) that marks a favourite; "favourites" and Google's "starred" are read too. */
export const FAVOURITES_CATEGORY = 'Favorites';
const FAVOURITE_CATEGORIES = new Set(['favorites', 'favourites', 'starred']);

const BEGIN = /^begin:vcard$/i;
const END = /^end:vcard$/i;

/** The text of each card (BEGIN:VCARD … END:VCARD); anything else but blank lines is an error. */
function splitCards(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const cards: string[] = [];
  let current: string[] | undefined;
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (current === undefined) {
      if (BEGIN.test(trimmed)) current = [trimmed];
      else if (trimmed !== '') {
        throw new VcardError(
          cards.length === 0 ? undefined : cards.length,
          `line ${index + 1} is outside any card (every card starts with BEGIN:VCARD).`,
        );
      }
    } else if (BEGIN.test(trimmed)) {
      throw new VcardError(cards.length + 1, 'it has no END:VCARD before the next BEGIN:VCARD.');
    } else if (END.test(trimmed)) {
      cards.push([...current, trimmed].join('\r\n') + '\r\n');
      current = undefined;
    } else current.push(line);
  }
  if (current !== undefined) throw new VcardError(cards.length + 1, 'it has no END:VCARD.');
  if (cards.length === 0)
    throw new VcardError(undefined, 'The file holds no vCard (BEGIN:VCARD … END:VCARD).');
  return cards;
}

const lower = (values: unknown): string[] =>
  (Array.isArray(values) ? values : values === undefined || values === null ? [] : [values])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');

/** vCard TEL TYPE values (§6.4.1) → ours: cell → mobile, work, home; anything else → other. */
export function numberTypeOf(types: readonly string[]): PhoneNumberType {
  if (types.includes('cell') || types.includes('mobile') || types.includes('iphone')) return 'mobile';
  if (types.includes('work')) return 'work';
  if (types.includes('home')) return 'home';
  return 'other';
}

/** Ours → vCard TEL TYPE (§6.4.1). */
const TEL_TYPES: Readonly<Record<PhoneNumberType, string[]>> = {
  mobile: ['cell'],
  work: ['work', 'voice'],
  home: ['home', 'voice'],
  other: ['voice'],
};

const text = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? '')).trim();

function readCard(source: string, card: number): VcardContact {
  let component: ICAL.Component;
  try {
    const parsed = ICAL.parse(source) as unknown;
    component = new ICAL.Component(parsed as unknown[]);
  } catch (error) {
    throw new VcardError(
      card,
      `it cannot be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const version = text(component.getFirstPropertyValue('version'));
  if (version === '') throw new VcardError(card, 'it has no VERSION (RFC 6350 §6.7.9).');
  if (version !== '4.0' && version !== '3.0') {
    throw new VcardError(card, `VERSION ${version} is not supported (only 4.0, and 3.0).`);
  }

  const n = component.getFirstPropertyValue('n') as unknown;
  const parts = (Array.isArray(n) ? n : typeof n === 'string' ? n.split(';') : []).map((p: unknown) =>
    Array.isArray(p) ? p.map(text).join(' ') : text(p),
  );
  const name: StructuredName | null =
    parts.length > 0 && parts.some((p) => p !== '')
      ? {
          family: parts[0] ?? '',
          given: parts[1] ?? '',
          additional: parts[2] ?? '',
          prefixes: parts[3] ?? '',
          suffixes: parts[4] ?? '',
        }
      : null;
  const fn = text(component.getFirstPropertyValue('fn'));
  const fromN = name
    ? [name.prefixes, name.given, name.additional, name.family, name.suffixes].filter(Boolean).join(' ')
    : '';
  const displayName = fn || fromN;
  if (displayName === '') throw new VcardError(card, 'it has no name (FN, RFC 6350 §6.2.1).');
  if (displayName.length > CONTACT_LIMITS.displayName) {
    throw new VcardError(card, `the name is longer than ${CONTACT_LIMITS.displayName} characters.`);
  }

  const numbers = component.getAllProperties('tel').map((p) => {
    const value = text(p.getFirstValue());
    if (value === '') throw new VcardError(card, 'a TEL has no number.');
    if (value.length > CONTACT_LIMITS.number) {
      throw new VcardError(
        card,
        `the TEL "${value.slice(0, 20)}…" is longer than ${CONTACT_LIMITS.number} characters.`,
      );
    }
    return { type: numberTypeOf(lower(p.getParameter('type'))), value };
  });
  if (numbers.length > CONTACT_LIMITS.numbers) {
    throw new VcardError(card, `it has more than ${CONTACT_LIMITS.numbers} phone numbers.`);
  }
  const sipUris = ['impp', 'url']
    .flatMap((prop) => component.getAllProperties(prop).map((p) => text(p.getFirstValue())))
    .filter((v) => /^sips?:/i.test(v));
  const emails = component
    .getAllProperties('email')
    .map((p) => text(p.getFirstValue()))
    .filter(Boolean);
  const favourite = component
    .getAllProperties('categories')
    .some((p) => lower(p.getValues()).some((c) => FAVOURITE_CATEGORIES.has(c)));
  return { displayName, name, numbers, favourite, sipUris, emails };
}

/**
 * Every card of a .vcf file, or a `VcardError` naming the first card that is wrong and why.
 * @see https://www.rfc-editor.org/rfc/rfc6350#section-3.3 (a vCard stream: one or more cards)
 */
export function parseVcards(source: string): VcardContact[] {
  return splitCards(source).map((card, index) => readCard(card, index + 1));
}

/** A structured name from a display name when none was kept: the last word is the family name. */
export function structuredNameOf(displayName: string): StructuredName {
  const words = displayName.trim().split(/\s+/);
  const family = words.length > 1 ? words.pop()! : '';
  return { family, given: words.join(' '), additional: '', prefixes: '', suffixes: '' };
}

/**
 * One vCard 4.0 file with every card: VERSION, UID (§6.7.6), FN, N, TEL as a `tel:` URI (§6.4.1;
 * text when the number could not be read as one), IMPP with the Parley user's SIP address (§6.4.3), and
 * CATEGORIES:Favorites for favourites (§6.7.1). Lines are folded at 75 octets and end in CRLF (§3.2).
 */
export function writeVcards(cards: readonly VcardExportCard[]): string {
  return cards
    .map((card) => {
      const out = new ICAL.Component('vcard');
      out.addPropertyWithValue('version', '4.0');
      out.addPropertyWithValue('uid', `urn:uuid:${card.id}`);
      out.addPropertyWithValue('fn', card.displayName);
      const n = card.name ?? structuredNameOf(card.displayName);
      const nProp = new ICAL.Property('n');
      nProp.setValue([n.family, n.given, n.additional, n.prefixes, n.suffixes] as unknown as string);
      out.addProperty(nProp);
      for (const number of card.numbers) {
        const tel = new ICAL.Property('tel');
        tel.setParameter('type', TEL_TYPES[number.type]);
        if (number.valid) {
          tel.setParameter('value', 'uri');
          tel.setValue(`tel:${number.number}`);
        } else {
          tel.resetType('text');
          tel.setValue(number.number);
        }
        out.addProperty(tel);
      }
      if (card.sipUri !== null) out.addPropertyWithValue('impp', card.sipUri);
      if (card.favourite) {
        const categories = new ICAL.Property('categories');
        categories.setValues([FAVOURITES_CATEGORY]);
        out.addProperty(categories);
      }
      return out.toString() + '\r\n';
    })
    .join('');
}
