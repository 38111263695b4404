import { describe, expect, it } from 'vitest';
import { createMessagingHttpHandlers } from '../../../../server/src/messaging/http-handlers.js';
import { makeService } from './helpers.js';

describe('messaging HTTP handlers', () => {
  it('lists, pages and marks read; validates the peer and the query', async () => {
    const svc = await makeService();
    const http = createMessagingHttpHandlers(svc);
    await svc.accept('alice', 'bob', 'a0', 'one');
    await svc.accept('alice', 'bob', 'a1', 'two');
    expect(await http.listConversations('bob')).toMatchObject({ status: 200, body: { totalUnread: 2 } });
    const page = await http.listMessages('bob', { peer: 'Alice', limit: '1' });
    expect(page).toMatchObject({ status: 200, body: { hasMore: true, messages: [{ body: 'two' }] } });
    expect((await http.listMessages('bob', { peer: 'alice', before: 'x' })).status).toBe(400);
    expect((await http.listMessages('bob', { peer: '../etc' })).status).toBe(400);
    expect(await http.markRead('bob', { peer: 'alice' })).toEqual({ status: 200, body: { marked: 2 } });
    expect(await http.listConversations('bob')).toMatchObject({ body: { totalUnread: 0 } });
    expect(http.routes.map((r) => `${r.method} ${r.pattern}`)).toEqual([
      'GET /api/conversations',
      'GET /api/conversations/:peer/messages',
      'POST /api/conversations/:peer/read',
    ]);
  });
});
