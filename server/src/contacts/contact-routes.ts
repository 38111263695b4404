/**
 * The address book API (common/contact-types.ts), each route with the JSON Schema of its input and of
 * its success response next to it (plain objects, `as const`), ready for Fastify's `schema` option and
 * OpenAPI. Errors are `{ "error": { code, message } }`:
 * 400 `invalid_contact` / `invalid_vcard` / `contact_self`, 404 `contact_not_found` / `user_not_found`,
 * 409 `contact_exists` / `too_many_contacts` (at most 2000 cards), 413 `payload_too_large`.
 */
import { CONTACT_LIMITS, PHONE_NUMBER_TYPES } from '../../../common/contact-types.js';
import type { ContactCardsResponse, VcardImportResponse } from '../../../common/contact-types.js';
import type { AccountService } from '../accounts/account-service.js';
import type { ApiRoutes, Handler } from '../http/api-route.js';
import { NO_CONTENT, USER_STATUS_SCHEMA } from '../http/api-schemas.js';
import { authenticate } from '../http/authenticate.js';
import { HttpError, invalidAs } from '../http/http-error.js';
import type { AddressBook } from './address-book.js';
import { ContactError } from './contact-error.js';

const structuredNameSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    ['family', 'given', 'additional', 'prefixes', 'suffixes'].map((k) => [
      k,
      { type: 'string', maxLength: CONTACT_LIMITS.displayName },
    ]),
  ),
} as const;

const phoneNumberSchema = {
  type: 'object',
  required: ['type', 'number', 'valid'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: PHONE_NUMBER_TYPES },
    number: { type: 'string' },
    valid: { type: 'boolean' },
  },
} as const;

/** `ContactCard`. */
export const contactCardSchema = {
  type: 'object',
  required: ['id', 'displayName', 'numbers', 'favourite'],
  properties: {
    id: { type: 'string' },
    displayName: { type: 'string' },
    name: structuredNameSchema,
    numbers: { type: 'array', items: phoneNumberSchema },
    favourite: { type: 'boolean' },
    username: { type: 'string' },
    aor: { type: 'string' },
    presence: { type: 'string' },
    status: USER_STATUS_SCHEMA,
  },
} as const;

/**
 * `ContactInput`: the body of POST /api/contact-cards and PUT /api/contact-cards/:id. Fields it does not
 * name are ignored (a client may send a card back as it got it, `valid` flags and all).
 */
export const contactInputSchema = {
  type: 'object',
  required: ['displayName'],
  properties: {
    displayName: { type: 'string', minLength: 1, maxLength: CONTACT_LIMITS.displayName },
    numbers: {
      type: 'array',
      maxItems: CONTACT_LIMITS.numbers,
      items: {
        type: 'object',
        required: ['number'],
        properties: {
          type: { type: 'string', enum: PHONE_NUMBER_TYPES },
          number: { type: 'string', minLength: 1, maxLength: CONTACT_LIMITS.number },
        },
      },
    },
    favourite: { type: 'boolean' },
    username: { type: ['string', 'null'], maxLength: 64 },
    name: { anyOf: [structuredNameSchema, { type: 'null' }] },
  },
} as const;

/** Path parameters of the routes with `:id`. */
export const contactIdParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

/** GET /api/contact-cards → 200 `ContactCardsResponse`. */
export const listContactCardsResponseSchema = {
  type: 'object',
  required: ['contacts'],
  properties: { contacts: { type: 'array', items: contactCardSchema } },
} as const;

/** POST /api/contact-cards → 201, PUT /api/contact-cards/:id → 200: `ContactCard`. */
export const contactCardResponseSchema = contactCardSchema;

/** POST /api/contact-cards/import: `VcardImportRequest`. */
export const vcardImportBodySchema = {
  type: 'object',
  required: ['vcard'],
  additionalProperties: false,
  properties: { vcard: { type: 'string', minLength: 1, maxLength: CONTACT_LIMITS.vcardChars } },
} as const;

/** POST /api/contact-cards/import → 200 `VcardImportResponse`. */
export const vcardImportResponseSchema = {
  type: 'object',
  required: ['imported', 'contacts'],
  properties: {
    imported: { type: 'integer', minimum: 0 },
    contacts: { type: 'array', items: contactCardSchema },
  },
} as const;

/** GET /api/contact-cards/export → 200 `text/vcard; charset=utf-8` (not JSON): the body is the file. */
export const vcardExportResponseSchema = { type: 'string', contentMediaType: 'text/vcard' } as const;

/** The import body: the file (≤ 1 M characters, UTF-8) inside JSON; room for JSON escapes. */
const IMPORT_BODY_LIMIT = 4 * CONTACT_LIMITS.vcardChars;

export interface ContactRouteDependencies {
  readonly accounts: AccountService;
  readonly book: AddressBook;
}

/** Runs a handler, turning address book errors into HTTP errors. */
const guarded =
  (handler: Handler): Handler =>
  async (ctx) => {
    try {
      return await handler(ctx);
    } catch (error) {
      if (error instanceof ContactError) throw new HttpError(error.status, error.code, error.message);
      throw error;
    }
  };

export function addContactRoutes(routes: ApiRoutes, deps: ContactRouteDependencies): void {
  const { accounts, book } = deps;

  routes.add({
    method: 'GET',
    url: '/api/contact-cards',
    schema: { response: { 200: listContactCardsResponseSchema } },
    handler: guarded(async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const body: ContactCardsResponse = { contacts: await book.list(caller.username) };
      return { status: 200, body };
    }),
  });

  routes.add({
    method: 'POST',
    url: '/api/contact-cards',
    schema: { body: contactInputSchema, response: { 201: contactCardResponseSchema } },
    onInvalid: invalidAs('invalid_contact'),
    handler: guarded(async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      return { status: 201, body: await book.create(caller.username, ctx.body ?? {}) };
    }),
  });

  routes.add({
    method: 'PUT',
    url: '/api/contact-cards/:id',
    schema: {
      params: contactIdParamsSchema,
      body: contactInputSchema,
      response: { 200: contactCardResponseSchema },
    },
    onInvalid: invalidAs('invalid_contact'),
    handler: guarded(async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      return {
        status: 200,
        body: await book.update(caller.username, ctx.params['id'] ?? '', ctx.body ?? {}),
      };
    }),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/contact-cards/:id',
    schema: { params: contactIdParamsSchema, response: { 204: NO_CONTENT } },
    handler: guarded(async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      await book.remove(caller.username, ctx.params['id'] ?? '');
      return { status: 204 };
    }),
  });

  routes.add({
    method: 'POST',
    url: '/api/contact-cards/import',
    schema: { body: vcardImportBodySchema, response: { 200: vcardImportResponseSchema } },
    bodyLimit: IMPORT_BODY_LIMIT,
    onInvalid: () =>
      new HttpError(
        400,
        'invalid_vcard',
        `Send the file's text as "vcard" (1 to ${CONTACT_LIMITS.vcardChars} characters).`,
      ),
    handler: guarded(async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const contacts = await book.importVcards(caller.username, String(ctx.body?.['vcard'] ?? ''));
      const body: VcardImportResponse = { imported: contacts.length, contacts };
      return { status: 200, body };
    }),
  });

  routes.add({
    method: 'GET',
    url: '/api/contact-cards/export',
    schema: { response: { 200: vcardExportResponseSchema } },
    handler: guarded(async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const file = Buffer.from(await book.exportVcards(caller.username), 'utf8');
      // RFC 6350 §10.1: media type text/vcard, UTF-8; a download named like the list it holds.
      return {
        status: 200,
        body: file,
        headers: {
          'content-type': 'text/vcard; charset=utf-8',
          'cache-control': 'private, no-store',
          'content-disposition': 'attachment; filename="parley-contacts.vcf"',
        },
      };
    }),
  });
}
