import { describe, expect, it } from 'vitest';
import { IS_COMPOSING_CONTENT_TYPE } from '../../../../common/messaging-types.js';
import type { InboundMessageRequest } from '../../../../server/src/messaging/sip-message-policy.js';
import { parseContentType } from '../../../../server/src/messaging/sip-message-policy.js';
import { makeService } from './helpers.js';

const req = (over: Partial<InboundMessageRequest> = {}): InboundMessageRequest => ({
  fromUser: 'alice',
  toUser: 'bob',
  contentType: 'text/plain;charset=UTF-8',
  body: 'hello',
  messageId: 'uuid-1',
  callId: 'abc@host',
  ...over,
});

describe('handleSipMessage', () => {
  it('stores text/plain and answers 202 then 200 with the id and seq headers', async () => {
    const svc = await makeService();
    expect(await svc.handleSipMessage(req())).toEqual({
      action: 'respond',
      status: 202,
      reason: 'Accepted',
      headers: { 'Parley-Message-Id': 'uuid-1', 'Parley-Seq': '1' },
    });
    expect(await svc.handleSipMessage(req())).toMatchObject({ status: 200, headers: { 'Parley-Seq': '1' } });
    svc.close();
  });

  it('falls back to the Call-ID for clients without a message id (JsSIP)', async () => {
    const svc = await makeService();
    expect(
      await svc.handleSipMessage(req({ messageId: undefined, contentType: 'text/plain' })),
    ).toMatchObject({
      status: 202,
    });
    expect(await svc.handleSipMessage(req({ messageId: undefined }))).toMatchObject({ status: 200 });
    expect((await svc.pendingFor('bob'))[0]?.id).toBe('call-id:abc@host');
  });

  it('forwards isComposing without storing it', async () => {
    const svc = await makeService();
    expect(await svc.handleSipMessage(req({ contentType: IS_COMPOSING_CONTENT_TYPE, body: '<x/>' }))).toEqual(
      {
        action: 'forward',
      },
    );
    expect(await svc.pendingFor('bob')).toEqual([]);
  });

  it('refuses other types with 415 + Accept, over-size with 413, unknown users with 404, floods with 503 + Retry-After', async () => {
    const svc = await makeService({ rateLimit: { burst: 1, perSecond: 1 } });
    expect(await svc.handleSipMessage(req({ contentType: 'text/html' }))).toMatchObject({
      status: 415,
      headers: { Accept: expect.stringContaining('text/plain') },
    });
    expect(await svc.handleSipMessage(req({ contentType: 'text/plain;charset=iso-8859-1' }))).toMatchObject({
      status: 415,
    });
    expect(await svc.handleSipMessage(req({ contentType: undefined }))).toMatchObject({ status: 415 });
    expect(await svc.handleSipMessage(req({ body: 'x'.repeat(4001) }))).toMatchObject({ status: 413 });
    expect(await svc.handleSipMessage(req({ toUser: 'nobody' }))).toMatchObject({ status: 404 });
    expect(await svc.handleSipMessage(req({ messageId: 'm1' }))).toMatchObject({ status: 202 });
    expect(await svc.handleSipMessage(req({ messageId: 'm2' }))).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '1' },
    });
  });

  it('parses content types with quoted charsets', async () => {
    expect(parseContentType(' Text/Plain ; charset="UTF-8"')).toEqual({
      type: 'text/plain',
      charset: 'utf-8',
    });
    expect(parseContentType('')).toBeUndefined();
  });
});
