/**
 * The address book client (renderer/src/app/contact-cards-client.ts) against a fake fetch: the routes,
 * bodies and bearer token it sends, and every failure as an ApiError carrying the service's code.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../renderer/src/app/api-error.js';
import { createContactCardsClient } from '../../../../renderer/src/app/contact-cards-client.js';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function fakeFetch(reply: (sent: Sent) => Response): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const s: Sent = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    };
    sent.push(s);
    return reply(s);
  }) as typeof fetch;
  return { fetch: fetchImpl, sent };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('contact cards client', () => {
  it('sends the file as JSON to the import route with the session token', async () => {
    const { fetch, sent } = fakeFetch(() => json(200, { imported: 1, contacts: [] }));
    const client = createContactCardsClient({ baseUrl: 'http://svc', fetch, getToken: () => 'tok' });
    expect(await client.importVcard('BEGIN:VCARD…')).toEqual({ imported: 1, contacts: [] });
    expect(sent[0]).toMatchObject({
      url: 'http://svc/api/contact-cards/import',
      method: 'POST',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' },
      body: JSON.stringify({ vcard: 'BEGIN:VCARD…' }),
    });
  });

  it('edits by id (escaped), deletes, and reads the export as text', async () => {
    const { fetch, sent } = fakeFetch((s) =>
      s.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : s.url.endsWith('/export')
          ? new Response('BEGIN:VCARD\r\n', { status: 200, headers: { 'content-type': 'text/vcard' } })
          : json(200, { id: 'a/b', displayName: 'X', numbers: [], favourite: true }),
    );
    const client = createContactCardsClient({ fetch, getToken: () => undefined });
    await client.update('a/b', { displayName: 'X', numbers: [], favourite: true });
    await client.remove('a/b');
    expect(await client.exportVcard()).toBe('BEGIN:VCARD\r\n');
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PUT /api/contact-cards/a%2Fb',
      'DELETE /api/contact-cards/a%2Fb',
      'GET /api/contact-cards/export',
    ]);
    expect(sent[0]!.headers['Authorization']).toBeUndefined();
  });

  it('turns an error body into an ApiError with the service’s code and message', async () => {
    const { fetch } = fakeFetch(() =>
      json(400, { error: { code: 'invalid_vcard', message: 'Card 2: it has no END:VCARD.' } }),
    );
    const client = createContactCardsClient({ fetch, getToken: () => 'tok' });
    const failure = await client.importVcard('x').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      code: 'invalid_vcard',
      status: 400,
      message: 'Card 2: it has no END:VCARD.',
    });
  });
});
