import { describe, expect, it } from 'vitest';
import type {
  LocalSubscribeRequest,
  SipSubscriptionHooks,
} from '../../../../server/src/sip/sip-service-contract.js';
import { combineSubscriptionHooks } from '../../../../server/src/subscriptions/subscription-hooks.js';

const request = (event: string, answers: unknown[]): LocalSubscribeRequest =>
  ({
    event,
    respond: (status: number, headers?: unknown) => answers.push({ status, headers }),
  }) as unknown as LocalSubscribeRequest;

const hooks = (seen: string[]): SipSubscriptionHooks => ({
  handleSubscribe: (req) => {
    seen.push(req.event);
    return true;
  },
  onResponse: (branch) => branch === 'mine',
  onFlowClosed: () => undefined,
});

describe('the service’s event packages together (RFC 6665)', () => {
  it('offers each SUBSCRIBE to its package and answers unknown events 489 with Allow-Events', () => {
    const mwi: string[] = [];
    const presence: string[] = [];
    const combined = combineSubscriptionHooks([
      { events: ['message-summary'], hooks: hooks(mwi) },
      { events: ['presence'], hooks: hooks(presence) },
    ]);
    const answers: unknown[] = [];
    expect(combined.handleSubscribe(request('presence', answers))).toBe(true);
    expect(combined.handleSubscribe(request('message-summary', answers))).toBe(true);
    expect(combined.handleSubscribe(request('dialog', answers))).toBe(true);
    expect([mwi, presence]).toEqual([['message-summary'], ['presence']]);
    expect(answers).toEqual([
      { status: 489, headers: [{ name: 'Allow-Events', value: 'message-summary, presence' }] },
    ]);
    expect(combined.onResponse('mine', 200)).toBe(true);
    expect(combined.onResponse('other', 200)).toBe(false);
  });
});
