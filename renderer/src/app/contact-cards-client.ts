/**
 * The address book API (common/contact-types.ts) as the client uses it: list, create, edit, delete,
 * and vCard files in and out. The service parses and writes the vCard text (server/src/contacts/vcard.ts);
 * the client only reads the chosen file and offers the export as a download. Every failure is an ApiError.
 */
import type {
  ContactCard,
  ContactCardsResponse,
  ContactInput,
  VcardImportResponse,
} from '../../../common/contact-types.js';
import { networkError, readResponseJson, toApiError } from './api-error.js';

export interface ContactCardsClient {
  list(): Promise<readonly ContactCard[]>;
  create(input: ContactInput): Promise<ContactCard>;
  update(id: string, input: ContactInput): Promise<ContactCard>;
  remove(id: string): Promise<void>;
  /** Every card of the file or none (an ApiError `invalid_vcard` names the card and the problem). */
  importVcard(text: string): Promise<VcardImportResponse>;
  /** The whole address book as one vCard 4.0 file. */
  exportVcard(): Promise<string>;
}

export interface ContactCardsClientOptions {
  readonly baseUrl?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly getToken: () => string | undefined;
}

export function createContactCardsClient(options: ContactCardsClientOptions): ContactCardsClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    const token = options.getToken();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    };
    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw networkError(cause);
    }
    if (!response.ok) throw toApiError(response.status, await readResponseJson(response));
    return response;
  }
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await readResponseJson(await send(method, path, body))) as T;

  return {
    list: async () => (await json<ContactCardsResponse>('GET', '/api/contact-cards')).contacts,
    create: (input) => json<ContactCard>('POST', '/api/contact-cards', input),
    update: (id, input) => json<ContactCard>('PUT', `/api/contact-cards/${encodeURIComponent(id)}`, input),
    async remove(id) {
      await send('DELETE', `/api/contact-cards/${encodeURIComponent(id)}`);
    },
    importVcard: (text) => json<VcardImportResponse>('POST', '/api/contact-cards/import', { vcard: text }),
    exportVcard: async () => (await send('GET', '/api/contact-cards/export')).text(),
  };
}
