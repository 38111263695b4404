/**
 * The address book API (issue 16): contacts with a display name the user edits, phone numbers, a
 * favourite flag and, optionally, a Parley username. Shared by the service (server/src/contacts) and
 * the client (renderer/src/ui/contacts).
 *
 * - `GET /api/contact-cards` → `ContactCardsResponse` (favourites first, then by name);
 * - `POST /api/contact-cards` `ContactInput` → 201 `ContactCard`;
 * - `PUT /api/contact-cards/:id` `ContactInput` → `ContactCard` (replaces the card);
 * - `DELETE /api/contact-cards/:id` → 204;
 * - `POST /api/contact-cards/import` `VcardImportRequest` → `VcardImportResponse` (all cards or none;
 *   400 `invalid_vcard` naming the card and the problem);
 * - `GET /api/contact-cards/export` → `text/vcard` (RFC 6350, vCard 4.0), every card of the caller.
 *
 * The older `GET/PUT/DELETE /api/contacts[/:username]` (common/api-types.ts) read and write the same
 * list: a Parley user added from the directory is a card with `username`.
 */
import type { PresenceStatus, UserStatus } from './presence-types.js';

/** What a number is for; vCard `TYPE` cell/work/home (RFC 6350 §6.4.1), anything else is `other`. */
export type PhoneNumberType = 'mobile' | 'work' | 'home' | 'other';

export const PHONE_NUMBER_TYPES: readonly PhoneNumberType[] = ['mobile', 'work', 'home', 'other'];

export const isPhoneNumberType = (value: unknown): value is PhoneNumberType =>
  typeof value === 'string' && (PHONE_NUMBER_TYPES as readonly string[]).includes(value);

export interface ContactPhoneNumber {
  readonly type: PhoneNumberType;
  /** E.164 (`+442079460018`) when it could be read as a phone number, else exactly as typed. */
  readonly number: string;
  /** False when `number` is kept as typed because it is not a possible phone number. */
  readonly valid: boolean;
}

/** The structured name (vCard `N`, RFC 6350 §6.2.2), kept from an import so an export gives it back. */
export interface StructuredName {
  readonly family: string;
  readonly given: string;
  readonly additional: string;
  readonly prefixes: string;
  readonly suffixes: string;
}

export interface ContactCard {
  readonly id: string;
  readonly displayName: string;
  readonly name?: StructuredName;
  readonly numbers: readonly ContactPhoneNumber[];
  readonly favourite: boolean;
  /** The Parley user this card stands for, if any. */
  readonly username?: string;
  /** `sip:username@domain` when `username` is set. */
  readonly aor?: string;
  readonly presence?: PresenceStatus;
  readonly status?: UserStatus;
}

export interface ContactCardsResponse {
  readonly contacts: readonly ContactCard[];
}

/** A phone number as the user typed it. */
export interface ContactNumberInput {
  readonly type: PhoneNumberType;
  readonly number: string;
}

export interface ContactInput {
  readonly displayName: string;
  readonly numbers: readonly ContactNumberInput[];
  readonly favourite: boolean;
  /** A Parley user; must exist. Omitted or null: none. */
  readonly username?: string | null;
  /** Omitted on PUT: kept if the display name did not change, dropped otherwise. */
  readonly name?: StructuredName | null;
}

export const CONTACT_LIMITS = {
  displayName: 200,
  numbers: 20,
  number: 64,
  /** Cards one person may keep; an import that would pass it is refused. */
  cards: 2000,
  /** Characters of one imported file. */
  vcardChars: 1_000_000,
} as const;

export interface VcardImportRequest {
  /** The text of a .vcf file (vCard 4.0, RFC 6350; 3.0 is read too). */
  readonly vcard: string;
}

export interface VcardImportResponse {
  readonly imported: number;
  readonly contacts: readonly ContactCard[];
}
