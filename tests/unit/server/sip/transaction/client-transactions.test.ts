/**
 * The client machines of RFC 3261 §17.1 under fake timers: Timer A/E retransmit on UDP only, B/F give
 * up, the ACK of a non-2xx is sent (and resent for each retransmitted final) by the INVITE client, D/K
 * absorb late responses on UDP and are zero on reliable transports.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InviteClientTransaction } from '../../../../../server/src/sip/transaction/invite-client-transaction.js';
import { NonInviteClientTransaction } from '../../../../../server/src/sip/transaction/non-invite-client-transaction.js';
import { BRANCH, channel, request, response, T1, T2, T4, timers, user } from './transaction-fixtures.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function invite(reliable: boolean) {
  const ch = channel(reliable);
  const tu = user();
  let terminated = false;
  const ct = new InviteClientTransaction(BRANCH, request('INVITE'), ch, timers(reliable), tu, () => {
    terminated = true;
  });
  ct.start();
  return { ch, tu, ct, terminated: () => terminated };
}

function nonInvite(reliable: boolean) {
  const ch = channel(reliable);
  const tu = user();
  let terminated = false;
  const ct = new NonInviteClientTransaction(BRANCH, 'BYE', request('BYE'), ch, timers(reliable), tu, () => {
    terminated = true;
  });
  ct.start();
  return { ch, tu, ct, terminated: () => terminated };
}

describe('INVITE client transaction (§17.1.1)', () => {
  it('retransmits on UDP at T1, 2·T1, 4·T1 … (Timer A) and times out after 64·T1 (Timer B)', () => {
    const { ch, tu, terminated } = invite(false);
    expect(ch.sent).toHaveLength(1);
    vi.advanceTimersByTime(T1);
    expect(ch.sent).toHaveLength(2);
    vi.advanceTimersByTime(2 * T1);
    expect(ch.sent).toHaveLength(3);
    vi.advanceTimersByTime(4 * T1);
    expect(ch.sent).toHaveLength(4);
    expect(tu.timeouts).toBe(0);
    vi.advanceTimersByTime(64 * T1 - 7 * T1);
    expect(tu.timeouts).toBe(1);
    expect(terminated()).toBe(true);
    // 1 + retransmissions at 1, 3, 7, 15, 31 (·T1) before 64·T1
    expect(ch.sent).toHaveLength(7);
  });

  it('never retransmits on a reliable transport, and still gives up at 64·T1', () => {
    const { ch, tu } = invite(true);
    vi.advanceTimersByTime(64 * T1);
    expect(ch.sent).toHaveLength(1);
    expect(tu.timeouts).toBe(1);
  });

  it('stops retransmitting at a provisional and passes it up', () => {
    const { ch, tu, ct } = invite(false);
    ct.receiveResponse(response('INVITE', 180));
    vi.advanceTimersByTime(100 * T1);
    expect(ch.sent).toHaveLength(1);
    expect(tu.responses).toEqual([180]);
    expect(tu.timeouts).toBe(0);
  });

  it('ACKs a non-2xx final, resends the ACK for each retransmission without passing it up, ends after Timer D', () => {
    const { ch, tu, ct, terminated } = invite(false);
    ct.receiveResponse(response('INVITE', 486));
    expect(ch.lines()).toEqual(['INVITE sip:bob@b.example SIP/2.0', 'ACK sip:bob@b.example SIP/2.0']);
    expect(ch.sent[1]).toContain(`branch=${BRANCH}`);
    expect(ch.sent[1]).toContain('To: <sip:bob@b.example>;tag=t1');
    ct.receiveResponse(response('INVITE', 486));
    expect(ch.lines()).toHaveLength(3);
    expect(tu.responses).toEqual([486]);
    vi.advanceTimersByTime(64 * T1 - 1);
    expect(terminated()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(terminated()).toBe(true);
  });

  it('Timer D is zero on a reliable transport', () => {
    const { ct, terminated } = invite(true);
    ct.receiveResponse(response('INVITE', 603));
    expect(terminated()).toBe(true);
  });

  it('passes every 2xx up while Accepted (RFC 6026), without ACKing, then ends after Timer M', () => {
    const { ch, tu, ct, terminated } = invite(false);
    ct.receiveResponse(response('INVITE', 200));
    ct.receiveResponse(response('INVITE', 200));
    expect(tu.responses).toEqual([200, 200]);
    expect(ch.sent).toHaveLength(1);
    vi.advanceTimersByTime(64 * T1);
    expect(terminated()).toBe(true);
  });
});

describe('non-INVITE client transaction (§17.1.2)', () => {
  it('retransmits on UDP at T1, 2·T1 … capped at T2 (Timer E) and times out at 64·T1 (Timer F)', () => {
    const { ch, tu } = nonInvite(false);
    vi.advanceTimersByTime(T1);
    vi.advanceTimersByTime(2 * T1);
    vi.advanceTimersByTime(4 * T1);
    expect(ch.sent).toHaveLength(4);
    vi.advanceTimersByTime(T2); // 8·T1 would exceed T2: capped
    expect(ch.sent).toHaveLength(5);
    vi.advanceTimersByTime(T2);
    expect(ch.sent).toHaveLength(6);
    vi.advanceTimersByTime(64 * T1 - 7 * T1 - 2 * T2);
    expect(tu.timeouts).toBe(1);
  });

  it('keeps retransmitting at T2 after a provisional, stops at the final, absorbs it during Timer K (T4)', () => {
    const { ch, tu, ct, terminated } = nonInvite(false);
    ct.receiveResponse(response('BYE', 100));
    const before = ch.sent.length;
    vi.advanceTimersByTime(T1);
    expect(ch.sent.length).toBe(before + 1);
    ct.receiveResponse(response('BYE', 200));
    ct.receiveResponse(response('BYE', 200));
    expect(tu.responses).toEqual([100, 200]);
    const after = ch.sent.length;
    vi.advanceTimersByTime(T4 - 1);
    expect(ch.sent.length).toBe(after);
    expect(terminated()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(terminated()).toBe(true);
  });

  it('Timer K is zero on a reliable transport; a transport error is reported', () => {
    const { ct, terminated } = nonInvite(true);
    ct.receiveResponse(response('BYE', 200));
    expect(terminated()).toBe(true);
    const tu = user();
    const broken = new NonInviteClientTransaction(
      BRANCH,
      'BYE',
      request('BYE'),
      { reliable: true, send: () => false },
      timers(true),
      tu,
      () => undefined,
    );
    broken.start();
    expect(tu.transportErrors).toBe(1);
  });
});
