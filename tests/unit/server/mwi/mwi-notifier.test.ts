import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../common/logger.js';
import {
  createMwiNotifier,
  messageSummaryBody,
  type MwiNotifier,
} from '../../../../server/src/mwi/mwi-notifier.js';
import type { LocalSubscribeRequest } from '../../../../server/src/sip/sip-service-contract.js';

interface Sent {
  readonly status?: number;
  readonly headers?: readonly { name: string; value: string }[];
}

function subscribe(overrides: Partial<LocalSubscribeRequest> = {}): {
  req: LocalSubscribeRequest;
  responses: Sent[];
  notifies: string[];
} {
  const responses: Sent[] = [];
  const notifies: string[] = [];
  const req: LocalSubscribeRequest = {
    user: 'bob',
    ruriUser: 'bob',
    event: 'message-summary',
    expires: 600,
    callId: 'c1',
    fromTag: 'ft',
    toTag: undefined,
    cseq: 1,
    localTag: 'lt',
    from: '<sip:bob@d>;tag=ft',
    to: '<sip:bob@d>',
    contact: '<sip:x@y.invalid;transport=ws>',
    flowId: 'f1',
    transport: 'WS',
    respond: (status, headers) => responses.push({ status, ...(headers ? { headers } : {}) }),
    send: (text) => {
      notifies.push(text);
      return true;
    },
    ...overrides,
  };
  return { req, responses, notifies };
}

const branchOf = (text: string): string => /branch=([^\s;]+)/.exec(text)![1]!;

describe('MWI notifier (RFC 3842 over RFC 6665)', () => {
  let counts = { newCount: 0, totalCount: 0 };
  let mwi: MwiNotifier;
  beforeEach(() => {
    vi.useFakeTimers();
    counts = { newCount: 0, totalCount: 0 };
    mwi = createMwiNotifier({ domain: 'd', summaryOf: () => counts, logger: silentLogger });
  });
  afterEach(() => {
    mwi.close();
    vi.useRealTimers();
  });

  it('on a plain SIP flow, Via and Contact name the listener the phone reached, so its answers come back', () => {
    const { req, responses, notifies } = subscribe({
      transport: 'UDP',
      sentBy: '127.0.0.1:5060',
      contact: '<sip:bob@127.0.0.1:5070>',
    });
    expect(mwi.handleSubscribe(req)).toBe(true);
    expect(responses[0]?.headers).toContainEqual({
      name: 'Contact',
      value: '<sip:127.0.0.1:5060;transport=udp>',
    });
    expect(notifies[0]).toMatch(/\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:5060;branch=z9hG4bK/);
    expect(notifies[0]).toContain('Contact: <sip:127.0.0.1:5060;transport=udp>\r\n');
    // Over WebSocket (no sent-by given) the domain stays, as before.
    const ws = subscribe({ callId: 'c2' });
    mwi.handleSubscribe(ws.req);
    expect(ws.notifies[0]).toMatch(/\r\nVia: SIP\/2\.0\/WS d;branch=/);
  });

  it('writes the simple-message-summary body', () => {
    expect(messageSummaryBody('sip:bob@d', { newCount: 2, totalCount: 5 })).toBe(
      'Messages-Waiting: yes\r\nMessage-Account: sip:bob@d\r\nVoice-Message: 2/3\r\n',
    );
    expect(messageSummaryBody('sip:bob@d', { newCount: 0, totalCount: 1 })).toMatch(/^Messages-Waiting: no/);
  });

  it('answers 200, notifies at once and on change, and ends with a terminated NOTIFY at expiry', () => {
    const { req, responses, notifies } = subscribe();
    expect(mwi.handleSubscribe(req)).toBe(true);
    expect(responses[0]?.status).toBe(200);
    expect(responses[0]?.headers).toContainEqual({ name: 'Expires', value: '600' });
    expect(notifies).toHaveLength(1);
    expect(notifies[0]).toMatch(/^NOTIFY sip:x@y\.invalid;transport=ws SIP\/2\.0\r\n/);
    expect(notifies[0]).toContain('From: <sip:bob@d>;tag=lt\r\n');
    expect(notifies[0]).toContain('To: <sip:bob@d>;tag=ft\r\n');
    expect(notifies[0]).toContain('Subscription-State: active;expires=600\r\n');
    expect(notifies[0]).toContain('Messages-Waiting: no');
    counts = { newCount: 1, totalCount: 1 };
    mwi.changed('bob');
    mwi.changed('carol');
    expect(notifies).toHaveLength(2);
    expect(notifies[1]).toContain('CSeq: 2 NOTIFY');
    expect(notifies[1]).toContain('Voice-Message: 1/0');
    vi.advanceTimersByTime(600_000);
    expect(notifies[2]).toContain('Subscription-State: terminated;reason=timeout');
    expect(mwi.count()).toBe(0);
  });

  it('refreshes and unsubscribes in the dialog; 481 for an unknown one', () => {
    const first = subscribe();
    mwi.handleSubscribe(first.req);
    const refresh = subscribe({ toTag: 'lt', expires: 120, send: first.req.send });
    mwi.handleSubscribe(refresh.req);
    expect(refresh.responses[0]?.status).toBe(200);
    expect(first.notifies.at(-1)).toContain('active;expires=120');
    const end = subscribe({ toTag: 'lt', expires: 0, send: first.req.send });
    mwi.handleSubscribe(end.req);
    expect(first.notifies.at(-1)).toContain('terminated');
    expect(mwi.count()).toBe(0);
    const unknown = subscribe({ toTag: 'nope' });
    mwi.handleSubscribe(unknown.req);
    expect(unknown.responses[0]?.status).toBe(481);
  });

  it("refuses another user's mailbox, too short an interval, and leaves other packages alone", () => {
    const other = subscribe({ ruriUser: 'alice' });
    expect(mwi.handleSubscribe(other.req)).toBe(true);
    expect(other.responses[0]?.status).toBe(403);
    const short = subscribe({ expires: 10 });
    mwi.handleSubscribe(short.req);
    expect(short.responses[0]).toEqual({ status: 423, headers: [{ name: 'Min-Expires', value: '60' }] });
    expect(mwi.handleSubscribe(subscribe({ event: 'presence' }).req)).toBe(false);
  });

  it('drops a subscription whose NOTIFY is refused or whose flow closes', () => {
    const a = subscribe();
    mwi.handleSubscribe(a.req);
    expect(mwi.onResponse(branchOf(a.notifies[0]!), 481)).toBe(true);
    expect(mwi.count()).toBe(0);
    expect(mwi.onResponse('z9hG4bKunknown', 200)).toBe(false);
    mwi.handleSubscribe(subscribe({ callId: 'c2' }).req);
    expect(mwi.count()).toBe(1);
    mwi.onFlowClosed('f1');
    expect(mwi.count()).toBe(0);
  });
});
