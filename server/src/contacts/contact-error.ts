/**
 * Domain errors of the address book. Each carries a stable `code` (the API's `error.code`) and an HTTP
 * status; the routes (./contact-routes.ts) turn them into `{ "error": { code, message } }`.
 */
export class ContactError extends Error {
  override readonly name = 'ContactError';
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalidContact = (message: string): ContactError =>
  new ContactError(400, 'invalid_contact', message);
