/**
 * The server machines of RFC 3261 §17.2 under fake timers: retransmitted requests get the last response
 * again, Timer G retransmits a non-2xx INVITE final on UDP until the ACK, H gives up waiting for it, I/J
 * absorb retransmissions on UDP and are zero on reliable transports, 2xx keep the INVITE Accepted (L).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InviteServerTransaction } from '../../../../../server/src/sip/transaction/invite-server-transaction.js';
import { NonInviteServerTransaction } from '../../../../../server/src/sip/transaction/non-invite-server-transaction.js';
import { channel, parsedRequest, T1, T2, T4, timers } from './transaction-fixtures.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function inviteServer(reliable: boolean) {
  const ch = channel(reliable);
  let terminated = false;
  const st = new InviteServerTransaction('k', 'flow', parsedRequest('INVITE'), ch, timers(reliable), () => {
    terminated = true;
  });
  return { ch, st, terminated: () => terminated };
}

function nonInviteServer(reliable: boolean) {
  const ch = channel(reliable);
  let terminated = false;
  const st = new NonInviteServerTransaction('k', 'flow', parsedRequest('BYE'), ch, timers(reliable), () => {
    terminated = true;
  });
  return { ch, st, terminated: () => terminated };
}

describe('INVITE server transaction (§17.2.1)', () => {
  it('resends the last provisional for a retransmitted INVITE', () => {
    const { ch, st } = inviteServer(false);
    st.receiveRequest(); // nothing sent yet: absorbed
    expect(ch.sent).toHaveLength(0);
    st.respond(100);
    st.respond(180);
    st.receiveRequest();
    expect(ch.lines()).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 180 Ringing', 'SIP/2.0 180 Ringing']);
  });

  it('retransmits a non-2xx final on UDP (Timer G, capped at T2) until the ACK, then ends after Timer I', () => {
    const { ch, st, terminated } = inviteServer(false);
    st.respond(486);
    vi.advanceTimersByTime(T1 + 2 * T1 + 4 * T1);
    expect(ch.sent).toHaveLength(4);
    vi.advanceTimersByTime(T2);
    expect(ch.sent).toHaveLength(5);
    st.receiveRequest(); // a retransmitted INVITE gets the final again
    expect(ch.sent).toHaveLength(6);
    st.receiveAck();
    vi.advanceTimersByTime(T2 * 2);
    expect(ch.sent).toHaveLength(6);
    expect(st.state).toBe('terminated'); // Timer I (T4) has passed within 2·T2
    expect(terminated()).toBe(true);
    expect(T4).toBeLessThan(2 * T2);
  });

  it('gives up waiting for the ACK after 64·T1 (Timer H)', () => {
    const { st, terminated } = inviteServer(false);
    st.respond(404);
    vi.advanceTimersByTime(64 * T1 - 1);
    expect(terminated()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(terminated()).toBe(true);
  });

  it('on a reliable transport sends the final once and ends at the ACK (Timer I = 0)', () => {
    const { ch, st, terminated } = inviteServer(true);
    st.respond(486);
    vi.advanceTimersByTime(10 * T1);
    expect(ch.sent).toHaveLength(1);
    st.receiveAck();
    expect(terminated()).toBe(true);
  });

  it('stays Accepted after a 2xx (RFC 6026): forwards further 2xx, absorbs INVITE retransmissions, ends after Timer L', () => {
    const { ch, st, terminated } = inviteServer(false);
    st.respond(200);
    st.receiveRequest();
    st.respond(200);
    expect(ch.lines()).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
    vi.advanceTimersByTime(64 * T1);
    expect(terminated()).toBe(true);
  });
});

describe('non-INVITE server transaction (§17.2.2)', () => {
  it('absorbs retransmissions while Trying, resends the final while Completed, ends after Timer J (64·T1) on UDP', () => {
    const { ch, st, terminated } = nonInviteServer(false);
    st.receiveRequest();
    expect(ch.sent).toHaveLength(0);
    st.respond(200);
    st.receiveRequest();
    expect(ch.lines()).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
    st.respond(500); // a second final is never sent
    expect(ch.sent).toHaveLength(2);
    vi.advanceTimersByTime(64 * T1 - 1);
    expect(terminated()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(terminated()).toBe(true);
  });

  it('ends at once on a reliable transport (Timer J = 0)', () => {
    const { st, terminated } = nonInviteServer(true);
    st.respond(200);
    expect(terminated()).toBe(true);
  });
});
